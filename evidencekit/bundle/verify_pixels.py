"""The page-pictures check: the picture each exhibit page shows is, pixel for pixel, the attached original
(or, for a redacted view, the original with the recorded black boxes applied).

The exhibit page says its picture is "the original file's own pixels"; the attachments check proves only
the attached file, not what the page shows. So for every picture exhibit this check decodes the image the
page draws and the original (attached, or in the originals ZIP beside the PDF) and compares every pixel.
A redacted view whose original is withheld is compared with its attached redacted view instead, and each
recorded box must be solid black on the page.

The page picture is decoded only in the forms evidencekit writes (8-bit DeviceRGB or DeviceGray, Flate
with PNG predictors, or DCT; no mask, no decode array): anything else is not a page evidencekit made.
Pictures are decoded one exhibit at a time, so memory holds one exhibit's pixels, not the bundle's.

Most pages carry the original's own compressed pixels (evidencekit.bundle.page_image copies a PNG's IDAT
or a JPEG file as it is). When the page's stream is byte for byte the original's, decoded with the same
parameters (size, colours, 8 bits, PNG predictors or DCT), and nothing in the original changes how it is
displayed (no EXIF or XMP orientation, no transparency), every decoder draws the same pixels from both,
so the check proves that without decoding twice: a PNG stream is inflated once, in pieces, to prove it is
a whole picture of the stated size with valid row filters; a JPEG is decoded once. Anything else, or any
doubt, takes the full pixel comparison (bench/verify.py: 100 dense 1080p exhibits).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops, ImageDraw

from evidencekit.bundle.verify_checks import FAIL, PASS, SKIP, OpenedBundle, Verdict
from evidencekit.i18n import _

NAME = "page pictures"
PICTURE_VIEWS = ("original pixels", "display copy", "redacted")
MAX_PIXELS = 1 << 28  # 268 megapixels: far above any screen; a bigger "picture" is an attack on memory
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class PictureProblem(Exception):
    """One sentence about one exhibit's page picture (what is wrong, in words for the officer)."""


def check_page_pictures(bundle: OpenedBundle) -> Verdict:
    exhibits = bundle.manifest.get("exhibits")
    if not isinstance(exhibits, list):
        return Verdict(NAME, FAIL, _("The manifest has no list of exhibits."))
    problems: list[str] = []
    compared = redacted = 0
    not_compared: list[str] = []
    for entry in exhibits:
        if not isinstance(entry, dict) or (entry.get("view") or {}).get("kind") not in PICTURE_VIEWS:
            continue
        reference = str(entry.get("reference", "?"))
        page = entry.get("page")
        try:
            outcome = _check_exhibit(bundle, entry)
        except PictureProblem as problem:
            bundle.forget()
            problems.append(_("{reference} (page {page}): {problem}").format(reference=reference, page=page,
                                                                           problem=problem))
            continue
        bundle.forget()  # this exhibit's page picture and original leave memory before the next
        if outcome == "not compared":
            not_compared.append(reference)
            continue
        compared += 1
        redacted += outcome == "redacted"
    if problems:
        return Verdict(NAME, FAIL, _("The picture on an exhibit page is not the exhibit's own pixels."), problems)
    skipped = [_("{reference}: neither its original nor a shareable copy is in the bundle (withheld, or in a ZIP "
                 "not beside the PDF), so its page picture was not compared").format(reference=reference)
               for reference in not_compared]
    if not compared:
        return Verdict(NAME, SKIP, _("No exhibit's original is attached, so no page picture was compared."),
                       skipped)
    return Verdict(NAME, PASS, _("The picture on each of {count} exhibit pages is the original's pixels, every "
                                 "pixel compared ({redacted} redacted view(s) with their black boxes applied).")
                   .format(count=compared, redacted=redacted), skipped)


def _check_exhibit(bundle: OpenedBundle, entry: dict[str, Any]) -> str:
    """'compared', 'redacted' or 'not compared'; PictureProblem when the page picture is not the exhibit's."""
    view = entry.get("view") or {}
    page_number = entry.get("page")
    if not isinstance(page_number, int) or not 1 <= page_number <= len(bundle.reader.pages):
        raise PictureProblem(_("its page is not in this PDF"))
    width, height = view.get("width"), view.get("height")
    if not isinstance(width, int) or not isinstance(height, int) or width <= 0 or height <= 0 \
            or width * height > MAX_PIXELS:
        raise PictureProblem(_("the manifest gives no usable pixel size for its picture"))
    stored = _page_stream(bundle.reader.pages[page_number - 1], width, height)
    original = _original_bytes(bundle, entry)
    if view.get("kind") != "redacted" and original is not None and _same_encoded_pixels(stored, original[0]):
        return "compared"
    shown = _decode_stream(stored)
    boxes = _boxes(view) if view.get("kind") == "redacted" else []
    if view.get("kind") != "redacted":
        if original is None:
            return "not compared"
        _compare(shown, _decode_original(original[0], (width, height)), original[1])
        return "compared"
    view_file = str(view.get("file") or "")
    found = bundle.attachments.get(view_file)
    try:
        attached = found[0] if found else None
    except Exception as exc:  # a damaged stream
        raise PictureProblem(_("its redacted view {file} cannot be read from the PDF").format(file=view_file)) from exc
    if attached is None:
        raise PictureProblem(_("its redacted view {file} is not attached").format(file=view_file or "?"))
    _compare(shown, _decode_original(attached, (width, height)),
             _("the attached redacted view {file}").format(file=view_file))
    if original is not None:
        expected = _decode_original(original[0], (width, height))
        draw = ImageDraw.Draw(expected)
        for x, y, w, h in boxes:  # as evidencekit.redaction.redacted_view draws them
            draw.rectangle((x, y, x + w - 1, y + h - 1), fill=(0, 0, 0))
        _compare(shown, expected, _("{what}, with the recorded black boxes").format(what=original[1]))
    for x, y, w, h in boxes:
        box = shown.crop((x, y, x + w, y + h))
        if box.getextrema() != ((0, 0), (0, 0), (0, 0)):
            raise PictureProblem(_("the black box at {x},{y} ({w}×{h} pixels) is not solid black on the page")
                                 .format(x=x, y=y, w=w, h=h))
    return "redacted"


def _original_bytes(bundle: OpenedBundle, entry: dict[str, Any]) -> tuple[bytes, str] | None:
    """The original's bytes, as attached to the PDF or in the originals ZIP beside it, and how to name
    them; else its shareable copy's (the same compressed pixels without identifying metadata); None when
    both are withheld."""
    original = entry.get("original") or {}
    found = _file_bytes(bundle, original, _("its original"))
    if found is not None:
        return found, _("the attached original {file}").format(file=original.get("file"))
    copy = entry.get("shareable_copy")
    if isinstance(copy, dict):
        found = _file_bytes(bundle, copy, _("its shareable copy"))
        if found is not None:
            return found, _("the attached shareable copy {file}").format(file=copy.get("file"))
    return None


def _file_bytes(bundle: OpenedBundle, described: dict[str, Any], what: str) -> bytes | None:
    name = str(described.get("file") or "")
    disposition = described.get("disposition")
    if disposition == "attached":
        found = bundle.attachments.get(name)
        if not found:
            raise PictureProblem(_("{what} {file} is not attached").format(what=what, file=name or "?"))
        try:
            return found[0]
        except Exception as exc:  # a damaged stream
            raise PictureProblem(_("{what} {file} cannot be read from the PDF").format(what=what, file=name)) from exc
    zip_name = bundle.manifest.get("originals_zip")
    if disposition != "zip" or not zip_name:
        return None
    path = bundle.path.with_name(Path(str(zip_name)).name)
    if not path.is_file():
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read(name)
    except (KeyError, OSError, zipfile.BadZipFile, ValueError, RuntimeError, EOFError, zlib.error):
        return None  # the originals ZIP check names what is wrong with the ZIP


def _boxes(view: dict[str, Any]) -> list[tuple[int, int, int, int]]:
    boxes = view.get("boxes")
    if not isinstance(boxes, list) or not boxes:
        raise PictureProblem(_("it is a redacted view, but the manifest records no black boxes"))
    out = []
    for box in boxes:
        if not (isinstance(box, list) and len(box) == 4 and all(isinstance(v, int) and v >= 0 for v in box)) \
                or box[2] <= 0 or box[3] <= 0 or box[0] + box[2] > view["width"] or box[1] + box[3] > view["height"]:
            raise PictureProblem(_("a black box recorded in the manifest does not lie inside the picture"))
        out.append((box[0], box[1], box[2], box[3]))
    return out


def _decode_original(data: bytes, size: tuple[int, int]) -> Image.Image:
    """The original as the page shows it (EXIF rotation applied, RGB, transparency on white)."""
    from evidencekit.errors import UnreadableInput
    from evidencekit.redaction import open_displayed

    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.size[0] * probe.size[1] > MAX_PIXELS:
                raise PictureProblem(_("its original is too large a picture to decode"))
        image = open_displayed(data)
    except UnreadableInput as exc:
        raise PictureProblem(_("its original cannot be decoded as a picture")) from exc
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise PictureProblem(_("its original cannot be decoded as a picture")) from exc
    if image.size != size:
        raise PictureProblem(_("its original is {w}×{h} pixels, the manifest says {mw}×{mh}")
                             .format(w=image.size[0], h=image.size[1], mw=size[0], mh=size[1]))
    return image


def _compare(shown: Image.Image, expected: Image.Image, what: str) -> None:
    if shown.size != expected.size:
        raise PictureProblem(_("the page shows a picture of {w}×{h} pixels, {what} has {ew}×{eh}").format(
            w=shown.size[0], h=shown.size[1], what=what, ew=expected.size[0], eh=expected.size[1]))
    if shown.tobytes() == expected.tobytes():
        return
    difference = ImageChops.difference(shown, expected)
    left, top, right, bottom = difference.getbbox() or (0, 0, 0, 0)
    changed = sum(difference.convert("L").point(lambda value: 255 if value else 0).histogram()[255:])
    raise PictureProblem(_("the picture on the page is not {what}: {count} pixel(s) differ, within x {left}–{right}, "
                           "y {top}–{bottom}").format(what=what, count=changed, left=left, right=right - 1,
                                                      top=top, bottom=bottom - 1))


# ----- the picture a page draws -----------------------------------------------------------------------

def _images(page: Any) -> Iterator[Any]:
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    if xobjects is None:
        return
    for ref in xobjects.get_object().values():
        obj = ref.get_object()
        if obj.get("/Subtype") == "/Image":
            yield obj


@dataclass(frozen=True)
class _Stream:
    """The page picture's stream as stored, with what its dictionary says about it (already checked)."""

    data: bytes
    jpeg: bool  # DCTDecode; else FlateDecode with PNG predictors
    width: int
    height: int
    colours: int  # 3 DeviceRGB, 1 DeviceGray


def _page_picture(page: Any, width: int, height: int) -> Image.Image:
    """The one image the exhibit page draws, decoded to RGB, in the forms evidencekit writes only."""
    return _decode_stream(_page_stream(page, width, height))


def _decode_stream(stored: _Stream) -> Image.Image:
    if stored.jpeg:
        return _decode_jpeg(stored.data, (stored.width, stored.height), stored.colours)
    return _decode_png_stream(stored.data, stored.width, stored.height, stored.colours)


def _page_stream(page: Any, width: int, height: int) -> _Stream:
    """The one image the exhibit page draws, as stored, in the forms evidencekit writes only."""
    images = list(_images(page))
    if len(images) != 1:
        raise PictureProblem(_("the page holds {count} pictures, evidencekit puts exactly one on it")
                             .format(count=len(images)))
    image = images[0]
    stored = (image.get("/Width"), image.get("/Height"))
    if not all(isinstance(value, int) and not isinstance(value, bool) for value in stored):
        raise PictureProblem(_("the page's picture does not say how large it is"))
    if stored != (width, height):
        raise PictureProblem(_("the page's picture is {w}×{h} pixels, the manifest says {mw}×{mh}").format(
            w=stored[0], h=stored[1], mw=width, mh=height))
    unusual = [key for key in ("/SMask", "/Mask", "/Decode", "/ImageMask", "/Alternates", "/OC") if key in image]
    colour_space = image.get("/ColorSpace")
    colours = {"/DeviceRGB": 3, "/DeviceGray": 1}.get(str(colour_space))
    if unusual or colours is None or image.get("/BitsPerComponent") != 8:
        raise PictureProblem(_("the page's picture is not stored the way evidencekit stores pictures"))
    data = getattr(image, "_data", None)  # the encoded stream as stored (pypdf keeps it undecoded)
    if not isinstance(data, bytes):
        raise PictureProblem(_("the page's picture cannot be read"))
    filters = image.get("/Filter")
    if filters == "/DCTDecode" and "/DecodeParms" not in image:
        return _Stream(data, True, width, height, colours)
    params = image.get("/DecodeParms")
    params = params.get_object() if params is not None else None
    if filters != "/FlateDecode" or params is None or not 10 <= int(params.get("/Predictor", 1)) <= 15 \
            or params.get("/Colors", 1) != colours or params.get("/BitsPerComponent", 8) != 8 \
            or params.get("/Columns", 1) != width:
        raise PictureProblem(_("the page's picture is not stored the way evidencekit stores pictures"))
    return _Stream(data, False, width, height, colours)


def _chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def _decode_png_stream(data: bytes, width: int, height: int, colours: int) -> Image.Image:
    """A Flate stream with PNG predictors is a PNG's IDAT: wrapped in a PNG, Pillow decodes it (in C)."""
    header = struct.pack(">2I5B", width, height, 8, 2 if colours == 3 else 0, 0, 0, 0)
    png = _PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")
    try:
        with Image.open(io.BytesIO(png)) as opened:
            opened.load()
            return opened.convert("RGB")
    except (OSError, ValueError, SyntaxError, zlib.error, Image.DecompressionBombError) as exc:
        raise PictureProblem(_("the page's picture is damaged and cannot be decoded")) from exc


def _decode_jpeg(data: bytes, size: tuple[int, int], colours: int) -> Image.Image:
    try:
        with Image.open(io.BytesIO(data)) as opened:
            if opened.format != "JPEG" or opened.size != size or opened.mode != ("RGB" if colours == 3 else "L"):
                raise PictureProblem(_("the page's picture is not stored the way evidencekit stores pictures"))
            opened.load()
            return opened.convert("RGB")
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise PictureProblem(_("the page's picture is damaged and cannot be decoded")) from exc


# ----- the same encoded pixels: proven without decoding twice -------------------------------------------

# PNG chunks that do not change the pixels open_displayed draws (colour-management hints and facts about
# the file); text chunks are allowed unless Pillow reads EXIF or XMP (an orientation) from them
_NEUTRAL_CHUNKS = frozenset({b"IHDR", b"IDAT", b"IEND", b"sRGB", b"gAMA", b"cHRM", b"iCCP", b"pHYs", b"sBIT",
                             b"tIME", b"tEXt", b"zTXt", b"iTXt"})
_ORIENTING_TEXT = (b"Raw profile type exif", b"Raw profile type APP1", b"XML:com.adobe.xmp")


def _same_encoded_pixels(stored: _Stream, original: bytes) -> bool:
    """True when the page's stream is the original's own encoded pixels with the same decoding parameters
    and the original is displayed as decoded, so both show the same pixels; False when unsure (the caller
    then decodes and compares every pixel). A damaged stream is never True."""
    if stored.jpeg:
        return _same_jpeg(stored, original)
    from evidencekit.bundle.page_image import png_passthrough

    view = png_passthrough(original)
    return view is not None and view.data == stored.data \
        and (view.width, view.height, view.predictor_colours) == (stored.width, stored.height, stored.colours) \
        and _neutral_png(original) and _whole_png_stream(stored.data, stored.width, stored.height, stored.colours)


def _neutral_png(data: bytes) -> bool:
    """Whether every chunk of the PNG `data` has its right CRC, none changes how open_displayed draws it,
    and it ends with IEND."""
    pos = len(_PNG_SIGNATURE)
    view = memoryview(data)
    while pos + 12 <= len(data):
        (length,) = struct.unpack_from(">I", data, pos)
        end = pos + 8 + length
        if end + 4 > len(data):
            return False
        kind = data[pos + 4:pos + 8]
        if kind not in _NEUTRAL_CHUNKS or struct.unpack_from(">I", data, end)[0] != zlib.crc32(view[pos + 4:end]):
            return False
        if kind in (b"tEXt", b"zTXt", b"iTXt") and data[pos + 8:end].split(b"\0", 1)[0] in _ORIENTING_TEXT:
            return False
        if kind == b"IEND":
            return True
        pos = end + 4
    return False


def _whole_png_stream(data: bytes, width: int, height: int, colours: int) -> bool:
    """Whether `data` inflates, a piece at a time, to exactly `height` rows of `width` pixels, each row led
    by a PNG filter type (0-4), and ends there: a whole picture of that size, as a decoder reads it."""
    from zlib_ng import zlib_ng  # the same inflate as zlib's, about 4x faster (a dependency for captures)

    stride = 1 + width * colours
    expected = stride * height
    inflater = zlib_ng.decompressobj()
    total = 0
    pending = data
    try:
        while True:
            if pending:
                piece = inflater.decompress(pending, 1 << 20)
                if not piece and inflater.unconsumed_tail == pending:
                    return False  # no progress
                pending = inflater.unconsumed_tail
            else:
                piece = inflater.flush()  # input used up: what zlib still holds, if anything
            # the filter-type bytes are every stride-th byte from the next row's start; any above 4 is wrong
            if piece[(-total) % stride::stride].translate(None, b"\0\1\2\3\4"):
                return False
            total += len(piece)
            if total > expected:
                return False
            if inflater.eof or (not pending and not piece):
                break
    except Exception:  # zlib-ng's error (untyped) or zlib's: a damaged stream is not the same picture
        return False
    return total == expected and inflater.eof and not inflater.unused_data


def _same_jpeg(stored: _Stream, original: bytes) -> bool:
    """A page carrying the original JPEG file itself, shown unrotated: decoded once to prove it is whole."""
    if stored.data != original:
        return False
    try:
        with Image.open(io.BytesIO(original)) as opened:
            if opened.format != "JPEG" or opened.size != (stored.width, stored.height) \
                    or opened.mode != ("RGB" if stored.colours == 3 else "L") \
                    or opened.getexif().get(0x0112, 1) not in (None, 1):
                return False
            opened.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return False
    return True
