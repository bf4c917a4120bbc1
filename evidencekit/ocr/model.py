"""A transcript: the lines and words Tesseract read in one picture, each with its box and confidence.

Boxes are (x, y, width, height) in pixels of the picture as displayed (EXIF orientation applied), the
same space as the redaction boxes and the bundle's page picture. The stored form is RFC 8785 JSON
(docs/store-format.md, "OCR transcripts"); `text()` is the plain text, one line per line read, and
`spans()` says which characters of that text each word covers, so a finding in the text can be mapped
back to a box in the picture.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from evidencekit.canonical import canonical_json
from evidencekit.i18n import N_

TRANSCRIPT_FORMAT = "evidencekit.ocr-transcript/1"
MEDIA_TYPE = "application/vnd.evidencekit.ocr-transcript+json"
DERIVED_NOTE = N_("read by OCR, may contain mistakes")
DERIVED_KIND = "ocr.transcript"

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Word:
    text: str
    box: Box
    confidence: float  # Tesseract's word confidence, 0-100

    def as_dict(self) -> dict[str, Any]:
        # RFC 8785 allows no floats in our formats: confidence is kept in tenths, as an integer
        return {"text": self.text, "box": list(self.box), "conf10": round(self.confidence * 10)}


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def box(self) -> Box:
        return union_box(word.box for word in self.words)

    @property
    def confidence(self) -> float:
        return sum(w.confidence for w in self.words) / len(self.words) if self.words else 0.0


@dataclass(frozen=True)
class Transcript:
    """What OCR read in one picture, and how (engine, language data, settings): derived evidence."""

    lines: tuple[Line, ...]
    width: int
    height: int
    engine: dict[str, str] = field(default_factory=dict)
    languages: tuple[str, ...] = ()
    language_data: tuple[dict[str, Any], ...] = ()
    settings: dict[str, Any] = field(default_factory=dict)
    source: dict[str, str] = field(default_factory=dict)  # {"object": id, "sha256": ...} of the picture

    def words(self) -> Iterator[Word]:
        for line in self.lines:
            yield from line.words

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def spans(self) -> list[tuple[int, int, Word]]:
        """(start, end, word) for every word, as offsets into `text()`."""
        found: list[tuple[int, int, Word]] = []
        position = 0
        for line in self.lines:
            for index, word in enumerate(line.words):
                if index:
                    position += 1
                found.append((position, position + len(word.text), word))
                position += len(word.text)
            position += 1  # the newline
        return found

    def box_of(self, start: int, end: int) -> Box | None:
        """The box around every word that characters start..end of `text()` touch."""
        boxes = [word.box for s, e, word in self.spans() if s < end and e > start]
        return union_box(boxes) if boxes else None

    def with_lines(self, lines: Iterable[Line]) -> Transcript:
        return Transcript(tuple(lines), self.width, self.height, dict(self.engine), self.languages,
                          self.language_data, dict(self.settings), dict(self.source))

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": TRANSCRIPT_FORMAT,
            "derived": "read by OCR, may contain mistakes",
            "source": dict(self.source),
            "size": [self.width, self.height],
            "engine": dict(self.engine),
            "languages": list(self.languages),
            "language_data": [dict(item) for item in self.language_data],
            "settings": dict(self.settings),
            "lines": [{"text": line.text, "box": list(line.box), "words": [w.as_dict() for w in line.words]}
                      for line in self.lines],
        }

    def to_bytes(self) -> bytes:
        return canonical_json(self.as_dict())

    @staticmethod
    def from_bytes(data: bytes) -> Transcript:
        """Parse a stored transcript; ValueError when it is not one."""
        try:
            body = json.loads(data)
            if not isinstance(body, dict) or body.get("format") != TRANSCRIPT_FORMAT:
                raise ValueError("not an evidencekit OCR transcript")
            lines = tuple(
                Line(tuple(Word(str(w["text"]), _box(w["box"]), int(w["conf10"]) / 10) for w in line["words"]))
                for line in body["lines"])
            width, height = (int(v) for v in body["size"])
            return Transcript(lines, width, height, {str(k): str(v) for k, v in body["engine"].items()},
                              tuple(str(v) for v in body["languages"]),
                              tuple(dict(item) for item in body["language_data"]), dict(body["settings"]),
                              {str(k): str(v) for k, v in body["source"].items()})
        except (KeyError, TypeError, AttributeError, json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ValueError("not an evidencekit OCR transcript") from exc


def _box(value: Any) -> Box:
    x, y, w, h = (int(v) for v in value)
    return (x, y, w, h)


def union_box(boxes: Iterable[Box]) -> Box:
    listed = list(boxes)
    if not listed:
        return (0, 0, 0, 0)
    left = min(b[0] for b in listed)
    top = min(b[1] for b in listed)
    right = max(b[0] + b[2] for b in listed)
    bottom = max(b[1] + b[3] for b in listed)
    return (left, top, right - left, bottom - top)
