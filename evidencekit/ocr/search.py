"""Find words across every transcript of a case: case- and accent-insensitive, line by line."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from evidencekit.ocr.model import Box, Transcript


@dataclass(frozen=True)
class Hit:
    exhibit_id: str
    reference: str
    line: int  # index of the line in the transcript
    text: str  # the whole line, as read
    box: Box  # the line's box in the picture


def folded(text: str) -> str:
    """Lower case without accents, so "canción" finds "CANCION" and "cancion"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search(transcripts: Iterable[tuple[str, str, Transcript]], query: str, limit: int = 500) -> list[Hit]:
    """Lines containing every word of `query`, from (exhibit id, reference, transcript) triples, in order."""
    words = folded(query).split()
    if not words:
        return []
    hits: list[Hit] = []
    for exhibit_id, reference, transcript in transcripts:
        for index, line in enumerate(transcript.lines):
            text = line.text
            haystack = folded(text)
            if all(word in haystack for word in words):
                hits.append(Hit(exhibit_id, reference, index, text, line.box))
                if len(hits) >= limit:
                    return hits
    return hits
