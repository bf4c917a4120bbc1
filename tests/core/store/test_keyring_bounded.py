"""A keyring that never answers costs at most keyring_access.TIMEOUT_S, once per process, and a store
opened with a passphrase or recovery key through `KeyringAccess.disabled()` never calls it at all."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

from evidencekit.errors import KeyUnavailable
from evidencekit.store import CaseStore, KeyringAccess
from evidencekit.store.keyring_access import TIMEOUT_S
from tests.core.store.case_files import PASSPHRASE, SampleFactory


class HangingKeyring(KeyringBackend):
    """A keyring backend whose every call waits until `release` is set (a stuck D-Bus service)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.calls = 0

    def _wait(self) -> None:
        self.calls += 1
        self.release.wait(60)

    def get_password(self, service: str, username: str) -> str | None:
        self._wait()
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self._wait()

    def delete_password(self, service: str, username: str) -> None:
        self._wait()


@pytest.fixture
def hanging() -> HangingKeyring:
    backend = HangingKeyring()
    yield backend
    backend.release.set()


def test_a_keyring_that_never_answers_is_given_up_on_after_the_bound(hanging: HangingKeyring) -> None:
    access = KeyringAccess(hanging)
    start = time.monotonic()
    assert access.get("0" * 32) is None
    first = time.monotonic() - start
    assert TIMEOUT_S - 0.1 <= first < TIMEOUT_S + 1.5
    start = time.monotonic()
    assert access.set("0" * 32, "AGE-SECRET-KEY-1") is False
    assert access.delete("0" * 32) is False
    assert time.monotonic() - start < 0.1, "a stalled keyring is not asked again"
    assert hanging.calls == 1


def test_opening_without_a_passphrase_gives_up_on_a_stuck_keyring(make_sample_case: SampleFactory,
                                                                   hanging: HangingKeyring, home: Path) -> None:
    sample = make_sample_case()
    start = time.monotonic()
    with pytest.raises(KeyUnavailable):
        CaseStore.open(sample.folder, home=home, keyring=KeyringAccess(hanging))
    assert time.monotonic() - start < TIMEOUT_S + 1.5


def test_a_disabled_keyring_is_never_called(make_sample_case: SampleFactory, home: Path,
                                            hanging: HangingKeyring) -> None:
    sample = make_sample_case()
    disabled = KeyringAccess.disabled()
    assert not disabled.enabled
    start = time.monotonic()
    with CaseStore.open(sample.folder, passphrase=PASSPHRASE, home=home, keyring=disabled) as store:
        assert store.unlocked_by == "passphrase"
    with CaseStore.open(sample.folder, recovery_key=sample.recovery_key, home=home, keyring=disabled) as store:
        assert store.unlocked_by == "recovery key"
    assert time.monotonic() - start < TIMEOUT_S
    assert disabled.get(sample.id) is None and disabled.set(sample.id, "x") is False


def test_calls_share_one_thread_until_one_is_left_behind(hanging: HangingKeyring) -> None:
    """One thread serves the calls one after another (a thread per call cost ~0.3-0.5 ms each); a call that
    outlived its bound keeps its thread, and the next call runs on a new one, not behind it."""
    from evidencekit.store import keyring_access

    names: list[int] = []

    def which() -> int:
        names.append(threading.get_ident())
        return len(names)

    assert [keyring_access.bounded(which) for _ in range(3)] == [1, 2, 3]
    assert len(set(names)) == 1 and names[0] != threading.get_ident()
    with pytest.raises(keyring_access.KeyringNotAvailable, match="did not answer"):
        keyring_access.bounded(lambda: hanging.get_password("s", "u"), timeout=0.2)
    assert keyring_access.bounded(which) == 4 and names[3] != names[0]  # not queued behind the stuck call
    assert keyring_access.bounded(which) == 5 and names[4] == names[3]
    hanging.release.set()  # the stuck call ends; its thread is idle again but no longer the one used
    with pytest.raises(keyring_access.KeyringNotAvailable, match="ValueError"):
        keyring_access.bounded(lambda: int("x"))
    assert keyring_access.bounded(which) == 6 and names[5] == names[3]  # an error leaves the thread usable
