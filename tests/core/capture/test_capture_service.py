"""capture_to_case, the API the GUI calls from a worker thread: series, progress, stop, durability."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from evidencekit.capture import CaptureRequest, FixtureBackend, MssBackend, capture_to_case, synthetic_desktop_png
from evidencekit.capture.deflate_bands import DEFLATE
from evidencekit.capture.png import DEFAULT_LEVEL
from evidencekit.capture.request import Rect
from evidencekit.errors import CaptureUnavailable, UsageError
from tests.core.capture.conftest import Case, decode
from tests.support.xserver import XServer


def test_a_series_captures_what_changed_between_frames(xserver: XServer, case: Case):
    xserver.foreign_window(x=100, y=100, width=600, height=400, variant="profile", title="lena_2003 profile")
    seen: list[tuple[int, int, str]] = []

    def progress(done: int, total: int, exhibit) -> None:
        seen.append((done, total, exhibit.reference))
        if done == 1:  # the person scrolls to the conversation before the next frame
            xserver.foreign_window(x=100, y=100, width=600, height=400, variant="chat")

    with case.open() as store, MssBackend() as backend:
        saved = capture_to_case(store, CaptureRequest.whole_screen(series_count=2, series_interval_s=0.2),
                                {"platform": "FriendChat"}, backend=backend, on_progress=progress)
        first, second = (decode(store.read_object(e.id)) for e in saved)
    assert seen == [(1, 2, "EK-001"), (2, 2, "EK-002")]
    assert first.getpixel((105, 105)) == (0x7B, 0x2C, 0xBF)  # profile header (PROFILE_HEADER)
    assert second.getpixel((105, 105)) == (0x2A, 0x5D, 0xB0)  # chat header (HEADER)
    first_series, second_series = (e.recorded["series"] for e in saved)
    assert first_series["id"] == second_series["id"]
    assert (first_series["index"], second_series["index"], second_series["count"]) == (1, 2, 2)
    assert saved[1].recorded["foreground_window"]["title"] == "Chat with lena_2003 \u2014 FriendChat"
    assert all(e.fields["platform"] == "FriendChat" for e in saved)


def test_every_frame_is_on_disk_when_progress_hears_of_it(case: Case):
    on_disk = []
    journal = case.home / "cases" / case.id / "journal.ekj"

    def progress(done: int, _total: int, exhibit) -> None:
        raw = journal.read_bytes()  # the picture's frame carries its object id in clear (docs/store-format.md)
        on_disk.append((done, bytes.fromhex(exhibit.id) in raw, case.frame_kinds().count(b"O"), len(raw)))

    with case.open() as store:
        capture_to_case(store, CaptureRequest.whole_screen(series_count=3), backend=FixtureBackend(),
                        on_progress=progress)
    with case.open() as store:
        state = store.state()
        assert [e.number for e in state.exhibits] == [1, 2, 3]
        for exhibit in state.exhibits:
            assert store.read_object(exhibit.id)  # decrypts and re-checks the SHA-256
        assert store.verify().ok
    assert [entry[:3] for entry in on_disk] == [(1, True, 1), (2, True, 2), (3, True, 3)]
    assert on_disk[0][3] < on_disk[1][3] < on_disk[2][3]  # the journal grew by each frame's event


def test_should_stop_ends_a_series_and_keeps_what_was_saved(case: Case):
    backend = FixtureBackend()
    with case.open() as store:
        saved = capture_to_case(store, CaptureRequest.whole_screen(series_count=10, series_interval_s=0.05),
                                backend=backend, should_stop=lambda: backend.grabs >= 3)
    assert len(saved) == 3 and backend.grabs == 3


def test_fixture_frames_are_used_in_turn_and_cropped_exactly(case: Case):
    frames = [synthetic_desktop_png(400, 300, variant="profile"), synthetic_desktop_png(400, 300)]
    with case.open() as store:
        saved = capture_to_case(store, CaptureRequest.of_region(50, 40, 200, 100, series_count=2),
                                backend=FixtureBackend(frames, window={"title": "Chat", "source": "test"}))
        pictures = [decode(store.read_object(e.id)) for e in saved]
    for frame, got in zip(frames, pictures, strict=True):
        expected = Image.open(io.BytesIO(frame)).convert("RGB").crop((50, 40, 250, 140))
        assert got.tobytes() == expected.tobytes()
    assert saved[0].recorded["foreground_window"] == {"title": "Chat", "source": "test"}


def test_monitor_choice_at_the_interface_level(case: Case):
    desktop = synthetic_desktop_png(1600 + 1024, 900)
    backend = FixtureBackend([desktop], monitors=[Rect(0, 0, 1600, 900), Rect(1600, 0, 1024, 768)], primary=2)
    with case.open() as store:
        [primary] = capture_to_case(store, CaptureRequest.whole_screen(), backend=backend)
        [first] = capture_to_case(store, CaptureRequest.one_monitor(1), backend=backend)
        with pytest.raises(UsageError, match="There is no screen 3"):
            capture_to_case(store, CaptureRequest.one_monitor(3), backend=backend)
        assert len(store.state().exhibits) == 2
    assert primary.recorded["pixels"] == {"width": 1024, "height": 768}
    assert primary.recorded["png"] == {"colour": "8-bit RGB", "compression_level": DEFAULT_LEVEL, "deflate": DEFLATE,
                                       "lossless": True}
    assert DEFLATE.startswith("zlib-ng 2."), "zlib-ng is a dependency: captures should not fall back to zlib"
    assert primary.recorded["monitor"]["number"] == 2
    assert first.recorded["geometry"] == {"left": 0, "top": 0, "width": 1600, "height": 900}


def test_an_unavailable_backend_stores_nothing(case: Case):
    backend = FixtureBackend(unavailable_why="This is a test screen that cannot be read.")
    with case.open() as store, pytest.raises(CaptureUnavailable, match="cannot be read"):
        capture_to_case(store, CaptureRequest.whole_screen(), backend=backend)
    assert backend.grabs == 0
    assert case.nothing_stored()


def test_bad_fields_are_refused_before_any_grab(case: Case):
    backend = FixtureBackend()
    with case.open() as store, pytest.raises(UsageError, match="not a category"):
        capture_to_case(store, CaptureRequest.whole_screen(), {"category": "blackmail"}, backend=backend)
    assert backend.grabs == 0
    assert case.nothing_stored()


def test_capture_in_a_worker_thread(xserver: XServer, case: Case):
    """The GUI creates the backend on its worker thread and calls capture_to_case there."""
    import threading

    xserver.foreign_window()
    results: list = []

    def work() -> None:
        with MssBackend() as backend:
            results.extend(capture_to_case(store, CaptureRequest.of_region(200, 150, 800, 600), backend=backend))

    with case.open() as store:
        worker = threading.Thread(target=work)
        worker.start()
        worker.join(30)
        picture = decode(store.read_object(results[0].id))
    assert picture.size == (800, 600) and picture.getpixel((1, 1)) == (0x2A, 0x5D, 0xB0)
