#!/usr/bin/env bash
# Regenerate python3-deps.json, the Flatpak module holding evidencekit's Python dependencies (all but Qt:
# the PySide BaseApp provides PySide6). Run it after any change to the dependencies in pyproject.toml,
# then commit the JSON. It needs network access (pip resolves the dependencies), not flatpak:
# packaging/flatpak/python_deps.py says how. `./dev.sh test` checks the JSON against pyproject.toml.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
[[ -x "$PYTHON" ]] || PYTHON=python3
exec "$PYTHON" "$HERE/python_deps.py" generate
