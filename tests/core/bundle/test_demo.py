"""The demo bundle shows every page type: a profile, chats, a redacted threat, an imported phone JPEG."""

from __future__ import annotations

import subprocess
from pathlib import Path

from evidencekit.bundle.demo import make_demo_bundle
from evidencekit.bundle.model import BundleResult
from evidencekit.bundle.signing import SigningIdentity
from evidencekit.bundle.verify import verify_bundle
from evidencekit.i18n import locale_dir, using_language


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


def test_a_spanish_bundle_verifies_and_names_steps_roles_and_categories_in_spanish(
        tmp_path: Path, signing_identity: SigningIdentity) -> None:
    """The verifier looked for 'Exhibit EK-001' on each exhibit page, so a bundle in the police's language
    failed; the custody page said 'profile hecho', the statement 'profile, ...' and the cover '(victim)'."""
    with using_language("es", localedir=locale_dir()):  # the installed catalogues, whatever ran before
        result = make_demo_bundle(tmp_path / "es.pdf", identity=signing_identity)
    assert verify_bundle(result.path).exit_code == 0
    text = " ".join(subprocess.run(["pdftotext", str(result.path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())  # a banner or cell may wrap its words
    assert "Prueba EK-003" in text and "VISTA CENSURADA" in text and "Exhibit EK-" not in text
    assert "«El perfil de la otra persona», hecho" in text and "profile hecho" not in text
    assert "Perfil, Their profile page" in text and "Sam Example (víctima)" in text
    assert b"/Lang (es)" in result.path.read_bytes()
