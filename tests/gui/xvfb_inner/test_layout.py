"""What stays put on a real X server at 1366×768: the series control above another program's full-screen
window that comes to the front, the picture on the review page under the first box drawn, the thumbnails
and captions of a gallery row whatever the pictures' shapes."""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

from PIL import Image, ImageChops
from PySide6.QtCore import QBuffer, QIODevice, QPoint, QRect, Qt

from evidencekit.capture import CaptureRequest, FixtureBackend, capture_to_case, import_files, synthetic_desktop_png
from evidencekit.gui.main_window import MainWindow
from evidencekit.gui.thumbnails import THUMB_SIZE
from tests.gui.xvfb_inner.test_focus import _with_pictures
from tests.support.xserver import ForeignWindow, independent_grab


def _image(widget) -> Image.Image:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    widget.grab().save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")


def _on_screen(display: str, rect: QRect) -> Image.Image:
    png = independent_grab(display, rect.x(), rect.y(), rect.width(), rect.height())
    return Image.open(io.BytesIO(png)).convert("RGB")


def test_the_series_control_comes_back_above_a_full_screen_window_brought_to_the_front(qtbot, window, tmp_path):
    display = os.environ["DISPLAY"]
    chat = ForeignWindow.start(display, x=0, y=0, width=1366, height=768, focus=False)
    try:
        window.show_page("conversation")
        page = window.current_page()
        qtbot.waitUntil(lambda: page.availability is not None, timeout=10000)
        page.options_form.series.setCurrentIndex(page.options_form.series.findData("manual"))
        page.start_capture()
        qtbot.waitUntil(lambda: page.flow is not None and page.flow.control is not None
                        and page.flow.control.isVisible(), timeout=20000)
        control = page.flow.control
        qtbot.wait(300)
        where = control.frameGeometry()
        assert ImageChops.difference(_on_screen(display, where), _image(control)).getbbox() is None
        # the person clicks into the full-screen chat to scroll it: it comes to the front (xdotool raises it,
        # as a window manager would)
        subprocess.run(["xdotool", "windowraise", str(chat.window_id)], check=True, env=dict(os.environ))
        qtbot.wait(100)
        covered = _on_screen(display, where)
        covered.save(tmp_path / "covered.png")
        qtbot.wait(1500)
        shown = _on_screen(display, where)
        shown.save(tmp_path / "shown-again.png")
        assert ImageChops.difference(shown, _image(control)).getbbox() is None, \
            f"the series control stayed behind the full-screen window ({tmp_path})"
        qtbot.keyClick(control.stop_button, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: page.flow is None, timeout=20000)
    finally:
        chat.stop()


def test_the_first_box_drawn_does_not_move_the_picture(qtbot, window, fixture_backend):
    _with_pictures(window, fixture_backend)
    window.show_page("review")
    page = window.current_page()
    shown = window.session.state.exhibits[1].id
    page.show_exhibit(shown)
    qtbot.waitUntil(lambda: page._shown_id == shown and page.canvas.has_image(), timeout=20000)
    qtbot.wait(200)
    canvas = page.canvas

    def picture() -> QRect:
        area = canvas.mapFromScene(canvas.sceneRect()).boundingRect()
        return QRect(canvas.viewport().mapTo(window, area.topLeft()), area.size())

    before = picture()
    viewport = canvas.viewport()
    centre = viewport.rect().center()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseMove(viewport, centre + QPoint(60, 30))
    qtbot.mouseMove(viewport, centre + QPoint(120, 50))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=centre + QPoint(120, 50))
    qtbot.waitUntil(lambda: page.status.text().startswith("Saved"), timeout=20000)
    qtbot.wait(200)
    assert len(canvas.boxes()) == 1
    assert picture() == before, f"the picture moved from {before} to {picture()}"


def test_thumbnails_of_wide_and_tall_pictures_line_up_with_their_captions(qtbot, window: MainWindow,
                                                                          tmp_path: Path):
    session = window.session
    store = session.store
    backend = FixtureBackend([synthetic_desktop_png(1920, 1080), synthetic_desktop_png(1920, 1080, variant="profile")])
    capture_to_case(store, CaptureRequest(), {"category": "conversation", "label": "The first threat"},
                    backend=backend)
    phone = tmp_path / "phone.png"  # a phone's screenshot, tall
    phone.write_bytes(synthetic_desktop_png(1080, 2340, variant="profile"))
    import_files(store, [phone], {"category": "conversation", "label": "The demand"})
    capture_to_case(store, CaptureRequest(), {"category": "conversation", "label": "The deadline"}, backend=backend)
    session.state = store.state()
    session.state_changed.emit(session.state)
    window.show_page("conversation")
    grid = window.current_page().gallery.grid
    qtbot.waitUntil(lambda: grid.count() == 3 and all(not grid.icon(i).isNull() for i in range(3)),
                    timeout=20000)
    rects = [grid.visualRect(grid.model().index(i, 0)) for i in range(3)]
    assert [icon.availableSizes() for icon in (grid.icon(i) for i in range(3))] == [[THUMB_SIZE]] * 3
    assert len({(rect.top(), rect.width(), rect.height()) for rect in rects}) == 1, rects
