"""argparse as every command uses it: help sized to the terminal, errors in one sentence with exit code 2.

Imported only when a parser is built: a plain `capture` is read without argparse (capture_cmd.fast_arguments).
"""

from __future__ import annotations

import argparse
from typing import Any

import evidencekit.cli as cli


class Formatter(argparse.HelpFormatter):
    """argparse's help layout, sized to the terminal without importing shutil.

    argparse builds a formatter for every option it registers and asks shutil for the terminal width
    each time; importing shutil (with bz2 and lzma) was about 1.5 ms of every command's start.
    """

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, cli._help_width() if width is None else width)


class Parser(argparse.ArgumentParser):
    """argparse that says what is wrong in one sentence and exits 2, as the rest of the CLI does."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        if cli._json_wanted:  # under --json even a mistyped option is JSON on stdout
            import json

            message = cli._without_json(message)
            error = {"error": f"{message} (see 'evidencekit --help')", "exit": 2}
            print(json.dumps(error, indent=2, ensure_ascii=False))
            self.exit(2)
        self.exit(2, f"evidencekit: {message} (see 'evidencekit --help')\n")
