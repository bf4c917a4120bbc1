""""Get help now": "call this number" only over a number; without one (no country chosen, or one without
its own guidance) the country chooser comes first and the text says to find a free line for your country."""

from __future__ import annotations

from pathlib import Path

from evidencekit.gui.help_dialog import HelpDialog
from evidencekit.gui.session import CaseSession
from evidencekit.guidance import load_guidance


def _order(dialog: HelpDialog) -> list[object]:
    column = dialog._column
    return [column.itemAt(i).widget() for i in range(column.count())]


def test_an_unknown_country_gets_the_chooser_first_and_no_call_this_number(qapp: object, home: Path,
                                                                          memory_keyring, backend_factory) -> None:
    session = CaseSession(home=home, keyring=memory_keyring, backend_factory=backend_factory)
    dialog = HelpDialog(session)
    for country in (None, "FR", "BR"):
        dialog._show_line(country)
        order = _order(dialog)
        assert order.index(dialog.chooser) < order.index(dialog.intro) < order.index(dialog.line_phone)
        assert "call this number" not in dialog.intro.text()
        assert "find a free, confidential crisis line for your country" in dialog.intro.text()
        assert dialog.line_phone.text() == "findahelpline.com"
        assert dialog.line_phone.accessibleName().startswith("Web address")


def test_a_country_with_a_number_says_call_this_number_and_keeps_the_chooser_below(
        qapp: object, home: Path, memory_keyring, backend_factory) -> None:
    session = CaseSession(home=home, keyring=memory_keyring, backend_factory=backend_factory)
    dialog = HelpDialog(session)
    for code in ("GB", "IN", "ZA", "CA"):
        dialog._show_line(code)
        order = _order(dialog)
        assert order.index(dialog.line_text) < order.index(dialog.chooser)
        assert "call this number now" in dialog.intro.text()
        assert dialog.line_phone.text() == load_guidance().crisis_line(code).number
    assert dialog.line_name.text() == "9-8-8: Suicide Crisis Helpline"
