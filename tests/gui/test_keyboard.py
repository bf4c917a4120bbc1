"""Keyboard and pointer rules: Tab follows the visual order on Details (the first-contact date, the
amount and every demand field included), the wheel never changes a drop-down that has no focus (it scrolls
the page), and the focus ring is drawn around the focused control in a colour with 3:1 contrast."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from evidencekit.gui import style
from evidencekit.gui.keyboard import FocusRing, install_keyboard_guards
from evidencekit.gui.main_window import MainWindow
from evidencekit.gui.session import CaseSession
from evidencekit.store import CaseStore


@pytest.fixture
def session(qapp, home, memory_keyring):
    install_keyboard_guards(qapp)
    session = CaseSession(home=home, keyring=memory_keyring)
    session.attach(CaseStore.create("Keys", "keyboard passphrase", home=home, keyring=memory_keyring).store)
    yield session
    if session.store is not None:
        session.lock()


@pytest.fixture
def details_window(qtbot, session):
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.show_page("details")
    return window


def _tab_through(qtbot, page, start: QWidget, presses: int = 120) -> list[QWidget]:
    start.setFocus(Qt.FocusReason.TabFocusReason)
    reached = [start]
    for _ in range(presses):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        if focus is None or not page.isAncestorOf(focus):
            break
        reached.append(focus)
    return reached


def test_tab_on_details_follows_the_visual_order(qtbot, details_window):
    page = details_window.current_page()
    account = page.suspect_accounts.editors[0]
    reached = _tab_through(qtbot, page, next(iter(account.fields.values())).input)
    inner = page.scroll_area.widget()
    contact_start = page.contact_start.fields["contact_start"].input
    demand = page.demands.editors[0].fields
    for needed in (contact_start, demand["amount"].input, demand["currency"].input, demand["method"].input,
                   demand["mtcn"].input, demand["deadline"].input, page.demands.add_button):
        assert needed in reached, f"Tab never reaches {needed.accessibleName()}"
    # after the last field of the account comes the account's remove button, its Add, then the date
    last_account_field = list(account.fields.values())[-1].input
    after = reached[reached.index(last_account_field) + 1:reached.index(contact_start)]
    assert [w.accessibleName() for w in after] == ["Remove account 1", "Add an account"]
    assert reached.index(contact_start) < reached.index(demand["amount"].input) < reached.index(
        demand["currency"].input) < reached.index(demand["method"].input)
    # and everything reached goes down the page (left to right within a row)
    places = [w.mapTo(inner, QPoint(0, 0)) for w in reached]
    for before, now, widget in zip(places, places[1:], reached[1:], strict=False):
        assert now.y() > before.y() - 4 or (abs(now.y() - before.y()) <= 4 and now.x() > before.x()), \
            f"Tab jumps back up to {widget.accessibleName()!r}"


def test_tab_order_holds_after_adding_a_second_demand(qtbot, details_window):
    page = details_window.current_page()
    qtbot.mouseClick(page.demands.add_button, Qt.MouseButton.LeftButton)
    qtbot.wait(50)  # the new record is shown by the event loop
    second = page.demands.editors[1].fields
    assert QApplication.focusWidget() is second["amount"].input
    reached = _tab_through(qtbot, page, page.demands.editors[0].fields["amount"].input)
    first_paid = next(iter(page.paid.fields.values())).input
    assert second["amount"].input in reached, " | ".join(w.accessibleName() for w in reached)
    assert reached.index(second["amount"].input) < reached.index(second["currency"].input) < reached.index(
        page.demands.add_button) < reached.index(first_paid)


def _wheel(widget: QWidget, steps: int = -3) -> None:
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * steps), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_an_unfocused_drop_down_scrolls_the_page_and_changes_nothing(qtbot, details_window):
    page = details_window.current_page()
    method = page.demands.editors[0].fields["method"]
    status = page.paid.fields["status"]
    method.set_text("Western Union")
    page.contact_start.fields["contact_start"].input.setFocus()
    page.scroll_area.ensureWidgetVisible(method.input, 0, 200)
    bar = page.scroll_area.verticalScrollBar()
    for field in (method, status):
        before_text, before_scroll = field.input.currentText(), bar.value()
        assert not field.input.hasFocus()
        _wheel(field.input)
        assert field.input.currentText() == before_text
        assert bar.value() != before_scroll  # the wheel went to the page instead
    assert method.text() == "Western Union"
    # with the focus in it (chosen on purpose), the wheel does change the drop-down
    status.input.setFocus()
    qtbot.waitUntil(status.input.hasFocus, timeout=2000)
    before = status.input.currentIndex()
    _wheel(status.input, steps=-1)
    assert status.input.currentIndex() != before


def test_combo_boxes_take_focus_from_click_or_tab_not_from_the_wheel(details_window):
    page = details_window.current_page()
    combos = page.findChildren(QComboBox)
    assert combos and all(c.focusPolicy() != Qt.FocusPolicy.WheelFocus for c in combos if c.isVisible())


def test_the_focus_ring_surrounds_the_focused_control_in_a_contrasting_colour(qtbot, details_window):
    page = details_window.current_page()
    edit = page.contact_start.fields["contact_start"].input
    page.scroll_area.ensureWidgetVisible(edit)
    edit.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(edit.hasFocus, timeout=2000)
    rings = [r for r in details_window.findChildren(FocusRing) if r.isVisible()]
    assert len(rings) == 1
    ring = rings[0]
    host = ring.parentWidget()
    assert host is page.scroll_area.widget()  # scrolls and is clipped with the page
    area = ring.geometry()
    target = QRect(edit.mapTo(host, QPoint(0, 0)), edit.size())
    width = style.FOCUS_RING_WIDTH
    assert width >= 2
    assert area.contains(target) and area.left() <= target.left() - width and area.top() <= target.top() - width
    background = page.palette().color(page.backgroundRole())
    assert style.contrast_ratio(style.accent_colour(), background) >= 3.0
    QApplication.processEvents()
    picture = host.grab().toImage()
    accent = style.accent_colour()
    mid_y = target.center().y()
    painted = [picture.pixelColor(x, mid_y) for x in range(area.left(), target.left())]
    assert any(abs(c.red() - accent.red()) + abs(c.green() - accent.green()) + abs(c.blue() - accent.blue()) < 60
               for c in painted), "no accent-coloured ring left of the focused box"
    # the ring follows the focus
    other = page.demands.editors[0].fields["amount"].input
    other.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(other.hasFocus, timeout=2000)
    assert ring.geometry().contains(QRect(other.mapTo(host, QPoint(0, 0)), other.size()))


def test_no_nothing_paid_greys_out_the_payment_boxes_and_yes_brings_them_back(qtbot, details_window):
    page = details_window.current_page()
    status = page.paid.fields["status"]
    others = [field for name, field in page.paid.fields.items() if name != "status"]
    assert others and all(field.isEnabled() for field in others)
    status.input.setFocus()
    qtbot.waitUntil(status.input.hasFocus, timeout=2000)
    for wanted in ("no", "yes"):  # chosen from the keyboard as a person would: arrows, then Return
        while status.input.currentData() != wanted:
            qtbot.keyClick(status.input, Qt.Key.Key_Down if status.input.currentIndex() < status.input.findData(
                wanted) else Qt.Key.Key_Up)
        if wanted == "no":
            assert not any(field.isEnabled() for field in others)
            assert not page.paid.form.labelForField(others[0]).isEnabled()
        else:
            assert all(field.isEnabled() for field in others)
