"""The one translation mechanism for the window, the CLI, the PDF bundle and the guidance: GNU gettext.

English is the source language: every message id is the English text, so English is always complete.
Other languages are `resources/locale/<lang>/LC_MESSAGES/evidencekit.mo`, compiled from `.po` files by
`python -m evidencekit.l10n compile` (see CONTRIBUTING.md, "Translations").

    from evidencekit.i18n import _, N_, ngettext
    label = _("Take a picture of your screen")
    line = ngettext("{count} picture saved", "{count} pictures saved", n).format(count=n)

`_()` translates now; `N_()` only marks text kept in a constant, translated where it is shown.

The window's (or the command's) language is process-wide: entry points call `set_language()` once.
Text in another language for one task, such as the bundle in the police's language while the window
keeps the person's, goes through `using_language()`, which changes the current thread (context) only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from evidencekit.paths import resources_dir

if TYPE_CHECKING:
    import gettext as _gettext

DOMAIN = "evidencekit"
SOURCE_LANGUAGE = "en"


class _Active:
    """A loaded catalogue (a plain class: dataclasses costs a command's start ~5 ms, ADR 023)."""

    __slots__ = ("language", "localedir", "translations")

    def __init__(self, language: str, localedir: Path | None, translations: _gettext.NullTranslations) -> None:
        self.language, self.localedir, self.translations = language, localedir, translations


_active: _Active | None = None  # English until set_language; made when first needed (see choose_language)
_chosen: tuple[str | None, Path | None] | None = None  # choose_language's choice, not loaded yet
_override: ContextVar[_Active | None] = ContextVar("evidencekit_language", default=None)


def locale_dir() -> Path:
    """Folder holding one sub-folder per language (`<lang>/LC_MESSAGES/evidencekit.mo`) and the .pot."""
    return resources_dir() / "locale"


def _load(language: str | None, localedir: Path | None) -> _Active:
    """The catalogue for `language` (None = from LANGUAGE, LC_ALL, LC_MESSAGES, LANG), English if none."""
    import gettext as _gettext  # (with locale) only once a message or the language is needed

    folder = localedir or locale_dir()
    wanted = [language] if language else None
    found = _gettext.find(DOMAIN, str(folder), wanted)
    if found is None or (language or "").split("_")[0] == SOURCE_LANGUAGE:
        return _Active(SOURCE_LANGUAGE, folder, _gettext.NullTranslations())
    with Path(found).open("rb") as handle:
        translations = _gettext.GNUTranslations(handle)
    return _Active(Path(found).parent.parent.name, folder, translations)


def set_language(language: str | None = None, *, localedir: Path | None = None) -> str:
    """Switch every later `_()` call to `language` ('de', 'pt_BR'); returns the language in use.

    A language without a catalogue falls back to English rather than failing: the app must always speak.
    """
    global _active, _chosen
    _active, _chosen = _load(language, localedir), None
    return _active.language


def choose_language(language: str | None = None, *, localedir: Path | None = None) -> None:
    """set_language(language), the catalogue found and loaded only when a message or the language is
    first needed: a command that prints nothing to translate (a capture with --json) never imports
    gettext and locale nor searches the catalogues (~2.5 ms of its start). The environment is read
    then, as set_language reads it now; a command's environment does not change meanwhile."""
    global _active, _chosen
    _active, _chosen = None, (language, localedir)


@contextmanager
def using_language(language: str | None, *, localedir: Path | None = None) -> Iterator[str]:
    """Within the block, this thread (context) speaks `language`; other threads keep theirs.

    For the bundle, made in the police's language on a worker thread while the window keeps the person's.
    """
    token = _override.set(_load(language, localedir or _current().localedir))
    try:
        yield _current().language
    finally:
        _override.reset(token)


def _current() -> _Active:
    return _override.get() or _process_wide()


def _process_wide() -> _Active:
    global _active, _chosen
    if _active is None:
        if _chosen is not None:
            _active, _chosen = _load(*_chosen), None
        else:
            import gettext as _gettext

            _active = _Active(SOURCE_LANGUAGE, None, _gettext.NullTranslations())
    return _active


def current_language() -> str:
    """Language code of the active catalogue ('en' when untranslated)."""
    return _current().language


def translation_key() -> tuple[str, str]:
    """Identifies the active catalogue, so caches of translated data can be keyed on it."""
    active = _current()
    return (active.language, str(active.localedir or ""))


def available_languages(localedir: Path | None = None) -> list[str]:
    """English plus every language with a compiled catalogue, sorted."""
    folder = localedir or locale_dir()
    found = {SOURCE_LANGUAGE}
    if folder.is_dir():
        for mo_file in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"):
            found.add(mo_file.parent.parent.name)
    return sorted(found)


def has_catalogue(language: str, localedir: Path | None = None) -> bool:
    """Whether `language` can be spoken: English, or a language with a compiled catalogue."""
    return language.split("_")[0] == SOURCE_LANGUAGE or language in available_languages(localedir)


def language_name(language: str) -> str:
    """The language's own name for itself, as a person who reads it looks for it ('English', 'Español')."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(language).get_display_name(language) or language
    except (ValueError, UnknownLocaleError):
        return language
    return name[:1].upper() + name[1:]


def is_right_to_left(language: str | None = None) -> bool:
    """Whether `language` (default: the active one) is written right to left (Arabic, Hebrew, Persian...)."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language or current_language()).text_direction == "rtl"
    except (ValueError, UnknownLocaleError):
        return False


def country_language(country: str | None, localedir: Path | None = None) -> str:
    """The language the police of `country` read ('ES' -> 'es', 'US' -> 'en'): the first official language of
    the country (Babel's CLDR data) that evidencekit can write, else English."""
    if not country or len(country) != 2:
        return SOURCE_LANGUAGE
    from babel.languages import get_official_languages

    for language in get_official_languages(country.upper(), de_facto=True):
        if has_catalogue(language, localedir):
            return language.split("_")[0] if language.startswith(SOURCE_LANGUAGE) else language
    return SOURCE_LANGUAGE


def gettext(message: str) -> str:
    """`message` in the active language, or unchanged when it has no translation."""
    if not message:
        return message
    return _current().translations.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for `count`, in the active language."""
    return _current().translations.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` in the active language, told apart from the same English words used elsewhere."""
    return _current().translations.pgettext(context, message)


def babel_locale() -> str:
    """The Babel locale for dates and numbers in the active language ('es', 'pt_BR'; English: 'en_GB')."""
    language = current_language()
    return "en_GB" if language == SOURCE_LANGUAGE else language


def format_datetime(moment: datetime, *, size: str = "medium") -> str:
    """A date and time as the reader's language writes them ('3 Dec 2026, 16:40', '3 dic 2026, 16:40')."""
    from babel.dates import format_datetime as babel_format  # Babel's locale data loads on first use

    return babel_format(moment, format=size, locale=babel_locale(), tzinfo=moment.tzinfo)


def format_date(day: date, *, size: str = "long") -> str:
    """A day as the reader's language writes it ('3 December 2026', '3 de diciembre de 2026')."""
    from babel.dates import format_date as babel_format

    return babel_format(day, format=size, locale=babel_locale())


def format_recorded_time(text: str) -> str:
    """A stored local time ('2026-11-27T23:01:02', no offset) in the reader's language; unchanged if unreadable."""
    try:
        moment = datetime.fromisoformat(text[:19])
    except ValueError:
        return text
    return format_datetime(moment)


def format_number(number: int) -> str:
    """A whole number with the reader's digit grouping ('12,345', '12.345')."""
    from babel.numbers import format_decimal as babel_format

    return babel_format(number, locale=babel_locale())


def format_decimal(number: float, pattern: str = "0.0") -> str:
    """A number with the reader's decimal sign ('12.5', '12,5'); `pattern` is a Babel/CLDR number pattern."""
    from babel.numbers import format_decimal as babel_format

    return babel_format(number, format=pattern, locale=babel_locale())


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it yet (for constants)."""
    return message


_ = gettext

__all__ = [
    "DOMAIN",
    "N_",
    "SOURCE_LANGUAGE",
    "_",
    "available_languages",
    "babel_locale",
    "country_language",
    "current_language",
    "format_date",
    "format_datetime",
    "format_decimal",
    "format_number",
    "format_recorded_time",
    "gettext",
    "has_catalogue",
    "is_right_to_left",
    "language_name",
    "locale_dir",
    "ngettext",
    "pgettext",
    "set_language",
    "translation_key",
    "using_language",
]
