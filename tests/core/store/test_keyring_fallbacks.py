"""Without a usable keyring the case still works through its passphrase (and recovery key), and a
plaintext "keyring" is never written to.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import ClassVar

import keyring
import pytest
from keyring.backends import fail
from keyrings.alt.file import PlaintextKeyring

from evidencekit.errors import KeyUnavailable, UsageError
from evidencekit.store import CaseStore, KeyringAccess, system_keyring
from evidencekit.store.keyring_access import SERVICE
from tests.core.store.case_files import PASSPHRASE, SampleFactory
from tests.core.store.cli import run_cli
from tests.support.memory_keyring import MemoryKeyring

PLAINTEXT_BACKEND = "keyrings.alt.file.PlaintextKeyring"


def _files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


@pytest.fixture
def throwaway_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HOME and XDG_DATA_HOME in a fresh folder: where keyrings.alt would put its plaintext file."""
    folder = tmp_path / "user-home"
    (folder / ".local" / "share").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("XDG_DATA_HOME", str(folder / ".local" / "share"))
    return folder


def test_the_fail_backend_is_not_a_keyring_and_the_case_works_by_passphrase(home: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    assert system_keyring() is None
    created = CaseStore.create("fail backend", PASSPHRASE, home=home)
    assert created.store.events()[0].data["key_in_keyring"] is False
    created.store.close()
    with pytest.raises(KeyUnavailable, match="passphrase or its recovery key"):
        CaseStore.open(created.store.id, home=home)
    with CaseStore.open(created.store.id, passphrase=PASSPHRASE, home=home) as store:
        assert store.unlocked_by == "passphrase" and store.state().title == "fail backend"


def test_the_plaintext_backend_is_never_written_to(home: Path, throwaway_home: Path) -> None:
    backend = PlaintextKeyring()
    keyring.set_keyring(backend)
    assert system_keyring() is None
    created = CaseStore.create("plaintext backend", PASSPHRASE, home=home)
    created.store.add_object(b"picture", media_type="image/png", action="object.added")
    created.store.close()
    with CaseStore.open(created.store.id, passphrase=PASSPHRASE, home=home) as store:
        assert store.read_object(store.events()[1].object_id or "") == b"picture"
    with CaseStore.open(created.store.id, recovery_key=created.recovery_key, home=home) as store:
        assert store.unlocked_by == "recovery key"
    assert not Path(backend.file_path).exists()
    assert _files_under(throwaway_home) == []


def test_a_chain_of_only_fake_keyrings_is_not_a_keyring(home: Path, throwaway_home: Path) -> None:
    from keyring.backends.chainer import ChainerBackend

    class FakeOnlyChain(ChainerBackend):
        backends: ClassVar = [PlaintextKeyring(), fail.Keyring()]  # what keyring chains without a real store

    keyring.set_keyring(FakeOnlyChain())
    assert system_keyring() is None
    CaseStore.create("chained fakes", PASSPHRASE, home=home).store.close()
    assert _files_under(throwaway_home) == []


def test_a_locked_keyring_is_never_required(home: Path) -> None:
    locked = MemoryKeyring()
    locked.locked = True
    access = KeyringAccess(locked)
    created = CaseStore.create("locked keyring", PASSPHRASE, home=home, keyring=access)
    assert created.store.events()[0].data["key_in_keyring"] is False
    created.store.close()
    with pytest.raises(KeyUnavailable):
        CaseStore.open(created.store.id, home=home, keyring=access)
    with CaseStore.open(created.store.id, passphrase=PASSPHRASE, home=home, keyring=access) as store:
        assert store.unlocked_by == "passphrase"
        store.append_event("step.set", {"step": "a", "done": True})
    assert locked.secrets == {} and locked.writes == 0


def test_a_keyring_unlocked_later_gets_the_key_on_the_next_passphrase_open(home: Path) -> None:
    memory = MemoryKeyring()
    memory.locked = True
    access = KeyringAccess(memory)
    created = CaseStore.create("locked then unlocked", PASSPHRASE, home=home, keyring=access)
    created.store.close()
    memory.locked = False
    CaseStore.open(created.store.id, passphrase=PASSPHRASE, home=home, keyring=access).close()
    with CaseStore.open(created.store.id, home=home, keyring=access) as store:
        assert store.unlocked_by == "keyring"


def test_a_deleted_keyring_entry_opens_with_the_passphrase_and_with_the_recovery_key(
        make_sample_case: SampleFactory, memory_keyring: MemoryKeyring, keyring_access: KeyringAccess,
        home: Path) -> None:
    sample = make_sample_case()
    with CaseStore.open(sample.id, home=home, keyring=keyring_access) as store:
        assert store.unlocked_by == "keyring"
    del memory_keyring.secrets[(SERVICE, f"case:{sample.id}")]
    with pytest.raises(KeyUnavailable):
        CaseStore.open(sample.id, home=home, keyring=keyring_access)

    with CaseStore.open(sample.id, passphrase=PASSPHRASE, home=home, keyring=keyring_access) as store:
        assert store.unlocked_by == "passphrase"
        assert store.verify().ok
        for object_id, content in sample.objects.items():
            assert store.read_object(object_id) == content

    keyring_access.delete(sample.id)
    with CaseStore.open(sample.id, recovery_key=sample.recovery_key.lower().replace("-", " "), home=home,
                        keyring=keyring_access) as store:
        assert store.unlocked_by == "recovery key"
        assert [e.hash for e in store.events()] == sample.event_hashes
        for object_id, content in sample.objects.items():
            assert store.read_object(object_id) == content

    typo = sample.recovery_key[:-6] + ("A" if sample.recovery_key[-6] != "A" else "B") + sample.recovery_key[-5:]
    with pytest.raises(UsageError, match="typo"):
        CaseStore.open(sample.id, recovery_key=typo, home=home, keyring=keyring_access)


def test_the_recovery_key_file_opens_a_case_on_the_command_line(
        make_sample_case: SampleFactory, home: Path, tmp_path: Path) -> None:
    sample = make_sample_case()
    key_file = tmp_path / "recovery.txt"
    key_file.write_text(sample.recovery_key + "\n")
    result = run_cli(["case", "show", sample.id, "--json", "--recovery-key-file", str(key_file)], home=home,
                     passphrase=None)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["unlocked_by"] == "recovery key"
    key_file.write_text(sample.recovery_key[:-1] + ("A" if sample.recovery_key[-1] != "A" else "B"))
    result = run_cli(["case", "show", sample.id, "--recovery-key-file", str(key_file)], home=home, passphrase=None)
    assert result.returncode == 2 and "typo" in result.stderr


@pytest.mark.parametrize("backend", ["keyring.backends.fail.Keyring", PLAINTEXT_BACKEND])
def test_the_command_line_works_by_passphrase_when_the_keyring_is_not_a_real_one(
        home: Path, throwaway_home: Path, backend: str) -> None:
    user_env = {"HOME": str(throwaway_home), "XDG_DATA_HOME": str(throwaway_home / ".local" / "share")}
    made = run_cli(["case", "new", "--title", "no keyring", "--json"], home=home, keyring_backend=backend,
                   extra_env=user_env)
    assert made.returncode == 0, made.stderr
    case = json.loads(made.stdout)
    assert case["key_in_keyring"] is False
    shown = run_cli(["case", "show", case["id"], "--json"], home=home, keyring_backend=backend, extra_env=user_env)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["unlocked_by"] == "passphrase"
    locked = run_cli(["case", "show", case["id"]], home=home, keyring_backend=backend, extra_env=user_env,
                     passphrase=None)
    assert locked.returncode == 1 and "--passphrase-file" in locked.stderr
    verified = run_cli(["case", "verify", case["id"]], home=home, keyring_backend=backend, extra_env=user_env)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert _files_under(throwaway_home) == []  # keyrings.alt's keyring_pass.cfg was never made
