#!/usr/bin/env bash
# The hold-out evaluation of the screening engine (research-screening.md §5) over the reference
# data in ../shared/data/sanctions (relative to the repository root). Runs the example
# `eval_screening` of kyc-domain in release mode, prints the report and rewrites the generated
# section of docs/EVALUATION.md (the hand-written notes around it are kept).
#
# Usage: scripts/eval-screening.sh [extra arguments for the example, e.g. --scale 2000000]
#   SCREENING_DATA=path   another data folder (default ../shared/data/sanctions)
#
# Exits 0 with a "skipped" message when the data folder is absent.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
data="${SCREENING_DATA:-../shared/data/sanctions}"

if [[ ! -d "$data" ]]; then
  echo "skipped: $data not found"
  exit 0
fi

cargo run --release -q -p kyc-domain --example eval_screening -- "$data" --markdown docs/EVALUATION.md "$@"
