"""Closing the window never loses anything: text still being typed is saved before the case closes."""

from __future__ import annotations

from evidencekit.store import CaseStore
from tests.gui.part2 import flow


def test_closing_the_window_saves_the_box_still_being_typed_in(qtbot, make_controller, home) -> None:
    controller = make_controller()
    controller.show()
    flow.create_case(qtbot, controller)
    window, session = controller.main_window, controller.session
    case_id = session.store.id
    window.show_page("details")
    page = window.current_page()
    summary = page.summary.fields["summary"].input
    summary.setFocus()
    qtbot.keyClicks(summary, "He said he would send it to my family")
    account_id = page.suspect_accounts.editors[0].fields["account_id"].input
    qtbot.keyClicks(account_id, "live:.cid.9911")  # no Return, no Tab: the person just closes the window
    window.close()
    qtbot.waitUntil(lambda: session.store is None, timeout=5000)

    store = CaseStore.open(case_id, home=home, passphrase=flow.PASSPHRASE)
    details = store.state().details
    store.close()
    assert details["summary"] == "He said he would send it to my family"
    assert details["suspect_accounts"][0]["account_id"] == "live:.cid.9911"
