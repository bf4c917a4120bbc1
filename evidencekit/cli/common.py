"""What every subcommand shares: error reporting, --json output, finding and unlocking a case."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidencekit.errors import EvidenceKitError, KeyUnavailable, UsageError

if TYPE_CHECKING:  # the store is imported when a case is opened, so `capture` can grab while it loads
    from evidencekit.store import Actor, CaseStore

Handler = Callable[[argparse.Namespace], int]
PASSPHRASE_ENV = "EVIDENCEKIT_PASSPHRASE"
OPERATOR_ENV = "EVIDENCEKIT_OPERATOR"


def run_handler(handler: Handler, args: argparse.Namespace) -> int:
    """Run a subcommand; turn every error into one sentence on stderr and an exit code."""
    try:
        return handler(args)
    except EvidenceKitError as exc:
        print(f"evidencekit: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        # the reader (e.g. `| head`) went away: not an error of ours, and nothing more to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("evidencekit: stopped. Everything saved before this point is safe.", file=sys.stderr)
        return 1
    except Exception as exc:  # last resort: never a traceback, never evidence in the message
        print(
            f"evidencekit: an unexpected problem stopped this command ({type(exc).__name__}). "
            "Everything saved before it is safe.",
            file=sys.stderr,
        )
        return 1


def print_json(value: Any) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False))


def read_passphrase_option(args: argparse.Namespace) -> str | None:
    """--passphrase-file, then $EVIDENCEKIT_PASSPHRASE; None means 'use the keyring, then ask'."""
    path = getattr(args, "passphrase_file", None)
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"The passphrase file {path} cannot be read ({exc.strerror}).") from exc
        return text.rstrip("\r\n")
    return os.environ.get(PASSPHRASE_ENV) or None


def add_case_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case", metavar="CASE", help="case id, a unique start of it, or the case folder")


def add_unlock_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--passphrase-file", metavar="FILE", help="read the case passphrase from FILE")
    parser.add_argument("--recovery-key-file", metavar="FILE", help="open the case with its recovery key")
    parser.add_argument("--operator", metavar="NAME",
                        help="support worker's name for the custody log (or $EVIDENCEKIT_OPERATOR)")


def operator_actor(args: argparse.Namespace) -> Actor:
    """A support worker named with --operator or $EVIDENCEKIT_OPERATOR; otherwise the victim."""
    from evidencekit.store import Actor

    name = (getattr(args, "operator", None) or os.environ.get(OPERATOR_ENV) or "").strip()
    return Actor("support worker", name) if name else Actor("victim", "")


def _read_recovery_key(args: argparse.Namespace) -> str | None:
    path = getattr(args, "recovery_key_file", None)
    if not path:
        return None
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise UsageError(f"The recovery key file {path} cannot be read ({exc.strerror}).") from exc


def open_case_from_args(args: argparse.Namespace) -> CaseStore:
    """Open CASE with: recovery key file, passphrase (file/env), keyring, then a prompt on a terminal."""
    from evidencekit.store import CaseStore

    recovery = _read_recovery_key(args)
    passphrase = read_passphrase_option(args)
    actor = operator_actor(args)
    if recovery or passphrase is not None:
        return CaseStore.open(args.case, passphrase=passphrase, recovery_key=recovery, actor=actor)
    try:
        return CaseStore.open(args.case, actor=actor)
    except KeyUnavailable:
        if not sys.stdin.isatty():
            raise KeyUnavailable(
                "This case's key is not in this computer's keyring. Give its passphrase with --passphrase-file "
                f"FILE or ${PASSPHRASE_ENV}, or its recovery key with --recovery-key-file FILE.") from None
        import getpass  # with termios: only when a person is asked

        passphrase = getpass.getpass("Passphrase for this case: ")
        return CaseStore.open(args.case, passphrase=passphrase, actor=actor)
