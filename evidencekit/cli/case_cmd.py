"""`evidencekit case new|list|show|verify|remove`: making, finding and checking cases."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from evidencekit.cli.common import (
    add_case_argument,
    add_unlock_options,
    open_case_from_args,
    operator_actor,
    print_json,
    read_passphrase_option,
    warnings_shown,
    watch_warnings,
)
from evidencekit.errors import EvidenceKitError, UsageError
from evidencekit.store import CaseStore, list_case_folders, read_header, system_keyring
from evidencekit.store.state import CaseState


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    case = sub.add_parser("case", help="make, list, show, check or remove cases")
    case_sub = case.add_subparsers(dest="case_command", metavar="ACTION", required=True,
                                   parser_class=type(case))

    new = case_sub.add_parser("new", help="make a new case (prints its id, folder and recovery key)")
    new.add_argument("--title", default="", help="a name for the case, e.g. 'Facebook blackmail, November'")
    new.add_argument("--shared-computer", action="store_true",
                     help="keep nothing in this computer's keyring (always ask for the passphrase)")
    new.add_argument("--passphrase-file", metavar="FILE", help="read the new passphrase from FILE")
    new.add_argument("--operator", metavar="NAME", help="support worker's name for the custody log")
    new.add_argument("--json", action="store_true", help="print machine-readable JSON")
    new.set_defaults(handler=_new)

    listing = case_sub.add_parser("list", help="list the cases on this computer")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_list)

    for name, handler, text in (("show", _show, "show a case's summary"),
                                ("verify", _verify, "check every file of a case against its custody journal")):
        parser = case_sub.add_parser(name, help=text)
        add_case_argument(parser)
        add_unlock_options(parser)
        parser.add_argument("--json", action="store_true")
        parser.set_defaults(handler=handler)

    restore = case_sub.add_parser(
        "accept-restore", help="open an older copy of a case that was put back on purpose (a backup)",
        description="A case folder put back from a backup is older than the last state this computer saw, so "
                    "every command refuses it as a rollback. If you put it back yourself, this opens it as it is "
                    "and records in its custody journal that an older copy was put back on purpose, with the "
                    "record this computer had last seen. What only the newer copy held is not in it.")
    add_case_argument(restore)
    add_unlock_options(restore)
    restore.add_argument("--json", action="store_true")
    restore.set_defaults(handler=_accept_restore)

    from evidencekit.cli import bundle_cmd, case_handover_cmd, case_remove_cmd

    case_remove_cmd.register_case_remove(case_sub)
    case_handover_cmd.register_case_handover(case_sub)
    register_details = getattr(bundle_cmd, "register_case_details", None)
    if register_details:
        register_details(case_sub)


def _ask_new_passphrase() -> str:
    if not sys.stdin.isatty():
        raise UsageError("A new case needs a passphrase: give it with --passphrase-file FILE or "
                         "$EVIDENCEKIT_PASSPHRASE.")
    first = getpass.getpass("Choose a passphrase for this case (at least 8 characters): ")
    if getpass.getpass("Type it again: ") != first:
        raise UsageError("The two passphrases were not the same; nothing was made. Try again.")
    return first


def _new(args: argparse.Namespace) -> int:
    passphrase = read_passphrase_option(args)
    created = CaseStore.create(args.title, passphrase if passphrase is not None else _ask_new_passphrase(),
                               shared_computer=args.shared_computer, actor=operator_actor(args))
    store = watch_warnings(created.store)
    in_keyring = bool(store.events()[0].data.get("key_in_keyring"))
    store.close()
    result = {"id": store.id, "path": str(store.path), "recovery_key": created.recovery_key,
              "key_in_keyring": in_keyring}
    if args.json:
        print_json(result)
        return 0
    print(f"Case made: {store.id}\nFolder:    {store.path}")
    print(f"\nRecovery key (write it down or print it, and keep it somewhere safe):\n\n    {created.recovery_key}\n")
    print("It opens the case if the passphrase is forgotten. It is shown only now.")
    if not in_keyring:
        print("This computer's keyring is not used for this case: you will be asked for the passphrase.")
    return 0


def _list_row(case_id: str, folder: Path, status: str) -> dict[str, Any]:
    """Every row has the same keys, whatever state its case is in (None: not known without opening it)."""
    return {"id": case_id, "path": str(folder), "title": None, "exhibits": None, "last_change": None,
            "status": status}


def _list(args: argparse.Namespace) -> int:
    keyring = system_keyring()
    rows: list[dict[str, Any]] = []
    for folder in list_case_folders():
        try:
            header = read_header(folder)
        except EvidenceKitError as exc:
            rows.append(_list_row(folder.name, folder, exc.message))
            continue
        except OSError as exc:
            rows.append(_list_row(folder.name, folder, f"its folder cannot be read ({exc.strerror})"))
            continue
        row = _list_row(header.case_id, folder, "locked (needs the passphrase)")
        if keyring and keyring.get(header.case_id):
            try:
                with watch_warnings(CaseStore.open(folder, keyring=keyring), case_name=header.case_id) as store:
                    state = store.state()
                row.update(title=state.title, exhibits=len(state.exhibits), status="ready",
                           last_change=state.last_event_time.get("utc"))
            except EvidenceKitError as exc:
                row["status"] = exc.message
            except OSError as exc:
                name = Path(exc.filename).name if exc.filename else "a file"
                row["status"] = f"{name} in its folder cannot be read ({exc.strerror})"
        rows.append(row)
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("No cases on this computer yet. Make one with 'evidencekit case new'.")
    for row in rows:
        title = row["title"] if row["title"] is not None else "(title hidden until opened)"
        count = f"{row['exhibits']} exhibit(s)" if row["exhibits"] is not None else ""
        print(f"{row['id']}  {title}  {count}  [{row['status']}]")
    return 0


def state_summary(state: CaseState) -> dict[str, Any]:
    return {
        "id": state.id, "title": state.title, "created": dict(state.created), "shared_computer": state.shared_computer,
        "exhibits": len(state.exhibits), "events": state.events_count, "last_change": dict(state.last_event_time),
        "steps_done": sorted(step for step, done in state.steps.items() if done), "exports": len(state.exports),
    }


def _show(args: argparse.Namespace) -> int:
    with open_case_from_args(args) as store:
        summary = {**store.view(state_summary), "path": str(store.path), "unlocked_by": store.unlocked_by,
                   "warnings": store.warnings}
    warnings_shown(store)  # printed below, on stdout, as before
    if args.json:
        print_json(summary)
        return 0
    print(f"Case {summary['id']}: {summary['title'] or '(no title)'}")
    print(f"  folder:    {summary['path']}")
    print(f"  created:   {summary['created'].get('utc', '')} UTC ({summary['created'].get('local', '')} local)")
    print(f"  exhibits:  {summary['exhibits']}   journal events: {summary['events']}   exports: {summary['exports']}")
    print(f"  steps done: {', '.join(summary['steps_done']) or 'none yet'}")
    for warning in summary["warnings"]:
        print(f"  note: {warning}")
    return 0


def _accept_restore(args: argparse.Namespace) -> int:
    with open_case_from_args(args, accept_restore=True) as store:
        restored = store.restored
        if restored is None:
            raise UsageError(f"Case {store.id} is not an older copy of itself: nothing to accept. Open it as usual.")
    if args.json:
        print_json({"id": store.id, **restored})
        return 0
    print(f"Case {store.id}: the older copy was accepted. Its custody journal ended at record "
          f"{restored['journal_seq']} (this computer had seen record {restored['newer_seq']}); it now records "
          "that this copy was put back on purpose. It opens as usual from now on.")
    return 0


def _verify(args: argparse.Namespace) -> int:
    with open_case_from_args(args) as store:
        report = store.verify()
        if not store.read_only:  # a read-only case is checked all the same; the check is just not recorded
            store.append_event("case.verified", {"ok": report.ok, "problems": len(report.problems),
                                                 "objects_checked": report.objects_checked})
        warnings = store.warnings + report.warnings
        warnings_shown(store)  # printed below, on stdout, as before
    if args.json:
        print_json({**report.as_dict(), "warnings": warnings})
    else:
        for problem in report.problems:
            print(f"PROBLEM  {problem.path}: {problem.message}")
        for warning in warnings:
            print(f"note     {warning}")
        verdict = "all files match the custody journal" if report.ok else f"{len(report.problems)} problem(s)"
        print(f"{'OK' if report.ok else 'FAILED'}: {report.objects_checked} stored pictures and "
              f"{report.events_checked} journal records checked; {verdict}.")
    return 0 if report.ok else 1
