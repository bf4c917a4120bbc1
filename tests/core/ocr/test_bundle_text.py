"""The bundle's text from the pictures: an invisible text layer over each picture, the transcript after
it, the identifiers page saying where each identifier was read and whether its checksum holds; and
never a word that lies under a black box (pdftotext, and the decompressed file from qpdf --qdf)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from evidencekit.bundle.export import export_case
from evidencekit.bundle.model import BundleOptions
from evidencekit.bundle.verify import verify_bundle
from evidencekit.capture.importer import import_files
from evidencekit.ocr.case_text import case_findings
from evidencekit.ocr.confirm import confirm_finding
from evidencekit.ocr.engine import TesseractEngine
from evidencekit.ocr.runner import ocr_case
from evidencekit.store import CaseStore, KeyringAccess
from tests.core.ocr.conftest import PASSPHRASE
from tests.support.memory_keyring import MemoryKeyring
from tests.support.ocr_chats import BAD_IBAN, GOOD_ETH, GOOD_IBAN, chat_png

pytestmark = pytest.mark.slow


def run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One bundle for the module: both chats read; the bubble with the bad IBAN covered by a black box;
    the good IBAN confirmed by the victim into the demand."""
    home = tmp_path_factory.mktemp("home")
    work = tmp_path_factory.mktemp("work")
    created = CaseStore.create("Bundle text case", PASSPHRASE, home=home, keyring=KeyringAccess(MemoryKeyring()))
    store = created.store
    store.append_event("profile.set", {"country": "GB"})
    files = []
    for name in ("payments", "accounts"):
        path = work / f"{name}.png"
        path.write_bytes(chat_png(name))
        files.append(path)
    import_files(store, files)
    engine = TesseractEngine(("eng",))
    ocr_case(store, engine=engine)
    engine.close()
    findings = case_findings(store)
    bad = next(f for f in findings if f.value == BAD_IBAN)
    good = next(f for f in findings if f.kind == "iban" and f.valid)
    x, y, w, h = bad.box
    covered = [x - 140, y - 14, w + 200, h + 28]  # the whole bubble, its other words too
    store.append_event("exhibit.redaction_set", {"boxes": [covered], "include_original": False},
                       object_id=store.state().exhibits[0].id)
    confirm_finding(store, good)
    out = work / "bundle.pdf"
    export_case(store, out, BundleOptions(sign=False))
    store.close()
    qdf = work / "bundle-qdf.pdf"
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(out), str(qdf)], check=True)
    return {"pdf": out, "qdf": qdf, "work": work}


def test_pdftotext_finds_the_transcripts_and_the_identifiers(made: dict[str, Path]) -> None:
    text = " ".join(run("pdftotext", made["pdf"], "-").split())  # table cells wrap: compare word runs
    assert "Text of EK-001 — read by OCR, may contain mistakes" in text
    assert "Text of EK-002 — read by OCR, may contain mistakes" in text
    assert "Pay by Western Union, MTCN 412 839 5506" in text
    assert GOOD_ETH in text and GOOD_IBAN in text
    assert "EK-001, read by OCR, confirmed by the victim" in text
    assert "confirmed by the victim; checksum correct" in text
    assert "checksum fails: check it against the picture" in text  # the bad ETH and Bitcoin lookalikes
    assert "Also read in the pictures by OCR" in text and "not confirmed" in text
    assert "words under black boxes are left out of this bundle" in text


def test_the_picture_carries_an_invisible_text_layer_where_the_words_are(made: dict[str, Path]) -> None:
    pages = run("pdftotext", "-layout", made["pdf"], "-").split("\f")
    exhibit_page = next(i for i, page in enumerate(pages) if "Exhibit EK-002" in page and "Text of" not in page)
    bbox = run("pdftotext", "-bbox", "-f", str(exhibit_page + 1), "-l", str(exhibit_page + 1), made["pdf"], "-")
    words = [line for line in bbox.splitlines() if "<word" in line]
    assert any(">MoneyGram<" in line for line in words) and any(">12345678<" in line for line in words)
    money = next(line for line in words if ">MoneyGram<" in line)
    reference = next(line for line in words if ">12345678<" in line)

    def box(line: str) -> tuple[float, ...]:
        return tuple(float(line.split(f'{key}="')[1].split('"')[0]) for key in ("xMin", "yMin", "xMax", "yMax"))

    m, r = box(money), box(reference)
    assert abs(m[1] - r[1]) < 2 and m[2] < r[0]  # same line, in reading order, left to right
    assert 60 < m[1] < 500  # within the picture at the top of the page, not the facts table


def test_words_under_a_black_box_are_nowhere_in_the_bundle(made: dict[str, Path]) -> None:
    text = run("pdftotext", made["pdf"], "-")
    compact = "".join(text.split())
    assert "GB82WEST12345698765433" not in compact and "Isit" not in compact
    raw = made["qdf"].read_bytes()
    assert b"GB82 WEST 1234 5698 7654 32" in raw  # the decompressed file holds readable attachments...
    for form in (BAD_IBAN.encode(), BAD_IBAN.replace(" ", "").encode(), b"7654 33"):
        assert form not in raw  # ...but not the covered IBAN, in any of them


def test_the_manifest_describes_each_transcript_and_the_bundle_verifies(made: dict[str, Path]) -> None:
    out = made["work"] / "detached"
    out.mkdir()
    subprocess.run(["pdfdetach", "-saveall", "-o", str(out), str(made["pdf"])], check=True)
    manifest = json.loads((out / "manifest.json").read_text())
    first = manifest["exhibits"][0]["text"]
    assert first["note"] == "read by OCR, may contain mistakes" and first["engine"]["name"] == "tesseract"
    assert first["words_left_out_under_black_boxes"] >= 6
    assert manifest["exhibits"][1]["text"]["words_left_out_under_black_boxes"] == 0
    journal = (out / "custody-journal.jsonl").read_text()
    assert "ocr.transcript" in journal and "identifier.confirmed" in journal
    assert "7654 33" not in journal and "GB82WEST12345698765433" not in journal
    failed = [v.check for v in verify_bundle(made["pdf"]).verdicts if v.status == "failed"]
    assert all("sign" in check.lower() for check in failed), failed  # unsigned on purpose here; the rest holds
