"""A platform's archive into a case: the archive byte-exact as an exhibit (claims marked), the chosen
thread as a derived transcript exhibit naming the archive by SHA-256, and the pictures the thread carried
as picture exhibits linked to the archive and to their message. Every save goes through the store's
public API (add_object); nothing is written anywhere else."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from evidencekit.archives import Analysis
from evidencekit.archives.model import Account, Thread, ThreadInfo
from evidencekit.archives.transcript import hash_attachments, transcript_document
from evidencekit.canonical import canonical_json, sha256_hex
from evidencekit.capture.fields import check_fields
from evidencekit.capture.importer import MAX_IMPORT_BYTES, picture_record
from evidencekit.capture.metadata import os_record, software_record
from evidencekit.clock import stamp
from evidencekit.errors import UnreadableInput, UsageError
from evidencekit.i18n import _
from evidencekit.store import CaseStore, Exhibit

ARCHIVE_CLAIMS = ("the file name and modified time come from the person's computer, and the archive's contents "
                  "from the platform; evidencekit checked neither, only how they were read")
Progress = Callable[[str], None]


@dataclass
class ChatImport:
    """What an import stored: the archive exhibit, the transcript and picture exhibits, and what to tell."""

    archive: Exhibit
    archive_is_new: bool
    transcript: Exhibit | None = None
    pictures: list[Exhibit] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problem: str | None = None


def _given(fields: Mapping[str, str | None] | None) -> dict[str, str]:
    return {name: value for name, value in (fields or {}).items() if value is not None}


def _archive_record(analysis: Analysis) -> dict[str, Any]:
    source = analysis.source
    record: dict[str, Any] = {
        "file_name": source.file_name,
        "file_modified": stamp(source.modified).as_dict() if source.modified else None,
        "file_size": len(source.data),
        "stored_as": "the folder, zipped by evidencekit (stored, not compressed)" if source.kind == "folder"
        else "the file as given",
        "claims_note": ARCHIVE_CLAIMS,
        "software": software_record(),
        "os": os_record(),
    }
    if source.left_out:
        record["left_out"] = source.left_out
    return record


def _archive_data(analysis: Analysis) -> dict[str, Any]:
    layout = analysis.layout
    return {"read": analysis.problem is None, "problem": analysis.problem,
            "format": layout.format if layout else None, "version": layout.version if layout else None,
            "platform": layout.platform if layout else None, "parser": layout.parser if layout else None,
            "threads": len(analysis.threads)}


def _existing(store: CaseStore, sha256: str) -> Exhibit | None:
    return next((e for e in store.state().exhibits if e.sha256 == sha256), None)


def keep_archive(store: CaseStore, analysis: Analysis, fields: Mapping[str, str | None] | None = None
                 ) -> tuple[Exhibit, bool]:
    """The archive's exhibit: the one already in the case with the same SHA-256, or a new one."""
    digest = sha256_hex(analysis.source.data)
    found = _existing(store, digest)
    if found is not None:
        if found.kind != "chat archive":
            raise UsageError(_("This file is already in the case as {reference}; nothing was imported.").format(
                reference=found.reference))
        return found, False
    checked = check_fields({"category": "conversation", **_given(fields)})
    if analysis.layout and not checked.get("platform"):
        checked["platform"] = analysis.layout.platform
    label = _("The platform's copy of the chat: {name}").format(name=analysis.source.file_name)
    checked.setdefault("label", label[:300])
    event = store.add_object(analysis.source.data, media_type=analysis.source.media_type, action="exhibit.imported",
                             data={"kind": "chat archive", "import": _archive_record(analysis),
                                   "archive": _archive_data(analysis), "fields": checked})
    exhibit = store.exhibit(event.object_id or "")
    assert exhibit is not None
    return exhibit, True


def import_chat(store: CaseStore, analysis: Analysis, thread: ThreadInfo | None, *,
                fields: Mapping[str, str | None] | None = None, pictures: bool = True,
                progress: Progress | None = None) -> ChatImport:
    """Store the archive (once), then the chosen thread's transcript and its pictures."""
    say = progress or (lambda _what: None)
    say(_("Keeping the archive sealed in the case"))
    archive, is_new = keep_archive(store, analysis, fields)
    result = ChatImport(archive, is_new, problem=analysis.problem)
    if analysis.problem is not None or thread is None or analysis.container is None or analysis.layout is None:
        return result
    for exhibit in store.state().exhibits:
        source = exhibit.recorded.get("source") if exhibit.kind == "chat transcript" else None
        if exhibit.derived_from == archive.id and isinstance(source, dict) and source.get("thread") == thread.key:
            raise UsageError(_("This conversation from this archive is already in the case as {reference}.").format(
                reference=exhibit.reference))
    say(_("Reading the conversation"))
    chosen = analysis.read(thread)
    hash_attachments(chosen, analysis.container)
    result.transcript = _store_transcript(store, analysis, chosen, archive, fields)
    result.accounts = chosen.accounts
    if pictures:
        say(_("Adding the pictures the chat carried"))
        result.pictures, skipped = _store_pictures(store, analysis, chosen, archive, result.transcript)
        result.notes += skipped
    return result


def _store_transcript(store: CaseStore, analysis: Analysis, thread: Thread, archive: Exhibit,
                      fields: Mapping[str, str | None] | None) -> Exhibit:
    assert analysis.layout is not None
    source = {"file_name": analysis.source.file_name, "sha256": archive.sha256, "size": archive.size,
              "exhibit": archive.reference}
    document = transcript_document(thread, analysis.layout, analysis.options.zone, source)
    body = canonical_json(document)
    info = thread.info
    checked = check_fields({"category": "conversation", "platform": analysis.layout.platform,
                            "label": _("Chat with {title} ({count} messages)").format(
                                title=info.title, count=info.count)[:300], **_given(fields)})
    summary = {"format": analysis.layout.format, "version": analysis.layout.version,
               "platform": analysis.layout.platform, "thread": info.key, "title": info.title,
               "participants": list(info.participants), "messages": info.count,
               "first_utc": document["thread"]["first_utc"], "last_utc": document["thread"]["last_utc"],
               "time_zone": document["time_zone"], "archive_sha256": archive.sha256,
               "archive_file_name": analysis.source.file_name}
    event = store.add_object(body, media_type="application/json", action="exhibit.derived", data={
        "kind": "chat transcript", "derived_from": {"exhibit": archive.id, "sha256": archive.sha256},
        "derived": {"source": summary, "method": "evidencekit.archives", "format": document["format"]},
        "fields": checked}, inputs=[{"sha256": archive.sha256, "size": archive.size, "object": archive.id}])
    exhibit = store.exhibit(event.object_id or "")
    assert exhibit is not None
    return exhibit


def _store_pictures(store: CaseStore, analysis: Analysis, thread: Thread, archive: Exhibit,
                    transcript: Exhibit) -> tuple[list[Exhibit], list[str]]:
    assert analysis.container is not None
    saved: list[Exhibit] = []
    notes: list[str] = []
    for number, message in enumerate(thread.messages, start=1):
        for item in message.attachments:
            if not item.is_picture or item.member is None:
                continue
            if _existing(store, item.sha256) is not None:
                continue  # already an exhibit (sent twice, or imported before): linked by its SHA-256
            if item.size > MAX_IMPORT_BYTES:
                notes.append(_("{name} is too large to add as a picture; it is listed with its fingerprint.").format(
                    name=item.name))
                continue
            data = analysis.container.read(item.member, MAX_IMPORT_BYTES)
            try:
                record, media_type = picture_record(item.name, data)
            except UnreadableInput:
                notes.append(_("{name} is not a picture evidencekit can show (PNG, JPEG, WebP); it is listed with "
                               "its fingerprint.").format(name=item.name))
                continue
            record = {"file_name": item.name, "file_modified": None, **record, "from_archive": {
                "exhibit": archive.id, "reference": archive.reference, "sha256": archive.sha256,
                "member": item.member, "transcript": transcript.reference, "message": number,
                "message_utc": message.time.isoformat() if message.time else None, "sender": message.sender}}
            fields = check_fields({"category": "conversation", "platform": analysis.layout.platform if analysis.layout
                                   else "", "label": _("Picture sent by {sender} in message {number} of {reference}")
                                   .format(sender=message.sender or "?", number=number,
                                           reference=transcript.reference)[:300]})
            event = store.add_object(data, media_type=media_type, action="exhibit.imported",
                                     data={"import": record, "fields": fields})
            exhibit = store.exhibit(event.object_id or "")
            assert exhibit is not None
            saved.append(exhibit)
    return saved, notes


def suspect_rows(accounts: list[Account], names: list[str], platform: str, transcript: str) -> list[dict[str, str]]:
    """Details-page rows for the participants the person named (one row each, every identifier found)."""
    rows = []
    for wanted in names:
        found = [a for a in accounts if a.name.casefold() == wanted.strip().casefold()]
        if not found:
            known = ", ".join(sorted({a.name for a in accounts})) or _("none")
            raise UsageError(_("No one called {name!r} is in this conversation (its participants: {known}).").format(
                name=wanted, known=known))
        row = {"platform": platform, "display_name": found[0].name,
               "notes": _("from {reference}, the platform's copy of the chat").format(reference=transcript)}
        for account in found:
            key = {"user id": "account_id", "username": "username", "phone": "phone"}.get(account.kind)
            if key:
                row[key] = account.value
        rows.append(row)
    return rows


def add_suspects(store: CaseStore, rows: list[dict[str, str]]) -> None:
    """Add the rows the person chose to the case details' suspect accounts (one details.set event)."""
    from evidencekit.details import set_details, stored_details

    details = stored_details(store.state().details)
    existing = details.get("suspect_accounts") or []
    fresh = [row for row in rows if not any(row.get("display_name") == old.get("display_name")
                                            and row.get("platform") == old.get("platform") for old in existing)]
    if fresh:
        set_details(store, {**details, "suspect_accounts": [*existing, *fresh]})
