"""The foreground window's title at capture time, recorded as a *claim* (what the window system said).

X11: _NET_ACTIVE_WINDOW (set by window managers), else the window with the input focus, walking up to
the first ancestor that has a title. Windows: GetForegroundWindow. Elsewhere (macOS, Wayland) nothing
is recorded and the record says why. A title can be set by any program, hence "claim".
"""

from __future__ import annotations

import ctypes
import os
import sys
from typing import Any

from evidencekit.capture import xlib

_NOTE = "as reported by the window system at capture time; any program can set its window title"


def foreground_window_claim(display: str | None = None) -> dict[str, Any]:
    """{"title", "app", "source", "note"} or {"title": None, "why": ...}; never raises.

    `display` names the X display to ask (default: $DISPLAY).
    """
    x_display = display or os.environ.get("DISPLAY")
    try:
        if sys.platform == "win32":
            found = _windows_foreground()
        elif x_display and (display or not os.environ.get("WAYLAND_DISPLAY")):
            found = _x11_foreground(x_display)
        else:
            return {"title": None, "why": "this platform does not tell programs which window is in front"}
    except Exception as exc:  # a claim is optional: never let it stop a capture
        return {"title": None, "why": f"the window system could not be asked ({type(exc).__name__})"}
    return _claim(found)


def _claim(found: tuple[str, str, str] | None) -> dict[str, Any]:
    if found is None:
        return {"title": None, "why": "no window with a title was in front"}
    title, app, source = found
    return {"title": title, "app": app, "source": source, "note": _NOTE}


# ----- X11 through libX11 (ctypes, see xlib.py) ----------------------------------------------------------

def foreground_window_on(dpy: int) -> dict[str, Any]:
    """The claim, asked over an open X connection (the capture backend's own); never raises."""
    try:
        with xlib.trap_errors(dpy):  # a window that vanishes meanwhile must not end the process
            found = _x11_lookup(dpy)
    except Exception as exc:
        return {"title": None, "why": f"the window system could not be asked ({type(exc).__name__})"}
    return _claim(found)


def _x11_foreground(display: str) -> tuple[str, str, str] | None:
    lib = xlib.x11()
    dpy = lib.XOpenDisplay(display.encode())
    if not dpy:
        return None
    try:
        with xlib.trap_errors(dpy):
            return _x11_lookup(dpy)
    finally:
        lib.XCloseDisplay(dpy)


def _property(dpy: int, window: int, atom: int) -> tuple[int, int, bytes]:
    """(type atom, format, raw bytes) of a window property; (0, 0, b"") if absent."""
    lib = xlib.x11()
    actual_type, actual_format = ctypes.c_ulong(), ctypes.c_int()
    count, after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
    status = lib.XGetWindowProperty(dpy, window, atom, 0, 4096, 0, 0, ctypes.byref(actual_type),
                                    ctypes.byref(actual_format), ctypes.byref(count), ctypes.byref(after),
                                    ctypes.byref(data))
    if status != 0 or not data.value:
        return 0, 0, b""
    try:
        unit = {8: 1, 16: ctypes.sizeof(ctypes.c_short), 32: ctypes.sizeof(ctypes.c_long)}.get(actual_format.value, 1)
        return actual_type.value, actual_format.value, ctypes.string_at(data.value, count.value * unit)
    finally:
        lib.XFree(data)


def _x11_lookup(dpy: int) -> tuple[str, str, str] | None:
    lib = xlib.x11()

    def atom(name: str) -> int:
        return int(lib.XInternAtom(dpy, name.encode(), 0))

    root = lib.XDefaultRootWindow(dpy)
    _, fmt, raw = _property(dpy, root, atom("_NET_ACTIVE_WINDOW"))
    window, source = 0, ""
    if fmt == 32 and raw:
        window = ctypes.c_ulong.from_buffer_copy(raw[:ctypes.sizeof(ctypes.c_ulong)]).value
        source = "X11 _NET_ACTIVE_WINDOW"
    if window == 0:
        focus, revert = ctypes.c_ulong(), ctypes.c_int()
        lib.XGetInputFocus(dpy, ctypes.byref(focus), ctypes.byref(revert))
        window, source = (focus.value, "X11 input focus") if focus.value > 1 else (0, "")  # 0 None, 1 PointerRoot
    net_name, utf8 = atom("_NET_WM_NAME"), atom("UTF8_STRING")
    for _ in range(16):  # walk up from a focused child window to the titled top-level window
        if window in (0, root):
            return None
        _, _, raw = _property(dpy, window, net_name)
        title = raw.decode("utf-8", "replace") if raw else ""
        if not title:
            kind, _, raw = _property(dpy, window, 39)  # WM_NAME
            title = raw.decode("utf-8" if kind == utf8 else "latin-1", "replace")
        if title:
            _, _, wm_class = _property(dpy, window, 67)  # WM_CLASS: "instance\0Class\0"
            parts = [p for p in wm_class.decode("latin-1", "replace").split("\0") if p]
            return title, parts[-1] if parts else "", source
        window = _x11_parent(dpy, window)
    return None


def _x11_parent(dpy: int, window: int) -> int:
    lib = xlib.x11()
    root, parent = ctypes.c_ulong(), ctypes.c_ulong()
    children, count = ctypes.c_void_p(), ctypes.c_uint()
    if not lib.XQueryTree(dpy, window, ctypes.byref(root), ctypes.byref(parent), ctypes.byref(children),
                          ctypes.byref(count)):
        return 0
    if children.value:
        lib.XFree(children)
    return parent.value


# ----- Windows -----------------------------------------------------------------------------------------

def _windows_foreground() -> tuple[str, str, str] | None:
    user32 = ctypes.WinDLL("user32")  # type: ignore[attr-defined]
    window = user32.GetForegroundWindow()
    if not window:
        return None
    length = user32.GetWindowTextLengthW(window)
    buffer = ctypes.create_unicode_buffer(length + 1)
    user32.GetWindowTextW(window, buffer, length + 1)
    class_name = ctypes.create_unicode_buffer(256)
    user32.GetClassNameW(window, class_name, 256)
    return (buffer.value, class_name.value, "Windows GetForegroundWindow") if buffer.value else None
