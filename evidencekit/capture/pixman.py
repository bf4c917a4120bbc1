"""BGRx → RGB through pixman (the X server's and cairo's pixel library) without holding the GIL.

Reordering pixels in Python holds the GIL (about 6 ms at 1080p), which stalls whatever else the process
is doing: the GUI's event loop, or the CLI loading the case store while the screen is encoded. pixman
does the same copy in C, from x8r8g8b8 (blue in the lowest byte) to b8g8r8 (red first in memory), and
ctypes releases the GIL around the call. It is an exact copy of 8-bit channels (operator SRC, no
blending); tests compare it with the Python reordering byte for byte. Where libpixman-1.so.0 is
missing (it is on every X11 desktop) the Python reordering is used.
"""

from __future__ import annotations

import ctypes
import functools
import sys
from typing import Any

_OP_SRC = 1
_TYPE_ARGB, _TYPE_ABGR = 2, 3


def _format(bpp: int, kind: int, alpha: int, red: int, green: int, blue: int) -> int:
    return (bpp << 24) | (kind << 16) | (alpha << 12) | (red << 8) | (green << 4) | blue


X8R8G8B8 = _format(32, _TYPE_ARGB, 0, 8, 8, 8)
B8G8R8 = _format(24, _TYPE_ABGR, 0, 8, 8, 8)  # 24 bits, memory order R, G, B on little-endian machines


@functools.cache
def library() -> ctypes.CDLL | None:
    """libpixman by its soname only (no find_library subprocesses); None if it is not installed."""
    if ctypes.sizeof(ctypes.c_void_p) != 8 or not _little_endian():
        return None  # B8G8R8 means R, G, B in memory only on little-endian machines; the rest is untested
    try:
        lib = ctypes.CDLL("libpixman-1.so.0")
    except OSError:
        return None
    vp, i = ctypes.c_void_p, ctypes.c_int
    lib.pixman_image_create_bits.restype = vp
    lib.pixman_image_create_bits.argtypes = [i, i, i, vp, i]
    lib.pixman_image_composite32.restype = None
    composite_args: list[Any] = [i, vp, vp, vp, *[ctypes.c_int32] * 8]
    lib.pixman_image_composite32.argtypes = composite_args
    lib.pixman_image_unref.restype = i
    lib.pixman_image_unref.argtypes = [vp]
    return lib


def _little_endian() -> bool:
    return sys.byteorder == "little"


def rgb_rows(address: int, stride: int, width: int, rows: int) -> tuple[ctypes.Array[ctypes.c_char], int]:
    """`rows` rows of BGRx pixels at `address` (`stride` bytes apart) as RGB: (buffer, its row stride).

    Rows in the result are padded to a multiple of 4 bytes (pixman's rule); the caller slices them.
    """
    lib = library()
    if lib is None:
        raise OSError("libpixman is not available")
    out_stride = (width * 3 + 3) & ~3
    out = ctypes.create_string_buffer(out_stride * rows)
    source = lib.pixman_image_create_bits(X8R8G8B8, width, rows, address, stride)
    target = lib.pixman_image_create_bits(B8G8R8, width, rows, ctypes.addressof(out), out_stride)
    try:
        if not source or not target:
            raise OSError("pixman could not wrap the pixels")
        lib.pixman_image_composite32(_OP_SRC, source, None, target, 0, 0, 0, 0, 0, 0, width, rows)
    finally:
        if source:
            lib.pixman_image_unref(source)
        if target:
            lib.pixman_image_unref(target)
    return out, out_stride
