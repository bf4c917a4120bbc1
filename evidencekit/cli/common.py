"""What every subcommand shares: error reporting, --json output, finding and unlocking a case."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from evidencekit.errors import EvidenceKitError, KeyUnavailable, UsageError

if TYPE_CHECKING:  # the store is imported when a case is opened, so `capture` can grab while it loads
    import argparse

    from evidencekit.store import Actor, CaseStore

Handler = Callable[["argparse.Namespace"], int]
PASSPHRASE_ENV = "EVIDENCEKIT_PASSPHRASE"
OPERATOR_ENV = "EVIDENCEKIT_OPERATOR"
MAX_OPERATOR = 200
R = TypeVar("R")
# The stores this command opened, each with how many of its warnings were already shown (print_warnings)
# and what names its case in them ("" when the command is about one case).
_watched: list[tuple[CaseStore, list[int], str]] = []


def run_handler(handler: Handler, args: argparse.Namespace) -> int:
    """Run a subcommand; turn every error into one sentence on stderr and an exit code.

    Everything it prints goes through text_safety.EscapingStream: a control or direction character in a
    title, file name or recorded window title is shown escaped, never acted on by the terminal.
    """
    from evidencekit.text_safety import EscapingStream

    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = EscapingStream(stdout), EscapingStream(stderr)
    try:
        return _run_handler(handler, args)
    finally:
        sys.stdout, sys.stderr = stdout, stderr


def _run_handler(handler: Handler, args: argparse.Namespace) -> int:
    try:
        return _run_guarded(handler, args)
    finally:
        print_warnings()  # what the stores noticed, after the command's own output (before an error: report_error)


def _run_guarded(handler: Handler, args: argparse.Namespace) -> int:
    try:
        _refuse_undecodable_arguments(args)
        return handler(args)
    except EvidenceKitError as exc:
        return report_error(args, exc.message, exc.exit_code)
    except BrokenPipeError:
        # the reader (e.g. `| head`) went away: not an error of ours, and nothing more to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return report_error(args, "stopped. Everything saved before this point is safe.", 1)
    except OSError as exc:  # a file or folder of ours or the person's: name it, never its content
        return report_error(args, f"{_os_problem(exc)} Everything saved before it is safe.", 1)
    except UnicodeError:
        return report_error(args, "some text this command had to read is not valid UTF-8, so it stopped. "
                            "Everything saved before it is safe.", 2)
    except Exception as exc:  # last resort: never a traceback, never evidence in the message
        return report_error(args, f"an unexpected problem stopped this command ({type(exc).__name__}). "
                            "Everything saved before it is safe.", 1)


def report_error(args: argparse.Namespace, message: str, code: int) -> int:
    """Say what stopped the command; returns `code`, the exit code.

    A person reads one sentence on stderr. Under --json a program reads `{"error": ..., "exit": ...}` on
    stdout instead (the same exit code), so stdout is JSON whatever happened.
    """
    print_warnings()  # what was noticed before it (a checkpoint not used, a missing anchor) comes first
    if getattr(args, "json", False):
        print_json({"error": message, "exit": code})
    else:
        print(f"evidencekit: {message}", file=sys.stderr)
    return code


def watch_warnings(store: CaseStore, *, case_name: str = "") -> CaseStore:
    """Have `store.warnings` printed when the command ends (or before its error): on stderr, one line each
    ("evidencekit: note: ...", in the command's language), so stdout stays what the command prints (JSON
    stays JSON). `case_name` is named in each of them, for a command that opens more than one case
    (`case list`)."""
    _watched.append((store, [0], case_name))
    return store


def warnings_shown(store: CaseStore) -> None:
    """The command printed the store's warnings so far itself (`case show`, `case verify`): not again."""
    for watched, shown, _name in _watched:
        if watched is store:
            shown[0] = len(store.warnings)


def print_warnings() -> None:
    """Print the warnings of every store this command opened that were not shown yet (see watch_warnings)."""
    from evidencekit.i18n import _

    for store, shown, name in _watched:
        for warning in store.warnings[shown[0]:]:
            note = " ".join(warning.split())
            # Translators: the store's warnings, on the command line; keep "evidencekit:" as it is.
            print(_("evidencekit: note: case {case}: {note}").format(case=name, note=note) if name
                  else _("evidencekit: note: {note}").format(note=note), file=sys.stderr)
        shown[0] = len(store.warnings)


def _os_problem(exc: OSError) -> str:
    """One sentence naming the file and the system's reason, e.g. 'keys/passphrase.key ... (Is a directory).'"""
    reason = exc.strerror or type(exc).__name__
    if exc.filename is None:
        return f"a file or folder this command needed could not be used ({reason})."
    name = os.fsdecode(exc.filename) if isinstance(exc.filename, (str, bytes)) else str(exc.filename)
    name = name.encode("utf-8", "replace").decode("utf-8")
    return f"{name} could not be used ({reason})."


def _shown(value: str) -> str:
    """A string from the command line as it can be printed: bytes that are not UTF-8 become U+FFFD."""
    return os.fsencode(value).decode("utf-8", "replace")


def _not_utf8(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _refuse_undecodable_arguments(args: argparse.Namespace) -> None:
    """Text that is not UTF-8 (a file name, --label, --operator ...) cannot be recorded: refuse it up front."""
    for dest, value in vars(args).items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if not isinstance(item, str) or not _not_utf8(item):
                continue
            if dest == "files":
                raise UsageError(f"The file name {_shown(item)} is not valid UTF-8; rename the file and try "
                                 "again. Nothing was changed.")
            raise UsageError(f"The value given for {_option_name(dest)} is not text in UTF-8; nothing was "
                             "changed.")
    if not hasattr(args, "passphrase_file"):
        return  # this command opens no case: the variables below are not used
    for variable in (PASSPHRASE_ENV, OPERATOR_ENV):
        if _not_utf8(os.environ.get(variable, "")):
            raise UsageError(f"${variable} is not text in UTF-8; nothing was changed.")


def _option_name(dest: str) -> str:
    return dest.upper() if dest in {"case", "exhibit", "out", "bundle"} else "--" + dest.replace("_", "-")


def _read_text_file(path: str, what: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"The {what} {_shown(path)} is not text in UTF-8.") from None
    except OSError as exc:
        raise UsageError(f"The {what} {_shown(path)} cannot be read ({exc.strerror}).") from exc


def print_json(value: Any) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False))


def json_with_rows(head: dict[str, Any], key: str, rows: Iterable[R], row: Callable[[R], Any]) -> str:
    """`{**head, key: [row(r) for r in rows]}` as print_json prints it, except that each row takes one line.

    For a listing that grows with the case (`exhibits --json`): the indented form comes from json's
    pure-Python encoder (~11 µs per exhibit row), one compact row per line from its C encoder (~3 µs), and
    is as easy to read and to grep. Still one JSON document, the same values."""
    if key in head:
        raise ValueError(f"{key!r} is already in the listing's head")
    text = json.dumps({**head, key: None}, indent=2, ensure_ascii=False)
    before = text[:-len("null\n}")]
    encode = json.JSONEncoder(ensure_ascii=False).encode
    encoded = [encode(row(item)) for item in rows]
    if not encoded:
        return before + "[]\n}"
    return before + "[\n    " + ",\n    ".join(encoded) + "\n  ]\n}"


def read_passphrase_option(args: argparse.Namespace) -> str | None:
    """--passphrase-file, then $EVIDENCEKIT_PASSPHRASE; None means 'use the keyring, then ask'."""
    path = getattr(args, "passphrase_file", None)
    if path:
        return _read_text_file(path, "passphrase file").rstrip("\r\n")
    return os.environ.get(PASSPHRASE_ENV) or None


def add_case_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case", metavar="CASE", help="case id, a unique start of it, or the case folder")


def add_unlock_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--passphrase-file", metavar="FILE", help="read the case passphrase from FILE")
    parser.add_argument("--recovery-key-file", metavar="FILE", help="open the case with its recovery key")
    parser.add_argument("--operator", metavar="NAME",
                        help="support worker's name for the custody log (or $EVIDENCEKIT_OPERATOR)")


def operator_actor(args: argparse.Namespace) -> Actor:
    """A support worker named with --operator, $EVIDENCEKIT_OPERATOR or this computer's default operator
    (`evidencekit config --operator`); otherwise the victim (see `name_unnamed_operator`)."""
    from evidencekit.operator_choice import saved_operator
    from evidencekit.store import Actor
    from evidencekit.text_safety import check_text

    name = (getattr(args, "operator", None) or os.environ.get(OPERATOR_ENV) or "").strip()
    check_text(name, "The support worker's name (--operator or $EVIDENCEKIT_OPERATOR)", limit=MAX_OPERATOR)
    name = name or saved_operator()[:MAX_OPERATOR]
    return Actor("support worker", name) if name else Actor("victim", "")


def name_unnamed_operator(store: CaseStore) -> None:
    """A case started by a support worker, opened with no operator: record 'operator not given', warn once.

    Without this, a support worker who forgot --operator would be recorded as the victim.
    """
    from evidencekit.i18n import _
    from evidencekit.operator_choice import NOT_GIVEN
    from evidencekit.store import Actor

    if store.actor.role != "victim":
        return
    if store.first_event().actor.get("role") != "support worker":
        return
    store.actor = Actor("support worker", NOT_GIVEN)
    print(_("evidencekit: this case was started by a support worker, but no operator was named, so the custody "
            "log records this command as '{not_given}'. Give --operator NAME, or set this computer's default "
            "with 'evidencekit config --operator NAME'.").format(not_given=NOT_GIVEN), file=sys.stderr)


def _read_recovery_key(args: argparse.Namespace) -> str | None:
    path = getattr(args, "recovery_key_file", None)
    if not path:
        return None
    return _read_text_file(path, "recovery key file").strip()


def open_case_from_args(args: argparse.Namespace, *, accept_restore: bool = False) -> CaseStore:
    """Open CASE with: recovery key file, passphrase (file/env), keyring, then a prompt on a terminal.

    Given a recovery key or passphrase, the keyring is never used (not even to store the key again);
    otherwise it is asked once, for at most keyring_access.TIMEOUT_S, and never shows a dialog. What an
    interrupted export left is cleaned up first, and recorded in the opened case (pending_exports).
    """
    from evidencekit.pending_exports import recover_exports, sweep_leftovers

    sweep_leftovers()
    store = watch_warnings(_open_case(args, accept_restore))
    try:
        name_unnamed_operator(store)
        store.warnings.extend(recover_exports(store))
    except BaseException:
        store.close()
        raise
    return store


def _open_case(args: argparse.Namespace, accept_restore: bool = False) -> CaseStore:
    from evidencekit.store import CaseStore, KeyringAccess

    recovery = _read_recovery_key(args)
    passphrase = read_passphrase_option(args)
    actor = operator_actor(args)
    if recovery or passphrase is not None:  # the keyring is not touched at all: it can never stall or prompt
        return CaseStore.open(args.case, passphrase=passphrase, recovery_key=recovery, actor=actor,
                              keyring=KeyringAccess.disabled(), accept_restore=accept_restore)
    try:
        return CaseStore.open(args.case, actor=actor, accept_restore=accept_restore)
    except KeyUnavailable:
        if not sys.stdin.isatty():
            raise KeyUnavailable(
                "This case's key is not in this computer's keyring. Give its passphrase with --passphrase-file "
                f"FILE or ${PASSPHRASE_ENV}, or its recovery key with --recovery-key-file FILE.") from None
        import getpass  # with termios: only when a person is asked

        passphrase = getpass.getpass("Passphrase for this case: ")
        return CaseStore.open(args.case, passphrase=passphrase, actor=actor, accept_restore=accept_restore)
