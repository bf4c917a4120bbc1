"""Words under a black box never leave the case: the filter every bundle-bound use of a transcript goes through.

The bundle shows a picture's covered view; its text layer, transcript, identifiers and manifest must
say no more than that view shows. A word is dropped when its box touches a covered area at all (with a
margin of a few pixels, since Tesseract's boxes hug the ink and anti-aliasing spreads past them), so a
word half under a box goes too. Only a count of what was dropped is kept, never the words.
"""

from __future__ import annotations

from collections.abc import Sequence

from evidencekit.ocr.model import Box, Line, Transcript

MARGIN = 3  # pixels


def touches(word: Box, covered: Box, margin: int = MARGIN) -> bool:
    x, y, w, h = word
    cx, cy, cw, ch = covered
    return x - margin <= cx + cw and cx <= x + w + margin and y - margin <= cy + ch and cy <= y + h + margin


def visible_part(transcript: Transcript, covered: Sequence[Box]) -> tuple[Transcript, int]:
    """The transcript without every word that touches a covered box, and how many words were dropped."""
    if not covered:
        return transcript, 0
    dropped = 0
    lines: list[Line] = []
    for line in transcript.lines:
        kept = tuple(word for word in line.words if not any(touches(word.box, box) for box in covered))
        dropped += len(line.words) - len(kept)
        if kept:
            lines.append(Line(kept))
    return transcript.with_lines(lines), dropped
