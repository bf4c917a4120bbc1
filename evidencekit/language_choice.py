"""Which language the window and the commands speak, and the one remembered on this computer.

The order: `--language` for this run; else the language chosen on the first screen, remembered per
computer (in the settings folder, never in a case: a case may move to a support worker's computer);
else the environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, as gettext reads them); else English.
A remembered choice comes before the environment because LANG is set on nearly every system, and a
person who picked "Español" on the first screen must keep it on an English desktop.
"""

from __future__ import annotations

from pathlib import Path

from evidencekit import i18n
from evidencekit.fsio import atomic_write
from evidencekit.paths import settings_dir

LANGUAGE_FILE = "language"  # one line: a language code such as 'es'


def _path(home: Path | None, *, create: bool = False) -> Path:
    return settings_dir(home, create=create) / LANGUAGE_FILE


def saved_language(home: Path | None = None) -> str | None:
    """The language chosen on the first screen of this computer, or None (never chosen, or unreadable)."""
    try:
        code = _path(home).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return code if code and len(code) <= 16 and code.replace("_", "").isalpha() else None


def save_language(language: str, home: Path | None = None) -> None:
    """Remember `language` for the window on this computer (atomic; replaces the last choice)."""
    atomic_write(_path(home, create=True), (language + "\n").encode("utf-8"), overwrite=True)


def apply_language(explicit: str | None = None, home: Path | None = None) -> str:
    """Switch the process to the chosen language (see the module's order); returns the one in use."""
    return i18n.set_language(explicit or saved_language(home))


def choose_language(explicit: str | None = None, home: Path | None = None) -> None:
    """apply_language, its catalogue loaded when a message first needs it (i18n.choose_language): for a
    command. The remembered choice is read now."""
    i18n.choose_language(explicit or saved_language(home))
