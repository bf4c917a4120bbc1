"""The import-linter contracts in pyproject.toml ([tool.importlinter]), which `./dev.sh test` checks.

They only prove something if they cover every module and really break on a bad import: both are checked
here, the second on a small package laid out like evidencekit (lint-imports runs on it for real).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _config() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)["tool"]["importlinter"]


def _contract(contract_id: str) -> dict:
    return next(contract for contract in _config()["contracts"] if contract["id"] == contract_id)


def _top_level_modules() -> set[str]:
    package = ROOT / "evidencekit"
    names = {path.stem for path in package.glob("*.py") if path.stem != "__init__"}
    names |= {path.parent.name for path in package.glob("*/__init__.py")}
    return {f"evidencekit.{name}" for name in names}


def test_the_qt_contract_covers_every_module_outside_gui():
    listed = set(_contract("no-qt-outside-gui")["source_modules"])
    assert listed == _top_level_modules() - {"evidencekit.gui"}, (
        "add new top-level modules to the no-qt-outside-gui contract in pyproject.toml"
    )


def _lint_imports() -> str:
    found = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("lint-imports (import-linter) is not installed, and CI must run this check")
        pytest.skip("lint-imports is not installed (pip install -e '.[dev]')")
    return found


# What the real package does that the contracts allow: Qt in gui, gui above cli, the window opened lazily
# by the command line (the ignored imports: import-linter fails when an ignored import no longer exists).
KEEPS = {
    "evidencekit.gui.app": "import PySide6.QtWidgets\nimport shiboken6\nimport evidencekit.cli\n",
    "evidencekit.gui.platform_check": "import evidencekit.i18n\n",
    "evidencekit.cli": "def start():\n    import evidencekit.gui.platform_check\n    import evidencekit.gui.app\n",
    "evidencekit.cli.open_cmd": "def open_window():\n    import evidencekit.gui.app\n",
    "evidencekit.bundle.pdf": "import evidencekit.capture\nimport evidencekit.store\n",
    "evidencekit.capture.grab": "import evidencekit.store\n",
    "evidencekit.store.case": "import evidencekit.guidance\nimport evidencekit.fsio\n",
    "evidencekit.pending_exports": "from typing import TYPE_CHECKING\n"
                                   "if TYPE_CHECKING:\n    import evidencekit.bundle\n",
}


def _fake_package(folder: Path, imports: dict[str, str]) -> None:
    """evidencekit's top-level modules as empty files, what the real one does (KEEPS), and `imports`
    (module -> source) written over them."""
    for module in _top_level_modules() | {"evidencekit.gui", "evidencekit"}:
        parts = module.split(".")
        path = folder.joinpath(*parts, "__init__.py")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    for module, source in {**KEEPS, **imports}.items():
        path = folder.joinpath(*module.split("."), "__init__.py")
        if not path.exists():
            path = folder.joinpath(*module.split(".")).with_suffix(".py")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    (folder / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8")


def _run(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(folder)}
    return subprocess.run([_lint_imports(), "--no-cache"], cwd=folder, env=env, capture_output=True, text=True,
                          timeout=120, check=False)


def test_the_contracts_hold_on_a_package_that_keeps_them(tmp_path: Path):
    _fake_package(tmp_path, {})
    result = _run(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(("module", "source", "broken"), [
    ("evidencekit.store.case", "import PySide6.QtCore\n", "Only evidencekit.gui imports Qt"),
    ("evidencekit.fsio", "from shiboken6 import isValid\n", "Only evidencekit.gui imports Qt"),
    ("evidencekit.bundle.pdf", "import evidencekit.gui\n", "Layers"),
    ("evidencekit.store.case", "from evidencekit import bundle\n", "Layers"),
    ("evidencekit.guidance.load", "import evidencekit.capture\n", "Layers"),
])
def test_a_bad_import_breaks_a_contract(tmp_path: Path, module: str, source: str, broken: str):
    _fake_package(tmp_path, {module: source})
    result = _run(tmp_path)
    assert result.returncode != 0, result.stdout
    assert "Contracts: 1 kept, 1 broken." in result.stdout, result.stdout
    assert f"\n{broken}" in result.stdout.split("Broken contracts", 1)[1], result.stdout
