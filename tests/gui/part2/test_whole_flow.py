"""The whole flow through the real windows (offscreen): create a case, answer the age question, take two
pictures with the fixture backend, fill in the details, black out part of one picture, make the bundle.
The PDF must verify with `evidencekit verify`, carry the identifiers as text, and not contain the
withheld original (its canary) in any form.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from tests.gui.part2 import flow
from tests.gui.part2.canary import CANARY_BOX, png_slices


def _images_in_pdf(pdf: Path, folder: Path) -> list[Image.Image]:
    folder.mkdir()
    subprocess.run(["pdfimages", "-png", str(pdf), str(folder / "img")], check=True, timeout=120)
    return [Image.open(path).convert("RGB") for path in sorted(folder.glob("*.png"))]


def test_create_capture_details_redact_export_verify(qtbot, make_controller, tmp_path: Path, home: Path) -> None:
    controller = make_controller()
    controller.show()
    flow.create_case(qtbot, controller)
    window = controller.main_window
    session = controller.session
    flow.answer_adult(qtbot, window)
    flow.capture(qtbot, window, "profile")
    flow.capture(qtbot, window, "conversation")
    flow.fill_details(qtbot, window)
    flow.draw_box(qtbot, window, CANARY_BOX)
    out = tmp_path / "handover" / "bundle.pdf"
    out.parent.mkdir()
    page = flow.export(qtbot, window, out)

    # The page says where the file is, how big, and what to do with it.
    assert page.result_panel.isVisible()
    assert str(out) in page.result_panel.facts.text()
    assert "Who to give it to" in page.result_panel.handover.text()
    assert out.is_file() and out.stat().st_size == page.last_result.size
    exported = [e for e in session.store.events() if e.action == "bundle.exported"]
    assert len(exported) == 1 and exported[0].data["sha256"] == page.last_result.sha256

    withheld, shown = session.state.exhibits
    assert withheld.redaction is not None and not withheld.redaction.include_original
    withheld_png = session.store.read_object(withheld.id)
    shown_png = session.store.read_object(shown.id)

    verify = subprocess.run([sys.executable, "-m", "evidencekit", "verify", str(out)], capture_output=True,
                            text=True, timeout=120, env=dict(os.environ))
    assert verify.returncode == 0, verify.stdout + verify.stderr

    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    for value in [*flow.IDENTIFIERS.values(), flow.DEMAND["mtcn"], flow.CRIME_REFERENCE]:
        assert value in text.replace("\u00ad", ""), f"{value!r} is not in the PDF text"

    # The withheld original is not in the PDF: not attached, and no slice of its bytes anywhere in the file.
    pdf_bytes = out.read_bytes()
    attachments = {name: contents for name, contents in PdfReader(out).attachments.items()}
    assert attachments[f"{shown.reference}.png"][0] == shown_png  # control: the unredacted one is attached
    assert f"{withheld.reference}.png" not in attachments
    # (both pictures share most pixels, so only slices that EK-002's attached PNG lacks can tell; the PNG
    # encoder compresses row bands separately, so identical bands of the two are identical bytes: sample densely)
    own = [piece for piece in png_slices(withheld_png, count=256) if piece not in shown_png]
    assert len(own) >= 16
    assert not any(piece in pdf_bytes for piece in own)
    control = [piece for piece in png_slices(shown_png, count=256) if piece not in withheld_png]
    assert control and all(piece in pdf_bytes for piece in control)  # attached files are stored as-is
    for contents in attachments.values():
        assert withheld_png not in contents[0]
    # ...and the page pictures: the canary stripe of EK-002 is there (control), EK-001's is not.
    images = _images_in_pdf(out, tmp_path / "images")
    raw = [image.tobytes() for image in images]
    assert any(b"CANARY-B2" in data for data in raw)
    assert not any(b"CANARY-A1" in data for data in raw)
    redacted = [image for image in images if image.size == Image.open(io.BytesIO(withheld_png)).size
                and b"CANARY-B2" not in image.tobytes()]
    assert redacted, "the redacted view of EK-001 is not among the PDF's pictures"
    x, y, w, h = CANARY_BOX
    assert redacted[0].crop((x + 3, y + 3, x + w - 3, y + h - 3)).getextrema() == ((0, 0), (0, 0), (0, 0))
