#!/usr/bin/env bash
# Regenerate python3-deps.json, the Flatpak module holding evidencekit's Python dependencies (all but Qt:
# the PySide BaseApp provides PySide6). Run it on a release machine after any change to the dependencies
# in pyproject.toml, then commit the JSON. It needs flatpak with the SDK installed and network access:
#
#   flatpak install --user flathub org.kde.Sdk//6.10 io.qt.PySide.BaseApp//6.10
#   packaging/flatpak/generate-python-deps.sh
#
# flatpak-pip-generator resolves the dependency tree inside the SDK (its Python version) and pins every
# download by URL and SHA-256, so flatpak-builder later builds offline, as Flathub requires.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
RUNTIME="org.kde.Sdk//6.10"
# Packages with compiled code: take their manylinux wheels (x86_64 and aarch64) instead of building
# them from source in the sandbox (cryptography would need a Rust toolchain).
BINARY_WHEELS="cryptography,zlib-ng,pillow,cffi,lxml,charset-normalizer,aiohttp,frozenlist,multidict,propcache,yarl"
QT_DISTRIBUTIONS="pyside6 pyside6-essentials pyside6-addons shiboken6"

command -v flatpak >/dev/null || { echo "generate-python-deps: flatpak is not installed" >&2; exit 2; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

python3 - "$ROOT/pyproject.toml" "$QT_DISTRIBUTIONS" >"$WORK/requirements.txt" <<'PY'
import re
import sys
import tomllib

qt = set(sys.argv[2].split())
with open(sys.argv[1], "rb") as file:
    for requirement in tomllib.load(file)["project"]["dependencies"]:
        name = re.split(r"[\s<>=!~;\[(@]", requirement, maxsplit=1)[0]
        if re.sub(r"[-_.]+", "-", name).lower() not in qt:
            print(requirement)
PY

python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet flatpak-pip-generator
"$WORK/venv/bin/flatpak-pip-generator" --runtime "$RUNTIME" --prefer-wheels "$BINARY_WHEELS" \
  --requirements-file "$WORK/requirements.txt" --output "$HERE/python3-deps"
echo "wrote $HERE/python3-deps.json from:"
sed 's/^/    /' "$WORK/requirements.txt"
