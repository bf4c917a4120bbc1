"""Import screenshots taken elsewhere (a phone, another tool): byte-exact copies, marked "imported".

Every file is checked by fully decoding it with Pillow before anything is stored, so a text file named
.png or a cut-off picture is refused with a sentence and nothing from that batch is kept. The batch is
never held in memory: the check pass keeps only each file's SHA-256 and record, then the files are read
again one at a time, their SHA-256 compared with the checked one, hashed, encrypted and written (peak
memory is one file, not the batch; bench/importing.py). A file changed between the two passes stops the
import there with a sentence naming what was already imported. File name, modified time and EXIF times
are recorded as claims: they come from the file and the device that made it, and anyone could have
changed them.
"""

from __future__ import annotations

import io
import os
import stat
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import PIL
from PIL import Image, UnidentifiedImageError

from evidencekit.canonical import sha256_hex
from evidencekit.capture.fields import check_fields
from evidencekit.capture.identifying import find_identifying, sentences
from evidencekit.capture.image_header import image_dimensions
from evidencekit.capture.linking import link_new_picture
from evidencekit.capture.metadata import os_record, software_record
from evidencekit.capture.shareable import copy_record, record_copy
from evidencekit.clock import stamp
from evidencekit.errors import UnreadableInput, UsageError
from evidencekit.store import CaseStore, Exhibit

MEDIA_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
MAX_IMPORT_BYTES = 200 * 1024 * 1024
MAX_PIXELS = Image.MAX_IMAGE_PIXELS or 89_478_485  # Pillow's own limit: above it, decoding is refused
CLAIM_NOTE = ("file name, modified time and EXIF details come from the file and the device that made it; "
              "they are claims, not checked by evidencekit")
_EXIF_IFD = 0x8769
_EXIF_TAGS = {36867: "date_time_original", 36881: "offset_time_original", 36868: "date_time_digitized"}
_BASE_TAGS = {306: "date_time", 271: "make", 272: "model", 305: "software"}


@dataclass(frozen=True)
class CheckedFile:
    """A file read once and proven to decode fully; `data` are the exact bytes to store."""

    path: Path
    data: bytes
    record: dict[str, Any]
    media_type: str


@dataclass(frozen=True)
class _Checked:
    """What the check pass keeps of a file: no bytes, so a batch of any size costs one file's memory."""

    path: Path
    sha256: str
    record: dict[str, Any]
    media_type: str


def check_image_file(path: Path) -> CheckedFile:
    """Read `path` and prove it is a whole PNG, JPEG or WebP picture; UnreadableInput otherwise."""
    data, modified = _read_regular_file(path)
    record, media_type = picture_record(path.name, data)
    record = {"file_name": path.name, "file_modified": stamp(modified).as_dict(), **record}
    return CheckedFile(path, data, record, media_type)


def _read_regular_file(path: Path) -> tuple[bytes, datetime]:
    """The bytes of `path` (a regular file of at most MAX_IMPORT_BYTES) and its modified time."""
    name = path.name
    try:
        # O_NONBLOCK: opening a named pipe or a device must not wait for a writer; only regular files are read
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError
            raise UsageError(f"{path} is not a regular file (it may be a pipe or a device); nothing was "
                             "imported.")
        with os.fdopen(fd, "rb") as handle:
            # read(n) first allocates n bytes: ask for the file's own size (+1 to notice growth), never
            # 200 MB for every file
            data = handle.read(min(info.st_size, MAX_IMPORT_BYTES) + 1)
            if len(data) > info.st_size:  # it grew since fstat: read on, still bounded
                data += handle.read(MAX_IMPORT_BYTES + 1 - len(data))
            modified = datetime.fromtimestamp(info.st_mtime, UTC)
    except FileNotFoundError:
        raise UsageError(f"The file {path} does not exist; nothing was imported.") from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a folder, not a picture; nothing was imported.") from None
    except OSError as exc:
        raise UsageError(f"The file {path} cannot be read ({exc.strerror}); nothing was imported.") from None
    if len(data) > MAX_IMPORT_BYTES:
        raise UnreadableInput(f"{name} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB, too large for a "
                              "screenshot; nothing was imported.")
    return data, modified


def picture_record(name: str, data: bytes) -> tuple[dict[str, Any], str]:
    """Prove `data` is a whole PNG, JPEG or WebP picture and describe it (UnreadableInput otherwise): the
    import record without the file's own name and time, and the media type. Also used for pictures that
    arrive inside a platform's chat archive."""
    claimed = image_dimensions(data)
    if claimed is not None and claimed[0] * claimed[1] > MAX_PIXELS:
        raise UnreadableInput(f"{name} is too large: {claimed[0]}×{claimed[1]} pixels (evidencekit takes pictures "
                              f"of up to {MAX_PIXELS // 1_000_000} million pixels); nothing was imported.")
    image_format, size, exif = _decode_fully(name, data)
    kinds, _copy = copy_record(data)
    record = {
        "file_size": len(data),
        "format": image_format,
        "pixels": {"width": size[0], "height": size[1]},
        "exif_time": exif.get("date_time_original"),
        "exif": exif,
        "identifying_metadata": kinds,  # the kinds only (location, serial ...): never their values
        "claims_note": CLAIM_NOTE,
        "software": {**software_record(), "pillow": PIL.__version__},
        "os": os_record(),
    }
    return record, MEDIA_TYPES[image_format]


def _decode_fully(name: str, data: bytes) -> tuple[str, tuple[int, int], dict[str, str]]:
    refused = (f"{name} is not a complete PNG, JPEG or WebP picture (it may be another kind of file, or "
               "damaged or cut short); nothing was imported.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                image_format = str(probe.format)
                if image_format not in MEDIA_TYPES:
                    raise UnreadableInput(f"{name} is a {image_format} picture; evidencekit imports PNG, JPEG "
                                          "and WebP only. Nothing was imported.")
                probe.verify()  # checksums and structure, where the format has them
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # decodes every pixel: a cut-off file fails here
                return image_format, image.size, _exif_claims(image)
    except UnreadableInput:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError,
            Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UnreadableInput(refused) from exc


def _exif_claims(image: Image.Image) -> dict[str, str]:
    exif = image.getexif()
    claims: dict[str, str] = {}
    for tag, key in _BASE_TAGS.items():
        if tag in exif:
            claims[key] = _text(exif[tag])
    for tag, key in _EXIF_TAGS.items():
        value = exif.get_ifd(_EXIF_IFD).get(tag)
        if value is not None:
            claims[key] = _text(value)
    return {key: value for key, value in claims.items() if value}


def _text(value: object) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).strip("\x00 ")[:200]


class ImportResult(list[Exhibit]):
    """The new exhibits (a list, as before), and what the person must be told about the batch."""

    def __init__(self) -> None:
        super().__init__()
        self.already: list[tuple[str, Exhibit]] = []  # (file name, the exhibit that already holds it)
        self.notes: dict[str, list[str]] = {}  # exhibit id -> sentences about identifying metadata


def import_files(store: CaseStore, paths: Sequence[Path | str], fields: Mapping[str, str | None] | None = None,
                 *, on_progress: Callable[[int, int, Exhibit], None] | None = None) -> ImportResult:
    """Check every file, then store each byte-exact as an `exhibit.imported` event; the new exhibits.

    One file at a time: the check pass keeps no bytes, the store pass reads each file again, proves it is
    the file that was checked (SHA-256) and stores it before reading the next.

    A file whose SHA-256 is already in the case (or earlier in the same batch) stores nothing new: the
    result's `already` names the exhibit that holds it. A picture holding identifying metadata gets an
    `exhibit.shareable_copy` record, and the result's `notes` say what it holds in plain words."""
    if not paths:
        raise UsageError("No files were given to import.")
    checked_fields = check_fields(fields)
    checked = [_check_and_forget(Path(path)) for path in paths]  # every file proven before anything is stored
    saved = ImportResult()
    for index, item in enumerate(checked, start=1):
        data = _read_checked_again(item, saved)
        digest = sha256_hex(data)
        held = next((e for e in store.state().exhibits if e.sha256 == digest), None)
        if held is not None:
            saved.already.append((item.path.name, held))
            continue
        event = store.add_object(data, media_type=item.media_type, action="exhibit.imported",
                                 data={"import": item.record, "fields": checked_fields})
        exhibit = store.state().exhibit(event.object_id or "")
        assert exhibit is not None
        findings = find_identifying(data)
        if findings:
            kinds, output = copy_record(data)
            if output is not None:
                record_copy(store, exhibit.id, exhibit.sha256, exhibit.size, kinds, output)
            saved.notes[exhibit.id] = sentences(findings)
        link_new_picture(store, exhibit, data)
        del data  # this file's bytes go before the next file is read
        saved.append(store.exhibit(exhibit.id) or exhibit)
        if on_progress:
            on_progress(index, len(checked), exhibit)
    return saved


def _check_and_forget(path: Path) -> _Checked:
    checked = check_image_file(path)
    return _Checked(checked.path, sha256_hex(checked.data), checked.record, checked.media_type)


def _read_checked_again(item: _Checked, saved: ImportResult) -> bytes:
    """`item`'s bytes read again for storing; refused if they are not the bytes that were checked."""
    try:
        data, _modified = _read_regular_file(item.path)
    except (UsageError, UnreadableInput):
        data = b""
    if sha256_hex(data) == item.sha256:
        return data
    from evidencekit.i18n import _

    done = [exhibit.reference for exhibit in saved]
    if done:
        raise UnreadableInput(_("{name} changed or went away while it was being imported, so it was not "
                                "imported, nor the files after it; the files before it were imported "
                                "({references}).").format(name=item.path.name, references=", ".join(done)))
    raise UnreadableInput(_("{name} changed or went away while it was being imported; nothing was "
                            "imported.").format(name=item.path.name))
