"""The one translation mechanism for the window, the PDF bundle and the guidance texts: GNU gettext.

English is the source language: every message id is the English text, so English is always complete.
Other languages are `resources/locale/<lang>/LC_MESSAGES/evidencekit.mo`, compiled from `.po` files by
`python -m evidencekit.guidance.catalog compile` (see docs/guidance-format.md, "Adding a language").

Use `_()` for text shown now and `N_()` to mark text kept in a constant and translated later:

    from evidencekit.i18n import _
    label = _("Take a picture of your screen")

The active language is process-wide. Entry points call `set_language()` once (None = from the
environment: LANGUAGE, LC_ALL, LC_MESSAGES, LANG); until then everything is English.
"""

from __future__ import annotations

import gettext as _gettext
from dataclasses import dataclass
from pathlib import Path

from evidencekit.paths import resources_dir

DOMAIN = "evidencekit"
SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class _Active:
    language: str
    localedir: Path | None
    translations: _gettext.NullTranslations


_active = _Active(SOURCE_LANGUAGE, None, _gettext.NullTranslations())


def locale_dir() -> Path:
    """Folder holding one sub-folder per language (`<lang>/LC_MESSAGES/evidencekit.mo`) and the .pot."""
    return resources_dir() / "locale"


def set_language(language: str | None = None, *, localedir: Path | None = None) -> str:
    """Switch every later `_()` call to `language` ('de', 'pt_BR'); returns the language in use.

    A language without a catalogue falls back to English rather than failing: the app must always speak.
    """
    global _active
    folder = localedir or locale_dir()
    wanted = [language] if language else None
    found = _gettext.find(DOMAIN, str(folder), wanted)
    if found is None or (language or "").split("_")[0] == SOURCE_LANGUAGE:
        _active = _Active(SOURCE_LANGUAGE, folder, _gettext.NullTranslations())
        return SOURCE_LANGUAGE
    with Path(found).open("rb") as handle:
        translations = _gettext.GNUTranslations(handle)
    used = Path(found).parent.parent.name
    _active = _Active(used, folder, translations)
    return used


def current_language() -> str:
    """Language code of the active catalogue ('en' when untranslated)."""
    return _active.language


def translation_key() -> tuple[str, str]:
    """Identifies the active catalogue, so caches of translated data can be keyed on it."""
    return (_active.language, str(_active.localedir or ""))


def available_languages(localedir: Path | None = None) -> list[str]:
    """English plus every language with a compiled catalogue, sorted."""
    folder = localedir or locale_dir()
    found = {SOURCE_LANGUAGE}
    if folder.is_dir():
        for mo_file in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"):
            found.add(mo_file.parent.parent.name)
    return sorted(found)


def gettext(message: str) -> str:
    """`message` in the active language, or unchanged when it has no translation."""
    if not message:
        return message
    return _active.translations.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for `count`, in the active language."""
    return _active.translations.ngettext(singular, plural, count)


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
    "current_language",
    "gettext",
    "locale_dir",
    "ngettext",
    "set_language",
    "translation_key",
]
