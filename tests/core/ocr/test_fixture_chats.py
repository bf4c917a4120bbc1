"""Real Tesseract on chat pictures made here: every line read, every identifier found and checked."""

from __future__ import annotations

import difflib

import pytest

from evidencekit.ocr.engine import TesseractEngine
from evidencekit.ocr.identifiers import find_in_transcript
from evidencekit.ocr.model import Transcript
from tests.support.ocr_chats import BAD_BASE58, BAD_ETH, BAD_IBAN, EXPECTED, message_lines

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def transcripts(engine: TesseractEngine, fixture_pngs: dict[str, bytes]) -> dict[str, Transcript]:
    return {name: engine.read(data) for name, data in fixture_pngs.items()}


@pytest.mark.parametrize("name", ["payments", "accounts"])
def test_the_transcript_contains_each_line(transcripts: dict[str, Transcript], name: str) -> None:
    """Each message is a line of the transcript, read as written or nearly (OCR's "l" for "1" and the
    like: at least 95% of its characters in place; the identifiers in them are tested exactly below)."""
    read = transcripts[name].text().splitlines()
    for line in message_lines(name):
        best = max(read, key=lambda candidate: difflib.SequenceMatcher(None, line, candidate).ratio())
        assert difflib.SequenceMatcher(None, line, best).ratio() >= 0.95, (line, best)
    exact = sum(1 for line in message_lines(name) if line in read)
    assert exact >= len(message_lines(name)) - 2


@pytest.mark.parametrize("name", ["payments", "accounts"])
def test_every_identifier_is_found_with_its_kind_and_check(transcripts: dict[str, Transcript], name: str) -> None:
    found = {(f.kind, f.normalised, f.valid) for f in find_in_transcript(transcripts[name], "EK-001", "GB")}
    missing = [e for e in EXPECTED[name] if tuple(e) not in found]
    assert not missing, f"not found: {missing}; found: {sorted(found, key=str)}"


def test_a_bad_checksum_lookalike_is_flagged_as_read_never_corrected(transcripts: dict[str, Transcript]) -> None:
    findings = [*find_in_transcript(transcripts["payments"], "EK-001", "GB"),
                *find_in_transcript(transcripts["accounts"], "EK-002", "GB")]
    bad = {f.value: f for f in findings if f.valid is False}
    assert {BAD_IBAN, BAD_ETH, BAD_BASE58} <= set(bad)
    for value, finding in bad.items():
        assert finding.normalised.replace(" ", "") == value.replace(" ", "")  # the normal form is what was read
    assert all(f.normalised != "GB82WEST12345698765432" for f in bad.values())


def test_boxes_are_in_the_pictures_pixels_and_hold_the_identifier(transcripts: dict[str, Transcript],
                                                                  fixture_pngs: dict[str, bytes]) -> None:
    transcript = transcripts["payments"]
    assert (transcript.width, transcript.height) == (1920, 1080)
    (iban,) = [f for f in find_in_transcript(transcript, "EK-001", "GB") if f.kind == "iban" and f.valid]
    assert iban.box is not None
    x, y, w, h = iban.box
    assert 380 < x < 1920 and 0 < y < 1080 and 250 < w < 700 and 8 < h < 40  # one line of 21 px text
    words = [word for word in transcript.words() if word.text in ("GB82", "WEST")]
    assert words and all(0 < word.confidence <= 100 for word in words)


def test_the_transcript_records_how_it_was_read(transcripts: dict[str, Transcript]) -> None:
    transcript = transcripts["payments"]
    assert transcript.engine["name"] == "tesseract" and transcript.engine["version"][0] in "45"
    (data,) = transcript.language_data
    assert data["name"] == "eng" and data["version"] and len(data["sha256"]) == 64
    assert transcript.settings["page_segmentation_mode"] == 3
    again = Transcript.from_bytes(transcript.to_bytes())
    assert again.text() == transcript.text() and again.language_data == transcript.language_data
