#!/usr/bin/env bash
# Refresh the vendored uap-core user-agent regexes from the npm package `uap-core`.
#
# Usage: scripts/refresh-uap-core.sh [VERSION]   (default: the newest published version)
#
# Writes backend/domain/data/uap-core/{regexes.yaml,LICENSE,VERSION} and prints the new
# version and SHA-256 so the README next to the data can be updated in the same commit.
# After a refresh, run `cargo test -p kyc-domain` and review the user-agent table tests:
# a new data version may rename families (the summary stores the data version for this).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$repo_root/backend/domain/data/uap-core"
requested="${1:-latest}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "uap-core@$requested" >/dev/null)
tar -xzf "$work"/uap-core-*.tgz -C "$work"

version="$(node -p "require('$work/package/package.json').version")"
for file in regexes.yaml LICENSE; do
    if [[ ! -s "$work/package/$file" ]]; then
        echo "uap-core $version has no $file; nothing changed" >&2
        exit 1
    fi
done

mkdir -p "$target"
cp "$work/package/regexes.yaml" "$target/regexes.yaml"
cp "$work/package/LICENSE" "$target/LICENSE"
printf '%s\n' "$version" > "$target/VERSION"

echo "uap-core $version"
(cd "$target" && sha256sum regexes.yaml)
echo "Update $target/README.md with this version and hash."
