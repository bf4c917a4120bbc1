"""The foreground window's title as a claim, read from X11 the way a window manager publishes it."""

from __future__ import annotations

from evidencekit.capture import foreground_window_claim
from tests.support.xserver import XServer


def test_title_from_net_active_window_set_by_a_window_manager(xserver: XServer):
    xserver.foreign_window(focus=False, active=True, title="Messenger \u2014 anna.k \u00fc")
    claim = foreground_window_claim()
    assert claim["title"] == "Messenger \u2014 anna.k \u00fc"
    assert claim["app"] == "FriendChat" and claim["source"] == "X11 _NET_ACTIVE_WINDOW"
    assert "any program can set" in claim["note"]


def test_title_from_the_input_focus_without_a_window_manager(xserver: XServer):
    xserver.foreign_window(focus=True, title="Chat with lena_2003")
    claim = foreground_window_claim()
    assert (claim["title"], claim["source"]) == ("Chat with lena_2003", "X11 input focus")


def test_no_window_in_front_is_recorded_with_a_reason(xserver: XServer):
    assert foreground_window_claim() == {"title": None, "why": "no window with a title was in front"}


def test_a_window_that_went_away_does_not_break_the_claim(xserver: XServer):
    window = xserver.foreign_window(focus=False, active=True)
    window.stop()  # _NET_ACTIVE_WINDOW now names a window that no longer exists
    claim = foreground_window_claim()
    assert claim["title"] is None


def test_no_display_means_no_claim(monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    claim = foreground_window_claim()
    assert claim["title"] is None and claim["why"]
