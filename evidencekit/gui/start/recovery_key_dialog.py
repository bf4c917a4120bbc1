"""The recovery key, shown once: write it down, or save it to a text file with a clear warning.

There is no Print button: printing spools the page through temporary files (Qt's CUPS engine writes a
PDF to the temp folder, CUPS copies it to its spool), so the key would sit in plain files we cannot
remove. Writing it on paper is the safe way; a text file is offered for people who keep it on a USB stick.
See docs/adr/050-gui-shell-privacy-and-responsiveness.md.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidencekit.fsio import atomic_write
from evidencekit.gui import style
from evidencekit.gui.file_dialogs import choose_save_path
from evidencekit.gui.help_dialog import help_row
from evidencekit.gui.screen_fit import cap_minimum_width, scrolling_column
from evidencekit.i18n import N_, _

SAVE_WARNING = (
    N_("Anyone who has this file can open your case. Keep it somewhere only you can reach, such as a USB stick "
    "you keep safe, or print it from there and delete the file. Save it?")
)


def key_file_text(recovery_key: str) -> str:
    return _("evidencekit recovery key\n\n"
             "{key}\n\n"
             "This key opens your evidencekit case if you forget its passphrase.\n"
             "Anyone who has it can open the case: keep it safe.\n").format(key=recovery_key)


class RecoveryKeyDialog(QDialog):
    """Modal; Continue only after the person confirms they have kept the key."""

    def __init__(self, recovery_key: str, parent: QWidget | None = None, *, note: str = "") -> None:
        super().__init__(parent)
        self.recovery_key = recovery_key
        self.setWindowTitle(_("Your recovery key"))
        self.setAccessibleName(_("Your recovery key"))
        cap_minimum_width(self, 680)
        column = scrolling_column(self, style.PAGE_MARGIN)
        column.setSpacing(style.SPACING)
        top = help_row(self)
        top.insertWidget(0, style.heading(_("Keep this recovery key safe"), scale=style.SUBHEADING_SCALE), 1)
        column.addLayout(top)
        column.addWidget(style.paragraph(
            _("If you forget your passphrase, this key is the only other way to open your case. It is shown "
            "only now. Write it on paper and keep it somewhere safe.")))
        self.note = style.paragraph(note)  # e.g. that this computer could not remember the key
        self.note.setVisible(bool(note))
        column.addWidget(self.note)
        self.key_label = QLabel(self._grouped(recovery_key))
        self.key_label.setFont(style.key_font(1.5))  # its 0 is dotted, its I, 1 and l all differ
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)  # no copy: no clipboard
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setWordWrap(True)
        self.key_label.setAccessibleName(_("Recovery key {key}").format(key=" ".join(recovery_key)))
        self.key_label.setMargin(style.SPACING)
        self.key_label.setFrameShape(QFrame.Shape.StyledPanel)
        column.addWidget(self.key_label)
        self.key_note = style.paragraph(_("The key has no zero, one or eight: every round letter is the letter "
                                          "O, every upright stroke the letter I. Small letters and missing dashes "
                                          "are fine when you type it."))
        column.addWidget(self.key_note)
        self.save_button = QPushButton(_("Save as a text &file…"))
        self.save_button.setAccessibleName(_("Save the recovery key as a text file"))
        self.save_button.clicked.connect(self.save_to_file)
        column.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.saved_label = QLabel("")
        self.saved_label.setWordWrap(True)
        column.addWidget(self.saved_label)
        self.confirm = QCheckBox(_("I have &written down or saved my recovery key"))
        self.confirm.setAccessibleName(_("I have written down or saved my recovery key"))
        buttons = QDialogButtonBox()
        self.continue_button = buttons.addButton(_("&Continue"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.continue_button.setAccessibleName(_("Continue"))
        self.continue_button.setEnabled(False)
        self.confirm.toggled.connect(self.continue_button.setEnabled)
        buttons.accepted.connect(self.accept)
        # The confirmation and Continue stay below the scrolling part: on a small screen (1280×720 at 150 %)
        # the key and its notes scroll, never the way on.
        footer = QVBoxLayout()
        footer.setContentsMargins(style.PAGE_MARGIN, style.SPACING // 2, style.PAGE_MARGIN, style.PAGE_MARGIN)
        footer.addWidget(self.confirm)
        footer.addWidget(buttons)
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        outer.addLayout(footer)

    @staticmethod
    def _grouped(key: str) -> str:
        """Break long keys at dashes into lines of a few groups, easier to copy by hand (groups of four
        characters, separated by dashes, four or five groups to a line)."""
        groups = key.split("-")
        lines = ["-".join(groups[i:i + 4]) for i in range(0, len(groups), 4)]
        return "-\n".join(lines)

    def save_to_file(self) -> None:
        answer = QMessageBox.warning(self, _("Save the recovery key"), _(SAVE_WARNING),
                                     QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
                                     QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Save:
            return
        path = choose_save_path(self, _("Save the recovery key"), "evidencekit-recovery-key.txt",
                                _("Text files (*.txt)"))
        if path is None:
            return
        try:
            atomic_write(path, key_file_text(self.recovery_key).encode("utf-8"), overwrite=True)
        except Exception as exc:  # the message names the folder, never the key
            self.saved_label.setText(_("The file could not be saved there ({reason}). Choose another "
                                       "place, or write the key down.").format(reason=type(exc).__name__))
            return
        self.saved_label.setText(_("Saved to {path}.").format(path=path))
        self.saved_label.setAccessibleName(self.saved_label.text())

    def reject(self) -> None:
        """Esc must not skip the key silently: only Continue (after confirming) closes this dialog."""
        if self.confirm.isChecked():
            self.accept()
