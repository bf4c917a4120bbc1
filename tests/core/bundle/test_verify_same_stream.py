"""verify proves a page picture that carries the original's own encoded pixels without decoding both
(evidencekit/bundle/verify_pixels.py), and takes that short cut only when it cannot change the verdict:
the stream must be byte for byte the original's, inflate to a whole picture of the stated size with valid
row filters, and nothing in the original may change how it is displayed. Every case here is also run
through the full pixel comparison: wherever the short cut says "same", the full comparison agrees."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from evidencekit.bundle.demo_screens import render_chat_png, synthetic_conversation
from evidencekit.bundle.page_image import png_passthrough
from evidencekit.bundle.verify_pixels import (
    PictureProblem,
    _compare,
    _decode_original,
    _decode_stream,
    _same_encoded_pixels,
    _Stream,
    _whole_png_stream,
)

WIDTH, HEIGHT = 200, 120


def _chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def _png(mode: str = "RGB") -> bytes:
    picture = Image.open(io.BytesIO(render_chat_png(synthetic_conversation(3), width=WIDTH, height=HEIGHT, seed=3)))
    out = io.BytesIO()
    picture.convert(mode).save(out, format="PNG")
    return out.getvalue()


def _with_chunk(png: bytes, chunk: bytes) -> bytes:
    """`png` with `chunk` inserted after IHDR (8 + 25 bytes in)."""
    return png[:33] + chunk + png[33:]


def _stream_of(png: bytes) -> _Stream:
    """The page stream evidencekit writes for `png` (its IDAT, under Flate with PNG predictors)."""
    view = png_passthrough(png)
    assert view is not None
    return _Stream(view.data, False, view.width, view.height, view.predictor_colours)


def _full_comparison_agrees(stored: _Stream, original: bytes) -> bool:
    try:
        _compare(_decode_stream(stored), _decode_original(original, (stored.width, stored.height)), "the original")
    except PictureProblem:
        return False
    return True


def _rotated_jpeg(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    Image.open(io.BytesIO(_png())).convert("RGB").save(out, format="JPEG", exif=exif, quality=90)
    return out.getvalue()


XMP_ROTATED = _chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta><rdf:Description tiff:Orientation=\"6\"/>"
                              b"</x:xmpmeta>")
EXIF_ROTATED = _chunk(b"eXIf", bytes.fromhex("4d4d002a00000008000101120003000000010006000000000000"))


@pytest.mark.parametrize("name, original, same", [
    ("RGB capture", _png(), True),
    ("grey picture", _png("L"), True),
    ("with a Software text", _with_chunk(_png(), _chunk(b"tEXt", b"Software\0evidencekit")), True),
    ("XMP orientation", _with_chunk(_png(), XMP_ROTATED), False),
    ("EXIF orientation", _with_chunk(_png(), EXIF_ROTATED), False),
    ("a chunk with a wrong CRC", _with_chunk(_png(), _chunk(b"tEXt", b"Note\0x")[:-1] + b"\0"), False),
    ("a suggested palette", _with_chunk(_png(), _chunk(b"sPLT", b"p\0\x08" + bytes(6))), False),
])
def test_the_short_cut_is_taken_only_where_the_full_comparison_agrees(name: str, original: bytes,
                                                                      same: bool) -> None:
    stored = _stream_of(original)
    assert _same_encoded_pixels(stored, original) is same, name
    if same:
        assert _full_comparison_agrees(stored, original), name


def test_an_xmp_rotated_original_that_the_page_shows_unrotated_still_fails_in_full() -> None:
    original = _with_chunk(_png(), XMP_ROTATED)
    stored = _stream_of(original)  # the same bytes, but the original is displayed turned a quarter
    assert not _same_encoded_pixels(stored, original)
    assert not _full_comparison_agrees(stored, original)


def test_a_page_stream_other_than_the_originals_is_never_the_same() -> None:
    original = _png()
    other = _stream_of(_with_chunk(_png(), b""))
    recompressed = _Stream(zlib.compress(zlib.decompress(other.data), 9), False, WIDTH, HEIGHT, 3)
    assert recompressed.data != other.data
    assert not _same_encoded_pixels(recompressed, original)  # the same pixels, but only the full path knows
    assert _full_comparison_agrees(recompressed, original)
    shifted = _Stream(other.data, False, WIDTH - 1, HEIGHT, 3)  # the same bytes read at another width
    assert not _same_encoded_pixels(shifted, original)


@pytest.mark.parametrize("orientation, same", [(1, True), (6, False)])
def test_a_jpeg_page_is_the_same_only_as_the_unrotated_file_itself(orientation: int, same: bool) -> None:
    original = _rotated_jpeg(orientation)
    with Image.open(io.BytesIO(original)) as opened:
        stored = _Stream(original, True, opened.size[0], opened.size[1], 3)
    assert _same_encoded_pixels(stored, original) is same
    if same:
        assert _full_comparison_agrees(stored, original)
    assert not _same_encoded_pixels(_Stream(original[:-200], True, stored.width, stored.height, 3), original)


def test_a_whole_png_stream_is_told_from_a_damaged_one() -> None:
    stored = _stream_of(_png())
    raw = zlib.decompress(stored.data)
    stride = 1 + WIDTH * 3
    assert _whole_png_stream(stored.data, WIDTH, HEIGHT, 3)
    assert not _whole_png_stream(stored.data[:-40], WIDTH, HEIGHT, 3)  # cut short
    assert not _whole_png_stream(stored.data + b"\0\0", WIDTH, HEIGHT, 3)  # bytes after the stream's end
    assert not _whole_png_stream(stored.data, WIDTH, HEIGHT + 1, 3)  # one row short of the stated size
    assert not _whole_png_stream(zlib.compress(raw + bytes(stride)), WIDTH, HEIGHT, 3)  # one row too many
    bad_filter = bytearray(raw)
    bad_filter[stride * (HEIGHT - 1)] = 7  # the last row's filter type does not exist
    assert not _whole_png_stream(zlib.compress(bytes(bad_filter)), WIDTH, HEIGHT, 3)
    assert not _whole_png_stream(b"not a zlib stream", WIDTH, HEIGHT, 3)
    big = 1200  # rows wider than one inflated piece (1 MiB): filter bytes found across piece boundaries
    wide = bytearray((b"\x01" + bytes(big * 3)) * 400)
    assert _whole_png_stream(zlib.compress(bytes(wide)), big, 400, 3)
    wide[(1 + big * 3) * 399] = 9
    assert not _whole_png_stream(zlib.compress(bytes(wide)), big, 400, 3)
