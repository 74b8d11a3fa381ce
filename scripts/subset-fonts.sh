#!/usr/bin/env bash
# Regenerates the subset DejaVu fonts that the PDF report embeds (backend/server/assets/fonts/).
#
# Source: Debian's fonts-dejavu-core (DejaVu 2.37). Needs pyftsubset from fonttools
# (`pip install fonttools`). The subset keeps Latin, Latin-1 and Latin Extended-A, Cyrillic,
# Georgian (Mkhedruli and Mtavruli), general punctuation, the euro and numero signs, and the
# arrows and check marks the report uses; everything else is dropped, which shrinks each face
# from about 700 KB to under 100 KB. genpdf embeds fonts whole, so this is what keeps a report small.
set -euo pipefail
cd "$(dirname "$0")/.."

source_dir="${DEJAVU_DIR:-/usr/share/fonts/truetype/dejavu}"
target_dir=backend/server/assets/fonts
unicodes="U+0020-007E,U+00A0-017F,U+0400-04FF,U+10A0-10FF,U+1C90-1CBF,U+2010-2027,U+2030-203A,U+20AC,U+2116,U+2192,U+2713,U+2717"

if ! command -v pyftsubset >/dev/null 2>&1; then
  echo "pyftsubset not found: pip install fonttools" >&2
  exit 1
fi
mkdir -p "$target_dir"
# Regular and bold only: the report uses no italics, and each embedded face costs render time.
for face in DejaVuSans DejaVuSans-Bold; do
  pyftsubset "$source_dir/$face.ttf" --unicodes="$unicodes" --layout-features='*' \
    --output-file="$target_dir/$face.ttf"
done
# Metrics for the MRZ, which prints in the PDF's built-in Courier (not embedded): printable ASCII.
pyftsubset "$source_dir/DejaVuSansMono.ttf" --unicodes="U+0020-007E" --layout-features='*' \
  --output-file="$target_dir/DejaVuSansMono.ttf"
cp /usr/share/doc/fonts-dejavu-core/copyright "$target_dir/LICENSE-DejaVu.txt" 2>/dev/null || true
ls -l "$target_dir"
