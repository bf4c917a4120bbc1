"""Exporting a real case: the journal records the export with the PDF's SHA-256, redactions are journaled,
cancel and failure leave nothing behind, options do what they say."""

from __future__ import annotations

import hashlib
import json
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from evidencekit.bundle.builder import build_bundle
from evidencekit.bundle.export import export_case
from evidencekit.bundle.model import BundleOptions
from evidencekit.bundle.signing import SigningIdentity
from evidencekit.details import set_details
from evidencekit.errors import Cancelled, UsageError
from evidencekit.fsio import TEMP_PREFIX
from evidencekit.redaction import RedactionRequest
from evidencekit.store import CaseStore
from tests.core.bundle.conftest import DETAILS, VICTIM_PHONE, make_case
from tests.core.store.case_files import PASSPHRASE
from tests.core.store.cli import run_cli


@pytest.fixture
def store(home: Path) -> Iterator[CaseStore]:
    """An open case with three chat captures and the test details, nothing in any keyring."""
    created = CaseStore.create("Store export case", PASSPHRASE, shared_computer=True, home=home)
    case = make_case(count=3)
    for exhibit in case.state.exhibits:
        store_event = next(e for e in case.events if e.object_id == exhibit.id)
        created.store.add_object(case.objects[exhibit.id], media_type="image/png", action="exhibit.captured",
                                 data=store_event.data)
    set_details(created.store, DETAILS)
    yield created.store
    created.store.close()


def attachments(pdf: Path) -> dict[str, bytes]:
    return {entry.name: entry.content for entry in PdfReader(pdf).attachment_list}


def test_export_appends_an_event_with_the_pdfs_sha256(store: CaseStore, tmp_path: Path,
                                                      signing_identity: SigningIdentity) -> None:
    out = tmp_path / "bundle.pdf"
    result = export_case(store, out, identity=signing_identity)
    event = store.events()[-1]
    assert event.action == "bundle.exported"
    assert event.data["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest() == result.sha256
    assert event.outputs == [{"sha256": result.sha256, "size": out.stat().st_size}]
    assert event.data["signing_root_sha256"] == signing_identity.root_sha256
    assert event.data["fingerprint"] == result.fingerprint
    assert store.state().exports[-1]["sha256"] == result.sha256
    manifest = json.loads(attachments(out)["manifest.json"])
    assert manifest["journal"]["records"] == len(store.events()) - 1  # the export event comes after the file


def test_redact_option_records_a_redaction_event_and_withholds_the_original(store: CaseStore, tmp_path: Path,
                                                                           signing_identity: SigningIdentity) -> None:
    second = store.state().exhibits[1]
    result = export_case(store, tmp_path / "b.pdf", redactions=[RedactionRequest("EK-002", (5, 5, 100, 50))],
                         identity=signing_identity)
    redaction = [e for e in store.events() if e.action == "exhibit.redaction_set"]
    assert len(redaction) == 1 and redaction[0].object_id == second.id
    assert redaction[0].data == {"boxes": [[5, 5, 100, 50]], "include_original": False, "same_checked": True}
    files = attachments(result.path)
    assert "EK-002.png" not in files and "EK-002-redacted.png" in files and "EK-001.png" in files
    export_case(store, tmp_path / "again.pdf", redactions=[RedactionRequest("EK-002", (5, 5, 100, 50))],
                identity=signing_identity)
    assert len([e for e in store.events() if e.action == "exhibit.redaction_set"]) == 1  # unchanged: not re-recorded


def test_redacting_an_unknown_exhibit_or_outside_the_picture_changes_nothing(store: CaseStore,
                                                                            tmp_path: Path) -> None:
    before = len(store.events())
    with pytest.raises(UsageError, match="EK-009"):
        export_case(store, tmp_path / "b.pdf", redactions=[RedactionRequest("EK-009", (0, 0, 5, 5))])
    with pytest.raises(UsageError, match="outside the picture"):
        export_case(store, tmp_path / "b.pdf", redactions=[RedactionRequest("EK-001", (5000, 5000, 5, 5))])
    assert len(store.events()) == before and not (tmp_path / "b.pdf").exists()


def test_cancel_leaves_no_file_no_temp_file_and_records_that_it_stopped(store: CaseStore, tmp_path: Path,
                                                                        signing_identity: SigningIdentity) -> None:
    out = tmp_path / "cancelled.pdf"
    out.write_bytes(b"an earlier bundle")
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int, _what: str) -> None:
        seen.append((done, total))

    before = len(store.events())
    with pytest.raises(Cancelled) as stopped:
        export_case(store, out, progress=progress, cancelled=lambda: len(seen) >= 5, identity=signing_identity)
    assert "No bundle was written" in stopped.value.message
    assert "custody journal records that this export did not finish" in stopped.value.message
    assert out.read_bytes() == b"an earlier bundle"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(TEMP_PREFIX)]
    started, failed = store.events()[before:]  # intent before any byte, then the outcome
    assert started.action == "bundle.export_started" and started.data["file_name"] == "cancelled.pdf"
    assert failed.action == "bundle.export_failed" and failed.data == {"export": started.data["export"],
                                                                       "reason": "stopped by the person"}
    assert str(tmp_path) not in json.dumps(started.data)  # the folder never enters the journal


def test_progress_counts_up_to_its_total(store: CaseStore, tmp_path: Path, signing_identity: SigningIdentity) -> None:
    seen: list[tuple[int, int, str]] = []
    export_case(store, tmp_path / "p.pdf", progress=lambda d, t, w: seen.append((d, t, w)), identity=signing_identity)
    dones = [done for done, _total, _what in seen]
    assert dones == sorted(dones) and dones[-1] == seen[-1][1]
    assert any("exhibit 3 of 3" in what for _d, _t, what in seen)


def test_zip_mode_writes_originals_beside_a_small_pdf_with_checkable_sums(store: CaseStore, tmp_path: Path,
                                                                          signing_identity: SigningIdentity) -> None:
    result = export_case(store, tmp_path / "small.pdf", BundleOptions(originals="zip"), identity=signing_identity)
    assert result.zip_path == tmp_path / "small-originals.zip"
    assert not {"EK-001.png", "EK-002.png"} & set(attachments(result.path))
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(result.zip_path) as archive:
        archive.extractall(unpacked)
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=unpacked, capture_output=True, text=True)
    assert check.returncode == 0 and check.stdout.count(": OK") == 3
    for exhibit in store.state().exhibits:
        assert (unpacked / f"{exhibit.reference}.png").read_bytes() == store.read_object(exhibit.id)


def test_withhold_mode_attaches_no_originals(store: CaseStore, tmp_path: Path,
                                             signing_identity: SigningIdentity) -> None:
    result = export_case(store, tmp_path / "w.pdf", BundleOptions(originals="withhold"), identity=signing_identity)
    assert set(attachments(result.path)) == {"manifest.json", "custody-journal.jsonl"}


def test_leaving_out_contact_details_removes_them_from_pages_and_attachments(
        store: CaseStore, tmp_path: Path, signing_identity: SigningIdentity) -> None:
    with_contact = export_case(store, tmp_path / "with.pdf", identity=signing_identity)
    without = export_case(store, tmp_path / "without.pdf", BundleOptions(include_contact=False),
                          identity=signing_identity)
    text = subprocess.run(["pdftotext", str(without.path), "-"], capture_output=True, text=True).stdout
    assert VICTIM_PHONE not in text and "Left out of this bundle at the victim's request" in text
    assert not any(VICTIM_PHONE.encode() in data for data in attachments(without.path).values())
    assert VICTIM_PHONE in subprocess.run(["pdftotext", str(with_contact.path), "-"], capture_output=True,
                                          text=True).stdout


def test_a_large_bundle_carries_a_size_warning(tmp_path: Path, signing_identity: SigningIdentity) -> None:
    case = make_case(count=1)
    result = build_bundle(case.state, case.read_object, case.events, tmp_path / "big.pdf",
                          BundleOptions(size_warning_bytes=10_000), identity=signing_identity)
    assert result.warnings and "MB" in result.warnings[0]


def test_each_original_is_read_once_to_plan_and_once_to_write(tmp_path: Path,
                                                              signing_identity: SigningIdentity) -> None:
    case = make_case(count=3)
    build_bundle(case.state, case.read_object, case.events, tmp_path / "r.pdf", identity=signing_identity)
    ids = [e.id for e in case.state.exhibits]
    assert case.reads == ids + ids  # a planning pass, then a writing pass: never all at once


def test_a_case_without_exhibits_is_refused(tmp_path: Path) -> None:
    case = make_case(pictures=[])
    with pytest.raises(UsageError, match="no pictures yet"):
        build_bundle(case.state, case.read_object, case.events, tmp_path / "e.pdf")


def test_export_cli_end_to_end(home: Path, tmp_path: Path, installed_identity: SigningIdentity) -> None:
    made = run_cli(["case", "new", "--title", "CLI bundle", "--shared-computer", "--json"], home=home)
    case_id = json.loads(made.stdout)["id"]
    picture = tmp_path / "shot.png"
    picture.write_bytes(next(iter(make_case(count=1).objects.values())))
    assert run_cli(["import", case_id, str(picture)], home=home).returncode == 0
    details = tmp_path / "details.json"
    details.write_text(json.dumps({**DETAILS, "demands": [{"amount": 99.5, "currency": "EUR"}]}))
    assert run_cli(["case", "details", case_id, "--file", str(details)], home=home).returncode == 0
    shown = json.loads(run_cli(["case", "details", case_id, "--json"], home=home).stdout)
    assert shown["demands"][0]["amount"] == "99.5"
    out = tmp_path / "cli.pdf"
    exported = run_cli(["export", case_id, str(out), "--redact", "EK-001:0,0,40,40", "--json"], home=home)
    assert exported.returncode == 0, exported.stderr
    report = json.loads(exported.stdout)
    assert report["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert report["signing_root_sha256"] == installed_identity.root_sha256
    assert run_cli(["verify", str(out)], home=home).returncode == 0
    plain = run_cli(["export", case_id, str(tmp_path / "plain.pdf")], home=home)  # the hand-over advice too
    said = " ".join(plain.stdout.split())
    assert "What to do with the bundle:" in said and "contact the local police where you live (their website" in said
    bad = run_cli(["export", case_id, str(tmp_path / "x.pdf"), "--redact", "EK-001"], home=home)
    assert bad.returncode == 2 and "EXHIBIT:X,Y,W,H" in bad.stderr and not (tmp_path / "x.pdf").exists()
    missing_folder = run_cli(["export", case_id, str(tmp_path / "nope" / "x.pdf")], home=home)
    assert missing_folder.returncode == 2 and "does not exist" in missing_folder.stderr
    photo = tmp_path / "holiday.jpg"  # a typo in OUT must never overwrite a file
    photo.write_bytes(b"a photo that is not evidence")
    shown_before = json.loads(run_cli(["case", "show", case_id, "--json"], home=home).stdout)
    refused = run_cli(["export", case_id, str(photo)], home=home)
    assert refused.returncode == 2 and "already exists" in refused.stderr and "--force" in refused.stderr
    assert photo.read_bytes() == b"a photo that is not evidence"
    shown_after = json.loads(run_cli(["case", "show", case_id, "--json"], home=home).stdout)
    assert (shown_after["exports"], shown_after["events"]) == (shown_before["exports"], shown_before["events"])
    first = out.read_bytes()
    replaced = run_cli(["export", case_id, str(out), "--force"], home=home)
    assert replaced.returncode == 0, replaced.stderr
    assert out.read_bytes() != first and run_cli(["verify", str(out)], home=home).returncode == 0
    assert json.loads(run_cli(["case", "show", case_id, "--json"], home=home).stdout)["exports"] == \
        shown_before["exports"] + 1


def test_demo_cli_makes_a_bundle_that_verifies(home: Path, tmp_path: Path, installed_identity: SigningIdentity) -> None:
    out = tmp_path / "demo.pdf"
    made = run_cli(["demo", str(out)], home=home)
    assert made.returncode == 0 and "invented" in made.stdout
    assert run_cli(["verify", str(out)], home=home).returncode == 0
    pages = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) > 5
    for number, page in enumerate(pages, 1):  # an officer shown a demo must see on every page that it is made up
        assert "MADE-UP SAMPLE" in page, f"page {number} does not say the bundle is a made-up sample"


def test_an_exhibit_page_that_runs_over_still_numbers_every_page_right(tmp_path: Path,
                                                                      signing_identity: SigningIdentity) -> None:
    case = make_case(count=2)
    case.state.exhibits[0].fields["notes"] = "A very long note about what this screen shows. " * 40
    case.state.exhibits[0].fields["label"] = "long " * 60
    result = build_bundle(case.state, case.read_object, case.events, tmp_path / "long.pdf", identity=signing_identity)
    from evidencekit.bundle.verify import verify_bundle

    assert verify_bundle(result.path).exit_code == 0  # exhibit pages found where the manifest says
    manifest = json.loads(attachments(result.path)["manifest.json"])
    first, second = (entry["page"] for entry in manifest["exhibits"])
    assert second - first >= 1


def test_export_leaves_nothing_in_the_temp_dir(store: CaseStore, tmp_path: Path, temp_dir: Path,
                                               signing_identity: SigningIdentity) -> None:
    out = tmp_path / "out"
    out.mkdir()
    export_case(store, out / "b.pdf", BundleOptions(originals="zip"), identity=signing_identity)
    assert list(temp_dir.iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == ["b-originals.zip", "b.pdf"]
