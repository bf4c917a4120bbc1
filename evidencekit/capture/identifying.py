"""Details inside a picture file that could identify the victim, found and removed without touching a pixel.

A phone's picture can carry the place where it was taken (EXIF GPS, XMP or IPTC location), the serial
number of the camera or lens, the owner's or author's name, and the maker's own notes (which often hold
a serial). A bundle can reach the defence, and so the offender, so none of that leaves by default: the
bundle attaches a *shareable copy* with those parts of the file removed, losslessly:

- JPEG: the APP segments other than JFIF, ICC profile and Adobe colour (APP1 EXIF and XMP, APP13
  IPTC, APP2 MPF ...), comments and anything after the end of the first picture (MPF previews carry
  their own EXIF) are dropped; the compressed picture data is copied as it is, never re-encoded;
- PNG: every chunk that is not about the pixels or their colours is dropped (eXIf, tEXt, zTXt, iTXt,
  private chunks);
- WebP: the EXIF and XMP chunks are dropped (VP8X flags and the RIFF size adjusted).

When the original is rotated by its EXIF orientation, the copy gets a new EXIF block holding only that
orientation, so it is shown the same way. The finder reads only the file's structure and metadata
blocks (Pillow's EXIF parser for the EXIF blocks); it never decodes pixels. Values found are for the
person's eyes (the window and the command line); only their kinds go to the journal.
Qt-free; also meant for reading EXIF times (see `exif_blocks`).
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from PIL import Image

from evidencekit.i18n import N_, _

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KINDS = ("location", "serial", "owner", "maker notes")
_GPS_IFD, _EXIF_IFD = 0x8825, 0x8769
_ORIENTATION = 0x0112
_SERIAL_TAGS = {0xA431: N_("camera serial number"), 0xA435: N_("lens serial number"),
                0xC62F: N_("camera serial number"), 0xA420: N_("unique picture number")}
_OWNER_TAGS = {0xA430: N_("camera owner"), 0x013B: N_("artist"), 0x8298: N_("copyright"), 0x9C9D: N_("author")}
_MAKER_NOTE = 0x927C
_XMP_LOCATION = ("exif:GPSLatitude", "exif:GPSLongitude", "exif:GPSAltitude", "photoshop:City", "photoshop:State",
                 "photoshop:Country", "Iptc4xmpCore:Location", "Iptc4xmpExt:LocationShown",
                 "Iptc4xmpExt:LocationCreated", "xmpDM:shotLocation", "drone-dji:GpsLatitude")
_XMP_SERIAL = ("aux:SerialNumber", "exifEX:BodySerialNumber", "aux:LensSerialNumber", "exifEX:LensSerialNumber",
               "exifEX:CameraOwnerName", "aux:OwnerName", "dc:creator", "photoshop:Author", "xmpRights:Owner")
_IPTC_LOCATION = {90: "city", 92: "sub-location", 95: "province or state", 101: "country", 100: "country code"}
_IPTC_OWNER = {80: "by-line", 116: "copyright notice", 118: "contact"}
_PNG_KEEP = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB", b"cICP",
             b"mDCv", b"cLLi", b"bKGD", b"pHYs", b"acTL", b"fcTL", b"fdAT"}
_PNG_OWNER_KEYS = {"author", "copyright", "owner", "artist", "creator", "location", "gps", "source", "disclaimer"}
_WEBP_DROP = {b"EXIF", b"XMP "}

LOCATION_WITH_PLACE = N_("This picture holds the place where it was taken: near {place}.")
LOCATION_NO_PLACE = N_("This picture holds details of the place where it was taken ({where}).")
SERIAL = N_("This picture holds the {what} of the device that made it: {value}.")
OWNER = N_("This picture holds a name written into it by the camera or an app ({what}): {value}.")
MAKER_NOTES = N_("This picture holds the camera maker's own notes, which often include the device's serial "
                 "number.")
WHAT_HAPPENS = N_("The bundle for the police attaches a copy without these details (the picture itself is "
                  "unchanged); the original stays sealed in the case and is only attached if you choose to "
                  "include it.")


@dataclass(frozen=True)
class Finding:
    """One identifying detail: its kind (one of KINDS), where in the file, and its value for the person."""

    kind: str
    where: str
    what: str
    value: str


@dataclass(frozen=True)
class Blocks:
    """The metadata blocks of one picture file, as stored (EXIF without its 'Exif\\0\\0' prefix)."""

    exif: list[bytes]
    xmp: list[bytes]
    iptc: list[bytes]
    texts: list[tuple[str, str]]


# ----- reading the blocks ------------------------------------------------------------------------

def _jpeg_segments(data: bytes, start: int = 2) -> Iterator[tuple[int, int, int]]:
    """(marker, start, end) of each marker segment with a length, from `start` up to the first scan; then
    the segments between scans, up to the end of the picture (EOI yields (0xD9, pos, pos + 2) and stops)."""
    pos, size, in_scan = start, len(data), False
    while pos + 1 < size:
        if data[pos] != 0xFF:
            if not in_scan:
                return
            pos += 1
            continue
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker == 0x00 or 0xD0 <= marker <= 0xD7 or marker == 0x01:
            pos += 2
            continue
        if marker == 0xD9:
            yield marker, pos, pos + 2
            return
        if pos + 4 > size:
            return
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        if length < 2:
            return
        end = min(pos + 2 + length, size)
        yield marker, pos, end
        pos = end
        in_scan = in_scan or marker == 0xDA


def _jpeg_blocks(data: bytes, blocks: Blocks, depth: int = 0) -> None:
    end_of_picture = len(data)
    for marker, start, end in _jpeg_segments(data):
        body = data[start + 4:end]
        if marker == 0xE1 and body.startswith(b"Exif\x00\x00"):
            blocks.exif.append(body[6:])
        elif marker == 0xE1 and (body.startswith(b"http://ns.adobe.com/xap/1.0/\x00")
                                 or body.startswith(b"http://ns.adobe.com/xmp/extension/\x00")):
            blocks.xmp.append(body)
        elif marker == 0xED:
            blocks.iptc.append(body)
        elif marker == 0xFE:
            blocks.texts.append(("comment", body.decode("utf-8", "replace")))
        elif marker == 0xD9:
            end_of_picture = end
    trailer = data[end_of_picture:]
    if depth == 0 and trailer:  # MPF previews and other pictures glued on after the first one
        for found in re.finditer(rb"\xff\xd8\xff", trailer):
            _jpeg_blocks(trailer[found.start():], blocks, depth + 1)
            break


def _png_chunks(data: bytes) -> Iterator[tuple[bytes, int, int]]:
    pos = 8
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        end = pos + 12 + length
        if end > len(data):
            return
        yield kind, pos, end
        pos = end
        if kind == b"IEND":
            return


def _png_text(kind: bytes, body: bytes) -> tuple[str, str]:
    key, _sep, rest = body.partition(b"\x00")
    name = key.decode("latin-1", "replace")
    try:
        if kind == b"tEXt":
            return name, rest.decode("latin-1", "replace")
        if kind == b"zTXt":
            return name, zlib.decompressobj().decompress(rest[1:], 1 << 20).decode("latin-1", "replace")
        compressed, _method, rest = rest[0], rest[1], rest[2:]
        _lang, _sep, rest = rest.partition(b"\x00")
        _translated, _sep, text = rest.partition(b"\x00")
        raw = zlib.decompressobj().decompress(text, 1 << 20) if compressed else text
        return name, raw.decode("utf-8", "replace")
    except (zlib.error, IndexError):
        return name, ""


def _png_blocks(data: bytes, blocks: Blocks) -> None:
    for kind, start, end in _png_chunks(data):
        body = data[start + 8:end - 4]
        if kind == b"eXIf":
            blocks.exif.append(body[6:] if body.startswith(b"Exif\x00\x00") else body)
        elif kind in (b"tEXt", b"zTXt", b"iTXt"):
            key, text = _png_text(kind, body)
            if key == "XML:com.adobe.xmp":
                blocks.xmp.append(text.encode("utf-8"))
            elif key == "Raw profile type exif" or key == "Raw profile type APP1":
                blocks.exif.append(_raw_profile(text))
            else:
                blocks.texts.append((key, text))


def _raw_profile(text: str) -> bytes:
    """ImageMagick's 'Raw profile type exif' text chunk: a name, a length, then hex digits."""
    digits = "".join(text.split()[2:]) if len(text.split()) > 2 else ""
    try:
        raw = bytes.fromhex(digits)
    except ValueError:
        return b""
    return raw[6:] if raw.startswith(b"Exif\x00\x00") else raw


def _riff_chunks(data: bytes) -> Iterator[tuple[bytes, int, int]]:
    pos = 12
    while pos + 8 <= len(data):
        kind = data[pos:pos + 4]
        (length,) = struct.unpack("<I", data[pos + 4:pos + 8])
        end = pos + 8 + length + (length & 1)
        if pos + 8 + length > len(data):
            return
        yield kind, pos, min(end, len(data))
        pos = end


def _webp_blocks(data: bytes, blocks: Blocks) -> None:
    for kind, start, _end in _riff_chunks(data):
        (length,) = struct.unpack("<I", data[start + 4:start + 8])
        body = data[start + 8:start + 8 + length]
        if kind == b"EXIF":
            blocks.exif.append(body[6:] if body.startswith(b"Exif\x00\x00") else body)
        elif kind == b"XMP ":
            blocks.xmp.append(body)


def file_kind(data: bytes) -> str:
    if data.startswith(b"\xff\xd8"):
        return "JPEG"
    if data.startswith(PNG_SIGNATURE):
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return ""


def metadata_blocks(data: bytes) -> Blocks:
    """The EXIF, XMP, IPTC and text blocks of a JPEG, PNG or WebP file (empty lists for anything else)."""
    blocks = Blocks([], [], [], [])
    kind = file_kind(data)
    if kind == "JPEG":
        _jpeg_blocks(data, blocks)
    elif kind == "PNG":
        _png_blocks(data, blocks)
    elif kind == "WEBP":
        _webp_blocks(data, blocks)
    return blocks


def exif_blocks(data: bytes) -> list[Image.Exif]:
    """Every EXIF block in the file, parsed (an unreadable block is skipped)."""
    parsed = []
    for raw in metadata_blocks(data).exif:
        exif = Image.Exif()
        try:
            exif.load(raw)
        except (OSError, ValueError, SyntaxError, struct.error, TypeError, KeyError, IndexError):
            continue
        if len(exif) or raw:
            parsed.append(exif)
    return parsed


# ----- what the blocks say -----------------------------------------------------------------------

def _degrees(value: object, ref: object) -> float | None:
    try:
        parts = [float(part) for part in value]  # type: ignore[attr-defined]
        degrees = parts[0] + (parts[1] if len(parts) > 1 else 0) / 60 + (parts[2] if len(parts) > 2 else 0) / 3600
    except (TypeError, ValueError, ZeroDivisionError, IndexError):
        return None
    if degrees != degrees or abs(degrees) > 180:  # NaN (a 0/0 rational) or nonsense
        return None
    return -degrees if str(ref).strip("\x00 ").upper() in ("S", "W") else degrees


def place_text(latitude: float, longitude: float) -> str:
    """'55.79° N, 3.99° W': two decimals, about a kilometre."""
    return (f"{abs(latitude):.2f}° {'S' if latitude < 0 else 'N'}, "
            f"{abs(longitude):.2f}° {'W' if longitude < 0 else 'E'}")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("utf-16-le" if value[1:2] == b"\x00" else "utf-8", "replace")
    return "".join(ch for ch in str(value) if ch.isprintable()).strip("\x00 ")[:120]


def _exif_findings(exif: Image.Exif) -> list[Finding]:
    found: list[Finding] = []
    try:
        gps = exif.get_ifd(_GPS_IFD)
        inner = exif.get_ifd(_EXIF_IFD)
    except (KeyError, ValueError, TypeError, struct.error):
        gps, inner = {}, {}
    if gps:
        latitude, longitude = _degrees(gps.get(2), gps.get(1)), _degrees(gps.get(4), gps.get(3))
        value = place_text(latitude, longitude) if latitude is not None and longitude is not None else ""
        found.append(Finding("location", "EXIF GPS", "place", value))
    for tags, kind in ((_SERIAL_TAGS, "serial"), (_OWNER_TAGS, "owner")):
        for tag, what in tags.items():
            value = _text(inner.get(tag) if tag in inner else exif.get(tag))
            if value:
                found.append(Finding(kind, "EXIF", what, value))
    if inner.get(_MAKER_NOTE):
        found.append(Finding("maker notes", "EXIF", "maker notes", ""))
    return found


def _xmp_findings(xmp: bytes) -> list[Finding]:
    text = xmp.decode("utf-8", "replace")
    found: list[Finding] = []
    for names, kind in ((_XMP_LOCATION, "location"), (_XMP_SERIAL, "serial")):
        for name in names:
            match = re.search(rf'{re.escape(name)}\s*=\s*"([^"]*)"|<{re.escape(name)}\b[^>]*>(.*?)</{re.escape(name)}>',
                              text, re.S)
            if not match:
                continue
            value = _text(re.sub(r"<[^>]+>", " ", match.group(1) or match.group(2) or "").strip())
            if kind == "serial" and name in ("dc:creator", "photoshop:Author", "xmpRights:Owner",
                                             "exifEX:CameraOwnerName", "aux:OwnerName"):
                found.append(Finding("owner", "XMP", name.split(":")[1], " ".join(value.split())))
            elif value or kind == "location":
                found.append(Finding(kind, "XMP", name.split(":")[1], " ".join(value.split())))
    return found


def _iptc_findings(block: bytes) -> list[Finding]:
    found: list[Finding] = []
    for match in re.finditer(rb"\x1c\x02(.)(..)", block, re.S):
        dataset = match.group(1)[0]
        (length,) = struct.unpack(">H", match.group(2))
        value = _text(block[match.end():match.end() + min(length, 200)])
        if dataset in _IPTC_LOCATION and value:
            found.append(Finding("location", "IPTC", _IPTC_LOCATION[dataset], value))
        elif dataset in _IPTC_OWNER and value:
            found.append(Finding("owner", "IPTC", _IPTC_OWNER[dataset], value))
    return found


def find_identifying(data: bytes) -> list[Finding]:
    """The identifying details in a picture file, in the order found; [] when there are none."""
    blocks = metadata_blocks(data)
    found: list[Finding] = []
    for exif in exif_blocks(data):
        found += _exif_findings(exif)
    for xmp in blocks.xmp:
        found += _xmp_findings(xmp)
    for iptc in blocks.iptc:
        found += _iptc_findings(iptc)
    for key, text in blocks.texts:
        if key.lower() in _PNG_OWNER_KEYS and text.strip():
            kind = "location" if key.lower() in ("location", "gps") else "owner"
            found.append(Finding(kind, "PNG text", key, _text(text)))
    unique: list[Finding] = []
    for finding in found:
        if finding not in unique and not (finding.kind == "location" and not finding.value
                                          and any(f.kind == "location" and f.value for f in found)):
            unique.append(finding)
    return unique


def kinds_of(findings: list[Finding]) -> list[str]:
    """The kinds present, in KINDS order (what the journal and the manifest record; never the values)."""
    return [kind for kind in KINDS if any(finding.kind == kind for finding in findings)]


def sentences(findings: list[Finding]) -> list[str]:
    """Plain words for the person, one sentence per detail, then what the bundle does about it."""
    lines: list[str] = []
    for finding in findings:
        if finding.kind == "location":
            line = (_(LOCATION_WITH_PLACE).format(place=finding.value) if finding.value and "°" in finding.value
                    else _(LOCATION_NO_PLACE).format(where=" ".join(v for v in (finding.what, finding.value) if v)))
        elif finding.kind == "serial":
            line = _(SERIAL).format(what=_(finding.what), value=finding.value)
        elif finding.kind == "owner":
            line = _(OWNER).format(what=_(finding.what), value=finding.value)
        else:
            line = _(MAKER_NOTES)
        if line not in lines:
            lines.append(line)
    if lines:
        lines.append(_(WHAT_HAPPENS))
    return lines


# ----- the shareable copy ------------------------------------------------------------------------

def _orientation(data: bytes) -> int:
    for exif in exif_blocks(data):
        value = exif.get(_ORIENTATION)
        if isinstance(value, int) and 2 <= value <= 8:
            return value
    return 1


def _orientation_exif(orientation: int) -> bytes:
    """A TIFF/EXIF block holding only the orientation (with the 'Exif\\0\\0' prefix)."""
    exif = Image.Exif()
    exif[_ORIENTATION] = orientation
    return exif.tobytes()


def _jpeg_copy(data: bytes, orientation: int) -> bytes:
    out = bytearray(data[:2])
    rotation = b""
    if orientation != 1:
        block = _orientation_exif(orientation)
        rotation = b"\xff\xe1" + struct.pack(">H", len(block) + 2) + block
    pos = 2
    for marker, start, end in _jpeg_segments(data):
        if start > pos:
            out += data[pos:start]  # entropy-coded picture data between segments, as it is
        body = data[start + 4:end]
        keep = marker != 0xFE  # comments go
        if 0xE0 <= marker <= 0xEF:
            keep = ((marker == 0xE0 and body.startswith(b"JFIF\x00"))
                    or (marker == 0xE2 and body.startswith(b"ICC_PROFILE\x00"))
                    or (marker == 0xEE and body.startswith(b"Adobe")))
        if rotation and not (marker == 0xE0 and keep):  # after a leading JFIF segment, else first
            out += rotation
            rotation = b""
        if keep:
            out += data[start:end]
        pos = end
    return bytes(out)


def _png_copy(data: bytes, orientation: int) -> bytes:
    out = bytearray(PNG_SIGNATURE)
    for kind, start, end in _png_chunks(data):
        if kind == b"IDAT" and orientation != 1:
            body = _orientation_exif(orientation)[6:]
            out += struct.pack(">I", len(body)) + b"eXIf" + body + struct.pack(">I", zlib.crc32(b"eXIf" + body))
            orientation = 1
        if kind in _PNG_KEEP:
            out += data[start:end]
    return bytes(out)


def _webp_copy(data: bytes, orientation: int) -> bytes:
    body = bytearray()
    for kind, start, end in _riff_chunks(data):
        if kind in _WEBP_DROP:
            continue
        chunk = bytearray(data[start:end])
        if kind == b"VP8X" and len(chunk) >= 12:
            chunk[8] &= ~0x0C & 0xFF  # the EXIF (0x08) and XMP (0x04) flags
            if orientation != 1:
                chunk[8] |= 0x08
        body += chunk
    if orientation != 1 and data[12:16] == b"VP8X":
        block = _orientation_exif(orientation)[6:]
        body += b"EXIF" + struct.pack("<I", len(block)) + block + (b"\x00" if len(block) & 1 else b"")
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + bytes(body)


def shareable_copy(data: bytes) -> bytes:
    """The picture file without its metadata blocks; the compressed pixels are the original's bytes."""
    kind = file_kind(data)
    orientation = _orientation(data)
    if kind == "JPEG":
        return _jpeg_copy(data, orientation)
    if kind == "PNG":
        return _png_copy(data, orientation)
    if kind == "WEBP":
        return _webp_copy(data, orientation)
    raise ValueError("not a JPEG, PNG or WebP file")
