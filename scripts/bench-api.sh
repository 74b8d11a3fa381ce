#!/usr/bin/env bash
# Load test of the session-details read (JWT check, scoped query, audit insert per view) with wrk,
# on a release kyc-server over the embedded SQLite demo database, both on 127.0.0.1.
#
# Usage: scripts/bench-api.sh [SECONDS] [CONNECTIONS]     (defaults: 15 s, 16 connections)
# Needs wrk (Debian package `wrk`) and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-15}"
connections="${2:-16}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

cargo build --release --quiet -p kyc-server
work="$(mktemp -d)"
port="$((20000 + RANDOM % 20000))"
export KYC_DATA_DIR="$work" KYC_BIND="127.0.0.1:$port" KYC_DEMO_PASSWORD="bench-password" RUST_LOG=warn
server=target/release/kyc-server
"$server" demo >/dev/null
"$server" serve &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do curl -sf "http://$KYC_BIND/healthz" >/dev/null && break; sleep 0.2; done

token="$("$server" token --email operator@demo.test)"
curl -sf -H "authorization: Bearer $token" "http://$KYC_BIND/api/v1/sessions?limit=100" \
  | grep -o '"id":"[0-9a-f-]\{36\}"' | cut -d'"' -f4 | sort -u > "$work/ids.txt"
echo "$token" > "$work/token.txt"
echo "sessions: $(wc -l < "$work/ids.txt"), $(nproc) cores, wrk -t2 -c$connections -d${duration}s"

cat > "$work/session.lua" <<'LUA'
local token = io.open(os.getenv("BENCH_DIR") .. "/token.txt"):read("*l")
local ids = {}
for line in io.lines(os.getenv("BENCH_DIR") .. "/ids.txt") do ids[#ids + 1] = line end
math.randomseed(os.time())
request = function()
  local id = ids[math.random(1, #ids)]
  return wrk.format("GET", "/api/v1/sessions/" .. id, { ["Authorization"] = "Bearer " .. token })
end
done = function(s, latency, requests)
  io.write(string.format("requests=%d rps=%.0f non2xx=%d errors=%d\n", s.requests,
    s.requests / (s.duration / 1e6), s.errors.status, s.errors.connect + s.errors.read + s.errors.timeout))
  for _, p in ipairs({50, 90, 99, 99.9}) do io.write(string.format("p%g=%.2fms ", p, latency:percentile(p) / 1000)) end
  io.write(string.format("max=%.2fms\n", latency.max / 1000))
end
LUA
export BENCH_DIR="$work"
echo "== warm-up (3 s)"
wrk -t2 -c"$connections" -d3s -s "$work/session.lua" "http://$KYC_BIND" >/dev/null
echo "== GET /api/v1/sessions/{id}"
wrk -t2 -c"$connections" -d"${duration}s" -s "$work/session.lua" "http://$KYC_BIND" | tail -2
