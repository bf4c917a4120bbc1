"""Covered means covered everywhere: once a picture is covered, no page of the window shows it uncovered
(a grab of every page, counted for the magenta "intimate" patch), nor its twin with the same pixels; only
the review canvas shows the original under the boxes, and only after "Show the original"."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw
from PySide6.QtCore import QBuffer, QIODevice

from evidencekit.capture.fixture_backend import FixtureBackend
from evidencekit.capture.importer import import_files
from evidencekit.capture.request import CaptureRequest
from evidencekit.capture.service import capture_to_case
from evidencekit.gui.main_window import MainWindow
from evidencekit.gui.session import CaseSession

PATCH = (260, 200, 200, 120)  # x, y, w, h of the magenta patch; the box covers it with a margin
BOX = [250, 190, 220, 140]


def intimate_png(level: int) -> bytes:
    image = Image.new("RGB", (800, 600), (235, 236, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 799, 48), fill=(42, 93, 176))
    x, y, w, h = PATCH
    draw.rectangle((x, y, x + w - 1, y + h - 1), fill=(255, 0, 255))
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=level)
    return out.getvalue()


def magenta(widget) -> int:
    """Magenta-ish pixels in a grab of `widget` (what a person would see there)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    widget.grab().toImage().save(buffer, "PNG")
    image = Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")
    red, green, blue = image.split()
    mask = Image.eval(red, lambda v: 255 if v > 190 else 0)
    mask = Image.composite(mask, Image.new("L", image.size, 0), Image.eval(green, lambda v: 255 if v < 80 else 0))
    mask = Image.composite(mask, Image.new("L", image.size, 0), Image.eval(blue, lambda v: 255 if v > 190 else 0))
    return mask.histogram()[255]


def _settle(qtbot, window: MainWindow, step: str) -> None:
    window.show_page(step)
    qtbot.wait(300)
    from evidencekit.gui import workers

    workers.wait_for_all(5000)
    qtbot.wait(200)


def test_no_window_page_shows_a_covered_picture_or_its_twin(qtbot, session: CaseSession, tmp_path: Path) -> None:
    store = session.store
    assert store is not None
    capture_to_case(store, CaptureRequest(), {"category": "conversation"},
                    backend=FixtureBackend([intimate_png(1)]))
    session.state = store.state()
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.resize(1280, 900)
    window.show()
    _settle(qtbot, window, "conversation")
    assert magenta(window) > 200  # control: the uncovered picture's thumbnail is seen by this count

    first = session.state.exhibits[0]
    from evidencekit.gui.pages.review import _save_boxes

    _save_boxes(store, first.id, {"boxes": [BOX], "include_original": False})
    twin = tmp_path / "same pixels.png"
    twin.write_bytes(intimate_png(9))  # another file, the same pixels
    import_files(store, [twin], {"category": "conversation"})
    capture_to_case(store, CaptureRequest(), {"category": "conversation"},
                    backend=FixtureBackend([intimate_png(1)]))  # the same screen again, later
    session.state = store.state()
    session.state_changed.emit(session.state)
    assert [bool(e.redaction) for e in session.state.pictures] == [True, True, True]

    seen = {}
    for page in window.pages:
        _settle(qtbot, window, page.step_id)
        seen[page.step_id] = magenta(window)
        if page.step_id == "review":
            for row in range(page.exhibit_list.count()):
                page.exhibit_list.setCurrentRow(row)
                qtbot.waitUntil(lambda: page._shown_id is not None and page.canvas.has_image(), timeout=10000)
                seen[f"review {row + 1}"] = magenta(window)
                assert page.show_original_button.isVisible()
    assert not any(seen.values()), seen
    review = window.page("review")
    assert review is not None
    window.show_page("review")
    centre = (PATCH[0] + PATCH[2] // 2, PATCH[1] + PATCH[3] // 2)
    shown = review.canvas._pixmap_item.pixmap().toImage()
    assert shown.pixelColor(*centre).name() == "#000000"  # the widget holds the covered picture only
    review.show_original()
    qtbot.wait(200)
    shown = review.canvas._pixmap_item.pixmap().toImage()
    assert shown.pixelColor(*centre).name() == "#ff00ff"  # now the original, under the boxes
    assert magenta(review.canvas) == 0  # the boxes are still drawn over it
    assert not review.canvas.locked and not review.show_original_button.isVisible()
