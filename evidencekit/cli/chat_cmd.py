"""`evidencekit import-chat CASE ARCHIVE`: the platform's own copy of a chat into a case.

The archive is read and recognised before the case is opened; nothing is stored until every choice is
made (which conversation, the date order of an ambiguous export). `--list` only lists.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from evidencekit.cli.common import add_case_argument, add_unlock_options, open_case_from_args, print_json
from evidencekit.i18n import N_, _, ngettext

FIELD_OPTIONS = (("--label", "label", N_("a short name for the exhibits")),
                 ("--notes", "notes", N_("anything else worth writing down")),
                 ("--platform", "platform", N_("the platform, if not the one the archive is from")))


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    chat = sub.add_parser("import-chat", help=_("add the platform's own copy of a chat (data download or chat "
                                                "export), kept sealed, with its conversation as a transcript"))
    add_case_argument(chat)
    chat.add_argument("archive", metavar="ARCHIVE", help=_("the download or export: a .zip, its unzipped folder, or "
                                                           "one file (WhatsApp .txt, Telegram result.json)"))
    chat.add_argument("--thread", metavar="NAME", help=_("the conversation with the other person: its number in "
                                                         "--list, its title, or a participant's name"))
    chat.add_argument("--list", action="store_true", help=_("only list the conversations in the archive"))
    chat.add_argument("--date-order", choices=("dmy", "mdy"), help=_("for a WhatsApp export whose dates read both "
                                                                      "ways: dmy (15/01/26) or mdy (01/15/26)"))
    chat.add_argument("--timezone", metavar="ZONE", help=_("the phone's time zone for WhatsApp's times, e.g. "
                                                           "Europe/London (default: this computer's)"))
    chat.add_argument("--no-pictures", action="store_true", help=_("list the chat's pictures by fingerprint only, "
                                                                   "without adding them as exhibits"))
    chat.add_argument("--add-suspect", action="append", default=[], metavar="NAME",
                      help=_("add this participant's names and ids to the suspect's details (repeatable)"))
    for flag, dest, text in FIELD_OPTIONS:
        chat.add_argument(flag, dest=dest, metavar="TEXT", help=_(text))
    add_unlock_options(chat)
    chat.add_argument("--json", action="store_true", help=_("print machine-readable JSON"))
    chat.set_defaults(handler=_import_chat)


def _when(moment: Any) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "?"


def _thread_rows(analysis: Any) -> list[dict[str, Any]]:
    return [{"number": number, "title": info.title, "key": info.key, "participants": list(info.participants),
             "first_utc": _when(info.first), "last_utc": _when(info.last), "messages": info.count}
            for number, info in enumerate(analysis.threads, start=1)]


def _print_threads(analysis: Any) -> None:
    layout = analysis.layout
    print(_("{format}, {version}").format(format=layout.format, version=layout.version))
    for row in _thread_rows(analysis):
        people = ", ".join(row["participants"]) or "-"
        print(ngettext("  {number:>3}. {title}: {people}; {first} to {last}; {count} message",
                       "  {number:>3}. {title}: {people}; {first} to {last}; {count} messages", row["messages"]).format(
                           number=row["number"], title=row["title"], people=people, first=row["first_utc"],
                           last=row["last_utc"], count=row["messages"]))


def _import_chat(args: argparse.Namespace) -> int:
    from evidencekit.archives import Options, Zone, analyse

    analysis = analyse(Path(args.archive), Options(args.date_order, Zone(args.timezone)))
    if args.list:
        if analysis.problem or analysis.layout is None:
            print(analysis.problem)
            return 1
        if args.json:
            print_json({"format": analysis.layout.format, "version": analysis.layout.version,
                        "threads": _thread_rows(analysis)})
        else:
            _print_threads(analysis)
        return 0
    chosen = None
    if analysis.problem is None:
        try:
            chosen = analysis.choose(args.thread)
        except Exception:
            if not args.json:
                _print_threads(analysis)
            raise
    return _store(args, analysis, chosen)


def _store(args: argparse.Namespace, analysis: Any, chosen: Any) -> int:
    from evidencekit.archives.importing import add_suspects, import_chat, suspect_rows

    fields = {dest: getattr(args, dest) for _flag, dest, _text in FIELD_OPTIONS}
    with open_case_from_args(args) as store:
        under_18 = bool(store.state().profile.get("under_18"))
        pictures = not args.no_pictures and not under_18
        result = import_chat(store, analysis, chosen, fields=fields, pictures=pictures)
        rows = []
        if args.add_suspect and result.transcript is not None:
            rows = suspect_rows(result.accounts, args.add_suspect, analysis.layout.platform,
                                result.transcript.reference)
            add_suspects(store, rows)
    report = {
        "archive": {"exhibit": result.archive.reference, "sha256": result.archive.sha256,
                    "new": result.archive_is_new, "read": result.problem is None, "problem": result.problem,
                    "format": analysis.layout.format if analysis.layout else None,
                    "version": analysis.layout.version if analysis.layout else None},
        "transcript": result.transcript.reference if result.transcript else None,
        "pictures": [e.reference for e in result.pictures],
        "found_in_archive": [{"name": a.name, "kind": a.kind, "value": a.value} for a in result.accounts],
        "added_to_details": rows, "notes": result.notes,
        "pictures_left_out_under_18": under_18 and not args.no_pictures,
    }
    if args.json:
        print_json(report)
        return 0
    _print_report(result, analysis, report)
    return 0


def _print_report(result: Any, analysis: Any, report: dict[str, Any]) -> None:
    archive = result.archive
    if result.archive_is_new:
        print(_("Kept {file} sealed in the case as {reference} (SHA-256 {sha256}).").format(
            file=analysis.source.file_name, reference=archive.reference, sha256=archive.sha256))
    else:
        print(_("{file} was already in the case as {reference}; it was not stored again.").format(
            file=analysis.source.file_name, reference=archive.reference))
    if result.problem:
        print(result.problem)
        return
    print(_("Read as: {format}, {version}.").format(format=analysis.layout.format, version=analysis.layout.version))
    transcript = result.transcript
    count = int(transcript.recorded.get("source", {}).get("messages", 0))
    print(ngettext("The conversation is {reference}: a transcript of {count} message.",
                   "The conversation is {reference}: a transcript of {count} messages.", count).format(
                       reference=transcript.reference, count=count))
    if result.pictures:
        print(_("Pictures it carried, added as exhibits: {references}. If any is intimate, cover it before making "
                "the bundle (export --redact, or the review step in the window).").format(
            references=", ".join(e.reference for e in result.pictures)))
    if report["pictures_left_out_under_18"]:
        print(_("Pictures in the chat were listed by their fingerprints only, not added: this case is on the "
                "under-18 route, where nude pictures must never be kept."))
    for note in result.notes:
        print(note)
    if report["added_to_details"]:
        print(_("Added to the suspect's details: {names}.").format(
            names=", ".join(row["display_name"] for row in report["added_to_details"])))
    elif result.accounts:
        found = "; ".join(f"{a.name} ({a.kind}: {a.value})" if a.value != a.name else f"{a.name} ({a.kind})"
                          for a in result.accounts)
        print(_("Found in the archive: {found}. To add the other person to the suspect's details, run this again "
                "with --add-suspect NAME.").format(found=found))
