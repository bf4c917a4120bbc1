"""Fixtures for the archive tests: the case's zone is Europe/London, a case on disk, and test chats."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from evidencekit.store import CaseStore
from tests.core.capture.conftest import PASSPHRASE, Case
from tests.support.chat_archives import Chat, Msg, picture, utc

PHOTO = picture((200, 30, 30))
PHOTO_NAME = "IMG-20260313-WA0001.jpg"


@pytest.fixture(autouse=True)
def london(monkeypatch: pytest.MonkeyPatch) -> None:
    """The computer's (and so the case's) zone: Europe/London, BST from 29 March 2026."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def case(home: Path, tmp_path: Path) -> Case:
    created = CaseStore.create("chat test", PASSPHRASE, shared_computer=True, home=home)
    created.store.close()
    key_file = tmp_path / "recovery.txt"
    key_file.write_text(created.recovery_key + "\n", encoding="utf-8")
    return Case(created.store.id, home, key_file)


def offender_chat() -> Chat:
    """The thread with the offender: accents, an emoji, a picture, days after the 12th (unambiguous dates)."""
    return Chat("Sam Offender", ["Sam Offender", "Alex Victim"], [
        Msg(utc(2026, 3, 1, 20, 1, 5), "Sam Offender", "héllo Radosław 😀", sender_id="5550001"),
        Msg(utc(2026, 3, 1, 20, 2, 0), "Alex Victim", "who is this?", sender_id="5550002"),
        Msg(utc(2026, 3, 13, 21, 3, 0), "Sam Offender", "pay £500 by Friday", file=PHOTO_NAME, sender_id="5550001"),
        Msg(utc(2026, 3, 30, 8, 15, 0), "Sam Offender", "last chance", sender_id="5550001"),  # BST by then
    ], chat_id=7001)


def other_chat() -> Chat:
    return Chat("Mum", ["Mum", "Alex Victim"], [Msg(utc(2026, 2, 1, 9, 0, 0), "Mum", "dinner?", sender_id="5550003")],
                chat_id=7002)
