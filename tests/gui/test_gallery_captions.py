"""No caption under a gallery thumbnail is cut off mid-line: the grid's items all have one height (room for
two lines: reference and category, then the label), fixed before any caption is laid out, so every caption
must fit in it as the item view wraps it, in English and Spanish. Before, a label that wrapped onto a third
line at the thumbnail's width ("The demand: 500 GBP by West…", "La exigencia: 500 EUR por B…" at 1280x860
on Xvfb; a word of wide letters anywhere) showed half of that line under the highlight."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from evidencekit import i18n
from evidencekit.capture import CaptureRequest, FixtureBackend, capture_to_case
from evidencekit.gui.pages.gallery import Gallery
from evidencekit.gui.session import CaseSession
from evidencekit.store import CaseStore, KeyringAccess

LABELS = ("The demand: 500 GBP by Western Union", "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW",
          "La exigencia: 500 EUR por Bizum", "Their profile page")
CATEGORIES = ("conversation", "payment demand", "profile", "threat")


def _lines(text: str, font, width: float) -> int:
    """How many lines the caption takes at `width`, wrapped as an item view wraps it (at word boundaries,
    or anywhere in a word longer than the line)."""
    count = 0
    for paragraph in text.split("\n"):
        layout = QTextLayout(paragraph, font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        while (line := layout.createLine()).isValid():
            line.setLineWidth(width)
            count += 1
        layout.endLayout()
    return count


def _text_fits(grid, row: int) -> tuple[bool, str]:
    """Whether the row's caption, as the style lays it out in the item's text area, fits that area."""
    index = grid.model().index(row, 0)
    option = QStyleOptionViewItem()
    grid.initViewItemOption(option)
    grid.itemDelegate().initStyleOption(option, index)
    option.rect = grid.visualRect(index)
    assert option.features & QStyleOptionViewItem.ViewItemFeature.HasDecoration
    style = grid.style()
    area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, grid)
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, grid) + 1
    lines = _lines(option.text, option.font, area.width() - 2 * margin)
    needed = lines * option.fontMetrics.lineSpacing()
    return needed <= area.height(), f"{option.text!r}: {lines} lines, {needed} px, has {area.height()}"


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_caption_is_shown_whole(qtbot, language: str, home: Path, memory_keyring: KeyringAccess,
                                      fixture_backend: FixtureBackend) -> None:
    i18n.set_language(language)
    try:
        session = CaseSession(home=home, keyring=memory_keyring)
        session.attach(CaseStore.create("Captions", "a quiet evening by the sea", home=home,
                                        keyring=memory_keyring).store)
        store = session.store
        for label in LABELS:
            for category in CATEGORIES:
                capture_to_case(store, CaptureRequest(), {"category": category, "label": label},
                                backend=fixture_backend)
        session.state = store.state()
        gallery = Gallery(session)
        qtbot.addWidget(gallery)
        gallery.resize(1000, 900)
        gallery.show()
        gallery.refresh(session.state)
        qtbot.waitExposed(gallery)
        grid = gallery.grid
        assert grid.count() == len(LABELS) * len(CATEGORIES)
        qtbot.waitUntil(lambda: all(not grid.icon(row).isNull() for row in range(grid.count())), timeout=20000)
        cut = [why for fits, why in (_text_fits(grid, row) for row in range(grid.count())) if not fits]
        assert not cut, cut
        session.lock()
    finally:
        i18n.set_language("en")
