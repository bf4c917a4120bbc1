"""Removal for safeguarding (ADR 062): the picture's encrypted bytes, its twin's and the text read from it are
destroyed in the case folder; the journal, `case verify` and the bundle still hold, and the bundle lists
the removal with its SHA-256; an interrupted removal is finished when the case next opens."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from evidencekit.errors import UsageError
from evidencekit.store import CaseStore
from evidencekit.store.journal import read_object_ciphertext
from tests.core.store.case_files import PASSPHRASE
from tests.core.store.cli import run_cli


def picture(level: int, text: str = "nude picture") -> bytes:
    image = Image.new("RGB", (400, 300), (250, 200, 210))
    ImageDraw.Draw(image).text((20, 20), text, fill=(0, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=level)
    return out.getvalue()


def _case_files(home: Path, case_id: str) -> list[Path]:
    return [p for p in (home / "cases" / case_id).rglob("*") if p.is_file()]


def _slices(data: bytes, count: int = 24, size: int = 32) -> list[bytes]:
    """Slices of an age file past its first line ("age-encryption.org/v1", the same in every age file)."""
    start = data.index(b"\n") + 1
    step = max(1, (len(data) - start - size) // count)
    return [data[pos:pos + size] for pos in range(start, len(data) - size, step)][:count]


def test_removal_destroys_the_picture_its_twin_and_its_text_and_everything_still_checks(
        home: Path, tmp_path: Path, installed_identity: object) -> None:
    case_id = json.loads(run_cli(["case", "new", "--title", "Under 18", "--shared-computer", "--json"],
                                 home=home).stdout)["id"]
    nude, twin, chat = tmp_path / "nude.png", tmp_path / "nude-again.png", tmp_path / "chat.png"
    nude.write_bytes(picture(9))
    twin.write_bytes(picture(1))  # the same pixels, another file
    chat.write_bytes(picture(6, "Pay me or else"))
    assert run_cli(["import", case_id, str(nude), str(twin), str(chat)], home=home).returncode == 0
    with CaseStore.open(case_id, home=home, passphrase=PASSPHRASE) as store:
        first, second, third = store.state().exhibits
        text = store.add_object(b'{"lines": ["words read from the nude picture"]}', media_type="application/json",
                                action="object.added", data={"derived": {"kind": "OCR transcript", "from": {
                                    "object": first.id, "sha256": first.sha256, "reference": first.reference}}})
        journal = store.path / "journal.ekj"
        secrets = {first.id: read_object_ciphertext(journal, store._objects_at[first.id]),
                   second.id: read_object_ciphertext(journal, store._objects_at[second.id]),
                   "text": read_object_ciphertext(journal, store._objects_at[text.object_id or ""])}
        kept = read_object_ciphertext(journal, store._objects_at[third.id])

    refused = run_cli(["exhibit", "remove", case_id, "EK-001", "--reason", "a nude picture of me, I am 15",
                       "--confirm", "EK-002"], home=home)
    assert refused.returncode == 2 and "type its reference EK-001" in refused.stderr
    removed = run_cli(["exhibit", "remove", case_id, "EK-001", "--reason", "a nude picture of me, I am 15",
                       "--confirm", "ek-001"], home=home)
    assert removed.returncode == 0, removed.stderr
    assert "Removed EK-001 for safeguarding" in removed.stdout and "Removed EK-002" in removed.stdout

    everything = b"".join(path.read_bytes() for path in _case_files(home, case_id))
    for name, ciphertext in secrets.items():  # no slice of the encrypted picture, twin or text is left
        assert not any(piece in everything for piece in _slices(ciphertext)), name
    assert all(piece in everything for piece in _slices(kept))  # control: the kept picture is found so
    assert run_cli(["case", "verify", case_id], home=home).returncode == 0
    listed = json.loads(run_cli(["exhibits", case_id, "--json"], home=home).stdout)["exhibits"]
    assert [e["reference"] for e in listed] == ["EK-003"]  # numbers are not reused
    with CaseStore.open(case_id, home=home, passphrase=PASSPHRASE) as store:
        removals = [e for e in store.events() if e.action == "exhibit.removed"]
        assert [(e.object_id, e.data["sha256"], e.data["reason"]) for e in removals] == [
            (first.id, first.sha256, "a nude picture of me, I am 15"),
            (second.id, second.sha256, "a nude picture of me, I am 15")]
        assert removals[0].data["derived_objects"] == [text.object_id]
        assert removals[0].actor["role"] == "victim"
        with pytest.raises(UsageError):
            store.read_object(first.id)
        assert store.verify().ok

    out = tmp_path / "bundle.pdf"
    assert run_cli(["export", case_id, str(out)], home=home).returncode == 0
    verified = run_cli(["verify", str(out)], home=home)
    assert verified.returncode == 0, verified.stdout
    files = {name: data for name, data in _attachments(out).items()}
    manifest = json.loads(files["manifest.json"])
    assert [(r["reference"], r["sha256"]) for r in manifest["removed"]] == [("EK-001", first.sha256),
                                                                            ("EK-002", second.sha256)]
    assert [e["reference"] for e in manifest["exhibits"]] == ["EK-003"]
    assert b"nude.png" not in files["custody-journal.jsonl"]  # a removed picture's file name stays in the case
    summary = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                             check=True).stdout
    assert "Removed for safeguarding" in summary and first.sha256[:24] in summary.replace(" ", "")
    assert hashlib.sha256(nude.read_bytes()).hexdigest() == first.sha256


def _attachments(pdf: Path) -> dict[str, bytes]:
    from pypdf import PdfReader

    return {entry.name: entry.content for entry in PdfReader(pdf).attachment_list}


def test_a_removal_interrupted_before_its_bytes_went_is_finished_at_the_next_open(home: Path, tmp_path: Path) -> None:
    created = CaseStore.create("Interrupted", PASSPHRASE, shared_computer=True, home=home)
    store = created.store
    event = store.add_object(picture(6), media_type="image/png", action="exhibit.imported",
                             data={"import": {"file_name": "x.png", "pixels": {"width": 400, "height": 300}}})
    journal = store.path / "journal.ekj"
    ciphertext = read_object_ciphertext(journal, store._objects_at[event.object_id or ""])
    # the record is durable, then the process dies before a byte is overwritten (what a crash leaves)
    store.append_event("exhibit.removed", {"reason": "test", "sha256": "x", "derived_objects": []},
                       object_id=event.object_id)
    store.close()
    assert ciphertext in journal.read_bytes()
    report = CaseStore.open(store.id, home=home, passphrase=PASSPHRASE)
    with report as reopened:
        assert ciphertext[:64] not in journal.read_bytes() and ciphertext[-64:] not in journal.read_bytes()
        assert reopened.verify().ok
