"""`evidencekit exhibits`: the listing of a case's exhibits, as text and as JSON (one exhibit per line)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidencekit.capture.exhibits import exhibit_as_dict
from evidencekit.cli.common import json_with_rows
from evidencekit.store import CaseStore
from evidencekit.text_safety import _UNSAFE_OUTPUT, _escape, escaped
from tests.core.store.case_files import PASSPHRASE
from tests.core.store.cli import run_cli

LABELS = ("plain", "café 日本", "a \u202e override")


def _case(home: Path) -> str:
    created = CaseStore.create("listing", PASSPHRASE, home=home, shared_computer=True)
    with created.store as store:
        for number, label in enumerate(LABELS):
            event = store.add_object(bytes([number]) * 100, media_type="image/png", action="exhibit.captured",
                                     data={"capture": {"window": {"title": f"chat\x1b[2J {number}"}},
                                           "fields": {"label": label}})
            store.append_event("exhibit.edited", {"changes": {"notes": f"note {number}"}}, object_id=event.object_id)
        return store.id


def test_the_json_listing_has_one_exhibit_per_line_and_everything_recorded_about_each(home: Path) -> None:
    case_id = _case(home)
    shown = run_cli(["exhibits", case_id, "--json"], home=home)
    assert shown.returncode == 0, shown.stderr
    listing = json.loads(shown.stdout)
    with CaseStore.open(case_id, passphrase=PASSPHRASE, home=home) as store:
        expected = [exhibit_as_dict(exhibit) for exhibit in store.state().exhibits]
    assert listing == {"case": case_id, "title": "listing", "exhibits": expected}
    rows = [line for line in shown.stdout.splitlines() if line.startswith('    {"reference": "EK-')]
    assert len(rows) == len(LABELS)
    assert [json.loads(row.rstrip(",")) for row in rows] == expected
    for raw in ("\x1b", "\u202e"):
        assert raw not in shown.stdout  # printed escaped, and still JSON


def test_the_text_listing_has_one_line_per_exhibit_and_an_empty_case_says_so(home: Path) -> None:
    case_id = _case(home)
    shown = run_cli(["exhibits", case_id], home=home)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["EK-001", "EK-002", "EK-003"]
    assert lines[1].endswith("café 日本") and "\u202e" not in shown.stdout and "\\u202e" in lines[2]
    empty = CaseStore.create("empty", PASSPHRASE, home=home, shared_computer=True)
    empty.store.close()
    shown = run_cli(["exhibits", empty.store.id, "--json"], home=home)
    assert json.loads(shown.stdout) == {"case": empty.store.id, "title": "empty", "exhibits": []}
    assert run_cli(["exhibits", empty.store.id], home=home).stdout == "This case has no exhibits yet.\n"


def test_escaping_ascii_text_takes_a_shortcut_that_escapes_the_same() -> None:
    """ASCII text is checked for control characters without the expression; what it escapes is the same."""
    for code in range(128):
        text = f"row {chr(code)} end"
        assert escaped(text) == _UNSAFE_OUTPUT.sub(_escape, text), code
    assert escaped("a\x7fb\x00c\td\ne\x1b") == "a\\u007fb\\u0000c\td\ne\\u001b"
    clean = "EK-001  captured  " * 1000
    assert escaped(clean) is clean
    assert escaped("é\u202e\x85") == "é\\u202e\\u0085"


def test_json_with_rows_is_the_indented_document_with_one_row_per_line() -> None:
    rows = [{"a": 1, "t": "é \"q\""}, {"a": None, "list": [1, 2]}]
    text = json_with_rows({"case": "c", "title": "t"}, "exhibits", rows, dict)
    assert json.loads(text) == {"case": "c", "title": "t", "exhibits": rows}
    assert text.splitlines()[4:6] == ['    {"a": 1, "t": "é \\"q\\""},', '    {"a": null, "list": [1, 2]}']
    assert json.loads(json_with_rows({"case": "c"}, "exhibits", [], dict)) == {"case": "c", "exhibits": []}
    with pytest.raises(ValueError):
        json_with_rows({"exhibits": 1}, "exhibits", rows, dict)
