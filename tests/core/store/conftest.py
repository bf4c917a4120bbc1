"""Fixtures for the case-store tests: an in-memory keyring and small sample cases in the test's data dir.

The root conftest already gives every test a fresh EVIDENCEKIT_HOME (`home`), a private TMPDIR
(`temp_dir`) and, for tests/core, network sockets that refuse to connect. The store tests ask for
`no_network` again here so they stay offline even if that default ever changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from evidencekit.store import CaseStore, KeyringAccess
from tests.core.store.case_files import PASSPHRASE, SampleCase, SampleFactory, fill_case
from tests.support.memory_keyring import MemoryKeyring


@pytest.fixture(autouse=True)
def _store_tests_offline(no_network: None) -> None:
    """Every store test runs with AF_INET/AF_INET6 connections refused (AF_UNIX still works)."""


@pytest.fixture(autouse=True)
def _system_keyring_is_the_fail_backend(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`keyring=None` must never reach the real user's keyring: the system one is keyring's fail backend
    (here and in subprocesses). Tests about other backends set their own."""
    previous = keyring.get_keyring()
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def keyring_access(memory_keyring: MemoryKeyring) -> KeyringAccess:
    return KeyringAccess(memory_keyring)


@pytest.fixture
def make_sample_case(home: Path, keyring_access: KeyringAccess) -> Iterator[SampleFactory]:
    """Make a closed case with a few objects and events; its key is in the in-memory keyring."""
    opened: list[CaseStore] = []

    def make(*, title: str = "sample case", objects: tuple[int, ...] = (300, 1200), events: int = 2,
             home_dir: Path | None = None) -> SampleCase:
        created = CaseStore.create(title, PASSPHRASE, home=home_dir or home, keyring=keyring_access)
        store = created.store
        opened.append(store)
        sample = fill_case(store, created.recovery_key, home_dir or home, objects=objects, events=events)
        store.close()
        return sample

    yield make
    for store in opened:
        store.close()
