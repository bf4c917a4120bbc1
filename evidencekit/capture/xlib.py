"""The few libX11 / XShm / RandR calls evidencekit needs, through ctypes (no compiler, no extra package).

Libraries are opened by their soname first: a plain dlopen. `ctypes.util.find_library` is only the
fallback, because it runs `ldconfig -p` (and on some systems gcc) in subprocesses, about 12 ms per
command start. Xlib's default error handler ends the process, so every call that can fail on the server
runs inside `trap_errors()`, which records the error instead.
"""

from __future__ import annotations

import ctypes
import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

vp, ul, i, ui = ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_uint
ALL_PLANES = 0xFFFFFFFF
Z_PIXMAP = 2
LSB_FIRST = 0
IPC_PRIVATE, IPC_CREAT, IPC_RMID = 0, 0o1000, 0


def load_library(soname: str, name: str) -> ctypes.CDLL:
    """`soname` (e.g. "libX11.so.6"), else whatever find_library(`name`) finds; OSError if neither."""
    try:
        return ctypes.CDLL(soname)
    except OSError:
        pass
    from ctypes.util import find_library  # slow (subprocesses): only when the soname is not there

    path = find_library(name)
    if not path:
        raise OSError(f"lib{name} is not installed")
    return ctypes.CDLL(path)


class XImage(ctypes.Structure):
    """The start of Xlib's XImage (the fields read here; the rest is never touched)."""

    _fields_ = [("width", i), ("height", i), ("xoffset", i), ("format", i), ("data", vp), ("byte_order", i),
                ("bitmap_unit", i), ("bitmap_bit_order", i), ("bitmap_pad", i), ("depth", i),
                ("bytes_per_line", i), ("bits_per_pixel", i), ("red_mask", ul), ("green_mask", ul),
                ("blue_mask", ul)]


class ShmSegmentInfo(ctypes.Structure):
    _fields_ = [("shmseg", ul), ("shmid", i), ("shmaddr", vp), ("readOnly", i)]


class RRMonitorInfo(ctypes.Structure):
    _fields_ = [("name", ul), ("primary", i), ("automatic", i), ("noutput", i), ("x", i), ("y", i),
                ("width", i), ("height", i), ("mwidth", i), ("mheight", i), ("outputs", ctypes.POINTER(ul))]


def _declare(lib: ctypes.CDLL, table: list[tuple[str, Any, list[Any]]]) -> ctypes.CDLL:
    for name, restype, argtypes in table:
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes
    return lib


@functools.cache
def x11() -> ctypes.CDLL:
    """libX11 with prototypes for the calls used by the backend and the window-title claim."""
    return _declare(load_library("libX11.so.6", "X11"), [
        ("XOpenDisplay", vp, [ctypes.c_char_p]),
        ("XCloseDisplay", i, [vp]),
        ("XDefaultScreen", i, [vp]),
        ("XDefaultRootWindow", ul, [vp]),
        ("XDefaultVisual", vp, [vp, i]),
        ("XDefaultDepth", i, [vp, i]),
        ("XDisplayWidth", i, [vp, i]),
        ("XDisplayHeight", i, [vp, i]),
        ("XServerVendor", ctypes.c_char_p, [vp]),
        ("XVendorRelease", i, [vp]),
        ("XGetImage", ctypes.POINTER(XImage), [vp, ul, i, i, ui, ui, ul, i]),
        ("XDestroyImage", i, [ctypes.POINTER(XImage)]),
        ("XSync", i, [vp, i]),
        ("XSetErrorHandler", vp, [vp]),
        ("XInternAtom", ul, [vp, ctypes.c_char_p, i]),
        ("XGetAtomName", vp, [vp, ul]),
        ("XGetWindowProperty", i, [vp, ul, ul, ctypes.c_long, ctypes.c_long, i, ul, ctypes.POINTER(ul),
                                   ctypes.POINTER(i), ctypes.POINTER(ul), ctypes.POINTER(ul),
                                   ctypes.POINTER(vp)]),
        ("XGetInputFocus", i, [vp, ctypes.POINTER(ul), ctypes.POINTER(i)]),
        ("XQueryTree", i, [vp, ul, ctypes.POINTER(ul), ctypes.POINTER(ul), ctypes.POINTER(vp),
                           ctypes.POINTER(ui)]),
        ("XFree", i, [vp]),
    ])


@functools.cache
def xshm() -> ctypes.CDLL:
    """The MIT-SHM calls of libXext: the server copies the screen straight into our memory."""
    return _declare(load_library("libXext.so.6", "Xext"), [
        ("XShmQueryExtension", i, [vp]),
        ("XShmCreateImage", ctypes.POINTER(XImage), [vp, vp, ui, i, vp, ctypes.POINTER(ShmSegmentInfo), ui, ui]),
        ("XShmAttach", i, [vp, ctypes.POINTER(ShmSegmentInfo)]),
        ("XShmDetach", i, [vp, ctypes.POINTER(ShmSegmentInfo)]),
        ("XShmGetImage", i, [vp, ul, ctypes.POINTER(XImage), i, i, ul]),
    ])


@functools.cache
def xrandr() -> ctypes.CDLL:
    """RandR 1.5 monitors: what desktops call screens (one per physical display, or as configured)."""
    return _declare(load_library("libXrandr.so.2", "Xrandr"), [
        ("XRRQueryVersion", i, [vp, ctypes.POINTER(i), ctypes.POINTER(i)]),
        ("XRRGetMonitors", ctypes.POINTER(RRMonitorInfo), [vp, ul, i, ctypes.POINTER(i)]),
        ("XRRFreeMonitors", None, [ctypes.POINTER(RRMonitorInfo)]),
    ])


MADV_POPULATE_READ = 22  # Linux 5.14+: map a range's pages now, in one call instead of a fault per page


@functools.cache
def libc() -> ctypes.CDLL:
    """System V shared memory, for MIT-SHM; madvise, to map the grabbed pages in one go."""
    return _declare(load_library("libc.so.6", "c"), [
        ("shmget", i, [i, ctypes.c_size_t, i]),
        ("shmat", vp, [i, vp, i]),
        ("shmdt", i, [vp]),
        ("shmctl", i, [i, i, vp]),
        ("madvise", i, [vp, ctypes.c_size_t, i]),
    ])


# ----- errors ------------------------------------------------------------------------------------------

class _XErrorEvent(ctypes.Structure):
    _fields_ = [("type", i), ("display", vp), ("resourceid", ul), ("serial", ul), ("error_code", ctypes.c_ubyte),
                ("request_code", ctypes.c_ubyte), ("minor_code", ctypes.c_ubyte)]


_HANDLER_TYPE = ctypes.CFUNCTYPE(i, vp, ctypes.POINTER(_XErrorEvent))
_trap_lock = threading.RLock()  # the handler is process-wide: one trap at a time


class ErrorTrap:
    """The X errors seen while a `trap_errors()` block ran (codes as in X.h, e.g. 10 BadAccess)."""

    def __init__(self) -> None:
        self.codes: list[int] = []

    @property
    def failed(self) -> bool:
        return bool(self.codes)


_current: list[ErrorTrap] = []


def _record(_display: int | None, event: Any) -> int:
    if _current:
        _current[-1].codes.append(int(event.contents.error_code))
    return 0


_handler = _HANDLER_TYPE(_record)  # kept alive for as long as the module is loaded


@contextmanager
def trap_errors(display: int) -> Iterator[ErrorTrap]:
    """Record X errors instead of exiting; waits (XSync) for the server's answer to every request first."""
    lib = x11()
    with _trap_lock:
        trap = ErrorTrap()
        _current.append(trap)
        previous = lib.XSetErrorHandler(ctypes.cast(_handler, vp))
        try:
            yield trap
        finally:
            lib.XSync(display, 0)
            lib.XSetErrorHandler(previous)
            _current.pop()


def atom_name(display: int, atom: int) -> str:
    """The text of an atom ("" for None)."""
    if not atom:
        return ""
    lib = x11()
    pointer = lib.XGetAtomName(display, atom)
    if not pointer:
        return ""
    try:
        return (ctypes.string_at(pointer) or b"").decode("utf-8", "replace")
    finally:
        lib.XFree(pointer)
