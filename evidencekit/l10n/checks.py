"""What makes the translations wrong, as sentences: the tests and `python -m evidencekit.l10n check` use it.

- the template lacks a text the code or the guidance shows, or holds one nobody shows any more;
- a catalogue was not merged with the template since a text changed (stale);
- a .mo is missing or was not compiled from its .po;
- a translation loses a number, web address or placeholder (evidencekit.l10n.safety);
- a language marked complete in languages.toml has an untranslated or fuzzy entry.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog, Message

from evidencekit import i18n
from evidencekit.l10n.catalogues import (
    language_of,
    languages,
    mo_bytes,
    po_files,
    read_catalog,
    template_path,
    unsafe_translations,
)
from evidencekit.l10n.extract import template_catalog

Key = tuple[str | tuple[str, ...], str | None]
REGENERATE = "python -m evidencekit.l10n pot"
UPDATE = "python -m evidencekit.l10n update"


def keys(catalog: Catalog) -> dict[Key, str]:
    """(msgid or (singular, plural), context) of every message but the header, with a short name."""
    found: dict[Key, str] = {}
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else tuple(message.id)
        found[(msgid, message.context)] = msgid if isinstance(msgid, str) else msgid[0]
    return found


def _listed(names: list[str]) -> str:
    shown = ", ".join(f"'{name[:50]}'" for name in names[:3])
    return shown + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def template_problems(committed: Catalog, fresh: Catalog) -> list[str]:
    """Differences between the committed template and the one the code and guidance give now."""
    have, want = keys(committed), keys(fresh)
    problems = []
    missing = [want[key] for key in want if key not in have]
    gone = [have[key] for key in have if key not in want]
    if missing:
        problems.append(f"the template lacks {len(missing)} text(s) shown to people: {_listed(missing)}; "
                        f"run '{REGENERATE}'")
    if gone:
        problems.append(f"the template holds {len(gone)} text(s) no longer shown: {_listed(gone)}; "
                        f"run '{REGENERATE}'")
    return problems


def stale_problems(catalog: Catalog, template: Catalog, name: str) -> list[str]:
    have, want = keys(catalog), keys(template)
    missing = [want[key] for key in want if key not in have]
    gone = [have[key] for key in have if key not in want]
    if missing or gone:
        return [f"{name} is stale against the template ({len(missing)} new, {len(gone)} gone text(s), "
                f"e.g. {_listed(missing or gone)}); run '{UPDATE}'"]
    return []


def incomplete_problems(catalog: Catalog, name: str) -> list[str]:
    """Entries of a language marked complete that are not translated (empty or fuzzy)."""
    untranslated = [keys_name for keys_name, message in _named(catalog)
                    if message.fuzzy or not all(_forms(message.string))]
    if untranslated:
        return [f"{name} is marked complete but {len(untranslated)} text(s) are untranslated or fuzzy: "
                f"{_listed(untranslated)}"]
    return []


def _named(catalog: Catalog) -> list[tuple[str, Message]]:
    return [(message.id if isinstance(message.id, str) else message.id[0], message)
            for message in catalog if message.id]


def _forms(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    return list(value) if isinstance(value, (tuple, list)) else [""]


def catalogue_problems(path: Path, template: Catalog, complete: bool) -> list[str]:
    """Everything wrong with one language's .po and .mo."""
    name = f"{language_of(path)} ({path.name})"
    catalog = read_catalog(path, language_of(path))
    problems = stale_problems(catalog, template, name)
    problems += [f"{name}: {problem}" for problem in unsafe_translations(catalog)]
    if complete:
        problems += incomplete_problems(catalog, name)
    mo_path = path.with_suffix(".mo")
    if not mo_path.exists() or mo_path.read_bytes() != mo_bytes(catalog):
        problems.append(f"{mo_path.name} of {language_of(path)} was not compiled from its .po; "
                        "run 'python -m evidencekit.l10n compile'")
    return problems


def all_problems(locale_dir: Path | None = None, fresh: Catalog | None = None) -> list[str]:
    """Every problem of the template and the catalogues under `locale_dir` (default: the app's)."""
    folder = locale_dir or i18n.locale_dir()
    committed = read_catalog(template_path(folder))
    problems = template_problems(committed, fresh if fresh is not None else template_catalog())
    declared = languages(folder)
    for path in po_files(folder):
        language = declared.get(language_of(path))
        if language is None:
            problems.append(f"{language_of(path)} has a catalogue but no entry in languages.toml (complete = "
                            "true or false)")
        problems += catalogue_problems(path, committed, complete=bool(language and language.complete))
    return problems
