#!/usr/bin/env bash
# Writes openapi.yaml at the repository root from the server's code (utoipa).
# A test fails when the committed file is stale; the dashboard's types are generated from it.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet -p kyc-server -- openapi > openapi.yaml.tmp
mv openapi.yaml.tmp openapi.yaml
echo "openapi.yaml written"
if [ -f frontend/package.json ] && [ -d frontend/node_modules ]; then
  (cd frontend && npm run --silent generate:api) && echo "frontend/src/api/schema.ts regenerated"
fi
