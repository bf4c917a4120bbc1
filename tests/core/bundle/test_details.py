"""The case-details document: one shape, every problem named by its path, stored as a details.set event."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidencekit.details import (
    DETAILS_FORMAT,
    details_problems,
    empty_details,
    stored_details,
    validate_details,
    without_victim_contact,
)
from evidencekit.errors import UsageError
from tests.core.bundle.conftest import DETAILS
from tests.core.store.cli import run_cli


def test_a_valid_document_is_normalised_to_the_full_shape() -> None:
    details = validate_details({"suspect_accounts": [{"platform": " Chatterly ", "username": "@x"}],
                                "demands": [{"amount": 500, "currency": "GBP"}]})
    assert details["format"] == DETAILS_FORMAT
    assert details["suspect_accounts"][0]["platform"] == "Chatterly"
    assert details["suspect_accounts"][0]["account_id"] == ""
    assert details["demands"][0]["amount"] == "500"
    assert details["paid"]["status"] == "unknown"
    assert set(details) == set(empty_details())
    assert validate_details(details) == details  # idempotent


def test_every_problem_is_listed_with_its_path() -> None:
    _details, problems = details_problems({
        "suspect_accounts": [{"usrname": "x", "email": "not-an-email", "phone": "call me"}],
        "demands": [{"amount": "five hundred", "currency": "pounds"}],
        "paid": {"status": "maybe"},
        "contact_start": "last tuesday",
        "reports": {"police": {"date": "2026-02-30"}},
        "victim_contact": "me",
        "colour": "blue",
    })
    text = "\n".join(problems)
    for expected in ("suspect_accounts[0].usrname is not a known field (did you mean username?)",
                     "suspect_accounts[0].email is not an email address", "suspect_accounts[0].phone",
                     "demands[0].amount is not an amount", "demands[0].currency",
                     "paid.status must be one of", "contact_start is not a date",
                     "reports.police.date is not a real date", "victim_contact must be an object",
                     "colour is not a known field"):
        assert expected in text, expected


def test_floats_are_refused_so_amounts_stay_exact() -> None:
    with pytest.raises(UsageError, match=r"demands\[0\]\.amount must be text"):
        validate_details({"demands": [{"amount": 499.99}]})


def test_a_document_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(UsageError, match="must be a JSON object"):
        validate_details(["not", "an", "object"])


def test_empty_rows_are_dropped_and_long_text_refused() -> None:
    details = validate_details({"suspect_accounts": [{}, {"username": "@kept"}]})
    assert [a["username"] for a in details["suspect_accounts"]] == ["@kept"]
    with pytest.raises(UsageError, match="longer than"):
        validate_details({"suspect_accounts": [{"notes": "x" * 5000}]})


def test_stored_details_tolerate_an_empty_or_old_document() -> None:
    assert stored_details({}) == empty_details()
    assert stored_details({"summary": "kept"})["summary"] == "kept"


def test_leaving_out_contact_details_clears_only_them() -> None:
    details = validate_details(DETAILS)
    trimmed = without_victim_contact(details)
    assert not any(trimmed["victim_contact"].values())
    assert trimmed["suspect_accounts"] == details["suspect_accounts"]


def test_case_details_cli_sets_prints_and_refuses_bad_files(home: Path, tmp_path: Path) -> None:
    case_id = json.loads(run_cli(["case", "new", "--shared-computer", "--json"], home=home).stdout)["id"]
    good = tmp_path / "good.json"
    good.write_text(json.dumps(DETAILS))
    saved = run_cli(["case", "details", case_id, "--file", str(good)], home=home)
    assert saved.returncode == 0 and "saved" in saved.stdout
    shown = json.loads(run_cli(["case", "details", case_id, "--json"], home=home).stdout)
    assert shown["suspect_accounts"][0]["username"] == DETAILS["suspect_accounts"][0]["username"]
    bad = tmp_path / "bad.json"
    bad.write_text('{"paid": {"status": "maybe"}}')
    refused = run_cli(["case", "details", case_id, "--file", str(bad)], home=home)
    assert refused.returncode == 2 and "paid.status" in refused.stderr and "Traceback" not in refused.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert run_cli(["case", "details", case_id, "--file", str(broken)], home=home).returncode == 2
    events = json.loads(run_cli(["case", "show", case_id, "--json"], home=home).stdout)["events"]
    assert events == 2  # created + one details.set: refused files changed nothing
