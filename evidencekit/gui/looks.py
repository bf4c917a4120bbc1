"""The neutral look, for a shared computer: "Documents" instead of "evidencekit" in every window title,
the task bar, the window icon and the desktop entry.

Someone glancing at the task bar of a shared computer should not learn what the person is doing. The
choice is per computer (it must be known before any case is unlocked), in evidencekit's own settings
file (settings/gui.json, next to the idle-lock minutes; no case data), and offered when a case is started
on a shared computer and on the "Privacy and safety" page.

The desktop entry: with the neutral look on, a per-user entry with the same id as the installed one is
written to $XDG_DATA_HOME/applications (desktop menus let it replace the installed entry), named
"Documents" with a generic documents icon; turning the look off removes it again. An entry of the same
name that evidencekit did not write is never touched.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QStyle, QWidget

from evidencekit.fsio import atomic_write
from evidencekit.gui import texts
from evidencekit.i18n import _
from evidencekit.paths import settings_dir

SETTINGS_FILE = "gui.json"
KEY = "neutral_look"
DESKTOP_ID = "org.evidencekit.EvidenceKit"
MARKER = "X-EvidenceKit-Neutral=true"
NEUTRAL_ICON = "folder-documents"

_home: Path | None = None
_neutral: bool | None = None  # cached for this run; set_neutral changes it


def _settings(home: Path | None) -> Path:
    return settings_dir(home) / SETTINGS_FILE


def read_neutral(home: Path | None = None) -> bool:
    try:
        value = json.loads(_settings(home).read_text(encoding="utf-8")).get(KEY)
    except (OSError, ValueError, AttributeError):
        return False
    return value is True


def is_neutral() -> bool:
    global _neutral
    if _neutral is None:
        _neutral = read_neutral(_home)
    return _neutral


def use_home(home: Path | None) -> None:
    """The data dir whose settings say which look to use (tests and the screenshots use their own)."""
    global _home, _neutral
    _home, _neutral = home, None


def app_title() -> str:
    return _(texts.NEUTRAL_TITLE) if is_neutral() else texts.APP_TITLE


def window_icon() -> QIcon:
    if is_neutral():
        icon = QIcon.fromTheme(NEUTRAL_ICON)
        if icon.isNull():
            app = QApplication.instance()
            if isinstance(app, QApplication):
                icon = app.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        return icon
    return QIcon.fromTheme(DESKTOP_ID)


def apply_app_look(app: QGuiApplication) -> None:
    """The application's name for the task bar and window manager (X11 class, Wayland app name)."""
    neutral = is_neutral()
    app.setApplicationDisplayName(app_title())
    app.setApplicationName(_(texts.NEUTRAL_TITLE) if neutral else "evidencekit")
    icon = window_icon()
    if not icon.isNull():
        app.setWindowIcon(icon)


def apply_window_look(window: QWidget) -> None:
    icon = window_icon()
    if not icon.isNull():
        window.setWindowIcon(icon)


def set_neutral(on: bool, home: Path | None = None) -> None:
    """Remember the choice for this computer and apply it now: app name, every window, the desktop entry."""
    global _neutral
    path = _settings(home if home is not None else _home)
    try:
        current = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(current, dict):
            current = {}
    except (OSError, ValueError):
        current = {}
    current[KEY] = bool(on)
    atomic_write(path, (json.dumps(current, indent=2, sort_keys=True) + "\n").encode(), overwrite=True)
    _neutral = bool(on)
    write_desktop_entry(bool(on))
    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_app_look(app)
        for widget in app.topLevelWidgets():
            if widget.windowTitle() in (texts.APP_TITLE, _(texts.NEUTRAL_TITLE)):
                widget.setWindowTitle(app_title())
            elif hasattr(widget, "refresh_title"):
                widget.refresh_title()
            apply_window_look(widget)


def desktop_entry_path() -> Path:
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "applications" / f"{DESKTOP_ID}.desktop"


def neutral_desktop_entry() -> str:
    name = _(texts.NEUTRAL_TITLE)
    return ("[Desktop Entry]\n"
            "Type=Application\n"
            f"Name={name}\n"
            f"Icon={NEUTRAL_ICON}\n"
            "Exec=evidencekit\n"
            "Terminal=false\n"
            "Categories=Office;\n"
            "StartupWMClass=evidencekit\n"
            f"{MARKER}\n")


def write_desktop_entry(neutral: bool) -> None:
    """Neutral: our per-user entry named "Documents". Not neutral: our entry removed (never another's)."""
    path = desktop_entry_path()
    try:
        ours = MARKER in path.read_text(encoding="utf-8")
    except OSError:
        ours = None  # no such file
    if neutral:
        if ours is False:
            return  # the person's own entry: left alone
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, neutral_desktop_entry().encode("utf-8"), overwrite=True)
    elif ours:
        path.unlink(missing_ok=True)
