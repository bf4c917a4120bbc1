"""Lossless PNG of exactly the grabbed pixels (8-bit RGB, no filters, no gamma or colour chunks).

Nothing is added that could change how the pixels decode: the PNG holds the grabbed values, so a
decoder gives back exactly what was on screen. Level 2 is the default: every level is lossless, and
with zlib-ng (see deflate_bands.py) level 2 is as fast as its level 1 and about a third smaller.
Screen pixels (BGRx) are reordered to RGB in bands of rows, each band written straight as PNG
scanlines (a 0 "no filter" byte before each row; by pixman outside the GIL where possible, see
pixman.py), and the bands are compressed on several threads as one zlib stream (see deflate_bands.py).
"""

from __future__ import annotations

import ctypes
import struct
import zlib
from typing import Any

from evidencekit.capture import pixman
from evidencekit.capture.deflate_bands import compress_bands

BytesLike = bytes | bytearray | memoryview
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
DEFAULT_LEVEL = 2
BAND_ROWS = 64  # rows per band: small enough to stay in cache and to hold the GIL under a millisecond


def _chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def _png(width: int, height: int, idat_pieces: list[bytes]) -> bytes:
    header = struct.pack(">2I5B", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, deflate, no filter, no interlace
    length = sum(len(piece) for piece in idat_pieces)
    crc = zlib.crc32(b"IDAT")
    for piece in idat_pieces:
        crc = zlib.crc32(piece, crc)
    return b"".join([PNG_SIGNATURE, _chunk(b"IHDR", header), struct.pack(">I", length), b"IDAT", *idat_pieces,
                     struct.pack(">I", crc), _chunk(b"IEND", b"")])


def _bands(height: int) -> list[tuple[int, int]]:
    return [(first, min(height, first + BAND_ROWS)) for first in range(0, height, BAND_ROWS)]


def _scanlines(rgb: bytes | bytearray, rows: int, line: int) -> bytes:
    """`rows` rows of RGB as PNG scanlines: each row preceded by filter type 0 (None)."""
    view = memoryview(rgb)
    return b"\x00".join([b"", *[view[row * line:(row + 1) * line] for row in range(rows)]])


def encode_rgb_png(rgb: BytesLike, width: int, height: int, level: int = DEFAULT_LEVEL, *,
                   workers: int | None = None) -> bytes:
    """PNG bytes of `rgb` (width*height*3 bytes, rows top to bottom)."""
    line = width * 3
    source = memoryview(rgb).cast("B")
    if width <= 0 or height <= 0 or source.nbytes != line * height:
        raise ValueError(f"{source.nbytes} bytes are not {width}x{height} RGB pixels")
    bands = _bands(height)
    scanlines = (_scanlines(source[first * line:last * line].tobytes(), last - first, line) for first, last in bands)
    return _png(width, height, compress_bands(scanlines, len(bands), level, workers))


def encode_bgrx_png(bgrx: BytesLike | ctypes.Array[Any], width: int, height: int, level: int = DEFAULT_LEVEL, *,
                    stride: int | None = None, workers: int | None = None) -> bytes:
    """PNG bytes of screen pixels: 4 bytes each (blue, green, red, unused), rows `stride` bytes apart.

    Pixels in memory we can point at (a ctypes array, a bytearray) are reordered by pixman without the
    GIL when it is installed; anything else (bytes) by Python slicing.
    """
    row_bytes = width * 4
    stride = row_bytes if stride is None else stride
    source = memoryview(bgrx).cast("B")
    if width <= 0 or height <= 0 or stride < row_bytes or stride % 4 or \
            source.nbytes < stride * (height - 1) + row_bytes:
        raise ValueError(f"{source.nbytes} bytes are not {width}x{height} BGRx pixels {stride} bytes a row")
    bands = _bands(height)
    pinned = _pin(bgrx) if pixman.library() is not None else None
    if pinned is not None:
        address = ctypes.addressof(pinned)
        scanlines = (_pixman_scanlines(address, stride, width, first, last) for first, last in bands)
    else:
        scanlines = (_bgrx_scanlines(source, width, first, last, stride) for first, last in bands)
    png = _png(width, height, compress_bands(scanlines, len(bands), level, workers))
    del pinned  # the source may be resized again
    return png


def _pin(buffer: object) -> ctypes.Array[Any] | None:
    """A ctypes view whose address is the pixels' address, or None for read-only memory (bytes)."""
    if isinstance(buffer, ctypes.Array):
        return buffer
    try:
        view = memoryview(buffer)  # type: ignore[arg-type]
        if view.readonly or not view.c_contiguous:
            return None
        return (ctypes.c_char * view.nbytes).from_buffer(view)
    except (TypeError, ValueError):
        return None


def _pixman_scanlines(address: int, stride: int, width: int, first: int, last: int) -> bytes:
    rows, line = last - first, width * 3
    out, out_stride = pixman.rgb_rows(address + first * stride, stride, width, rows)
    view = memoryview(out).cast("B")
    # The leading empty piece puts the first row's filter byte in the one join: `b"\x00" + join` copied
    # every band a second time (368 KiB at 1080p, 6 MiB a capture).
    return b"\x00".join([b"", *[view[row * out_stride:row * out_stride + line] for row in range(rows)]])


def _bgrx_scanlines(source: memoryview, width: int, first: int, last: int, stride: int) -> bytes:
    """Rows first..last-1 of BGRx pixels as RGB PNG scanlines (Python reordering, holds the GIL)."""
    row_bytes = width * 4
    if stride == row_bytes:
        band = source[first * stride:last * stride].tobytes()  # strided reads of bytes are ~3x faster
    else:
        band = b"".join([source[row * stride:row * stride + row_bytes] for row in range(first, last)])
    return _scanlines(_bgrx_to_rgb(band, (last - first) * width), last - first, width * 3)


def _bgrx_to_rgb(band: bytes, pixels: int) -> bytearray:
    rgb = bytearray(pixels * 3)
    rgb[0::3] = band[2::4]
    rgb[1::3] = band[1::4]
    rgb[2::3] = band[0::4]
    return rgb


def bgra_to_rgb(bgra: BytesLike, width: int, height: int) -> bytes:
    """Drop the (meaningless) fourth byte of BGRx screen pixels and reorder to RGB (whole picture)."""
    source = memoryview(bgra).cast("B")
    if source.nbytes != width * height * 4:
        raise ValueError(f"{source.nbytes} bytes are not {width}x{height} BGRx pixels")
    rgb = bytearray()
    for first, last in _bands(height):
        rgb += _bgrx_to_rgb(source[first * width * 4:last * width * 4].tobytes(), (last - first) * width)
    return bytes(rgb)


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk."""
    if png[:8] != PNG_SIGNATURE or png[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    width, height = struct.unpack(">2I", png[16:24])
    return int(width), int(height)
