"""The producer's statement page, exhibit labels from the producer's initials, and the hand-over record and
receipt, read back from real bundles with pdftotext and pdfsig."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from evidencekit.bundle.export import export_case
from evidencekit.bundle.handover import record_handover, write_receipt
from evidencekit.bundle.model import BundleOptions
from evidencekit.bundle.signing import SigningIdentity
from evidencekit.bundle.statement import LABELS_ACTION, check_initials
from evidencekit.bundle.verify import verify_bundle
from evidencekit.details import set_details
from evidencekit.errors import UsageError
from evidencekit.store import Actor, CaseStore
from tests.core.bundle.conftest import DETAILS, make_case
from tests.core.store.case_files import PASSPHRASE
from tests.core.store.cli import run_cli


@pytest.fixture
def store(home: Path) -> Iterator[CaseStore]:
    """Two captures by the victim, one by a support worker, the test details, country GB."""
    created = CaseStore.create("Statement case", PASSPHRASE, shared_computer=True, home=home)
    store = created.store
    case = make_case(count=3)
    worker = Actor("support worker", "Pat Preparer")
    for index, exhibit in enumerate(case.state.exhibits):
        event = next(e for e in case.events if e.object_id == exhibit.id)
        if index == 2:
            store.actor = worker
        store.add_object(case.objects[exhibit.id], media_type="image/png", action="exhibit.captured", data=event.data)
    store.actor = Actor()
    set_details(store, DETAILS)
    store.append_event("profile.set", {"country": "GB"})
    yield store
    store.close()


def _text(pdf: Path, *options: str) -> str:
    out = subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def _manifest(pdf: Path) -> dict[str, object]:
    return json.loads(next(a.content for a in PdfReader(pdf).attachment_list if a.name == "manifest.json"))


def test_the_statement_page_says_who_when_what_and_has_the_section_9_declaration(
        store: CaseStore, tmp_path: Path, signing_identity: SigningIdentity) -> None:
    out = tmp_path / "b.pdf"
    export_case(store, out, identity=signing_identity)
    text = _text(out)
    assert "Statement of the person who produced the exhibits" in text
    assert "section 9 of the Criminal Justice Act 1967 (England and Wales), in the words of form MG11" in text
    assert ("is true to the best of my knowledge and belief and I make it knowing that, if it is tendered in "
            "evidence, I shall be liable to prosecution") in text
    assert "I am the person these exhibits concern (the victim)" in text
    assert "Test Victim" in text  # the name from the case details
    assert "EK-003 were recorded by support worker Pat Preparer, not by me." in text
    for exhibit in store.state().exhibits:
        assert exhibit.sha256[:32] in text.replace(" ", "") or exhibit.sha256 in text.replace(" ", "")
    manifest = _manifest(out)
    assert manifest["export"]["sections"]["statement"] == 3
    assert verify_bundle(out).exit_code == 0


def test_no_statement_leaves_the_page_out_and_the_manifest_says_so(store: CaseStore, tmp_path: Path,
                                                                   signing_identity: SigningIdentity) -> None:
    out = tmp_path / "b.pdf"
    export_case(store, out, BundleOptions(statement=False), identity=signing_identity)
    assert "Statement of the person" not in _text(out)
    manifest = _manifest(out)
    assert "statement" not in manifest["export"]["sections"]
    assert manifest["export"]["options"]["statement"] is False
    assert verify_bundle(out).exit_code == 0


def test_outside_the_uk_the_statement_claims_no_legal_form(store: CaseStore, tmp_path: Path,
                                                          signing_identity: SigningIdentity) -> None:
    store.append_event("profile.set", {"country": "US"})
    out = tmp_path / "b.pdf"
    export_case(store, out, identity=signing_identity)
    text = _text(out)
    assert "This is a plain signed statement. It does not follow any country's legal form" in text
    assert "Criminal Justice Act" not in text and "liable to prosecution" not in text
    ni = tmp_path / "ni.pdf"
    export_case(store, ni, BundleOptions(statement_form="northern-ireland"), identity=signing_identity)
    assert "Criminal Justice (Miscellaneous Provisions) Act (Northern Ireland) 1968" in _text(ni)


def test_labels_from_initials_stand_beside_the_ek_numbers_everywhere(store: CaseStore, tmp_path: Path,
                                                                    signing_identity: SigningIdentity) -> None:
    assert check_initials(" js ") == "JS"
    with pytest.raises(UsageError):
        check_initials("J5")
    store.append_event(LABELS_ACTION, {"initials": "JS"})
    out = tmp_path / "b.pdf"
    export_case(store, out, identity=signing_identity)
    text = _text(out)
    for number in (1, 2, 3):
        assert f"Exhibit EK-00{number} · JS/{number}" in text  # each exhibit page's header
        assert f"JS/{number} EK-00{number}" in text  # the statement's table
    manifest = _manifest(out)
    assert [e["producer_label"] for e in manifest["exhibits"]] == ["JS/1", "JS/2", "JS/3"]
    assert [e["reference"] for e in manifest["exhibits"]] == ["EK-001", "EK-002", "EK-003"]
    assert verify_bundle(out).exit_code == 0  # the exhibit-page check still finds "Exhibit EK-00n"


def test_a_hand_over_is_recorded_shown_in_the_next_bundle_and_its_receipt_is_signed(
        store: CaseStore, tmp_path: Path, signing_identity: SigningIdentity) -> None:
    with pytest.raises(UsageError, match="no exported bundle"):
        record_handover(store, to="PC 1")
    first = export_case(store, tmp_path / "first.pdf", identity=signing_identity)
    with pytest.raises(UsageError, match="--to"):
        record_handover(store, to="  ")
    with pytest.raises(UsageError, match="--date"):
        record_handover(store, to="PC 1", date="next Tuesday")
    event = record_handover(store, to="PC 1234 Smith, Example Police", reference="EX/123/26", date="2026-12-03")
    assert event.data["bundle"]["sha256"] == first.sha256 and event.data["bundle"]["fingerprint"] == first.fingerprint
    receipt = tmp_path / "receipt.pdf"
    write_receipt(store.state(), event, receipt, app="evidencekit test", identity=signing_identity,
                  events=store.events())
    receipt_text = _text(receipt)
    assert first.sha256 in receipt_text.replace(" ", "") and "PC 1234 Smith, Example Police" in receipt_text
    assert "Received by (officer: name, number and force)" in receipt_text
    assert PdfReader(receipt).get_num_pages() == 1
    signature = subprocess.run(["pdfsig", str(receipt)], capture_output=True, text=True)
    assert "Signature is Valid" in signature.stdout and "Total document signed" in signature.stdout

    second = tmp_path / "second.pdf"
    export_case(store, second, identity=signing_identity)
    text = _text(second)
    assert f"Bundle handed over: to PC 1234 Smith, Example Police, reference EX/123/26, bundle PDF SHA-256 " \
           f"{first.sha256[:16]}" in text
    journal = next(a.content for a in PdfReader(second).attachment_list if a.name == "custody-journal.jsonl")
    handed = [json.loads(line) for line in journal.splitlines() if b"bundle.handed_over" in line]
    assert handed and handed[0]["data"]["bundle"]["sha256"] == first.sha256


def test_cli_handover_and_labels(store: CaseStore, home: Path, tmp_path: Path,
                                 signing_identity: SigningIdentity) -> None:
    case_id = store.id
    export_case(store, tmp_path / "b.pdf", identity=signing_identity)
    store.close()
    labels = run_cli(["case", "labels", case_id, "--initials", "ab", "--json"], home=home)
    assert labels.returncode == 0, labels.stderr
    assert [row["label"] for row in json.loads(labels.stdout)["exhibits"]] == ["AB/1", "AB/2", "AB/3"]
    bad = run_cli(["case", "labels", case_id, "--initials", "A1"], home=home)
    assert bad.returncode == 2 and "Initials are 1 to 5 letters" in bad.stderr
    receipt = tmp_path / "r.pdf"
    done = run_cli(["case", "handover", case_id, "--to", "DC 5 Jones", "--receipt", str(receipt), "--no-sign",
                    "--json"], home=home)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["to"] == "DC 5 Jones" and receipt.is_file()
    again = run_cli(["case", "handover", case_id, "--to", "DC 5 Jones", "--receipt", str(receipt)], home=home)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_with_every_option_off_the_bundle_has_nothing_new_but_the_statement(store: CaseStore, tmp_path: Path,
                                                                           signing_identity: SigningIdentity) -> None:
    """No labels, no hand-over, no time stamp: no label, receipt or trusted-time text; the sections are the
    ones a bundle had before, plus the statement (and without it with --no-statement)."""
    before = {"summary", "identifiers", "timeline", "exhibits", "manifest", "custody", "verify", "limits", "next"}
    with_statement, without = tmp_path / "a.pdf", tmp_path / "b.pdf"
    export_case(store, with_statement, identity=signing_identity)
    export_case(store, without, BundleOptions(statement=False), identity=signing_identity)
    assert set(_manifest(with_statement)["export"]["sections"]) == before | {"statement"}
    assert set(_manifest(without)["export"]["sections"]) == before
    for pdf in (with_statement, without):
        manifest = _manifest(pdf)
        assert all("producer_label" not in exhibit for exhibit in manifest["exhibits"])
        text = _text(pdf)
        assert "Trusted time stamps" not in text and "handed over" not in text and " · " not in text.split(
            "Exhibit EK-001")[1][:12]
    assert _manifest(with_statement)["export"]["options"] == {
        key: value for key, value in _manifest(without)["export"]["options"].items() if key != "statement"}
