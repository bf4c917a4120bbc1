"""Redacted views: solid black boxes over chosen rectangles of an exhibit, never blur or pixelation.

Blur and mosaic can be undone or leak shapes; an opaque (0, 0, 0) box carries nothing. The view is a
new PNG made from the decoded original (metadata and hidden chunks are not copied); the original stays
untouched in the case, and the bundle withholds it unless the person chooses to include it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageOps

from evidencekit.errors import UnreadableInput as UnreadableInput  # raised here; evidencekit.gui catches it from here
from evidencekit.errors import UsageError

Box = tuple[int, int, int, int]  # x, y, width, height in pixels of the image as displayed
BLACK = (0, 0, 0)

_SPEC_RE = re.compile(r"^\s*([^:\s]+)\s*:\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*$")


@dataclass(frozen=True)
class RedactionRequest:
    """One `--redact EXHIBIT:X,Y,W,H` option: which exhibit, which box."""

    exhibit: str
    box: Box


def parse_redaction_spec(spec: str) -> RedactionRequest:
    """Parse `EK-003:10,20,300,40` (exhibit reference, number or id, then x,y,width,height)."""
    match = _SPEC_RE.match(spec)
    if not match:
        raise UsageError(f"--redact {spec!r} is not EXHIBIT:X,Y,W,H (for example EK-003:10,20,300,40).")
    x, y, w, h = (int(match.group(i)) for i in range(2, 6))
    if w <= 0 or h <= 0:
        raise UsageError(f"--redact {spec!r}: the box needs a width and height above zero.")
    return RedactionRequest(match.group(1), (x, y, w, h))


def open_displayed(data: bytes) -> Image.Image:
    """Decode an original as it is displayed (EXIF orientation applied), in RGB; UnreadableInput if not."""
    try:
        opened = Image.open(io.BytesIO(data))
        opened.load()
        image: Image.Image = ImageOps.exif_transpose(opened) or opened
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError) as exc:
        raise UnreadableInput("An exhibit's picture cannot be decoded, so it cannot be shown or redacted. "
                              "Check the case with 'evidencekit case verify'.") from exc
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        base = Image.new("RGB", image.size, (255, 255, 255))
        base.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        return base
    return image.convert("RGB")


def clip_boxes(boxes: Sequence[Box], size: tuple[int, int]) -> list[Box]:
    """Boxes clipped to the picture; a box wholly outside it is a mistake worth stopping for."""
    width, height = size
    clipped = []
    for x, y, w, h in boxes:
        left, top = max(0, x), max(0, y)
        right, bottom = min(width, x + w), min(height, y + h)
        if right <= left or bottom <= top or w <= 0 or h <= 0:
            raise UsageError(f"The redaction box {x},{y},{w},{h} lies outside the picture "
                             f"({width}×{height} pixels); nothing was exported.")
        clipped.append((left, top, right - left, bottom - top))
    return clipped


def _cover(image: Image.Image, boxes: Sequence[Box]) -> list[Box]:
    applied = clip_boxes(boxes, image.size)
    draw = ImageDraw.Draw(image)
    for x, y, w, h in applied:
        draw.rectangle((x, y, x + w - 1, y + h - 1), fill=BLACK)
    return applied


def covered_image(original: bytes, boxes: Sequence[Box]) -> Image.Image:
    """The picture as displayed with every box filled solid black (for the window's small views); a box
    outside the picture is left out rather than refused, since this is only ever shown."""
    image = open_displayed(original)
    inside = [box for box in boxes if box[0] < image.width and box[1] < image.height
              and box[0] + box[2] > 0 and box[1] + box[3] > 0 and box[2] > 0 and box[3] > 0]
    _cover(image, inside)
    return image


def redacted_view(original: bytes, boxes: Sequence[Box]) -> tuple[bytes, list[Box]]:
    """PNG bytes of the original with every box filled solid (0, 0, 0), and the boxes as applied."""
    image = open_displayed(original)
    applied = _cover(image, boxes)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue(), applied
