"""Flipping any single byte of any file in a case folder is noticed by open or verify, which names the file.

Every byte of every file of a small case (one picture, four records) is damaged with two masks: 0x01,
which keeps JSON and base64 text plausible, and 0xFF. In journal.ekj that covers the magic, every frame
header (kind, length, CRC), the object id, every age header, nonce, payload and tag; each flip must be
reported where it is: "broken at record N" for the record (or the picture frame before it) that holds it,
or the picture itself by verify. A large picture (300 KB, five 64 KiB chunks) is damaged at a seeded
sample of positions that includes its whole frame header, object id, age header and every chunk boundary.
"""

from __future__ import annotations

import base64
import random
from pathlib import Path

import pytest

from evidencekit.errors import IntegrityError, JournalBroken
from evidencekit.store import CaseStore, KeyringAccess
from tests.core.store.case_files import (
    FRAME_HEADER,
    JOURNAL_MAGIC,
    OBJECT_ID_BYTES,
    Frame,
    SampleCase,
    SampleFactory,
    age_chunk_boundaries,
    age_payload_start,
    flip_byte,
    journal_frames,
    object_frame,
    problem_report,
)
from tests.core.store.cli import run_cli

MASKS = (0x01, 0xFF)
_B64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _flip_report(sample: SampleCase, keyring: KeyringAccess, name: str, index: int, mask: int) -> str:
    """The problem report with one byte of `name` flipped (the case is restored afterwards)."""
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
    return report


def _expected_journal_report(frames: list[Frame], index: int) -> str:
    """What a flip at journal byte `index` must be reported as, from the frame layout alone."""
    if index < len(JOURNAL_MAGIC):
        return "journal.ekj) is damaged at its start"
    record = 0
    for frame in frames:
        record += frame.kind == b"E"
        if frame.start <= index < frame.end:
            if frame.kind == b"O" and index >= frame.age_start:
                return f"journal.ekj (picture EK-001, recorded at record {record + 1}): "
            return f"broken at record {record + (frame.kind == b'O')}"
    raise AssertionError(f"byte {index} is in no frame")


@pytest.mark.parametrize("name", ["case.json", "keys/passphrase.key", "keys/recovery.key"])
def test_every_byte_flip_of_a_small_case_file_is_detected_and_the_file_named(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess, name: str) -> None:
    sample = make_sample_case(objects=(300,), events=2)
    assert problem_report(sample, keyring_access) is None
    size = (sample.folder / name).stat().st_size
    for mask in MASKS:
        for index in range(size):
            _flip_report(sample, keyring_access, name, index, mask)
    assert problem_report(sample, keyring_access) is None  # restored: the check itself left no trace


def test_every_byte_flip_of_a_small_journal_is_detected_where_it_is(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    sample = make_sample_case(objects=(300,), events=2)
    assert problem_report(sample, keyring_access) is None
    frames = journal_frames(sample.journal)
    assert [frame.kind for frame in frames] == [b"E", b"O", b"E", b"E", b"E"]
    for mask in MASKS:
        for index in range(sample.journal.stat().st_size):
            report = _flip_report(sample, keyring_access, "journal.ekj", index, mask)
            expected = _expected_journal_report(frames, index)
            assert expected in report, f"journal.ekj byte {index} ^ {mask:#04x}: {report}"
    assert problem_report(sample, keyring_access) is None


def test_sampled_byte_flips_of_a_large_picture_frame_are_detected_and_the_picture_named(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    sample = make_sample_case(objects=(300_000,), events=0)
    (object_id,) = sample.objects
    frame = object_frame(sample, object_id)
    age_file = frame.age_file
    rng = random.Random(20240601)
    in_age_file = set(range(age_payload_start(age_file) + 2))  # the whole age header, the nonce, 2 more
    for boundary in age_chunk_boundaries(age_file):
        in_age_file |= {boundary - 1, boundary, boundary + 1}
    in_age_file |= {len(age_file) - 1, *rng.sample(range(len(age_file)), 150)}
    for index in range(frame.start, frame.age_start):  # frame header and object id
        report = _flip_report(sample, keyring_access, "journal.ekj", index, rng.choice((0x01, 0x80, 0xFF)))
        assert "broken at record 2" in report, report
    for offset in sorted(in_age_file):
        report = _flip_report(sample, keyring_access, "journal.ekj", frame.age_start + offset,
                              rng.choice((0x01, 0x80, 0xFF)))
        assert "journal.ekj (picture EK-001, recorded at record 2): " in report, report
    assert frame.age_start - frame.start == FRAME_HEADER + OBJECT_ID_BYTES


@pytest.mark.parametrize("which", ["case.json", "keys/recovery.key", "journal.ekj", "picture"])
def test_case_verify_command_exits_1_and_names_the_flipped_file(
        make_sample_case: SampleFactory, home: Path, which: str) -> None:
    sample = make_sample_case(objects=(500,), events=1)
    if which == "picture":
        frame = object_frame(sample, next(iter(sample.objects)))
        name, index, named = "journal.ekj", (frame.age_start + frame.end) // 2, "journal.ekj (picture EK-001"
    else:
        name, named = which, which
        index = (sample.folder / name).stat().st_size // 2
    flip_byte(sample.folder / name, index, 0x01)
    result = run_cli(["case", "verify", sample.id], home=home)
    assert result.returncode == 1, result
    assert named in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def _base64_fields(age_file: bytes) -> list[tuple[int, int]]:
    """(start, end) of the three base64 strings of our age header: X25519 share, wrapped key, MAC."""
    intro_end = age_file.index(b"\n") + 1
    stanza_end = age_file.index(b"\n", intro_end)
    share_start = age_file.rindex(b" ", intro_end, stanza_end) + 1
    body_end = age_file.index(b"\n", stanza_end + 1)
    mac_start = age_file.index(b"\n--- ") + 5
    mac_end = age_file.index(b"\n", mac_start)
    return [(share_start, stanza_end), (stanza_end + 1, body_end), (mac_start, mac_end)]


def _decode_lenient(text: bytes) -> bytes:
    return base64.b64decode(text + b"=" * (-len(text) % 4))


@pytest.mark.parametrize("field", ["share", "wrapped key", "mac"])
@pytest.mark.parametrize("frame_kind", ["record", "picture"])
def test_an_unused_base64_bit_flipped_in_an_age_header_is_tampering(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess, field: str, frame_kind: str) -> None:
    """A lenient base64 decoder drops the spare low bits of the last character, so the bytes decode the same;
    the store must still refuse the changed file (age requires canonical base64)."""
    sample = make_sample_case(objects=(300,), events=0)
    frames = journal_frames(sample.journal)
    frame = frames[1] if frame_kind == "picture" else frames[-1]
    start, end = _base64_fields(frame.age_file)[["share", "wrapped key", "mac"].index(field)]
    assert (end - start) * 6 % 8 != 0, "the field must have spare bits"
    last = frame.age_start + end - 1
    data = bytearray(sample.journal.read_bytes())
    data[last] = _B64[_B64.index(data[last]) ^ 1]
    changed = bytes(data[frame.age_start + start:frame.age_start + end])
    assert _decode_lenient(changed) == _decode_lenient(frame.age_file[start:end])
    sample.journal.write_bytes(bytes(data))
    if frame_kind == "record":
        with pytest.raises(JournalBroken) as caught:
            CaseStore.open(sample.folder, home=sample.home, keyring=keyring_access)
        assert caught.value.record == 2
    else:
        report = problem_report(sample, keyring_access)
        assert report is not None and "journal.ekj (picture EK-001, recorded at record 2): " in report
        with CaseStore.open(sample.folder, home=sample.home, keyring=keyring_access) as store, \
                pytest.raises(IntegrityError):
            store.read_object(next(iter(sample.objects)))
