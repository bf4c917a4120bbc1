"""`case list` lists every case, even when one of them is damaged; every row has the same keys."""

from __future__ import annotations

import json
from pathlib import Path

from tests.core.store.cli import run_cli

KEYS = {"id", "path", "title", "exhibits", "last_change", "status"}


def _new_case(home: Path) -> str:
    made = run_cli(["case", "new", "--json"], home=home)
    assert made.returncode == 0, made.stderr
    return str(json.loads(made.stdout)["id"])


def test_a_damaged_case_is_listed_with_the_others(home: Path) -> None:
    good, bad = _new_case(home), _new_case(home)
    header = home / "cases" / bad / "case.json"
    header.write_bytes(b"\x00garbage{")
    as_json = run_cli(["case", "list", "--json"], home=home)
    assert as_json.returncode == 0, as_json.stderr
    rows = {row["id"]: row for row in json.loads(as_json.stdout)}
    assert set(rows) == {good, bad}
    assert all(set(row) == KEYS for row in rows.values())
    assert rows[bad]["exhibits"] is None and rows[bad]["last_change"] is None
    assert "damaged" in rows[bad]["status"]
    as_text = run_cli(["case", "list"], home=home)
    assert as_text.returncode == 0, as_text.stderr
    assert good in as_text.stdout and bad in as_text.stdout and "damaged" in as_text.stdout
    assert header.read_bytes() == b"\x00garbage{"
