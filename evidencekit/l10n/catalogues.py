"""The template and the catalogues on disk: write, start, merge, compile, and what is wrong with them.

    resources/locale/evidencekit.pot                    the template (generated, committed)
    resources/locale/languages.toml                     each language and whether it is complete
    resources/locale/<lang>/LC_MESSAGES/evidencekit.po  a translation (edited by translators)
    resources/locale/<lang>/LC_MESSAGES/evidencekit.mo  its compiled form (generated, committed)

Everything is read, merged and written by Babel (`babel.messages`); `evidencekit.l10n.safety` adds the
checks that keep numbers, addresses and placeholders.
"""

from __future__ import annotations

import io
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from evidencekit import i18n
from evidencekit.fsio import atomic_write
from evidencekit.l10n.extract import template_catalog
from evidencekit.l10n.safety import check_translation

LANGUAGES_FILE = "languages.toml"


class CatalogueError(Exception):
    """A catalogue cannot be used: the message says which file and why."""


@dataclass(frozen=True)
class Language:
    code: str
    complete: bool


def template_path(locale_dir: Path | None = None) -> Path:
    return (locale_dir or i18n.locale_dir()) / f"{i18n.DOMAIN}.pot"


def po_path(language: str, locale_dir: Path | None = None) -> Path:
    return (locale_dir or i18n.locale_dir()) / language / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"


def po_files(locale_dir: Path | None = None) -> list[Path]:
    return sorted((locale_dir or i18n.locale_dir()).glob(f"*/LC_MESSAGES/{i18n.DOMAIN}.po"))


def language_of(path: Path) -> str:
    return path.parent.parent.name


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, include_lineno=False)  # file names only: the template changes when texts do
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def read_catalog(path: Path, language: str | None = None) -> Catalog:
    try:
        with path.open("rb") as handle:
            return read_po(handle, locale=language, abort_invalid=True)
    except Exception as exc:  # Babel raises several kinds; each means the file cannot be used
        raise CatalogueError(f"{path} cannot be read as a gettext catalogue ({exc}).") from exc


def languages(locale_dir: Path | None = None) -> dict[str, Language]:
    """languages.toml: `[es]` / `complete = true` for each language a .po exists for."""
    path = (locale_dir or i18n.locale_dir()) / LANGUAGES_FILE
    if not path.exists():
        return {}
    table = tomllib.loads(path.read_text(encoding="utf-8"))
    return {code: Language(code, bool(entry.get("complete", False))) for code, entry in table.items()}


def write_template(locale_dir: Path | None = None) -> Path:
    path = template_path(locale_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, po_bytes(template_catalog()))
    return path


def init_language(language: str, locale_dir: Path | None = None) -> Path:
    """A new, untranslated .po for `language` from the committed template (never overwrites one)."""
    path = po_path(language, locale_dir)
    if path.exists():
        raise CatalogueError(f"{path} already exists; bring it up to date with 'python -m evidencekit.l10n update'.")
    catalog = read_catalog(template_path(locale_dir), language)
    catalog.locale = language  # sets Language and the language's Plural-Forms header
    catalog.fuzzy = False
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, po_bytes(catalog))
    return path


def update_catalogues(locale_dir: Path | None = None) -> list[Path]:
    """Merge the template into every .po (new texts empty, changed ones fuzzy, gone ones kept as #~)."""
    template = read_catalog(template_path(locale_dir))
    written = []
    for path in po_files(locale_dir):
        catalog = read_catalog(path, language_of(path))
        catalog.update(template, update_creation_date=False)
        atomic_write(path, po_bytes(catalog))
        written.append(path)
    return written


def unsafe_translations(catalog: Catalog) -> list[str]:
    """Babel's own checks (plural forms, % formats) and ours (numbers, addresses, {placeholders})."""
    problems = []
    for message in catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        problem = check_translation(message)
        if problem:
            problems.append(problem)
    problems += [f"'{_first(message.id)[:60]}': {error}" for message, errors in catalog.check() for error in errors]
    return problems


def compile_catalogues(locale_dir: Path | None = None) -> list[Path]:
    """Compile every .po beside it as .mo; refuses a catalogue with an unsafe translation."""
    written = []
    for path in po_files(locale_dir):
        catalog = read_catalog(path, language_of(path))
        problems = unsafe_translations(catalog)
        if problems:
            raise CatalogueError(f"Refusing to compile {path}: {problems[0]}; fix the .po file.")
        mo_path = path.with_suffix(".mo")
        atomic_write(mo_path, mo_bytes(catalog))
        written.append(mo_path)
    return written


def _first(value: str | Iterable[str]) -> str:
    return value if isinstance(value, str) else next(iter(value))
