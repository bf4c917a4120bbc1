"""The export page: options reach the bundle, Cancel leaves nothing behind, the result says what to do."""

from __future__ import annotations

import html
import zipfile
from pathlib import Path

from PySide6.QtCore import Qt

from evidencekit.gui.pages.export import ExportPage, default_file_name
from evidencekit.gui.session import CaseSession


def _page(qtbot, session: CaseSession, out: Path) -> ExportPage:
    page = ExportPage(session)
    qtbot.addWidget(page)
    session.state_changed.connect(page.refresh)
    page.refresh(session.state)
    page.set_out_path(out)
    page.show()
    return page


def _export(qtbot, page: ExportPage) -> None:
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.is_running(), timeout=120000)


def test_originals_in_a_zip_and_no_contact_details_reach_the_bundle(qtbot, session_with_exhibits, tmp_path) -> None:
    session = session_with_exhibits
    session.store.append_event("details.set", {"details": {"victim_contact": {"name": "Alex Example"}}})
    session.state = session.store.state()
    page = _page(qtbot, session, tmp_path / "out" / "bundle")
    assert page.out_path().name == "bundle.pdf"  # the .pdf is added
    (tmp_path / "out").mkdir()
    assert page.contact_check.isEnabled()
    page.contact_check.setChecked(False)
    page.originals_radios["zip"].setChecked(True)
    _export(qtbot, page)
    result = page.last_result
    assert result is not None, page.last_error
    assert result.zip_path is not None and result.zip_path.is_file()
    assert {"EK-001.png", "EK-002.png"} <= set(zipfile.ZipFile(result.zip_path).namelist())
    exported = session.store.events()[-1]
    assert exported.action == "bundle.exported"
    assert exported.data["options"]["originals"] == "zip" and exported.data["options"]["include_contact"] is False
    assert b"Alex Example" not in (tmp_path / "out" / "bundle.pdf").read_bytes()
    assert result.zip_path.name in page.result_panel.handover.text()


def test_contact_details_choice_is_off_when_none_were_written(qtbot, session_with_exhibits, tmp_path) -> None:
    page = _page(qtbot, session_with_exhibits, tmp_path / "b.pdf")
    assert not page.contact_check.isEnabled()
    assert not page.contact_check.isChecked()  # greyed out and ticked read as "they will be included"
    assert page.options().include_contact is False


def test_cancel_stops_the_export_without_a_file_and_the_journal_says_so(qtbot, session_with_exhibits,
                                                                       tmp_path) -> None:
    session = session_with_exhibits
    before = len(session.store.events())
    page = _page(qtbot, session, tmp_path / "cancelled.pdf")
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert page.is_running() and page.cancel_button.isVisible()
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.is_running(), timeout=120000)
    assert page.last_result is None
    assert "No file was written" in page.progress_text.text()
    assert not (tmp_path / "cancelled.pdf").exists()
    assert list(tmp_path.glob("*.pdf*")) == []
    started, stopped = session.store.events()[before:]  # the intent, then how it ended (ADR 061)
    assert (started.action, stopped.action) == ("bundle.export_started", "bundle.export_failed")
    assert stopped.data["reason"] == "stopped by the person"
    assert "journal notes that this export was stopped" in page.progress_text.text()
    assert page.export_button.isEnabled() and not page.cancel_button.isVisible()


def test_the_case_initials_fill_the_field_and_a_new_record_is_made_only_when_they_change(
        qtbot, session_with_exhibits, tmp_path) -> None:
    session = session_with_exhibits
    session.store.append_event("exhibits.labelled", {"initials": "JS"})
    session.state = session.store.state()
    page = _page(qtbot, session, tmp_path / "labels.pdf")
    qtbot.waitUntil(lambda: page.initials_edit.text() == "JS", timeout=10000)  # read off the GUI thread

    def labelled() -> list[str]:
        return [e.data["initials"] for e in session.store.events() if e.action == "exhibits.labelled"]

    _export(qtbot, page)
    assert page.last_result is not None, page.last_error
    assert labelled() == ["JS"]  # the same initials: nothing new recorded
    page.initials_edit.setText("ab")
    page.set_out_path(tmp_path / "labels-2.pdf")
    _export(qtbot, page)
    assert page.last_result is not None, page.last_error
    assert labelled() == ["JS", "AB"]
    page.initials_edit.setText("")
    page.refresh(session.state)  # an empty field is filled again from the case, as read after the export
    qtbot.waitUntil(lambda: page.initials_edit.text() == "AB", timeout=10000)


def test_the_suggested_file_name_says_nothing_about_the_case(tmp_path) -> None:
    import datetime as dt

    day = dt.date(2026, 3, 2)
    assert default_file_name(tmp_path, day) == "police-bundle-2026-03-02.pdf"
    (tmp_path / "police-bundle-2026-03-02.pdf").write_bytes(b"")
    assert default_file_name(tmp_path, day) == "police-bundle-2026-03-02-2.pdf"


def test_the_hand_over_text_names_only_the_police_route_of_each_country() -> None:
    from types import SimpleNamespace

    from evidencekit.gui.pages.export_result import handover_html

    result = SimpleNamespace(size=3_000_000, fingerprint="ab" * 32, zip_path=None)
    texts = {code: html.unescape(handover_html(result, code, under_18=False))
             for code in ("GB", "IE", "NZ", "CA", "AU", "US")}
    assert "call <b>101</b>" in texts["GB"]
    assert "https://www.garda.ie/" in texts["IE"] and "hotline.ie" not in texts["IE"]
    assert "<b>105</b>" in texts["NZ"] and "netsafe" not in texts["NZ"].lower()
    assert "antifraud" not in texts["CA"].lower() and "local police service" in texts["CA"]
    assert "esafety" not in texts["AU"].lower() and "<b>131 444</b>" in texts["AU"]
    for text in texts.values():
        assert 'The step "Report to the police" lists the other places' in text


def test_the_statement_page_can_be_left_out_from_the_window(qtbot, session_with_exhibits, tmp_path) -> None:
    page = _page(qtbot, session_with_exhibits, tmp_path / "bundle.pdf")
    assert page.statement_check.isChecked() and page.options().statement is True
    page.statement_check.setChecked(False)
    _export(qtbot, page)
    assert page.last_result is not None, page.last_error
    exported = session_with_exhibits.store.events()[-1]
    assert exported.action == "bundle.exported" and exported.data["options"]["statement"] is False
