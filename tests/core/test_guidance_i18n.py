"""The guidance speaks the active language: English by default, other languages from compiled catalogues
(made here with Babel from the committed template), and untranslated texts stay English."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from evidencekit import i18n
from evidencekit.guidance import load_guidance, render_text
from evidencekit.l10n import catalogues


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    i18n.set_language("en")


@pytest.fixture
def test_language(tmp_path: Path) -> Path:
    """A locale folder with German translating a step title, a crisis text and a render label."""
    (tmp_path / "evidencekit.pot").write_bytes(catalogues.template_path().read_bytes())
    path = catalogues.init_language("de", tmp_path)
    catalog = catalogues.read_catalog(path, "de")
    for msgid, msgstr in {
        "Stop and breathe": "Anhalten und atmen",
        "Call or text 988, any time, if you are struggling or thinking about harming yourself.":
            "Rufen Sie 988 an oder schreiben Sie eine SMS, jederzeit.",
        "From: {source}, checked {month}.": "Quelle: {source}, geprüft {month}.",
    }.items():
        catalog[msgid].string = msgstr
    path.write_bytes(catalogues.po_bytes(catalog))
    catalogues.compile_catalogues(tmp_path)
    return tmp_path


def test_english_is_the_default_and_always_listed() -> None:
    assert i18n.current_language() == "en"
    assert "en" in i18n.available_languages()
    assert i18n._("Stop and breathe") == "Stop and breathe"


def test_a_compiled_language_translates_steps_facts_and_labels(test_language: Path) -> None:
    assert i18n.set_language("de", localedir=test_language) == "de"
    assert i18n.available_languages(test_language) == ["de", "en"]
    guidance = load_guidance()
    assert guidance.step("stop").title == "Anhalten und atmen"
    assert guidance.crisis_line("US").text.startswith("Rufen Sie 988 an")
    assert guidance.crisis_line("US").number == "988"
    assert "Quelle: " in render_text(guidance, country=guidance.country("US"), step_id="stop")
    assert guidance.step("police").title == "Report it to the police"  # untranslated texts stay English
    i18n.set_language("en")
    assert load_guidance().step("stop").title == "Stop and breathe"


def test_the_language_can_come_from_the_environment(test_language: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "de")
    assert i18n.set_language(None, localedir=test_language) == "de"


def test_a_language_without_catalogue_falls_back_to_english(test_language: Path) -> None:
    assert i18n.set_language("fr", localedir=test_language) == "en"
    assert load_guidance().step("stop").title == "Stop and breathe"


def test_one_thread_can_speak_another_language_than_the_process(test_language: Path) -> None:
    """The bundle in the police's language while the window keeps the person's (using_language)."""
    import threading

    i18n.set_language("en", localedir=test_language)
    seen: dict[str, str] = {}

    def export() -> None:
        with i18n.using_language("de"):
            seen["worker"] = load_guidance().step("stop").title
        seen["after"] = i18n._("Stop and breathe")

    worker = threading.Thread(target=export)
    with i18n.using_language("de"):
        seen["main, inside"] = i18n._("Stop and breathe")
    worker.start()
    worker.join()
    assert seen == {"main, inside": "Anhalten und atmen", "worker": "Anhalten und atmen",
                    "after": "Stop and breathe"}
    assert i18n.current_language() == "en" and load_guidance().step("stop").title == "Stop and breathe"
