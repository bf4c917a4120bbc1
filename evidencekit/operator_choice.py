"""The default operator of this computer: the support worker's name recorded when a command gets none.

Set with `evidencekit config --operator NAME` (cleared with `--no-operator`); kept in the settings
folder of this computer, never in a case (a case moves between computers; a name set on one must not
follow it). `--operator` and $EVIDENCEKIT_OPERATOR come first.
"""

from __future__ import annotations

from pathlib import Path

from evidencekit.fsio import atomic_write
from evidencekit.paths import settings_dir

OPERATOR_FILE = "operator"  # one line: the name, UTF-8
NOT_GIVEN = "operator not given"  # recorded for a support worker's case when no name was given at all


def _path(home: Path | None, *, create: bool = False) -> Path:
    return settings_dir(home, create=create) / OPERATOR_FILE


def saved_operator(home: Path | None = None) -> str:
    """The default operator set on this computer, or "" (none set, or the file is unreadable)."""
    try:
        return _path(home).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def save_operator(name: str, home: Path | None = None) -> None:
    """Make `name` this computer's default operator ("" clears it); atomic."""
    path = _path(home, create=bool(name))
    if name:
        atomic_write(path, (name + "\n").encode("utf-8"), overwrite=True)
    else:
        path.unlink(missing_ok=True)
