"""What every subcommand shares: error reporting, --json output, finding and unlocking a case."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evidencekit.errors import EvidenceKitError, UsageError

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
