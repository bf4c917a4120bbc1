"""A case on a read-only disk (or folder): reading commands work, saving commands say so in one sentence.

The data dir is bind-mounted read-only over itself (tests run as root, and root ignores file modes, so a
chmod would prove nothing). Where mounting is not allowed the tests are skipped.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.core.store.case_files import kept_head, put_back_kept_head, snapshot_tree
from tests.core.store.cli import run_cli


def _mount(*args: str) -> bool:
    try:
        return subprocess.run(["mount", *args], capture_output=True, timeout=30, check=False).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@pytest.fixture
def read_only(home: Path) -> Iterator[Callable[[Path], None]]:
    mounted: list[Path] = []

    def make(folder: Path) -> None:
        if os.name != "posix" or os.geteuid() != 0 or not _mount("--bind", str(folder), str(folder)):
            pytest.skip("a read-only bind mount needs root and mount rights")
        mounted.append(folder)
        if not _mount("-o", "remount,bind,ro", str(folder)):
            pytest.skip("this system does not allow a read-only remount")

    yield make
    for folder in reversed(mounted):
        subprocess.run(["umount", str(folder)], capture_output=True, timeout=30, check=False)


def _png() -> bytes:
    """A valid 1x1 grey PNG."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0\x80")) + chunk(b"IEND", b""))


def _new_case(home: Path) -> str:
    made = run_cli(["case", "new", "--title", "read only", "--json"], home=home)
    assert made.returncode == 0, made.stderr
    case_id = json.loads(made.stdout)["id"]
    picture = home.parent / "shot.png"
    picture.write_bytes(_png())
    return case_id


def test_reading_commands_work_on_a_read_only_data_dir(home: Path, read_only: Callable[[Path], None]) -> None:
    case_id = _new_case(home)
    before = snapshot_tree(home)
    read_only(home)
    listed = run_cli(["case", "list", "--json"], home=home)
    assert listed.returncode == 0, listed.stderr
    assert [row["id"] for row in json.loads(listed.stdout)] == [case_id]
    shown = run_cli(["case", "show", case_id, "--json"], home=home)
    assert shown.returncode == 0, shown.stderr
    assert any("cannot be written" in warning for warning in json.loads(shown.stdout)["warnings"])
    checked = run_cli(["case", "verify", case_id], home=home)
    assert checked.returncode == 0, checked.stderr
    assert "OK:" in checked.stdout
    assert snapshot_tree(home) == before


def test_saving_commands_name_the_read_only_case_folder(home: Path, read_only: Callable[[Path], None]) -> None:
    case_id = _new_case(home)
    folder = home / "cases" / case_id
    before = snapshot_tree(home)
    read_only(folder)
    imported = run_cli(["import", case_id, str(home.parent / "shot.png")], home=home)
    assert imported.returncode == 1
    assert "Traceback" not in imported.stderr
    lines = [line for line in imported.stderr.strip().splitlines() if not line.startswith("evidencekit: note: ")]
    assert len(lines) == 1 and str(folder) in lines[0] and "cannot be written" in lines[0], imported.stderr
    assert "opened for reading only" in imported.stderr  # the store's warning, printed as a note before it
    assert snapshot_tree(home) == before


def test_export_of_a_read_only_case_is_refused_before_any_file_is_written(
        home: Path, read_only: Callable[[Path], None], tmp_path: Path) -> None:
    case_id = _new_case(home)
    imported = run_cli(["import", case_id, str(home.parent / "shot.png")], home=home)
    assert imported.returncode == 0, imported.stderr
    folder = home / "cases" / case_id
    before = snapshot_tree(home)
    read_only(folder)
    out = tmp_path / "out" / "bundle.pdf"
    out.parent.mkdir()
    exported = run_cli(["export", case_id, str(out), "--no-sign"], home=home)
    assert exported.returncode == 1
    lines = [line for line in exported.stderr.strip().splitlines() if not line.startswith("evidencekit: note: ")]
    assert len(lines) == 1 and str(folder) in lines[0] and "cannot be written" in lines[0], exported.stderr
    assert "opened for reading only" in exported.stderr  # the store's warning, printed as a note before it
    assert list(out.parent.iterdir()) == []
    assert snapshot_tree(home) == before


def test_a_case_opens_from_a_read_only_data_dir_without_anchors_folder(
        home: Path, read_only: Callable[[Path], None]) -> None:
    case_id = _new_case(home)
    for anchor in (home / "anchors").iterdir():
        anchor.unlink()
    (home / "anchors").rmdir()
    before = snapshot_tree(home)
    read_only(home)
    shown = run_cli(["case", "show", case_id, "--json"], home=home)
    assert shown.returncode == 0, shown.stderr
    assert any("no record" in warning for warning in json.loads(shown.stdout)["warnings"])
    assert snapshot_tree(home) == before


def test_an_empty_read_only_data_dir_lists_no_cases(home: Path, read_only: Callable[[Path], None]) -> None:
    read_only(home)
    listed = run_cli(["case", "list", "--json"], home=home)
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == []


def test_a_torn_tail_in_a_read_only_case_is_left_in_place_and_not_read(
        home: Path, read_only: Callable[[Path], None]) -> None:
    from evidencekit.store import CaseStore, KeyringAccess
    from tests.core.store.case_files import PASSPHRASE, journal_frames
    from tests.support.memory_keyring import MemoryKeyring

    keyring = KeyringAccess(MemoryKeyring())
    created = CaseStore.create("torn", PASSPHRASE, home=home, keyring=keyring)
    with created.store as store:
        kept = store.add_object(b"kept", media_type="image/png", action="object.added")
        folder = store.path
    anchor = home / "anchors" / f"{created.store.id}.json"
    anchor_before = anchor.read_bytes()
    head_before = kept_head(keyring, created.store.id)
    with CaseStore.open(folder, home=home, keyring=keyring) as store:
        lost = store.add_object(b"never acknowledged", media_type="image/png", action="object.added")
    journal = folder / "journal.ekj"
    picture = journal_frames(journal)[-2]
    journal.write_bytes(journal.read_bytes()[:picture.end])  # as if the power went before the E frame
    anchor.write_bytes(anchor_before)
    put_back_kept_head(keyring, created.store.id, head_before)
    torn = journal.read_bytes()
    read_only(folder)
    with CaseStore.open(folder, home=home, keyring=keyring) as store:
        assert store.read_only
        assert any("unfinished record" in warning for warning in store.warnings)
        assert lost.object_id not in store.state().objects
        assert store.read_object(kept.object_id or "") == b"kept"
    assert journal.read_bytes() == torn
