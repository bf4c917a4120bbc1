"""Pictures (O frames inside journal.ekj) that were swapped, cut short or removed are caught and named.

A picture is named as "journal.ekj (picture EK-00N, recorded at record M)". Frames are rebuilt with correct
headers (CRC included) wherever the attack needs it, so only the journal's rules and age can notice.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from evidencekit.errors import IntegrityError, JournalBroken
from evidencekit.store import CaseStore, KeyringAccess
from tests.core.store.case_files import (
    JOURNAL_MAGIC,
    Frame,
    SampleCase,
    SampleFactory,
    age_chunk_boundaries,
    journal_frames,
    make_frame,
    object_frame,
    problem_report,
    put_back_kept_head,
    snapshot_tree,
)
from tests.core.store.cli import run_cli


def _picture_name(number: int, record: int) -> str:
    return f"journal.ekj (picture EK-{number:03d}, recorded at record {record})"


def _replace_frames(sample: SampleCase, replacements: dict[int, bytes]) -> None:
    """Rewrite the journal with the frames at the given file offsets (frame starts) replaced."""
    data = sample.journal.read_bytes()
    out = [JOURNAL_MAGIC]
    for frame in journal_frames(sample.journal):
        out.append(replacements.get(frame.start, frame.raw(data)))
    sample.journal.write_bytes(b"".join(out))


def _object_frame_bytes(object_id: str, age_file: bytes) -> bytes:
    return make_frame(b"O", bytes.fromhex(object_id) + age_file)


def _broken(sample: SampleCase, keyring: KeyringAccess) -> JournalBroken:
    with pytest.raises(JournalBroken) as caught:
        CaseStore.open(sample.folder, home=sample.home, keyring=keyring)
    assert "journal.ekj" in caught.value.message
    return caught.value


# ----- swaps ----------------------------------------------------------------------------------------

def test_two_whole_picture_frames_swapped_within_a_case_break_the_journal_at_the_first(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    sample = make_sample_case(objects=(400, 900), events=0)
    first, second = (object_frame(sample, object_id) for object_id in sample.objects)
    data = sample.journal.read_bytes()
    _replace_frames(sample, {first.start: second.raw(data), second.start: first.raw(data)})
    broken = _broken(sample, keyring_access)
    assert broken.record == 2
    assert "broken at record 2: the picture stored before it is not the one it records" in broken.message


def test_two_pictures_swapped_keeping_their_ids_are_both_named_as_swapped(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    """Each frame still carries the id its record names, but the encrypted pictures changed places."""
    sample = make_sample_case(objects=(400, 900), events=0)
    first, second = (object_frame(sample, object_id) for object_id in sample.objects)
    _replace_frames(sample, {
        first.start: _object_frame_bytes(first.object_id or "", second.age_file),
        second.start: _object_frame_bytes(second.object_id or "", first.age_file),
    })
    report = problem_report(sample, keyring_access)
    assert report is not None
    assert f"{_picture_name(1, 2)}: " in report and f"{_picture_name(2, 3)}: " in report
    assert report.count("swapped or replaced") == 2
    with CaseStore.open(sample.folder, home=sample.home, keyring=keyring_access) as store:
        for object_id in sample.objects:
            with pytest.raises(IntegrityError, match="swapped or replaced") as caught:
                store.read_object(object_id)
            assert caught.value.path == sample.journal


def test_a_picture_from_another_case_under_our_id_is_named(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    ours = make_sample_case(objects=(400,), events=0)
    theirs = make_sample_case(objects=(400,), events=0)
    (our_id,), (their_id,) = ours.objects, theirs.objects
    mine = object_frame(ours, our_id)
    _replace_frames(ours, {mine.start: _object_frame_bytes(our_id, object_frame(theirs, their_id).age_file)})
    report = problem_report(ours, keyring_access)
    assert report is not None and f"{_picture_name(1, 2)}: " in report and "comes from another case" in report
    assert problem_report(theirs, keyring_access) is None


def test_a_whole_picture_frame_from_another_case_breaks_the_journal(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    """Moving another case's picture in, id and all, adds nothing: its id is not the one our record names."""
    ours = make_sample_case(objects=(400,), events=0)
    theirs = make_sample_case(objects=(400,), events=0)
    (our_id,), (their_id,) = ours.objects, theirs.objects
    foreign = object_frame(theirs, their_id)
    _replace_frames(ours, {object_frame(ours, our_id).start: foreign.raw(theirs.journal.read_bytes())})
    broken = _broken(ours, keyring_access)
    assert broken.record == 2 and "not the one it records" in broken.message


def test_a_whole_save_from_another_case_appended_breaks_the_journal(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    ours = make_sample_case(objects=(400,), events=0)
    theirs = make_sample_case(objects=(400,), events=0)
    data = theirs.journal.read_bytes()
    their_frames = journal_frames(theirs.journal)
    ours.journal.write_bytes(ours.journal.read_bytes() + data[their_frames[1].start:their_frames[2].end])
    broken = _broken(ours, keyring_access)
    assert broken.record == 3 and "broken at record 3" in broken.message  # another key: it cannot be read


@pytest.mark.parametrize("direction", ["ours gets theirs", "theirs gets ours"])
def test_journal_files_swapped_between_two_cases_are_refused_naming_the_journal(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess, direction: str) -> None:
    ours = make_sample_case(objects=(400,), events=1)
    theirs = make_sample_case(objects=(400,), events=1)
    our_journal, their_journal = ours.journal.read_bytes(), theirs.journal.read_bytes()
    ours.journal.write_bytes(their_journal)
    theirs.journal.write_bytes(our_journal)
    victim = ours if direction == "ours gets theirs" else theirs
    broken = _broken(victim, keyring_access)
    assert broken.record == 1 and "broken at record 1" in broken.message
    victim.anchor.unlink()  # a moved case has no outside record: the journal itself must still refuse
    assert _broken(victim, keyring_access).record == 1


def test_a_leftover_object_file_in_the_case_folder_is_not_part_of_the_case(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    """Format 1 kept pictures under objects/; now any such file is foreign and named, never read."""
    sample = make_sample_case(objects=(400,), events=0)
    (object_id,) = sample.objects
    stray = sample.folder / "objects" / f"{object_id}.age"
    stray.parent.mkdir()
    stray.write_bytes(object_frame(sample, object_id).age_file)
    report = problem_report(sample, keyring_access)
    assert report == f"objects/{object_id}.age: is not part of this case"


# ----- truncation -------------------------------------------------------------------------------------

def _cut_picture(sample: SampleCase, frame: Frame, keep: int) -> None:
    """Cut the picture's age file to `keep` bytes and give its frame a correct, shorter header."""
    _replace_frames(sample, {frame.start: _object_frame_bytes(frame.object_id or "", frame.age_file[:keep])})


def _cuts(age_file: bytes) -> dict[str, int]:
    boundaries = age_chunk_boundaries(age_file)
    assert len(boundaries) >= 2, "the large picture must span several 64 KiB chunks"
    return {"header only": age_file.index(b"\n---") + 2, "mid": len(age_file) // 2,
            "one byte short": len(age_file) - 1, "after chunk 1": boundaries[0], "after chunk 2": boundaries[1]}


@pytest.mark.parametrize("cut", ["header only", "mid", "one byte short", "after chunk 1", "after chunk 2"])
def test_a_picture_cut_short_inside_its_frame_is_detected_and_named(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess, cut: str) -> None:
    sample = make_sample_case(objects=(200_000,), events=1)
    (object_id,) = sample.objects
    frame = object_frame(sample, object_id)
    _cut_picture(sample, frame, _cuts(frame.age_file)[cut])
    report = problem_report(sample, keyring_access)
    assert report is not None and f"{_picture_name(1, 2)}: " in report and "cut short" in report
    with CaseStore.open(sample.folder, home=sample.home, keyring=keyring_access) as store, \
            pytest.raises(IntegrityError) as caught:
        store.read_object(object_id)
    assert "journal.ekj" in caught.value.message and "cut short" in caught.value.message


def test_a_picture_frame_with_an_empty_age_file_breaks_the_journal_at_open(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    """Too short to be an age file at all: refused while reading frame headers, before any picture is read."""
    sample = make_sample_case(objects=(200_000,), events=1)
    (object_id,) = sample.objects
    _cut_picture(sample, object_frame(sample, object_id), 0)
    broken = _broken(sample, keyring_access)
    assert broken.record == 2 and "picture's frame is out of place or damaged" in broken.message


def test_a_picture_of_exactly_two_chunks_cut_at_the_first_boundary_is_detected(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    """The cut leaves a whole, authentic first chunk: only age's last-chunk flag tells it is not the end."""
    sample = make_sample_case(objects=(128 * 1024,), events=0)
    (object_id,) = sample.objects
    frame = object_frame(sample, object_id)
    _cut_picture(sample, frame, age_chunk_boundaries(frame.age_file)[0])
    report = problem_report(sample, keyring_access)
    assert report is not None and f"{_picture_name(1, 2)}: " in report and "cut short" in report


def _journal_cuts(sample: SampleCase) -> dict[str, int]:
    """Where to cut journal.ekj whose last save is a large picture (O frame) and its record (E frame)."""
    frames = journal_frames(sample.journal)
    picture, record = frames[-2], frames[-1]
    assert picture.kind == b"O" and record.kind == b"E"
    return {"empty": 0, "inside the magic": 10, "just the magic": len(JOURNAL_MAGIC),
            "mid picture frame": (picture.start + picture.end) // 2,
            "at a 64 KiB chunk boundary in the picture": picture.age_start + age_chunk_boundaries(picture.age_file)[1],
            "right after the picture frame": picture.end, "mid record frame": (record.start + record.end) // 2}


_TAIL_CUTS = ["mid picture frame", "at a 64 KiB chunk boundary in the picture", "right after the picture frame",
              "mid record frame"]


@pytest.mark.parametrize("cut", ["empty", "inside the magic", "just the magic", *_TAIL_CUTS])
def test_a_truncated_journal_is_detected_and_nothing_is_written(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess, cut: str) -> None:
    sample = make_sample_case(objects=(300, 200_000), events=0)
    data = sample.journal.read_bytes()
    sample.journal.write_bytes(data[: _journal_cuts(sample)[cut]])
    before = sample.journal.read_bytes()
    with pytest.raises(IntegrityError) as caught:
        CaseStore.open(sample.folder, home=sample.home, keyring=keyring_access)
    message = caught.value.message
    assert "journal.ekj" in message
    if cut in _TAIL_CUTS:  # a cut tail looks like a crash's: the outside anchor tells it was more
        assert "cut off" in message and "ends at record 2" in message and "reach record 3" in message
    else:
        assert isinstance(caught.value, JournalBroken) and caught.value.record == 1
    assert sample.journal.read_bytes() == before


@pytest.mark.parametrize("cut", _TAIL_CUTS)
def test_without_an_outside_anchor_a_cut_tail_is_recovered_as_a_crash_and_recorded(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess, cut: str) -> None:
    """A moved case has no anchor: a cut through the last save cannot be told from a crash (when its
    checkpoint is gone too: one written after that save shows the save was whole, see the test below). It
    is cut back to the last whole record and the cut is put on record (bytes and SHA-256 of what was
    dropped)."""
    sample = make_sample_case(objects=(300, 200_000), events=0)
    small, large = sample.objects
    data = sample.journal.read_bytes()
    at = _journal_cuts(sample)[cut]
    dropped = data[journal_frames(sample.journal)[-2].start:at]
    sample.journal.write_bytes(data[:at])
    sample.anchor.unlink()
    put_back_kept_head(keyring_access, sample.id, None)  # moved: this computer's keyring never kept its head
    (sample.folder / "checkpoint.ekc").unlink()
    with CaseStore.open(sample.folder, home=sample.home, keyring=keyring_access) as store:
        recovered = store.events()[-1]
        assert recovered.seq == 3 and recovered.action == "journal.recovered"
        assert recovered.data["dropped_bytes"] == len(dropped)
        assert recovered.data["dropped_sha256"] == hashlib.sha256(dropped).hexdigest()
        assert large not in store.state().objects
        assert store.read_object(small) == sample.objects[small]
        assert store.verify().ok


@pytest.mark.parametrize("cut", _TAIL_CUTS)
def test_without_an_outside_anchor_a_cut_tail_behind_the_checkpoint_is_refused_and_nothing_written(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess, cut: str) -> None:
    """The same cut with the case's checkpoint still there: it was written (with the key) after the last
    save was whole, which no crash undoes, so the cut is not taken for a crash's unfinished save."""
    sample = make_sample_case(objects=(300, 200_000), events=0)
    sample.journal.write_bytes(sample.journal.read_bytes()[:_journal_cuts(sample)[cut]])
    sample.anchor.unlink()
    put_back_kept_head(keyring_access, sample.id, None)
    before = snapshot_tree(sample.folder)
    with pytest.raises(IntegrityError) as caught:
        CaseStore.open(sample.folder, home=sample.home, keyring=keyring_access)
    assert "ends at record 2, but this case's checkpoint" in caught.value.message
    assert "shows it reached record 3: its end was cut off" in caught.value.message
    assert snapshot_tree(sample.folder) == before


# ----- a picture removed ------------------------------------------------------------------------------

def test_a_removed_picture_frame_breaks_the_journal_at_the_record_that_names_it(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    sample = make_sample_case(objects=(300, 300), events=1)
    gone = object_frame(sample, list(sample.objects)[1])
    data = sample.journal.read_bytes()
    sample.journal.write_bytes(data[:gone.start] + data[gone.end:])
    broken = _broken(sample, keyring_access)
    assert broken.record == 3
    assert "broken at record 3: the picture it records was removed" in broken.message


@pytest.mark.parametrize("which", ["first", "last"])
def test_a_removed_record_of_a_picture_breaks_the_journal(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess, which: str) -> None:
    """The picture stays but its record goes: the next frame is another picture, or a record whose number
    does not follow."""
    sample = make_sample_case(objects=(300, 300), events=1)
    frames = journal_frames(sample.journal)
    index = [i for i, frame in enumerate(frames) if frame.kind == b"O"][0 if which == "first" else 1] + 1
    record = frames[index]
    data = sample.journal.read_bytes()
    sample.journal.write_bytes(data[:record.start] + data[record.end:])
    broken = _broken(sample, keyring_access)
    assert broken.record == (2 if which == "first" else 3)
    if which == "first":  # the next frame is the other picture
        assert "a picture's frame is out of place" in broken.message


def test_case_verify_command_names_a_removed_picture_and_exits_1(make_sample_case: SampleFactory,
                                                                 home: Path) -> None:
    sample = make_sample_case(objects=(300,), events=0)
    (object_id,) = sample.objects
    gone = object_frame(sample, object_id)
    data = sample.journal.read_bytes()
    sample.journal.write_bytes(data[:gone.start] + data[gone.end:])
    result = run_cli(["case", "verify", sample.id, "--json"], home=home)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "journal.ekj" in output and "broken at record 2" in output and "removed" in output
    assert "Traceback" not in result.stderr
    if result.stdout.strip():
        json.loads(result.stdout)
