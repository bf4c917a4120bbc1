"""The window's language: chosen on the first screen, the first screen rebuilt in it at once, remembered
on this computer, the main window built in it, Qt's own buttons too; right to left for a right-to-left
language; and the bundle's language on the export page, apart from the window's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from evidencekit import i18n
from evidencekit.gui import language
from evidencekit.l10n import pseudo
from evidencekit.language_choice import saved_language
from evidencekit.store import CaseStore


@pytest.fixture(autouse=True)
def english_again(qapp: QApplication) -> Iterator[None]:
    yield
    i18n.set_language("en")
    language.apply_to_application(qapp)


def test_choosing_spanish_on_the_first_screen_rebuilds_it_and_is_remembered(qtbot, make_controller, home: Path,
                                                                              qapp: QApplication) -> None:
    controller = make_controller()
    controller.show()
    first = controller.start_window
    chooser = first.language_chooser.combo
    assert chooser.currentText() == "English"
    names = [chooser.itemText(index) for index in range(chooser.count())]
    assert "Español" in names  # each language in its own name
    chooser.setCurrentIndex(chooser.findData("es"))
    chooser.activated.emit(chooser.currentIndex())
    qtbot.waitUntil(lambda: controller.start_window is not first, timeout=5000)
    start = controller.start_window
    assert start.isVisible() and not first.isVisible()
    assert start.new_button.text() == "&Empezar un caso nuevo"
    assert start.language_chooser.combo.currentText() == "Español"
    assert saved_language(home) == "es"  # per computer: in the settings folder, not in a case
    assert qapp.layoutDirection() == Qt.LayoutDirection.LeftToRight

    created = CaseStore.create("Caso de prueba", "una frase de contraseña larga", home=home,
                               keyring=controller.session.keyring)
    controller.session.attach(created.store)
    window = controller.show_main_window()
    titles = [window.checklist.item(row).text() for row in range(window.checklist.count())]
    assert "1. Para y respira" in titles and "Preparar el paquete para la policía" in titles
    assert window.banner.help_button.text() == "&Pedir ayuda ahora"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.text().replace("&", "") == "Cancelar"  # Qt's own words, from qtbase_es


def test_the_police_language_follows_the_country_and_is_chosen_apart(qtbot, make_controller, home: Path) -> None:
    controller = make_controller()
    created = CaseStore.create("Mexico case", "a long enough passphrase", home=home,
                               keyring=controller.session.keyring)
    controller.session.attach(created.store)
    window = controller.show_main_window()
    created.store.append_event("profile.set", {"country": "MX"})
    controller.session.state = created.store.state()
    controller.session.state_changed.emit(controller.session.state)
    window.show_page("export")
    export = window.current_page()
    export.refresh(controller.session.state)
    assert i18n.current_language() == "en"  # the window stays in the person's language
    assert export.language_combo.currentData() == "es" and export.options().language == "es"
    export.language_combo.setCurrentIndex(export.language_combo.findData("en"))
    export.language_combo.activated.emit(export.language_combo.currentIndex())
    export.refresh(controller.session.state)  # the person's choice is kept
    assert export.options().language == "en"


def test_a_right_to_left_catalogue_lays_the_window_out_right_to_left(qtbot, make_controller, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch,
                                                                     qapp: QApplication) -> None:
    folder = tmp_path / "locale"
    pseudo.write_pseudo_language(folder, "ar", pseudo.rtl)
    monkeypatch.setattr(i18n, "locale_dir", lambda: folder)
    i18n.set_language("ar")
    language.apply_to_application(qapp)
    assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft
    controller = make_controller()
    controller.show()
    start = controller.start_window
    assert start.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert start.new_button.text() == pseudo.rtl("&Start a new case")
    # the help button sits at the left edge now (it was on the right)
    assert start.help_button.mapTo(start, start.help_button.rect().center()).x() < start.width() / 2
    monkeypatch.setenv(language.LAYOUT_ENV, "ltr")  # QT_LAYOUT_DIRECTION forces a direction
    language.apply_to_application(qapp)
    assert qapp.layoutDirection() == Qt.LayoutDirection.LeftToRight
