"""The window's OCR service finds each transcript's identifiers once, not again for every picture it reads
(that made reading a case of n pictures cost n² checks on the OCR thread, beside the GUI thread), and checks
them again only when the case's region changes. Real Tesseract, a real case, the real service."""

from __future__ import annotations

import os
from pathlib import Path

from evidencekit.capture import FixtureBackend
from evidencekit.capture.request import CaptureRequest
from evidencekit.capture.service import capture_to_case
from evidencekit.gui import workers
from evidencekit.gui.app import make_application
from evidencekit.gui.ocr import service as ocr
from evidencekit.gui.session import CaseSession
from evidencekit.ocr.identifiers import find_in_transcript
from evidencekit.store import CaseStore, KeyringAccess
from tests.support.memory_keyring import MemoryKeyring
from tests.support.ocr_chats import GOOD_IBAN, chat_png


def test_identifiers_are_found_once_per_transcript_and_again_only_for_a_new_region(qtbot, tmp_path: Path,
                                                                                   monkeypatch) -> None:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    make_application()
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    keyring = KeyringAccess(MemoryKeyring())
    created = CaseStore.create("Three chats", "three chats passphrase", home=home, keyring=keyring)
    store = created.store
    pictures = [chat_png("payments"), chat_png("accounts"), chat_png("payments")]
    backend = FixtureBackend(pictures)
    for _ in pictures:
        capture_to_case(store, CaptureRequest(), {"category": "conversation"}, backend=backend)
    checked: list[str | None] = []

    def counting(transcript, exhibit=None, region=None):  # the real checker, counted
        checked.append(region)
        return find_in_transcript(transcript, exhibit, region)

    monkeypatch.setattr(ocr, "find_in_transcript", counting)
    session = CaseSession(home=home, keyring=keyring)
    service = ocr.ocr_service(session)
    try:
        session.attach(store)
        qtbot.waitUntil(lambda: not service._running and len(service.entries) == 3 and not service.unavailable,
                        timeout=120000)
        assert service.unavailable == ""
        assert len(checked) == 3  # one check per transcript, though three jobs ran (one per picture)
        expected = [finding for entry in service.entries.values()
                    for finding in find_in_transcript(entry.transcript, entry.reference, None)]
        assert sorted(map(repr, service.findings)) == sorted(map(repr, expected))
        assert any(f.normalised == GOOD_IBAN.replace(" ", "") for f in service.findings)
        checked.clear()
        session.set_profile(country="es")  # a phone number's country changes: each transcript checked again
        qtbot.waitUntil(lambda: len(checked) == 3 and not service._running, timeout=60000)
        workers.wait_for_all()
        qtbot.wait(200)
        assert checked == ["ES", "ES", "ES"]
        assert all(entry.region == "ES" for entry in service.entries.values())
    finally:
        workers.wait_for_all()
        store.close()
