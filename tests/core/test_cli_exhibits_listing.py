"""`evidencekit exhibits`: the listing of a case's exhibits, as text and as JSON (one exhibit per line)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidencekit.capture.exhibits import exhibit_as_dict, exhibit_json
from evidencekit.cli.common import row_encoder
from evidencekit.store import CaseStore, Exhibit, Redaction
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


@pytest.mark.parametrize("exhibit", [
    Exhibit("7e5b", 1, "captured", "35bf", 2000, "image/png", {"time": {"utc": "2026-12-04T10:00:00.000Z"},
            "window": {"title": 'a "quoted" \\ title\u2028é'}, "pixels": [1920, 1080], "none": None},
            {"label": "x", "notes": "line\nbreak"}, 2),
    Exhibit("8f6c", 12, "imported", "aa", 5, "image/jpeg", {"file_name": "IMG_1.jpg"}, {}, 30,
            Redaction([(1, 2, 3, 4), (5, 6, 7, 8)], True)),
    Exhibit("9a7d", 13, "derived", "bb", 7, "text/plain", {}, {}, 31, None, "chat transcript", "8f6c"),
    Exhibit(5, True, "captured", None, 1.5, "image/png", {}, {}, 7),  # type: ignore[arg-type]  # odd types: the general way
])
def test_a_listing_row_is_the_exhibit_as_dict_encoded(exhibit: Exhibit) -> None:
    """exhibit_json writes the row out directly; it must say exactly what encoding exhibit_as_dict says."""
    expected = json.dumps(exhibit_as_dict(exhibit), ensure_ascii=False)
    encode = row_encoder()
    assert encode(exhibit_as_dict(exhibit)) == expected
    assert exhibit_json(exhibit, encode) == expected
    assert exhibit_json(exhibit, lambda value: json.dumps(value, ensure_ascii=False)) == expected
