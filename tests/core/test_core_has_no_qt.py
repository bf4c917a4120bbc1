"""The core (all of evidencekit outside evidencekit/gui) never imports Qt, checked two ways.

Statically, so a Qt import hidden in a function that no test calls is still caught; dynamically, so an
indirect import (core module -> gui module -> PySide6) is caught too. The dynamic check runs in a fresh
interpreter so nothing an earlier test imported can hide or fake a result.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import evidencekit

PACKAGE_DIR = Path(evidencekit.__file__).parent
GUI_DIR = PACKAGE_DIR / "gui"
QT_PACKAGES = frozenset({"PySide6", "PySide2", "PyQt6", "PyQt5", "shiboken6", "shiboken2", "qtpy", "sip"})
DYNAMIC_IMPORT_FUNCTIONS = frozenset({"import_module", "__import__", "find_spec"})


def qt_imports_in(source: str, filename: str = "<source>") -> list[tuple[int, str]]:
    """(line, module) of every Qt import in `source`: import statements and literal dynamic imports."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        modules: list[str] = []
        if not isinstance(node, ast.stmt | ast.expr):
            continue
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in DYNAMIC_IMPORT_FUNCTIONS and isinstance(node.args[0].value, str):
                modules = [node.args[0].value]
        found += [(node.lineno, module) for module in modules if module.split(".")[0] in QT_PACKAGES]
    return found


def core_source_files() -> list[Path]:
    return sorted(path for path in PACKAGE_DIR.rglob("*.py") if GUI_DIR not in path.parents)


def test_static_check_recognises_every_form_of_qt_import() -> None:
    source = (
        "import os\n"
        "import PySide6.QtWidgets\n"
        "from shiboken6 import isValid\n"
        "def later():\n"
        "    from PyQt6 import QtCore\n"
        "    importlib.import_module('PySide6.QtGui')\n"
        "from evidencekit.gui import app\n"
        "import PySide6_helpers\n"
    )
    assert qt_imports_in(source) == [(2, "PySide6.QtWidgets"), (3, "shiboken6"), (5, "PyQt6"),
                                     (6, "PySide6.QtGui")]


def test_no_core_source_file_imports_qt() -> None:
    files = core_source_files()
    assert PACKAGE_DIR / "errors.py" in files and not any(GUI_DIR in path.parents for path in files)
    offenders = [
        f"{path.relative_to(PACKAGE_DIR.parent)}:{line} imports {module}"
        for path in files
        for line, module in qt_imports_in(path.read_text(encoding="utf-8"), str(path))
    ]
    assert offenders == [], "only evidencekit/gui may import Qt:\n" + "\n".join(offenders)


IMPORT_EVERY_CORE_MODULE = """
import importlib, json, pkgutil, sys
import evidencekit

QT = set(sys.argv[1].split())

def core_modules(path, prefix):
    # pkgutil.walk_packages would import evidencekit.gui to look inside it; recurse by hand instead.
    for info in pkgutil.iter_modules(path, prefix):
        if info.name == "evidencekit.gui" or info.name.rsplit(".", 1)[-1] == "__main__":
            continue
        yield info.name
        if info.ispkg:
            yield from core_modules(importlib.import_module(info.name).__path__, info.name + ".")

imported, failed = [], {}
for name in core_modules(evidencekit.__path__, "evidencekit."):
    try:
        importlib.import_module(name)
        imported.append(name)
    except BaseException as exc:
        failed[name] = f"{type(exc).__name__}: {exc}"
qt = sorted(name for name in sys.modules if name.split(".")[0] in QT)
print(json.dumps({"imported": imported, "failed": failed, "qt": qt}))
"""


def test_importing_every_core_module_loads_no_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERY_CORE_MODULE, " ".join(sorted(QT_PACKAGES))],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["failed"] == {}, f"core modules that cannot be imported: {report['failed']}"
    assert {"evidencekit.errors", "evidencekit.cli", "evidencekit.cli.common"} <= set(report["imported"])
    assert not [name for name in report["imported"] if name.split(".")[:2] == ["evidencekit", "gui"]]
    assert report["qt"] == [], f"importing the core loaded Qt modules: {report['qt']}"
