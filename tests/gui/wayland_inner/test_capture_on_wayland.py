"""The window's capture flow on Wayland: it hides itself, the portal takes the picture, it comes back;
the countdown, the series control and the region overlay on the frozen picture work there too."""

from __future__ import annotations

import io
import os

from PIL import Image
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication

from tests.gui.wayland_inner.conftest import PORTAL_FILE, open_main_window


def stored(window, exhibit) -> Image.Image:
    return Image.open(io.BytesIO(window.session.store.read_object(exhibit.id))).convert("RGB")


def test_whole_screen_hides_the_window_and_holds_exactly_the_other_window(qtbot, wayland_window, picture):
    page = wayland_window.current_page()
    qtbot.mouseClick(page.capture_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.flow is None, timeout=60000)
    assert page.status.text().startswith("Saved."), page.status.text()
    assert wayland_window.isVisible()  # it came back
    (exhibit,) = wayland_window.session.state.exhibits
    assert exhibit.recorded["backend"] == "portal"
    assert exhibit.recorded["portal"]["file"]["removed"] is True and not os.path.lexists(PORTAL_FILE)
    # exactly the other program's window: not one pixel of the app's own window is in the picture
    assert stored(wayland_window, exhibit).tobytes() == picture.tobytes()


def test_countdown_then_a_series_by_capture_next(qtbot, wayland_window, picture):
    page = wayland_window.current_page()
    form = page.options_form
    form.delay.setCurrentIndex(form.delay.findData(3))
    form.series.setCurrentIndex(form.series.findData("manual"))
    qtbot.mouseClick(page.capture_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.flow is not None and page.flow.countdown is not None
                    and page.flow.countdown.isVisible(), timeout=10000)
    assert not wayland_window.isVisible()
    qtbot.waitUntil(lambda: page.flow.control is not None and page.flow.control.isVisible(), timeout=60000)
    assert page.flow.countdown is None or not page.flow.countdown.isVisible()
    qtbot.mouseClick(page.flow.control.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(wayland_window.session.state.exhibits) == 2 and page.flow.control.isVisible(),
                    timeout=60000)
    qtbot.mouseClick(page.flow.control.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.flow is None, timeout=30000)
    assert wayland_window.isVisible()
    exhibits = wayland_window.session.state.exhibits
    assert [e.recorded["series"]["index"] for e in exhibits] == [1, 2]
    assert exhibits[0].recorded["request"]["delay_ms"] == 0  # the GUI waits itself; the record has the series
    for exhibit in exhibits:  # neither the countdown nor the series control is in a picture
        assert stored(wayland_window, exhibit).tobytes() == picture.tobytes()


def test_region_overlay_on_the_frozen_picture_keeps_exactly_the_chosen_pixels(qtbot, wayland_window, picture):
    page = wayland_window.current_page()
    page.options_form.region.setChecked(True)
    qtbot.mouseClick(page.capture_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.flow is not None and page.flow.overlay is not None
                    and page.flow.overlay.isVisible(), timeout=60000)
    overlay = page.flow.overlay
    screen = QGuiApplication.primaryScreen().geometry()
    qtbot.waitUntil(lambda: overlay.size() == screen.size(), timeout=10000)  # full screen on Wayland
    assert overlay.isFullScreen()
    chosen = overlay.to_pixels(QRect(QPoint(300, 200), QPoint(1000, 700)))  # frozen-picture pixels of the drag
    qtbot.mousePress(overlay, Qt.MouseButton.LeftButton, pos=QPoint(300, 200))
    qtbot.mouseMove(overlay, QPoint(600, 400))
    qtbot.mouseRelease(overlay, Qt.MouseButton.LeftButton, pos=QPoint(1000, 700))
    qtbot.waitUntil(lambda: page.flow is None, timeout=60000)
    assert page.status.text().startswith("Saved."), page.status.text()
    (exhibit,) = wayland_window.session.state.exhibits
    assert exhibit.recorded["frozen"]["region_pixels"] == chosen.as_dict()
    assert (chosen.left, chosen.top, chosen.width, chosen.height) == (300, 200, 701, 501)  # QRect is inclusive
    assert exhibit.recorded["portal"]["file"]["removed"] is True and not os.path.lexists(PORTAL_FILE)
    assert stored(wayland_window, exhibit).tobytes() == picture.crop(
        (chosen.left, chosen.top, chosen.right, chosen.bottom)).tobytes()
    assert wayland_window.isVisible()


def test_the_page_says_what_the_desktop_will_ask_before_the_first_picture(qtbot, home, memory_keyring):
    set_screenshot_permission(None)  # as on a desktop where screenshots were never allowed nor denied
    try:
        window = open_main_window(qtbot, home, memory_keyring)
        page = window.current_page()
        assert page.availability.works and page.capture_button.isEnabled()
        assert page.status.text().startswith("The first time, your desktop may ask “Allow … to take screenshots?”")
    finally:
        set_screenshot_permission("yes")
    window.session.lock()


def test_without_the_portal_the_page_says_what_is_missing_and_points_to_import(qtbot, home, memory_keyring,
                                                                              monkeypatch, tmp_path):
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-bus")  # Wayland, but no portal
    window = open_main_window(qtbot, home, memory_keyring)
    page = window.current_page()
    assert not page.availability.works and not page.capture_button.isEnabled()
    assert page.status.text().startswith("Pictures of the screen cannot be taken here: On this Wayland desktop "
                                         "pictures of the screen are taken by the desktop's screenshot service")
    assert "“Add pictures you already took”" in page.status.text() and page.import_button.isEnabled()
    window.session.lock()


def set_screenshot_permission(value: str | None) -> None:
    """The desktop's permission store (a real xdg-permission-store in the test desktop)."""
    from jeepney import new_method_call
    from jeepney.io.blocking import open_dbus_connection

    from evidencekit.capture.portal_dbus import PERMISSION_STORE

    with open_dbus_connection("SESSION") as connection:
        if value is None:
            call = new_method_call(PERMISSION_STORE, "DeletePermission", "sss", ("screenshot", "screenshot", ""))
        else:
            call = new_method_call(PERMISSION_STORE, "SetPermission", "sbssas",
                                   ("screenshot", True, "screenshot", "", [value]))
        connection.send_and_get_reply(call, timeout=30)
