"""Request values refuse nonsense early; the PNG encoder gives back exactly the pixels it was given."""

from __future__ import annotations

import io
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from evidencekit.capture import CaptureRequest, FixtureBackend, Rect, encode_rgb_png, parse_region, png_size
from evidencekit.capture.png import bgra_to_rgb
from evidencekit.errors import UsageError


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"area": "window"}, "Unknown capture area"),
    ({"area": "monitor"}, "screen number is needed"),
    ({"area": "monitor", "monitor": 0}, "start at 1"),
    ({"area": "region"}, "region rectangle is needed"),
    ({"area": "region", "region": Rect(0, 0, 10, 0)}, "has no area"),
    ({"delay_s": -1}, "delay must be between"),
    ({"series_count": 0}, "between 1 and"),
    ({"series_interval_s": -0.5}, "interval must be between"),
])
def test_impossible_requests_are_refused_with_a_sentence(kwargs, words):
    with pytest.raises(UsageError, match=words):
        CaptureRequest(**kwargs)


def test_request_record_has_no_floats():
    record = CaptureRequest.of_region(1, 2, 3, 4, delay_s=1.25, series_count=3, series_interval_s=0.5).as_record()
    assert record == {"area": "region", "monitor": None, "region": {"left": 1, "top": 2, "width": 3, "height": 4},
                      "delay_ms": 1250, "series_count": 3, "series_interval_ms": 500}


@pytest.mark.parametrize("text", ["1,2,3", "a,b,c,d", "1,2,3,4,5", "0,0,-5,5", ""])
def test_bad_region_text_is_refused(text):
    with pytest.raises(UsageError):
        parse_region(text)


def test_region_text_is_parsed():
    assert parse_region(" 10, 20,300 ,400") == Rect(10, 20, 300, 400)


def test_resolve_against_monitors():
    backend = FixtureBackend([solid_png(2000, 1000)], monitors=[Rect(0, 0, 1200, 1000), Rect(1200, 0, 800, 600)])
    assert backend.resolve(CaptureRequest.whole_screen()).rect == Rect(0, 0, 1200, 1000)  # first is primary
    assert backend.resolve(CaptureRequest.all_monitors()).rect == Rect(0, 0, 2000, 1000)
    straddling = backend.resolve(CaptureRequest.of_region(1100, 0, 200, 100))
    assert straddling.rect == Rect(1100, 0, 200, 100) and straddling.monitor is None
    assert backend.resolve(CaptureRequest.of_region(1300, 10, 50, 50)).monitor.number == 2
    with pytest.raises(UsageError, match="not fully on the screen"):
        backend.resolve(CaptureRequest.of_region(1900, 900, 200, 200))
    with pytest.raises(UsageError, match="this computer has 2 screens"):
        backend.resolve(CaptureRequest.one_monitor(3))


def solid_png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (1, 2, 3)).save(out, format="PNG")
    return out.getvalue()


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 40), st.integers(1, 40), st.integers(0, 9), st.data())
def test_png_decodes_to_exactly_the_input_pixels(width, height, level, data):
    rgb = data.draw(st.binary(min_size=width * height * 3, max_size=width * height * 3))
    png = encode_rgb_png(rgb, width, height, level)
    image = Image.open(io.BytesIO(png))
    assert image.mode == "RGB" and image.size == (width, height)
    assert image.tobytes() == rgb
    assert png_size(png) == (width, height)


def test_png_has_only_the_chunks_that_carry_pixels():
    png = encode_rgb_png(bytes(range(48)), 4, 4)
    chunks, offset = [], 8
    while offset < len(png):
        length = int.from_bytes(png[offset:offset + 4], "big")
        kind = png[offset + 4:offset + 8]
        payload = png[offset + 8:offset + 8 + length]
        assert int.from_bytes(png[offset + 8 + length:offset + 12 + length], "big") == zlib.crc32(kind + payload)
        chunks.append(kind)
        offset += 12 + length
    assert chunks == [b"IHDR", b"IDAT", b"IEND"]  # no gamma/colour chunk that could alter decoded values


def test_wrong_pixel_count_is_a_programming_error():
    with pytest.raises(ValueError):
        encode_rgb_png(b"\x00" * 10, 2, 2)


def test_bgra_to_rgb_reorders_and_drops_the_fourth_byte():
    assert bgra_to_rgb(bytes([1, 2, 3, 99, 4, 5, 6, 0]), 2, 1) == bytes([3, 2, 1, 6, 5, 4])
