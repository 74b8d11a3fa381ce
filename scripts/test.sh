#!/usr/bin/env bash
# Runs every test: the Rust workspace (unit, property and API integration tests on SQLite, and
# on PostgreSQL too when TEST_DATABASE_URL is set), the OpenAPI staleness check, the dashboard's
# component and end-to-end tests when Node is available, and the contract as integrators use it
# (the generated Python SDK and schemathesis against a live server; skipped without python3-venv,
# or with KYC_SKIP_CONTRACT=1 for a quick local run).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${TEST_DATABASE_URL:-}" ]; then
  echo "note: TEST_DATABASE_URL is not set; API tests run on SQLite only (PostgreSQL cases print 'skipped')"
fi

echo "==> Rust tests"
cargo test --workspace --locked

if [ -x scripts/test-frontend.sh ]; then
  echo "==> dashboard tests"
  scripts/test-frontend.sh
fi

if [ "${KYC_SKIP_CONTRACT:-}" != "1" ]; then
  echo "==> contract tests"
  scripts/test-contract.sh
fi
