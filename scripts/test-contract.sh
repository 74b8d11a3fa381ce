#!/usr/bin/env bash
# The contract, tested as integrators use it, against a live server on each backend:
#  1. the Python SDK generated from openapi.yaml (openapi-python-client, pinned) generates without
#     warnings, imports, and lists, reads, ingests, uploads and downloads (scripts/contract/sdk_check.py);
#  2. the TypeScript types generate with openapi-typescript (the dashboard's own step);
#  3. schemathesis (pinned) runs every check on every operation with a bounded number of examples,
#     and must find nothing.
# Runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set. Python packages come from PyPI
# into a scratch virtualenv. Skips with a message when python3 -m venv is unavailable.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"

OPENAPI_PYTHON_CLIENT_VERSION=0.29.1
SCHEMATHESIS_VERSION=4.32.5
EXAMPLES="${KYC_CONTRACT_EXAMPLES:-15}"

if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  echo "skipped: contract tests need python3 with venv (apt-get install python3-venv)"
  exit 0
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "==> contract tools (openapi-python-client $OPENAPI_PYTHON_CLIENT_VERSION, schemathesis $SCHEMATHESIS_VERSION)"
if [ -n "${KYC_CONTRACT_VENV:-}" ]; then
  # A virtualenv kept between runs (development); CI builds a fresh one.
  ln -s "$KYC_CONTRACT_VENV" "$work/venv"
else
  python3 -m venv "$work/venv"
fi
"$work/venv/bin/pip" install --quiet --disable-pip-version-check \
  "openapi-python-client==$OPENAPI_PYTHON_CLIENT_VERSION" "schemathesis==$SCHEMATHESIS_VERSION" pyyaml httpx

echo "==> generating the Python SDK"
# No formatter runs after generation (its absence would be the only warning).
printf 'post_hooks: []\n' > "$work/sdk-config.yaml"
"$work/venv/bin/openapi-python-client" generate --path openapi.yaml --meta none --config "$work/sdk-config.yaml" \
  --output-path "$work/kyc_sdk" 2>&1 | tee "$work/generate.log"
if grep -qi "warning" "$work/generate.log"; then
  echo "openapi-python-client warned; every operation must generate cleanly" >&2
  exit 1
fi

if [ -d frontend/node_modules ]; then
  echo "==> generating the TypeScript types"
  (cd frontend && npx openapi-typescript ../openapi.yaml -o "$work/schema.ts" >/dev/null)
fi

cargo build --quiet -p kyc-server
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
server="$target_dir/debug/kyc-server"

run_against() {
  local backend="$1" database_url="$2"
  local data="$work/data-$backend" port
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  export KYC_DATA_DIR="$data" DATABASE_URL="$database_url" KYC_BIND="127.0.0.1:$port" KYC_EXPENSIVE_BURST=100000
  "$server" migrate >/dev/null
  "$server" demo > "$work/demo-$backend.txt"
  RUST_LOG=info "$server" serve > "$work/server-$backend.log" 2>&1 &
  server_pid=$!
  local base="http://127.0.0.1:$port"
  for _ in $(seq 1 50); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

  echo "==> [$backend] the generated SDK against $base"
  "$work/venv/bin/python" scripts/contract/sdk_check.py "$work/kyc_sdk" "$base" demo-bank-server \
    "$(sed -n 's/.*client_id=demo-bank-server client_secret=\([^ ]*\).*/\1/p' "$work/demo-$backend.txt")" openapi.yaml

  local token cursor
  token="$("$server" token --email admin@demo.test)"
  cursor="$(curl -fsS -H "Authorization: Bearer $token" "$base/api/v1/sessions?limit=1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["next_cursor"])')"
  # The company's extra-field definitions decide which field names an ingest may send; the
  # document states what holds for every company, so the run uses a company without definitions.
  curl -fsS -H "Authorization: Bearer $token" "$base/api/v1/settings" \
    | python3 -c 'import json, sys; s = json.load(sys.stdin); s["extra_fields"] = []; print(json.dumps(s))' \
    | curl -fsS -X PUT -H "Authorization: Bearer $token" -H 'content-type: application/json' --data @- \
      "$base/api/v1/settings" >/dev/null
  # Settings change what a valid ingest is (required extra fields, say), so they are tested in a
  # pass of their own, after every other operation has run against the demo's settings.
  local pass
  for pass in "--exclude-operation-id update_settings" "--include-operation-id update_settings"; do
    echo "==> [$backend] schemathesis ($pass), --checks all, $EXAMPLES examples per operation"
    # shellcheck disable=SC2086 # the pass is two words on purpose
    (cd "$work" && KYC_CONTRACT_SESSION_CURSOR="$cursor" "$work/venv/bin/schemathesis" \
      --config-file "$repo/scripts/contract/schemathesis.toml" run "$base/api/v1/openapi.json" --url "$base" \
      -H "Authorization: Bearer $token" --checks all --max-examples "$EXAMPLES" $pass \
      --phases examples,coverage,fuzzing --workers 2 --request-timeout 20 \
      --suppress-health-check all --generation-deterministic --no-color) || {
        echo "schemathesis found failures on $backend" >&2; exit 1; }
  done

  if ! grep -q '"GET /api/v1/sessions' "$work/server-$backend.log"; then
    echo "the access log does not name the method" >&2; exit 1
  fi
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
}

run_against sqlite "$work/data-sqlite/kyc.sqlite"
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  name="kyc_contract_$$"
  psql "$TEST_DATABASE_URL" -qc "CREATE DATABASE $name" >/dev/null
  run_against postgres "${TEST_DATABASE_URL%/*}/$name"
  psql "$TEST_DATABASE_URL" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
fi
echo "contract tests passed"
