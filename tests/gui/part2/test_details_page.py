"""The details page: typed identifiers land in the journal as `details.set`, bad input is named, not lost."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from evidencekit.gui import autosave
from evidencekit.gui.pages.details import DetailsPage
from evidencekit.gui.session import CaseSession


def _type(qtbot, field, text: str) -> None:
    edit = field.input if isinstance(field.input, QLineEdit) else field.input.lineEdit()
    edit.setFocus()
    edit.clear()
    qtbot.keyClicks(edit, text)
    edit.editingFinished.emit()


def _details_events(session: CaseSession) -> list[dict]:
    assert session.store is not None
    return [event.data["details"] for event in session.store.events() if event.action == "details.set"]


def test_typed_identifiers_are_saved_as_one_details_event_per_edit(qtbot, session: CaseSession) -> None:
    page = DetailsPage(session)
    qtbot.addWidget(page)
    page.refresh(session.state)
    account = page.suspect_accounts.editors[0]
    _type(qtbot, account.fields["username"], "lena_2003")
    qtbot.waitUntil(lambda: len(_details_events(session)) == 1, timeout=5000)
    _type(qtbot, account.fields["account_id"], "live:.cid.88123345")
    qtbot.waitUntil(lambda: len(_details_events(session)) == 2, timeout=5000)
    saved = _details_events(session)[-1]
    assert saved["suspect_accounts"][0]["username"] == "lena_2003"
    assert saved["suspect_accounts"][0]["account_id"] == "live:.cid.88123345"
    qtbot.waitUntil(lambda: session.state.details == saved and page.status.text() == "Saved.", timeout=5000)


def test_amount_with_pound_sign_is_tidied_and_fills_the_currency(qtbot, session: CaseSession) -> None:
    page = DetailsPage(session)
    qtbot.addWidget(page)
    page.refresh(session.state)
    demand = page.demands.editors[0]
    _type(qtbot, demand.fields["amount"], "£1,500")
    qtbot.waitUntil(lambda: bool(_details_events(session)), timeout=5000)
    saved = _details_events(session)[-1]["demands"][0]
    assert (saved["amount"], saved["currency"]) == ("1500", "GBP")


def test_an_invalid_date_is_named_and_kept_on_screen_while_other_edits_save(qtbot, session: CaseSession) -> None:
    page = DetailsPage(session)
    qtbot.addWidget(page)
    page.refresh(session.state)
    start = page.contact_start.fields["contact_start"]
    _type(qtbot, start, "last tuesday")
    assert start.problem.isVisibleTo(page)
    assert "not a date" in start.problem.text()
    _type(qtbot, page.police.fields["crime_reference"], "CR/12345/26")
    qtbot.waitUntil(lambda: bool(_details_events(session)), timeout=5000)
    saved = _details_events(session)[-1]
    assert saved["reports"]["police"]["crime_reference"] == "CR/12345/26"
    assert saved["contact_start"] == ""
    assert start.text() == "last tuesday"  # what was typed is not thrown away
    assert "Saved, except" in page.status.text()


def test_text_still_being_typed_is_saved_by_flush_before_locking(qtbot, session: CaseSession) -> None:
    page = DetailsPage(session)
    qtbot.addWidget(page)
    page.refresh(session.state)
    summary = page.summary.fields["summary"].input
    summary.setFocus()
    qtbot.keyClicks(summary, "They contacted me on Instagram")
    assert not _details_events(session)
    autosave.flush_all()
    assert _details_events(session)[-1]["summary"] == "They contacted me on Instagram"


def test_removing_an_account_saves_the_list_without_it(qtbot, session: CaseSession) -> None:
    page = DetailsPage(session)
    qtbot.addWidget(page)
    page.refresh(session.state)
    _type(qtbot, page.suspect_accounts.editors[0].fields["username"], "first_one")
    qtbot.mouseClick(page.suspect_accounts.add_button, Qt.MouseButton.LeftButton)
    _type(qtbot, page.suspect_accounts.editors[1].fields["username"], "second_one")
    qtbot.waitUntil(lambda: len(_details_events(session)[-1]["suspect_accounts"]) == 2 if _details_events(session)
                    else False, timeout=5000)
    page.suspect_accounts._remove(page.suspect_accounts._rows[0], page.suspect_accounts.editors[0])
    qtbot.waitUntil(lambda: len(_details_events(session)[-1]["suspect_accounts"]) == 1, timeout=5000)
    assert _details_events(session)[-1]["suspect_accounts"][0]["username"] == "second_one"


def test_a_long_save_status_wraps_and_never_pushes_the_page_sideways(qtbot, session: CaseSession) -> None:
    page = DetailsPage(session)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    page.refresh(session.state)
    _type(qtbot, page.contact_start.fields["contact_start"], "last tuesday")
    _type(qtbot, page.demands.editors[0].fields["amount"], "a lot of money, more than I have")
    _type(qtbot, page.police.fields["crime_reference"], "CR/12345/26")
    qtbot.waitUntil(lambda: "Saved, except" in page.status.text(), timeout=5000)
    qtbot.wait(50)
    assert "?:" not in page.status.text()  # "When did they first contact you? ...", not "you?:"
    assert page.scroll_area.horizontalScrollBar().maximum() == 0
    scroll = page.scroll_area
    assert scroll.widget().width() <= scroll.viewport().width()
    assert scroll.horizontalScrollBar().maximum() == 0


def test_the_window_does_not_say_everything_is_saved_while_a_box_is_not(qtbot, make_controller, home) -> None:
    from evidencekit.store import CaseStore

    created = CaseStore.create("Status case", "status passphrase here", shared_computer=True, home=home)
    controller = make_controller()
    controller.session.attach(created.store)
    window = controller.show_main_window()
    window.show_page("details")
    page = window.current_page()
    _type(qtbot, page.contact_start.fields["contact_start"], "last tuesday")
    _type(qtbot, page.police.fields["crime_reference"], "CR/12345/26")
    qtbot.waitUntil(lambda: "Saved, except" in page.status.text() and not controller.session.busy, timeout=5000)
    assert window.saved_label.text() == "Saved, except what is marked in red on the Details page."
    _type(qtbot, page.contact_start.fields["contact_start"], "2026-03-01")
    qtbot.waitUntil(lambda: window.saved_label.text() == "Everything is saved.", timeout=5000)


def test_no_field_label_is_clipped_at_the_default_window_size(qtbot, session: CaseSession) -> None:
    from PySide6.QtWidgets import QFormLayout, QLabel

    page = DetailsPage(session)
    qtbot.addWidget(page)
    page.resize(900, 800)  # the page's part of the 1180 x 800 window
    page.show()
    qtbot.waitExposed(page)
    page.refresh(session.state)
    qtbot.wait(50)
    labels = [form.labelForField(form.itemAt(row, QFormLayout.ItemRole.FieldRole).widget())
              for form in page.findChildren(QFormLayout) for row in range(form.rowCount())
              if form.itemAt(row, QFormLayout.ItemRole.FieldRole) is not None]
    labels = [label for label in labels if isinstance(label, QLabel) and label.text()]
    assert len(labels) > 20
    for label in labels:
        if label.wordWrap():
            assert label.height() >= label.heightForWidth(label.width()), label.text()
        else:
            assert label.width() >= label.fontMetrics().horizontalAdvance(label.text()), label.text()
