"""Same picture, same protection: the same file imported twice is one exhibit; a covered picture whose
pixels also appear in a capture shows uncovered on no page (pdftoppm) and in no attachment."""

from __future__ import annotations

import io
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from evidencekit.bundle.export import export_case, record_redactions
from evidencekit.bundle.signing import SigningIdentity
from evidencekit.capture.fixture_backend import FixtureBackend
from evidencekit.capture.importer import import_files
from evidencekit.capture.linking import LINK_ACTION, spread_redaction
from evidencekit.capture.request import CaptureRequest
from evidencekit.capture.service import capture_to_case
from evidencekit.redaction import RedactionRequest
from evidencekit.store import CaseStore
from tests.core.store.case_files import PASSPHRASE
from tests.core.store.cli import run_cli

CANARY = (255, 0, 255)  # the "intimate" part: pure magenta, found nowhere else in the bundle
BOX = (200, 150, 240, 180)  # x, y, w, h: covers the whole magenta patch (with a margin)


def intimate_desktop() -> Image.Image:
    image = Image.new("RGB", (960, 540), (235, 236, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 959, 40), fill=(42, 93, 176))
    draw.text((12, 14), "Chat with lena_2003", fill=(255, 255, 255))
    draw.rectangle((220, 170, 419, 309), fill=CANARY)
    draw.text((40, 400), "Pay or I send this to everyone", fill=(17, 17, 17))
    return image


def png_bytes(image: Image.Image, level: int) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=level)
    return out.getvalue()


def canary_pixels(image: Image.Image) -> int:
    """Pixels close to magenta (JPEG-ish rendering tolerance) in a rendered page or a decoded file."""
    rgb = image.convert("RGB")
    red, green, blue = rgb.split()
    mask = Image.eval(red, lambda v: 255 if v > 200 else 0)
    mask = Image.composite(mask, Image.new("L", rgb.size, 0), Image.eval(green, lambda v: 255 if v < 60 else 0))
    mask = Image.composite(mask, Image.new("L", rgb.size, 0), Image.eval(blue, lambda v: 255 if v > 200 else 0))
    return mask.histogram()[255]


def rendered_pages(pdf: Path, folder: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(folder / pdf.stem)], check=True)
    return sorted(folder.glob(f"{pdf.stem}-*.png"))


@pytest.fixture
def store(home: Path) -> Iterator[CaseStore]:
    created = CaseStore.create("Same picture", PASSPHRASE, shared_computer=True, home=home)
    yield created.store
    created.store.close()


def test_the_same_file_imported_twice_is_one_exhibit(home: Path, tmp_path: Path) -> None:
    case_id = json.loads(run_cli(["case", "new", "--title", "Twice", "--shared-computer", "--json"],
                                 home=home).stdout)["id"]
    first, second = tmp_path / "IMG_1.png", tmp_path / "IMG_1 (copy).png"
    first.write_bytes(png_bytes(intimate_desktop(), 6))
    second.write_bytes(first.read_bytes())
    assert run_cli(["import", case_id, str(first)], home=home).returncode == 0
    events_before = json.loads(run_cli(["case", "show", case_id, "--json"], home=home).stdout)["events"]
    again = run_cli(["import", case_id, str(second), str(first)], home=home)
    assert again.returncode == 0, again.stderr
    assert "IMG_1 (copy).png is already in this case as EK-001" in again.stdout
    assert "IMG_1.png is already in this case as EK-001" in again.stdout and "nothing new was stored" in again.stdout
    shown = json.loads(run_cli(["case", "show", case_id, "--json"], home=home).stdout)
    assert shown["events"] == events_before  # nothing stored, not even a record
    listed = json.loads(run_cli(["exhibits", case_id, "--json"], home=home).stdout)
    assert len(listed["exhibits"]) == 1


def test_a_covered_picture_is_covered_in_its_twin_capture_on_every_page(store: CaseStore, tmp_path: Path,
                                                                         signing_identity: SigningIdentity) -> None:
    picture = intimate_desktop()
    imported = tmp_path / "photo.png"
    imported.write_bytes(png_bytes(picture, 9))
    (first,) = import_files(store, [imported])
    record_redactions(store, [RedactionRequest(first.reference, BOX)], include_original=False)
    # the same pixels on the screen, captured later: other PNG bytes, same pixels
    backend = FixtureBackend([png_bytes(picture, 1)])
    (capture,) = capture_to_case(store, CaptureRequest(), backend=backend)
    assert capture.sha256 != first.sha256
    assert capture.redaction is not None and capture.redaction.boxes == [BOX]
    links = [e for e in store.events() if e.action == LINK_ACTION]
    assert [(e.object_id, e.data["to"], e.data["same"]) for e in links] == [(capture.id, first.id, "pixels")]
    # a third: other pixels (one more line of text), never covered: not linked
    other = intimate_desktop()
    ImageDraw.Draw(other).text((40, 440), "second conversation", fill=(0, 0, 0))
    (unrelated,) = capture_to_case(store, CaptureRequest(), backend=FixtureBackend([png_bytes(other, 1)]))
    assert store.exhibit(unrelated.id).redaction is None  # other pixels: not linked

    out = tmp_path / "bundle.pdf"
    export_case(store, out, identity=signing_identity)
    state = store.state()
    covered = {e.reference for e in state.pictures if e.redaction}
    assert covered == {first.reference, capture.reference}
    reader = PdfReader(out)
    manifest = json.loads(next(e.content for e in reader.attachment_list if e.name == "manifest.json"))
    uncovered_page = next(e["page"] for e in manifest["exhibits"] if e["reference"] == unrelated.reference)
    pages = rendered_pages(out, tmp_path)
    assert len(pages) == len(reader.pages)
    shown = {index: canary_pixels(Image.open(page)) for index, page in enumerate(pages, start=1)}
    # the one picture that was never covered shows its magenta (so the count sees it); no other page does
    assert shown.pop(uncovered_page) > 500 and not any(shown.values()), shown
    for entry in reader.attachment_list:
        if entry.name.endswith(".png") and not entry.name.startswith(unrelated.reference):
            assert canary_pixels(Image.open(io.BytesIO(entry.content))) == 0, entry.name
    twin_page = next(e["page"] for e in manifest["exhibits"] if e["reference"] == capture.reference)
    text = subprocess.run(["pdftotext", "-layout", "-f", str(twin_page), "-l", str(twin_page), str(out), "-"],
                          capture_output=True, text=True, check=True).stdout
    words = " ".join(text.split())
    assert "Same picture as" in words and f"{first.reference} (the same pixels, taken again later" in words
    dispositions = {e["reference"]: e["original"]["disposition"] for e in manifest["exhibits"]}
    assert dispositions[first.reference] == dispositions[capture.reference] == "withheld"


def test_uncovering_one_uncovers_its_twin_and_changing_boxes_follows(store: CaseStore, tmp_path: Path) -> None:
    picture = intimate_desktop()
    path = tmp_path / "photo.png"
    path.write_bytes(png_bytes(picture, 9))
    (first,) = import_files(store, [path])
    (capture,) = capture_to_case(store, CaptureRequest(), backend=FixtureBackend([png_bytes(picture, 0)]))
    store.append_event("exhibit.redaction_set", {"boxes": [list(BOX)], "include_original": True},
                       object_id=capture.id)
    assert spread_redaction(store, capture.id) == [first.reference]
    twin = store.exhibit(first.id)
    assert twin is not None and twin.redaction is not None
    assert twin.redaction.boxes == [BOX] and twin.redaction.include_original
    store.append_event("exhibit.redaction_set", {"boxes": [], "include_original": False}, object_id=first.id)
    assert spread_redaction(store, first.id) == [capture.reference]
    assert store.exhibit(capture.id).redaction is None


def test_boxes_written_without_looking_for_twins_are_spread_before_an_export(
        store: CaseStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from evidencekit.capture import linking

    picture = intimate_desktop()
    path = tmp_path / "photo.png"
    path.write_bytes(png_bytes(picture, 9))
    (first,) = import_files(store, [path])
    (capture,) = capture_to_case(store, CaptureRequest(), backend=FixtureBackend([png_bytes(picture, 0)]))
    # what the review page writes at a quick exit: the boxes only, no search for twins
    store.append_event("exhibit.redaction_set", {"boxes": [list(BOX)], "include_original": False},
                       object_id=first.id)
    assert store.exhibit(capture.id).redaction is None
    assert linking.spread_all(store) == [capture.reference]
    assert store.exhibit(capture.id).redaction.boxes == [BOX]
    decoded: list[int] = []
    real = linking.pixel_key
    monkeypatch.setattr(linking, "pixel_key", lambda data: decoded.append(1) or real(data))
    linking._keys.clear()
    assert linking.spread_all(store) == [] and decoded == []  # known links: nothing decoded again
    assert linking.save_boxes(store, capture.id, {"boxes": [[0, 0, 50, 50]], "include_original": False}) == \
        [first.reference]
    assert store.exhibit(first.id).redaction.boxes == [(0, 0, 50, 50)]
    assert linking.spread_all(store) == []  # the newest boxes win, and stay
    assert store.exhibit(first.id).redaction.boxes == [(0, 0, 50, 50)]
