"""Screen capture on X11 through libX11 directly (ctypes): MIT-SHM XShmGetImage, else XGetImage.

Preferred over mss on X11 because a capture command is mostly start-up: this opens the display in about
1 ms where mss took about 20 ms (five find_library subprocess runs and its XCB bindings), and the grab
lands in shared memory that the PNG encoder reads in place. The grab is one request, so the server
copies the whole area at one instant. Only the common pixel format is read (32 bits per pixel, 8 bits
per colour, blue in the lowest byte); any other screen says so and capture falls back to mss.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any, ClassVar

from evidencekit.capture import xlib
from evidencekit.capture.backend import CaptureBackend, Grab, MonitorInfo, Target
from evidencekit.capture.png import DEFAULT_LEVEL, encode_bgrx_png
from evidencekit.capture.request import Rect
from evidencekit.capture.session import session_problem
from evidencekit.capture.window_title import foreground_window_on
from evidencekit.errors import CaptureUnavailable

_MASKS = (0xFF0000, 0xFF00, 0xFF)


class X11Backend(CaptureBackend):
    """X11 (Xorg, or XWayland only when asked for a display explicitly) via libX11, libXext and libXrandr."""

    name: ClassVar[str] = "x11"

    def __init__(self, *, png_level: int = DEFAULT_LEVEL, display: str | None = None,
                 use_shm: bool = True) -> None:
        self.png_level = png_level
        self._display_name = display
        self._use_shm = use_shm
        self._dpy: int | None = None
        self._shm: _SharedImage | None = None

    def _connection(self) -> int:
        if self._dpy is None:
            if not (sys.platform.startswith("linux") or "bsd" in sys.platform):
                raise CaptureUnavailable("This is not an X11 system.")
            problem = session_problem() if self._display_name is None else None
            if problem:
                raise CaptureUnavailable(problem)
            try:
                lib = xlib.x11()
            except OSError as exc:
                raise CaptureUnavailable(f"The X11 library cannot be loaded ({exc}).") from exc
            dpy = lib.XOpenDisplay(self._display_name.encode() if self._display_name else None)
            if not dpy:
                raise CaptureUnavailable(f"The screen cannot be opened for capture (X display "
                                         f"{self._display_name or 'from $DISPLAY'} does not answer).")
            self._dpy = int(dpy)
            problem = _format_problem(self._dpy)
            if problem:
                self.close()
                raise CaptureUnavailable(problem)
        return self._dpy

    def monitors(self) -> list[MonitorInfo]:
        dpy = self._connection()
        found = _randr_monitors(dpy)
        if found:
            return found
        lib = xlib.x11()
        screen = lib.XDefaultScreen(dpy)
        rect = Rect(0, 0, lib.XDisplayWidth(dpy, screen), lib.XDisplayHeight(dpy, screen))
        return [MonitorInfo(number=1, rect=rect, primary=True, name="")]

    def grab(self, target: Target) -> Grab:
        dpy = self._connection()
        rect = target.rect
        png: bytes | None = None
        if self._use_shm:
            try:
                png = self._grab_shm(dpy, rect)
            except _ShmUnavailable:
                self._use_shm = False  # e.g. a remote display: the server cannot see our memory
        if png is None:
            png = self._grab_plain(dpy, rect)
        method = "XShmGetImage" if self._use_shm else "XGetImage"
        return Grab(png=png, width=rect.width, height=rect.height, geometry=rect, scale="1",
                    method=f"X11 {method} (libX11 through ctypes)", png_level=self.png_level)

    def _grab_shm(self, dpy: int, rect: Rect) -> bytes:
        if self._shm is None or (self._shm.width, self._shm.height) != (rect.width, rect.height):
            if self._shm is not None:
                self._shm.close()
                self._shm = None
            self._shm = _SharedImage(dpy, rect.width, rect.height)
        image = self._shm.image
        with xlib.trap_errors(dpy) as trap:
            done = xlib.xshm().XShmGetImage(dpy, xlib.x11().XDefaultRootWindow(dpy), image, rect.left, rect.top,
                                            xlib.ALL_PLANES)
        if not done or trap.failed:
            raise CaptureUnavailable(f"The screen could not be read (X error {trap.codes or 'on XShmGetImage'}).")
        self._shm.map_pages()
        return _encode(image.contents, self.png_level)

    def _grab_plain(self, dpy: int, rect: Rect) -> bytes:
        lib = xlib.x11()
        with xlib.trap_errors(dpy) as trap:
            image = lib.XGetImage(dpy, lib.XDefaultRootWindow(dpy), rect.left, rect.top, rect.width, rect.height,
                                  xlib.ALL_PLANES, xlib.Z_PIXMAP)
        if not image or trap.failed:
            if image:
                lib.XDestroyImage(image)
            raise CaptureUnavailable(f"The screen could not be read (X error {trap.codes or 'on XGetImage'}).")
        try:
            return _encode(image.contents, self.png_level)
        finally:
            lib.XDestroyImage(image)

    def foreground_window(self) -> dict[str, Any]:
        try:
            dpy = self._connection()
        except CaptureUnavailable:
            return {"title": None, "why": "the window system could not be asked"}
        return foreground_window_on(dpy)

    def library_versions(self) -> dict[str, str]:
        if self._dpy is None:
            return {}
        lib = xlib.x11()
        vendor = (lib.XServerVendor(self._dpy) or b"").decode("utf-8", "replace")
        return {"x_server": f"{vendor} {lib.XVendorRelease(self._dpy)}".strip()}

    def close(self) -> None:
        if self._shm is not None:
            self._shm.close()
            self._shm = None
        if self._dpy is not None:
            xlib.x11().XCloseDisplay(self._dpy)
            self._dpy = None


class _ShmUnavailable(Exception):
    """MIT-SHM cannot be used with this display; plain XGetImage is used instead."""


class _SharedImage:
    """An XImage whose pixels live in a System V shared-memory segment the X server writes into.

    The segment is marked for removal as soon as both sides have attached it, so it disappears with
    this process even after a crash, and no other program can look it up by key.
    """

    def __init__(self, dpy: int, width: int, height: int) -> None:
        self.dpy = dpy
        self.width, self.height = width, height
        self.info = xlib.ShmSegmentInfo()
        self.attached = False
        try:
            shm, c = xlib.xshm(), xlib.libc()
        except OSError as exc:
            raise _ShmUnavailable() from exc
        lib = xlib.x11()
        if not shm.XShmQueryExtension(dpy):
            raise _ShmUnavailable()
        screen = lib.XDefaultScreen(dpy)
        image = shm.XShmCreateImage(dpy, lib.XDefaultVisual(dpy, screen), lib.XDefaultDepth(dpy, screen),
                                    xlib.Z_PIXMAP, None, ctypes.byref(self.info), width, height)
        if not image:
            raise _ShmUnavailable()
        self.image = image
        size = image.contents.bytes_per_line * height
        self.info.shmid = c.shmget(xlib.IPC_PRIVATE, size, xlib.IPC_CREAT | 0o600)
        if self.info.shmid < 0:
            self._free_image()
            raise _ShmUnavailable()
        address = c.shmat(self.info.shmid, None, 0)
        if address in (None, ctypes.c_void_p(-1).value):
            c.shmctl(self.info.shmid, xlib.IPC_RMID, None)
            self._free_image()
            raise _ShmUnavailable()
        self.info.shmaddr = address
        self.info.readOnly = 0
        image.contents.data = address
        with xlib.trap_errors(dpy) as trap:
            attached = shm.XShmAttach(dpy, ctypes.byref(self.info))
        c.shmctl(self.info.shmid, xlib.IPC_RMID, None)  # the server has it (or never will): drop the name
        if not attached or trap.failed:
            c.shmdt(address)
            self._free_image()
            raise _ShmUnavailable()
        self.attached = True
        self.size = size
        self.mapped = False

    def map_pages(self) -> None:
        """After the first grab, map the pixels the server wrote into our address space in one call.

        Otherwise the encoder's first read takes a page fault for every 4 KiB (about 2 ms at 1080p on a
        virtual machine, against 0.5 ms for the one call). Kernels before Linux 5.14 refuse the call,
        which changes nothing: the pages are then mapped one fault at a time, as before.
        """
        if not self.mapped:
            xlib.libc().madvise(self.info.shmaddr, self.size, xlib.MADV_POPULATE_READ)
            self.mapped = True

    def _free_image(self) -> None:
        self.image.contents.data = None  # the pixels are not Xlib's to free
        xlib.x11().XDestroyImage(self.image)

    def close(self) -> None:
        if self.attached:
            with xlib.trap_errors(self.dpy):
                xlib.xshm().XShmDetach(self.dpy, ctypes.byref(self.info))
            xlib.libc().shmdt(self.info.shmaddr)
            self._free_image()
            self.attached = False


def _encode(image: xlib.XImage, level: int) -> bytes:
    """PNG of an XImage's pixels, read in place."""
    if image.bits_per_pixel != 32 or image.byte_order != xlib.LSB_FIRST:
        raise CaptureUnavailable(f"The screen's pixels came as {image.bits_per_pixel} bits in an order the X11 "
                                 "capture method does not read.")
    size = image.bytes_per_line * image.height
    pixels = (ctypes.c_ubyte * size).from_address(image.data)
    return encode_bgrx_png(memoryview(pixels), image.width, image.height, level, stride=image.bytes_per_line)


def _format_problem(dpy: int) -> str | None:
    """Why this screen's pixel format cannot be read as 8-bit blue-green-red-unused, or None."""
    lib = xlib.x11()
    screen = lib.XDefaultScreen(dpy)
    depth = lib.XDefaultDepth(dpy, screen)
    visual = ctypes.cast(lib.XDefaultVisual(dpy, screen), ctypes.POINTER(_Visual)).contents
    masks = (visual.red_mask, visual.green_mask, visual.blue_mask)
    if depth != 24 or masks != _MASKS or sys.byteorder != "little":
        return (f"This screen's pixel format (depth {depth}, colour masks "
                f"{', '.join(hex(m) for m in masks)}) is not read by the X11 capture method.")
    return None


class _Visual(ctypes.Structure):
    _fields_ = [("ext_data", ctypes.c_void_p), ("visualid", ctypes.c_ulong), ("c_class", ctypes.c_int),
                ("red_mask", ctypes.c_ulong), ("green_mask", ctypes.c_ulong), ("blue_mask", ctypes.c_ulong)]


def _randr_monitors(dpy: int) -> list[MonitorInfo]:
    """RandR 1.5 monitors in the server's order, or [] when RandR 1.5 is not there."""
    try:
        randr = xlib.xrandr()
    except OSError:
        return []
    major, minor = ctypes.c_int(), ctypes.c_int()
    with xlib.trap_errors(dpy) as trap:
        known = randr.XRRQueryVersion(dpy, ctypes.byref(major), ctypes.byref(minor))
    if not known or trap.failed or (major.value, minor.value) < (1, 5):
        return []
    count = ctypes.c_int()
    with xlib.trap_errors(dpy) as trap:
        found = randr.XRRGetMonitors(dpy, xlib.x11().XDefaultRootWindow(dpy), 1, ctypes.byref(count))
    if not found or trap.failed:
        return []
    try:
        return [MonitorInfo(number=index + 1, rect=Rect(m.x, m.y, m.width, m.height), primary=bool(m.primary),
                            name=xlib.atom_name(dpy, m.name))
                for index, m in enumerate(found[:count.value])]
    finally:
        randr.XRRFreeMonitors(found)
