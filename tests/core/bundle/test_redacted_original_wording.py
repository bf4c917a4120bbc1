"""A redacted exhibit's page, the cover and the manifest say where its uncovered original really is."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.core.bundle.conftest import BuildBundle, make_case

BOX = [10, 10, 100, 60]


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in text.split("\f")]


def _manifest(pdf: Path) -> dict[str, Any]:
    return dict(json.loads(PdfReader(str(pdf)).attachments["manifest.json"][0]))


def _attached_names(pdf: Path) -> set[str]:
    return set(PdfReader(str(pdf)).attachments)


def _exhibit_page(pages: list[str], reference: str) -> str:
    return next(page for page in pages if f"Exhibit {reference}" in page and "REDACTED VIEW" in page)


@pytest.mark.parametrize("by", ["flag", "recorded choice"])
def test_an_included_original_is_never_called_withheld(build: BuildBundle, by: str) -> None:
    case = make_case(count=1, width=320, height=200, redact={0: [BOX]}, include_original=by == "recorded choice")
    result = build(case, include_redacted_originals=by == "flag")
    assert "EK-001.png" in _attached_names(result.path)
    pages = _pages(result.path)
    page = _exhibit_page(pages, "EK-001")
    assert "Nothing under the boxes is in this bundle" not in page
    assert "The uncovered original IS in this bundle: it is attached to this PDF as EK-001.png" in page
    assert "withheld" not in pages[0]
    assert "The uncovered original of each such picture is included in this bundle as well" in pages[0]
    assert "EK-001." in pages[0]
    manifest = _manifest(result.path)
    assert manifest["exhibits"][0]["original"]["disposition"] == "attached"
    options = manifest["export"]["options"]
    assert options["include_redacted_originals"] is (by == "flag")  # this export's flag, as given
    assert options["redacted_originals_included"] == ["EK-001"]  # and what really is in the bundle


def test_a_withheld_original_is_said_to_be_withheld(build: BuildBundle) -> None:
    result = build(make_case(count=1, width=320, height=200, redact={0: [BOX]}))
    assert "EK-001.png" not in _attached_names(result.path)
    pages = _pages(result.path)
    page = _exhibit_page(pages, "EK-001")
    assert "Nothing under the boxes is in this bundle" in page and "IS in this bundle" not in page
    assert "The uncovered original of such a picture is withheld and is available to the police" in pages[0]
    manifest = _manifest(result.path)
    assert manifest["exhibits"][0]["original"]["disposition"] == "withheld"
    assert manifest["export"]["options"]["redacted_originals_included"] == []


def test_an_original_in_the_zip_is_said_to_be_in_the_zip(build: BuildBundle) -> None:
    result = build(make_case(count=1, width=320, height=200, redact={0: [BOX]}), originals="zip",
                   include_redacted_originals=True)
    assert result.zip_path is not None
    page = _exhibit_page(_pages(result.path), "EK-001")
    assert f"it is in the separate ZIP file {result.zip_path.name} as EK-001.png" in page
    assert "Nothing under the boxes" not in page


def test_with_originals_withheld_the_include_choice_cannot_attach_it(build: BuildBundle) -> None:
    result = build(make_case(count=1, width=320, height=200, redact={0: [BOX]}, include_original=True),
                   originals="withhold")
    page = _exhibit_page(_pages(result.path), "EK-001")
    assert "Nothing under the boxes is in this bundle" in page
    assert _manifest(result.path)["export"]["options"]["redacted_originals_included"] == []


def test_the_cover_names_which_originals_are_included_and_which_withheld(build: BuildBundle) -> None:
    case = make_case(count=2, width=320, height=200, redact={0: [BOX], 1: [BOX]})
    # EK-002's redaction recorded again, this time with its original included (as the GUI or the CLI do)
    from evidencekit.store.events import Event
    from evidencekit.store.state import replay

    last = case.events[-1]
    again = Event(seq=last.seq + 1, case_id=last.case_id, time=last.time, actor=last.actor,
                  action="exhibit.redaction_set", object_id=case.state.exhibits[1].id, inputs=[], outputs=[],
                  data={"boxes": [BOX], "include_original": True}, app=last.app, prev=last.hash).with_hash()
    case.events.append(again)
    case.state = replay(last.case_id, case.events)
    pages = _pages(build(case).path)
    assert ("The uncovered originals of EK-002 are included in this bundle, because the person chose to "
            "include them; those of EK-001 are withheld") in pages[0]
    assert "Nothing under the boxes" in _exhibit_page(pages, "EK-001")
    assert "attached to this PDF as EK-002.png" in _exhibit_page(pages, "EK-002")
