"""Import streams: the batch is never held in memory, files are stored in order one at a time, and a file
that changes between the check and the store stops the import with a sentence naming what was imported."""

from __future__ import annotations

import io
import os
import tracemalloc
from pathlib import Path

import pytest
from PIL import Image

from evidencekit.capture import import_files
from evidencekit.errors import UnreadableInput
from tests.core.capture.conftest import Case, sha256


def noisy_png(size: tuple[int, int] = (640, 800)) -> bytes:
    """A picture that does not compress (random pixels): its file is about as large as its pixels."""
    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()


def write_batch(folder: Path, count: int) -> list[Path]:
    paths = []
    for index in range(count):
        path = folder / f"shot-{index:02d}.png"
        path.write_bytes(noisy_png())
        paths.append(path)
    return paths


def test_a_batch_costs_the_memory_of_one_file_not_of_the_batch(case: Case, tmp_path: Path) -> None:
    paths = write_batch(tmp_path, 20)
    largest = max(path.stat().st_size for path in paths)
    batch = sum(path.stat().st_size for path in paths)
    bound = 8 * largest  # one file, its ciphertext, its shareable-copy check and hashing buffers, with room
    assert batch > 2 * bound  # holding the batch (as import did before) could not pass

    with case.open() as store:
        tracemalloc.start()
        try:
            saved = import_files(store, paths)
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert [store.read_object(exhibit.id) == path.read_bytes() for exhibit, path in zip(saved, paths)] \
            == [True] * len(paths)
    assert peak <= bound, f"peak {peak / 2**20:.1f} MiB for a {batch / 2**20:.1f} MiB batch of files " \
                          f"of at most {largest / 2**20:.1f} MiB"


def test_files_are_stored_in_the_order_given_each_before_the_next_is_read(case: Case, tmp_path: Path) -> None:
    paths = write_batch(tmp_path, 4)
    order = [paths[2], paths[0], paths[3], paths[1]]
    stored_when_called: list[int] = []

    with case.open() as store:
        def progress(done: int, total: int, _exhibit: object) -> None:
            stored_when_called.append(len(store.state().exhibits))
            assert total == 4

        saved = import_files(store, order, on_progress=progress)
        exhibits = store.state().exhibits
    assert [exhibit.recorded["file_name"] for exhibit in exhibits] == [path.name for path in order]
    assert [exhibit.reference for exhibit in saved] == ["EK-001", "EK-002", "EK-003", "EK-004"]
    assert [exhibit.sha256 for exhibit in exhibits] == [sha256(path.read_bytes()) for path in order]
    assert stored_when_called == [1, 2, 3, 4]  # durable one by one, not all at the end


@pytest.mark.parametrize("change", ["rewritten", "removed"])
def test_a_file_changed_after_its_check_stops_the_import_there_and_says_what_was_imported(
        case: Case, tmp_path: Path, change: str) -> None:
    paths = write_batch(tmp_path, 4)
    third = paths[2]

    with case.open() as store:
        def progress(done: int, _total: int, _exhibit: object) -> None:
            if done == 1:  # the checks have all passed; someone changes the third file now
                if change == "rewritten":
                    third.write_bytes(noisy_png())  # still a valid picture, but not the one checked
                else:
                    third.unlink()

        with pytest.raises(UnreadableInput) as refused:
            import_files(store, paths, on_progress=progress)
        exhibits = store.state().exhibits
    message = str(refused.value)
    assert third.name in message and "EK-001, EK-002" in message and "not imported" in message
    assert "\n" not in message and "Error" not in message
    assert [exhibit.recorded["file_name"] for exhibit in exhibits] == [paths[0].name, paths[1].name]


def test_a_file_changed_before_anything_was_stored_says_nothing_was_imported(case: Case, tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from evidencekit.capture import importer

    paths = write_batch(tmp_path, 2)
    real_check = importer._check_and_forget
    checked: list[Path] = []

    def check_then_change(path: Path) -> importer._Checked:
        result = real_check(path)
        checked.append(path)
        if len(checked) == 2:  # every file checked: the first one changes before the store pass reads it
            paths[0].write_bytes(noisy_png())
        return result

    monkeypatch.setattr(importer, "_check_and_forget", check_then_change)
    with case.open() as store, pytest.raises(UnreadableInput, match="nothing was imported"):
        import_files(store, paths)
    assert case.nothing_stored()
