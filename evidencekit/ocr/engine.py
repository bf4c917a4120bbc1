"""Tesseract through tesserocr: Tesseract's C API in this process, the picture handed over in memory.

Why tesserocr and not the `tesseract` command: docs/adr/053-ocr-with-tesserocr.md (one model load per
process instead of one per picture, word boxes and confidences from the API, no pixels on disk; the
pytesseract wrapper would write every picture to a temporary file in clear).

tesserocr releases the GIL while Tesseract recognises, so a worker thread reading pictures never stalls
the window's event loop. One `TesseractEngine` is used by one thread at a time (it holds a lock).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

from evidencekit.i18n import _
from evidencekit.ocr.model import Line, Transcript, Word
from evidencekit.ocr.prepare import darkest_channel, panels
from evidencekit.ocr.tessdata import DEFAULT_LANGUAGE, OcrUnavailable, data_info, tessdata_dir

# A Tesseract built with OpenMP (Debian's libtesseract, if tesserocr was built against it) runs many
# times slower on a busy machine with its default thread count; the wheel's own build has no OpenMP.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

PAGE_SEGMENTATION = 3  # PSM_AUTO: find the text blocks of a whole screen (chat bubbles, sidebars)
MIN_CONFIDENCE = 0.0  # keep every word; the transcript says how sure Tesseract was of each


def _tesserocr() -> Any:
    try:
        import tesserocr
    except ImportError as exc:  # a wheel missing for this platform, or a broken build
        raise OcrUnavailable(_("Pictures cannot be read into text here: the tesserocr module is not installed "
                               "(pip install tesserocr). Everything else works.")) from exc
    return tesserocr


def engine_versions() -> dict[str, str]:
    tesserocr = _tesserocr()
    first = str(tesserocr.tesseract_version()).splitlines()[0].strip()  # "tesseract 5.5.4"
    return {"name": "tesseract", "version": first.split()[-1], "wrapper": f"tesserocr {tesserocr.__version__}"}


class TesseractEngine:
    """Reads pictures in a fixed set of languages; the model is loaded once and reused."""

    def __init__(self, languages: Sequence[str] = (DEFAULT_LANGUAGE,)) -> None:
        tesserocr = _tesserocr()
        self.languages = tuple(languages) or (DEFAULT_LANGUAGE,)
        folder = tessdata_dir()
        missing = [name for name in self.languages if not (folder / f"{name}.traineddata").is_file()]
        if missing:
            raise OcrUnavailable(_("Pictures cannot be read in {languages}: that language data is not installed in "
                                   "{folder} (on Debian or Ubuntu: apt install tesseract-ocr-{first}).").format(
                languages=", ".join(missing), folder=folder, first=missing[0]))
        self._lock = threading.Lock()
        try:
            self._api = tesserocr.PyTessBaseAPI(path=str(folder) + os.sep, lang="+".join(self.languages),
                                                psm=PAGE_SEGMENTATION, oem=tesserocr.OEM.LSTM_ONLY)
        except RuntimeError as exc:
            message = _("Tesseract could not load its language data from {folder}; reinstall it (Debian: apt "
                        "install --reinstall tesseract-ocr-eng).").format(folder=folder)
            raise OcrUnavailable(message) from exc
        self._levels = tesserocr.RIL
        self.engine = engine_versions()
        self.language_data = tuple(data_info(name, folder) for name in self.languages)
        self.settings: dict[str, Any] = {"page_segmentation_mode": PAGE_SEGMENTATION, "engine_mode": "lstm",
                                         "image": "darkest channel, as displayed", "panels": "read one by one",
                                         "scale": 1}

    def read(self, picture: bytes, *, source: dict[str, str] | None = None) -> Transcript:
        """The transcript of one picture (PNG/JPEG/WebP bytes), decoded in memory as it is displayed."""
        from evidencekit.redaction import open_displayed

        image = darkest_channel(open_displayed(picture))  # UnreadableInput when it cannot be decoded
        lines: list[Line] = []
        with self._lock:
            self._api.SetImage(image)
            for left, right in panels(image):
                self._api.SetRectangle(left, 0, right - left, image.height)
                self._api.Recognize()
                lines += self._lines()
            self._api.Clear()
        return Transcript(tuple(lines), image.width, image.height, dict(self.engine), self.languages,
                          self.language_data, dict(self.settings), dict(source or {}))

    def _lines(self) -> list[Line]:
        words_level, line_level = self._levels.WORD, self._levels.TEXTLINE
        iterator = self._api.GetIterator()
        lines: list[Line] = []
        current: list[Word] = []
        if iterator is None or iterator.Empty(words_level):  # a panel with no text in it
            return lines
        while True:
            if iterator.IsAtBeginningOf(line_level) and current:
                lines.append(Line(tuple(current)))
                current = []
            word = _word(iterator, words_level)
            if word is not None:
                current.append(word)
            if not iterator.Next(words_level):
                break
        if current:
            lines.append(Line(tuple(current)))
        return lines

    def close(self) -> None:
        with self._lock:
            self._api.End()


def _word(iterator: Any, level: Any) -> Word | None:
    """The word at the iterator, or None where Tesseract has a box but no text ("No text returned")."""
    try:
        text = (iterator.GetUTF8Text(level) or "").strip()
    except RuntimeError:
        return None
    bounds = iterator.BoundingBox(level)
    if not text or bounds is None:
        return None
    left, top, right, bottom = bounds
    confidence = float(iterator.Confidence(level))
    if confidence < MIN_CONFIDENCE:
        return None
    return Word(text, (left, top, right - left, bottom - top), round(confidence, 1))


def read_picture(picture: bytes, languages: Sequence[str] = (DEFAULT_LANGUAGE,)) -> Transcript:
    """One-off convenience: load an engine, read one picture, unload."""
    engine = TesseractEngine(languages)
    try:
        return engine.read(picture)
    finally:
        engine.close()


__all__ = ["OcrUnavailable", "TesseractEngine", "engine_versions", "read_picture"]
