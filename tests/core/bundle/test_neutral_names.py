"""Names that could say what a picture shows, or whose case it is, never leave in a bundle: a covered,
withheld picture's file name reads "withheld" on its page, in the manifest and in the attached journal
(the chain still links), and the PDF's title metadata is "Evidence bundle EK-<start of the case id>"."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

from pypdf import PdfReader

from evidencekit.bundle.demo_screens import render_chat_png, synthetic_conversation
from evidencekit.bundle.journal_export import check_chain
from evidencekit.bundle.verify import verify_bundle
from evidencekit.store.state import replay
from tests.core.bundle.conftest import CASE_ID, DETAILS, BuildBundle, SampleCase, _Journal

CANARY = "canary_intimate"


def _imported_case(*, covered: bool) -> SampleCase:
    journal = _Journal()
    journal.add("case.created", {"title": "Jane Doe's case", "shared_computer": False})
    objects = {}
    for index, name in enumerate((f"{CANARY}.png", "profile.png")):
        data = render_chat_png(synthetic_conversation(index), width=640, height=400, seed=index)
        object_id = f"{index:04d}" + hashlib.sha256(data).hexdigest()[:28]
        objects[object_id] = data
        record = {"file_name": name, "file_size": len(data), "format": "PNG"}
        journal.add("exhibit.imported", {"import": record, "fields": {"label": f"picture {index + 1}"}}, object_id,
                    [{"sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "media_type": "image/png"}])
    first = next(iter(objects))
    if covered:
        journal.add("exhibit.redaction_set", {"boxes": [[10, 10, 100, 100]], "include_original": False}, first)
    journal.add("original.exported", {"reference": "EK-001", "file_name": f"{CANARY}-copy.png"}, first)
    journal.add("details.set", {"details": DETAILS})
    return SampleCase(replay(CASE_ID, journal.events), objects, journal.events)


def _texts(pdf: Path) -> tuple[str, dict[str, bytes]]:
    reader = PdfReader(pdf)
    pages = "\n".join(page.extract_text() or "" for page in reader.pages)
    return pages, {entry.name: entry.content for entry in reader.attachment_list}


def test_a_covered_withheld_pictures_file_name_never_leaves(build: BuildBundle) -> None:
    result = build(_imported_case(covered=True))
    pages, files = _texts(result.path)
    assert CANARY not in pages
    assert not [name for name, data in files.items() if CANARY.encode() in data]
    assert CANARY.encode() not in result.path.read_bytes()
    manifest = json.loads(files["manifest.json"])
    first, second = manifest["exhibits"]
    assert first["recorded"]["file_name"] == "withheld" and first["original"]["disposition"] == "withheld"
    assert second["recorded"]["file_name"] == "profile.png"  # not covered: its name is evidence like any claim
    chain = check_chain(files["custody-journal.jsonl"])
    assert chain.ok and len(chain.withheld) == 2  # the import record and the original.exported record
    assert manifest["journal"]["withheld_records"] == chain.withheld
    assert verify_bundle(result.path).exit_code == 0


def test_an_uncovered_picture_keeps_its_file_name(build: BuildBundle) -> None:
    result = build(_imported_case(covered=False))
    pages, files = _texts(result.path)
    assert f"{CANARY}.png" in pages
    assert check_chain(files["custody-journal.jsonl"]).withheld == []


def test_the_pdf_title_is_neutral(build: BuildBundle) -> None:
    result = build(_imported_case(covered=False))
    info = subprocess.run(["pdfinfo", str(result.path)], capture_output=True, text=True, check=True).stdout
    title = next(line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("Title:"))
    assert title == f"Evidence bundle EK-{CASE_ID[:8]}"
    assert "Jane Doe" not in info
