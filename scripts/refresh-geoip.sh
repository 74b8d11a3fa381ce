#!/usr/bin/env bash
# Refresh the vendored IP-to-country database from the npm package
# `@ip-location-db/geo-whois-asn-country-mmdb`.
#
# Usage: scripts/refresh-geoip.sh [VERSION]   (default: the newest published version)
#
# Writes backend/server/data/geoip/{geo-whois-asn-country.mmdb,NRO_LICENSE,VERSION} and prints
# the new version and SHA-256 so the README next to the data can be updated in the same commit.
# After a refresh, run `cargo test -p kyc-server geoip`: the tests look a few well-known
# addresses up and fail if the file cannot be read or answers nothing.
set -euo pipefail

package="@ip-location-db/geo-whois-asn-country-mmdb"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$repo_root/backend/server/data/geoip"
requested="${1:-latest}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "$package@$requested" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work"

version="$(node -p "require('$work/package/package.json').version")"
licence="$(node -p "require('$work/package/package.json').license")"
for file in geo-whois-asn-country.mmdb NRO_LICENSE; do
    if [[ ! -s "$work/package/$file" ]]; then
        echo "$package $version has no $file; nothing changed" >&2
        exit 1
    fi
done

mkdir -p "$target"
cp "$work/package/geo-whois-asn-country.mmdb" "$target/geo-whois-asn-country.mmdb"
cp "$work/package/NRO_LICENSE" "$target/NRO_LICENSE"
printf '%s\n' "$version" > "$target/VERSION"

echo "$package $version (package licence $licence)"
(cd "$target" && sha256sum geo-whois-asn-country.mmdb)
echo "Update $target/README.md with this version and hash."
