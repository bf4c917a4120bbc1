"""Stored objects that were swapped, cut short or deleted are caught, and each bad file is named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evidencekit.errors import IntegrityError
from evidencekit.store import CaseStore, KeyringAccess
from tests.core.store.case_files import SampleFactory, age_chunk_boundaries, problem_report
from tests.core.store.cli import run_cli


def test_two_objects_swapped_within_a_case_are_both_named_as_swapped(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    sample = make_sample_case(objects=(400, 400), events=0)
    first, second = (sample.object_path(object_id) for object_id in sample.objects)
    first_bytes, second_bytes = first.read_bytes(), second.read_bytes()
    first.write_bytes(second_bytes)
    second.write_bytes(first_bytes)
    report = problem_report(sample, keyring_access)
    assert report is not None
    for path in (first, second):
        assert f"objects/{path.name}" in report
    assert report.count("swapped") == 2


def test_an_object_from_another_case_is_named(make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    ours = make_sample_case(objects=(400,), events=0)
    theirs = make_sample_case(objects=(400,), events=0)
    (our_id,), (their_id,) = ours.objects, theirs.objects
    shutil.copyfile(theirs.object_path(their_id), ours.object_path(our_id))
    report = problem_report(ours, keyring_access)
    assert report is not None and f"objects/{our_id}.age" in report and "another case" in report
    assert problem_report(theirs, keyring_access) is None


def test_an_object_renamed_to_another_case_object_id_is_not_accepted(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    """Moving another case's whole object (file name and all) in adds nothing to the evidence."""
    ours = make_sample_case(objects=(400,), events=0)
    theirs = make_sample_case(objects=(400,), events=0)
    (their_id,) = theirs.objects
    shutil.copyfile(theirs.object_path(their_id), ours.object_path(their_id))
    with CaseStore.open(ours.folder, home=ours.home, keyring=keyring_access) as store:
        assert their_id not in store.state().objects
        report = store.verify()
    assert report.ok  # not part of this case's evidence; reported as a stray, never read
    assert any(f"objects/{their_id}.age" in warning for warning in report.warnings)


def _cuts(ciphertext: bytes) -> dict[str, int]:
    boundaries = age_chunk_boundaries(ciphertext)
    assert len(boundaries) >= 2, "the large object must span several 64 KiB chunks"
    return {"empty": 0, "mid": len(ciphertext) // 2, "one byte short": len(ciphertext) - 1,
            "after chunk 1": boundaries[0], "after chunk 2": boundaries[1]}


@pytest.mark.parametrize("cut", ["empty", "mid", "one byte short", "after chunk 1", "after chunk 2"])
def test_a_truncated_large_object_is_detected_and_named(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess, cut: str) -> None:
    sample = make_sample_case(objects=(200_000,), events=0)
    (object_id,) = sample.objects
    path = sample.object_path(object_id)
    ciphertext = path.read_bytes()
    path.write_bytes(ciphertext[: _cuts(ciphertext)[cut]])
    report = problem_report(sample, keyring_access)
    assert report is not None and f"objects/{object_id}.age" in report and "cut short" in report
    with CaseStore.open(sample.folder, home=sample.home, keyring=keyring_access) as store, \
            pytest.raises(IntegrityError) as caught:
        store.read_object(object_id)
    assert f"objects/{object_id}.age" in caught.value.message


def test_an_object_of_exactly_two_chunks_cut_at_the_first_boundary_is_detected(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    """The cut leaves a whole, authentic first chunk: only age's last-chunk flag tells it is not the end."""
    sample = make_sample_case(objects=(128 * 1024,), events=0)
    (object_id,) = sample.objects
    path = sample.object_path(object_id)
    ciphertext = path.read_bytes()
    path.write_bytes(ciphertext[: age_chunk_boundaries(ciphertext)[0]])
    report = problem_report(sample, keyring_access)
    assert report is not None and f"objects/{object_id}.age" in report


@pytest.mark.parametrize("cut", ["empty", "mid"])
def test_a_truncated_small_object_is_detected_and_named(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess, cut: str) -> None:
    sample = make_sample_case(objects=(300,), events=0)
    (object_id,) = sample.objects
    path = sample.object_path(object_id)
    ciphertext = path.read_bytes()
    path.write_bytes(b"" if cut == "empty" else ciphertext[: len(ciphertext) // 2])
    report = problem_report(sample, keyring_access)
    assert report is not None and f"objects/{object_id}.age" in report


def test_a_deleted_object_is_reported_missing_by_verify_and_read(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    sample = make_sample_case(objects=(300, 300), events=0)
    gone, kept = sample.objects
    sample.object_path(gone).unlink()
    report = problem_report(sample, keyring_access)
    assert report is not None and f"objects/{gone}.age" in report and "missing" in report
    assert kept not in report
    with CaseStore.open(sample.folder, home=sample.home, keyring=keyring_access) as store:
        assert store.read_object(kept) == sample.objects[kept]
        with pytest.raises(IntegrityError, match="missing") as caught:
            store.read_object(gone)
    assert caught.value.path == sample.object_path(gone)


def test_case_verify_command_names_a_missing_object_and_exits_1(make_sample_case: SampleFactory, home: Path) -> None:
    sample = make_sample_case(objects=(300,), events=0)
    (object_id,) = sample.objects
    sample.object_path(object_id).unlink()
    result = run_cli(["case", "verify", sample.id], home=home)
    assert result.returncode == 1
    assert f"objects/{object_id}.age" in result.stdout and "missing" in result.stdout
