#!/usr/bin/env bash
# Render the app icon (resources/icons/org.evidencekit.EvidenceKit.svg, the only drawn source) into what
# the platforms want: evidencekit.ico for Windows (committed, used by the PyInstaller spec) and, on macOS
# only, evidencekit.icns via iconutil. PNG sizes go to build/icons/ (not committed; Linux uses the SVG).
# Needs rsvg-convert (Debian: librsvg2-bin) and ImageMagick for the .ico.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SVG="$ROOT/resources/icons/org.evidencekit.EvidenceKit.svg"
OUT="$ROOT/build/icons"
HERE="$ROOT/packaging/icons"
mkdir -p "$OUT"

for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert --width "$size" --height "$size" "$SVG" --output "$OUT/evidencekit-$size.png"
done
magick_cmd="$(command -v magick || command -v convert)"
"$magick_cmd" "$OUT"/evidencekit-{16,24,32,48,256}.png "$HERE/evidencekit.ico"
echo "wrote $HERE/evidencekit.ico ($(stat -c %s "$HERE/evidencekit.ico" 2>/dev/null || stat -f %z "$HERE/evidencekit.ico") bytes)"

if command -v iconutil >/dev/null 2>&1; then
  set_dir="$OUT/evidencekit.iconset"
  mkdir -p "$set_dir"
  for size in 16 32 128 256 512; do
    cp "$OUT/evidencekit-$size.png" "$set_dir/icon_${size}x${size}.png"
    double=$((size * 2))
    rsvg-convert --width "$double" --height "$double" "$SVG" --output "$set_dir/icon_${size}x${size}@2x.png"
  done
  iconutil --convert icns --output "$HERE/evidencekit.icns" "$set_dir"
  echo "wrote $HERE/evidencekit.icns"
fi
