"""`evidencekit ocr`, `text` and `identifiers`, run as a person or a script would (a subprocess)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidencekit.store import CaseStore
from tests.core.ocr.conftest import PASSPHRASE
from tests.core.store.cli import run_cli
from tests.support.ocr_chats import BAD_IBAN, GOOD_ETH

pytestmark = pytest.mark.slow


@pytest.fixture
def case_id(chat_case: CaseStore) -> str:
    chat_case.close()
    return chat_case.id


def test_ocr_then_text_then_identifiers(case_id: str, home: Path) -> None:
    read = run_cli(["ocr", case_id], home=home, passphrase=PASSPHRASE)
    assert read.returncode == 0, read.stderr
    assert "Reading EK-001 (1 of 2)" in read.stderr and "Reading EK-002 (2 of 2)" in read.stderr
    assert "Read 2 pictures" in read.stdout and "read by OCR, may contain mistakes" in read.stdout
    again = run_cli(["ocr", case_id], home=home, passphrase=PASSPHRASE)
    assert again.returncode == 0 and "read already" in again.stdout

    text = run_cli(["text", case_id, "EK-001"], home=home, passphrase=PASSPHRASE)
    assert text.returncode == 0, text.stderr
    assert text.stdout.startswith("EK-001: read by OCR, may contain mistakes (Tesseract ")
    assert f"ETH {GOOD_ETH}" in text.stdout

    as_json = run_cli(["text", case_id, "EK-001", "--json"], home=home, passphrase=PASSPHRASE)
    body = json.loads(as_json.stdout)
    assert body["note"] == "read by OCR, may contain mistakes" and body["size"] == [1920, 1080]
    assert body["languages"] == ["eng"] and body["engine"]["name"] == "tesseract"
    line = next(line for line in body["lines"] if GOOD_ETH in line["text"])
    assert line["box"][2] > 300 and 0 < line["confidence"] <= 100
    assert all(len(word["box"]) == 4 and 0 <= word["confidence"] <= 100 for word in line["words"])

    found = run_cli(["identifiers", case_id, "--json"], home=home, passphrase=PASSPHRASE)
    identifiers = json.loads(found.stdout)["identifiers"]
    bad = next(i for i in identifiers if i["value"] == BAD_IBAN)
    assert bad == {"kind": "iban", "value": BAD_IBAN, "normalised": BAD_IBAN.replace(" ", ""), "valid": False,
                   "detail": "", "exhibit": "EK-001", "box": bad["box"], "source": "ocr"}
    listed = run_cli(["identifiers", case_id], home=home, passphrase=PASSPHRASE)
    assert f"read as {BAD_IBAN} — check it against the picture" in listed.stdout
    assert "EK-002, read by OCR" in listed.stdout


def test_bad_input_gets_one_sentence(case_id: str, home: Path) -> None:
    missing = run_cli(["text", case_id, "EK-009"], home=home, passphrase=PASSPHRASE)
    assert missing.returncode == 2 and "There is no exhibit 'EK-009'" in missing.stderr
    unread = run_cli(["text", case_id, "EK-001"], home=home, passphrase=PASSPHRASE)
    assert unread.returncode == 1 and "has not been read yet" in unread.stderr
    assert "Traceback" not in unread.stderr + missing.stderr
