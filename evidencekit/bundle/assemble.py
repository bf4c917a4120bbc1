"""Write the final unsigned PDF in one streaming pass: reportlab's pages, the pictures, the attachments.

reportlab lays out the pages with a 1×1 placeholder image per exhibit; pypdf parses that small PDF and
serialises its objects. The pictures and attached originals are written straight to the output file one
exhibit at a time, so memory stays flat however many exhibits a case has (pypdf's own writer and
reportlab both keep every stream in memory until the end). See docs/adr/031-streaming-assembly.md.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

from evidencekit.bundle.page_image import PageImage

PLACEHOLDER_PREFIX = "EKView"
_PLACEHOLDER_RE = re.compile(r"^/FormXob\.EKView(\d+)$")
PDF_HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


@dataclass(frozen=True)
class Attachment:
    """One embedded file: the name a reader shows and `pdfdetach` saves, and the SHA-256 in its description."""

    name: str
    data: bytes
    media_type: str
    description: str
    relationship: str = "Source"  # PDF 2.0 /AFRelationship: Source, Data, Supplement
    mod_date: str = ""  # D:YYYYMMDDHHmmSSZ

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class ExhibitPayload:
    """What one exhibit contributes at assembly time; produced just in time and dropped after writing."""

    picture: PageImage
    attachments: list[Attachment]


def placeholder_name(index: int) -> str:
    return f"{PLACEHOLDER_PREFIX}{index:05d}"


class _ObjectWriter:
    """Numbers, offsets and the cross-reference table of the file being written."""

    def __init__(self, out: BinaryIO, next_number: int) -> None:
        self.out = out
        self.offsets: dict[int, int] = {}
        self.next_number = next_number
        self.position = 0
        self._write(PDF_HEADER)

    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self.position += len(data)

    def allocate(self) -> int:
        number = self.next_number
        self.next_number += 1
        return number

    def write_object(self, number: int, obj: PdfObject) -> None:
        self.offsets[number] = self.position
        buffer = io.BytesIO()
        obj.write_to_stream(buffer)
        self._write(b"%d 0 obj\n" % number + buffer.getvalue() + b"\nendobj\n")

    def write_stream(self, number: int, dictionary: DictionaryObject, data: bytes) -> None:
        dictionary[NameObject("/Length")] = NumberObject(len(data))
        self.offsets[number] = self.position
        buffer = io.BytesIO()
        dictionary.write_to_stream(buffer)
        self._write(b"%d 0 obj\n" % number + buffer.getvalue() + b"\nstream\n")
        self._write(data)
        self._write(b"\nendstream\nendobj\n")

    def finish(self, trailer: DictionaryObject) -> None:
        start = self.position
        size = self.next_number
        lines = [b"xref\n0 %d\n" % size, b"0000000000 65535 f \n"]
        for number in range(1, size):
            offset = self.offsets.get(number)
            lines.append(b"%010d 00000 n \n" % offset if offset is not None else b"0000000000 00000 f \n")
        self._write(b"".join(lines))
        trailer[NameObject("/Size")] = NumberObject(size)
        buffer = io.BytesIO()
        trailer.write_to_stream(buffer)
        self._write(b"trailer\n" + buffer.getvalue() + b"\nstartxref\n%d\n%%%%EOF\n" % start)


def _picture_dict(picture: PageImage) -> DictionaryObject:
    entries: dict[Any, Any] = {
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Image"),
        NameObject("/Width"): NumberObject(picture.width),
        NameObject("/Height"): NumberObject(picture.height),
        NameObject("/ColorSpace"): NameObject("/" + picture.colour_space),
        NameObject("/BitsPerComponent"): NumberObject(8),
        NameObject("/Filter"): NameObject("/" + picture.filter),
    }
    if picture.predictor_colours:
        entries[NameObject("/DecodeParms")] = DictionaryObject({
            NameObject("/Predictor"): NumberObject(15),
            NameObject("/Colors"): NumberObject(picture.predictor_colours),
            NameObject("/BitsPerComponent"): NumberObject(8),
            NameObject("/Columns"): NumberObject(picture.width),
        })
    return DictionaryObject(entries)


def _write_attachment(writer: _ObjectWriter, reader: PdfReader, item: Attachment) -> IndirectObject:
    """Embedded-file stream + file specification; returns a reference to the file specification."""
    stream_number = writer.allocate()
    params = DictionaryObject({
        NameObject("/Size"): NumberObject(len(item.data)),
        NameObject("/CheckSum"): ByteStringObject(hashlib.md5(item.data, usedforsecurity=False).digest()),
    })
    if item.mod_date:
        params[NameObject("/ModDate")] = TextStringObject(item.mod_date)
    writer.write_stream(stream_number, DictionaryObject({
        NameObject("/Type"): NameObject("/EmbeddedFile"),
        NameObject("/Subtype"): NameObject("/" + item.media_type.replace("/", "#2F")),
        NameObject("/Params"): params,
    }), item.data)
    stream_ref = IndirectObject(stream_number, 0, reader)
    spec_number = writer.allocate()
    writer.write_object(spec_number, DictionaryObject({
        NameObject("/Type"): NameObject("/Filespec"),
        NameObject("/F"): TextStringObject(item.name),
        NameObject("/UF"): TextStringObject(item.name),
        NameObject("/Desc"): TextStringObject(item.description),
        NameObject("/AFRelationship"): NameObject("/" + item.relationship),
        NameObject("/EF"): DictionaryObject({NameObject("/F"): stream_ref, NameObject("/UF"): stream_ref}),
    }))
    return IndirectObject(spec_number, 0, reader)


def find_placeholders(reader: PdfReader) -> dict[int, int]:
    """Object number of each exhibit's placeholder image -> exhibit index (0-based)."""
    found: dict[int, int] = {}
    for page in reader.pages:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        if xobjects is None:
            continue
        for name, ref in xobjects.get_object().items():
            match = _PLACEHOLDER_RE.match(str(name))
            if match and isinstance(ref, IndirectObject):
                found[ref.idnum] = int(match.group(1))
    return found


def assemble_pdf(layout_pdf: bytes, out: BinaryIO, exhibit_count: int,
                 payloads: Callable[[], Iterator[ExhibitPayload]], extra: list[Attachment]) -> None:
    """Write the bundle to `out`: layout objects, then each exhibit's picture and files, then the catalog.

    `payloads()` yields one ExhibitPayload per exhibit in order; `extra` are the bundle-level files
    (manifest.json, the custody journal) attached after the exhibits.
    """
    reader = PdfReader(io.BytesIO(layout_pdf))
    placeholders = find_placeholders(reader)
    if sorted(placeholders.values()) != list(range(exhibit_count)):
        raise RuntimeError("the page layout does not hold one picture per exhibit")
    by_index = {index: number for number, index in placeholders.items()}
    numbers = sorted(reader.xref.get(0, {}))
    root_ref = reader.trailer.raw_get("/Root")
    writer = _ObjectWriter(out, max(numbers) + 1)
    for number in numbers:
        if number in placeholders or number == root_ref.idnum:
            continue
        writer.write_object(number, reader.get_object(number))  # type: ignore[arg-type]
    specs: list[tuple[str, IndirectObject]] = []
    count = 0
    for index, payload in enumerate(payloads()):
        writer.write_stream(by_index[index], _picture_dict(payload.picture), payload.picture.data)
        specs.extend((item.name, _write_attachment(writer, reader, item)) for item in payload.attachments)
        count += 1
    if count != exhibit_count:
        raise RuntimeError("fewer exhibit pictures were produced than pages laid out")
    specs.extend((item.name, _write_attachment(writer, reader, item)) for item in extra)
    _write_catalog(writer, reader, root_ref.idnum, specs)
    trailer = DictionaryObject({NameObject("/Root"): IndirectObject(root_ref.idnum, 0, reader)})
    for key in ("/Info", "/ID"):
        if key in reader.trailer:
            trailer[NameObject(key)] = reader.trailer.raw_get(key)
    writer.finish(trailer)


def _write_catalog(writer: _ObjectWriter, reader: PdfReader, root_number: int,
                   specs: list[tuple[str, IndirectObject]]) -> None:
    catalog = DictionaryObject(reader.get_object(root_number))  # type: ignore[call-overload]
    names_number = writer.allocate()
    pairs = ArrayObject()
    for name, ref in sorted(specs, key=lambda pair: pair[0].encode("utf-16-be")):
        pairs.extend([TextStringObject(name), ref])
    writer.write_object(names_number, DictionaryObject({NameObject("/Names"): pairs}))
    names = catalog.get("/Names")
    names_dict = DictionaryObject(names.get_object()) if names is not None else DictionaryObject()
    names_dict[NameObject("/EmbeddedFiles")] = IndirectObject(names_number, 0, reader)
    catalog[NameObject("/Names")] = names_dict
    catalog[NameObject("/AF")] = ArrayObject(ref for _name, ref in specs)
    if "/Lang" not in catalog:  # the bundle's language, as the layout wrote it (was always en-GB)
        catalog[NameObject("/Lang")] = TextStringObject("en-GB")
    catalog[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)})
    writer.write_object(root_number, catalog)
