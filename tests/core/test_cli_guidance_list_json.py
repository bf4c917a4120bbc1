"""`guidance --list --json` prints JSON, with the same entries as the text listing."""

from __future__ import annotations

import json
import subprocess
import sys


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "evidencekit", "guidance", "--list", *args], capture_output=True,
                          text=True, timeout=60, check=False)


def test_list_as_json_has_what_the_text_list_has() -> None:
    as_json, as_text = _run("--json"), _run()
    assert as_json.returncode == 0 and as_text.returncode == 0, as_json.stderr + as_text.stderr
    listing = json.loads(as_json.stdout)
    assert set(listing) == {"platforms", "countries", "steps"}
    assert listing["platforms"] and listing["countries"] and listing["steps"]
    for platform in listing["platforms"]:
        assert platform["id"] in as_text.stdout and platform["name"] in as_text.stdout
    for country in listing["countries"]:
        assert country["code"] in as_text.stdout
    for step in listing["steps"]:
        assert step["id"] in as_text.stdout
