"""A case folder of another format version is refused with a plain sentence, and nothing is written.

Format 1 (pictures as objects/<id>.age files, the journal as base64 lines) was only made by development
builds; such a folder is refused saying so. A newer version asks for an update; a version below 1 is damage.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from evidencekit.canonical import canonical_json
from evidencekit.errors import IntegrityError, UsageError
from evidencekit.store import CaseStore, KeyringAccess
from tests.core.store.case_files import PASSPHRASE, SampleCase, SampleFactory, journal_frames, snapshot_tree
from tests.core.store.cli import run_cli


def _make_format_1(sample: SampleCase) -> None:
    """Rewrite a closed case the way a format-1 development build laid it out."""
    header = json.loads((sample.folder / "case.json").read_bytes())
    (sample.folder / "case.json").write_bytes(canonical_json({**header, "version": 1}))
    (sample.folder / "objects").mkdir()
    lines = []
    for frame in journal_frames(sample.journal):
        if frame.kind == b"O":
            (sample.folder / "objects" / f"{frame.object_id}.age").write_bytes(frame.age_file)
        else:
            lines.append(base64.b64encode(frame.payload) + b"\n")
    sample.journal.write_bytes(b"".join(lines))


def _set_version(sample: SampleCase, version: object) -> None:
    header = json.loads((sample.folder / "case.json").read_bytes())
    (sample.folder / "case.json").write_bytes(canonical_json({**header, "version": version}))


@pytest.mark.parametrize("how", ["keyring", "passphrase", "recovery key"])
def test_a_format_1_case_is_refused_with_a_sentence_and_nothing_is_written(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess, home: Path, how: str) -> None:
    sample = make_sample_case(objects=(300,), events=1)
    _make_format_1(sample)
    before = snapshot_tree(home)
    unlock = {"keyring": {}, "passphrase": {"passphrase": PASSPHRASE},
              "recovery key": {"recovery_key": sample.recovery_key}}[how]
    with pytest.raises(UsageError) as caught:
        CaseStore.open(sample.folder, home=home, keyring=keyring_access, **unlock)  # type: ignore[arg-type]
    message = caught.value.message
    assert "development build" in message and "format 1" in message and "Nothing was changed" in message
    assert snapshot_tree(home) == before  # bytes and modification times of every file and folder


@pytest.mark.parametrize("command", ["show", "verify"])
def test_the_command_line_refuses_a_format_1_case_with_exit_2_and_writes_nothing(
        make_sample_case: SampleFactory, home: Path, command: str) -> None:
    sample = make_sample_case(objects=(300,), events=1)
    _make_format_1(sample)
    before = snapshot_tree(home)
    result = run_cli(["case", command, sample.id], home=home)
    assert result.returncode == 2, result
    assert "development build" in result.stderr and "format 1" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot_tree(home) == before


def test_a_newer_format_asks_for_an_update_and_writes_nothing(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess, home: Path) -> None:
    sample = make_sample_case(objects=(300,), events=0)
    _set_version(sample, 3)
    before = snapshot_tree(home)
    with pytest.raises(UsageError, match="newer evidencekit") as caught:
        CaseStore.open(sample.folder, home=home, keyring=keyring_access)
    assert "case.json" in caught.value.message and "format 3" in caught.value.message
    assert snapshot_tree(home) == before


@pytest.mark.parametrize("version", [0, -1, "2", True, None, 2.5])
def test_a_version_that_is_no_format_at_all_is_a_damaged_header(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess, home: Path, version: object) -> None:
    sample = make_sample_case(objects=(), events=0)
    _set_version(sample, version)
    with pytest.raises(IntegrityError, match="damaged") as caught:
        CaseStore.open(sample.folder, home=home, keyring=keyring_access)
    assert "case.json" in caught.value.message
