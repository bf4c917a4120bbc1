#!/usr/bin/env bash
# Build the one-folder evidencekit app with PyInstaller here (Linux), then run the BUILT app's checks: a
# scan that every bundled library finds its dependencies, --version, guidance, demo OUT.pdf, verify of
# that PDF, and the self-test offscreen and on a real X server (Xvfb, proving the xcb platform plugin).
#
#   packaging/build-pyinstaller.sh           -> dist/pyinstaller/evidencekit/evidencekit
#   FRESH=1 packaging/build-pyinstaller.sh   recreate the build venv first
#
# PyInstaller and the app's dependencies go into a separate venv (.venv-pyinstaller, never the dev venv);
# evidencekit itself is analysed from this checkout. Windows/macOS: see packaging/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
VENV="$ROOT/.venv-pyinstaller"
DIST="$ROOT/dist/pyinstaller"
WORKPATH="$ROOT/build/pyinstaller"
APP_DIR="$DIST/evidencekit"
APP="$APP_DIR/evidencekit"
PYINSTALLER_VERSION="${PYINSTALLER_VERSION:-6.*}"

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
STARTED=$SECONDS
step_started=$SECONDS
TIMINGS=()
say() { printf '==> %s\n' "$*"; }
fail() { printf 'build-pyinstaller: FAILED: %s\n' "$*" >&2; exit 1; }
timed() { TIMINGS+=("$(printf '%-30s %4d s' "$1" $((SECONDS - step_started)))"); step_started=$SECONDS; }
quiet_pip() { "$VENV/bin/python" -m pip install --quiet "$@" 2> >(grep -v 'is ignored: it is neither' >&2); }

cd "$ROOT"

# --- build venv ----------------------------------------------------------------------------------------
stamp="$(cat pyproject.toml packaging/build-pyinstaller.sh | sha256sum | cut -d' ' -f1)"
if [[ -n "${FRESH:-}" || ! -x "$VENV/bin/python" || "$(cat "$VENV/.stamp" 2>/dev/null)" != "$stamp" ]]; then
  say "creating $(basename "$VENV") with PyInstaller and the app's dependencies"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  # Installing the project pulls exactly its declared dependencies; the copy of evidencekit itself is then
  # removed so PyInstaller can only analyse the checkout (no stale installed copy can sneak in).
  quiet_pip "pyinstaller==$PYINSTALLER_VERSION" "$ROOT"
  "$VENV/bin/python" -m pip uninstall --quiet --yes evidencekit
  echo "$stamp" >"$VENV/.stamp"
fi
timed "build venv"

# --- build ---------------------------------------------------------------------------------------------
say "pyinstaller packaging/pyinstaller/evidencekit.spec"
rm -rf "$APP_DIR"
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$WORKPATH" packaging/pyinstaller/evidencekit.spec
[[ -x "$APP" ]] || fail "PyInstaller did not produce $APP"
timed "pyinstaller"

# --- checks on the built app ----------------------------------------------------------------------------
CHECK="$(mktemp -d "${TMPDIR:-/tmp}/evidencekit-frozen-check.XXXXXX")"
trap 'rm -rf "$CHECK"' EXIT
export EVIDENCEKIT_HOME="$CHECK/home"
cd "$CHECK"

say "every bundled library finds what it links against"
missing="$(find "$APP_DIR" -name '*.so*' -type f -print0 |
  xargs -0 -n 50 env LD_LIBRARY_PATH="$APP_DIR/_internal" ldd 2>/dev/null | grep 'not found' | sort -u || true)"
[[ -z "$missing" ]] || fail "unresolved libraries in the bundle:"$'\n'"$missing"

say "evidencekit --version"
version="$("$APP" --version)" || fail "--version exited non-zero"
expected="evidencekit $(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$ROOT/evidencekit/__init__.py")"
[[ "$version" == "$expected" ]] || fail "--version printed '$version', expected '$expected'"
echo "    $version"

say "evidencekit guidance --platform facebook --country GB"
"$APP" guidance --platform facebook --country GB >"$CHECK/guidance.txt" || fail "guidance exited non-zero"
grep -qi facebook "$CHECK/guidance.txt" || fail "guidance output does not mention Facebook"

say "evidencekit demo demo.pdf"
"$APP" demo "$CHECK/demo.pdf" >"$CHECK/demo.log" || { cat "$CHECK/demo.log"; fail "demo exited non-zero"; }
[[ "$(head -c 5 "$CHECK/demo.pdf")" == "%PDF-" ]] || fail "demo.pdf is not a PDF"
echo "    $(stat -c %s "$CHECK/demo.pdf") bytes"

say "evidencekit verify demo.pdf (signature, attachments, custody chain)"
"$APP" verify "$CHECK/demo.pdf" >"$CHECK/verify.log" || { cat "$CHECK/verify.log"; fail "verify of the demo bundle failed"; }
grep -E '^Verdict' "$CHECK/verify.log" | sed 's/^/    /' || true

say "evidencekit with no display: one sentence, exit 2 (not Qt's abort)"
status=0
no_display="$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$APP" 2>&1)" || status=$?
[[ $status -eq 2 && "$no_display" == *"no desktop display"* ]] ||
  fail "with no display the built app exited $status: $no_display"
echo "    $no_display"

say "QT_QPA_PLATFORM=offscreen evidencekit --self-test"
QT_QPA_PLATFORM=offscreen "$APP" --self-test || fail "offscreen --self-test exited non-zero"

if command -v xvfb-run >/dev/null 2>&1; then
  say "evidencekit --self-test on Xvfb (the xcb platform plugin)"
  QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" "$APP" --self-test ||
    fail "--self-test on Xvfb exited non-zero"
else
  say "xvfb-run not installed: skipping the xcb self-test"
fi
timed "checks on the built app"

size_mb="$(du -sm "$APP_DIR" | cut -f1)"
files="$(find "$APP_DIR" -type f | wc -l)"
echo
say "built $APP_DIR: ${size_mb} MB, $files files ($((SECONDS - STARTED)) s in all)"
printf '    %s\n' "${TIMINGS[@]}"
echo "    largest parts:"
du -sm "$APP_DIR"/_internal/* 2>/dev/null | sort -rn | head -8 | sed 's/^/      /'
