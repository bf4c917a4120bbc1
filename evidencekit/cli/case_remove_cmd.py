"""`evidencekit case remove CASE --confirm TITLE`: delete a case after it was handed over."""

from __future__ import annotations

import argparse

from evidencekit.cli.common import add_case_argument, add_unlock_options, open_case_from_args, print_json
from evidencekit.store.removal import remove_case


def register_case_remove(case_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = case_sub.add_parser(
        "remove", help="delete a case after its bundle was handed to the police (cannot be undone)")
    add_case_argument(parser)
    add_unlock_options(parser)
    parser.add_argument("--confirm", metavar="TITLE", required=True,
                        help="the case's exact title, to confirm")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser.set_defaults(handler=_remove)


def _remove(args: argparse.Namespace) -> int:
    store = open_case_from_args(args)
    removed, keyring_cleared = remove_case(store, confirm_title=args.confirm)
    if args.json:
        print_json({"removed": removed, "keyring_cleared": keyring_cleared})
        return 0
    if keyring_cleared:
        print(f"Case {removed} was removed from this computer, with its keyring entry.")
    else:
        print(f"Case {removed} was removed from this computer. Its key could not be removed from this computer's "
              "keyring (it is locked or did not answer); unlock the keyring and delete the entry "
              f"'case:{removed}' of 'evidencekit' there.")
    return 0
