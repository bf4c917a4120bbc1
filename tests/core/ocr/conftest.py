"""Fixtures for the OCR tests: one Tesseract engine per session, and a case holding the fixture chats."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from evidencekit.capture.importer import import_files
from evidencekit.ocr.engine import TesseractEngine
from evidencekit.ocr.tessdata import OcrUnavailable
from evidencekit.store import CaseStore, KeyringAccess
from tests.support.memory_keyring import MemoryKeyring
from tests.support.ocr_chats import chat_png

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(scope="session")
def engine() -> Iterator[TesseractEngine]:
    try:
        made = TesseractEngine(("eng",))
    except OcrUnavailable as exc:  # dev.sh installs it; a machine without it must say so, not pass
        pytest.fail(f"Tesseract is needed for these tests: {exc}")
    yield made
    made.close()


@pytest.fixture(scope="session")
def fixture_pngs() -> dict[str, bytes]:
    return {name: chat_png(name) for name in ("payments", "accounts")}


@pytest.fixture
def chat_case(home: Path, tmp_path: Path, fixture_pngs: dict[str, bytes]) -> Iterator[CaseStore]:
    """An open case (passphrase PASSPHRASE, country GB) with the two fixture chats imported as EK-001, EK-002."""
    created = CaseStore.create("OCR test case", PASSPHRASE, home=home, keyring=KeyringAccess(MemoryKeyring()))
    store = created.store
    store.append_event("profile.set", {"country": "GB"})
    files = []
    for name, data in fixture_pngs.items():
        path = tmp_path / f"{name}.png"
        path.write_bytes(data)
        files.append(path)
    import_files(store, files)
    for path in files:
        path.unlink()
    yield store
    store.close()
