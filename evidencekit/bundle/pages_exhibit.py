"""One page per exhibit: reference, the picture fitted to the page, and every recorded fact beside it.

The facts table is measured first and the picture gets the rest of the page, so a long note never
pushes the picture onto a page of its own.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Table, TableStyle

from evidencekit.bundle import wording
from evidencekit.bundle.blocks import Cell, facts_table, gap, hash_text, para
from evidencekit.bundle.facts import local_text, method_text, size_text, utc_text
from evidencekit.bundle.layout import ExhibitPicture, SectionMark
from evidencekit.bundle.model import BundleContent, ExhibitPlan
from evidencekit.bundle.pages_text import picture_words, transcript_pages
from evidencekit.bundle.styles import BLACK, FRAME_HEIGHT, FRAME_WIDTH, SHADE
from evidencekit.categories import category_name, clock_name, role_name
from evidencekit.i18n import _

HEADER_HEIGHT = 17 * mm
BANNER_HEIGHT = 16 * mm
MIN_PICTURE = 55 * mm
IMPORT_LABELS = ("file_name", "file_modified", "exif_time")
LABEL_IN_HEADER = 90
LABEL_ON_PAGE = 300


def _event_stamp(content: BundleContent, seq: int) -> dict[str, Any]:
    for line in content.journal.lines:
        if line.get("seq") == seq:
            return dict(line.get("time") or {})
    return {}


def _event_actor(content: BundleContent, seq: int) -> str:
    for line in content.journal.lines:
        if line.get("seq") == seq:
            actor = line.get("actor") or {}
            return " ".join(v for v in (role_name(str(actor.get("role", ""))), str(actor.get("name", ""))) if v)
    return ""


def identifying_details(kinds: list[str]) -> str:
    """'the place where it was taken and a device serial number' (the kinds, never the values)."""
    names = [wording.IDENTIFYING_KINDS.get(kind, kind) for kind in kinds]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " " + wording.AND + " " + names[-1]


def _identifying_rows(content: BundleContent, plan: ExhibitPlan) -> list[tuple[str, Cell]]:
    details = identifying_details(plan.identifying)
    if plan.copy is None or plan.copy.disposition == "withheld":
        if plan.original_disposition == "withheld":
            return []  # the original's row says it is withheld; the copy stays with it
        return [(wording.IDENTIFYING_LABEL, wording.IDENTIFYING_INCLUDED.format(details=details))]
    where = wording.COPY_WHERE[plan.copy.disposition].format(file=plan.copy.file, zip=content.zip_name or "",
                                                            details=details)
    return [(wording.COPY_LABEL, _("{where} ({size} bytes)").format(where=where, size=plan.copy.size)),
            (wording.COPY_SHA256, hash_text(plan.copy.sha256))]


def _disposition(content: BundleContent, plan: ExhibitPlan) -> str:
    if plan.identifying and plan.original_disposition == "withheld" and not plan.redacted:
        return wording.ORIGINAL_WITHHELD_IDENTIFYING.format(details=identifying_details(plan.identifying))
    template = wording.DISPOSITION[plan.original_disposition]
    return template.format(file=plan.original_file, zip=content.zip_name or "")


def _claim_text(value: Any) -> str:
    if isinstance(value, dict):
        return local_text(value) if "local" in value else ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value) if value not in (None, "") else wording.NOT_GIVEN


def _exif_tag(recorded: dict[str, Any], key: str) -> str:
    exif = recorded.get("exif")
    value = exif.get(key) if isinstance(exif, dict) else None
    return str(value) if value not in (None, "") else ""


def exif_time_text(recorded: dict[str, Any]) -> str:
    """The picture's EXIF time: DateTimeOriginal (the importer's exif_time); when only DateTime (the time
    the file was last written, often by an editing app) is there, say exactly that."""
    from evidencekit.capture.picture_times import exif_time, readable

    if recorded.get("exif_time") not in (None, ""):
        claim = exif_time(recorded.get("exif_time"), _exif_tag(recorded, "offset_time_original"))
        return readable(claim, wording.ZONE_UNKNOWN) if claim else _claim_text(recorded.get("exif_time"))
    written = _exif_tag(recorded, "date_time")
    if written:
        claim = exif_time(written, _exif_tag(recorded, "offset_time"))
        return wording.EXIF_ONLY_DATETIME.format(date_time=readable(claim, wording.ZONE_UNKNOWN) if claim else written)
    return wording.NOT_GIVEN


def exhibit_facts(content: BundleContent, plan: ExhibitPlan) -> list[tuple[str, Cell]]:
    exhibit = plan.exhibit
    labels = wording.EXHIBIT_FACTS
    fields = exhibit.fields
    recorded = exhibit.recorded
    rows: list[tuple[str, Cell]] = [
        (labels["category"], category_name(fields.get("category") or "") or wording.NOT_GIVEN),
        (labels["label"], shortened(fields.get("label") or wording.NOT_GIVEN, LABEL_ON_PAGE)),
    ]
    if exhibit.origin == "captured":
        stamp = recorded.get("time") if isinstance(recorded.get("time"), dict) else {}
        rows += [
            (labels["origin"], wording.ORIGIN_CAPTURED),
            (labels["captured_utc"], utc_text(stamp)),
            (labels["captured_local"], local_text(stamp)),
            *_identity_rows(content, plan),
            (labels["clock"], clock_name(str(recorded.get("clock_source") or "")) or wording.NOT_GIVEN),
            (labels["method"], method_text(recorded)),
        ]
        window = recorded.get("foreground_window") or {}
        if isinstance(window, dict) and window.get("title"):
            rows.append((labels["window"], str(window["title"])))
    else:
        stamp = _event_stamp(content, exhibit.event_seq)
        rows += [
            (labels["origin"], wording.ORIGIN_IMPORTED),
            (labels["imported_utc"], utc_text(stamp)),
            (labels["imported_local"], local_text(stamp)),
            *_identity_rows(content, plan),
        ]
        rows += [(labels[key], exif_time_text(recorded) if key == "exif_time" else _claim_text(recorded.get(key)))
                 for key in IMPORT_LABELS]
        if plan.gps_time is not None:
            from evidencekit.capture.picture_times import readable

            rows.append((wording.GPS_TIME_LABEL, readable(plan.gps_time, wording.ZONE_UNKNOWN)))
        if recorded.get("format"):
            rows.append((_("File format"), str(recorded["format"])))
        exif = recorded.get("exif")
        if isinstance(exif, dict) and exif:
            rows.append((_("Other EXIF data (claimed)"), "; ".join(f"{k}: {v}" for k, v in sorted(exif.items()))))
    software: dict[str, Any] = recorded.get("software") or {} if isinstance(recorded.get("software"), dict) else {}
    system: dict[str, Any] = recorded.get("os") or {} if isinstance(recorded.get("os"), dict) else {}
    if software or system:
        made_with = ", ".join(part for part in (
            f"evidencekit {software.get('evidencekit')}" if software.get("evidencekit") else "",
            " ".join(str(system.get(k, "")) for k in ("system", "release") if system.get(k)),
            _("{session} session").format(session=system["session"]) if system.get("session") else "") if part)
        rows.append((_("Recorded with"), made_with or wording.NOT_GIVEN))
    rows += [
        (labels["platform"], fields.get("platform") or wording.NOT_GIVEN),
        (labels["url"], fields.get("url") or wording.NOT_GIVEN),
        (labels["message_time"], fields.get("message_time") or wording.NOT_GIVEN),
        (labels["pixels"], size_text(plan.width, plan.height)),
    ]
    if fields.get("notes"):
        rows.append((labels["notes"], fields["notes"]))
    rows += _linked_rows(content, exhibit.id)
    actor = _event_actor(content, exhibit.event_seq)
    rows.append((labels["recorded_by"], _("{actor}; custody record #{seq}").format(actor=actor or wording.NOT_GIVEN,
                                                                                 seq=exhibit.event_seq)))
    return rows


def _linked_rows(content: BundleContent, exhibit_id: str) -> list[tuple[str, Cell]]:
    """'Same picture as EK-001 (the same pixels); it is covered and withheld the same way' (exhibit.linked)."""
    for line in content.journal.lines:
        data = line.get("data") or {}
        if line.get("action") == "exhibit.linked" and line.get("object") == exhibit_id:
            same = wording.LINKED_SAME_FILE if data.get("same") == "file" else wording.LINKED_SAME_PIXELS
            return [(wording.LINKED_LABEL, wording.LINKED_TEXT.format(reference=data.get("reference", ""),
                                                                      same=same, seq=line.get("seq")))]
    return []


def shortened(text: str, limit: int) -> str:
    """`text` cut to `limit` characters for the page; the full text is in manifest.json."""
    return text if len(text) <= limit else _("{text}… (full text in manifest.json)").format(
        text=text[:limit].rstrip())


def _identity_rows(content: BundleContent, plan: ExhibitPlan) -> list[tuple[str, Cell]]:
    """The hashes and where the files are: early in the table, so they stay on the exhibit's own page."""
    exhibit = plan.exhibit
    labels = wording.EXHIBIT_FACTS
    rows: list[tuple[str, Cell]] = [
        (labels["sha256"], hash_text(exhibit.sha256)),
        (labels["original"], _("{where} ({size} bytes, {media_type})").format(
            where=_disposition(content, plan), size=exhibit.size, media_type=exhibit.media_type)),
    ]
    if plan.identifying:
        rows += _identifying_rows(content, plan)
    if plan.redacted and plan.view_sha256:
        rows.append((labels["view_sha256"], hash_text(plan.view_sha256)))
        rows.append((_("Redacted view file"), _("attached to this PDF as {file}").format(file=plan.view_file)))
    return rows


def _header(plan: ExhibitPlan, content: BundleContent | None = None) -> Table:
    exhibit = plan.exhibit
    category = category_name(exhibit.fields.get("category") or "")
    tag = _("CAPTURED · {category}") if exhibit.origin == "captured" else _("IMPORTED · {category}")
    label = content.labels.get(exhibit.id, "") if content is not None else ""
    reference = _("Exhibit {reference}").format(reference=exhibit.reference)
    if label:
        reference = _("{reference}  ·  {label}").format(reference=reference, label=label)
    left = [para(reference, "exhibit_ref"),
            para(shortened(exhibit.fields.get("label") or category, LABEL_IN_HEADER), "subtitle")]
    right = para(tag.format(category=(category or category_name("other")).upper()), "cell_head")
    table = Table([[left, right]], colWidths=[FRAME_WIDTH - 60 * mm, 60 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (1, 0), (1, 0), "RIGHT"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def redacted_note(content: BundleContent, plan: ExhibitPlan) -> str:
    """The note beside REDACTED VIEW: says whether the uncovered original is in this bundle, as it is."""
    template = wording.REDACTED_NOTE[plan.original_disposition]
    return template.format(file=plan.original_file, zip=content.zip_name or "")


def _redacted_banner(content: BundleContent, plan: ExhibitPlan) -> Table:
    table = Table([[para(wording.REDACTED_BANNER, "banner"), para(redacted_note(content, plan), "small")]],
                  colWidths=[38 * mm, FRAME_WIDTH - 38 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (0, 0), BLACK),
        ("BACKGROUND", (1, 0), (1, 0), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def exhibit_page(content: BundleContent, plan: ExhibitPlan, first: bool) -> list[Flowable]:
    exhibit = plan.exhibit
    facts = facts_table(exhibit_facts(content, plan), label_width=44 * mm)
    _w, facts_height = facts.wrap(FRAME_WIDTH, FRAME_HEIGHT)
    reserved = HEADER_HEIGHT + facts_height + 14 * mm + (BANNER_HEIGHT if plan.redacted else 0)
    picture_height = max(MIN_PICTURE, FRAME_HEIGHT - reserved)
    note = wording.REDACTED_VIEW_NOTE if plan.redacted else (
        wording.EXACT_VIEW_NOTE if plan.exact_view else wording.VIEW_NOTE)
    story: list[Flowable] = []
    if first:
        story.append(SectionMark("exhibits", wording.SECTION_EXHIBITS))
    story += [
        SectionMark(f"exhibit-{exhibit.reference}", f"{exhibit.reference} {exhibit.fields.get('label', '')}".strip(),
                    level=1),
        _header(plan, content),
        gap(2),
    ]
    if plan.redacted:
        story += [_redacted_banner(content, plan), gap(2)]
    story += [
        ExhibitPicture(plan.index, plan.width, plan.height, FRAME_WIDTH, picture_height, plan.redacted,
                       words=picture_words(plan)),
        para(note, "small"),
        gap(1),
        facts,
        PageBreak(),
        *transcript_pages(content, plan),
    ]
    return story


def exhibit_pages(content: BundleContent) -> list[Flowable]:
    story: list[Flowable] = []
    for plan in content.plans:
        story += exhibit_page(content, plan, first=not story)
    return story



def exhibit_stand_in(plan: ExhibitPlan, first: bool, content: BundleContent | None = None) -> list[Flowable]:
    """One cheap page for the numbering pass (a real picture page is laid out to fit one), then the
    picture's transcript pages as they really are (text only: cheap to lay out twice)."""
    story: list[Flowable] = [SectionMark("exhibits", wording.SECTION_EXHIBITS)] if first else []
    text = transcript_pages(content, plan) if content is not None else []
    return [*story, SectionMark(f"exhibit-{plan.exhibit.reference}", plan.exhibit.reference, level=1),
            gap(1), PageBreak(), *text]


def exhibit_stand_ins(content: BundleContent) -> list[Flowable]:
    """One cheap page per picture exhibit for the numbering pass."""
    story: list[Flowable] = []
    for plan in content.plans:
        story += exhibit_stand_in(plan, not story, content)
    return story
