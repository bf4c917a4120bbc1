"""The checks that make a translation safe to ship, whatever else is wrong with it.

A translation that drops or changes a phone number, a web address or a `{placeholder}` of its English
original is refused, because a wrong number in a crisis is worse than an untranslated sentence.
"""

from __future__ import annotations

import re

from babel.messages.catalog import Message

_URL = re.compile(r"https?://[^\s)\"'<>\[\]]+")  # a ] closes a bracket around it
_NUMBER = re.compile(r"\d(?:[\d ]*\d)?")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def protected_tokens(text: str) -> tuple[set[str], set[str], set[str]]:
    """(web addresses, numbers without spaces, {placeholders}) that a translation must keep."""
    urls = set(_URL.findall(text))
    without_urls = _URL.sub(" ", text)
    numbers = {match.replace(" ", "") for match in _NUMBER.findall(without_urls)}
    return urls, numbers, set(_PLACEHOLDER.findall(text))


def _strings(value: str | tuple[str, ...] | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def check_translation(message: Message) -> str | None:
    """Why this translation is unsafe to ship (a lost number, address or placeholder), or None.

    Every plural form must keep what the English forms have; numbers may be re-spaced ('116 123' →
    '116123'). An untranslated form is not checked (it falls back to English).
    """
    urls: set[str] = set()
    numbers: set[str] = set()
    every_field: set[str] = set()
    field_sets = []
    for original in _strings(message.id):
        found = protected_tokens(original)
        urls, numbers, every_field = urls | found[0], numbers | found[1], every_field | found[2]
        field_sets.append(found[2])
    fields = set.intersection(*field_sets) if field_sets else set()  # 'One picture' / '{count} pictures'
    for translation in _strings(message.string):
        if not translation:
            continue
        if any(original.endswith("\n") != translation.endswith("\n") or
               original.startswith("\n") != translation.startswith("\n") for original in _strings(message.id)):
            return (f"the translation of '{_first(message.id)[:60]}' does not start and end with a line break "
                    "as the English does")
        got_urls, _, got_fields = protected_tokens(translation)
        squashed = _URL.sub(" ", translation).replace(" ", "")
        lost = sorted((urls - got_urls) | {n for n in numbers if n not in squashed} | (fields - got_fields))
        extra = sorted(got_fields - every_field)  # would break .format()
        if lost:
            return f"the translation of '{_first(message.id)[:60]}' does not keep {', '.join(lost)}"
        if extra:
            return f"the translation of '{_first(message.id)[:60]}' has {', '.join(extra)}, which the English has not"
    return None


def _first(value: str | tuple[str, ...] | list[str]) -> str:
    return value if isinstance(value, str) else value[0]
