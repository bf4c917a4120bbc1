"""Which language is spoken: `--language`, then the choice remembered on this computer, then LANGUAGE /
LANG, then English; and the bundle's own language (`export --language`, else the country's police's)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from evidencekit import i18n
from evidencekit.bundle.export import bundle_language
from evidencekit.cli import _first_command, _interface_language
from evidencekit.errors import UsageError
from evidencekit.l10n import catalogues, pseudo
from evidencekit.language_choice import apply_language, save_language, saved_language


@pytest.fixture
def locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app's locale folder replaced by one with a complete test language 'eo' (and English)."""
    folder = tmp_path / "locale"
    folder.mkdir()
    pseudo.write_pseudo_language(folder, "eo", pseudo.accented)
    monkeypatch.setattr(i18n, "locale_dir", lambda: folder)
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    yield folder
    i18n.set_language("en")


def test_the_environment_speaks_when_nothing_was_chosen(locale: Path, home: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    assert apply_language(None, home) == "en"
    monkeypatch.setenv("LANG", "eo.UTF-8")
    assert apply_language(None, home) == "eo"
    assert i18n._("Start a new case") == pseudo.accented("Start a new case")
    monkeypatch.setenv("LANGUAGE", "fr:eo")  # GNU's list: the first language with a catalogue
    assert apply_language(None, home) == "eo"
    monkeypatch.setenv("LANGUAGE", "xx")
    monkeypatch.setenv("LANG", "xx_YY.UTF-8")
    assert apply_language(None, home) == "en"  # no catalogue: English, never a blank window


def test_a_language_chosen_on_this_computer_beats_lang_and_the_flag_beats_both(
        locale: Path, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_GB.UTF-8")  # set on nearly every desktop
    assert saved_language(home) is None
    save_language("eo", home)
    assert saved_language(home) == "eo"
    assert (home / "settings" / "language").read_text() == "eo\n"
    assert apply_language(None, home) == "eo"
    assert apply_language("en", home) == "en"  # --language for this run only
    assert saved_language(home) == "eo"


def test_the_remembered_choice_is_per_computer_not_in_any_case(home: Path) -> None:
    save_language("es", home)
    assert not list(home.glob("cases/**/language"))
    (home / "settings" / "language").write_text("../../etc\n")  # a damaged setting is ignored, not used
    assert saved_language(home) is None


def test_language_before_the_command_is_the_interfaces_and_after_it_the_commands() -> None:
    assert _interface_language(["--language", "es", "guidance", "--list"]) == "es"
    assert _interface_language(["--language=es"]) == "es"
    assert _interface_language(["export", "case", "out.pdf", "--language", "es"]) is None  # the bundle's
    assert _first_command(["--language", "es", "export", "x"]) == "export"


def test_the_bundle_speaks_the_language_of_the_countrys_police_unless_chosen(locale: Path) -> None:
    def state(country: str | None) -> SimpleNamespace:
        return SimpleNamespace(profile={"country": country} if country else {})

    assert bundle_language(state("US"), None) == "en"
    assert bundle_language(state(None), None) == "en"
    assert bundle_language(state("GB"), "eo") == "eo"
    with pytest.raises(UsageError, match="cannot write a bundle in 'xx'; choose one of: en, eo"):
        bundle_language(state("GB"), "xx")


def test_spain_and_mexico_get_spanish_bundles_when_spanish_exists() -> None:
    if not i18n.has_catalogue("es"):
        pytest.skip("no Spanish catalogue compiled")
    assert i18n.country_language("ES") == i18n.country_language("MX") == "es"
    assert i18n.country_language("US") == i18n.country_language("IE") == "en"
    assert i18n.language_name("es") == "Español"


def test_dates_and_numbers_follow_the_language(locale: Path) -> None:
    from datetime import datetime

    moment = datetime(2026, 12, 3, 16, 40)
    assert i18n.format_datetime(moment) == "3 Dec 2026, 16:40:00"
    assert i18n.format_number(12345) == "12,345"
    with i18n.using_language("es", localedir=catalogues.i18n.locale_dir()):
        # no Spanish catalogue in this folder: English words, and English (en_GB) dates
        assert i18n.current_language() == "en"
    i18n.set_language("eo")
    assert i18n.format_number(12345) == "12\u202f345"  # Esperanto's grouping (CLDR), through Babel
    assert i18n.format_decimal(12.5) == "12,5"
    from babel.dates import format_datetime

    assert i18n.format_datetime(moment) == format_datetime(moment, format="medium", locale="eo")


def test_right_to_left_languages_are_known_by_their_script() -> None:
    assert i18n.is_right_to_left("ar") and i18n.is_right_to_left("he") and i18n.is_right_to_left("fa")
    assert not i18n.is_right_to_left("es") and not i18n.is_right_to_left("en")
