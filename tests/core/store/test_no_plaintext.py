"""No plaintext at rest: canary bytes stored through the API (object content, event data, the title) never
appear in any file under the data dir or TMPDIR — raw, as hex, or as UTF-16 — whatever the store did.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from evidencekit import fsio
from evidencekit.errors import StorageFull
from evidencekit.store import CaseStore, KeyringAccess
from tests.core.store.case_files import PASSPHRASE, FillingDisk, journal_frames
from tests.core.store.cli import run_cli


def _forms(canary: str) -> list[bytes]:
    raw = canary.encode()
    return [raw, raw.hex().encode(), canary.encode("utf-16-le")]


def _leaks(roots: list[Path], canaries: list[str]) -> list[str]:
    found = []
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                data = path.read_bytes()
                found += [f"{path}: {canary}" for canary in canaries for form in _forms(canary) if form in data]
    return found


def test_canaries_stored_through_the_api_never_reach_the_disk_in_the_clear(
        home: Path, temp_dir: Path, keyring_access: KeyringAccess, monkeypatch: pytest.MonkeyPatch) -> None:
    title, content_canary, data_canary = (f"CANARY-{what}-{secrets.token_hex(8)}" for what in
                                          ("title", "object", "event"))
    picture = b"\x89PNG\r\n\x1a\n" + content_canary.encode() * 50 + secrets.token_bytes(70_000)
    created = CaseStore.create(title, PASSPHRASE, home=home, keyring=keyring_access)
    with created.store as store:
        added = store.add_object(picture, media_type="image/png", action="exhibit.captured",
                                 data={"capture": {}, "fields": {"label": data_canary, "notes": data_canary}})
        store.append_event("details.set", {"details": {"suspect": data_canary}})
        store.append_event("case.renamed", {"title": title + " (renamed)"})
        assert store.read_object(added.object_id or "") == picture
        assert store.verify().ok

        with monkeypatch.context() as patch, pytest.raises(StorageFull):
            patch.setattr(fsio, "os", FillingDisk(budget=100_000))  # a save that runs out of disk half-way
            for _ in range(3):
                store.add_object(picture, media_type="image/png", action="object.added")

    with CaseStore.open(created.store.id, passphrase=PASSPHRASE, home=home, keyring=keyring_access) as store:
        assert store.state().title == title + " (renamed)"
    with CaseStore.open(created.store.id, recovery_key=created.recovery_key, home=home,
                        keyring=keyring_access) as store:
        assert store.state().details == {"suspect": data_canary}

    assert _leaks([home, temp_dir], [title, content_canary, data_canary]) == []
    journal = created.store.path / "journal.ekj"  # the scan really covered the case and its pictures
    assert added.object_id in {frame.object_id for frame in journal_frames(journal)}
    assert journal.is_relative_to(home) and (home / "anchors").is_dir()


def test_the_command_line_leaves_no_plaintext_title_on_disk(home: Path, temp_dir: Path) -> None:
    title = f"CANARY-cli-title-{secrets.token_hex(8)}"
    made = run_cli(["case", "new", "--title", title, "--json"], home=home, extra_env={"TMPDIR": str(temp_dir)})
    assert made.returncode == 0, made.stderr
    case_id = made.stdout.split('"id": "')[1].split('"')[0]
    for command in ("show", "verify"):
        result = run_cli(["case", command, case_id], home=home, extra_env={"TMPDIR": str(temp_dir)})
        assert result.returncode == 0, result.stderr
    assert title in run_cli(["case", "show", case_id], home=home).stdout  # it is there, only encrypted
    assert _leaks([home, temp_dir], [title]) == []
