"""The `evidencekit` command. With no arguments it starts the window; otherwise a subcommand.

Exit codes: 0 success, 1 failure (verification failed, wrong passphrase, ...), 2 unusable input.
Errors are one plain sentence on stderr, never a traceback. No Qt is imported unless the GUI starts.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from evidencekit import __version__
from evidencekit.leave import leave

if TYPE_CHECKING:
    import argparse

# Which module registers each command: only the one asked for is imported, so a capture starts fast.
COMMAND_MODULES = {
    "case": "case_cmd",
    "capture": "capture_cmd", "import": "capture_cmd", "exhibits": "capture_cmd", "exhibit": "capture_cmd",
    "export-original": "capture_cmd",
    "export": "bundle_cmd", "verify": "bundle_cmd", "demo": "bundle_cmd",
    "guidance": "guidance_cmd",
    "config": "config_cmd",
    "import-chat": "chat_cmd",
    "ocr": "ocr_cmd", "text": "ocr_cmd", "identifiers": "ocr_cmd",
    "timestamp": "timestamp_cmd",
    "open": "open_cmd",
}
_json_wanted = False  # --json is on the command line: errors, even argparse's, are JSON on stdout


def _help_width() -> int:
    """What argparse would use: shutil.get_terminal_size()'s columns ($COLUMNS, the terminal, else 80) minus 2."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return (columns or 80) - 2


def _without_json(message: str) -> str:
    """argparse's message without --json among the unrecognised arguments: where a command has no --json
    (or there is no command) it is what asked for this JSON, not the mistake to report."""
    prefix = "unrecognized arguments: "
    if not message.startswith(prefix):
        return message
    rest = [token for token in message[len(prefix):].split(" ") if token != "--json"]
    if not rest:
        return "--json needs a command, for example 'evidencekit case list --json'"
    return prefix + " ".join(rest)


def _first_command(argv: Sequence[str]) -> str | None:
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token == "--language":
            skip = True  # its value is not a command
        elif not token.startswith("-"):
            return token
    return None


def _interface_language(argv: Sequence[str]) -> str | None:
    """`--language LANG` given before the command: the language of the window and of every message.

    (After a command it belongs to that command: `export --language` is the bundle's language.)
    """
    for index, token in enumerate(argv):
        if not token.startswith("-"):
            return None
        if token == "--language" and index + 1 < len(argv):
            return argv[index + 1]
        if token.startswith("--language="):
            return token.partition("=")[2]
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser with every command, or with only `command`'s module when that is known."""
    from evidencekit.cli.parser import Parser

    parser = Parser(
        prog="evidencekit",
        description="Keep evidence of webcam blackmail safe, and make a PDF bundle the police can check.",
        epilog="Run with no command to open the window.",
    )
    parser.add_argument("--version", action="version", version=f"evidencekit {__version__}")
    parser.add_argument("--self-test", action="store_true", help="open the main window offscreen and close it")
    parser.add_argument("--language", metavar="LANG",
                        help="language of the window and the messages, e.g. es (default: the one chosen in the "
                             "window on this computer, else LANGUAGE/LANG; English if untranslated)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    if command in COMMAND_MODULES:
        module = importlib.import_module(f"evidencekit.cli.{COMMAND_MODULES[command]}")
        register_command = getattr(module, "register_command", None)  # only that command's parser, if offered
        if register_command is not None:
            register_command(sub, command)
        else:
            module.register(sub)
        return parser
    for name in sorted(set(COMMAND_MODULES.values())):
        importlib.import_module(f"evidencekit.cli.{name}").register(sub)
    return parser


def _plain_capture(argv: Sequence[str]) -> argparse.Namespace | None:
    """`capture` in a form read without argparse (capture_cmd.fast_arguments), else None: argparse reads it."""
    if not argv or argv[0] != "capture":
        return None
    from evidencekit.cli.capture_cmd import fast_arguments

    return fast_arguments(argv[1:])  # type: ignore[return-value]  # the same attributes as argparse's Namespace


def _start_gui(self_test: bool) -> int:
    if not self_test:  # the self-test runs offscreen: it needs no display
        from evidencekit.gui.platform_check import display_problem

        problem = display_problem()
        if problem is not None:  # Qt would abort (exit 134) with a misleading message: say what is wrong
            print(f"evidencekit: {problem}", file=sys.stderr)
            return 2
    try:
        from evidencekit.gui.app import run_gui
    except ImportError as exc:
        print(f"evidencekit: the window cannot start here ({exc}); the commands still work, "
              "see 'evidencekit --help'.", file=sys.stderr)
        return 2
    return run_gui(self_test=self_test)


def main(argv: Sequence[str] | None = None) -> int:
    global _json_wanted
    args_list = list(sys.argv[1:] if argv is None else argv)
    _json_wanted = "--json" in args_list
    from evidencekit.language_choice import choose_language

    choose_language(_interface_language(args_list))  # before the parser: its help is translated too
    args = _plain_capture(args_list)
    if args is None:
        args = build_parser(_first_command(args_list)).parse_args(args_list)
    if args.command is None:
        return _start_gui(args.self_test)
    from evidencekit.cli.common import run_handler

    return run_handler(args.handler, args)


def run() -> NoReturn:
    """The console command: `main()`, then, after a subcommand, leave without the interpreter's teardown.

    Freeing every loaded module at exit took ~10 ms of a ~130 ms capture. What teardown would do that
    matters still happens first: output flushed, non-daemon threads joined, atexit handlers run
    (`evidencekit.leave`). The window (no subcommand) leaves from `run_gui` once Qt's work is done; it
    returns here only when it could not start.
    """
    argv = sys.argv[1:]
    if _first_command(argv) is not None:
        _defer_inspect()
    code = main(argv)
    if _first_command(argv) is None:
        sys.exit(code)
    leave(code)


def _defer_inspect() -> None:
    """For a command-line run, import `inspect` only when something uses one of its names.

    `dataclasses` imports it (with ast, dis and tokenize: ~5 ms) only to write a signature into the
    docstring of a class that has none (ours all have one). A capture no longer loads dataclasses
    (ADR 023); the bundle commands (export, verify, demo) still do. A placeholder module
    stands in; the first name looked up on it imports the real module into it. (importlib's LazyLoader
    does not help on Python 3.11: the import statement itself reads `__spec__`, which loads the module.)
    """
    if "inspect" in sys.modules:
        return
    import types

    class DeferredInspect(types.ModuleType):
        def __getattr__(self, name: str) -> object:
            if sys.modules.get("inspect") is self:
                del sys.modules["inspect"]
            real = importlib.import_module("inspect")
            self.__dict__.update(real.__dict__)
            return getattr(real, name)

    sys.modules["inspect"] = DeferredInspect("inspect")
