"""Reading one TOML table of guidance data, field by field, with errors that name the file and field.

Every text field passes through a `Translator`, which is how the same reader serves two purposes:
loading (translate into the active language) and building the translation template (collect msgids).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from evidencekit.errors import EvidenceKitError

Translator = Callable[[str, str], str]
"""(english_text, where) -> text shown; `where` is 'file:field' for the translation template."""

MONTH = re.compile(r"^20\d\d-(0[1-9]|1[0-2])$")
DAY = re.compile(r"^20\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
PHONE_NUMBER = re.compile(r"^\+?\d[\d ]{1,18}\d$")


class GuidanceDataError(EvidenceKitError):
    """A guidance resource file is missing, malformed or incomplete (names the file and the field)."""


def untranslated(text: str, where: str) -> str:
    """The Translator that keeps the English text."""
    return text


def is_well_formed_url(url: str) -> bool:
    """An https address with a dotted host and no spaces: what we allow to be shown as a link."""
    if any(ch.isspace() for ch in url):
        return False
    parts = urlsplit(url)
    host = parts.hostname or ""
    return parts.scheme == "https" and "." in host and not host.endswith(".") and not parts.username


class TableReader:
    """One TOML table; `finish()` rejects keys nobody read, so a misspelt field is caught, not ignored."""

    def __init__(self, table: dict[str, Any], file: str, path: str, translate: Translator) -> None:
        self.table = table
        self.file = file
        self.path = path
        self.translate = translate
        self._read: set[str] = set()

    def error(self, key: str, problem: str) -> GuidanceDataError:
        return GuidanceDataError(
            f"The guidance file {self.file} has a problem in field '{self.field(key)}': {problem}; "
            "fix the file or reinstall evidencekit."
        )

    def field(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        return key in self.table

    def _raw(self, key: str, kind: type, required: bool) -> Any:
        self._read.add(key)
        if key not in self.table:
            if required:
                raise self.error(key, "it is missing")
            return None
        value = self.table[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.error(key, f"expected {kind.__name__}, found {type(value).__name__}")
        return value

    def value(self, key: str) -> Any:
        """The raw value (None when absent), marked as read; for fields that allow more than one type."""
        self._read.add(key)
        return self.table.get(key)

    def plain(self, key: str, *, required: bool = True) -> str | None:
        """A string that is never translated (ids, codes)."""
        value: str | None = self._raw(key, str, required)  # _raw checked it is a str
        if value is not None and not value.strip():
            raise self.error(key, "it is empty")
        return value

    def text(self, key: str, *, required: bool = True) -> str | None:
        """A string shown to people, translated."""
        value = self.plain(key, required=required)
        return None if value is None else self.translate(value.strip(), f"{self.file}:{self.field(key)}")

    def texts(self, key: str, *, required: bool = True) -> tuple[str, ...]:
        """A non-empty list of strings shown to people, each translated."""
        values = self._raw(key, list, required)
        if values is None:
            return ()
        if not values:
            raise self.error(key, "the list is empty")
        result = []
        for index, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                raise self.error(f"{key}[{index}]", "expected a non-empty string")
            result.append(self.translate(value.strip(), f"{self.file}:{self.field(key)}[{index}]"))
        return tuple(result)

    def plains(self, key: str, *, required: bool = True) -> tuple[str, ...]:
        values = self._raw(key, list, required) or []
        for index, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                raise self.error(f"{key}[{index}]", "expected a non-empty string")
        return tuple(values)

    def boolean(self, key: str) -> bool:
        return bool(self._raw(key, bool, True))

    def integer(self, key: str) -> int:
        return int(self._raw(key, int, True))

    def url(self, key: str, *, required: bool = True) -> str | None:
        value = self.plain(key, required=required)
        if value is not None and not is_well_formed_url(value):
            raise self.error(key, f"'{value}' is not a well-formed https address")
        return value

    def phone_number(self, key: str, *, required: bool = True) -> str | None:
        value = self.plain(key, required=required)
        if value is not None and not PHONE_NUMBER.match(value):
            raise self.error(key, f"'{value}' is not a phone number (digits and spaces, optional +)")
        return value

    def month(self, key: str) -> str:
        value = self.plain(key)
        assert value is not None
        if not MONTH.match(value):
            raise self.error(key, f"'{value}' is not a month written as YYYY-MM")
        return value

    def day(self, key: str) -> str:
        value = self.plain(key)
        assert value is not None
        if not DAY.match(value):
            raise self.error(key, f"'{value}' is not a date written as YYYY-MM-DD")
        return value

    def table_at(self, key: str, *, required: bool = True) -> TableReader | None:
        value = self._raw(key, dict, required)
        return None if value is None else TableReader(value, self.file, self.field(key), self.translate)

    def tables(self, key: str, *, required: bool = True) -> list[TableReader]:
        values = self._raw(key, list, required) or []
        if required and not values:
            raise self.error(key, "at least one entry is needed")
        readers = []
        for index, value in enumerate(values):
            if not isinstance(value, dict):
                raise self.error(f"{key}[{index}]", "expected a table")
            readers.append(TableReader(value, self.file, f"{self.field(key)}[{index}]", self.translate))
        return readers

    def finish(self) -> None:
        unknown = sorted(set(self.table) - self._read)
        if unknown:
            raise self.error(unknown[0], "this field is not part of the format (misspelt?)")
