"""`evidencekit ocr|text|identifiers`: read a case's pictures into text, print a transcript, list identifiers.

Every transcript is derived evidence and is printed as such: "read by OCR, may contain mistakes".
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from evidencekit.cli.common import add_case_argument, add_unlock_options, open_case_from_args, print_json
from evidencekit.errors import EvidenceKitError, UsageError
from evidencekit.i18n import N_, _, ngettext

NOTE = N_("read by OCR, may contain mistakes")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ocr = sub.add_parser("ocr", help=_("read the text in a case's pictures (those not read yet, or those named)"))
    add_case_argument(ocr)
    ocr.add_argument("exhibits", nargs="*", metavar="EXHIBIT", help=_("read these again (EK-003, a number or an id)"))
    ocr.add_argument("--language", metavar="LANG",
                     help=_("the pictures' language, e.g. es (default: the case's language; English is always added)"))
    add_unlock_options(ocr)
    ocr.add_argument("--json", action="store_true", help=_("print machine-readable JSON"))
    ocr.set_defaults(handler=_ocr)
    text = sub.add_parser("text", help=_("print the text read from one picture (read by OCR, may contain mistakes)"))
    add_case_argument(text)
    text.add_argument("exhibit", metavar="EXHIBIT", help=_("EK-003, a number or an exhibit id"))
    add_unlock_options(text)
    text.add_argument("--json", action="store_true",
                      help=_("lines and words with their boxes in the picture's pixels and Tesseract's confidence"))
    text.set_defaults(handler=_text)
    found = sub.add_parser("identifiers", help=_("list payment and account identifiers found in the case, checked"))
    add_case_argument(found)
    add_unlock_options(found)
    found.add_argument("--json", action="store_true", help=_("print machine-readable JSON"))
    found.set_defaults(handler=_identifiers)


def _progress_line(done: int, total: int, reference: str) -> None:
    if not sys.stderr.isatty() and reference:
        print(_("Reading {reference} ({number} of {total})…").format(
            reference=reference, number=done + 1, total=total), file=sys.stderr)
    elif reference:
        print("\r" + _("Reading {reference} ({number} of {total})…").format(
            reference=reference, number=done + 1, total=total), end="", file=sys.stderr, flush=True)
    elif sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr, flush=True)


def _ocr(args: argparse.Namespace) -> int:
    from evidencekit.ocr.runner import ocr_case

    with open_case_from_args(args) as store:
        results = ocr_case(store, args.exhibits, language=args.language, progress=_progress_line)
    if args.json:
        print_json({"read": [r.__dict__ for r in results], "note": NOTE})  # i18n: not shown
        return 0 if all(r.ok for r in results) else 1
    if not results:
        print(_("Every picture of this case has been read already."))
        return 0
    good = [r for r in results if r.ok]
    print(ngettext("Read {count} picture ({lines} lines of text, {note}).",
                   "Read {count} pictures ({lines} lines of text, {note}).", len(good)).format(
        count=len(good), lines=sum(r.lines for r in good), note=_(NOTE)))
    for result in results:
        if not result.ok:
            print(_("{reference} could not be read: its picture cannot be decoded.").format(
                reference=result.reference), file=sys.stderr)
    return 0 if len(good) == len(results) else 1


def _exhibit_and_transcript(store: Any, ref: str) -> tuple[Any, Any, Any]:
    from evidencekit.ocr.case_text import cached_transcript
    from evidencekit.ocr.records import transcript_records

    exhibit = store.exhibit(ref)
    if exhibit is None:
        raise UsageError(_("There is no exhibit {ref} in this case (use a reference like EK-003, a number or an "
                           "exhibit id).").format(ref=repr(ref)))
    record = transcript_records(store.events()).get(exhibit.id)
    if record is None or record.source_sha256 != exhibit.sha256:
        raise EvidenceKitError(_("{reference} has not been read yet: run 'evidencekit ocr CASE {reference}' "
                                 "first.").format(reference=exhibit.reference))
    return exhibit, record, cached_transcript(store, record, exhibit)


def _text(args: argparse.Namespace) -> int:
    with open_case_from_args(args) as store:
        exhibit, record, transcript = _exhibit_and_transcript(store, args.exhibit)
    if args.json:
        print_json({
            "exhibit": exhibit.reference, "exhibit_sha256": exhibit.sha256, "note": NOTE,
            "transcript_object": record.object_id, "custody_record": record.seq, "time": record.time,
            "engine": transcript.engine, "languages": list(transcript.languages),
            "language_data": list(transcript.language_data), "settings": transcript.settings,
            "size": [transcript.width, transcript.height],
            "lines": [{"text": line.text, "box": list(line.box), "confidence": round(line.confidence, 1),
                       "words": [{"text": w.text, "box": list(w.box), "confidence": w.confidence}
                                 for w in line.words]} for line in transcript.lines],
        })
        return 0
    print(_("{reference}: {note} (Tesseract {version}, {languages}; custody record #{seq})").format(
        reference=exhibit.reference, note=_(NOTE), version=transcript.engine.get("version", "?"),
        languages="+".join(transcript.languages), seq=record.seq))
    for line in transcript.lines:
        print(line.text)
    return 0


def _identifiers(args: argparse.Namespace) -> int:
    from evidencekit.ocr.case_text import case_findings
    from evidencekit.ocr.wording import finding_line

    with open_case_from_args(args) as store:
        findings = case_findings(store)
    if args.json:
        print_json({"note": NOTE, "identifiers": [f.as_dict() for f in findings]})
        return 0
    if not findings:
        print(_("No payment or account identifiers were found. Pictures not read yet are not searched: run "
                "'evidencekit ocr CASE' first."))
        return 0
    for finding in findings:
        print(finding_line(finding))
    return 0
