"""A command-line run defers importing `inspect` (dataclasses only needs it for classes without a
docstring); whoever uses it later still gets the whole real module, and a capture never loads it.
argparse's help is as wide as it would be with shutil, which a command no longer imports for it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.bare_process  # what a process imports, without coverage's own imports

REPO = Path(__file__).resolve().parents[2]


def _run(code: str, env: dict[str, str] | None = None) -> str:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True,
                          cwd=REPO, env=env).stdout.strip()


def test_inspect_still_works_in_full_once_something_uses_it() -> None:
    out = _run("""
        import sys
        from evidencekit.cli import _defer_inspect
        _defer_inspect()
        import dataclasses
        import inspect
        assert "ast" not in sys.modules, "dataclasses loaded the real inspect"
        from inspect import signature
        print(signature(lambda a, b=2: a), inspect.isfunction(print), sys.modules["inspect"].getmodule(dataclasses))
        @dataclasses.dataclass
        class NoDoc:
            x: int
        print(NoDoc.__doc__)
    """)
    dataclasses_module = f"<module 'dataclasses' from '{__import__('dataclasses').__file__}'>"
    assert out.splitlines() == [f"(a, b=2) False {dataclasses_module}", "NoDoc(x: int)"]


def test_the_store_and_capture_modules_never_need_inspect() -> None:
    out = _run("""
        import sys
        from evidencekit.cli import _defer_inspect
        _defer_inspect()
        import evidencekit.cli.capture_cmd, evidencekit.capture.service, evidencekit.capture.backends
        import evidencekit.store.case, evidencekit.store.verify, evidencekit.capture.x11_backend
        print(type(sys.modules["inspect"]).__name__, "ast" in sys.modules)
    """)
    assert out == "DeferredInspect False"


def test_help_width_is_what_shutil_would_give() -> None:
    code = """
        import shutil
        from evidencekit.cli import _help_width
        print(_help_width(), shutil.get_terminal_size().columns - 2)
    """
    without_columns = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    for env in ({**without_columns, "COLUMNS": "57"}, {**without_columns, "COLUMNS": "junk"}, without_columns):
        mine, shutils = _run(code, env).split()
        assert mine == shutils, env.get("COLUMNS")


def test_building_and_using_a_command_parser_does_not_import_shutil() -> None:
    out = _run("""
        import sys
        from evidencekit.cli import build_parser
        args = build_parser("capture").parse_args(["capture", "abc", "--series", "3", "--interval", "1"])
        print(args.series, "shutil" in sys.modules)
    """)
    assert out == "3 False"
