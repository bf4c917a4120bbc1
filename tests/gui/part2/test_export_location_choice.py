"""The window's clear choice about identifying metadata: by default the bundle attaches a copy of a phone
picture without its GPS position and serial; ticking "Include where pictures were taken…" attaches the
original; the import says what the picture holds."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt

from evidencekit.capture.importer import import_files
from evidencekit.gui.pages.exhibit_editor import ExhibitEditor
from evidencekit.gui.pages.export import ExportPage
from evidencekit.gui.session import CaseSession
from tests.core.bundle.test_identifying_metadata import SERIAL, phone_jpeg


def _export(qtbot, page: ExportPage, out: Path) -> dict[str, bytes]:
    page.set_out_path(out)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.is_running(), timeout=120000)
    assert page.last_result is not None, page.last_error
    return {entry.name: entry.content for entry in PdfReader(out).attachment_list}


def test_the_location_choice_decides_what_is_attached(qtbot, session: CaseSession, tmp_path: Path) -> None:
    photo = tmp_path / "PXL_1.jpg"
    photo.write_bytes(phone_jpeg())
    assert session.store is not None
    saved = import_files(session.store, [photo])
    assert any("near 55.79° N, 3.99° W" in line for line in saved.notes[saved[0].id])
    session.state = session.store.state()
    editor = ExhibitEditor(session)  # every later look at the picture says it too (the kinds, not the place)
    qtbot.addWidget(editor)
    editor.show_exhibit(session.state.pictures[0])
    assert "holds the place where it was taken, a device serial number" in editor.facts.text()
    page = ExportPage(session)
    qtbot.addWidget(page)
    page.refresh(session.state)
    page.show()
    assert not page.location_check.isChecked()
    files = _export(qtbot, page, tmp_path / "default.pdf")
    assert "EK-001-shareable.jpg" in files and "EK-001.jpg" not in files
    assert not any(SERIAL.encode() in data for data in files.values())
    page.location_check.setChecked(True)
    files = _export(qtbot, page, tmp_path / "included.pdf")
    assert files["EK-001.jpg"] == photo.read_bytes() and "EK-001-shareable.jpg" not in files
