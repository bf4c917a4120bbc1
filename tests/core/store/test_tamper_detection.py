"""Flipping any single byte of any file in a case folder is noticed by open or verify, which names the file.

Small files are damaged at every byte position with the lowest bit (which keeps JSON and base64 text
plausible), files under 1 KiB also with all bits; a large object at a seeded sample of positions that includes its
header and every age chunk boundary.
"""

from __future__ import annotations

import base64
import random
from pathlib import Path

import pytest

from evidencekit.store import CaseStore, KeyringAccess
from tests.core.store.case_files import (
    SampleCase,
    SampleFactory,
    age_chunk_boundaries,
    age_payload_start,
    flip_byte,
    problem_report,
)
from tests.core.store.cli import run_cli

MASKS = (0x01, 0xFF)
_B64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _assert_flip_detected(sample: SampleCase, keyring: KeyringAccess, name: str, index: int, mask: int) -> None:
    path = sample.folder / name
    journal, anchor = sample.journal.read_bytes(), sample.anchor.read_bytes()
    original = flip_byte(path, index, mask)
    try:
        report = problem_report(sample, keyring)
    finally:
        path.write_bytes(original)
        sample.journal.write_bytes(journal)  # in case a check ever appended to it
        sample.anchor.write_bytes(anchor)
    where = f"{name} byte {index} ^ {mask:#04x}"
    assert report is not None, f"{where}: the damage went unnoticed"
    assert not report.startswith("UNLOCK FAILED"), f"{where}: reported as a key problem, not damage: {report}"
    assert name in report, f"{where}: the report does not name the file: {report}"


def _small_files(sample: SampleCase) -> list[str]:
    smallest = min(sample.objects, key=lambda object_id: len(sample.objects[object_id]))
    return ["case.json", "keys/passphrase.key", "keys/recovery.key", "journal.ekj", f"objects/{smallest}.age"]


@pytest.mark.parametrize("which", range(5), ids=["case.json", "passphrase.key", "recovery.key", "journal.ekj",
                                                  "small object"])
def test_every_byte_flip_of_a_small_case_file_is_detected_and_the_file_named(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess, which: int) -> None:
    sample = make_sample_case(objects=(300,), events=2)
    assert problem_report(sample, keyring_access) is None
    name = _small_files(sample)[which]
    size = (sample.folder / name).stat().st_size
    masks = MASKS if size <= 1024 else MASKS[:1]  # the journal gets the subtle mask only: it is the big one
    for mask in masks:
        for index in range(size):
            _assert_flip_detected(sample, keyring_access, name, index, mask)
    assert problem_report(sample, keyring_access) is None  # restored: the check itself left no trace


def test_sampled_byte_flips_of_a_large_object_are_detected_and_the_file_named(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    sample = make_sample_case(objects=(300_000,), events=0)
    (object_id,) = sample.objects
    name = f"objects/{object_id}.age"
    ciphertext = (sample.folder / name).read_bytes()
    rng = random.Random(20240601)
    positions = set(range(age_payload_start(ciphertext) + 2))  # the whole header and the nonce
    for boundary in age_chunk_boundaries(ciphertext):
        positions |= {boundary - 1, boundary, boundary + 1}
    positions |= {len(ciphertext) - 1, *rng.sample(range(len(ciphertext)), 150)}
    for index in sorted(positions):
        _assert_flip_detected(sample, keyring_access, name, index, rng.choice((0x01, 0x80, 0xFF)))


@pytest.mark.parametrize("which", ["case.json", "keys/recovery.key", "journal.ekj", "object"])
def test_case_verify_command_exits_1_and_names_the_flipped_file(
        make_sample_case: SampleFactory, home: Path, which: str) -> None:
    sample = make_sample_case(objects=(500,), events=1)
    name = f"objects/{next(iter(sample.objects))}.age" if which == "object" else which
    path = sample.folder / name
    flip_byte(path, path.stat().st_size // 2, 0x01)
    result = run_cli(["case", "verify", sample.id], home=home)
    assert result.returncode == 1, result
    assert name in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_a_flipped_padding_bit_in_a_journal_record_is_tampering_not_the_same_record(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    """base64 ignores the unused low bits of a padded last group; the journal must not."""
    sample = make_sample_case(objects=(), events=0)
    store = CaseStore.open(sample.folder, home=sample.home, keyring=keyring_access)
    with store:
        filler = ""
        while not sample.journal.read_bytes().endswith(b"=\n"):
            filler += "x"
            store.append_event("case.renamed", {"title": filler})
    records = sample.journal.read_bytes().count(b"\n")
    data = bytearray(sample.journal.read_bytes())
    last_char = data.rstrip(b"=\n")[-1:]
    value = _B64.index(last_char)
    data[len(data.rstrip(b"=\n")) - 1] = _B64[value ^ 1]  # changes only bits that decoding drops
    original_last = sample.journal.read_bytes().splitlines()[-1]
    assert base64.b64decode(bytes(data).splitlines()[-1]) == base64.b64decode(original_last)
    sample.journal.write_bytes(bytes(data))
    report = problem_report(sample, keyring_access)
    assert report is not None and f"broken at record {records}" in report
