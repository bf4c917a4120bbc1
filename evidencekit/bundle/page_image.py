"""The picture on an exhibit page: a PDF image stream made from the original without decoding it if we can.

An 8-bit RGB or grey, non-interlaced PNG (what evidencekit captures) is carried into the PDF by copying
its compressed IDAT data under FlateDecode with the PNG predictor: the page then shows exactly the
original's pixels and costs no encoding time. A baseline or progressive JPEG is carried as DCTDecode.
Anything else (alpha, palette, 16-bit, EXIF rotation, redaction) is decoded once and re-encoded as PNG.
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass

from PIL import Image

from evidencekit.redaction import open_displayed

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class PageImage:
    """Everything an image XObject needs: its dictionary entries and its (already encoded) stream."""

    width: int
    height: int
    colour_space: str  # DeviceRGB | DeviceGray
    filter: str  # FlateDecode | DCTDecode
    predictor_colours: int  # 0 = no predictor (JPEG); else PNG predictor with this many colours
    data: bytes
    exact: bool  # True when the page shows the original's own encoded pixels


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    if data[:8] != PNG_SIGNATURE:
        raise ValueError("not a PNG")
    chunks, pos = [], 8
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        payload = data[pos + 8:pos + 8 + length]
        if len(payload) != length:
            raise ValueError("truncated PNG chunk")
        chunks.append((kind, payload))
        pos += 12 + length
        if kind == b"IEND":
            break
    return chunks


def png_passthrough(data: bytes) -> PageImage | None:
    """The PNG's own compressed pixels as a PDF image, or None when the PDF cannot use them as they are."""
    try:
        chunks = _png_chunks(data)
    except ValueError:
        return None
    if not chunks or chunks[0][0] != b"IHDR" or len(chunks[0][1]) != 13:
        return None
    width, height, depth, colour_type, _compression, _filter, interlace = struct.unpack(">2I5B", chunks[0][1])
    kinds = {kind for kind, _ in chunks}
    if depth != 8 or interlace != 0 or colour_type not in (0, 2) or b"tRNS" in kinds or width * height == 0:
        return None
    idat = b"".join(payload for kind, payload in chunks if kind == b"IDAT")
    if not idat:
        return None
    colours = 3 if colour_type == 2 else 1
    return PageImage(width, height, "DeviceRGB" if colours == 3 else "DeviceGray", "FlateDecode",
                     colours, idat, exact=True)


def _jpeg_passthrough(data: bytes) -> PageImage | None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "JPEG" or image.mode not in ("RGB", "L"):
                return None
            orientation = image.getexif().get(0x0112, 1)
            if orientation not in (None, 1):
                return None
            width, height = image.size
            mode = image.mode
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    return PageImage(width, height, "DeviceRGB" if mode == "RGB" else "DeviceGray", "DCTDecode", 0, data,
                     exact=True)


def encode_png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def page_image(original: bytes, *, exact: bool, shown: bytes | None = None) -> PageImage:
    """The page picture: `shown` (a redacted PNG) if given, else the original's own pixels when `exact`
    (as decided by shows_original_pixels), else a decoded and re-encoded copy."""
    if shown is not None:
        view = png_passthrough(shown)
        if view is None:
            raise ValueError("a redacted view must be an 8-bit RGB PNG")
        return view
    if exact:
        view = png_passthrough(original) or _jpeg_passthrough(original)
        if view is not None:
            return view
    reencoded = png_passthrough(encode_png(open_displayed(original)))
    assert reencoded is not None  # Pillow writes 8-bit RGB, non-interlaced
    return PageImage(reencoded.width, reencoded.height, reencoded.colour_space, reencoded.filter,
                     reencoded.predictor_colours, reencoded.data, exact=False)


def displayed_size(original: bytes) -> tuple[int, int]:
    """Pixel size of the picture as shown on the page, read from headers where possible."""
    view = png_passthrough(original)
    if view is not None:
        return view.width, view.height
    return open_displayed(original).size


def decode_check(view: PageImage) -> bool:
    """Whether a Flate view inflates to exactly the expected size (streamed: a bomb never fills memory)."""
    if view.filter != "FlateDecode":
        return True
    expected = view.height * (1 + view.width * view.predictor_colours)
    inflater = zlib.decompressobj()
    try:
        total = len(inflater.decompress(view.data, 1 << 20))
        while inflater.unconsumed_tail and total <= expected:
            total += len(inflater.decompress(inflater.unconsumed_tail, 1 << 20))
        total += len(inflater.flush())
    except zlib.error:
        return False
    return total == expected and inflater.eof


def shows_original_pixels(original: bytes) -> bool:
    """Whether the page can show the original's own encoded pixels (no re-encoding)."""
    view = png_passthrough(original)
    if view is not None:
        return decode_check(view)
    return _jpeg_passthrough(original) is not None
