"""A change appended after the signature (an incremental update) is named: pages, annotations, attachments,
form fields, the document information; `--extract-signed OUT.pdf` writes the file as signed, which verifies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import FreeText
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

from evidencekit.bundle.model import BundleResult
from evidencekit.bundle.verify import VerifyOptions, verify_bundle
from tests.core.bundle.conftest import BuildBundle, make_case
from tests.core.store.cli import run_cli


@pytest.fixture
def signed(build: BuildBundle) -> BundleResult:
    return build(make_case(count=2, width=320, height=200))


def _later(result: object) -> object:
    return next(v for v in result.verdicts if v.check == "changes after signing")  # type: ignore[attr-defined]


def _write(writer: PdfWriter, out: Path, source: Path) -> Path:
    with out.open("wb") as handle:
        writer.write(handle)
    assert out.read_bytes().startswith(source.read_bytes())  # appended: the signed bytes are untouched
    return out


def test_nothing_after_the_signature_passes(signed: BundleResult) -> None:
    verdict = _later(verify_bundle(signed.path))
    assert verdict.status == "pass" and verdict.message == "Nothing was added to the file after it was signed."  # type: ignore[attr-defined]


def test_an_update_is_named_and_the_signed_revision_extracted_verifies(signed: BundleResult, tmp_path: Path) -> None:
    writer = PdfWriter(signed.path, incremental=True)
    writer.add_annotation(page_number=4, annotation=FreeText(text="not what the victim saw", rect=(50, 500, 300, 560)))
    writer.add_blank_page()
    writer.add_attachment("note.txt", b"added later")
    writer.add_metadata({"/Title": "changed after signing"})
    changed = _write(writer, tmp_path / "changed.pdf", signed.path)
    result = verify_bundle(changed)
    assert result.exit_code == 1
    verdict = _later(result)
    assert verdict.status == "fail" and "1 later revision(s)" in verdict.message  # type: ignore[attr-defined]
    assert "--extract-signed OUT.pdf" in verdict.message  # type: ignore[attr-defined]
    pages = len(PdfReader(signed.path).pages)
    assert verdict.problems == [  # type: ignore[attr-defined]
        f"1 page(s) added: page(s) {pages + 1} of the file as it is now",
        "annotation added: a text box saying 'not what the victim saw' on page 5",
        "attachment added: note.txt",
        "the document information (title, author, dates) changed",
    ]
    out = tmp_path / "as-signed.pdf"
    run = run_cli(["verify", "--extract-signed", str(out), str(changed)], home=tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "FAIL  changes after signing" in run.stdout and "attachment added: note.txt" in run.stdout
    assert f"was written to {out}" in run.stdout
    assert out.read_bytes() == signed.path.read_bytes()  # exactly the file evidencekit signed
    again = run_cli(["verify", str(out)], home=tmp_path)
    assert again.returncode == 0 and "Verdict: PASSED" in again.stdout, again.stdout


def test_a_changed_page_and_a_new_form_field_are_named(signed: BundleResult, tmp_path: Path) -> None:
    writer = PdfWriter(signed.path, incremental=True)
    page = writer.pages[0]
    widget = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
        NameObject("/FT"): NameObject("/Tx"), NameObject("/T"): TextStringObject("officer note"),
        NameObject("/V"): TextStringObject("checked, all fine"),
        NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (40, 40, 200, 60)]),
        NameObject("/P"): page.indirect_reference,
    })
    ref = writer._add_object(widget)
    page[NameObject("/Annots")] = ArrayObject([*(page.get("/Annots") or []), ref])
    writer._root_object["/AcroForm"]["/Fields"].append(ref)
    writer.pages[1].merge_page(PdfReader(signed.path).pages[0])  # draws the cover over page 2
    changed = _write(writer, tmp_path / "changed.pdf", signed.path)
    problems = _later(verify_bundle(changed)).problems  # type: ignore[attr-defined]
    assert "page 2 changed (what it draws, its pictures or its fonts)" in problems
    assert "annotation added: a form field on page 1" in problems
    assert "form field added: officer note" in problems


def test_a_manifest_replaced_by_an_update_is_named(signed: BundleResult, tmp_path: Path) -> None:
    writer = PdfWriter(signed.path, incremental=True)
    names = writer._root_object["/Names"]["/EmbeddedFiles"]["/Names"]
    index = list(names).index("manifest.json")
    names[index + 1].get_object()["/EF"]["/F"].get_object().set_data(b"{not json")
    changed = _write(writer, tmp_path / "changed.pdf", signed.path)
    result = verify_bundle(changed)
    assert result.exit_code == 1
    assert "attachment changed: manifest.json" in _later(result).problems  # type: ignore[attr-defined]


def test_bytes_appended_after_the_last_revision_are_named(signed: BundleResult, tmp_path: Path) -> None:
    changed = tmp_path / "tail.pdf"
    changed.write_bytes(signed.path.read_bytes() + b"hidden message after the end of the file\n")
    result = verify_bundle(changed)
    assert result.exit_code == 1
    verdict = _later(result)
    assert verdict.status == "fail" and "not a PDF revision" in verdict.problems[0]  # type: ignore[attr-defined]


def test_extract_signed_needs_a_signature_and_a_new_name(build: BuildBundle, signed: BundleResult,
                                                         tmp_path: Path) -> None:
    unsigned = build(make_case(count=1), name="unsigned.pdf", sign=False)
    out = tmp_path / "x.pdf"
    run = run_cli(["verify", "--allow-unsigned", "--extract-signed", str(out), str(unsigned.path)], home=tmp_path)
    assert run.returncode == 2 and "no signed revision to extract" in run.stderr and not out.exists()
    assert "Traceback" not in run.stdout + run.stderr
    taken = tmp_path / "taken.pdf"
    taken.write_bytes(b"keep me")
    run = run_cli(["verify", "--extract-signed", str(taken), str(signed.path)], home=tmp_path)
    assert run.returncode == 2 and "already exists" in run.stderr and taken.read_bytes() == b"keep me"
    report = json.loads(run_cli(["verify", "--json", "--extract-signed", str(out), str(signed.path)],
                                home=tmp_path).stdout)
    assert report["extracted_signed_revision"] == {"path": str(out), "size": signed.path.stat().st_size}
    assert verify_bundle(out, VerifyOptions()).exit_code == 0
