"""Provenance you can check: every fact names a public page and the day it was read, and nothing is older
than 12 months (this test starts failing when a check is due, so staleness shows up in CI)."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from evidencekit.cli import main
from evidencekit.guidance import Guidance, guidance_dir, is_well_formed_url, load_guidance, read_guidance
from evidencekit.guidance.provenance import facts, stale, uses


@pytest.fixture(scope="module")
def guidance() -> Guidance:
    return load_guidance()


def test_every_fact_names_at_least_one_public_page_with_a_checked_day(guidance: Guidance) -> None:
    found = facts(guidance)
    assert len(found) > 100
    for fact in found:
        assert fact.sources, fact.where
        for source in fact.sources:
            assert is_well_formed_url(source.url), (fact.where, source.id)
            assert re.fullmatch(r"20\d\d-\d\d-\d\d", source.checked), (fact.where, source.id)
            assert fact.last_verified <= source.checked[:7] or not fact.verified, \
                f"{fact.where}: verified in {fact.last_verified}, but '{source.id}' was read on {source.checked}"


def test_no_source_is_evidencekits_own_notes(guidance: Guidance) -> None:
    for source in guidance.sources.values():
        assert "evidencekit" not in source.url.lower() and "gathered for" not in source.name.lower(), source.id
        assert source.address and not source.address.startswith("https://"), source.id


def test_every_source_is_cited_by_a_fact(guidance: Guidance) -> None:
    unused = [key for key, count in uses(guidance).items() if count == 0]
    assert not unused


def test_nothing_was_last_checked_more_than_12_months_ago(guidance: Guidance) -> None:
    assert stale(guidance, date.today()) == []


def test_the_staleness_check_names_an_old_fact_and_an_old_page(tmp_path: Path) -> None:
    root = tmp_path / "guidance"
    shutil.copytree(guidance_dir(), root)
    snapchat = root / "platforms" / "snapchat.toml"
    snapchat.write_text(snapchat.read_text(encoding="utf-8").replace('last_verified = "2026-12"',
                                                                      'last_verified = "2024-01"', 1),
                        encoding="utf-8")
    sources = root / "sources.toml"
    sources.write_text(sources.read_text(encoding="utf-8").replace('checked = "2026-12-03"',
                                                                   'checked = "2023-05-02"', 1),
                       encoding="utf-8")
    old = read_guidance(root)
    problems = stale(old, date(2026, 12, 3))
    assert "platform snapchat was last checked in 2024-01" in problems
    assert any("was last checked on 2023-05-02" in problem for problem in problems)
    # Up to twelve months is fresh; after that, every fact and page of this edition is due again.
    current = read_guidance(guidance_dir())
    assert stale(current, date(2027, 11, 30)) == []
    assert len(stale(current, date(2028, 1, 1))) == len(facts(current)) + len(current.sources)


def test_sources_lists_every_source_with_its_checked_day(capsys: pytest.CaptureFixture[str],
                                                       guidance: Guidance) -> None:
    assert main(["guidance", "--sources"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    for source in guidance.sources.values():
        assert source.url in out and f"{source.checked}  {source.name}" in out, source.id
    assert main(["guidance", "--sources", "--json"]) == 0
    data = json.loads(capsys.readouterr()[0])
    assert {entry["id"] for entry in data["sources"]} == set(guidance.sources)
    assert all(entry["facts"] > 0 for entry in data["sources"]) and data["stale"] == []
