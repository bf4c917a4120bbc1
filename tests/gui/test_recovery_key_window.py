"""The recovery key in the window: shown in a font that tells O from 0 and I from 1 from l, grouped;
typed in lower case, with spaces and with 0/1/8 for O/I/B it still opens the case; the unlock dialog's
error is shown whole."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter

from evidencekit.gui import style
from evidencekit.gui.start.recovery_key_dialog import RecoveryKeyDialog
from evidencekit.gui.start.unlock_dialog import UnlockDialog
from evidencekit.store import Actor, CaseStore


def _glyph(font: QFont, text: str) -> QImage:
    metrics = QFontMetrics(font)
    image = QImage(metrics.horizontalAdvance("W") * 2, metrics.height(), QImage.Format.Format_Grayscale8)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(QPoint(2, metrics.ascent()), text)
    painter.end()
    return image


def _difference(font: QFont, first: str, second: str) -> float:
    """Share of ink pixels that differ between two characters drawn in `font`."""
    a, b = _glyph(font, first), _glyph(font, second)
    differ = ink = 0
    for y in range(a.height()):
        for x in range(a.width()):
            dark_a, dark_b = a.pixelColor(x, y).value() < 128, b.pixelColor(x, y).value() < 128
            ink += dark_a or dark_b
            differ += dark_a != dark_b
    return differ / max(1, ink)


def _centre_ink(font: QFont, text: str) -> int:
    """Dark pixels in the middle of the character's ink (a dotted or slashed zero has some, O none)."""
    image = _glyph(font, text)
    dark = [(x, y) for y in range(image.height()) for x in range(image.width())
            if image.pixelColor(x, y).value() < 128]
    left, right = min(x for x, _ in dark), max(x for x, _ in dark)
    top, bottom = min(y for _, y in dark), max(y for _, y in dark)
    cx, cy = (left + right) // 2, (top + bottom) // 2
    return sum(1 for x, y in dark if abs(x - cx) <= 2 and abs(y - cy) <= 2)


def test_the_key_font_tells_o_from_zero_and_i_from_one(qapp):
    font = style.key_font(3.0)
    assert font.family() == "Hack"  # bundled (resources/fonts), so every computer shows the same shapes
    assert _centre_ink(font, "0") >= 4 and _centre_ink(font, "O") == 0  # the zero is dotted, O is empty
    for first, second in (("I", "1"), ("1", "l"), ("I", "l"), ("B", "8"), ("S", "5"), ("Z", "2")):
        assert _difference(font, first, second) >= 0.2, f"{first} and {second} look alike"


def test_the_key_is_shown_grouped_in_that_font(qtbot):
    key = "EKR1-ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567-CHEK"
    dialog = RecoveryKeyDialog(key)
    qtbot.addWidget(dialog)
    lines = dialog.key_label.text().split("\n")
    assert len(lines) == 3 and all(len(group) == 4 for line in lines for group in line.strip("-").split("-"))
    assert dialog.key_label.font().family() == style.key_font().family()
    assert "zero" in dialog.key_note.text()


def test_a_key_typed_loosely_opens_the_case_and_a_wrong_one_is_said_whole(qtbot, home):
    created = CaseStore.create("Loose key", "loose key passphrase", shared_computer=True, home=home)
    created.store.close()
    key = created.recovery_key
    loose = "ekr1 " + key[5:].replace("-", " ").replace("O", "0").replace("I", "1").replace("B", "8").lower()
    dialog = UnlockDialog(created.store.path, home=home, keyring=None, actor=Actor())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.use_recovery.setChecked(True)
    assert dialog.recovery.font().family() == style.key_font().family()
    # a wrong key first: the whole sentence is on screen, not clipped
    dialog.recovery.setText(loose[:-1] + ("a" if loose[-1] != "a" else "c"))
    dialog.try_open()
    qtbot.waitUntil(lambda: "typo" in dialog.message.text(), timeout=20000)
    qtbot.wait(50)
    message = dialog.message
    assert message.isVisible()
    assert message.height() >= message.heightForWidth(message.width())
    assert message.rect().bottom() <= dialog.rect().bottom()
    dialog.recovery.setText(loose)
    with qtbot.waitSignal(dialog.accepted, timeout=30000):
        dialog.try_open()
    assert dialog.store is not None and dialog.store.id == created.store.id
    dialog.store.close()
