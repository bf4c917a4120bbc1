"""`evidencekit case handover` (who received which bundle, and a signed receipt) and `case labels`
(exhibit labels from the producer's initials, JS/1, JS/2 ...)."""

from __future__ import annotations

import argparse
from pathlib import Path

from evidencekit.cli.common import add_case_argument, add_unlock_options, open_case_from_args, print_json
from evidencekit.errors import EvidenceKitError, UsageError
from evidencekit.i18n import _


def register_case_handover(case_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    handover = case_sub.add_parser("handover", help=_("record who received a bundle, and make a receipt to "
                                                      "countersign"))
    add_case_argument(handover)
    handover.add_argument("--to", required=True, metavar="WHO",
                          help=_("who received it, e.g. 'PC 1234 Smith, Example Police'"))
    handover.add_argument("--reference", default="", metavar="REF", help=_("the crime reference, if there is one"))
    handover.add_argument("--date", default="", metavar="DATE",
                          help=_("when it was handed over (2026-12-03 or 2026-12-03T15:30; default: now)"))
    handover.add_argument("--bundle", default="", metavar="SHA256",
                          help=_("which export (the start of its PDF SHA-256 or fingerprint; default: the latest)"))
    handover.add_argument("--receipt", metavar="RECEIPT.pdf", help=_("where to write the receipt (a new file)"))
    handover.add_argument("--no-sign", action="store_true", help=_("do not sign the receipt"))
    handover.add_argument("--json", action="store_true", help=_("print machine-readable JSON"))
    add_unlock_options(handover)
    handover.set_defaults(handler=_handover)

    labels = case_sub.add_parser("labels", help=_("label the exhibits with the producer's initials (JS/1, JS/2 ...)"))
    add_case_argument(labels)
    labels.add_argument("--initials", required=True, metavar="JS",
                        help=_("the initials of the person who produced the exhibits; '' turns the labels off"))
    labels.add_argument("--json", action="store_true", help=_("print machine-readable JSON"))
    add_unlock_options(labels)
    labels.set_defaults(handler=_labels)


def _writable(store: object) -> None:
    if getattr(store, "read_only", False):
        raise EvidenceKitError(_("The case folder cannot be written, and this is recorded in its custody journal; "
                                 "nothing was done."))


def _handover(args: argparse.Namespace) -> int:
    from evidencekit import __version__
    from evidencekit.bundle.handover import record_handover, write_receipt

    receipt = Path(args.receipt) if args.receipt else None
    if receipt is not None and receipt.exists():
        raise UsageError(_("{path} already exists. Choose another name for the receipt. Nothing was done.").format(
            path=receipt))
    if receipt is not None and not receipt.parent.is_dir():
        raise UsageError(_("The folder {folder} does not exist.").format(folder=receipt.parent))
    with open_case_from_args(args) as store:
        _writable(store)
        event = record_handover(store, to=args.to, reference=args.reference, date=args.date, bundle=args.bundle)
        receipt_sha = write_receipt(store.state(), event, receipt, app=f"evidencekit {__version__}", identity=None,
                                    sign=not args.no_sign, events=store.events()) if receipt is not None else None
    result = {"record": event.seq, **event.data, "receipt": str(receipt) if receipt else None,
              "receipt_sha256": receipt_sha}
    if args.json:
        print_json(result)
        return 0
    print(_("Hand-over recorded in the custody journal (record {seq}): bundle {sha} to {to}.").format(
        seq=event.seq, sha=str(event.data["bundle"]["sha256"])[:16] + "…", to=event.data["to"]))
    if receipt is not None:
        print(_("Receipt written: {path} (SHA-256 {sha}). Print it for the officer to countersign.").format(
            path=receipt, sha=receipt_sha))
    return 0


def _labels(args: argparse.Namespace) -> int:
    from evidencekit.bundle.statement import LABELS_ACTION, check_initials, producer_labels

    initials = check_initials(args.initials)
    with open_case_from_args(args) as store:
        _writable(store)
        store.append_event(LABELS_ACTION, {"initials": initials})
        state = store.state()
        labels = producer_labels(store.events(), state.exhibits)
        rows = [{"reference": e.reference, "label": labels.get(e.id, "")} for e in state.exhibits]
    if args.json:
        print_json({"initials": initials, "exhibits": rows})
        return 0
    if not initials:
        print(_("Exhibit labels are off: exhibits are named EK-001, EK-002 ..."))
    for row in rows:
        print(f"{row['label']:8} {row['reference']}")  # i18n: not shown
    return 0
