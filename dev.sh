#!/usr/bin/env bash
# The two developer commands of evidencekit (see README.md, "For developers"):
#
#   ./dev.sh run [ARGS...]   set everything up, then start the app (`evidencekit ARGS...`)
#   ./dev.sh test [PYTEST_OPTIONS...]
#                            set everything up, then run the whole check: ruff, mypy, the import
#                            contracts, the packaging metadata, the core tests in a venv WITHOUT Qt,
#                            then every other test with Qt
#
# Works on a fresh Debian machine with only Python >= 3.11 and root. Setup is idempotent and quick on a
# second run: apt is skipped when every package is present, pip when pyproject.toml/setup.py are unchanged.
# .ci/run calls `./dev.sh test`, so CI runs exactly what the README tells people to run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

VENV="$ROOT/.venv"            # the app, its dev tools and Qt
CORE_VENV="$ROOT/.venv-core"  # the same project without PySide6: proves the core needs no Qt
SETUP_REVISION=1              # bump to force every venv to reinstall after changing the steps below

# Debian packages the app needs to show its window (Qt xcb platform plugin, fonts, D-Bus, keyring).
RUN_APT_PACKAGES=(
  libgl1 libegl1 libfontconfig1 libglib2.0-0 libdbus-1-3 libxkbcommon0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxkbcommon-x11-0 libxcb-randr0
  libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-xkb1 fonts-dejavu-core
  libwayland-client0 libwayland-cursor0 libwayland-egl1   # Qt's wayland platform plugin; output listing
  dbus gnome-keyring
  tesseract-ocr-eng tesseract-ocr-spa  # OCR language data (the engine comes with the tesserocr wheel)
)
# ...and what the tests need on top: an X server (xfonts-base: the core fonts test windows draw with;
# apt only recommends it, and recommends are not installed), PDF and image tools.
TEST_APT_PACKAGES=(
  xvfb xauth xfonts-base dbus-x11 x11-utils xdotool scrot imagemagick poppler-utils qpdf
  gettext                              # msgfmt: the guidance translation catalogues
  age                                  # an examiner decrypts an object with the standard age tool
  appstream desktop-file-utils         # appstreamcli / desktop-file-validate on packaging/ files
  librsvg2-bin                         # rsvg-convert: the app icon's PNG sizes
  flameshot                            # a baseline that bench/capture.py measures against
  strace                               # the GUI privacy test watches every file the app opens
  # a headless Wayland desktop with the Screenshot portal (tests/support/wayland_session.py); grim is what
  # the wlr portal runs, swaybg draws sway's background, gdbus (libglib2.0-bin) is for debugging it by hand
  sway swaybg grim xdg-desktop-portal xdg-desktop-portal-wlr xdg-desktop-portal-gtk pipewire wireplumber
  libglib2.0-bin util-linux
  fusefat dosfstools fuse3             # a FAT "USB stick" through FUSE: exports without O_TMPFILE or hard links
  exfat-fuse exfatprogs                # an exFAT stick (loop device + FUSE): the store's crash and tamper tests on it
  libguestfs-tools                     # guestmount: a FAT32 stick mounted by the Linux kernel's vfat driver in a
                                       # small qemu appliance (this kernel has no vfat): the store tests on it
  tesseract-ocr                        # the tesseract command: bench/ocr.py's baseline (binary through a pipe)
)
# Distribution names pip must never put into the core venv (normalised: lower case, '-' separators).
QT_DISTRIBUTIONS="pyside6 pyside6-essentials pyside6-addons shiboken6 pytest-qt"

if [[ -t 1 ]]; then BOLD=$'\033[1m' PLAIN=$'\033[0m'; else BOLD="" PLAIN=""; fi
say() { printf '%s==> %s%s\n' "$BOLD" "$*" "$PLAIN"; }
warn() { printf 'dev.sh: %s\n' "$*" >&2; }
die() { warn "$*"; exit 2; }

usage() {
  cat <<'EOF'
Usage:
  ./dev.sh run [ARGS...]            set up, then start evidencekit (no ARGS: the window)
  ./dev.sh test [PYTEST_OPTIONS...] set up, then run ruff, mypy and every test (options go to pytest)
EOF
}

# --- Python -------------------------------------------------------------------------------------------

find_python() {
  local candidate
  for candidate in ${PYTHON:-} python3.11 python3 python3.12 python3.13; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
      command -v "$candidate"
      return 0
    fi
  done
  die "Python 3.11 or newer is needed; install it (Debian: apt-get install python3) and run this again."
}

# --- Debian packages ----------------------------------------------------------------------------------

missing_apt_packages() {
  # Print the packages of "$@" that dpkg does not list as installed.
  local installed
  installed="$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "$@" 2>/dev/null |
    awk '$2 == "ii" { print $1 }' || true)"
  local package
  for package in "$@"; do
    grep -qx -- "$package" <<<"$installed" || echo "$package"
  done
}

ensure_apt_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    warn "not a Debian-like system; make sure these are installed: $*"
    return 0
  fi
  local missing
  mapfile -t missing < <(missing_apt_packages "$@")
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ $(id -u) -ne 0 ]]; then
    warn "missing Debian packages (run as root to install them, or: sudo apt-get install ${missing[*]})"
    return 0
  fi
  say "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# --- virtual environments -----------------------------------------------------------------------------

setup_stamp() {
  # What a venv's installed state depends on; a different value means pip must run again.
  local python="$1" kind="$2"
  {
    echo "revision=$SETUP_REVISION kind=$kind"
    "$python" -c 'import sys; print(sys.version)'
    local file
    for file in pyproject.toml setup.py setup.cfg; do
      if [[ -f "$file" ]]; then sha256sum "$file"; fi
    done
  } | sha256sum | cut -d' ' -f1
}

make_venv() {
  # Create (or repair) a venv at $1 with the Python at $2; prints nothing when it is already usable.
  local venv="$1" python="$2"
  if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c 'import pip' >/dev/null 2>&1; then
    return 0
  fi
  say "creating $(basename "$venv") with $("$python" --version)"
  rm -rf "$venv"
  if ! "$python" -c 'import ensurepip' >/dev/null 2>&1; then
    # Debian's own python3 ships venv support separately.
    ensure_apt_packages python3-venv
  fi
  "$python" -m venv "$venv"
}

pip_install() {
  local venv="$1"
  shift
  PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 "$venv/bin/python" -m pip install --quiet "$@"
}

core_requirements() {
  # The project's dependencies and dev extras from pyproject.toml, minus the Qt ones.
  "$1" - "$QT_DISTRIBUTIONS" <<'EOF'
import re
import sys
import tomllib

qt = set(sys.argv[1].split())
with open("pyproject.toml", "rb") as file:
    project = tomllib.load(file)["project"]
for requirement in project["dependencies"] + project.get("optional-dependencies", {}).get("dev", []):
    name = re.split(r"[\s<>=!~;\[(@]", requirement, maxsplit=1)[0]
    if re.sub(r"[-_.]+", "-", name).lower() not in qt:
        print(requirement)
EOF
}

setup_venv() {
  local python="$1" stamp
  make_venv "$VENV" "$python"
  stamp="$(setup_stamp "$VENV/bin/python" full)"
  [[ -f "$VENV/.dev-sh-stamp" && "$(cat "$VENV/.dev-sh-stamp")" == "$stamp" ]] && return 0
  say "pip install -e '.[dev]' into .venv"
  pip_install "$VENV" -e '.[dev]'
  echo "$stamp" >"$VENV/.dev-sh-stamp"
}

setup_core_venv() {
  local python="$1" stamp
  make_venv "$CORE_VENV" "$python"
  stamp="$(setup_stamp "$CORE_VENV/bin/python" core)"
  [[ -f "$CORE_VENV/.dev-sh-stamp" && "$(cat "$CORE_VENV/.dev-sh-stamp")" == "$stamp" ]] && return 0
  say "pip install the project without Qt into .venv-core"
  core_requirements "$CORE_VENV/bin/python" >"$CORE_VENV/core-requirements.txt"
  # --no-warn-conflicts: pip would otherwise report, as an ERROR, the PySide6 left out on purpose.
  pip_install "$CORE_VENV" --no-warn-conflicts -r "$CORE_VENV/core-requirements.txt"
  pip_install "$CORE_VENV" --no-warn-conflicts --no-deps -e .
  if "$CORE_VENV/bin/python" -c 'import importlib.util as u, sys; sys.exit(u.find_spec("PySide6") is None)'; then
    die "a dependency pulled PySide6 into .venv-core; the core test run would no longer prove anything."
  fi
  echo "$stamp" >"$CORE_VENV/.dev-sh-stamp"
}

with_setup_lock() {
  # Two dev.sh runs in the same checkout must not run apt or pip at the same time.
  local lock="${TMPDIR:-/tmp}/evidencekit-dev-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12).lock"
  exec 9>"$lock"
  flock 9
  "$@"
  flock -u 9
}

# --- commands -----------------------------------------------------------------------------------------

setup_for_run() {
  ensure_apt_packages "${RUN_APT_PACKAGES[@]}"
  setup_venv "$(find_python)"
}

setup_for_test() {
  local python
  python="$(find_python)"
  ensure_apt_packages "${RUN_APT_PACKAGES[@]}" "${TEST_APT_PACKAGES[@]}"
  setup_venv "$python"
  setup_core_venv "$python"
}

cmd_run() {
  with_setup_lock setup_for_run
  if [[ $# -eq 0 || " $* " == *" --self-test "* ]]; then
    if ! "$VENV/bin/python" -c 'import importlib.util as u, sys; sys.exit(u.find_spec("evidencekit.gui.app") is None)'; then
      echo "The evidencekit window is not built yet; here is what the command line can do already:"
      exec "$VENV/bin/evidencekit" --help
    fi
    if [[ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ]]; then
      if [[ $# -eq 0 ]]; then
        die "no desktop display here (DISPLAY and WAYLAND_DISPLAY are empty); start it from a desktop session."
      fi
      export QT_QPA_PLATFORM=offscreen  # --self-test needs no screen
    fi
  fi
  exec "$VENV/bin/evidencekit" "$@"
}

COVERAGE_DIR="$ROOT/.coverage-data"

test_workers() {
  # One pytest-xdist worker per core, at most 4 (each may start an X server, a keyring or a compositor).
  local cores
  cores="$(nproc 2>/dev/null || echo 1)"
  echo $((cores > 4 ? 4 : cores))
}

stall_tests() {
  # $1: how many options `./dev.sh test` was given; the rest: the pytest command. Those options may select
  # none of the stall tests (pytest's exit 5): fine then, but with no options that is a failure.
  local user_options="$1" status=0
  shift
  "$@" || status=$?
  if [[ $status -eq 5 && $user_options -gt 0 ]]; then return 0; fi
  return "$status"
}

# --- quick checks (each a few seconds) ----------------------------------------------------------------

check_packaging_metadata() {
  # What software centres and Flathub read: the AppStream file without a single remark (--strict fails on
  # infos too), and the desktop entry without a warning (desktop-file-validate exits 0 on warnings).
  local app_id="org.evidencekit.EvidenceKit" output status=0
  appstreamcli validate --strict --no-net "packaging/$app_id.metainfo.xml" || status=1
  output="$(desktop-file-validate "packaging/$app_id.desktop" 2>&1)" || status=1
  if [[ -n "$output" ]]; then
    printf '%s\n' "$output" >&2
    status=1
  fi
  return "$status"
}

STAGE_RESULTS=()
FAILED=0

stage() {
  # Run one check, time it, remember the outcome; keep going so every problem shows up in one run.
  local name="$1" started status=0
  shift
  say "$name"
  started=$SECONDS
  "$@" || status=$?
  if [[ $status -eq 0 ]]; then
    STAGE_RESULTS+=("ok      $name ($((SECONDS - started)) s)")
  else
    STAGE_RESULTS+=("FAILED  $name ($((SECONDS - started)) s, exit $status)")
    FAILED=1
  fi
}

cmd_test() {
  local started=$SECONDS
  # Not a `stage`: inside `cmd || ...` bash ignores `set -e`, and a half-done setup must stop here.
  with_setup_lock setup_for_test
  STAGE_RESULTS+=("ok      setup: apt, .venv, .venv-core ($((SECONDS - started)) s)")
  stage "ruff check ." "$VENV/bin/ruff" check .
  stage "mypy (evidencekit/, the window included)" "$VENV/bin/mypy"
  stage "import-linter: the layers, and only evidencekit.gui imports Qt" "$VENV/bin/lint-imports" --no-cache
  stage "packaging metadata: appstreamcli validate --strict, desktop-file-validate" check_packaging_metadata
  stage "Flatpak python3-deps.json matches pyproject.toml" "$VENV/bin/python" packaging/flatpak/python_deps.py check
  # Every test runs exactly once, on every core (pytest-xdist), and coverage is measured into one data
  # file across both venvs (subprocesses included: [tool.coverage.run] in pyproject.toml). The tests that
  # measure the event loop's stalls run afterwards on their own, without coverage: another test on the
  # other core, or tracing, would be measured as a stall of ours.
  # pytest exits 5 when it collects nothing: that counts as a failure here like every other non-zero.
  local workers qt_platform="${QT_QPA_PLATFORM:-offscreen}"
  workers="$(test_workers)"
  rm -rf "$COVERAGE_DIR" && mkdir -p "$COVERAGE_DIR"
  export COVERAGE_FILE="$COVERAGE_DIR/coverage"
  stage "core tests without Qt (.venv-core, $workers workers)" \
    "$CORE_VENV/bin/python" -m pytest -n "$workers" --cov --cov-report= tests/core "$@"
  stage "the rest of the suite with Qt (.venv, $workers workers, QT_QPA_PLATFORM=$qt_platform)" \
    env QT_QPA_PLATFORM="$qt_platform" "$VENV/bin/python" -m pytest -n "$workers" --cov --cov-append \
    --cov-report= -m "not stall" --ignore=tests/core "$@"
  stage "event-loop stall tests, alone (.venv)" \
    stall_tests "$#" env QT_QPA_PLATFORM="$qt_platform" "$VENV/bin/python" -m pytest -p no:cov -m stall "$@"
  stage "coverage of evidencekit/ (every stage above, command-line subprocesses included)" \
    "$VENV/bin/python" -m coverage report --sort=cover
  # What a user installs: the wheel in a fresh venv (not editable), run from an empty folder: --version,
  # guidance, demo + verify, and the window's offscreen self-test.
  stage "the installed wheel in a fresh venv (scripts/wheel-smoke.sh)" bash scripts/wheel-smoke.sh
  echo
  say "dev.sh test summary ($((SECONDS - started)) s in all)"
  printf '    %s\n' "${STAGE_RESULTS[@]}"
  exit "$FAILED"
}

case "${1:-}" in
  run) shift; cmd_run "$@" ;;
  test) shift; cmd_test "$@" ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
