"""The loader refuses broken guidance with a sentence naming the file and the field, and its API works."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from evidencekit.errors import EvidenceKitError, UsageError
from evidencekit.guidance import GuidanceDataError, guidance_dir, load_guidance, read_guidance


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A private copy of the shipped guidance, safe to break."""
    root = tmp_path / "guidance"
    shutil.copytree(guidance_dir(), root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


Breakage = Callable[[Path], None]
BREAKAGES: list[tuple[str, Breakage, list[str]]] = [
    ("missing trap", lambda r: edit(r / "platforms/snapchat.toml", "trap = ", "# trap = "),
     ["platforms/snapchat.toml", "hide.trap", "missing"]),
    ("misspelt field", lambda r: edit(r / "platforms/x.toml", "instead = ", "insted = "),
     ["platforms/x.toml", "hide.instead", "missing"]),
    ("unknown field", lambda r: edit(r / "platforms/x.toml", "[hide]\n", '[hide]\ncolour = "red"\n'),
     ["platforms/x.toml", "hide.colour", "not part of the format"]),
    ("malformed url", lambda r: edit(r / "countries/GB.toml", "https://www.samaritans.org/", "www.samaritans.org"),
     ["countries/GB.toml", "crisis_line.url", "not a well-formed https address"]),
    ("crisis line without number", lambda r: edit(r / "countries/US.toml", 'number = "988"\n', ""),
     ["countries/US.toml", "crisis_line.number", "phone number is needed"]),
    ("not a phone number", lambda r: edit(r / "countries/NZ.toml", 'number = "111"', 'number = "one one one"'),
     ["countries/NZ.toml", "emergency.number", "not a phone number"]),
    ("unknown source", lambda r: edit(r / "platforms/tiktok.toml", 'source = "tiktok-help"', 'source = "blog"'),
     ["platforms/tiktok.toml", "source", "'blog' is not a key"]),
    ("bad month", lambda r: edit(r / "platforms/discord.toml", 'last_verified = "2026-12"', 'last_verified = "Nov"'),
     ["platforms/discord.toml", "last_verified", "YYYY-MM"]),
    ("flag not a boolean", lambda r: edit(r / "platforms/x.toml", "deactivate_starts_deletion = true",
                                          'deactivate_starts_deletion = "yes"'),
     ["platforms/x.toml", "hide.deactivate_starts_deletion", "expected bool"]),
    ("id does not match file", lambda r: edit(r / "platforms/x.toml", 'id = "x"', 'id = "twitter"'),
     ["platforms/x.toml", "'twitter' must match the file name"]),
    ("unknown heading", lambda r: edit(r / "steps/police.md", "## Why", "## Reasons"),
     ["steps/police.md", "'## Reasons'"]),
    ("missing section", lambda r: edit(r / "steps/support.md", "## What happens next", "## Under 18: why"),
     ["steps/support.md", "'## What happens next' is missing"]),
    ("repeated section", lambda r: edit(r / "steps/support.md", "## Why", "## What to do"),
     ["steps/support.md", "appears twice"]),
    ("step order", lambda r: edit(r / "steps.toml", 'id = "stop"', 'id = "pause"'),
     ["steps.toml", "step ids must be"]),
    ("missing country", lambda r: (r / "countries/IE.toml").unlink(), ["countries", "IE"]),
    ("broken toml", lambda r: edit(r / "countries/AU.toml", "[crisis_line]", "[crisis_line"),
     ["countries/AU.toml", "cannot be read"]),
    ("police label without words", lambda r: edit(r / "countries/US.toml", "handover = ", "# handover = "),
     ["countries/US.toml", "non_emergency.handover", "missing"]),
    ("hand-over phrase drops the url", lambda r: edit(r / "countries/IE.toml", "({url} lists", "(garda.ie lists"),
     ["countries/IE.toml", "non_emergency.handover", "give the route's url as {url}"]),
    ("hand-over phrase with a number the route lacks",
     lambda r: edit(r / "countries/INTL.toml", "where you live (", "where you live ({number}, "),
     ["countries/INTL.toml", "non_emergency.handover", "{number} is used but the route has no number"]),
    ("hand-over phrase outside a police route",
     lambda r: edit(r / "countries/AU.toml", "[crisis_line]\n", '[crisis_line]\nhandover = "call them"\n'),
     ["countries/AU.toml", "crisis_line.handover", "not part of the format"]),
    ("empty steps list",
     lambda r: edit(r / "platforms/telegram.toml", "[report]\nsteps = [", "[report]\nsteps = []\nold = ["),
     ["platforms/telegram.toml", "report.steps"]),
]


@pytest.mark.parametrize(("name", "breakage", "expected"), BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_broken_guidance_is_refused_naming_file_and_field(tree: Path, name: str, breakage: Breakage,
                                                          expected: list[str]) -> None:
    breakage(tree)
    with pytest.raises(GuidanceDataError) as raised:
        read_guidance(tree)
    message = str(raised.value)
    for part in expected:
        assert part in message, message
    assert isinstance(raised.value, EvidenceKitError) and raised.value.exit_code == 1
    assert "\n" not in message


def test_the_shipped_guidance_loads(tree: Path) -> None:
    assert read_guidance(tree).step_ids()[0] == "stop"


def test_a_new_platform_file_needs_no_code_change(tree: Path) -> None:
    text = (tree / "platforms/other.toml").read_text(encoding="utf-8")
    text = text.replace('id = "other"', 'id = "mastodon"').replace('name = "Another platform"', 'name = "Mastodon"')
    (tree / "platforms/mastodon.toml").write_text(text.replace("order = 99", "order = 90"), encoding="utf-8")
    ids = [p.id for p in read_guidance(tree).platforms()]
    assert ids.index("mastodon") < ids.index("other") and "google" in ids


def test_a_new_country_file_sits_before_the_international_fallback(tree: Path) -> None:
    text = (tree / "countries/IE.toml").read_text(encoding="utf-8")
    (tree / "countries/FR.toml").write_text(text.replace('code = "IE"', 'code = "FR"'), encoding="utf-8")
    guidance = read_guidance(tree)
    codes = [c.code for c in guidance.countries()]
    assert codes[:6] == ["GB", "US", "CA", "AU", "IE", "NZ"] and codes[-1] == "INTL"
    assert "FR" in codes[6:-1] and codes[6:-1] == sorted(codes[6:-1])
    assert guidance.country("fr").code == "FR"


def test_load_guidance_is_cached_per_language() -> None:
    assert load_guidance() is load_guidance()


def test_under_18_variant_replaces_only_the_sections_it_has() -> None:
    guidance = load_guidance()
    adult, young = guidance.step("deactivate"), guidance.step("deactivate", under_18=True)
    assert young.under_18 and not adult.under_18
    assert young.what_to_do == adult.what_to_do  # no under-18 section: the adult words apply
    details_adult, details_young = guidance.step("details"), guidance.step("details", under_18=True)
    assert details_young.what_to_do != details_adult.what_to_do and details_young.why == details_adult.why


def test_unknown_platform_and_step_are_usage_errors_naming_the_choices() -> None:
    guidance = load_guidance()
    with pytest.raises(UsageError, match="choose one of: facebook, instagram"):
        guidance.platform("myspace")
    with pytest.raises(UsageError, match="no step 'pray'"):
        guidance.step("pray")
    assert guidance.platform(" Snapchat ").id == "snapchat"
