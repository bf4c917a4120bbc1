"""Hand-over: who received which bundle, when, under which crime reference; and a one-page signed receipt.

`record_handover` appends `bundle.handed_over` to the custody journal:
    {"to": "PC 1234 Smith, Example Police", "reference": "EX/123/26", "date": "2026-12-03" (as given, or
     the record's own time), "bundle": {"sha256", "fingerprint", "file_name", "export_record",
     "signing_root_sha256"}, "exhibits": ["EK-001", ...]}
naming the bundle by the SHA-256 of its PDF as recorded by its `bundle.exported` record (the latest
export unless another is named). Every later bundle's chain of custody shows it. `write_receipt` makes a
one-page PDF naming the same facts, with space for the officer to countersign, signed with this
installation's signing identity like the bundle.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from evidencekit.errors import UsageError
from evidencekit.i18n import _

ACTION = "bundle.handed_over"
MAX_TEXT = 300
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$")


def _exported(store: Any, bundle: str) -> dict[str, Any]:
    exports = [export for export in store.state().exports if export.get("sha256")]
    if not exports:
        raise UsageError(_("This case has no exported bundle yet. Export the bundle first, then record its "
                           "hand-over."))
    if not bundle:
        return dict(exports[-1])
    wanted = bundle.strip().lower()
    found = [e for e in exports if len(wanted) >= 8 and (str(e.get("sha256", "")).startswith(wanted)
                                                          or str(e.get("fingerprint", "")).startswith(wanted))]
    if len(found) != 1:
        raise UsageError(_("No single exported bundle of this case has the SHA-256 or fingerprint {value!r} "
                           "(give at least 8 characters of one printed by 'evidencekit export').").format(value=bundle))
    return dict(found[0])


def _text(value: str, what: str, *, required: bool) -> str:
    from evidencekit.text_safety import check_text

    value = value.strip()
    if required and not value:
        raise UsageError(_("Say who received the bundle with --to (for example 'PC 1234 Smith, Example Police')."))
    if len(value) > MAX_TEXT:
        raise UsageError(_("{what} is too long (at most {most} characters).").format(what=what, most=MAX_TEXT))
    check_text(value, what, limit=MAX_TEXT)  # one line, no control or direction characters
    return value


def record_handover(store: Any, *, to: str, reference: str = "", date: str = "", bundle: str = "") -> Any:
    """Append the `bundle.handed_over` record; returns it."""
    receiver = _text(to, _("The receiver"), required=True)
    crime = _text(reference, _("The reference"), required=False)
    when = date.strip()
    if when and not _DATE.match(when):
        raise UsageError(_("--date is a date like 2026-12-03, or a date and time like 2026-12-03T15:30."))
    export = _exported(store, bundle)
    return store.append_event(ACTION, {
        "to": receiver, "reference": crime, "date": when,
        "bundle": {"sha256": export.get("sha256"), "fingerprint": export.get("fingerprint"),
                   "file_name": export.get("file_name"), "export_record": export.get("seq"),
                   "signing_root_sha256": export.get("signing_root_sha256")},
        "exhibits": list(export.get("exhibits") or []),
    })


def receipt_pdf(state: Any, event: Any, *, app: str, events: Any = ()) -> bytes:
    """The unsigned one-page receipt for the hand-over `event` (reportlab, the bundle's fonts and styles)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    from evidencekit.bundle.blocks import facts_table, gap, hash_text, para
    from evidencekit.bundle.facts import utc_text
    from evidencekit.bundle.layout import neutral_title
    from evidencekit.bundle.statement import producer_labels
    from evidencekit.bundle.styles import ACCENT, FRAME_WIDTH, RULE

    data = event.data
    bundle = data.get("bundle") or {}
    by_id = producer_labels(events, state.exhibits)
    labels = {exhibit.reference: by_id[exhibit.id] for exhibit in state.exhibits if exhibit.id in by_id}
    exhibits = ", ".join(f"{labels[ref]} ({ref})" if ref in labels else ref
                         for ref in data.get("exhibits") or []) or "—"
    actor = event.actor if isinstance(event.actor, dict) else {}
    by = " ".join(v for v in (str(actor.get("role", "")), str(actor.get("name", ""))) if v)
    facts = [
        (_("Case id"), state.id),
        (_("Crime reference"), data.get("reference") or "—"),
        (_("Bundle file"), str(bundle.get("file_name") or "")),
        (_("SHA-256 of the PDF"), hash_text(str(bundle.get("sha256") or ""))),
        (_("Bundle fingerprint"), hash_text(str(bundle.get("fingerprint") or ""))),
        (_("Signing root"), hash_text(str(bundle.get("signing_root_sha256") or "")) if
         bundle.get("signing_root_sha256") else _("not signed")),
        (_("Exhibits"), exhibits),
        (_("Handed over by"), by),
        (_("Received by"), str(data.get("to") or "")),
        (_("Date of hand-over"), str(data.get("date") or "") or utc_text(event.time)),
        (_("Recorded"), _("custody record {seq}, {time}").format(seq=event.seq, time=utc_text(event.time))),
    ]

    def signatures(title: str) -> Table:
        rows = [[para(title, "cell_bold"), ""], [para(_("Signature"), "label"), ""],
                [para(_("Name"), "label"), ""], [para(_("Date and time"), "label"), ""]]
        table = Table(rows, colWidths=[30 * mm, FRAME_WIDTH / 2 - 36 * mm], rowHeights=[None, 14 * mm, 9 * mm, 9 * mm],
                      hAlign="LEFT")
        table.setStyle(TableStyle([("SPAN", (0, 0), (1, 0)), ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                                   ("LINEBEFORE", (0, 0), (0, -1), 3, ACCENT), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                   ("LINEBELOW", (1, 1), (1, -1), 0.5, RULE),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 6), ("LEFTPADDING", (0, 0), (-1, -1), 6)]))
        return table

    officer = signatures(_("Received by (officer: name, number and force)"))
    giver = signatures(_("Handed over by"))
    both = Table([[giver, officer]], colWidths=[FRAME_WIDTH / 2, FRAME_WIDTH / 2], hAlign="LEFT")
    both.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story = [
        para(_("HAND-OVER RECEIPT"), "kicker"),
        para(_("Evidence bundle handed over"), "title"),
        para(_("This receipt records that the evidence bundle named below was handed over. The bundle is "
               "identified by the SHA-256 of its PDF file; anyone can compute it (sha256sum, certutil -hashfile "
               "FILE SHA256, shasum -a 256) and compare. The same record is in the case's custody journal and "
               "in the chain of custody of every bundle made after it."), "body"),
        gap(3),
        facts_table(facts),
        gap(6),
        both,
        gap(4),
        para(_("Made by {app}. This page is digitally signed with the same certificate as the bundle.").format(
            app=app), "small"),
    ]
    from evidencekit.bundle.fonts import register_fonts

    register_fonts()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=(A4[0] - FRAME_WIDTH) / 2,
                            rightMargin=(A4[0] - FRAME_WIDTH) / 2, topMargin=18 * mm, bottomMargin=18 * mm,
                            title=neutral_title(state.id), author="evidencekit", subject=_("Hand-over receipt"),
                            invariant=1)
    doc.build(story)
    return out.getvalue()


def write_receipt(state: Any, event: Any, out_path: Path, *, app: str, identity: Any | None, sign: bool = True,
                  events: Any = ()) -> str:
    """Write the receipt (signed unless sign=False) atomically to `out_path`; returns its SHA-256."""
    import hashlib

    from evidencekit.fsio import atomic_write

    unsigned = receipt_pdf(state, event, app=app, events=events)
    data = unsigned
    if sign:
        from evidencekit.bundle.signing import load_or_create_identity, sign_pdf_file
        from evidencekit.paths import settings_dir

        identity = identity or load_or_create_identity(settings_dir())
        signed = io.BytesIO()
        sign_pdf_file(identity, io.BytesIO(unsigned), signed)
        data = signed.getvalue()
    atomic_write(out_path, data, overwrite=True)
    return hashlib.sha256(data).hexdigest()
