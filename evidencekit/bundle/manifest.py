"""manifest.json: every exhibit, its facts and SHA-256, and every file of the bundle, as canonical JSON.

The bundle fingerprint printed on the cover is SHA-256 of exactly these bytes, so `sha256sum
manifest.json` after `pdfdetach` reproduces it. Format described in docs/bundle-format.md.
"""

from __future__ import annotations

from typing import Any

from evidencekit.bundle.journal_export import JOURNAL_FILE
from evidencekit.bundle.model import BundleContent, DocumentPlan, ExhibitPlan
from evidencekit.canonical import canonical_json, sha256_hex

MANIFEST_FILE = "manifest.json"
MANIFEST_FORMAT = "evidencekit.bundle-manifest/1"
ATTACHED = ("attached",)


def original_file_name(reference: str, media_type: str) -> str:
    extension = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif",
                 "image/bmp": "bmp", "image/tiff": "tif", "image/heic": "heic"}.get(media_type, "bin")
    return f"{reference}.{extension}"


def redacted_file_name(reference: str) -> str:
    return f"{reference}-redacted.png"


def shareable_file_name(reference: str, media_type: str) -> str:
    """EK-001-shareable.jpg: the original without its identifying metadata (same pixels)."""
    return original_file_name(f"{reference}-shareable", media_type)


def _exhibit_entry(content: BundleContent, plan: ExhibitPlan) -> dict[str, Any]:
    exhibit = plan.exhibit
    entry: dict[str, Any] = {
        "reference": exhibit.reference,
        "number": exhibit.number,
        "id": exhibit.id,
        "origin": exhibit.origin,
        "fields": dict(exhibit.fields),
        "recorded": exhibit.recorded,
        "journal_seq": exhibit.event_seq,
        "page": plan.page,
        **({"producer_label": content.labels[exhibit.id]} if exhibit.id in content.labels else {}),
        "original": {
            "sha256": exhibit.sha256,
            "size": exhibit.size,
            "media_type": exhibit.media_type,
            "file": plan.original_file,
            "disposition": plan.original_disposition,
        },
        "view": {"kind": "redacted" if plan.redacted else ("original pixels" if plan.exact_view else "display copy"),
                 "width": plan.width, "height": plan.height},
    }
    if plan.identifying:
        entry["original"]["identifying_metadata"] = list(plan.identifying)
    if plan.copy is not None:
        entry["shareable_copy"] = {"file": plan.copy.file, "sha256": plan.copy.sha256, "size": plan.copy.size,
                                   "media_type": exhibit.media_type, "disposition": plan.copy.disposition,
                                   "derived_from": exhibit.sha256, "removed": list(plan.identifying),
                                   "pixels": "the original's compressed picture data, unchanged",
                                   "journal_seq": plan.copy.journal_seq}
    if plan.text is not None:
        entry["text"] = plan.text.manifest_entry()
    if plan.redacted:
        entry["view"].update({"file": plan.view_file, "sha256": plan.view_sha256, "size": plan.view_size,
                              "boxes": [list(box) for box in plan.boxes], "derived_from": exhibit.sha256})
    return entry


def _document_entry(content: BundleContent, plan: DocumentPlan) -> dict[str, Any]:
    """A chat archive (never attached) or chat transcript (its JSON attached): no picture, pages of text."""
    exhibit = plan.exhibit
    entry: dict[str, Any] = {
        "reference": exhibit.reference, "number": exhibit.number, "id": exhibit.id, "origin": exhibit.origin,
        "kind": exhibit.kind, "fields": dict(exhibit.fields), "recorded": exhibit.recorded,
        "journal_seq": exhibit.event_seq, "page": plan.page,
        **({"producer_label": content.labels[exhibit.id]} if exhibit.id in content.labels else {}),
        "original": {"sha256": exhibit.sha256, "size": exhibit.size, "media_type": exhibit.media_type,
                     "file": plan.original_file, "disposition": plan.original_disposition},
        "view": {"kind": "chat archive facts" if exhibit.kind == "chat archive" else "transcript text"},
    }
    if exhibit.derived_from:
        source = next((e.exhibit for e in content.entries if e.exhibit.id == exhibit.derived_from), None)
        entry["derived_from"] = {"id": exhibit.derived_from, "reference": source.reference if source else None,
                                 "sha256": source.sha256 if source else None}
    return entry


def _options(content: BundleContent) -> dict[str, Any]:
    """The export's options. `include_redacted_originals` is this export's flag; an exhibit's original can
    also be included by the choice recorded with its redaction (exhibit.redaction_set `include_original`),
    which lasts for later exports, so `redacted_originals_included` lists the redacted exhibits whose
    uncovered original really is in this bundle (attached or in the ZIP), whichever choice put it there."""
    return {**content.options.as_dict(),
            "redacted_originals_included": [plan.exhibit.reference for plan in content.plans
                                            if plan.redacted and (plan.original_disposition != "withheld" or (
                                                plan.copy is not None and plan.copy.disposition != "withheld"))]}


def build_manifest(content: BundleContent) -> dict[str, Any]:
    """The manifest for `content`, whose plans already carry their page numbers."""
    files = []
    for plan in content.plans:
        if plan.original_disposition == "attached":
            files.append({"file": plan.original_file, "sha256": plan.exhibit.sha256, "size": plan.exhibit.size,
                          "exhibit": plan.exhibit.reference, "role": "original"})
        if plan.copy is not None and plan.copy.disposition == "attached":
            files.append({"file": plan.copy.file, "sha256": plan.copy.sha256, "size": plan.copy.size,
                          "exhibit": plan.exhibit.reference, "role": "shareable copy"})
        if plan.redacted and plan.view_file:
            files.append({"file": plan.view_file, "sha256": plan.view_sha256, "size": plan.view_size,
                          "exhibit": plan.exhibit.reference, "role": "redacted view"})
    for document in content.documents:
        if document.original_disposition == "attached":
            files.append({"file": document.original_file, "sha256": document.exhibit.sha256,
                          "size": document.exhibit.size, "exhibit": document.exhibit.reference, "role": "original"})
    journal = content.journal
    files.append({"file": JOURNAL_FILE, "sha256": sha256_hex(journal.data), "size": len(journal.data),
                  "exhibit": None, "role": "custody journal"})
    return {
        "format": MANIFEST_FORMAT,
        "case": {"id": content.case_id, "title": content.title, "created": content.created},
        "export": {"time": content.export_time.as_dict(), "app": content.app, "options": _options(content),
                   "contact_left_out": content.contact_left_out, "pages": content.total_pages,
                   "sections": dict(sorted(content.section_pages.items()))},
        "signing": {"signed": content.options.sign, "root_sha256": content.root_sha256},
        "details": content.details,
        "exhibits": [_document_entry(content, entry) if isinstance(entry, DocumentPlan)
                     else _exhibit_entry(content, entry) for entry in content.entries],
        "journal": {"file": JOURNAL_FILE, "records": journal.count, "head": journal.head,
                    "withheld_records": list(journal.withheld), "sha256": sha256_hex(journal.data)},
        "files": files,
        "originals_zip": content.zip_name,
        "removed": [{"reference": entry["reference"], "id": entry["id"], "sha256": entry["sha256"],
                     "size": entry["size"], "media_type": entry["media_type"], "origin": entry["origin"],
                     "removed": "for safeguarding: the stored original was destroyed", "reason": entry["reason"],
                     "by": entry["by"], "time": entry["time"], "journal_seq": entry["seq"]}
                    for entry in content.removed],
    }


def manifest_bytes(manifest: dict[str, Any]) -> tuple[bytes, str]:
    """The attached bytes and their SHA-256, which is the bundle fingerprint."""
    data = canonical_json(manifest)
    return data, sha256_hex(data)
