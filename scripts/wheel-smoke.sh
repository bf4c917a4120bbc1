#!/usr/bin/env bash
# Build evidencekit's wheel from this checkout and prove the INSTALLED app works without the source tree:
# a fresh virtual environment (not editable), run from an empty folder, with its own EVIDENCEKIT_HOME.
#
#   scripts/wheel-smoke.sh            build, install, check; prints timings; exit 0 only if every check passed
#   KEEP=1 scripts/wheel-smoke.sh     keep the work folder (wheel, venv, demo PDF) and print where it is
#
# It builds from a copy of the files git sees (tracked + untracked, minus .gitignore), so stale build/
# leftovers in the checkout can never leak into the wheel. pip's cache is reused, so a second run
# installs the dependencies from disk.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/evidencekit-wheel-smoke.XXXXXX")"
if [[ -n "${KEEP:-}" ]]; then
  trap 'echo "wheel-smoke: work folder kept at $WORK"' EXIT
else
  trap 'rm -rf "$WORK"' EXIT
fi

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
STARTED=$SECONDS
step_started=$SECONDS
TIMINGS=()
say() { printf '==> %s\n' "$*"; }
fail() { printf 'wheel-smoke: FAILED: %s\n' "$*" >&2; exit 1; }
timed() { TIMINGS+=("$(printf '%-34s %4d s' "$1" $((SECONDS - step_started)))"); step_started=$SECONDS; }
# pip in a venv: quiet, minus the noise of this machine's local index layout.
pip_in() { local venv="$1"; shift; "$venv/bin/python" -m pip "$@" 2> >(grep -v 'is ignored: it is neither' >&2); }

# --- build ---------------------------------------------------------------------------------------------
say "copying the checkout (files git sees) to $WORK/src"
mkdir -p "$WORK/src" "$WORK/dist" "$WORK/run" "$WORK/home"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard |
  xargs -0 -I{} sh -c 'test -e "$1" && printf "%s\0" "$1"' _ {} |
  tar --null -T - -cf -) | tar -xf - -C "$WORK/src"

say "building the wheel"
# One venv serves both: `pip wheel` builds in its own isolated environment and installs nothing here.
"$PYTHON" -m venv "$WORK/venv"
pip_in "$WORK/venv" wheel --quiet --no-deps --wheel-dir "$WORK/dist" "$WORK/src"
WHEEL="$(ls "$WORK"/dist/evidencekit-*.whl)"
timed "build wheel"

say "checking the wheel holds every file of resources/"
"$WORK/venv/bin/python" - "$WHEEL" "$WORK/src/resources" <<'PY'
import sys
import zipfile
from pathlib import Path

wheel, resources = Path(sys.argv[1]), Path(sys.argv[2])
names = set(zipfile.ZipFile(wheel).namelist())
expected = {f"evidencekit/resources/{p.relative_to(resources).as_posix()}" for p in resources.rglob("*") if p.is_file()}
missing = sorted(expected - names)
if not expected:
    sys.exit("resources/ is empty in the checkout copy")
if missing:
    sys.exit("missing from the wheel: " + ", ".join(missing))
stray = sorted(n for n in names if n.startswith(("tests/", "resources/", "packaging/", "scripts/")))
if stray:
    sys.exit("files outside the package leaked into the wheel: " + ", ".join(stray))
print(f"    {len(expected)} resource files present, {wheel.stat().st_size / 1e6:.2f} MB wheel")
PY

# --- install -------------------------------------------------------------------------------------------
say "installing it into the fresh virtual environment"
pip_in "$WORK/venv" install --quiet --no-compile "$WHEEL"
timed "pip install (deps from cache)"

# --- run the installed app from an empty folder ---------------------------------------------------------
cd "$WORK/run"
unset PYTHONPATH
export EVIDENCEKIT_HOME="$WORK/home"
APP="$WORK/venv/bin/evidencekit"

say "evidencekit --version"
version="$("$APP" --version)" || fail "--version exited non-zero"
expected_version="evidencekit $(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$WORK/src/evidencekit/__init__.py")"
[[ "$version" == "$expected_version" ]] || fail "--version printed '$version', expected '$expected_version'"
echo "    $version"

say "the installed package finds its resources inside site-packages"
"$WORK/venv/bin/python" - "$WORK/venv" <<'PY'
import sys
from pathlib import Path

import evidencekit
from evidencekit.paths import resources_dir

venv = Path(sys.argv[1]).resolve()
package = Path(evidencekit.__file__).resolve().parent
found = resources_dir().resolve()
if not package.is_relative_to(venv):
    sys.exit(f"imported evidencekit from {package}, not from the fresh venv")
if found != package / "resources":
    sys.exit(f"resources_dir() is {found}, expected {package / 'resources'}")
print(f"    {found}")
PY

say "evidencekit guidance --platform facebook --country GB"
"$APP" guidance --platform facebook --country GB >"$WORK/guidance.txt" || fail "guidance exited non-zero"
grep -qi facebook "$WORK/guidance.txt" || fail "guidance output does not mention Facebook"
echo "    $(wc -l <"$WORK/guidance.txt") lines"

say "evidencekit demo demo.pdf"
"$APP" demo "$WORK/run/demo.pdf" >"$WORK/demo.log" || { cat "$WORK/demo.log"; fail "demo exited non-zero"; }
[[ "$(head -c 5 "$WORK/run/demo.pdf")" == "%PDF-" ]] || fail "demo.pdf is not a PDF"
if command -v pdfinfo >/dev/null 2>&1; then
  pages="$(pdfinfo "$WORK/run/demo.pdf" | awk '/^Pages:/ { print $2 }')"
  [[ "${pages:-0}" -ge 1 ]] || fail "pdfinfo finds no pages in demo.pdf"
  echo "    $pages pages, $(stat -c %s "$WORK/run/demo.pdf") bytes"
fi
timed "version, guidance, demo"

say "evidencekit verify demo.pdf (signature, attachments, custody chain)"
"$APP" verify "$WORK/run/demo.pdf" >"$WORK/verify.log" || { cat "$WORK/verify.log"; fail "verify of the demo bundle failed"; }
grep -E '^Verdict' "$WORK/verify.log" | sed 's/^/    /' || true

say "evidencekit with no display (DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM unset): one sentence, exit 2"
status=0
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$APP" >"$WORK/no-display.out" 2>"$WORK/no-display.err" || status=$?
[[ $status -eq 2 ]] || { cat "$WORK/no-display.err"; fail "with no display the window exited $status, expected 2"; }
[[ "$(wc -l <"$WORK/no-display.err")" -eq 1 ]] || { cat "$WORK/no-display.err"; fail "expected one sentence"; }
grep -q 'no desktop display' "$WORK/no-display.err" || { cat "$WORK/no-display.err"; fail "the sentence does not say what is missing"; }
echo "    $(cat "$WORK/no-display.err")"

say "QT_QPA_PLATFORM=offscreen evidencekit --self-test"
QT_QPA_PLATFORM=offscreen "$APP" --self-test || fail "--self-test exited non-zero"
timed "offscreen self-test"

echo
say "wheel smoke test passed ($((SECONDS - STARTED)) s in all)"
printf '    %s\n' "${TIMINGS[@]}"
