"""Made-up translations for testing: every text changed in a way a person can spot at a glance.

`accented` turns "Start a new case" into "[Śţàŕţ à ñéŵ ćàśé]" (the brackets show clipping); `rtl` writes
it in Arabic letters and turns the arrows round ("Next →" points left, as an Arabic translator writes it),
for checking that the window lays out right to left. Placeholders, web
addresses, numbers, markup and keyboard accelerators ('&') are kept, so the safety checks pass and the
texts still format. Built by the tests (and scripts/screenshots.py) at run time; never shipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from babel.messages.catalog import Catalog

from evidencekit.fsio import atomic_write
from evidencekit.l10n.catalogues import mo_bytes, po_bytes, po_path, read_catalog, template_path

_KEEP = re.compile(r"\{[^{}]*\}|https?://[^\s)\"'<>]+|<[^<>]+>|&[A-Za-z]+;|%\([A-Za-z_]+\)[sd]|\*\*")
_ACCENTED = str.maketrans("aceinorsuwyzACEINORSUWYZ", "àćéîñöŕśûŵýźÀĆÉÎÑÖŔŚÛŴÝŹ")
_ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
_RTL = str.maketrans({**{letter: _ARABIC[index % len(_ARABIC)]
                         for index, letter in enumerate("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")},
                      "→": "←", "←": "→"})  # arrows are not mirrored by the bidi algorithm: a translator turns them


def _outside_kept(text: str, change: Callable[[str], str]) -> str:
    pieces, last = [], 0
    for match in _KEEP.finditer(text):
        pieces += [change(text[last:match.start()]), match.group()]
        last = match.end()
    pieces.append(change(text[last:]))
    return "".join(pieces)


def accented(text: str) -> str:
    body = text.strip("\n")
    start = text[:len(text) - len(text.lstrip("\n"))]
    end = text[len(start) + len(body):]
    return f"{start}[{_outside_kept(body, lambda part: part.translate(_ACCENTED))}]{end}"


def rtl(text: str) -> str:
    return _outside_kept(text, lambda part: part.translate(_RTL))


def translate_all(catalog: Catalog, transform: Callable[[str], str]) -> Catalog:
    """Every message of `catalog` translated by `transform` (each plural form too)."""
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, str):
            message.string = transform(message.id)
        else:
            forms = catalog.num_plurals
            message.string = tuple(transform(message.id[min(index, 1)]) for index in range(forms))
    return catalog


def write_pseudo_language(locale_dir: Path, language: str, transform: Callable[[str], str],
                          template: Path | None = None) -> Path:
    """A complete, compiled catalogue `language` under `locale_dir` from the app's template; the .mo path."""
    catalog = read_catalog(template or template_path(), language)
    catalog.locale = language
    catalog.fuzzy = False
    translate_all(catalog, transform)
    path = po_path(language, locale_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, po_bytes(catalog))
    atomic_write(path.with_suffix(".mo"), mo_bytes(catalog))
    return path.with_suffix(".mo")
