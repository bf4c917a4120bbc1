"""The demo bundle shows every page type: a profile, chats, a redacted threat, an imported phone JPEG."""

from __future__ import annotations

import subprocess

from evidencekit.bundle.model import BundleResult
from evidencekit.bundle.verify import verify_bundle


def test_demo_bundle_verifies_and_has_every_kind_of_exhibit_page(demo_bundle: BundleResult) -> None:
    assert verify_bundle(demo_bundle.path).exit_code == 0
    pages = subprocess.run(["pdftotext", str(demo_bundle.path), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    exhibit_pages = [text for text in pages if "Exhibit EK-" in text and "How it was obtained" in text]
    assert len(exhibit_pages) == demo_bundle.exhibits == 5
    assert sum("REDACTED VIEW" in text for text in exhibit_pages) == 1
    imported = [text for text in exhibit_pages if "Imported: a file made elsewhere" in text]
    assert len(imported) == 1 and "Screenshot_20260303-210912.jpg" in imported[0]


def test_demo_jpeg_is_shown_as_its_own_jpeg_data(demo_bundle: BundleResult) -> None:
    listing = subprocess.run(["pdfimages", "-list", str(demo_bundle.path)], capture_output=True, text=True,
                             check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert sorted(row[8] for row in rows) == ["image", "image", "image", "image", "jpeg"]
