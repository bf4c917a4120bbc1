"""The translation template and catalogues, as the tests and `python -m evidencekit.l10n check` see them:
nothing shown to people is missing from the template, no catalogue is stale, a complete language has no
untranslated entry, no translation loses a number, address or placeholder — and each of these checks
is shown to fail when its fault is made."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message

from evidencekit import i18n
from evidencekit.l10n import catalogues, checks, pseudo
from evidencekit.l10n.extract import guidance_messages, template_catalog
from evidencekit.l10n.safety import check_translation


@pytest.fixture(scope="module")
def fresh() -> Catalog:
    return template_catalog()


@pytest.fixture
def locale(tmp_path: Path) -> Path:
    """A locale folder holding a copy of the committed template and nothing else."""
    folder = tmp_path / "locale"
    folder.mkdir()
    shutil.copy(catalogues.template_path(), catalogues.template_path(folder))
    return folder


def committed() -> Catalog:
    return catalogues.read_catalog(catalogues.template_path())


def mark(folder: Path, language: str, *, complete: bool) -> None:
    (folder / catalogues.LANGUAGES_FILE).write_text(f"[{language}]\ncomplete = {str(complete).lower()}\n")


def test_the_committed_template_holds_every_text_the_code_and_guidance_show(fresh: Catalog) -> None:
    assert checks.template_problems(committed(), fresh) == []
    assert len(fresh) > 400
    assert "Stop and breathe" in fresh and "Evidence bundle" in fresh  # a guidance text, a bundle text


def test_the_committed_catalogues_are_merged_compiled_safe_and_complete_where_marked(fresh: Catalog) -> None:
    assert checks.all_problems(fresh=fresh) == []


def test_spanish_is_marked_complete_so_every_new_text_needs_its_spanish() -> None:
    """Issue 17: Spanish is the complete second language; a text added without Spanish fails the test above."""
    assert catalogues.languages()["es"].complete


def test_a_new_text_in_the_code_missing_from_the_template_fails(tmp_path: Path, fresh: Catalog) -> None:
    package = tmp_path / "evidencekit"
    shutil.copytree(catalogues.i18n.locale_dir().parent.parent / "evidencekit", package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    (package / "new_page.py").write_text('from evidencekit.i18n import _\n\nTITLE = _("A sentence added today")\n')
    problems = checks.template_problems(committed(), template_catalog(package))
    assert len(problems) == 1 and "lacks 1 text(s)" in problems[0] and "A sentence added today" in problems[0]
    removed = Catalog()
    for message in fresh:
        if message.id and message.id != "Stop and breathe":
            removed.add(message.id, context=message.context)
    assert "no longer shown" in checks.template_problems(removed, fresh)[0] or \
        "lacks 1 text(s)" in checks.template_problems(removed, fresh)[0]


def test_a_complete_language_with_an_untranslated_entry_fails(locale: Path) -> None:
    pseudo.write_pseudo_language(locale, "eo", pseudo.accented, template=catalogues.template_path(locale))
    mark(locale, "eo", complete=True)
    template = catalogues.read_catalog(catalogues.template_path(locale))
    assert checks.all_problems(locale, fresh=template) == []  # complete, merged, compiled: nothing wrong

    template.add("A text nobody has translated yet", locations=[("evidencekit/new.py", None)])
    catalogues.template_path(locale).write_bytes(catalogues.po_bytes(template))
    stale = checks.all_problems(locale, fresh=template)
    assert len(stale) == 1 and "stale against the template (1 new" in stale[0]

    catalogues.update_catalogues(locale)
    catalogues.compile_catalogues(locale)
    untranslated = checks.all_problems(locale, fresh=template)
    assert len(untranslated) == 1 and "marked complete but 1 text(s) are untranslated" in untranslated[0]
    assert "A text nobody has translated yet" in untranslated[0]

    mark(locale, "eo", complete=False)  # an incomplete language may ship with English gaps
    assert checks.all_problems(locale, fresh=template) == []


def test_a_mo_file_not_compiled_from_its_po_fails(locale: Path) -> None:
    mo_path = pseudo.write_pseudo_language(locale, "eo", pseudo.accented, template=catalogues.template_path(locale))
    mark(locale, "eo", complete=False)
    mo_path.unlink()
    template = catalogues.read_catalog(catalogues.template_path(locale))
    assert any("was not compiled from its .po" in p for p in checks.all_problems(locale, fresh=template))


def test_a_catalogue_not_listed_in_languages_toml_fails(locale: Path) -> None:
    pseudo.write_pseudo_language(locale, "eo", pseudo.accented, template=catalogues.template_path(locale))
    template = catalogues.read_catalog(catalogues.template_path(locale))
    assert any("no entry in languages.toml" in p for p in checks.all_problems(locale, fresh=template))


def test_init_update_compile_round_trip_with_babel(locale: Path) -> None:
    path = catalogues.init_language("es", locale)
    with pytest.raises(catalogues.CatalogueError, match="already exists"):
        catalogues.init_language("es", locale)
    catalog = catalogues.read_catalog(path, "es")
    assert catalog.num_plurals == 3 or catalog.num_plurals == 2
    catalog["Stop and breathe"].string = "Para y respira"
    path.write_bytes(catalogues.po_bytes(catalog))
    [mo_path] = catalogues.compile_catalogues(locale)
    assert i18n.set_language("es", localedir=locale) == "es"
    try:
        assert i18n._("Stop and breathe") == "Para y respira"
        assert i18n._("Evidence bundle") == "Evidence bundle"  # untranslated: English, never blank
    finally:
        i18n.set_language("en")
    assert gettext.GNUTranslations(mo_path.open("rb")).gettext("Stop and breathe") == "Para y respira"


@pytest.mark.parametrize(("msgid", "msgstr", "lost"), [
    ("Call or text 988, any time.", "Appelez le 989 à tout moment.", "988"),
    ("Free to call on 116 123.", "Gratuit.", "116123"),
    ("See https://www.samaritans.org/ for more.", "Voir le site.", "https://www.samaritans.org/"),
    ("From: {source}, checked {month}.", "Quelle: {source}.", "{month}"),
    ("Saved {count} pictures", "{count} Bilder in {folder} gespeichert", "{folder}"),
])
def test_a_translation_that_loses_or_adds_a_number_address_or_placeholder_is_refused(
        locale: Path, msgid: str, msgstr: str, lost: str) -> None:
    problem = check_translation(Message(msgid, msgstr))
    assert problem and lost in problem
    catalogues.init_language("fr", locale)
    catalog = Catalog(locale="fr")
    catalog.add(msgid, msgstr)
    catalogues.po_path("fr", locale).write_bytes(catalogues.po_bytes(catalog))
    with pytest.raises(catalogues.CatalogueError, match="Refusing to compile"):
        catalogues.compile_catalogues(locale)
    assert not catalogues.po_path("fr", locale).with_suffix(".mo").exists()


def test_a_translation_may_respace_numbers_and_plural_forms_may_drop_the_count() -> None:
    assert check_translation(Message("Call 116 123 now.", "Rufen Sie 116123 an.")) is None
    plural = Message(("One picture", "{count} pictures"), ("Ein Bild", "{count} Bilder"))
    assert check_translation(plural) is None
    assert check_translation(Message(("{count} picture", "{count} pictures"), ("Bild", "Bilder")))


def test_the_template_lists_guidance_first_with_file_and_field(fresh: Catalog) -> None:
    first = next(message for message in fresh if message.id)
    assert first.id == "Stop and breathe"
    assert first.locations[0] == ("resources/guidance/steps/stop.md", None)  # the window shows it too
    assert "resources/guidance/steps/stop.md: title" in first.auto_comments
    assert len({text for text, _, _ in guidance_messages()}) > 150


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
def test_the_template_and_a_catalogue_are_valid_for_gnu_gettext(locale: Path, tmp_path: Path) -> None:
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(catalogues.template_path())], check=True)
    mo_path = pseudo.write_pseudo_language(locale, "eo", pseudo.accented, template=catalogues.template_path(locale))
    gnu = tmp_path / "gnu.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(gnu), str(mo_path.with_suffix(".po"))], check=True)
    ours = gettext.GNUTranslations(mo_path.open("rb"))
    theirs = gettext.GNUTranslations(gnu.open("rb"))
    ours_catalog, theirs_catalog = ours._catalog, theirs._catalog  # type: ignore[attr-defined]
    assert {k: v for k, v in ours_catalog.items() if k} == {k: v for k, v in theirs_catalog.items() if k}
