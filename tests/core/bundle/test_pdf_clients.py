"""The bundle as ordinary PDF tools see it: qpdf, pdfinfo, pdfdetach + sha256sum, pdftotext, pdfsig."""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import pytest

from evidencekit.bundle.model import BundleResult
from tests.core.bundle.conftest import BuildBundle, make_case

pytestmark = pytest.mark.skipif(
    any(subprocess.run(["which", tool], capture_output=True).returncode for tool in
        ("qpdf", "pdfinfo", "pdfdetach", "pdftotext", "pdfsig")),
    reason="poppler-utils and qpdf are needed")


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=False, timeout=120)


def page_texts(pdf: Path) -> list[str]:
    return run("pdftotext", "-layout", pdf, "-").stdout.split("\f")


@pytest.fixture
def bundle(build: BuildBundle) -> BundleResult:
    return build(make_case(count=3, redact={1: [[0, 0, 200, 100]]}))


def test_qpdf_check_finds_no_errors(bundle: BundleResult) -> None:
    result = run("qpdf", "--check", bundle.path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


def test_pdfinfo_shows_title_author_and_page_count(bundle: BundleResult) -> None:
    info = run("pdfinfo", bundle.path).stdout
    assert re.search(r"^Title:\s+Evidence bundle EK-testcase$", info, re.M)  # never the case title
    assert re.search(r"^Author:\s+Pat Preparer \(Test Trust\)$", info, re.M)
    assert re.search(rf"^Pages:\s+{bundle.pages}$", info, re.M)
    assert bundle.pages >= 3 + 6  # front matter, three exhibits, back matter


def test_pdfdetach_lists_every_original_the_view_manifest_and_journal(bundle: BundleResult) -> None:
    listing = run("pdfdetach", "-list", bundle.path).stdout
    names = {line.split(": ", 1)[1] for line in listing.splitlines() if ": " in line}
    assert names == {"EK-001.png", "EK-002-redacted.png", "EK-003.png", "manifest.json", "custody-journal.jsonl"}


def test_saved_attachments_hash_to_the_values_printed_on_the_manifest_page(bundle: BundleResult,
                                                                           tmp_path: Path) -> None:
    out = tmp_path / "saved"
    out.mkdir()
    assert run("pdfdetach", "-saveall", "-o", out, bundle.path).returncode == 0
    sums = dict(line.split("  ", 1)[::-1] for line in run("sha256sum", *sorted(out.iterdir())).stdout.splitlines())
    pages = page_texts(bundle.path)
    manifest_page = next(text for text in pages if "Hash manifest" in text and "File, then its SHA-256" in text)
    for path, digest in sums.items():
        name = Path(path).name
        assert digest in manifest_page, f"{name}'s SHA-256 is not printed on the manifest page"
    cover = pages[0]
    assert sums[str(out / "manifest.json")] in cover  # the bundle fingerprint is the manifest's SHA-256
    assert sums[str(out / "manifest.json")] == bundle.fingerprint


def test_pdfsig_reports_a_valid_signature_over_the_whole_document(bundle: BundleResult) -> None:
    report = run("pdfsig", bundle.path).stdout
    assert "Signature is Valid." in report
    assert "Total document signed" in report


def test_a_flipped_byte_is_reported_by_pdfsig_and_fails_verify(bundle: BundleResult, tmp_path: Path) -> None:
    data = bytearray(bundle.path.read_bytes())
    data[len(data) // 3] ^= 0x01
    flipped = tmp_path / "flipped.pdf"
    flipped.write_bytes(bytes(data))
    assert "Signature is Valid." not in run("pdfsig", flipped).stdout
    from tests.core.store.cli import run_cli

    result = run_cli(["verify", str(flipped)], home=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAIL  signature" in result.stdout
    assert "Traceback" not in result.stderr


def test_identifiers_and_demand_appear_before_the_first_exhibit(bundle: BundleResult) -> None:
    pages = page_texts(bundle.path)
    first_exhibit = next(index for index, text in enumerate(pages) if "Exhibit EK-001" in text)
    before = "\n".join(pages[:first_exhibit])
    for needle in ("@qz_suspect_handle_77", "ACCT-5550001234", "bc1qtestwallet9999zzzz", "750 GBP",
                   "TEST/CRIME/0042"):
        assert needle in before, f"{needle} is not on the pages before the first exhibit"


def test_every_exhibit_page_carries_its_sha256_and_both_times(bundle: BundleResult, build: BuildBundle) -> None:
    import json

    pages = page_texts(bundle.path)
    manifest = json.loads(_attachment(bundle.path, "manifest.json"))
    for entry in manifest["exhibits"]:
        text = pages[entry["page"] - 1]
        assert f"Exhibit {entry['reference']}" in text
        assert entry["original"]["sha256"] in text
        captured = entry["recorded"]["time"]
        assert captured["utc"].replace("T", " ").removesuffix("Z") + " UTC" in text
        assert captured["local"][:19].replace("T", " ") in text


def _attachment(pdf: Path, name: str) -> bytes:
    from pypdf import PdfReader

    for entry in PdfReader(pdf).attachment_list:
        if entry.name == name:
            return entry.content
    raise AssertionError(f"{name} not attached")


def test_page_order_is_cover_summary_identifiers_timeline_exhibits_then_back_matter(bundle: BundleResult) -> None:
    pages = page_texts(bundle.path)
    order = ["EVIDENCE BUNDLE", "Summary for the officer", "Suspect identifiers", "Timeline", "Exhibit EK-001",
             "Exhibit EK-003", "Hash manifest", "Chain of custody", "How to verify this bundle",
             "Limits of this evidence", "Next steps for the person"]
    positions = [next(i for i, text in enumerate(pages) if needle in text and (i > 0 or needle == order[0]))
                 for needle in order]
    assert positions == sorted(positions)
    assert hashlib.sha256(bundle.path.read_bytes()).hexdigest() == bundle.sha256
