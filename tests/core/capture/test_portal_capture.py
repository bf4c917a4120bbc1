"""End to end on a real Wayland desktop: `evidencekit capture` through xdg-desktop-portal.

One headless sway + PipeWire + portal desktop for the whole module (tests/support/wayland_session.py),
two outputs (1920×1080, and 1280×1024 to its right), and a Wayland client of another process showing a
known picture on the first. The stored originals are compared with that picture pixel for pixel; the
portal's plaintext file (/tmp/out.png with xdg-desktop-portal-wlr) must be gone after every capture.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from evidencekit.capture import synthetic_desktop_png
from tests.core.capture.conftest import Case, decode, run_cli, sha256
from tests.support.wayland_fixture import wayland_desktop
from tests.support.wayland_session import BACKGROUND, PORTAL_FILE, WaylandSession

pytestmark = pytest.mark.wayland


@pytest.fixture(scope="module")
def wayland() -> Iterator[WaylandSession]:
    yield from wayland_desktop()


@pytest.fixture(scope="module")
def picture(wayland: WaylandSession, tmp_path_factory: pytest.TempPathFactory) -> Image.Image:
    """The known picture, shown 1:1 by another process's Wayland window covering the first output."""
    path = tmp_path_factory.mktemp("wayland-picture") / "chat.png"
    path.write_bytes(synthetic_desktop_png(1920, 1080))
    wayland.client_window(path)
    return Image.open(path).convert("RGB")


def capture(case: Case, wayland: WaylandSession, *args: str) -> subprocess.CompletedProcess:
    return run_cli("capture", case.id, *args, *case.unlock_args(), "--json", env=wayland.env())


def original(case: Case, wayland: WaylandSession, reference: str, out: Path) -> Image.Image:
    result = run_cli("export-original", case.id, reference, str(out), *case.unlock_args(), env=wayland.env())
    assert result.returncode == 0, result.stderr
    return decode(out.read_bytes())


def records(case: Case, wayland: WaylandSession) -> list[dict]:
    listed = run_cli("exhibits", case.id, *case.unlock_args(), "--json", env=wayland.env())
    assert listed.returncode == 0, listed.stderr
    return [exhibit["recorded"] for exhibit in json.loads(listed.stdout)["exhibits"]]


def test_whole_screen_is_exactly_the_other_programs_window_and_the_portal_file_is_gone(
        wayland: WaylandSession, picture: Image.Image, case: Case, tmp_path: Path):
    result = capture(case, wayland, "--label", "their chat")
    assert result.returncode == 0, result.stderr
    assert not os.path.lexists(PORTAL_FILE), "the portal's plaintext file was left behind"
    saved = json.loads(result.stdout)[0]
    image = original(case, wayland, saved["reference"], tmp_path / "EK-001.png")
    assert image.mode == "RGB" and image.size == (1920, 1080)
    assert image.tobytes() == picture.tobytes()
    assert sha256((tmp_path / "EK-001.png").read_bytes()) == saved["sha256"]

    recorded = records(case, wayland)[0]
    assert recorded["backend"] == "portal"
    assert recorded["method"] == ("xdg-desktop-portal Screenshot v2, non-interactive; the portal wrote the picture "
                                  "to a temporary file, which evidencekit read into memory and removed; cut from its "
                                  "picture of the whole desktop")
    portal = recorded["portal"]
    assert portal["interface"] == "org.freedesktop.portal.Screenshot" and portal["version"] == 2
    assert portal["picture"] == {"width": 3200, "height": 1080, "opaque": False}  # nothing below the 2nd screen
    assert portal["cut"] == {"left": 0, "top": 0, "width": 1920, "height": 1080}
    file = portal["file"]
    assert (file["folder"], file["name"], file["mode"], file["removed"]) == ("/tmp", "out.png", "0644", True)
    assert len(file["sha256"]) == 64 and file["bytes"] > 1000
    assert recorded["monitor"]["name"] == "HEADLESS-1" and recorded["monitor"]["number"] == 1
    assert [m["name"] for m in recorded["monitors"]] == ["HEADLESS-1", "HEADLESS-2"]
    assert recorded["geometry"] == {"left": 0, "top": 0, "width": 1920, "height": 1080} and recorded["scale"] == "1"
    assert recorded["foreground_window"]["title"] is None
    assert recorded["software"]["portal"] == "org.freedesktop.portal.Screenshot version 2 (sway)"
    assert recorded["os"]["session"] == "wayland" and recorded["os"]["desktop"] == "sway"

    bundle = tmp_path / "bundle.pdf"  # the exhibit's page says how the picture was taken
    exported = run_cli("export", case.id, str(bundle), *case.unlock_args(), env=wayland.env(), timeout=180)
    assert exported.returncode == 0, exported.stderr
    text = " ".join(subprocess.run(["pdftotext", "-raw", str(bundle), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert ("xdg-desktop-portal Screenshot v2, non-interactive; the portal wrote the picture to a temporary file, "
            "which evidencekit read into memory and removed") in text


def test_region_second_screen_and_all_screens_are_cut_exactly(wayland: WaylandSession, picture: Image.Image,
                                                                case: Case, tmp_path: Path):
    for number, args in enumerate((["--region", "300,200,700,500"], ["--screen", "2"], ["--all-screens"]), start=1):
        result = capture(case, wayland, *args)
        assert result.returncode == 0, result.stderr
        assert not os.path.lexists(PORTAL_FILE), f"the portal's file was left behind after {args}"
        assert json.loads(result.stdout)[0]["reference"] == f"EK-00{number}"
    region = original(case, wayland, "EK-001", tmp_path / "region.png")
    assert region.size == (700, 500)
    assert region.tobytes() == picture.crop((300, 200, 1000, 700)).tobytes()
    second = original(case, wayland, "EK-002", tmp_path / "second.png")
    assert second.size == (1280, 1024)
    assert second.getcolors() == [(1280 * 1024, BACKGROUND)]
    everything = original(case, wayland, "EK-003", tmp_path / "all.png")
    assert everything.size == (3200, 1080)
    assert everything.crop((0, 0, 1920, 1080)).tobytes() == picture.tobytes()
    assert everything.crop((1920, 0, 3200, 1024)).tobytes() == second.tobytes()
    assert everything.crop((1920, 1024, 3200, 1080)).getcolors() == [(1280 * 56, (0, 0, 0))]  # off every screen

    region_record, second_record, all_record = records(case, wayland)
    assert region_record["geometry"] == {"left": 300, "top": 200, "width": 700, "height": 500}
    assert region_record["portal"]["cut"] == region_record["geometry"]
    assert second_record["monitor"]["number"] == 2
    assert second_record["geometry"] == {"left": 1920, "top": 0, "width": 1280, "height": 1024}
    assert all_record["monitor"] is None and all_record["portal"]["cut"] is None
    assert "cut from" not in all_record["method"]


def test_a_link_planted_at_the_portals_file_is_refused_and_nothing_is_read(wayland: WaylandSession,
                                                                           picture: Image.Image, case: Case,
                                                                           tmp_path: Path):
    target = tmp_path / "where-an-attacker-reads.png"
    PORTAL_FILE.symlink_to(target)
    try:
        result = capture(case, wayland)
        assert result.returncode == 2, result.stdout + result.stderr
        said = json.loads(result.stdout)  # under --json the error is JSON on stdout, with the same exit code
        assert said["exit"] == 2 and result.stderr == ""
        message = said["error"]
        assert message.startswith(f"The file the desktop's screenshot service wrote, {PORTAL_FILE}, "
                                  f"is a link to {target}")
        assert "did not read it and saved nothing" in message and len(message.splitlines()) == 1
        assert PORTAL_FILE.is_symlink(), "evidencekit must not touch the planted link"
        assert case.nothing_stored()
    finally:
        PORTAL_FILE.unlink(missing_ok=True)
        target.unlink(missing_ok=True)  # the portal (grim) followed the link: the picture went there


def test_a_desktop_without_the_portal_says_what_is_missing_and_points_to_import(wayland: WaylandSession,
                                                                               case: Case, tmp_path: Path):
    config = tmp_path / "bus.conf"
    config.write_text((wayland.root / "bus.conf").read_text().replace(str(wayland.runtime_dir), str(tmp_path)))
    bus = subprocess.Popen(["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
                           stdout=subprocess.PIPE, text=True)
    try:
        assert bus.stdout is not None
        address = bus.stdout.readline().strip()
        env = dict(wayland.env(), DBUS_SESSION_BUS_ADDRESS=address)  # Wayland is there, the portal is not
        result = run_cli("capture", case.id, *case.unlock_args(), env=env)
    finally:
        bus.terminate()
        bus.wait(timeout=10)
    assert result.returncode == 2
    assert result.stderr.startswith("evidencekit: On this Wayland desktop pictures of the screen are taken by the "
                                    "desktop's screenshot service, xdg-desktop-portal, which is not installed")
    assert "evidencekit import" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    no_bus = dict(wayland.env(), DBUS_SESSION_BUS_ADDRESS=f"unix:path={tmp_path}/no-bus-here")
    result = run_cli("capture", case.id, *case.unlock_args(), env=no_bus)
    assert result.returncode == 2 and "there is no D-Bus session here" in result.stderr
    assert case.nothing_stored()


def test_the_note_before_the_first_picture_follows_the_desktops_permission_store(wayland: WaylandSession,
                                                                                monkeypatch: pytest.MonkeyPatch):
    # xdg-desktop-portal asks the person ("Allow … to take screenshots?") while the permission is unset, and
    # refuses while it is "no" (with back ends of Screenshot version 2; the wlr back end here is version 1
    # and never asks): the window says so before the first picture.
    from evidencekit.capture.portal_backend import PortalBackend

    monkeypatch.delenv("DISPLAY", raising=False)
    for name, value in wayland.env().items():
        monkeypatch.setenv(name, value)
    try:
        wayland.set_screenshot_permission(None)
        with PortalBackend() as backend:
            assert backend.first_use_note().startswith("The first time, your desktop may ask “Allow … to take "
                                                       "screenshots?”. Choose Allow")
        wayland.set_screenshot_permission("no")
        with PortalBackend() as backend:
            assert backend.first_use_note().startswith("This desktop was told not to allow screenshots")
    finally:
        wayland.set_screenshot_permission("yes")
    with PortalBackend() as backend:
        assert backend.first_use_note() == ""


def test_a_portal_that_cannot_take_the_picture_is_one_sentence_and_nothing_is_stored(wayland: WaylandSession,
                                                                                      case: Case):
    PORTAL_FILE.mkdir()  # grim cannot write its file: the portal answers "failed"
    try:
        result = run_cli("capture", case.id, *case.unlock_args(), env=wayland.env())
    finally:
        PORTAL_FILE.rmdir()
    assert result.returncode == 2
    assert result.stderr.startswith("evidencekit: The desktop did not give evidencekit the picture")
    assert "evidencekit import" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert case.nothing_stored()
