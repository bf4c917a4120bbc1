"""`evidencekit export|verify|demo` and `evidencekit case details`: the bundle for the police.

`case details` is registered into the lead's `case` group through register_case_details(case_sub).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from evidencekit.cli.common import add_case_argument, add_unlock_options, open_case_from_args, print_json
from evidencekit.errors import EvidenceKitError, UsageError
from evidencekit.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = sub.add_parser("export", help="make the PDF evidence bundle for the police")
    add_case_argument(export)
    export.add_argument("out", metavar="OUT.pdf", help="where to write the bundle (a new file)")
    export.add_argument("--force", action="store_true", help="replace OUT.pdf if it already exists")
    export.add_argument("--redact", action="append", default=[], metavar="EXHIBIT:X,Y,W,H",
                        help="cover a rectangle of an exhibit with a solid black box (repeat for more boxes); "
                             "its original is then withheld unless --include-redacted-originals. The boxes "
                             "and that choice are saved with the exhibit and apply to later exports too")
    export.add_argument("--originals", choices=("attach", "zip", "withhold"), default="attach",
                        help="attach the original files to the PDF (default), put them in a separate ZIP "
                             "with SHA256SUMS (smaller PDF for email), or leave them out")
    export.add_argument("--include-redacted-originals", action="store_true",
                        help="also hand over the unredacted originals of every redacted exhibit in this "
                             "bundle; given with --redact, the choice is also saved with those exhibits")
    export.add_argument("--include-location", action="store_true",
                        help="attach originals that hold the place where they were taken, a device serial number "
                             "or a name (by default a copy without those details is attached instead)")
    export.add_argument("--no-contact-details", action="store_true",
                        help="leave the victim's own contact details out of the bundle")
    export.add_argument("--no-sign", action="store_true", help="do not sign the PDF")
    export.add_argument("--no-statement", action="store_true",
                        help=_("leave out the producer's statement page (when the officer takes their own)"))
    export.add_argument("--statement-form", choices=("auto", "england-wales", "northern-ireland", "plain"),
                        default="auto", help=_("the declaration the statement follows (default: the case's "
                                               "country's, else a plain signed statement)"))
    export.add_argument("--language", metavar="LANG",
                        help="the language of the bundle, for the police who read it, e.g. es (default: the "
                             "language of the case's country, else English)")
    export.add_argument("--json", action="store_true", help="print machine-readable JSON")
    add_unlock_options(export)
    export.set_defaults(handler=_export)

    verify = sub.add_parser("verify", help="check an evidence bundle: signature, attached files, custody chain")
    verify.add_argument("bundle", metavar="BUNDLE.pdf")
    verify.add_argument("--expect-root", metavar="FINGERPRINT",
                        help=_("the SHA-256 fingerprint of the signing root, as the sender confirmed it to you by "
                               "another route; the bundle fails if it was signed under any other root"))
    verify.add_argument("--allow-unsigned", action="store_true",
                        help=_("let an unsigned bundle pass when every other check passes (nobody vouches for "
                               "such a file as a whole; the report says so first)"))
    verify.add_argument("--extract-signed", metavar="OUT.pdf",
                        help=_("when something was appended after the signature, also write the file as it was "
                               "signed to OUT.pdf (a new file), to check and read on its own"))
    verify.add_argument("--json", action="store_true", help="print machine-readable JSON")
    verify.add_argument("--tsa-roots", metavar="ROOTS.pem",
                        help="also trust these certificate authorities for the bundle's time stamps")
    verify.set_defaults(handler=_verify)

    demo = sub.add_parser("demo", help="make a sample bundle from made-up screenshots (no real person's data)")
    demo.add_argument("out", metavar="OUT.pdf")
    demo.add_argument("--json", action="store_true", help="print machine-readable JSON")
    demo.set_defaults(handler=_demo)


def register_case_details(case_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    details = case_sub.add_parser("details", help="set a case's details from a JSON file, or print them")
    add_case_argument(details)
    details.add_argument("--file", metavar="DETAILS.json",
                         help="set the details from this JSON file ('-' reads standard input); "
                              "the shape is described in docs/case-details.md")
    details.add_argument("--json", action="store_true", help="print machine-readable JSON")
    add_unlock_options(details)
    details.set_defaults(handler=_case_details)


def _print_handover(result: Any, profile: dict[str, Any]) -> None:
    """What to do with the bundle: the same words as the window's export page (resources/guidance)."""
    from evidencekit.guidance import load_guidance
    from evidencekit.guidance.handover import handover_paragraphs
    from evidencekit.guidance.plaintext import markdown_to_text

    guidance = load_guidance()
    country = guidance.country(str(profile.get("country") or "") or None)
    paragraphs = handover_paragraphs(
        guidance.handover_texts(), country, under_18=bool(profile.get("under_18")), size=result.size,
        size_text=f"{result.size / 1_048_576:.1f} MB", fingerprint=result.fingerprint,
        zip_name=result.zip_path.name if result.zip_path else None)
    print()
    print(_("What to do with the bundle:"))
    print(markdown_to_text("\n\n".join(paragraphs), 78, "  "))


def _progress_printer(enabled: bool) -> Any:
    def report(done: int, total: int, what: str) -> None:
        if enabled:
            print(f"\r[{done:>4}/{total}] {what[:60]:<60}", end="", file=sys.stderr, flush=True)
    return report


def _export(args: argparse.Namespace) -> int:
    from evidencekit.bundle.export import export_case  # reportlab only when exporting
    from evidencekit.bundle.model import BundleOptions
    from evidencekit.redaction import parse_redaction_spec

    requests = [parse_redaction_spec(spec) for spec in args.redact]
    out = Path(args.out)
    if out.exists() and not args.force:  # a typo must never turn a photo or an earlier bundle into this PDF
        raise UsageError(f"{out} already exists. Choose another name, or add --force to replace it. "
                         "Nothing was written.")
    options = BundleOptions(include_contact=not args.no_contact_details, originals=args.originals,
                            include_redacted_originals=args.include_redacted_originals,
                            include_location=args.include_location, sign=not args.no_sign,
                            language=args.language, statement=not args.no_statement,
                            statement_form=args.statement_form)
    show_progress = not args.json and sys.stderr.isatty()
    with open_case_from_args(args) as store:
        if store.read_only:  # a bundle is recorded in the custody journal: refuse before writing any file
            raise EvidenceKitError(f"The case folder {store.path} cannot be written (read-only disk or no "
                                   "permission), and an export must be recorded in its custody journal; copy "
                                   "the case folder somewhere writable and export from there. Nothing was written.")
        result = export_case(store, Path(args.out), options, redactions=requests,
                             progress=_progress_printer(show_progress), replace=args.force)
        profile = store.state().profile
    if show_progress:
        print(file=sys.stderr)
    if args.json:
        print_json(result.as_dict())
        return 0
    print(f"Bundle written: {result.path}")
    print(f"  {result.exhibits} exhibit(s), {result.pages} pages, {result.size / 1_048_576:.1f} MB")
    print(f"  SHA-256 of the PDF:  {result.sha256}")
    print(f"  Bundle fingerprint:  {result.fingerprint}")
    if result.signed:
        print(f"  Signing root:        {result.root_sha256}")
    else:
        print("  Not signed.")
    if result.zip_path:
        print(f"  Originals ZIP:       {result.zip_path} (SHA-256 {result.zip_sha256})")
    if result.shareable_copies:
        print(_("  {exhibits}: the original holds the place where it was taken, a device serial number or a name, "
                "so a copy without those details is attached instead (same pixels); the original stays in "
                "the case. Add --include-location to attach the originals.").format(
                    exhibits=", ".join(result.shareable_copies)))
    if result.identifying_included:
        print(_("  {exhibits}: attached as the original, which holds the place where it was taken, a device "
                "serial number or a name, as you chose.").format(exhibits=", ".join(result.identifying_included)))
    for warning in result.warnings:
        print(f"Note: {warning}")
    _print_handover(result, profile)
    return 0


def _verify(args: argparse.Namespace) -> int:
    from evidencekit.bundle.verify import VerifyOptions, format_result, parse_root_fingerprint, verify_bundle

    roots: list[bytes] = []
    if args.tsa_roots:
        from evidencekit.cli.timestamp_cmd import read_roots

        roots = read_roots(args.tsa_roots)
    expect_root = None
    if args.expect_root is not None:
        expect_root = parse_root_fingerprint(args.expect_root)
        if expect_root is None:
            raise UsageError(_("--expect-root needs the signing root's SHA-256 fingerprint: 64 characters 0-9 and "
                               "a-f (spaces or colons between groups are fine). Nothing was checked."))
    options = VerifyOptions(allow_unsigned=args.allow_unsigned, expect_root=expect_root)
    extract_to = Path(args.extract_signed) if args.extract_signed else None
    if extract_to is not None and extract_to.exists():
        raise UsageError(_("{out} already exists. Choose another name for the signed revision. Nothing was "
                           "checked or written.").format(out=extract_to))
    result = verify_bundle(Path(args.bundle), options, tsa_roots=roots)
    code = result.exit_code
    extracted: dict[str, Any] | None = None
    if extract_to is not None:
        from evidencekit.bundle.verify_revisions import extract_signed_revision

        try:
            extracted = {"path": str(extract_to), "size": extract_signed_revision(Path(args.bundle), extract_to)}
        except UsageError as exc:  # no single signature, or a damaged file: said after the report
            extracted = {"path": None, "problem": exc.message}
            code = code or exc.exit_code
    if args.json:
        report = {**result.as_dict(), "extracted_signed_revision": extracted}
        if result.unreadable:  # nothing could be checked: the report also has every command's error shape
            report = {"error": result.unreadable, "exit": code, **report}
        print_json(report)
        return code
    print(format_result(result), file=sys.stderr if result.unreadable else sys.stdout)
    if extracted and extracted["path"]:
        print(_("The file as it was signed ({size} bytes) was written to {out}. Check it on its own with: "
                "evidencekit verify {out}").format(size=extracted["size"], out=extract_to))
    elif extracted:
        print(extracted["problem"], file=sys.stderr)
    return code


def _demo(args: argparse.Namespace) -> int:
    from evidencekit.bundle.demo import make_demo_bundle

    result = make_demo_bundle(Path(args.out))
    if args.json:
        print_json(result.as_dict())
        return 0
    print(f"Sample bundle written: {result.path} ({result.exhibits} made-up exhibits, {result.pages} pages).")
    print("Everything in it is invented: no real person's data. Check it with: evidencekit verify "
          f"{result.path}")
    return 0


def _read_details_file(name: str) -> Any:
    from evidencekit.json_input import MAX_DETAILS_BYTES, load_json, too_large

    what = f"The details file {name}"
    try:
        if name == "-":
            raw = sys.stdin.buffer.read(MAX_DETAILS_BYTES + 1)
        else:
            with open(name, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                if size > MAX_DETAILS_BYTES:
                    raise too_large(what, size, MAX_DETAILS_BYTES)
                raw = handle.read(MAX_DETAILS_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"The details file {name} cannot be read ({exc.strerror}).") from exc
    if len(raw) > MAX_DETAILS_BYTES:
        raise too_large(what, len(raw), MAX_DETAILS_BYTES)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"The details file {name} is not UTF-8 text.") from None
    return load_json(text, what)


def _case_details(args: argparse.Namespace) -> int:
    from evidencekit.details import set_details, stored_details, validate_details

    raw = _read_details_file(args.file) if args.file else None
    if raw is not None:
        validate_details(raw)  # before the case is opened: a bad file never needs the passphrase
    with open_case_from_args(args) as store:
        if raw is not None:
            event = set_details(store, raw)
            details = event.data["details"]
        else:
            details = stored_details(store.state().details)
    if args.json:
        print_json(details)
    elif raw is not None:
        print(f"Case details saved ({_details_summary(details)}).")
    else:
        print(json.dumps(details, indent=2, ensure_ascii=False))
    return 0


def _details_summary(details: dict[str, Any]) -> str:
    return (f"{len(details['suspect_accounts'])} suspect account(s), {len(details['demands'])} demand(s), "
            f"paid: {details['paid']['status']}")
