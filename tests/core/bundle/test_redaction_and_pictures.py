"""Redacted views are solid black and leak nothing; unredacted pages show the original's exact pixels."""

from __future__ import annotations

import io
import random
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from PIL import Image

from evidencekit.bundle.demo_screens import render_chat_png, synthetic_conversation
from evidencekit.bundle.page_image import page_image, png_passthrough, shows_original_pixels
from evidencekit.capture.png import encode_rgb_png
from evidencekit.errors import UsageError
from evidencekit.redaction import clip_boxes, parse_redaction_spec, redacted_view
from tests.core.bundle.conftest import BuildBundle, make_case, png_with_text_chunk

WIDTH, HEIGHT = 640, 360
BOX = (100, 80, 200, 120)  # x, y, w, h


def noisy_png(seed: int, text_canary: bytes = b"") -> tuple[bytes, bytes]:
    """A picture whose boxed region is random noise; returns (png, one raw pixel row from under the box)."""
    rng = random.Random(seed)
    image = Image.open(io.BytesIO(render_chat_png(synthetic_conversation(seed), width=WIDTH, height=HEIGHT)))
    rgb = bytearray(image.convert("RGB").tobytes())
    x, y, w, h = BOX
    for row in range(y, y + h):
        start = (row * WIDTH + x) * 3
        rgb[start:start + w * 3] = bytes(rng.randrange(256) for _ in range(w * 3))
    canary_row = bytes(rgb[((y + 7) * WIDTH + x) * 3:((y + 7) * WIDTH + x + w) * 3])
    png = encode_rgb_png(bytes(rgb), WIDTH, HEIGHT)
    return (png_with_text_chunk(png, text_canary) if text_canary else png), canary_row


def uncompressed(pdf: Path, tmp_path: Path) -> bytes:
    out = tmp_path / f"{pdf.stem}-qdf.pdf"
    result = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", "--stream-data=uncompress",
                             "--decode-level=all", str(pdf), str(out)], capture_output=True, check=False)
    assert result.returncode in (0, 3), result.stderr
    return pdf.read_bytes() + out.read_bytes()


def extracted_images(pdf: Path, tmp_path: Path, page: int) -> list[Image.Image]:
    prefix = tmp_path / f"img{page}"
    subprocess.run(["pdfimages", "-png", "-f", str(page), "-l", str(page), str(pdf), str(prefix)], check=True)
    return [Image.open(path).convert("RGB") for path in sorted(tmp_path.glob(f"img{page}-*.png"))]


def test_redacted_view_boxes_are_exactly_black_and_the_rest_is_untouched() -> None:
    original, _row = noisy_png(1)
    view, applied = redacted_view(original, [BOX])
    assert applied == [BOX]
    before = Image.open(io.BytesIO(original)).convert("RGB")
    after = Image.open(io.BytesIO(view)).convert("RGB")
    x, y, w, h = BOX
    for px in range(WIDTH):
        for py in (0, y - 1, y, y + h // 2, y + h - 1, y + h, HEIGHT - 1):
            inside = x <= px < x + w and y <= py < y + h
            expected = (0, 0, 0) if inside else before.getpixel((px, py))
            assert after.getpixel((px, py)) == expected, (px, py)


def test_boxes_are_clipped_to_the_picture_and_a_box_outside_it_is_refused() -> None:
    assert clip_boxes([(-10, -10, 50, 50)], (100, 100)) == [(0, 0, 40, 40)]
    with pytest.raises(UsageError, match="outside the picture"):
        clip_boxes([(200, 200, 10, 10)], (100, 100))


@pytest.mark.parametrize("spec", ["EK-001", "EK-001:1,2,3", "EK-001:1,2,0,4", "EK-001:a,b,c,d", ":1,2,3,4"])
def test_a_malformed_redact_option_is_a_usage_error(spec: str) -> None:
    with pytest.raises(UsageError):
        parse_redaction_spec(spec)


def test_redact_option_names_an_exhibit_and_a_box() -> None:
    request = parse_redaction_spec(" EK-003 : 10, 20,300,40 ")
    assert (request.exhibit, request.box) == ("EK-003", (10, 20, 300, 40))


def test_embedded_redacted_view_has_exactly_black_boxes(build: BuildBundle, tmp_path: Path) -> None:
    original, _row = noisy_png(2)
    result = build(make_case([original], width=WIDTH, height=HEIGHT, redact={0: [list(BOX)]}))
    (image,) = extracted_images(result.path, tmp_path, page=_exhibit_page(result.path))
    assert image.size == (WIDTH, HEIGHT)
    x, y, w, h = BOX
    region = image.crop((x, y, x + w, y + h))
    assert region.getextrema() == ((0, 0), (0, 0), (0, 0))
    assert image.getpixel((x - 1, y - 1)) != (0, 0, 0) or image.getpixel((x + w, y + h)) != (0, 0, 0)


def _exhibit_page(pdf: Path) -> int:
    texts = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return next(i for i, text in enumerate(texts.split("\f"), start=1) if "Exhibit EK-001" in text)


@pytest.mark.parametrize("originals", ["attach", "zip"])
def test_a_withheld_original_leaves_no_trace_in_the_bundle(build: BuildBundle, tmp_path: Path,
                                                           originals: str) -> None:
    original, canary_row = noisy_png(3, text_canary=b"CANARY-7f3a9c-withheld")
    result = build(make_case([original], width=WIDTH, height=HEIGHT, redact={0: [list(BOX)]}),
                   originals=originals)
    everything = uncompressed(result.path, tmp_path)
    if result.zip_path:
        everything += result.zip_path.read_bytes()
    assert b"CANARY-7f3a9c-withheld" not in everything
    assert canary_row not in everything
    text = subprocess.run(["pdftotext", str(result.path), "-"], capture_output=True, text=True).stdout
    import hashlib

    assert hashlib.sha256(original).hexdigest() in text  # its hash is listed ...
    assert "available to the police on request" in text  # ... as available on request


def test_the_canary_search_finds_an_included_original_and_unredacted_pixels(build: BuildBundle,
                                                                            tmp_path: Path) -> None:
    original, canary_row = noisy_png(4, text_canary=b"CANARY-7f3a9c-included")
    included = build(make_case([original], width=WIDTH, height=HEIGHT, redact={0: [list(BOX)]},
                               include_original=True), name="included.pdf")
    assert b"CANARY-7f3a9c-included" in uncompressed(included.path, tmp_path)
    unredacted = build(make_case([original], width=WIDTH, height=HEIGHT), name="unredacted.pdf")
    assert canary_row in uncompressed(unredacted.path, tmp_path)


def test_an_unredacted_capture_is_shown_with_its_exact_pixels(build: BuildBundle, tmp_path: Path) -> None:
    original, _row = noisy_png(5)
    result = build(make_case([original], width=WIDTH, height=HEIGHT))
    (image,) = extracted_images(result.path, tmp_path, page=_exhibit_page(result.path))
    assert image.tobytes() == Image.open(io.BytesIO(original)).convert("RGB").tobytes()


def test_png_passthrough_carries_the_idat_data_and_refuses_alpha_and_interlace() -> None:
    original, _row = noisy_png(6)
    view = png_passthrough(original)
    assert view is not None and view.exact and (view.width, view.height) == (WIDTH, HEIGHT)
    rgba = io.BytesIO()
    Image.new("RGBA", (8, 8), (1, 2, 3, 4)).save(rgba, format="PNG")
    assert png_passthrough(rgba.getvalue()) is None
    plain = io.BytesIO()
    Image.new("RGB", (8, 8)).save(plain, format="PNG")
    header = bytearray(plain.getvalue()[12:29])
    header[-1] = 1  # Adam7 interlace: PDF's PNG predictor cannot read it
    interlaced = plain.getvalue()[:12] + bytes(header) + struct.pack(">I", zlib.crc32(bytes(header))) \
        + plain.getvalue()[33:]
    assert png_passthrough(plain.getvalue()) is not None
    assert png_passthrough(interlaced) is None
    assert not shows_original_pixels(rgba.getvalue())
    reencoded = page_image(rgba.getvalue(), exact=False)
    assert not reencoded.exact and (reencoded.width, reencoded.height) == (8, 8)


def test_a_png_with_damaged_pixel_data_is_not_shown_as_exact() -> None:
    original, _row = noisy_png(7)
    view = png_passthrough(original)
    assert view is not None
    damaged = original.replace(view.data[100:140], bytes(40))
    assert not shows_original_pixels(damaged)
