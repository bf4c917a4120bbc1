"""The review page: a box drawn with the mouse is saved as solid-box redaction of that exhibit at once."""

from __future__ import annotations

import io

from PIL import Image
from PySide6.QtCore import QPoint, Qt

from evidencekit.gui.pages.review import ReviewPage
from evidencekit.gui.session import CaseSession
from evidencekit.redaction import redacted_view
from tests.gui.part2.canary import CANARY_BOX


def _redactions(session: CaseSession) -> list:
    assert session.store is not None
    return [(e.object_id, e.data) for e in session.store.events() if e.action == "exhibit.redaction_set"]


def _open_page(qtbot, session: CaseSession) -> ReviewPage:
    page = ReviewPage(session)
    qtbot.addWidget(page)
    session.state_changed.connect(page.refresh)  # the main window does this for every page
    page.resize(1100, 900)
    page.show()
    page.refresh(session.state)
    page.on_shown()
    qtbot.waitUntil(lambda: page.canvas.has_image(), timeout=5000)
    return page


def _drag(qtbot, canvas, start_scene: tuple[int, int], end_scene: tuple[int, int]) -> None:
    viewport = canvas.viewport()
    start = canvas.mapFromScene(*start_scene)
    end = canvas.mapFromScene(*end_scene)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        point = start + (end - start) * step / 5
        qtbot.mouseMove(viewport, QPoint(round(point.x()), round(point.y())))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def test_a_box_drawn_with_the_mouse_is_saved_and_marks_the_exhibit(qtbot, session_with_exhibits) -> None:
    session = session_with_exhibits
    page = _open_page(qtbot, session)
    page.canvas.actual_size()
    x, y, w, h = CANARY_BOX
    _drag(qtbot, page.canvas, (x, y), (x + w, y + h))
    qtbot.waitUntil(lambda: bool(_redactions(session)), timeout=5000)
    object_id, data = _redactions(session)[-1]
    first = session.state.exhibits[0]
    assert object_id == first.id
    assert data["include_original"] is False
    (bx, by, bw, bh), = data["boxes"]
    assert abs(bx - x) <= 2 and abs(by - y) <= 2 and abs(bw - w) <= 3 and abs(bh - h) <= 3
    qtbot.waitUntil(lambda: "■ parts hidden" in page.exhibit_list.item(0).text(), timeout=5000)
    assert "■ parts hidden" not in page.exhibit_list.item(1).text()
    # The saved box really covers the canary: the core's redacted view of it is solid black there.
    view, _ = redacted_view(session.store.read_object(first.id), [tuple(b) for b in data["boxes"]])
    image = Image.open(io.BytesIO(view)).convert("RGB")
    inner = image.crop((x + 3, y + 3, x + w - 3, y + h - 3))
    assert inner.getextrema() == ((0, 0), (0, 0), (0, 0))


def test_keyboard_adds_moves_and_deletes_a_box(qtbot, session_with_exhibits) -> None:
    session = session_with_exhibits
    page = _open_page(qtbot, session)
    page.canvas.setFocus()
    qtbot.keyClick(page.canvas, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: len(_redactions(session)) == 1, timeout=5000)
    before = _redactions(session)[-1][1]["boxes"][0]
    qtbot.keyClick(page.canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(_redactions(session)) == 2, timeout=5000)
    after = _redactions(session)[-1][1]["boxes"][0]
    assert after[0] == before[0] + 10 and after[1:] == before[1:]
    qtbot.keyClick(page.canvas, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: len(_redactions(session)) == 3, timeout=5000)
    assert _redactions(session)[-1][1]["boxes"] == []
    qtbot.waitUntil(lambda: session.state.exhibits[0].redaction is None, timeout=5000)


def test_choosing_to_include_the_original_is_saved_with_the_boxes(qtbot, session_with_exhibits) -> None:
    session = session_with_exhibits
    page = _open_page(qtbot, session)
    page.canvas.add_box((10, 10, 50, 50))
    qtbot.waitUntil(lambda: len(_redactions(session)) == 1, timeout=5000)
    page.include_radio.click()
    qtbot.waitUntil(lambda: len(_redactions(session)) == 2, timeout=5000)
    assert _redactions(session)[-1][1] == {"boxes": [[10, 10, 50, 50]], "include_original": True,
                                             "same_checked": True}  # its twins were looked for (issue 14)
    qtbot.waitUntil(lambda: session.state.exhibits[0].redaction.include_original is True, timeout=5000)


def test_under_18_can_never_include_the_original(qtbot, session_with_exhibits) -> None:
    session = session_with_exhibits
    session.store.append_event("profile.set", {"under_18": True})
    session.state = session.store.state()
    page = _open_page(qtbot, session)
    assert not page.include_radio.isEnabled()
    assert page.young_note.isVisibleTo(page)
    page.canvas.add_box((10, 10, 50, 50))
    qtbot.waitUntil(lambda: len(_redactions(session)) == 1, timeout=5000)
    assert _redactions(session)[-1][1]["include_original"] is False


def test_boxes_stay_inside_the_picture_when_dragged_past_its_edge(qtbot, session_with_exhibits) -> None:
    session = session_with_exhibits
    page = _open_page(qtbot, session)
    page.canvas.actual_size()
    _drag(qtbot, page.canvas, (700, 500), (900, 700))
    qtbot.waitUntil(lambda: bool(_redactions(session)), timeout=5000)
    x, y, w, h = _redactions(session)[-1][1]["boxes"][0]
    assert x + w <= 800 and y + h <= 600


def test_a_drag_that_starts_beside_the_picture_starts_at_its_edge(qtbot, session_with_exhibits) -> None:
    session = session_with_exhibits
    page = _open_page(qtbot, session)
    page.canvas.fit_to_window()  # the picture fits; the space above it is beside it
    assert page.canvas.viewport().rect().contains(page.canvas.mapFromScene(100, -20))  # beside, yet in view
    _drag(qtbot, page.canvas, (100, -20), (300, 150))
    qtbot.waitUntil(lambda: bool(_redactions(session)), timeout=5000)
    x, y, w, h = _redactions(session)[-1][1]["boxes"][0]
    assert y == 0 and abs(x - 100) <= 3 and abs(w - 200) <= 4 and abs(h - 150) <= 4
    # a plain click beside it draws nothing
    before = len(_redactions(session))
    viewport = page.canvas.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=page.canvas.mapFromScene(100, -20))
    qtbot.wait(200)
    assert len(_redactions(session)) == before
