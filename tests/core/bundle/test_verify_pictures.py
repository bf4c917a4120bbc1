"""verify compares the picture each exhibit page shows with the attached original, pixel for pixel (and a
redacted view with the original plus its recorded black boxes): a swapped page picture fails, signed or
unsigned, and the failure names the exhibit and its page."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, FloatObject, NameObject

from evidencekit.bundle.demo_screens import render_chat_png, synthetic_conversation
from evidencekit.bundle.page_image import png_passthrough
from evidencekit.bundle.verify import VerifyOptions, format_result, verify_bundle
from tests.core.bundle.conftest import BuildBundle, make_case
from tests.core.store.cli import run_cli

UNSIGNED_OK = VerifyOptions(allow_unsigned=True)


def _verdict(result: object, name: str = "page pictures") -> object:
    return next(v for v in result.verdicts if v.check == name)  # type: ignore[attr-defined]


def _manifest(path: Path) -> dict:
    reader = PdfReader(path)
    return json.loads(next(a.content for a in reader.attachment_list if a.name == "manifest.json"))


def _page_image(writer: PdfWriter, page: int) -> object:
    xobjects = writer.pages[page - 1]["/Resources"]["/XObject"]
    return next(ref.get_object() for ref in xobjects.values() if ref.get_object()["/Subtype"] == "/Image")


def _changed_idat(original_png: bytes, box: tuple[int, int, int, int], colour: tuple[int, int, int]) -> bytes:
    """The IDAT (compressed pixels) of `original_png` with a rectangle painted over: what a forger puts in
    the page's image stream so the page shows another picture while the attached original stays."""
    image = Image.open(io.BytesIO(original_png)).convert("RGB")
    ImageDraw.Draw(image).rectangle(box, fill=colour)
    out = io.BytesIO()
    image.save(out, format="PNG")
    view = png_passthrough(out.getvalue())
    assert view is not None
    return view.data


def _swap_page_picture(source: Path, out: Path, page: int, idat: bytes, *, incremental: bool) -> Path:
    writer = PdfWriter(source, incremental=True) if incremental else PdfWriter(clone_from=PdfReader(source))
    stream = _page_image(writer, page)
    stream._data = idat  # the same image dictionary (size, predictor), other pixels
    if incremental:
        writer._objects[stream.indirect_reference.idnum - 1] = stream  # mark it changed
    with out.open("wb") as handle:
        writer.write(handle)
    return out


def test_every_page_picture_of_a_good_bundle_is_compared(build: BuildBundle) -> None:
    result = verify_bundle(build(make_case(count=3, width=320, height=200), sign=False).path, UNSIGNED_OK)
    verdict = _verdict(result)
    assert result.exit_code == 0 and verdict.status == "pass", format_result(result)  # type: ignore[attr-defined]
    assert "each of 3 exhibit pages" in verdict.message  # type: ignore[attr-defined]


@pytest.mark.parametrize("signed", [False, True])
def test_a_swapped_page_picture_fails_naming_the_exhibit_and_page(build: BuildBundle, tmp_path: Path,
                                                                   signed: bool) -> None:
    case = make_case(count=2, width=320, height=200)
    bundle = build(case, sign=signed)
    manifest = _manifest(bundle.path)
    second = manifest["exhibits"][1]
    original = list(case.objects.values())[1]
    idat = _changed_idat(original, (10, 10, 40, 30), (255, 0, 0))
    swapped = _swap_page_picture(bundle.path, tmp_path / "swapped.pdf", second["page"], idat, incremental=signed)
    result = verify_bundle(swapped, UNSIGNED_OK)
    assert result.exit_code == 1
    verdict = _verdict(result)
    assert verdict.status == "fail"  # type: ignore[attr-defined]
    problem = verdict.problems[0]  # type: ignore[attr-defined]
    assert problem.startswith(f"EK-002 (page {second['page']}): the picture on the page is not the attached "
                              "original EK-002.png")
    assert "within x 10–40, y 10–30" in problem and "EK-001" not in "".join(verdict.problems)  # type: ignore[attr-defined]
    if signed:
        assert _verdict(result, "signature").status == "fail"  # type: ignore[attr-defined]
    else:
        assert all(v.status != "fail" for v in result.verdicts if v.check != "page pictures")  # type: ignore[attr-defined]
    run = run_cli(["verify", "--allow-unsigned", str(swapped)], home=tmp_path)
    assert run.returncode == 1 and "FAIL  page pictures" in run.stdout and "EK-002 (page" in run.stdout


def test_a_redacted_view_is_checked_against_the_original_with_its_boxes(build: BuildBundle, tmp_path: Path) -> None:
    box = [20, 30, 100, 40]
    case = make_case(count=1, width=320, height=200, redact={0: [box]}, include_original=True)
    bundle = build(case, sign=False)
    good = verify_bundle(bundle.path, UNSIGNED_OK)
    assert _verdict(good).status == "pass" and "1 redacted view" in _verdict(good).message, format_result(good)  # type: ignore[attr-defined]
    manifest = _manifest(bundle.path)
    entry = manifest["exhibits"][0]
    assert entry["original"]["disposition"] == "attached" and entry["view"]["boxes"] == [box]
    # Lift the black box off the page: the page now shows what the victim covered.
    uncovered = png_passthrough(case.objects[entry["id"]]).data  # type: ignore[union-attr]  # the original's pixels
    swapped = _swap_page_picture(bundle.path, tmp_path / "uncovered.pdf", entry["page"], uncovered, incremental=False)
    verdict = _verdict(verify_bundle(swapped, UNSIGNED_OK))
    assert verdict.status == "fail"  # type: ignore[attr-defined]
    assert "EK-001" in verdict.problems[0] and "redacted view EK-001-redacted.png" in verdict.problems[0]  # type: ignore[attr-defined]


def test_a_redacted_view_without_its_original_must_keep_its_boxes_black(build: BuildBundle, tmp_path: Path) -> None:
    box = [20, 30, 100, 40]
    case = make_case(count=1, width=320, height=200, redact={0: [box]})
    bundle = build(case, sign=False)
    entry = _manifest(bundle.path)["exhibits"][0]
    assert entry["original"]["disposition"] == "withheld"
    assert _verdict(verify_bundle(bundle.path, UNSIGNED_OK)).status == "pass"
    # A forger swaps both the page picture and the attached redacted view for one with a grey box.
    reader = PdfReader(bundle.path)
    redacted = next(a.content for a in reader.attachment_list if a.name == "EK-001-redacted.png")
    grey = _changed_idat(redacted, (20, 30, 119, 69), (128, 128, 128))
    swapped = _swap_page_picture(bundle.path, tmp_path / "grey.pdf", entry["page"], grey, incremental=False)
    problems = _verdict(verify_bundle(swapped, UNSIGNED_OK)).problems  # type: ignore[attr-defined]
    assert any("redacted view EK-001-redacted.png" in p for p in problems), problems


def test_a_picture_the_page_shows_as_a_display_copy_is_compared_too(build: BuildBundle) -> None:
    """An original with transparency is shown as a re-encoded copy on white; its pixels are still compared."""
    base = Image.open(io.BytesIO(render_chat_png(synthetic_conversation(1), width=200, height=120, seed=1)))
    rgba = base.convert("RGBA")
    rgba.putpixel((5, 5), (255, 0, 0, 0))
    out = io.BytesIO()
    rgba.save(out, format="PNG")
    result = verify_bundle(build(make_case([out.getvalue()], width=200, height=120), sign=False).path, UNSIGNED_OK)
    entry = _manifest(result.path)["exhibits"][0]
    assert entry["view"]["kind"] == "display copy"
    assert _verdict(result).status == "pass", format_result(result)  # type: ignore[attr-defined]


def test_a_page_picture_in_a_form_evidencekit_never_writes_fails(build: BuildBundle, tmp_path: Path) -> None:
    bundle = build(make_case(count=1, width=320, height=200), sign=False)
    page = _manifest(bundle.path)["exhibits"][0]["page"]
    writer = PdfWriter(clone_from=PdfReader(bundle.path))
    image = _page_image(writer, page)
    image[NameObject("/Decode")] = ArrayObject([FloatObject(1), FloatObject(0)] * 3)  # inverts every colour
    out = tmp_path / "inverted.pdf"
    with out.open("wb") as handle:
        writer.write(handle)
    verdict = _verdict(verify_bundle(out, UNSIGNED_OK))
    assert verdict.status == "fail"  # type: ignore[attr-defined]
    assert "not stored the way evidencekit stores pictures" in verdict.problems[0]  # type: ignore[attr-defined]


@pytest.mark.parametrize("orientation", [1, 6])
def test_a_shareable_copy_stands_for_a_withheld_original(build: BuildBundle, tmp_path: Path,
                                                         orientation: int) -> None:
    """A phone picture leaves as a copy without its location (same pixels); the page is compared with it."""
    from tests.core.bundle.test_identifying_metadata import phone_jpeg

    size = (320, 240) if orientation == 1 else (240, 320)
    case = make_case([phone_jpeg(orientation=orientation)], width=size[0], height=size[1], media_type="image/jpeg")
    bundle = build(case, sign=False)
    entry = _manifest(bundle.path)["exhibits"][0]
    assert entry["original"]["disposition"] == "withheld" and entry["shareable_copy"]["disposition"] == "attached"
    result = verify_bundle(bundle.path, UNSIGNED_OK)
    assert _verdict(result).status == "pass", format_result(result)  # type: ignore[attr-defined]
    assert "each of 1 exhibit pages" in _verdict(result).message  # type: ignore[attr-defined]
    if orientation == 1:  # the JPEG's own scan data is the page stream: swap it for another picture
        other = io.BytesIO()
        Image.new("RGB", size, (0, 90, 0)).save(other, format="JPEG")
        swapped = _swap_page_picture(bundle.path, tmp_path / "swapped.pdf", entry["page"], other.getvalue(),
                                     incremental=False)
        problems = _verdict(verify_bundle(swapped, UNSIGNED_OK)).problems  # type: ignore[attr-defined]
        assert problems and "the attached shareable copy EK-001-shareable.jpg" in problems[0], problems


def test_originals_in_the_zip_beside_the_pdf_are_compared_and_a_missing_zip_is_said(build: BuildBundle) -> None:
    bundle = build(make_case(count=2, width=320, height=200), sign=False, originals="zip")
    assert bundle.zip_path is not None and bundle.zip_path.is_file()
    result = verify_bundle(bundle.path, UNSIGNED_OK)
    assert _verdict(result).status == "pass" and "each of 2 exhibit pages" in _verdict(result).message  # type: ignore[attr-defined]
    bundle.zip_path.unlink()
    verdict = _verdict(verify_bundle(bundle.path, UNSIGNED_OK))
    assert verdict.status == "skip" and len(verdict.problems) == 2  # type: ignore[attr-defined]
    assert "EK-001: neither its original nor a shareable copy is in the bundle" in verdict.problems[0]  # type: ignore[attr-defined]
