"""The ctypes X11 backend grabs exactly the screen's pixels, lists RandR monitors, and never kills the process."""

from __future__ import annotations

import ctypes
import ctypes.util

import pytest

from evidencekit.capture import CaptureRequest, MssBackend, X11Backend, choose_backend, xlib
from evidencekit.capture import x11_backend as x11_module
from evidencekit.capture.backend import Availability, Target
from evidencekit.capture.png import DEFAULT_LEVEL
from evidencekit.capture.request import Rect
from evidencekit.errors import CaptureUnavailable
from tests.core.capture.conftest import decode
from tests.support.xserver import XServer, independent_grab


@pytest.mark.parametrize("use_shm", [True, False])
def test_whole_screen_is_exactly_what_an_independent_grab_sees(xserver: XServer, use_shm: bool):
    xserver.foreign_window(x=100, y=80, width=900, height=700)
    with X11Backend(use_shm=use_shm) as backend:
        grab = backend.grab(backend.resolve(CaptureRequest.whole_screen()))
    assert grab.method == f"X11 {'XShmGetImage' if use_shm else 'XGetImage'} (libX11 through ctypes)"
    reference = decode(independent_grab(xserver.display)).convert("RGB")
    assert decode(grab.png).tobytes() == reference.tobytes()
    assert (grab.width, grab.height, grab.scale, grab.png_level) == (1920, 1080, "1", DEFAULT_LEVEL)


@pytest.mark.parametrize("use_shm", [True, False])
def test_odd_regions_and_a_one_pixel_row_are_exact(xserver: XServer, use_shm: bool):
    window = xserver.foreign_window(x=200, y=150, width=640, height=480)
    with X11Backend(use_shm=use_shm) as backend:
        for x, y, width, height in [(window.x + 3, window.y + 7, 333, 129), (window.x, window.y + 40, 641, 1),
                                    (1919, 1079, 1, 1)]:
            grab = backend.grab(backend.resolve(CaptureRequest.of_region(x, y, width, height)))
            reference = decode(independent_grab(xserver.display, x, y, width, height)).convert("RGB")
            assert decode(grab.png).tobytes() == reference.tobytes(), (x, y, width, height)


def test_same_monitors_as_mss_in_the_same_order(two_monitor_xserver: XServer):
    with X11Backend() as ours, MssBackend() as theirs:
        mine = ours.monitors()
        assert [(m.number, m.rect, m.primary) for m in mine] == [(m.number, m.rect, m.primary)
                                                                 for m in theirs.monitors()]
    assert [(m.rect.left, m.rect.width, m.primary, m.name) for m in mine] == [
        (0, 1920, True, "TEST-1"), (1920, 1280, False, "TEST-2")]


def test_foreground_window_uses_the_same_connection(xserver: XServer):
    window = xserver.foreign_window(title="Chat with lena_2003 \u2014 FriendChat")
    with X11Backend() as backend:
        claim = backend.foreground_window()
        assert backend.library_versions()["x_server"].startswith("The X.Org Foundation")
    assert (claim["title"], claim["app"], claim["source"]) == (window.title, "FriendChat", "X11 input focus")


def test_an_x_error_is_a_sentence_not_the_end_of_the_process(xserver: XServer):
    with X11Backend(use_shm=False) as backend:
        backend.monitors()
        off_screen = Target(Rect(1900, 1000, 100, 100), None)  # past the root window's edge: BadMatch
        with pytest.raises(CaptureUnavailable, match="could not be read"):
            backend.grab(off_screen)
        assert backend.grab(Target(Rect(0, 0, 8, 8), None)).width == 8  # the connection still works


def test_without_shared_memory_it_falls_back_to_xgetimage(xserver: XServer, monkeypatch):
    def refuse(*_args):
        raise x11_module._ShmUnavailable()

    monkeypatch.setattr(x11_module, "_SharedImage", refuse)  # as on a remote display
    with X11Backend() as backend:
        grab = backend.grab(backend.resolve(CaptureRequest.of_region(0, 0, 10, 10)))
    assert grab.method.startswith("X11 XGetImage")


def test_a_display_that_cannot_be_opened_says_why(monkeypatch):
    monkeypatch.setenv("DISPLAY", ":4077")  # nothing listens there
    monkeypatch.setenv("XDG_SESSION_TYPE", "x11")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    state = X11Backend().availability()
    assert not state.works and state.why.startswith("The screen cannot be opened") and "\n" not in state.why


def test_wayland_and_no_display_say_why(monkeypatch):
    monkeypatch.setenv("XDG_SESSION_TYPE", "wayland")
    assert "Wayland session" in X11Backend().availability().why
    monkeypatch.setenv("XDG_SESSION_TYPE", "tty")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    assert "DISPLAY is not set" in X11Backend().availability().why


def test_x11_comes_first_and_mss_is_the_fallback(xserver: XServer, monkeypatch):
    backend = choose_backend()
    assert isinstance(backend, X11Backend)
    backend.close()
    monkeypatch.setattr(X11Backend, "availability", lambda self: Availability(False, "unusual pixel format"))
    backend = choose_backend()
    assert isinstance(backend, MssBackend) and backend.availability().works
    backend.close()


def test_libraries_load_by_soname_without_find_library(monkeypatch):
    def forbidden(name):
        raise AssertionError(f"find_library({name!r}) runs subprocesses; the soname should have been enough")

    monkeypatch.setattr(ctypes.util, "find_library", forbidden)
    assert xlib.load_library("libX11.so.6", "X11").XOpenDisplay


def test_an_unknown_soname_falls_back_to_find_library(monkeypatch):
    asked = []

    def find(name):
        asked.append(name)
        return "libX11.so.6" if name == "X11" else None

    monkeypatch.setattr(ctypes.util, "find_library", find)
    assert isinstance(xlib.load_library("libX11.so.999", "X11"), ctypes.CDLL)
    with pytest.raises(OSError, match="libNoSuchLib is not installed"):
        xlib.load_library("libNoSuchLib.so.1", "NoSuchLib")
    assert asked == ["X11", "NoSuchLib"]
