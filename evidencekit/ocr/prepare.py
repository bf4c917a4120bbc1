"""Get a screenshot ready for Tesseract: one grey channel with the most contrast, and its side-by-side panels.

- **Darkest channel.** min(R, G, B) per pixel. White text on a blue or green chat bubble keeps almost
  full contrast (255 against the bubble's darkest channel, ~10 for iOS/Messenger blue), where plain
  luminance leaves it grey on grey; dark text on light backgrounds is unchanged.
- **Panels.** A chat window is a list of conversations beside the conversation. Tesseract's layout
  analysis joins words at the same height across such panels into one line ("tap to open the chat
  Send the money"). A vertical boundary where the background changes on most rows is a panel edge; each
  panel is read on its own (Tesseract's SetRectangle, in the same image, so boxes stay in the
  picture's pixels).
"""

from __future__ import annotations

from itertools import pairwise

from PIL import Image, ImageChops

BAND = 64  # rows per Pillow call: each call holds the GIL, so a long one would stall the window's thread
PROFILE_ROW_STEP = 4  # panel edges are found on every 4th row (a quarter of the work, the same columns)
EDGE_STEP = 4  # grey levels: a background change this small still marks a panel edge
EDGE_ROWS = 0.5  # share of rows that must change at one x for it to be a panel edge
MIN_PANEL = 120  # pixels: narrower strips are not panels


def darkest_channel(image: Image.Image) -> Image.Image:
    """min(R, G, B), band by band: Pillow holds the GIL in each call, so no call covers the whole picture."""
    if image.mode == "L":
        return image
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    out = Image.new("L", rgb.size)
    for top in range(0, rgb.height, BAND):
        band = rgb.crop((0, top, rgb.width, min(rgb.height, top + BAND)))
        red, green, blue = band.split()
        out.paste(ImageChops.darker(red, ImageChops.darker(green, blue)), (0, top))
    return out


def panels(grey: Image.Image) -> list[tuple[int, int]]:
    """(left, right) of each side-by-side panel, left to right; the whole width when there is one."""
    width, height = grey.size
    if width < 2 * MIN_PANEL or height < 2:
        return [(0, width)]
    rows = grey.resize((width, max(1, height // PROFILE_ROW_STEP)), Image.Resampling.NEAREST)  # every 4th row
    edges = ImageChops.difference(rows, ImageChops.offset(rows, 1, 0)).point(lambda v: 255 if v >= EDGE_STEP else 0)
    profile = edges.resize((width, 1), Image.Resampling.BOX).tobytes()  # per column: share of rows that change
    bounds = [0]
    for x in range(1, width):
        if profile[x] >= EDGE_ROWS * 255 and x - bounds[-1] >= MIN_PANEL and width - x >= MIN_PANEL:
            bounds.append(x)
    bounds.append(width)
    return list(pairwise(bounds))
