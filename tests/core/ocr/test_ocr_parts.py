"""The small parts of OCR: language data versions, case languages, the covered-word filter, the search."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencekit.ocr import tessdata
from evidencekit.ocr.covered import touches, visible_part
from evidencekit.ocr.model import Line, Transcript, Word
from evidencekit.ocr.prepare import darkest_channel, panels
from evidencekit.ocr.search import search


def _transcript(*lines: list[tuple[str, tuple[int, int, int, int]]]) -> Transcript:
    return Transcript(tuple(Line(tuple(Word(t, b, 90.0) for t, b in line)) for line in lines), 800, 600)


def test_the_installed_language_data_names_its_version() -> None:
    info = tessdata.data_info("eng")
    assert info["version"].startswith("4.") and ":eng:" in info["version"]
    assert len(info["sha256"]) == 64 and info["size"] > 1_000_000
    assert {"eng", "spa"} <= set(tessdata.installed_languages())


def test_a_case_reads_in_its_guidance_language_then_english() -> None:
    assert tessdata.case_languages("es") == ("spa", "eng")
    assert tessdata.case_languages("es-MX") == ("spa", "eng")
    assert tessdata.case_languages("en-GB") == ("eng",)
    assert tessdata.case_languages(None) == ("eng",)
    assert tessdata.case_languages("xx") == ("eng",)  # no data for it: English


def test_no_language_data_is_one_sentence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    monkeypatch.setattr(tessdata, "_CANDIDATES", ())
    with pytest.raises(tessdata.OcrUnavailable, match="apt install tesseract-ocr-eng"):
        tessdata.tessdata_dir()


def test_a_file_without_a_version_component_has_no_version() -> None:
    assert tessdata.traineddata_version(b"") == ""
    assert tessdata.traineddata_version(b"\x01\x00\x00\x00" + b"\x00" * 8) == ""


def test_every_word_touching_a_covered_box_is_dropped_and_counted() -> None:
    transcript = _transcript([("IBAN", (10, 10, 40, 12)), ("GB82", (60, 10, 40, 12)), ("WEST", (110, 10, 40, 12))],
                             [("hello", (10, 40, 40, 12))])
    kept, dropped = visible_part(transcript, [(58, 5, 45, 20)])  # covers GB82 only
    assert kept.text() == "IBAN WEST\nhello" and dropped == 1
    kept, dropped = visible_part(transcript, [(151, 10, 10, 10)])  # one pixel right of WEST: within the margin
    assert "WEST" not in kept.text() and dropped == 1
    assert not touches((10, 10, 40, 12), (60, 60, 10, 10))


def test_search_ignores_case_and_accents_and_needs_every_word() -> None:
    transcript = _transcript([("Envía", (0, 0, 10, 10)), ("la", (0, 0, 10, 10)), ("CANCIÓN", (0, 0, 10, 10))])
    hits = search([("id1", "EK-001", transcript)], "cancion envia")
    assert [(h.reference, h.text) for h in hits] == [("EK-001", "Envía la CANCIÓN")]
    assert search([("id1", "EK-001", transcript)], "cancion perro") == []


def test_panels_split_a_sidebar_from_the_conversation(fixture_pngs: dict[str, bytes]) -> None:
    import io

    from PIL import Image

    grey = darkest_channel(Image.open(io.BytesIO(fixture_pngs["payments"])).convert("RGB"))
    assert panels(grey) == [(0, 381), (381, 1920)]
    assert panels(Image.new("L", (1000, 600), 200)) == [(0, 1000)]


def test_a_picture_with_empty_panels_reads_without_error(engine) -> None:
    from evidencekit.capture.fixture_backend import FIXTURE_PHRASE, synthetic_desktop_png

    transcript = engine.read(synthetic_desktop_png(variant="chat"))  # dark margins: panels with no text
    assert FIXTURE_PHRASE.split()[0] in transcript.text()
