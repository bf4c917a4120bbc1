"""What the shell leaves behind: Qt's settings cannot be written (the file dialog's history goes nowhere),
the crash dialog shows no evidence, window titles carry no case details."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog

from evidencekit.gui import file_dialogs
from evidencekit.gui.app import make_application
from evidencekit.gui.crash_dialog import CRASH_TEXT, crash_summary


def test_qt_settings_and_the_file_dialog_history_are_never_written(qtbot, home: Path, tmp_path: Path):
    make_application()
    real_config = Path.home() / ".config" / "QtProject.conf"
    before = real_config.read_bytes() if real_config.exists() else None
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")  # what QFileDialog itself writes to
    assert settings.fileName().startswith(str(home))
    settings.setValue("FileDialog/probe", "evidence-canary-name")
    settings.sync()
    assert settings.status() == QSettings.Status.AccessError
    picture = tmp_path / "evidence-canary-name.png"
    picture.write_bytes(b"x")
    dialog = file_dialogs._dialog(None, "Choose", QFileDialog.FileMode.ExistingFiles,
                                  QFileDialog.AcceptMode.AcceptOpen)
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setDirectory(str(tmp_path))
    dialog.selectFile(str(picture))
    dialog.accept()
    assert file_dialogs._finish(dialog) == [str(picture)]
    del dialog
    written = [p for p in home.rglob("*") if p.is_file() and p.name != "qt-settings-disabled"]
    assert not any("evidence-canary-name" in p.read_bytes().decode("latin-1") for p in written)
    assert not list(home.rglob("QtProject*"))
    assert (real_config.read_bytes() if real_config.exists() else None) == before


def test_crash_summary_names_the_error_kind_and_place_but_not_its_message():
    try:
        raise ValueError("label: naked photo of Alex")
    except ValueError:
        kind, _value, tb = sys.exc_info()
    summary = crash_summary(kind, tb)
    assert summary.startswith("ValueError in ") and "line" in summary
    assert "Alex" not in summary and "photo" not in summary
    assert "safe" in CRASH_TEXT


def test_window_titles_never_carry_the_case_title(qtbot, make_controller, home):
    from evidencekit.store import CaseStore

    controller = make_controller()
    store = CaseStore.create("Alex and the FriendChat account", "no title in titles", home=home,
                             keyring=controller.session.keyring).store
    controller.session.attach(store)
    window = controller.show_main_window()
    assert window.windowTitle() == controller.start_window.windowTitle() == "evidencekit"
