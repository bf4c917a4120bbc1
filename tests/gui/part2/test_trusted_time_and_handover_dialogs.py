"""The window's trusted time stamp and hand-over: what leaves is shown before anything is sent, the reply of a
real TSA (OpenSSL's `openssl ts -reply` on 127.0.0.1, tests/support/tsa.py) is stored; the hand-over is
recorded and its signed receipt saved; the exhibit labels typed on the export page reach the bundle."""

from __future__ import annotations

import subprocess

from PySide6.QtCore import Qt

from evidencekit.gui.handover_dialogs import HandoverDialog, TrustedTimeDialog
from evidencekit.gui.pages.export import ExportPage
from tests.support.tsa import TestTsa, TsaServer


def test_the_trusted_time_dialog_shows_what_leaves_then_stores_the_token(qtbot, session_with_exhibits,
                                                                        tmp_path) -> None:
    session = session_with_exhibits
    tsa = TestTsa(tmp_path / "tsa")
    head = session.store.events()[-1].hash
    with TsaServer(tsa) as server:
        dialog = TrustedTimeDialog(session)
        qtbot.addWidget(dialog)
        assert "DigiCert" in dialog.service.itemText(0)  # the short list
        dialog.service.setEditText(server.url)  # or typed
        shown = dialog.leaves.toPlainText()
        assert "What leaves this computer" in shown and head in shown and server.url in shown
        assert dialog.prepared.der.hex()[:64] in shown.replace(" ", "").replace("\n", "")
        assert tsa.requests == []  # nothing sent before Send
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Stored" in dialog.outcome.text(), timeout=60000)
    assert tsa.requests == [dialog.prepared.der]  # exactly the bytes shown
    attached = [e for e in session.store.events() if e.action == "timestamp.attached"]
    assert len(attached) == 1 and attached[0].data["covers"]["hash"] == head


def test_a_typed_address_that_is_not_http_is_refused_without_sending(qtbot, session_with_exhibits) -> None:
    dialog = TrustedTimeDialog(session_with_exhibits)
    qtbot.addWidget(dialog)
    dialog.service.setEditText("file:///etc/passwd")
    before = len(session_with_exhibits.store.events())
    dialog.send()
    assert "http://" in dialog.outcome.text()
    assert len(session_with_exhibits.store.events()) == before


def test_labels_then_hand_over_with_a_signed_receipt(qtbot, session_with_exhibits, tmp_path) -> None:
    session = session_with_exhibits
    page = ExportPage(session)
    qtbot.addWidget(page)
    page.refresh(session.state)
    page.set_out_path(tmp_path / "bundle.pdf")
    page.initials_edit.setText("js")
    page.show()
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.is_running(), timeout=120000)
    assert page.last_result is not None, page.last_error
    text = subprocess.run(["pdftotext", str(tmp_path / "bundle.pdf"), "-"], capture_output=True, text=True).stdout
    assert "Exhibit EK-001 · JS/1" in text and "Exhibit EK-002 · JS/2" in text

    dialog = HandoverDialog(session)
    qtbot.addWidget(dialog)
    dialog.to.setText("PC 1234 Smith, Example Police")
    dialog.reference.setText("EX/1/26")
    receipt = tmp_path / "receipt.pdf"
    dialog.save(receipt)
    qtbot.waitUntil(lambda: "Recorded" in dialog.outcome.text(), timeout=60000)
    handed = session.store.events()[-1]
    assert handed.action == "bundle.handed_over" and handed.data["bundle"]["sha256"] == page.last_result.sha256
    signature = subprocess.run(["pdfsig", str(receipt)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in signature
