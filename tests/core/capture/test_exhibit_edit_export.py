"""Editing an exhibit's fields is a journal event; exporting its original is exact and recorded."""

from __future__ import annotations

import json

import pytest

from evidencekit.capture import CaptureRequest, FixtureBackend, capture_to_case, edit_exhibit, export_original
from evidencekit.errors import UsageError
from tests.core.capture.conftest import Case, run_cli, sha256


@pytest.fixture
def captured(case: Case) -> Case:
    with case.open() as store:
        capture_to_case(store, CaptureRequest.whole_screen(), {"label": "first label"}, backend=FixtureBackend())
    return case


def test_edit_changes_fields_through_the_journal_and_keeps_the_original(captured: Case):
    with captured.open() as store:
        before = store.state().exhibits[0]
    result = run_cli("exhibit", "edit", captured.id, "EK-001", "--label", "threat message", "--category",
                     "Payment-Demand", "--url", "https://friendchat.example/u/lena_2003",
                     "--message-time", "yesterday 21:14", "--notes", "they sent this twice",
                     *captured.unlock_args())
    assert result.returncode == 0, result.stderr
    with captured.open() as store:
        after = store.state().exhibits[0]
        edit = store.events()[-1]
    assert after.fields == {"label": "threat message", "category": "payment demand", "platform": "",
                            "url": "https://friendchat.example/u/lena_2003", "message_time": "yesterday 21:14",
                            "notes": "they sent this twice"}
    assert edit.action == "exhibit.edited" and edit.object_id == before.id
    assert (after.sha256, after.size, after.recorded) == (before.sha256, before.size, before.recorded)


def test_an_unknown_category_is_refused(captured: Case):
    result = run_cli("exhibit", "edit", captured.id, "1", "--category", "spam", *captured.unlock_args())
    assert result.returncode == 2
    assert "'spam' is not a category" in result.stderr
    with captured.open() as store:
        assert store.events()[-1].action == "exhibit.captured"


def test_edit_of_a_missing_exhibit_names_the_problem(captured: Case):
    with captured.open() as store, pytest.raises(UsageError, match="There is no exhibit 'EK-009'"):
        edit_exhibit(store, "EK-009", {"label": "x"})


def test_export_original_is_exact_recorded_and_never_overwrites(captured: Case, tmp_path):
    out = tmp_path / "original.png"
    result = run_cli("export-original", captured.id, "EK-001", str(out), *captured.unlock_args(), "--json")
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    listed = json.loads(run_cli("exhibits", captured.id, *captured.unlock_args(), "--json").stdout)
    assert sha256(out.read_bytes()) == listed["exhibits"][0]["sha256"] == printed["sha256"]
    assert out.stat().st_mode & 0o077 == 0  # evidence leaves the vault readable by this user only
    with captured.open() as store:
        event = store.events()[-1]
        assert event.action == "original.exported"
        assert event.outputs == [{"sha256": printed["sha256"], "size": out.stat().st_size}]
        with pytest.raises(UsageError, match="already exists"):
            export_original(store, "EK-001", out)
    again = run_cli("export-original", captured.id, "EK-001", str(out), *captured.unlock_args())
    assert again.returncode == 2 and "already exists" in again.stderr


def test_exhibits_lists_every_exhibit_in_order(captured: Case):
    with captured.open() as store:
        capture_to_case(store, CaptureRequest.of_region(0, 0, 10, 10), backend=FixtureBackend())
    result = run_cli("exhibits", captured.id, *captured.unlock_args())
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert [line.split()[0] for line in lines] == ["EK-001", "EK-002"]
    assert "first label" in lines[0]
