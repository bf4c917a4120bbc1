"""The pages of the platform's own chat records: the archive as received (facts, never its contents),
and each transcript made from it, one line per message, as searchable text."""

from __future__ import annotations

import json
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from evidencekit.bundle import wording
from evidencekit.bundle.blocks import Cell, facts_table, gap, grid, hash_text, notice, para
from evidencekit.bundle.facts import local_text, utc_text
from evidencekit.bundle.layout import SectionMark
from evidencekit.bundle.model import BundleContent, BundleOptions, DocumentPlan, ReadObject
from evidencekit.bundle.styles import FRAME_WIDTH
from evidencekit.errors import IntegrityError
from evidencekit.i18n import N_, _
from evidencekit.store.state import Exhibit

ARCHIVE_WITHHELD = N_("withheld: the archive holds the victim's other conversations too; it is kept sealed in the "
                      "case, byte for byte, and is available on request")
MESSAGE_ON_PAGE = 2500  # characters of one message on the page (a table row cannot run over a page)
TRANSCRIPT_LIMITS = N_("This is the copy the platform gave the victim; the platform's own records can be requested "
                       "by the police.")


def document_plan(exhibit: Exhibit, read_object: ReadObject, options: BundleOptions) -> DocumentPlan:
    if exhibit.kind == "chat archive":
        return DocumentPlan(exhibit, f"{exhibit.reference}.zip" if exhibit.media_type == "application/zip"
                            else f"{exhibit.reference}.bin", "withheld")
    data = read_object(exhibit.id)
    try:
        document = json.loads(data)
    except ValueError as exc:
        raise IntegrityError(_("The transcript {reference} cannot be read; run 'evidencekit case verify'. No "
                               "bundle was written.").format(reference=exhibit.reference)) from exc
    disposition = "withheld" if options.originals == "withhold" else "attached"
    return DocumentPlan(exhibit, f"{exhibit.reference}.json", disposition, document, data)


def _stamp(content: BundleContent, exhibit: Exhibit) -> dict[str, Any]:
    for line in content.journal.lines:
        if line.get("seq") == exhibit.event_seq:
            return dict(line.get("time") or {})
    return {}


def _header(plan: DocumentPlan, tag: str, first: bool, content: BundleContent | None = None) -> list[Flowable]:
    exhibit = plan.exhibit
    label = content.labels.get(exhibit.id, "") if content is not None else ""
    story: list[Flowable] = [SectionMark("exhibits", wording.SECTION_EXHIBITS)] if first else []
    return [*story, SectionMark(f"exhibit-{exhibit.reference}",
                                f"{exhibit.reference} {exhibit.fields.get('label', '')}".strip(), level=1),
            para(f"Exhibit {exhibit.reference}" + (f"  ·  {label}" if label else ""), "exhibit_ref"),
            para(f"{tag} · {exhibit.fields.get('label', '')}", "subtitle"), gap(2)]


def archive_page(content: BundleContent, plan: DocumentPlan, first: bool) -> list[Flowable]:
    exhibit = plan.exhibit
    recorded = exhibit.recorded
    archive = _archive_facts(content, exhibit)
    stamp = _stamp(content, exhibit)
    made = [e.exhibit.reference for e in content.documents if e.exhibit.derived_from == exhibit.id]
    modified = recorded.get("file_modified")
    rows: list[tuple[str, Cell]] = [
        (_("Origin"), _("Imported: the platform's own copy of the chat (a data download or chat export), given by "
                        "the victim")),
        (_("Imported (UTC)"), utc_text(stamp)),
        (_("Imported (local)"), local_text(stamp)),
        (_("SHA-256 of the archive"), hash_text(exhibit.sha256)),
        (_("Archive"), f"{_(ARCHIVE_WITHHELD)} ({exhibit.size} bytes, {exhibit.media_type})"),
        (_("File name (claimed)"), str(recorded.get("file_name") or wording.NOT_GIVEN)),
        (_("File modified (claimed)"), local_text(modified) if isinstance(modified, dict) else wording.NOT_GIVEN),
        (_("Stored as"), str(recorded.get("stored_as") or "")),
        (_("Format read"), str(archive.get("format") or _("not recognised"))),
        (_("Version read"), str(archive.get("version") or "-")),
        (_("Conversations in it"), str(archive.get("threads", 0))),
        (_("Transcripts made from it"), ", ".join(made) or _("none in this bundle")),
    ]
    if archive.get("problem"):
        rows.append((_("Why it was not read"), str(archive["problem"])))
    rows += [(_("Claims"), str(recorded.get("claims_note") or "")),
             (_("Recorded by"), _("custody record #{seq}").format(seq=exhibit.event_seq))]
    return [*_header(plan, _("IMPORTED · CHAT ARCHIVE"), first, content), facts_table(rows, label_width=44 * mm),
            gap(3), notice(_("Limits"), _(TRANSCRIPT_LIMITS)), PageBreak()]


def _archive_facts(content: BundleContent, exhibit: Exhibit) -> dict[str, Any]:
    for line in content.journal.lines:
        if line.get("seq") == exhibit.event_seq:
            archive = (line.get("data") or {}).get("archive")
            return archive if isinstance(archive, dict) else {}
    return {}


def _message_cells(content: BundleContent, message: dict[str, Any]) -> list[Cell]:
    when = f"{str(message.get('utc', '')).replace('T', ' ').removesuffix('Z')} UTC\n" \
           f"{str(message.get('local', '')).replace('T', ' ')}"
    text = str(message.get("text") or "")
    if len(text) > MESSAGE_ON_PAGE:
        text = text[:MESSAGE_ON_PAGE] + _("… (the whole text is in the transcript file)")
    parts = [text]
    for item in message.get("attachments") or []:
        if item.get("included"):
            shown = content.reference_for(str(item.get("sha256", "")))
            parts.append(_("[{kind} {name}, SHA-256 {sha256}{exhibit}]").format(
                kind=item.get("kind", "file"), name=item.get("name", ""), sha256=item.get("sha256", ""),
                exhibit=_(", shown as {reference}").format(reference=shown) if shown else ""))
        else:
            parts.append(_("[{kind} {name}, not included in the archive]").format(
                kind=item.get("kind", "file"), name=item.get("name", "")))
    notes = [str(n) for n in message.get("notes") or []]
    if message.get("kind") not in (None, "message"):
        notes.insert(0, str(message["kind"]))
    if notes:
        parts.append(f"({'; '.join(notes)})")
    sender = str(message.get("sender") or "-")
    if message.get("sender_id"):
        sender += f"\nid {message['sender_id']}"
    return [str(message.get("n", "")), when, sender, "\n".join(p for p in parts if p)]


def transcript_pages(content: BundleContent, plan: DocumentPlan, first: bool) -> list[Flowable]:
    exhibit = plan.exhibit
    document = plan.transcript or {}
    thread = document.get("thread") or {}
    source = document.get("source") or {}
    stamp = _stamp(content, exhibit)
    where = _("attached to this PDF as {file}").format(file=plan.original_file) if plan.original_disposition == \
        "attached" else _("withheld from this bundle (every original was withheld)")
    archive_ref = content.reference_for(str(source.get("sha256", ""))) or str(source.get("exhibit", ""))
    rows: list[tuple[str, Cell]] = [
        (_("Origin"), _("Made by evidencekit from {archive}, the platform's own copy of the chat: one line per "
                        "message as the platform recorded it").format(archive=archive_ref)),
        (_("Made (UTC)"), utc_text(stamp)),
        (_("SHA-256 of this transcript"), hash_text(exhibit.sha256)),
        (_("Transcript file"), f"{where} ({exhibit.size} bytes, {exhibit.media_type})"),
        (_("Made from"), f"{archive_ref}, SHA-256 {source.get('sha256', '')}"),
        (_("Format and version read"), f"{source.get('format', '')}; {source.get('version', '')}"),
        (_("Conversation"), str(thread.get("title") or "")),
        (_("Participants (as the platform names them)"), ", ".join(thread.get("participants") or [])),
        (_("Messages"), _("{count}, from {first} to {last}").format(
            count=thread.get("messages", 0), first=str(thread.get("first_utc", "")).replace("T", " "),
            last=str(thread.get("last_utc", "")).replace("T", " "))),
        (_("Local times shown in"), str(document.get("time_zone") or "")),
        (_("How to read it"), " ".join(str(n) for n in document.get("notes") or [])),
    ]
    lines = [_message_cells(content, message) for message in document.get("messages") or []]
    return [*_header(plan, _("DERIVED · CHAT TRANSCRIPT"), first, content), facts_table(rows, label_width=44 * mm),
            gap(2),
            notice(_("Limits"), _(TRANSCRIPT_LIMITS)), gap(3),
            grid([_("#"), _("Platform time (UTC, then local)"), _("Sender"), _("Message")], lines,
                 [10 * mm, 38 * mm, 32 * mm, FRAME_WIDTH - 80 * mm], zebra=True),
            PageBreak()]


def document_pages(content: BundleContent, plan: DocumentPlan, first: bool) -> list[Flowable]:
    if plan.exhibit.kind == "chat archive":
        return archive_page(content, plan, first)
    return transcript_pages(content, plan, first)
