"""One gettext mechanism for the guidance and the app's words: English by default, other languages from
compiled catalogues, and no translation may lose a phone number, web address or placeholder."""

from __future__ import annotations

import gettext
import io
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidencekit import i18n
from evidencekit.guidance import GuidanceDataError, load_guidance, render_text
from evidencekit.guidance.catalog import (
    code_messages,
    compile_catalogues,
    guidance_messages,
    init_language,
    template_entries,
)
from evidencekit.guidance.pofile import Entry, check_translation, compile_mo, format_po, parse_po


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    i18n.set_language("en")


def translate_catalogue(po_path: Path, translations: dict[str, str]) -> None:
    entries = parse_po(po_path.read_text(encoding="utf-8"))
    for entry in entries:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
    po_path.write_text(format_po(entries), encoding="utf-8")


@pytest.fixture
def test_language(tmp_path: Path) -> Path:
    """A locale folder with language 'xx' translating a step title, a crisis text and a render label."""
    po_path = init_language("xx", tmp_path)
    translate_catalogue(po_path, {
        "Stop and breathe": "Anhalten und atmen",
        "Call or text 988, any time, if you are struggling or thinking about harming yourself.":
            "Rufen Sie 988 an oder schreiben Sie eine SMS, jederzeit.",
        "From: {source}, checked {month}.": "Quelle: {source}, geprüft {month}.",
    })
    compile_catalogues(tmp_path)
    return tmp_path


def test_english_is_the_default_and_always_listed() -> None:
    assert i18n.current_language() == "en"
    assert "en" in i18n.available_languages()
    assert i18n._("Stop and breathe") == "Stop and breathe"


def test_a_compiled_language_translates_steps_facts_and_labels(test_language: Path) -> None:
    assert i18n.set_language("xx", localedir=test_language) == "xx"
    assert i18n.available_languages(test_language) == ["en", "xx"]
    guidance = load_guidance()
    assert guidance.step("stop").title == "Anhalten und atmen"
    assert guidance.crisis_line("US").text.startswith("Rufen Sie 988 an")
    assert guidance.crisis_line("US").number == "988"
    assert "Quelle: " in render_text(guidance, country=guidance.country("US"), step_id="stop")
    assert guidance.step("police").title == "Report it to the police"  # untranslated texts stay English
    i18n.set_language("en")
    assert load_guidance().step("stop").title == "Stop and breathe"


def test_the_language_can_come_from_the_environment(test_language: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "xx")
    assert i18n.set_language(None, localedir=test_language) == "xx"


def test_a_language_without_catalogue_falls_back_to_english(test_language: Path) -> None:
    assert i18n.set_language("fr", localedir=test_language) == "en"
    assert load_guidance().step("stop").title == "Stop and breathe"


@pytest.mark.parametrize(("msgid", "msgstr", "lost"), [
    ("Call or text 988, any time.", "Appelez le 989 à tout moment.", "988"),
    ("Free to call on 116 123.", "Gratuit.", "116123"),
    ("See https://www.samaritans.org/ for more.", "Voir le site.", "https://www.samaritans.org/"),
    ("From: {source}, checked {month}.", "Quelle: {source}.", "{month}"),
])
def test_a_translation_that_loses_a_number_address_or_placeholder_is_refused(
        msgid: str, msgstr: str, lost: str) -> None:
    problem = check_translation(Entry(msgid=msgid, msgstr=msgstr))
    assert problem and lost in problem
    with pytest.raises(GuidanceDataError, match="Refusing to compile"):
        compile_mo([Entry(msgid=msgid, msgstr=msgstr)])


def test_a_translation_may_reformat_spaces_inside_numbers() -> None:
    assert check_translation(Entry(msgid="Call 116 123 now.", msgstr="Rufen Sie 116123 an.")) is None


def test_our_mo_files_are_read_by_python_gettext_with_plurals() -> None:
    entries = [
        Entry(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n"),
        Entry(msgid="Report", msgstr="Melden"),
        Entry(msgid="{n} picture", msgid_plural="{n} pictures", msgstr_plural={0: "{n} Bild", 1: "{n} Bilder"}),
        Entry(msgid="Not yet", msgstr="Noch nicht", flags={"fuzzy"}),
    ]
    catalogue = gettext.GNUTranslations(io.BytesIO(compile_mo(entries)))
    assert catalogue.gettext("Report") == "Melden"
    assert catalogue.ngettext("{n} picture", "{n} pictures", 3) == "{n} Bilder"
    assert catalogue.gettext("Not yet") == "Not yet"


def test_po_text_survives_a_round_trip_with_quotes_and_newlines() -> None:
    entries = [Entry(msgid="", msgstr="Language: xx\n"),
               Entry(msgid='Say "no".\n\n- a \\ b', msgstr="Sag \"nein\".\n\n- a \\ b", references=["f.md:why"])]
    again = parse_po(format_po(entries, "comment"))
    assert [(e.msgid, e.msgstr, e.references) for e in again] == [(e.msgid, e.msgstr, e.references) for e in entries]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
def test_our_template_and_catalogues_are_valid_for_gnu_gettext(test_language: Path, tmp_path: Path) -> None:
    po_path = test_language / "xx/LC_MESSAGES/evidencekit.po"
    gnu_mo = tmp_path / "gnu.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(gnu_mo), str(po_path)], check=True)
    ours = gettext.GNUTranslations((test_language / "xx/LC_MESSAGES/evidencekit.mo").open("rb"))
    theirs = gettext.GNUTranslations(gnu_mo.open("rb"))
    assert ours._catalog == theirs._catalog  # type: ignore[attr-defined]


def test_the_committed_template_holds_every_guidance_text_and_label() -> None:
    committed = {e.msgid for e in parse_po((i18n.locale_dir() / "evidencekit.pot").read_text(encoding="utf-8"))}
    guidance = {msgid for msgid, _ in guidance_messages()}
    assert len(guidance) > 150
    missing = guidance - committed
    assert not missing, f"run 'python -m evidencekit.guidance.catalog pot' ({len(missing)} texts missing)"
    labels = {msgid for (msgid, _), entry in code_messages().items()
              if any(ref.startswith("evidencekit/guidance/") for ref in entry.references)}
    assert "What to do" in labels and labels <= committed


def test_the_template_lists_guidance_first_with_file_and_field() -> None:
    entries = template_entries()
    assert entries[0].msgid == "" and "charset=UTF-8" in entries[0].msgstr
    assert entries[1].msgid == "Stop and breathe"
    assert entries[1].references == ["resources/guidance/steps/stop.md:title"]
