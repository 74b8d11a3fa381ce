#!/usr/bin/env bash
# Runs the product: builds the dashboard and the server (release), creates the embedded
# SQLite database under $KYC_DATA_DIR (default ./data), seeds the demo on first run and serves
# the API, its docs and the dashboard on http://127.0.0.1:8080 (KYC_BIND to change).
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/node20.sh
if kyc_ensure_node20 && command -v npm >/dev/null 2>&1; then
  if [ ! -f frontend/dist/index.html ] || [ -n "$(find frontend/src frontend/index.html frontend/package.json -newer frontend/dist/index.html 2>/dev/null | head -1)" ]; then
    echo "==> building the dashboard"
    (cd frontend && npm ci --no-audit --no-fund && npm run build)
  fi
else
  echo "no Node.js 20 and npm: serving the API without the dashboard" >&2
fi

echo "==> building kyc-server (release)"
cargo build --release -p kyc-server

export KYC_DATA_DIR="${KYC_DATA_DIR:-./data}"
export KYC_STATIC_DIR="${KYC_STATIC_DIR:-frontend/dist}"
# Where cargo put the binary: CARGO_TARGET_DIR, a cargo config's target-dir, or ./target.
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])' 2>/dev/null || echo "${CARGO_TARGET_DIR:-target}")"
server="$target_dir/release/kyc-server"
"$server" migrate
"$server" demo
echo "==> dashboard: http://${KYC_BIND:-127.0.0.1:8080}/   API docs: http://${KYC_BIND:-127.0.0.1:8080}/docs/"
exec "$server" serve
