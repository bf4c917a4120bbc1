"""Opening a case of 1,000 exhibits and showing its pages: how long the event loop stalls (issue 22, item 4:
the target is 25 ms above the idle loop, MAX_STALL_MS; not met yet, see below and docs/performance.md).

The case (1,000 small whole-screen captures through the real capture service) is built once per test
module. The app opens it from the start screen as a person would (the key is in the keyring, so no dialog):
the unlock and the state are read on a worker thread, then the main window shows, then the conversation
page with its 1,000 thumbnails (decoded on a worker thread) and the export page. A 2 ms heartbeat QTimer on
the GUI thread measures the longest gap of each of the three, beside the idle loop before and after.

Each is held to the limit that holds today (LIMITS_MS, above the idle loop), not yet to MAX_STALL_MS:
- "open": building and first showing the main window, ~140-150 ms already at 10 exhibits (all its pages
  are built at once, and their guidance text read from TOML, on the GUI thread): 195-295 ms at 1,000 (the
  extra likely the pages' refresh on `state_changed`, the hidden gallery's 1,000 items among them; not checked).
- "conversation": the gallery's 1,000 grid items are made on the GUI thread in one go (75-122 ms). Before
  the thumbnail batch (one background job for all wanted thumbnails, and a dict from exhibit to grid item
  instead of a scan of the grid per thumbnail) this phase stalled 480-790 ms, which these limits fail.
- "export": the page's first layout and paint, and the bundle code's warm-up importing on a worker
  thread: 16-37 ms at 1,000 exhibits at load 3.1-4.1, up to 64 ms at load 4-4.6 (the case's label
  initials, read with the whole journal on the GUI thread before, are read on a worker now; see
  docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from evidencekit.capture import FixtureBackend, synthetic_desktop_png
from evidencekit.capture.request import CaptureRequest
from evidencekit.capture.service import capture_to_case
from evidencekit.gui import workers
from evidencekit.gui.app import AppController, make_application
from evidencekit.gui.pages.export import bundle_code_ready
from evidencekit.store import CaseStore, KeyringAccess
from tests.gui.heartbeat import Heartbeat, allowed_stall_ms, idle_noise_ms
from tests.support.memory_keyring import MemoryKeyring

EXHIBITS = 1000
LIMITS_MS = {"open": 500, "conversation": 200, "export": 75}  # the limits that hold (see above), not 25 ms


class LargeCase:
    def __init__(self, home: Path, keyring: KeyringAccess, folder: Path) -> None:
        self.home, self.keyring, self.folder = home, keyring, folder


@pytest.fixture(scope="module")
def large_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LargeCase]:
    """A case of 1,000 exhibits (320×180 pictures, two alternating: ~4 s), its key in an in-memory keyring."""
    home = tmp_path_factory.mktemp("large-case") / "evidencekit-home"
    home.mkdir(mode=0o700)
    keyring = KeyringAccess(MemoryKeyring())
    created = CaseStore.create("A thousand pictures", "a thousand pictures passphrase", home=home, keyring=keyring)
    frames = [synthetic_desktop_png(320, 180, variant=variant) for variant in ("chat", "profile")]
    backend = FixtureBackend(frames * (EXHIBITS // 2))
    with created.store as store:
        for _ in range(EXHIBITS):
            capture_to_case(store, CaptureRequest(), {"category": "conversation"}, backend=backend)
        folder = store.path
    yield LargeCase(home, keyring, folder)


@pytest.mark.slow
@pytest.mark.stall
def test_opening_a_case_of_1000_exhibits_stays_within_the_stall_limits_that_hold(qtbot, large_case: LargeCase,
                                                                                 fast_settle: None, capsys) -> None:
    make_application()
    controller = AppController(home=large_case.home, keyring=large_case.keyring)
    stalls: dict[str, float] = {}
    try:
        controller.show()
        qtbot.waitUntil(lambda: bool(controller.start_window.entries), timeout=30000)
        noise = idle_noise_ms(qtbot.wait)
        window = None
        for phase in LIMITS_MS:
            heartbeat = Heartbeat()
            heartbeat.start()
            qtbot.wait(50)
            if phase == "open":
                controller.open_case(large_case.folder)
                qtbot.waitUntil(lambda: controller.main_window is not None and controller.main_window.isVisible(),
                                timeout=60000)
                window = controller.main_window
                assert window is not None and controller.session.state is not None
                assert len(controller.session.state.exhibits) == EXHIBITS
            elif phase == "conversation":
                assert window is not None
                window.show_page("conversation")
                gallery = window.current_page().gallery
                qtbot.waitUntil(lambda: len(gallery.thumbnails.images) == EXHIBITS, timeout=60000)
            else:
                assert window is not None
                window.show_page("export")
                qtbot.waitUntil(bundle_code_ready, timeout=60000)
            qtbot.wait(150)
            heartbeat.stop()
            stalls[phase] = heartbeat.longest_stall_ms
        noise = max(noise, idle_noise_ms(qtbot.wait))
    finally:
        workers.wait_for_all()
        if controller.main_window is not None:
            controller.main_window.close()
        if controller.session.store is not None:
            controller.session.lock()
        controller.start_window.close()
    with capsys.disabled():  # the figure is wanted in the CI log, not only on failure
        print(f"\nlongest event-loop stall with a case of {EXHIBITS} exhibits: "
              + ", ".join(f"{phase} {stall:.1f} ms" for phase, stall in stalls.items())
              + f" (idle loop around it: {noise:.1f} ms; limits {LIMITS_MS} ms above that; target 25 ms)")
    assert all(stall <= allowed_stall_ms(noise, LIMITS_MS[phase]) for phase, stall in stalls.items()), (stalls, noise)

