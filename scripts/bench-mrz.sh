#!/usr/bin/env bash
# MRZ throughput, side by side in one run: our engine (criterion bench `mrz` of kyc-domain)
# and cheminfo/mrz 5 (npm package `mrz`, installed into a scratch folder outside the repo)
# on the same generated corpus. Prints both rates (MRZs per second, one core) and the ratio.
#
# Order: cheminfo, ours, cheminfo again; cheminfo's figure is the median of all its timed
# passes, ours is criterion's median, so slow drift on a shared machine hits both sides.
#
# Usage: scripts/bench-mrz.sh            (needs cargo, node and npm on PATH)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
corpus="$scratch/corpus.jsonl"

echo "== installing cheminfo/mrz 5 into a scratch folder"
(cd "$scratch" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund mrz@5 >/dev/null)
cheminfo_version="$(node -p "require('$scratch/node_modules/mrz/package.json').version")"

cat >"$scratch/cheminfo-bench.mjs" <<'JS'
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(process.argv[2] + '/');
const { parse } = require('mrz');
const corpus = readFileSync(process.argv[3], 'utf8').trim().split('\n').map((row) => JSON.parse(row));
const passes = Number(process.argv[4] ?? 5);
function pass() {
  let valid = 0;
  for (const lines of corpus) {
    try {
      if (parse(lines).valid) valid += 1;
    } catch {
      // A thrown structural error is a verdict too.
    }
  }
  return valid;
}
const valid = pass(); // warm-up pass, also counts verdicts
const rates = [];
for (let i = 0; i < passes; i += 1) {
  const start = process.hrtime.bigint();
  pass();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  rates.push(corpus.length / seconds);
}
console.log(JSON.stringify({ records: corpus.length, valid_percent: (100 * valid) / corpus.length, rates }));
JS

cd "$repo_root"
echo "== generating the corpus (criterion bench in test mode)"
MRZ_BENCH_CORPUS="$corpus" cargo bench -q -p kyc-domain --bench mrz -- --test >/dev/null

echo "== cheminfo/mrz $cheminfo_version, first half"
first="$(node "$scratch/cheminfo-bench.mjs" "$scratch" "$corpus" 5)"
echo "$first"

echo "== kyc-domain mrz (criterion)"
cargo bench -p kyc-domain --bench mrz -- --noplot mrz/

echo "== cheminfo/mrz $cheminfo_version, second half"
second="$(node "$scratch/cheminfo-bench.mjs" "$scratch" "$corpus" 5)"
echo "$second"

target_dir="$(cargo metadata --format-version 1 --no-deps | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s).target_directory))")"

node - "$target_dir" "$first" "$second" "$cheminfo_version" <<'JS'
const { readFileSync } = require('node:fs');
const [targetDir, first, second, version] = process.argv.slice(2);
const runs = [JSON.parse(first), JSON.parse(second)];
const records = runs[0].records;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const cheminfo = median(runs.flatMap((r) => r.rates));
const ours = (name) => {
  const estimates = JSON.parse(readFileSync(`${targetDir}/criterion/mrz/${name}/new/estimates.json`, 'utf8'));
  return records / (estimates.median.point_estimate / 1e9);
};
const rows = [
  ['check_lines (check + report)', 'check_and_report'],
  ['  + every string written out', 'check_and_record'],
  ['  + JSON body', 'check_and_json'],
  ['analyze (core only)', 'analyze_only'],
];
const fmt = (x) => Math.round(x).toLocaleString('en-US');
console.log('');
console.log(`corpus: ${records} MRZs; cheminfo/mrz ${version} finds ${runs[0].valid_percent.toFixed(1)} % valid`);
console.log(`cheminfo/mrz ${version} parse():           ${fmt(cheminfo).padStart(10)} MRZ/s (median of ${runs.flatMap((r) => r.rates).length} passes)`);
for (const [label, name] of rows) {
  const rate = ours(name);
  console.log(`kyc-domain ${label.padEnd(30)} ${fmt(rate).padStart(10)} MRZ/s (criterion median)  ratio ${(rate / cheminfo).toFixed(1)}x`);
}
JS
