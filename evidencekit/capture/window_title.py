"""The foreground window's title at capture time, recorded as a *claim* (what the window system said).

X11: _NET_ACTIVE_WINDOW (set by window managers), else the window with the input focus, walking up to
the first ancestor that has a title. Windows: GetForegroundWindow. Elsewhere (macOS, Wayland) nothing
is recorded and the record says why. A title can be set by any program, hence "claim".
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import sys
from typing import Any

_NOTE = "as reported by the window system at capture time; any program can set its window title"
_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)


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
    if found is None:
        return {"title": None, "why": "no window with a title was in front"}
    title, app, source = found
    return {"title": title, "app": app, "source": source, "note": _NOTE}


# ----- X11 through libX11 (ctypes) ---------------------------------------------------------------------

class _X11:
    """The few Xlib calls needed, with an error handler so a vanished window cannot kill the process."""

    def __init__(self) -> None:
        try:
            lib = ctypes.CDLL("libX11.so.6")  # the soname on every current Linux and BSD
        except OSError:
            path = ctypes.util.find_library("X11")  # slow: runs ldconfig, so only as a fallback
            if not path:
                raise OSError("libX11 is not installed") from None
            lib = ctypes.CDLL(path)
        vp, ul, i = ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int
        for name, restype, argtypes in [
            ("XOpenDisplay", vp, [ctypes.c_char_p]),
            ("XCloseDisplay", i, [vp]),
            ("XDefaultRootWindow", ul, [vp]),
            ("XInternAtom", ul, [vp, ctypes.c_char_p, i]),
            ("XGetWindowProperty", i, [vp, ul, ul, ctypes.c_long, ctypes.c_long, i, ul, ctypes.POINTER(ul),
                                       ctypes.POINTER(i), ctypes.POINTER(ul), ctypes.POINTER(ul),
                                       ctypes.POINTER(ctypes.c_void_p)]),
            ("XGetInputFocus", i, [vp, ctypes.POINTER(ul), ctypes.POINTER(i)]),
            ("XQueryTree", i, [vp, ul, ctypes.POINTER(ul), ctypes.POINTER(ul),
                               ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_uint)]),
            ("XFree", i, [vp]),
            ("XSetErrorHandler", vp, [vp]),
        ]:
            function = getattr(lib, name)
            function.restype = restype
            function.argtypes = argtypes
        self.lib = lib

    def property(self, dpy: int, window: int, atom: int) -> tuple[int, int, bytes]:
        """(type atom, format, raw bytes) of a window property; (0, 0, b"") if absent."""
        actual_type, actual_format = ctypes.c_ulong(), ctypes.c_int()
        count, after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
        status = self.lib.XGetWindowProperty(dpy, window, atom, 0, 4096, 0, 0, ctypes.byref(actual_type),
                                             ctypes.byref(actual_format), ctypes.byref(count),
                                             ctypes.byref(after), ctypes.byref(data))
        if status != 0 or not data.value:
            return 0, 0, b""
        try:
            unit = {8: 1, 16: ctypes.sizeof(ctypes.c_short), 32: ctypes.sizeof(ctypes.c_long)}.get(
                actual_format.value, 1)
            return actual_type.value, actual_format.value, ctypes.string_at(data.value, count.value * unit)
        finally:
            self.lib.XFree(data)


@functools.cache
def _x11() -> _X11:
    return _X11()


def _x11_foreground(display: str) -> tuple[str, str, str] | None:
    x11 = _x11()
    ignore_errors = _ERROR_HANDLER(lambda _dpy, _event: 0)
    previous = x11.lib.XSetErrorHandler(ctypes.cast(ignore_errors, ctypes.c_void_p))
    dpy = x11.lib.XOpenDisplay(display.encode())
    try:
        if not dpy:
            return None
        return _x11_lookup(x11, dpy)
    finally:
        if dpy:
            x11.lib.XCloseDisplay(dpy)
        x11.lib.XSetErrorHandler(previous)


def _x11_lookup(x11: _X11, dpy: int) -> tuple[str, str, str] | None:
    def atom(name: str) -> int:
        return int(x11.lib.XInternAtom(dpy, name.encode(), 0))

    root = x11.lib.XDefaultRootWindow(dpy)
    _, fmt, raw = x11.property(dpy, root, atom("_NET_ACTIVE_WINDOW"))
    window, source = 0, ""
    if fmt == 32 and raw:
        window = ctypes.c_ulong.from_buffer_copy(raw[:ctypes.sizeof(ctypes.c_ulong)]).value
        source = "X11 _NET_ACTIVE_WINDOW"
    if window == 0:
        focus, revert = ctypes.c_ulong(), ctypes.c_int()
        x11.lib.XGetInputFocus(dpy, ctypes.byref(focus), ctypes.byref(revert))
        window, source = (focus.value, "X11 input focus") if focus.value > 1 else (0, "")  # 0 None, 1 PointerRoot
    net_name, utf8 = atom("_NET_WM_NAME"), atom("UTF8_STRING")
    for _ in range(16):  # walk up from a focused child window to the titled top-level window
        if window in (0, root):
            return None
        _, _, raw = x11.property(dpy, window, net_name)
        title = raw.decode("utf-8", "replace") if raw else ""
        if not title:
            kind, _, raw = x11.property(dpy, window, 39)  # WM_NAME
            title = raw.decode("utf-8" if kind == utf8 else "latin-1", "replace")
        if title:
            _, _, wm_class = x11.property(dpy, window, 67)  # WM_CLASS: "instance\0Class\0"
            parts = [p for p in wm_class.decode("latin-1", "replace").split("\0") if p]
            return title, parts[-1] if parts else "", source
        window = _x11_parent(x11, dpy, window)
    return None


def _x11_parent(x11: _X11, dpy: int, window: int) -> int:
    root, parent = ctypes.c_ulong(), ctypes.c_ulong()
    children, count = ctypes.c_void_p(), ctypes.c_uint()
    if not x11.lib.XQueryTree(dpy, window, ctypes.byref(root), ctypes.byref(parent), ctypes.byref(children),
                              ctypes.byref(count)):
        return 0
    if children.value:
        x11.lib.XFree(children)
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
