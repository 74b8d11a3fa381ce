#!/usr/bin/env bash
# Load test of the audited session-details read against /healthz, side by side in one run, with
# wrk, on a release kyc-server over the demo data, both on 127.0.0.1.
#
# Usage: [DATABASE_URL=postgres://…] scripts/bench-api.sh [SECONDS] [CONNECTIONS]
#        (defaults: 10 s per run, 32 connections; without DATABASE_URL a fresh SQLite file)
# Runs /healthz and GET /api/v1/sessions/{id} alternately, twice each, then prints per run the
# requests/s, p50/p99 and non-2xx, the details/health ratio, the load average, and the audit
# count check: the events the runs added (from `kyc-server audit verify`) against the 2xx details
# reads wrk counted (one event per answered read; a few more may come from requests still in
# flight when wrk stopped), and whether every chain verifies.
# Needs wrk (Debian package `wrk`) and curl. On PostgreSQL the database is seeded with the demo
# data (idempotent) and its audit log grows; use a scratch database.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
connections="${2:-32}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

cargo build --release --quiet -p kyc-server
target_dir="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
server="$target_dir/release/kyc-server"
work="$(mktemp -d)"
port="$((20000 + RANDOM % 20000))"
export KYC_DATA_DIR="$work" KYC_BIND="127.0.0.1:$port" KYC_DEMO_PASSWORD="bench-password" RUST_LOG=warn
backend="sqlite"
case "${DATABASE_URL:-}" in postgres://* | postgresql://*) backend="postgres" ;; *) unset DATABASE_URL ;; esac
"$server" demo >/dev/null
"$server" serve &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -sf "http://$KYC_BIND/healthz" >/dev/null && break; sleep 0.2; done

token="$("$server" token --email operator@demo.test)"
curl -sf -H "authorization: Bearer $token" "http://$KYC_BIND/api/v1/sessions?limit=100" \
  | grep -o '"id":"[0-9a-f-]\{36\}"' | cut -d'"' -f4 | sort -u > "$work/ids.txt"
echo "$token" > "$work/token.txt"
echo "backend: $backend, sessions: $(wc -l < "$work/ids.txt"), $(nproc) cores, wrk -t2 -c$connections -d${duration}s per run"

cat > "$work/report.lua" <<'LUA'
done = function(s, latency, requests)
  io.write(string.format("requests=%d rps=%.0f non2xx=%d errors=%d p50=%.2fms p99=%.2fms\n", s.requests,
    s.requests / (s.duration / 1e6), s.errors.status, s.errors.connect + s.errors.read + s.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA
cat > "$work/session.lua" <<'LUA'
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
local token = io.open(os.getenv("BENCH_DIR") .. "/token.txt"):read("*l")
local ids = {}
for line in io.lines(os.getenv("BENCH_DIR") .. "/ids.txt") do ids[#ids + 1] = line end
math.randomseed(os.time())
request = function()
  local id = ids[math.random(1, #ids)]
  return wrk.format("GET", "/api/v1/sessions/" .. id, { ["Authorization"] = "Bearer " .. token })
end
LUA
export BENCH_DIR="$work"

audit_events() { "$server" audit verify | sed -n 's/^audit chain intact: \([0-9]*\) events.*/\1/p'; }
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" "$2"; }

wrk -t2 -c"$connections" -d3s -s "$work/session.lua" "http://$KYC_BIND" >/dev/null   # warm-up
events_before="$(audit_events)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in 1 2; do
  wrk -t2 -c"$connections" -d"${duration}s" -s "$work/report.lua" "http://$KYC_BIND/healthz" | tail -1 > "$work/health$round"
  echo "healthz  #$round: $(cat "$work/health$round")"
  wrk -t2 -c"$connections" -d"${duration}s" -s "$work/session.lua" "http://$KYC_BIND" | tail -1 > "$work/details$round"
  echo "details  #$round: $(cat "$work/details$round")"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
sleep 1
events_after="$(audit_events)"

health_rps="$(awk '{ s += $1 } END { print s / NR }' <(field rps "$work/health1"; field rps "$work/health2"))"
details_rps="$(awk '{ s += $1 } END { print s / NR }' <(field rps "$work/details1"; field rps "$work/details2"))"
answered=0
for round in 1 2; do
  answered=$((answered + $(field requests "$work/details$round") - $(field non2xx "$work/details$round")))
done
awk -v d="$details_rps" -v h="$health_rps" 'BEGIN { printf "ratio details/healthz: %.3f (%.0f / %.0f requests/s)\n", d / h, d, h }'
added=$((events_after - events_before))
echo "audit: $answered details reads answered 2xx, $added events added (audit verify passed)"
if [ "$added" -lt "$answered" ]; then
  echo "AUDIT COUNT MISMATCH: fewer events than answered reads" >&2
  exit 1
fi
