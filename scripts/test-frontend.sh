#!/usr/bin/env bash
# The dashboard's checks, in the order a reviewer would run them: install from the lockfile,
# refuse stale generated API types, typecheck, component tests, production build with its size
# budget, then the browser tests against a real kyc-server seeded with the demo data.
#
# Called by scripts/test.sh after the Rust tests. With CI=true a missing Chromium is an error;
# otherwise the browser tests are skipped with a message.
set -euo pipefail
cd "$(dirname "$0")/.."

JS_BUDGET_KB=200
export KYC_DEMO_PASSWORD="${KYC_DEMO_PASSWORD:-e2e-demo-password}"

# Node.js 20 or newer: the machine's own, or Node 20 from PyPI (scripts/node20.sh).
source scripts/node20.sh
if ! kyc_ensure_node20; then
  echo "test-frontend: Node.js 20 or newer is needed (found $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

cd frontend

echo "==> npm ci"
npm ci --no-audit --no-fund --loglevel=error

echo "==> generated API types are up to date with ../openapi.yaml"
if [ ! -f ../openapi.yaml ]; then
  echo "openapi.yaml is missing: run scripts/openapi.sh" >&2
  exit 1
fi
fresh_schema="$(mktemp "${TMPDIR:-/tmp}/schema.XXXXXX.ts")"
trap 'rm -f "$fresh_schema"' EXIT
npx --no-install openapi-typescript ../openapi.yaml --enum-values -o "$fresh_schema" --silent >/dev/null
if ! diff -q src/api/schema.ts "$fresh_schema" >/dev/null; then
  echo "frontend/src/api/schema.ts is stale: run 'npm run generate:api' in frontend/ and commit it" >&2
  diff -u src/api/schema.ts "$fresh_schema" | head -40 >&2 || true
  exit 1
fi

echo "==> typecheck"
npx --no-install tsc -p .

echo "==> component tests"
npx --no-install vitest run

echo "==> production build"
npx --no-install vite build --logLevel warn
js_bytes=0
for file in dist/assets/*.js; do js_bytes=$((js_bytes + $(gzip -9 -c "$file" | wc -c))); done
js_kb="$(awk "BEGIN { printf \"%.1f\", $js_bytes / 1024 }")"
echo "production JavaScript: ${js_kb} KB gzipped (budget ${JS_BUDGET_KB} KB)"
if [ "$js_bytes" -gt $((JS_BUDGET_KB * 1024)) ]; then
  echo "the production JavaScript is over its ${JS_BUDGET_KB} KB budget" >&2
  exit 1
fi
mkdir -p test-results
echo "{\"js_gzip_bytes\": $js_bytes}" > test-results/bundle.json

if [ ! -x /usr/bin/chromium ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "Chromium is missing at /usr/bin/chromium: install Debian's chromium package" >&2
    exit 1
  fi
  echo "SKIPPED browser tests: /usr/bin/chromium is missing (apt-get install chromium)"
  exit 0
fi

echo "==> kyc-server for the browser tests"
(cd .. && cargo build --quiet --locked -p kyc-server)
server=../target/debug/kyc-server
data_dir="$(mktemp -d "${TMPDIR:-/tmp}/kyc-e2e.XXXXXX")"
port="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
export KYC_DATA_DIR="$data_dir" KYC_BIND="127.0.0.1:$port" KYC_STATIC_DIR="$PWD/dist"
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$data_dir" "$fresh_schema"
}
trap stop_server EXIT

"$server" migrate >/dev/null
"$server" demo >/dev/null
"$server" serve >"$data_dir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
    "http://127.0.0.1:$port/healthz" && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "kyc-server did not start:" >&2
    cat "$data_dir/server.log" >&2
    exit 1
  fi
  sleep 0.1
done

echo "==> browser tests (Chromium, headless) against http://127.0.0.1:$port"
if ! KYC_BASE_URL="http://127.0.0.1:$port" npm run --silent e2e; then
  # The server logs requests and errors without personal data; its tail explains most failures.
  echo "==> the last lines of kyc-server's log" >&2
  tail -n 60 "$data_dir/server.log" >&2
  exit 1
fi
