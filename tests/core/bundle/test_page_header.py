"""The header of every page after the cover: kind, case title and crime reference never overprint."""

from __future__ import annotations

import copy
import re
import subprocess
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from evidencekit.bundle.fonts import SANS, SANS_BOLD
from evidencekit.bundle.layout import HEADER_GAP, HEADER_SIZE, fit_text, header_line
from evidencekit.bundle.styles import MARGIN_X, PAGE_WIDTH
from evidencekit.store.events import Event
from evidencekit.store.state import replay
from tests.core.bundle.conftest import DETAILS, BuildBundle, SampleCase, make_case

LONG_TITLE = "Instagram and Snapchat blackmail by Lena and Anna, November to March"
REFERENCE = "6029/0012345/26-CYBER"


def _renamed(case: SampleCase, title: str) -> SampleCase:
    last = case.events[-1]
    event = Event(seq=last.seq + 1, case_id=last.case_id, time=last.time, actor=last.actor, action="case.renamed",
                  object_id=None, inputs=[], outputs=[], data={"title": title}, app=last.app,
                  prev=last.hash).with_hash()
    case.events.append(event)
    case.state = replay(last.case_id, case.events)
    return case


def _details(reference: str) -> dict[str, Any]:
    details = copy.deepcopy(DETAILS)
    details["reports"]["police"]["crime_reference"] = reference
    return details


def _no_overlap(title: str, reference: str) -> None:
    line = header_line(title, reference)
    kind_end = MARGIN_X + stringWidth(line.kind, SANS_BOLD, HEADER_SIZE)
    title_end = line.title_x + stringWidth(line.title, SANS, HEADER_SIZE)
    reference_start = PAGE_WIDTH - MARGIN_X - stringWidth(line.reference, SANS, line.reference_size)
    assert kind_end < line.title_x
    if line.title:
        assert title_end + HEADER_GAP <= reference_start + 0.01
    assert reference_start >= line.title_x - 0.01


def test_the_long_title_is_shortened_to_fit_and_the_reference_is_whole() -> None:
    line = header_line(LONG_TITLE, REFERENCE)
    assert line.reference == f"Crime ref. {REFERENCE}" and line.reference_size == HEADER_SIZE
    assert line.title.endswith("…") and LONG_TITLE.startswith(line.title[:-1])
    _no_overlap(LONG_TITLE, REFERENCE)


@pytest.mark.parametrize(("title", "reference"), [
    ("Short title", REFERENCE),
    (LONG_TITLE, ""),
    ("W" * 200, REFERENCE),
    (LONG_TITLE, "R" * 60),  # a reference longer than the room beside the kind: smaller type, not cut
    ("ÄÖÜ 日本語 " * 20, "6029/ÄÖÜ/26"),
])
def test_nothing_overlaps_for_any_title_and_reference(title: str, reference: str) -> None:
    _no_overlap(title, reference)
    line = header_line(title, reference)
    if reference:
        assert reference in line.reference
    if stringWidth(title, SANS, HEADER_SIZE) < 100:
        assert line.title == title  # a title that fits is not touched


def test_fit_text_keeps_what_fits_and_cuts_at_the_widest_fitting_length() -> None:
    assert fit_text("abc", SANS, 8, 100) == "abc"
    cut = fit_text("abcdefghij" * 10, SANS, 8, 60)
    assert cut.endswith("…") and stringWidth(cut, SANS, 8) <= 60
    longer = "abcdefghij" * 10
    assert stringWidth(longer[:len(cut)] + "…", SANS, 8) > 60  # one more character would not fit
    assert fit_text("abc", SANS, 8, 1) == ""


def _header_words(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """(xMin, xMax, word) of the words on the header line of `page`, from pdftotext -bbox."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    words = [(float(x0), float(y0), float(x1), word) for x0, y0, x1, word in
             re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
                        html)]
    top = min(y for _x0, y, _x1, _w in words)
    return sorted((x0, x1, word) for x0, y, x1, word in words if abs(y - top) < 2)


def test_in_a_built_bundle_the_header_words_do_not_overlap(build: BuildBundle) -> None:
    case = _renamed(make_case(count=1, width=320, height=200, details=_details(REFERENCE)), LONG_TITLE)
    result = build(case)
    for page in (2, 3):
        words = _header_words(result.path, page)
        text = " ".join(word for _x0, _x1, word in words)
        assert text.startswith("EVIDENCE BUNDLE Instagram and Snapchat") and "…" in text
        assert text.endswith(f"Crime ref. {REFERENCE}")
        for (_a0, a1, _aw), (b0, _b1, _bw) in pairwise(words):
            assert a1 <= b0 + 0.01, text
