"""The neutral look on a shared computer: "Documents" as the window title, the application's name and
the desktop entry's name (with a documents icon), offered when a case is started on a shared computer and
on the Privacy page; turned off, our desktop entry goes and a desktop entry we did not write is never
touched."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from evidencekit.gui import looks
from evidencekit.gui.main_window import MainWindow
from evidencekit.gui.session import CaseSession
from evidencekit.gui.start import StartWindow
from evidencekit.gui.start.create_dialog import CreateCaseDialog
from evidencekit.store import Actor, CaseStore


@pytest.fixture
def data_home(tmp_path, monkeypatch, home):
    folder = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    looks.use_home(home)
    yield folder
    looks.set_neutral(False, home)
    looks.use_home(None)


def test_turning_the_neutral_look_on_renames_every_window_the_app_and_its_desktop_entry(qtbot, home, data_home,
                                                                                       memory_keyring):
    session = CaseSession(home=home, keyring=memory_keyring)
    session.attach(CaseStore.create("Neutral", "neutral passphrase", home=home, keyring=memory_keyring).store)
    window = MainWindow(session)
    start = StartWindow(session)
    qtbot.addWidget(window)
    qtbot.addWidget(start)
    assert window.windowTitle() == "evidencekit" and not looks.read_neutral(home)
    window.show_page("privacy")
    page = window.current_page()
    page.neutral.setChecked(True)  # the person's choice on the Privacy page
    assert looks.read_neutral(home)  # remembered for this computer (settings/gui.json), before any unlock
    assert window.windowTitle() == "Documents" and start.windowTitle() == "Documents"
    app = QApplication.instance()
    assert app.applicationDisplayName() == "Documents" and app.applicationName() == "Documents"
    entry = looks.desktop_entry_path()
    assert entry.parent == data_home / "applications"
    text = entry.read_text(encoding="utf-8")
    assert "Name=Documents\n" in text and "Icon=folder-documents\n" in text and "evidencekit" not in text.split(
        "Exec=")[0]
    assert not window.windowIcon().isNull()
    # a new window opened later (the next start) is neutral from the start
    looks.use_home(home)
    again = MainWindow(session)
    qtbot.addWidget(again)
    assert again.windowTitle() == "Documents"
    page.neutral.setChecked(False)
    assert window.windowTitle() == "evidencekit" and app.applicationName() == "evidencekit"
    assert not entry.exists()
    session.lock()


def test_a_desktop_entry_we_did_not_write_is_left_alone(home, data_home, qapp):
    entry = looks.desktop_entry_path()
    entry.parent.mkdir(parents=True)
    entry.write_text("[Desktop Entry]\nName=My own entry\n", encoding="utf-8")
    looks.set_neutral(True, home)
    looks.set_neutral(False, home)
    assert entry.read_text(encoding="utf-8") == "[Desktop Entry]\nName=My own entry\n"


def test_the_new_case_dialog_offers_it_on_a_shared_computer(qtbot, home, data_home, memory_keyring):
    dialog = CreateCaseDialog(home=home, keyring=memory_keyring, actor=Actor())
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.neutral.isVisible()
    dialog.shared.setChecked(True)
    assert dialog.neutral.isVisible()
    dialog.title_edit.setText("Shared")
    dialog.passphrase.setText("shared computer passphrase")
    dialog.repeat.setText("shared computer passphrase")
    dialog.neutral.setChecked(True)
    with qtbot.waitSignal(dialog.accepted, timeout=30000):
        dialog.try_create()
    assert looks.read_neutral(home) and looks.app_title() == "Documents"
    dialog.created.store.close()
