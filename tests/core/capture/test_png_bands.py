"""The multi-threaded PNG encoder writes one valid zlib stream that decodes to exactly the given pixels."""

from __future__ import annotations

import ctypes
import io
import os
import random
import shutil
import struct
import subprocess
import sys
import threading
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from evidencekit.capture import pixman, synthetic_desktop_png
from evidencekit.capture.deflate_bands import adler32_combine, compress_bands, zlib_header, zlib_module
from evidencekit.capture.png import BAND_ROWS, DEFAULT_LEVEL, bgra_to_rgb, encode_bgrx_png, encode_rgb_png


def expected_rgb(bgrx: bytes, width: int, height: int, stride: int) -> bytes:
    """The reference conversion, pixel by pixel (slow and obvious)."""
    out = bytearray()
    for row in range(height):
        for column in range(width):
            blue, green, red = bgrx[row * stride + column * 4:row * stride + column * 4 + 3]
            out += bytes([red, green, blue])
    return bytes(out)


def idat(png: bytes) -> bytes:
    """The concatenated IDAT payload, checking every chunk's CRC on the way."""
    offset, data = 8, b""
    while offset < len(png):
        length, kind = struct.unpack(">I4s", png[offset:offset + 8])
        payload = png[offset + 8:offset + 8 + length]
        assert struct.unpack(">I", png[offset + 8 + length:offset + 12 + length])[0] == zlib.crc32(kind + payload)
        if kind == b"IDAT":
            data += payload
        offset += 12 + length
    return data


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000), st.binary(max_size=3000), st.integers(0, 200_000))
def test_adler32_combine_equals_the_checksum_of_the_concatenation(first, second, padding):
    second = second + bytes([0xFF]) * padding  # lengths beyond 65521 exercise the modular arithmetic
    assert adler32_combine(zlib.adler32(first), zlib.adler32(second), len(second)) == zlib.adler32(first + second)


@pytest.mark.parametrize("level", range(10))
def test_zlib_header_is_what_zlib_writes(level):
    assert zlib_header(level) == zlib.compress(b"abc", level)[:2]


@pytest.mark.parametrize("workers", [0, 1, 3])
@pytest.mark.parametrize("count", [1, 2, 7])
def test_bands_make_one_stream_of_their_concatenation(workers, count):
    bands = [os.urandom(5000) + bytes(20000) + bytes([index]) * 3 for index in range(count)]
    stream = b"".join(compress_bands(iter(bands), count, 1, workers))
    decompressor = zlib.decompressobj()
    assert decompressor.decompress(stream) == b"".join(bands)
    assert decompressor.eof and decompressor.unused_data == b""  # one stream, properly finished


def test_empty_bands_are_fine():
    assert zlib.decompress(b"".join(compress_bands(iter([b"", b"x", b""]), 3, 1))) == b"x"


def test_a_wrong_band_count_is_refused():
    with pytest.raises(ValueError, match="2 bands given, 3 announced"):
        compress_bands(iter([b"a", b"b"]), 3, 1)
    with pytest.raises(ValueError, match="more than the 1 bands"):
        compress_bands(iter([b"a", b"b"]), 1, 1)


def test_a_failing_band_source_stops_every_thread():
    def failing():
        yield b"a" * 1000
        raise RuntimeError("source broke")

    with pytest.raises(RuntimeError, match="source broke"):
        compress_bands(failing(), 4, 1, workers=2)
    assert not [t for t in threading.enumerate() if t.name == "png-deflate"]


EDGE_SIZES = [(1, 1), (1, 5), (7, 1), (3, 2), (33, BAND_ROWS - 1), (17, BAND_ROWS), (5, BAND_ROWS + 1),
              (13, 2 * BAND_ROWS + 3), (641, 3)]


@pytest.mark.parametrize(("width", "height"), EDGE_SIZES)
@pytest.mark.parametrize("padding", [0, 12])
def test_screen_pixels_decode_to_exactly_the_grab(width, height, padding):
    stride = width * 4 + padding
    bgrx = os.urandom(stride * height)
    png = encode_bgrx_png(bgrx, width, height, stride=stride)
    rgb = expected_rgb(bgrx, width, height, stride)
    with Image.open(io.BytesIO(png)) as image:
        assert (image.mode, image.size) == ("RGB", (width, height))
        assert image.tobytes() == rgb
    scanlines = b"".join(b"\x00" + rgb[row * width * 3:(row + 1) * width * 3] for row in range(height))
    assert zlib.decompress(idat(png)) == scanlines


@pytest.mark.skipif(not shutil.which("convert"), reason="ImageMagick is not installed")
@pytest.mark.parametrize(("width", "height"), [(1, 1), (641, 3), (97, 2 * BAND_ROWS + 1)])
def test_imagemagick_decodes_the_same_pixels(width, height):
    bgrx = os.urandom(width * height * 4)
    png = encode_bgrx_png(bgrx, width, height)
    decoded = subprocess.run(["convert", "png:-", "-depth", "8", "rgb:-"], input=png, capture_output=True,
                             check=True).stdout
    assert decoded == expected_rgb(bgrx, width, height, width * 4)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 90), st.integers(1, 3 * BAND_ROWS), st.integers(0, 9), st.integers(0, 3), st.integers(0, 2**32))
def test_rgb_and_screen_encoders_agree_with_pillow(width, height, level, workers, seed):
    bgrx = random.Random(seed).randbytes(width * height * 4)  # large pictures: too much for hypothesis' own bytes
    rgb = bgra_to_rgb(bgrx, width, height)
    assert rgb == expected_rgb(bgrx, width, height, width * 4)
    for png in (encode_bgrx_png(bgrx, width, height, level, workers=workers),
                encode_rgb_png(rgb, width, height, level, workers=workers)):
        with Image.open(io.BytesIO(png)) as image:
            assert image.tobytes() == rgb


@pytest.mark.parametrize("variant", ["chat", "wall"])
def test_bands_cost_almost_nothing_in_size(variant):
    """On a chat-like desktop, within 1% of one single-thread call of the same deflate at the same level,
    and within 5% of Python's zlib at level 1 (what captures used before zlib-ng)."""
    with Image.open(io.BytesIO(synthetic_desktop_png(variant=variant))) as image:
        rgb = image.convert("RGB").tobytes()
        width, height = image.size
    line = width * 3
    scanlines = b"".join(b"\x00" + rgb[row * line:(row + 1) * line] for row in range(height))
    banded = len(idat(encode_rgb_png(rgb, width, height)))
    assert banded <= len(zlib_module.compress(scanlines, DEFAULT_LEVEL)) * 1.01
    assert banded <= len(zlib.compress(scanlines, 1)) * 1.05


def test_impossible_shapes_are_programming_errors():
    with pytest.raises(ValueError, match="not 2x2 BGRx"):
        encode_bgrx_png(b"\x00" * 15, 2, 2)
    with pytest.raises(ValueError, match="not 0x1"):
        encode_bgrx_png(b"", 0, 1)
    with pytest.raises(ValueError, match="7 bytes a row"):
        encode_bgrx_png(b"\x00" * 16, 2, 2, stride=7)  # rows would overlap
    with pytest.raises(ValueError, match="between 0 and 9"):
        encode_rgb_png(b"\x00" * 3, 1, 1, 10)


@pytest.mark.skipif(pixman.library() is None, reason="libpixman-1.so.0 is not installed")
@pytest.mark.parametrize(("width", "height"), [*EDGE_SIZES, (1921, 2 * BAND_ROWS + 7)])
@pytest.mark.parametrize("padding", [0, 12])
def test_pixman_and_python_reordering_give_the_same_png(width, height, padding, monkeypatch):
    stride = width * 4 + padding
    bgrx = bytearray(os.urandom(stride * height))  # writable: pixman reads it in place
    pixels = (ctypes.c_ubyte * len(bgrx)).from_buffer_copy(bgrx)  # as the X11 backend hands it over
    calls = []
    real = pixman.rgb_rows
    monkeypatch.setattr(pixman, "rgb_rows", lambda *args: calls.append(args) or real(*args))
    with_pixman = encode_bgrx_png(bgrx, width, height, stride=stride)
    assert len(calls) == -(-height // BAND_ROWS)  # pixman reordered every band
    assert encode_bgrx_png(pixels, width, height, stride=stride) == with_pixman
    monkeypatch.setattr(pixman, "library", lambda: None)  # as on a system without libpixman
    assert encode_bgrx_png(bgrx, width, height, stride=stride) == with_pixman
    with Image.open(io.BytesIO(with_pixman)) as image:
        assert image.tobytes() == expected_rgb(bytes(bgrx), width, height, stride)


def test_read_only_pixels_use_the_python_reordering(monkeypatch):
    def no_pixman(*_args):
        raise AssertionError("bytes cannot be pointed at: pixman must not be used")

    monkeypatch.setattr(pixman, "rgb_rows", no_pixman)
    bgrx = os.urandom(7 * 3 * 4)
    with Image.open(io.BytesIO(encode_bgrx_png(bgrx, 7, 3))) as image:
        assert image.tobytes() == expected_rgb(bgrx, 7, 3, 28)


def test_a_stride_that_is_not_whole_pixels_is_refused():
    with pytest.raises(ValueError, match="10 bytes a row"):
        encode_bgrx_png(bytearray(40), 2, 2, stride=10)


def test_without_zlib_ng_pythons_zlib_writes_the_same_pixels():
    """A platform without zlib-ng's wheel falls back to Python's zlib, says so, and the pixels are the same."""
    code = (
        "import os, sys, zlib\n"
        "sys.modules['zlib_ng'] = None  # as if it were not installed\n"
        "from evidencekit.capture.deflate_bands import DEFLATE, zlib_module\n"
        "from evidencekit.capture.png import encode_bgrx_png\n"
        "bgrx = bytes(range(256)) * 300\n"
        "png = encode_bgrx_png(bgrx, 100, 192)\n"
        "print(DEFLATE == 'zlib ' + zlib.ZLIB_RUNTIME_VERSION, zlib_module is zlib, png.hex())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    named, uses_zlib, png_hex = result.stdout.split()
    assert (named, uses_zlib) == ("True", "True")
    bgrx = bytes(range(256)) * 300
    with Image.open(io.BytesIO(bytes.fromhex(png_hex))) as image:
        assert image.tobytes() == expected_rgb(bgrx, 100, 192, 400)
        assert image.tobytes() == Image.open(io.BytesIO(encode_bgrx_png(bgrx, 100, 192))).tobytes()
