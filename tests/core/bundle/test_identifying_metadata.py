"""A phone picture's GPS position, camera serial and maker notes never leave in a default bundle.

A JPEG with GPS, a serial number, maker notes and DateTimeOriginal is imported through the CLI: the
case keeps it byte-exact; the import says in plain words what it holds; the default bundle attaches a
copy without those details (its compressed pixels the original's, unchanged) whose SHA-256 the manifest
and the journal tie to the original's; no byte of the PDF (streams decompressed by qpdf) carries the
serial or the GPS block; `--include-location` attaches the original; each exhibit page says which.
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
from pathlib import Path

from PIL import Image, ImageOps
from pypdf import PdfReader

from evidencekit.bundle.journal_export import check_chain
from evidencekit.capture.identifying import find_identifying, kinds_of, shareable_copy
from evidencekit.store import CaseStore
from tests.core.store.case_files import PASSPHRASE
from tests.core.store.cli import run_cli

SERIAL = "SN-TEST-4711"
MAKER_SERIAL = b"MAKERNOTE-SERIAL-0099"
OWNER = "Jane Q Victim"
TAKEN = "2026:05:01 21:14:03"


def phone_jpeg(*, orientation: int = 1, progressive: bool = False) -> bytes:
    image = Image.new("RGB", (320, 240), (240, 240, 235))
    for y in range(0, 240, 12):
        for x in range(0, 320, 3):
            image.putpixel((x, y), (20, 20, 20))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = "Google", "Pixel 7", orientation
    exif[0x8825] = {1: "N", 2: (55.0, 47.0, 24.0), 3: "W", 4: (3.0, 59.0, 24.0), 5: 0, 6: 102.0}
    inner = exif.get_ifd(0x8769)
    inner[36867] = TAKEN
    inner[0xA431] = SERIAL
    inner[0xA430] = OWNER
    inner[0x927C] = b"Nikon\x00\x02\x11\x00\x00" + MAKER_SERIAL
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, quality=92, progressive=progressive)
    xmp = (b'http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><rdf:Description exif:GPSLatitude="55,47.4N" '
           b'exif:GPSLongitude="3,59.4W" aux:SerialNumber="' + SERIAL.encode() + b'"/></x:xmpmeta>')
    data = out.getvalue()
    segment = b"\xff\xe1" + len(xmp + b"..").to_bytes(2, "big") + xmp
    return data[:2] + segment + data[2:]


def _pixels(data: bytes) -> tuple[tuple[int, int], bytes]:
    image = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    return image.size, image.convert("RGB").tobytes()


def _qdf_bytes(pdf: Path, tmp_path: Path) -> bytes:
    """Every stream of the PDF decompressed (attachments and page pictures included)."""
    out = tmp_path / f"{pdf.stem}-qdf.pdf"
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", "--decode-level=generalized", str(pdf), str(out)],
                   check=True, capture_output=True)
    return out.read_bytes()


def _attachments(pdf: Path) -> dict[str, bytes]:
    return {entry.name: entry.content for entry in PdfReader(pdf).attachment_list}


def _page_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def _gps_block(data: bytes) -> bytes:
    """A distinctive run of the GPS IFD's bytes as stored in the original (its latitude rationals)."""
    found = Image.open(io.BytesIO(data)).getexif()
    assert found.get_ifd(0x8825)
    raw = data[data.index(b"Exif\x00\x00"):]
    return raw[raw.index(b"\x00\x00\x00\x37\x00\x00\x00\x01"):][:8]  # 55/1 as a big-endian rational


def test_the_finder_and_the_copy_on_every_kind_of_file() -> None:
    for data in (phone_jpeg(), phone_jpeg(progressive=True), phone_jpeg(orientation=6)):
        found = find_identifying(data)
        assert kinds_of(found) == ["location", "serial", "owner", "maker notes"]
        assert any(f.value == "55.79° N, 3.99° W" for f in found)
        copy = shareable_copy(data)
        assert SERIAL.encode() not in copy and MAKER_SERIAL not in copy and OWNER.encode() not in copy
        assert find_identifying(copy) == [] and _pixels(copy) == _pixels(data)  # same pixels, same way up
        scan = data[data.index(b"\xff\xda"):]  # the compressed picture data is copied, never re-encoded
        assert scan in copy
    image = Image.open(io.BytesIO(phone_jpeg()))
    exif = image.getexif()
    for fmt, options in (("PNG", {}), ("WEBP", {"lossless": True})):
        out = io.BytesIO()
        image.save(out, format=fmt, exif=exif, **options)
        data = out.getvalue()
        assert "location" in kinds_of(find_identifying(data)) and SERIAL.encode() in data
        copy = shareable_copy(data)
        assert SERIAL.encode() not in copy and find_identifying(copy) == [] and _pixels(copy) == _pixels(data)


def test_a_phone_jpeg_leaves_only_as_a_copy_unless_the_person_includes_it(home: Path, tmp_path: Path,
                                                                        installed_identity: object) -> None:
    made = run_cli(["case", "new", "--title", "Phone picture", "--shared-computer", "--json"], home=home)
    case_id = json.loads(made.stdout)["id"]
    original = phone_jpeg()
    photo = tmp_path / "PXL_20260501_211403.jpg"
    photo.write_bytes(original)
    imported = run_cli(["import", case_id, str(photo)], home=home)
    assert imported.returncode == 0, imported.stderr
    assert "This picture holds the place where it was taken: near 55.79° N, 3.99° W." in imported.stdout
    assert f"serial number of the device that made it: {SERIAL}" in imported.stdout
    assert "maker's own notes" in imported.stdout and "copy without these details" in imported.stdout

    default = tmp_path / "default.pdf"
    exported = run_cli(["export", case_id, str(default)], home=home)
    assert exported.returncode == 0, exported.stderr
    assert "EK-001: the original holds the place where it was taken" in exported.stdout
    included = tmp_path / "included.pdf"
    assert run_cli(["export", case_id, str(included), "--include-location"], home=home).returncode == 0

    original_sha = hashlib.sha256(original).hexdigest()
    copy = shareable_copy(original)
    copy_sha = hashlib.sha256(copy).hexdigest()
    files = _attachments(default)
    assert set(files) == {"EK-001-shareable.jpg", "manifest.json", "custody-journal.jsonl"}
    assert files["EK-001-shareable.jpg"] == copy
    gps = _gps_block(original)
    for name, data in files.items():
        assert SERIAL.encode() not in data and MAKER_SERIAL not in data and OWNER.encode() not in data, name
        assert find_identifying(data) == [] if name.endswith(".jpg") else True
    qdf = _qdf_bytes(default, tmp_path)
    assert SERIAL.encode() not in qdf and MAKER_SERIAL not in qdf and OWNER.encode() not in qdf
    assert gps not in qdf and b"Exif\x00\x00" not in qdf  # not on the page picture either
    assert _pixels(files["EK-001-shareable.jpg"]) == _pixels(original)

    manifest = json.loads(files["manifest.json"])
    entry = manifest["exhibits"][0]
    assert entry["original"]["sha256"] == original_sha and entry["original"]["disposition"] == "withheld"
    assert entry["original"]["identifying_metadata"] == ["location", "serial", "owner", "maker notes"]
    shared = entry["shareable_copy"]
    assert (shared["sha256"], shared["derived_from"], shared["disposition"]) == (copy_sha, original_sha, "attached")
    journal = [json.loads(line) for line in files["custody-journal.jsonl"].splitlines()]
    tie = next(r for r in journal if r["seq"] == shared["journal_seq"])
    assert tie["action"] == "exhibit.shareable_copy" and tie["object"] == entry["id"]
    assert tie["inputs"][0]["sha256"] == original_sha and tie["outputs"][0]["sha256"] == copy_sha
    assert check_chain(files["custody-journal.jsonl"]).ok
    assert TAKEN in json.dumps(entry["recorded"])  # the EXIF time stays a recorded claim
    page = " ".join(_page_text(default, entry["page"]).split())
    assert "withheld, because the file holds the place where it was taken" in page
    assert "EK-001-shareable.jpg" in page and copy_sha[:16] in page.replace(" ", "")
    assert run_cli(["verify", str(default)], home=home).returncode == 0

    files = _attachments(included)
    assert files["EK-001.jpg"] == original and "EK-001-shareable.jpg" not in files
    assert SERIAL.encode() in _qdf_bytes(included, tmp_path)  # the search above finds what is there
    entry = json.loads(files["manifest.json"])["exhibits"][0]
    assert entry["original"]["disposition"] == "attached" and entry["shareable_copy"]["disposition"] == "withheld"
    page = " ".join(_page_text(included, entry["page"]).split())
    assert "attached to this PDF as EK-001.jpg" in page and "because the person chose to include it" in page
    assert run_cli(["verify", str(included)], home=home).returncode == 0
    for pdf in (default, included):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(entry["page"]), "-l", str(entry["page"]),
                        str(pdf), str(tmp_path / pdf.stem)], check=True)

    with CaseStore.open(case_id, home=home, passphrase=PASSPHRASE) as store:
        exhibit = store.state().exhibits[0]
        assert store.read_object(exhibit.id) == original  # byte-exact in the case
        assert exhibit.recorded["identifying_metadata"] == ["location", "serial", "owner", "maker notes"]
