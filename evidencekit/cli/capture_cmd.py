"""`evidencekit capture|import|exhibits|exhibit edit|export-original`: pictures into a case and back out.

No Qt here: capture runs through the Qt-free core, so it works over SSH to a desktop session or from a
script. Every check that can refuse a capture runs before the delay and before anything is stored.
Modules load only when their command runs (the case store only once a case is opened), so a capture
starts fast.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidencekit.capture.request import CaptureRequest, parse_region
from evidencekit.cli.common import (
    add_case_argument,
    add_unlock_options,
    json_with_rows,
    open_case_from_args,
    print_json,
)
from evidencekit.errors import UsageError

if TYPE_CHECKING:
    import argparse

    from evidencekit.store import CaseState, Exhibit

# The store's CATEGORIES, written out so building the parser does not load the store (a test keeps them equal).
CATEGORY_NAMES = ("profile", "conversation", "payment demand", "threat", "other")
FIELD_OPTIONS = (("--label", "label", "a short name, e.g. 'their profile page'"),
                 ("--category", "category", f"one of: {', '.join(CATEGORY_NAMES)}"),
                 ("--platform", "platform", "where it happened, e.g. Instagram"),
                 ("--url", "url", "the web address as shown on screen"),
                 ("--message-time", "message_time", "the message time as shown on screen"),
                 ("--notes", "notes", "anything else worth writing down"))


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for add in _REGISTRARS.values():
        add(sub)


def register_command(sub: argparse._SubParsersAction[argparse.ArgumentParser], command: str) -> None:
    """Only `command`'s parser (argparse takes ~1 ms per subcommand to build; a capture starts faster)."""
    _REGISTRARS[command](sub)


def _register_capture(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    capture = sub.add_parser("capture", help="take a picture of the screen into a case")
    add_case_argument(capture)
    area = capture.add_mutually_exclusive_group()
    area.add_argument("--screen", type=int, metavar="N", help="capture screen N (1 = first); default: main screen")
    area.add_argument("--all-screens", action="store_true", help="capture all screens as one picture")
    area.add_argument("--region", metavar="X,Y,W,H", help="capture this rectangle (desktop pixels)")
    capture.add_argument("--delay", type=float, default=0.0, metavar="S",
                         help="wait S seconds first, so you can bring the chat window to the front")
    capture.add_argument("--series", type=int, default=1, metavar="N", help="take N pictures in a row")
    capture.add_argument("--interval", type=float, metavar="S",
                         help="seconds between pictures of a series (default 2), time to scroll")
    _add_common(capture)
    capture.set_defaults(handler=_capture)


# `capture`'s options as fast_arguments reads them: flag -> (dest, how the value is read; None: a switch).
_CAPTURE_OPTIONS: dict[str, tuple[str, Any]] = {
    "--screen": ("screen", int), "--all-screens": ("all_screens", None), "--region": ("region", str),
    "--delay": ("delay", float), "--series": ("series", int), "--interval": ("interval", float),
    **{flag: (dest, str) for flag, dest, _ in FIELD_OPTIONS},
    "--passphrase-file": ("passphrase_file", str), "--recovery-key-file": ("recovery_key_file", str),
    "--operator": ("operator", str), "--json": ("json", None),
}
_AREA_OPTIONS = frozenset({"screen", "all_screens", "region"})  # at most one of them (argparse's group)


class FastArguments:
    """The attributes argparse's Namespace would hold for the same `capture` command line."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)


def fast_arguments(argv: Sequence[str]) -> FastArguments | None:
    """`capture`'s arguments (after the word `capture`) read without argparse, or None: argparse reads them.

    Importing argparse and building the capture parser was ~3-4 ms of a ~90 ms capture. Only the plain
    forms are read here: exact option names, `--option VALUE` with a VALUE not starting with '-',
    `--option=VALUE`, one CASE. Anything else (an abbreviation, -h, `--`, a value argparse would refuse
    or read otherwise, two area options, a second CASE) returns None, and argparse reads the same line
    with its own messages. A test holds the result to argparse's for generated command lines.
    """
    values: dict[str, Any] = {
        "self_test": False, "language": None, "command": "capture", "case": None, "screen": None,
        "all_screens": False, "region": None, "delay": 0.0, "series": 1, "interval": None,
        **{dest: None for _, dest, _ in FIELD_OPTIONS},
        "passphrase_file": None, "recovery_key_file": None, "operator": None, "json": False,
        "handler": _capture,
    }
    area = set()
    tokens = iter(argv)
    for token in tokens:
        if not token.startswith("-"):
            if values["case"] is not None:
                return None
            values["case"] = token
            continue
        flag, equals, value = token.partition("=")
        known = _CAPTURE_OPTIONS.get(flag)
        if known is None:
            return None
        dest, read = known
        if read is None:
            if equals:
                return None
            values[dest] = True
        else:
            if not equals:
                value = next(tokens, "-")
                if value.startswith("-"):
                    return None
            try:
                values[dest] = read(value)
            except ValueError:
                return None
        if dest in _AREA_OPTIONS:
            area.add(dest)
    if values["case"] is None or len(area) > 1:
        return None
    return FastArguments(values)


def _register_import(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    importing = sub.add_parser("import", help="add screenshots taken elsewhere (PNG, JPEG, WebP), byte for byte")
    add_case_argument(importing)
    importing.add_argument("files", nargs="+", metavar="FILE")
    _add_common(importing)
    importing.set_defaults(handler=_import)


def _register_exhibits(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    listing = sub.add_parser("exhibits", help="list a case's exhibits with everything recorded about them")
    add_case_argument(listing)
    add_unlock_options(listing)
    listing.add_argument("--json", action="store_true", help="print machine-readable JSON")
    listing.set_defaults(handler=_exhibits)


def _register_exhibit(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    exhibit = sub.add_parser("exhibit", help="change what is written about an exhibit")
    exhibit_sub = exhibit.add_subparsers(dest="exhibit_command", metavar="ACTION", required=True,
                                         parser_class=type(exhibit))
    edit = exhibit_sub.add_parser("edit", help="set label, category, platform, URL, message time or notes")
    add_case_argument(edit)
    edit.add_argument("exhibit", metavar="EXHIBIT", help="EK-001, a number, or the exhibit id")
    _add_common(edit)
    edit.set_defaults(handler=_edit)
    remove = exhibit_sub.add_parser(
        "remove", help="remove an exhibit for safeguarding (e.g. a nude picture of someone under 18): its "
                       "stored original is destroyed; the custody log keeps its SHA-256 and the reason")
    add_case_argument(remove)
    remove.add_argument("exhibit", metavar="EXHIBIT", help="EK-001, a number, or the exhibit id")
    remove.add_argument("--reason", required=True, metavar="TEXT", help="why it is removed (kept in the custody log)")
    remove.add_argument("--confirm", required=True, metavar="EK-NNN",
                        help="the exhibit's reference again, to confirm (nothing can bring it back)")
    add_unlock_options(remove)
    remove.add_argument("--json", action="store_true", help="print machine-readable JSON")
    remove.set_defaults(handler=_remove)


def _register_export(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = sub.add_parser("export-original", help="write an exhibit's original bytes to a file (for an examiner)")
    add_case_argument(export)
    export.add_argument("exhibit", metavar="EXHIBIT", help="EK-001, a number, or the exhibit id")
    export.add_argument("out", metavar="OUT", help="the file to write (must not exist yet)")
    add_unlock_options(export)
    export.add_argument("--json", action="store_true", help="print machine-readable JSON")
    export.set_defaults(handler=_export)


_REGISTRARS = {"capture": _register_capture, "import": _register_import, "exhibits": _register_exhibits,
               "exhibit": _register_exhibit, "export-original": _register_export}


def _add_common(parser: argparse.ArgumentParser) -> None:
    for flag, dest, text in FIELD_OPTIONS:
        parser.add_argument(flag, dest=dest, metavar="TEXT", help=text)
    add_unlock_options(parser)
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


def _fields(args: argparse.Namespace) -> dict[str, str]:
    from evidencekit.capture.fields import check_fields

    return check_fields({dest: getattr(args, dest) for _, dest, _ in FIELD_OPTIONS})


def _request(args: argparse.Namespace) -> CaptureRequest:
    if args.interval is not None and args.series == 1:
        raise UsageError("--interval only applies to a series; add --series N.")
    interval = (2.0 if args.interval is None else args.interval) if args.series > 1 else 0.0
    timing: dict[str, Any] = {"delay_s": args.delay, "series_count": args.series, "series_interval_s": interval}
    if args.screen is not None:
        return CaptureRequest.one_monitor(args.screen, **timing)
    if args.all_screens:
        return CaptureRequest.all_monitors(**timing)
    if args.region:
        region = parse_region(args.region)
        return CaptureRequest(area="region", region=region, **timing)
    return CaptureRequest.whole_screen(**timing)


def _summary(exhibit: Exhibit) -> dict[str, Any]:
    return {"reference": exhibit.reference, "number": exhibit.number, "id": exhibit.id,
            "origin": exhibit.origin, "sha256": exhibit.sha256, "size": exhibit.size}


def _print_saved(exhibit: Exhibit) -> None:
    pixels = exhibit.recorded.get("pixels", {})
    print(f"Saved {exhibit.reference} ({pixels.get('width')}×{pixels.get('height')}), id {exhibit.id}, "
          f"fingerprint (SHA-256) {exhibit.sha256}", flush=True)


def _capture(args: argparse.Namespace) -> int:
    from evidencekit.capture.backends import choose_backend
    from evidencekit.capture.service import capture_to_case

    request = _request(args)
    backend = choose_backend()  # no screen here -> one sentence, before asking for any passphrase
    try:
        backend.resolve(request)  # monitor out of range, region off screen -> refused before the delay
        fields = _fields(args)
        with open_case_from_args(args) as store:
            if request.delay_s:
                if not args.json:
                    print(f"Taking the picture in {request.delay_s:g} seconds…", file=sys.stderr, flush=True)
                time.sleep(request.delay_s)
            saved = capture_to_case(store, request, fields, backend=backend,
                                    on_progress=None if args.json else lambda _d, _t, e: _print_saved(e))
    finally:
        backend.close()
    _warn_about_portal_files(saved)
    if args.json:
        print_json([_summary(exhibit) for exhibit in saved])
    return 0


def _warn_about_portal_files(saved: list[Exhibit]) -> None:
    """The desktop's screenshot service left its plaintext file where evidencekit could not remove it."""
    for exhibit in saved:
        file = (exhibit.recorded.get("portal") or {}).get("file") or {}
        if file.get("removed") is False:
            from evidencekit.i18n import _

            print(_("evidencekit: the desktop's screenshot service left a copy of {reference} in {folder} "
                    "({name}) that evidencekit could not remove ({why}); delete it yourself.").format(
                        reference=exhibit.reference, folder=file.get("folder"), name=file.get("name"),
                        why=file.get("why_not", "")), file=sys.stderr, flush=True)


def _import(args: argparse.Namespace) -> int:
    from evidencekit.capture.importer import import_files  # Pillow only when importing, not when capturing

    fields = _fields(args)
    with open_case_from_args(args) as store:
        saved = import_files(store, [Path(name) for name in args.files], fields,
                             on_progress=None if args.json else lambda _d, _t, e: _print_imported(e))
    if args.json:
        print_json([{**_summary(e), "file_name": e.recorded.get("file_name"),
                     "identifying_metadata": e.recorded.get("identifying_metadata", []),
                     "identifying_sentences": saved.notes.get(e.id, [])} for e in saved]
                   + [{"file_name": name, "already_in_case_as": held.reference, "id": held.id,
                       "sha256": held.sha256} for name, held in saved.already])
        return 0
    from evidencekit.i18n import _

    for exhibit in saved:  # the sentences about identifying metadata, after every import line
        for line in saved.notes.get(exhibit.id, []):
            print(f"  {exhibit.reference}: {line}")
    for name, held in saved.already:
        print(_("{name} is already in this case as {reference} (the same file, SHA-256 {sha256}); nothing new "
                "was stored.").format(name=name, reference=held.reference, sha256=held.sha256))
    return 0


def _print_imported(exhibit: Exhibit) -> None:
    print(f"Imported {exhibit.recorded.get('file_name')} as {exhibit.reference}, id {exhibit.id}, "
          f"fingerprint (SHA-256) {exhibit.sha256}", flush=True)


def _exhibits(args: argparse.Namespace) -> int:
    with open_case_from_args(args) as store:
        text = store.view(_listing_json if args.json else _listing_text)  # formatted in place: no state copy
    print(text)
    return 0


def _listing_json(state: CaseState) -> str:
    from evidencekit.capture.exhibits import exhibit_as_dict

    return json_with_rows({"case": state.id, "title": state.title}, "exhibits", state.exhibits, exhibit_as_dict)


def _listing_text(state: CaseState) -> str:
    if not state.exhibits:
        return "This case has no exhibits yet."
    lines = []
    for exhibit in state.exhibits:
        when = exhibit.recorded.get("time", {}).get("utc") or (
            f"({exhibit.kind})" if not exhibit.is_picture else "(imported: no capture time)")
        label = exhibit.fields.get("label") or exhibit.recorded.get("file_name") or ""
        category = exhibit.fields.get("category") or "-"
        lines.append(f"{exhibit.reference}  {exhibit.origin:<8}  {when}  {category:<14}  {exhibit.sha256}  {label}")
    return "\n".join(lines)


def _edit(args: argparse.Namespace) -> int:
    from evidencekit.capture.exhibits import edit_exhibit, exhibit_as_dict

    changes = _fields(args)
    with open_case_from_args(args) as store:
        exhibit = edit_exhibit(store, args.exhibit, changes)
    if args.json:
        print_json(exhibit_as_dict(exhibit))
    else:
        print(f"Updated {exhibit.reference}: {', '.join(sorted(changes))}. The original picture is unchanged.")
    return 0


def _remove(args: argparse.Namespace) -> int:
    from evidencekit.i18n import _
    from evidencekit.safeguarding import remove_for_safeguarding

    with open_case_from_args(args) as store:
        removed = remove_for_safeguarding(store, args.exhibit, reason=args.reason, confirm=args.confirm)
    if args.json:
        print_json(removed)
        return 0
    for entry in removed:
        print(_("Removed {reference} for safeguarding: its stored picture is destroyed. The custody log keeps "
                "its SHA-256 {sha256} and the reason (record {seq}).").format(**entry))
    return 0


def _export(args: argparse.Namespace) -> int:
    from evidencekit.capture.exhibits import export_original

    with open_case_from_args(args) as store:
        result = export_original(store, args.exhibit, Path(args.out))
    if args.json:
        print_json(result)
    else:
        print(f"Wrote the original of {result['exhibit']} to {result['path']} ({result['size']} bytes, "
              f"SHA-256 {result['sha256']}). The export is recorded in the case's custody journal.")
    return 0
