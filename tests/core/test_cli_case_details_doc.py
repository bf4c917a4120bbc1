"""The example document in docs/case-details.md works as written."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.core.store.cli import run_cli

DOC = Path(__file__).resolve().parents[2] / "docs" / "case-details.md"


def test_the_documented_example_can_be_set_on_a_case(home: Path, tmp_path: Path) -> None:
    block = re.search(r"```json\n(.*?)\n```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    assert block, "docs/case-details.md has no ```json example"
    example = json.loads(block.group(1))
    details = tmp_path / "details.json"
    details.write_text(block.group(1), encoding="utf-8")
    made = run_cli(["case", "new", "--json"], home=home)
    assert made.returncode == 0, made.stderr
    case_id = json.loads(made.stdout)["id"]
    result = run_cli(["case", "details", case_id, "--file", str(details), "--json"], home=home)
    assert result.returncode == 0, result.stderr
    stored = json.loads(result.stdout)
    assert stored["victim_accounts"][0]["username"] == example["victim_accounts"][0]["username"]
    assert stored["suspect_accounts"][0]["account_id"] == "1234567890"
