"""`evidencekit open CASE`: the window, on that case (its passphrase asked first where the keyring does not
hold its key). `--support-worker NAME` opens it as a support worker: their name goes into every journal
event and the window's title and status say which case and which worker."""

from __future__ import annotations

import argparse

from evidencekit.errors import UsageError
from evidencekit.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("open", help=_("open the window on one case (asks for its passphrase if needed)"))
    parser.add_argument("case", metavar="CASE", help=_("the case's id, the start of its id, or its folder"))
    parser.add_argument("--support-worker", metavar="NAME", default="",
                        help=_("your name and organisation, if you are a support worker helping someone"))
    parser.add_argument("--json", action="store_true",
                        help=_("print machine-readable JSON"))  # only errors: the window itself prints nothing
    parser.set_defaults(handler=_open)


def _open(args: argparse.Namespace) -> int:
    from evidencekit.store.catalog import resolve_case

    folder = resolve_case(args.case)  # an unknown case: one sentence and exit 2, before any window
    worker = str(args.support_worker or "").strip()
    try:
        from evidencekit.gui.app import run_gui
    except ImportError as exc:  # one sentence on stderr (JSON on stdout under --json), exit 2
        raise UsageError(_("the window cannot start here ({reason}); the commands still work, "
                           "see 'evidencekit --help'.").format(reason=exc)) from None
    return run_gui(open_case=folder, support_worker=worker)
