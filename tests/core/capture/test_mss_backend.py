"""The mss backend says whether it works here and, if not, why in one sentence (NormCap-style)."""

from __future__ import annotations

import pytest

from evidencekit.capture import CaptureRequest, MssBackend, choose_backend
from evidencekit.capture.mss_backend import session_problem
from evidencekit.errors import CaptureUnavailable
from tests.support.xserver import XServer


def test_works_on_a_real_x_server(xserver: XServer):
    with MssBackend() as backend:
        assert backend.availability().works
        [monitor] = backend.monitors()
        assert (monitor.rect.width, monitor.rect.height) == (1920, 1080)
        grab = backend.grab(backend.resolve(CaptureRequest.of_region(0, 0, 64, 32)))
        assert (grab.width, grab.height, grab.scale) == (64, 32, "1")
        assert grab.method.startswith("mss ") and "X11" in grab.method


def test_lists_randr_monitors(two_monitor_xserver: XServer):
    with MssBackend() as backend:
        monitors = backend.monitors()
    assert [(m.number, m.rect.left, m.rect.width, m.rect.height, m.primary) for m in monitors] == [
        (1, 0, 1920, 1080, True), (2, 1920, 1280, 1024, False)]


def test_no_display_says_why(monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("XDG_SESSION_TYPE", "tty")
    state = MssBackend().availability()
    assert not state.works and "DISPLAY is not set" in state.why
    with pytest.raises(CaptureUnavailable, match="No screen is available"):
        choose_backend()


def test_wayland_session_says_why():
    assert "Wayland session" in session_problem({"XDG_SESSION_TYPE": "wayland", "DISPLAY": ":0"})
    assert "Wayland session" in session_problem({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"})
    assert session_problem({"DISPLAY": ":0", "XDG_SESSION_TYPE": "x11"}) is None


def test_a_display_that_cannot_be_opened_says_why(monkeypatch):
    monkeypatch.setenv("DISPLAY", ":4077")  # nothing listens there
    monkeypatch.setenv("XDG_SESSION_TYPE", "x11")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    state = MssBackend().availability()
    assert not state.works
    assert state.why.startswith("The screen cannot be") and len(state.why.splitlines()) == 1
