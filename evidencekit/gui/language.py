"""The window's language: the chooser on the first screen, Qt's own words, and right-to-left layout.

Every word evidencekit writes comes from its gettext catalogue (evidencekit.i18n). Qt's own widgets
(the file dialog, standard buttons such as Cancel) carry words of their own; those come from the
`qtbase_<lang>.qm` catalogue that ships with Qt, so they match the language chosen here (ADR 071).

The layout follows the language's direction (Babel's CLDR data: Arabic, Hebrew, Persian... right to
left). `QT_LAYOUT_DIRECTION=rtl` (or `ltr`) forces a direction, for checking a layout with a test
catalogue (scripts/screenshots.py --language rtl).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator, Signal
from PySide6.QtWidgets import QApplication, QComboBox, QHBoxLayout, QLabel, QWidget

from evidencekit import i18n
from evidencekit.i18n import _
from evidencekit.language_choice import save_language

LAYOUT_ENV = "QT_LAYOUT_DIRECTION"
_qt_translator: QTranslator | None = None


def layout_direction(language: str | None = None) -> Qt.LayoutDirection:
    forced = os.environ.get(LAYOUT_ENV, "").strip().lower()
    if forced in ("rtl", "righttoleft"):
        return Qt.LayoutDirection.RightToLeft
    if forced in ("ltr", "lefttoright"):
        return Qt.LayoutDirection.LeftToRight
    return Qt.LayoutDirection.RightToLeft if i18n.is_right_to_left(language) else Qt.LayoutDirection.LeftToRight


def apply_to_application(app: QApplication) -> None:
    """Qt's own words, its locale (number fields, dates in Qt widgets) and the layout direction, for the
    language evidencekit speaks now."""
    global _qt_translator
    language = i18n.current_language()
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if language != i18n.SOURCE_LANGUAGE:
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{language}", folder) or translator.load(f"qtbase_{language.split('_')[0]}",
                                                                            folder):
            app.installTranslator(translator)
            _qt_translator = translator
    QLocale.setDefault(QLocale(i18n.babel_locale()))
    app.setLayoutDirection(layout_direction(language))


class LanguageChooser(QWidget):
    """'Language: [Español ▾]' — every language listed in its own name, so a person finds theirs
    whatever the screen shows now. Choosing one switches the app and remembers it on this computer."""

    language_chosen = Signal(str)

    def __init__(self, home: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.home = home
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox()
        self.combo.setAccessibleName(_("Language of the app"))
        current = i18n.current_language()
        for code in i18n.available_languages():
            self.combo.addItem(i18n.language_name(code), code)
        self.combo.setCurrentIndex(max(0, self.combo.findData(current)))
        self.combo.activated.connect(self._chosen)
        label = QLabel(_("&Language:"))
        label.setBuddy(self.combo)
        row.addWidget(label)
        row.addWidget(self.combo)

    def _chosen(self, index: int) -> None:
        code = str(self.combo.itemData(index) or i18n.SOURCE_LANGUAGE)
        if code == i18n.current_language():
            return
        save_language(code, self.home)
        i18n.set_language(code)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_to_application(app)
        self.language_chosen.emit(code)


def police_language_items() -> list[tuple[str, str]]:
    """(code, the language's own name) of every language a bundle can be written in."""
    return [(code, i18n.language_name(code)) for code in i18n.available_languages()]
