"""End to end on a real X server: `evidencekit capture` of a chat window drawn by another process.

The stored original is compared with an independent grab by ImageMagick's `import` (no shared code
with mss), the fingerprints with `sha256` of the exported file, and the pixels with the colours the
foreign window is known to draw.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime

import pytest

from evidencekit.store import CaseStore
from tests.core.capture.conftest import PASSPHRASE, Case, decode, run_cli, sha256
from tests.support import foreign_window as chat
from tests.support.xserver import XServer, independent_grab

pytestmark = pytest.mark.xvfb


def rgb(colour: int) -> tuple[int, int, int]:
    return (colour >> 16) & 0xFF, (colour >> 8) & 0xFF, colour & 0xFF


def parse_utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def exhibits_json(case: Case, env: dict[str, str]) -> dict:
    listed = run_cli("exhibits", case.id, *case.unlock_args(), "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    return json.loads(listed.stdout)


def test_whole_screen_capture_is_exactly_the_screen_and_fully_recorded(xserver: XServer, case: Case, tmp_path):
    window = xserver.foreign_window(x=200, y=150, width=800, height=600)
    before = datetime.now(UTC)
    result = run_cli("capture", case.id, *case.unlock_args(), "--json", "--label", "their chat",
                     "--category", "conversation", "--platform", "FriendChat", env=xserver.env)
    assert result.returncode == 0, result.stderr
    after = datetime.now(UTC)
    printed = json.loads(result.stdout)
    assert [item["reference"] for item in printed] == ["EK-001"]

    listed = exhibits_json(case, xserver.env)["exhibits"]
    assert len(listed) == 1
    exhibit = listed[0]
    assert exhibit["id"] == printed[0]["id"] and exhibit["sha256"] == printed[0]["sha256"]
    assert exhibit["origin"] == "captured" and exhibit["media_type"] == "image/png"
    assert exhibit["fields"]["label"] == "their chat" and exhibit["fields"]["category"] == "conversation"

    out = tmp_path / "EK-001.png"
    exported = run_cli("export-original", case.id, "EK-001", str(out), *case.unlock_args(), env=xserver.env)
    assert exported.returncode == 0, exported.stderr
    data = out.read_bytes()
    assert sha256(data) == exhibit["sha256"] and len(data) == exhibit["size"]

    image = decode(data)
    assert image.mode == "RGB" and image.size == (1920, 1080)
    reference = decode(independent_grab(xserver.display)).convert("RGB")
    assert image.tobytes() == reference.tobytes()
    assert image.getpixel((window.x + 5, window.y + 5)) == rgb(chat.HEADER)
    ix, iy, _, _ = chat.incoming_rect(window.width)
    assert image.getpixel((window.x + ix + 2, window.y + iy + 2)) == rgb(chat.INCOMING)
    dx, dy, _, _ = chat.demand_rect(window.width)
    assert image.getpixel((window.x + dx + 2, window.y + dy + 2)) == rgb(chat.DEMAND)

    recorded = exhibit["recorded"]
    taken = parse_utc(recorded["time"]["utc"])
    assert before.timestamp() - 2 <= taken.timestamp() <= after.timestamp() + 2
    assert recorded["time"]["local"] and recorded["time"]["offset"] and recorded["time"]["zone"]
    assert recorded["clock_source"] == "this computer's clock"
    assert recorded["pixels"] == {"width": 1920, "height": 1080}
    assert recorded["geometry"] == {"left": 0, "top": 0, "width": 1920, "height": 1080}
    assert recorded["monitor"]["width"] == 1920 and recorded["scale"] == "1"
    assert recorded["request"]["area"] == "primary"
    assert recorded["method"] == "X11 XShmGetImage (libX11 through ctypes)" and recorded["backend"] == "x11"
    assert recorded["software"]["evidencekit"] and recorded["software"]["x_server"].startswith("The X.Org")
    assert recorded["os"]["system"] == "Linux"
    assert recorded["foreground_window"]["title"] == window.title
    assert recorded["foreground_window"]["app"] == "FriendChat"


def test_region_capture_holds_exactly_that_rectangle(xserver: XServer, case: Case, tmp_path):
    window = xserver.foreign_window(x=300, y=200, width=700, height=500)
    region = f"{window.x},{window.y},{window.width},{window.height}"
    result = run_cli("capture", case.id, "--region", region, *case.unlock_args(), "--json", env=xserver.env)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "region.png"
    assert run_cli("export-original", case.id, "1", str(out), *case.unlock_args(), env=xserver.env).returncode == 0

    image = decode(out.read_bytes())
    assert image.size == (700, 500)
    reference = decode(independent_grab(xserver.display, window.x, window.y, 700, 500)).convert("RGB")
    assert image.tobytes() == reference.tobytes()
    assert image.getpixel((0, 0)) == rgb(chat.HEADER)
    assert image.getpixel((699, 499)) == rgb(chat.BACKGROUND)
    recorded = exhibits_json(case, xserver.env)["exhibits"][0]["recorded"]
    assert recorded["geometry"] == {"left": 300, "top": 200, "width": 700, "height": 500}
    assert recorded["request"]["region"] == recorded["geometry"]


def test_delayed_capture_shows_the_window_brought_up_during_the_delay(xserver: XServer, case: Case, tmp_path):
    started = datetime.now(UTC)
    process = subprocess.Popen([sys.executable, "-m", "evidencekit", "capture", case.id, "--delay", "2.5",
                                *case.unlock_args(), "--json"], env=xserver.env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    time.sleep(0.3)
    window = xserver.foreign_window(x=100, y=100, width=640, height=480)  # appears during the countdown
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    exhibit = json.loads(stdout)[0]
    out = tmp_path / "delayed.png"
    assert run_cli("export-original", case.id, exhibit["id"], str(out), *case.unlock_args(),
                   env=xserver.env).returncode == 0
    image = decode(out.read_bytes())
    assert image.getpixel((window.x + 5, window.y + 5)) == rgb(chat.HEADER)
    recorded = exhibits_json(case, xserver.env)["exhibits"][0]["recorded"]
    assert recorded["request"]["delay_ms"] == 2500
    assert (parse_utc(recorded["time"]["utc"]) - started).total_seconds() >= 2.5


def test_the_chosen_monitor_is_captured_on_a_two_monitor_desktop(two_monitor_xserver: XServer, case: Case,
                                                                 tmp_path):
    server = two_monitor_xserver
    window = server.foreign_window(x=1920 + 100, y=80, width=600, height=400)  # on monitor 2 only
    env = server.env
    for args, name, size in ((["--screen", "2"], "second.png", (1280, 1024)),
                             (["--screen", "1"], "first.png", (1920, 1080)),
                             (["--all-screens"], "all.png", (3200, 1080))):
        result = run_cli("capture", case.id, *args, *case.unlock_args(), "--json", env=env)
        assert result.returncode == 0, result.stderr
        reference = json.loads(result.stdout)[0]["reference"]
        out = tmp_path / name
        assert run_cli("export-original", case.id, reference, str(out), *case.unlock_args(), env=env).returncode == 0
        assert decode(out.read_bytes()).size == size

    second = decode((tmp_path / "second.png").read_bytes())
    assert second.getpixel((100 + 5, 80 + 5)) == rgb(chat.HEADER)  # window in monitor 2's own coordinates
    expected = decode(independent_grab(server.display, 1920, 0, 1280, 1024)).convert("RGB")
    assert second.tobytes() == expected.tobytes()
    first = decode((tmp_path / "first.png").read_bytes())
    assert rgb(chat.HEADER) not in {colour for _, colour in first.getcolors(1 << 24)}
    everything = decode((tmp_path / "all.png").read_bytes())
    assert everything.getpixel((window.x + 5, window.y + 5)) == rgb(chat.HEADER)

    records = [e["recorded"] for e in exhibits_json(case, env)["exhibits"]]
    assert records[0]["monitor"]["number"] == 2
    assert records[0]["geometry"] == {"left": 1920, "top": 0, "width": 1280, "height": 1024}
    assert records[1]["monitor"]["primary"] is True
    assert records[2]["monitor"] is None and len(records[2]["monitors"]) == 2


def test_a_monitor_that_does_not_exist_is_refused_and_nothing_is_stored(two_monitor_xserver: XServer, case: Case):
    result = run_cli("capture", case.id, "--screen", "3", *case.unlock_args(), env=two_monitor_xserver.env)
    assert result.returncode == 2
    assert result.stderr.strip() == ("evidencekit: There is no screen 3: this computer has 2 screens "
                                     "(numbered 1 to 2).")
    assert case.nothing_stored()


@pytest.mark.parametrize(("region", "words"), [
    ("1800,1000,300,200", "is not fully on the screen"),
    ("-10,0,100,100", "is not fully on the screen"),
    ("0,0,0,100", "has no area"),
    ("10,10,abc,5", "is not four whole numbers"),
])
def test_a_bad_region_is_one_sentence_exit_2_and_nothing_stored(xserver: XServer, case: Case, region, words):
    result = run_cli("capture", case.id, f"--region={region}", *case.unlock_args(), env=xserver.env)
    assert result.returncode == 2
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert case.nothing_stored()


def test_no_display_is_one_sentence_exit_2_and_nothing_stored(case: Case):
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY"}}
    env["XDG_SESSION_TYPE"] = "tty"
    result = run_cli("capture", case.id, *case.unlock_args(), env=env)
    assert result.returncode == 2
    assert "No screen is available to capture here" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert case.nothing_stored()


def test_a_wayland_session_without_a_portal_is_refused_with_the_reason(case: Case, xserver: XServer, tmp_path):
    # the X display (XWayland) is there, but on Wayland only the desktop's portal may take the picture
    env = dict(xserver.env, XDG_SESSION_TYPE="wayland", WAYLAND_DISPLAY="wayland-0",
               DBUS_SESSION_BUS_ADDRESS=f"unix:path={tmp_path}/no-bus")
    result = run_cli("capture", case.id, *case.unlock_args(), env=env)
    assert result.returncode == 2
    assert "On this Wayland desktop pictures of the screen are taken by the desktop's screenshot" in result.stderr
    assert "evidencekit import" in result.stderr
    assert case.nothing_stored()


@pytest.mark.bare_process
def test_capture_command_never_imports_qt_nor_mss_on_x11(xserver: XServer, case: Case):
    script = (
        "import sys\n"
        "from evidencekit.cli import main\n"
        f"code = main(['capture', {case.id!r}, '--recovery-key-file', {str(case.recovery_key_file)!r}, '--json'])\n"
        "qt = sorted(m for m in sys.modules if m.split('.')[0] in {'PySide6', 'shiboken6', 'PyQt5', 'PyQt6'})\n"
        "slow = sorted(m for m in sys.modules\n"
        "              if m in {'mss', 'ctypes.util', 'shutil', 'getpass', 'PIL', 'dataclasses'})\n"
        "print('RESULT', code, qt, slow)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], env=xserver.env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    # mss and find_library: slow start-up; shutil (argparse's terminal width), getpass, Pillow: not needed;
    # dataclasses: ~0.3-0.5 ms to create each class (ADR 023)
    assert result.stdout.strip().splitlines()[-1] == "RESULT 0 [] []"
    with case.open() as store:
        assert len(store.state().exhibits) == 1  # the capture really ran


def test_a_wrong_key_stores_nothing(xserver: XServer, case: Case, tmp_path):
    other = CaseStore.create("another case", PASSPHRASE, shared_computer=True, home=case.home)
    other.store.close()
    wrong = tmp_path / "wrong.txt"
    wrong.write_text(other.recovery_key + "\n", encoding="utf-8")  # a real recovery key, of another case
    result = run_cli("capture", case.id, "--recovery-key-file", str(wrong), "--json", env=xserver.env)
    assert result.returncode == 1 and result.stderr == "", result.stderr
    said = json.loads(result.stdout)  # under --json the error is JSON on stdout, with the same exit code
    assert said["exit"] == 1 and said["error"].startswith("Wrong recovery key") and "\n" not in said["error"]
    assert case.nothing_stored()


def test_bad_fields_refuse_a_capture_and_store_nothing(xserver: XServer, case: Case):
    result = run_cli("capture", case.id, "--category", "gossip", *case.unlock_args(), env=xserver.env)
    assert result.returncode == 2
    assert "'gossip' is not a category" in result.stderr
    assert case.nothing_stored()


def test_category_help_lists_the_stores_categories():
    from evidencekit.cli.capture_cmd import CATEGORY_NAMES
    from evidencekit.store import CATEGORIES

    assert CATEGORY_NAMES == CATEGORIES
