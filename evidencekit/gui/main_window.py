"""The main window: reminder banner on top, the step checklist on the left, the current page on the right.

The checklist is the guided flow as a list the person can move through and return to; ticks come from
the case journal (`step.set`), so they survive restarts and show what is done.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from evidencekit.gui import style, texts
from evidencekit.gui.banner import ReminderBanner
from evidencekit.gui.help_dialog import HelpDialog
from evidencekit.gui.page import Page
from evidencekit.gui.session import CaseSession
from evidencekit.i18n import _, ngettext
from evidencekit.store import CaseState

STEP_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # a plain int: enum arithmetic is slow in PySide6


class MainWindow(QMainWindow):
    """One window per open case; closing it closes the case (the journal is already durable)."""

    quick_exit_requested = Signal()
    close_case_requested = Signal()
    switch_case_requested = Signal()  # "Close this case": lock it and go back to the list of cases

    def __init__(self, session: CaseSession, page_classes: list[type[Page]] | None = None) -> None:
        super().__init__()
        self.session = session
        self.setWindowTitle(texts.APP_TITLE)  # never the case title: someone may see the task bar
        self.setAccessibleName(_("evidencekit main window"))
        self.resize(1180, 800)

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.banner = ReminderBanner()
        self.banner.help_requested.connect(self.show_help)
        self.banner.quick_exit_requested.connect(self.quick_exit_requested)
        column.addWidget(self.banner)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        column.addLayout(row, 1)
        self.checklist = QListWidget()
        self.checklist.setAccessibleName(_("Steps"))
        self.checklist.setAccessibleDescription(_("The steps to follow; a tick means done. Press Enter to open one."))
        self.checklist.setFont(style.scaled_font(1.05))
        self.checklist.setSpacing(4)
        self.checklist.setMinimumWidth(280)
        self.checklist.setMaximumWidth(340)
        self.checklist.currentRowChanged.connect(self._show_row)
        self.checklist.itemChanged.connect(self._item_ticked)
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(0)
        side.addWidget(self.checklist, 1)
        self.close_case_button = QPushButton(_("Close this case"))
        self.close_case_button.setAccessibleDescription(
            _("Locks this case and goes back to the list of cases. Everything saved stays saved."))
        self.close_case_button.setToolTip(_("Lock this case and go back to the list of cases (everything saved "
                                          "stays saved)"))
        self.close_case_button.clicked.connect(self.switch_case_requested)
        button_row = QHBoxLayout()
        button_row.setContentsMargins(8, 8, 8, 8)
        button_row.addWidget(self.close_case_button)
        side.addLayout(button_row)
        row.addLayout(side)
        self.stack = QStackedWidget()
        self.stack.setAccessibleName(_("Current step"))
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.saved_label = QLabel("")
        self.saved_label.setAccessibleName(_("Saving status"))
        self.statusBar().addPermanentWidget(self.saved_label)
        self.statusBar().setSizeGripEnabled(False)

        self.pages: list[Page] = []
        self.rows: list[Page | None] = []  # the checklist's rows: a page, or None for a heading row
        self._stale: set[Page] = set()  # pages that have not seen the latest state yet
        if page_classes is None:
            from evidencekit.gui.pages import all_page_classes

            page_classes = all_page_classes()
        for page_class in page_classes:
            self.add_page(page_class(session))

        session.state_changed.connect(self.refresh)
        session.busy_changed.connect(self._busy_changed)
        for number in range(1, min(9, len(self.pages)) + 1):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(lambda n=number: self.show_page_number(n))
        QShortcut(QKeySequence("F1"), self).activated.connect(self.show_help)
        self._busy_changed(session.busy)
        if session.state is not None:
            self.refresh(session.state)
        self.checklist.setCurrentRow(0)

    # ----- pages ----------------------------------------------------------------------------------

    def add_page(self, page: Page) -> None:
        if page.step_id not in texts.STEP_TITLES and not any(p.step_id not in texts.STEP_TITLES for p in self.pages):
            self._add_separator(_("When you are ready"))
        self.pages.append(page)
        page.unsaved_changed.connect(lambda: self._busy_changed(self.session.busy))
        self.rows.append(page)
        self.stack.addWidget(page)
        item = QListWidgetItem(page.title)
        item.setData(STEP_ROLE, page.step_id)
        item.setSizeHint(item.sizeHint().expandedTo(self.checklist.fontMetrics().size(0, "Ag") * 2))  # i18n: not shown
        if page.step_id in texts.STEP_TITLES:
            number = texts.STEP_ORDER.index(page.step_id) + 1
            item.setText(_("{number}. {step}").format(number=number, step=page.title))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, page.title)
        self.checklist.addItem(item)

    def _add_separator(self, text: str) -> None:
        """A heading row in the list that cannot be chosen (keyboard navigation skips it)."""
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        item.setFont(style.scaled_font(0.95, bold=True))
        tall = self.checklist.fontMetrics().size(0, "Ag")  # i18n: not shown
        item.setSizeHint(item.sizeHint().expandedTo(tall * 2.4))
        self.checklist.addItem(item)
        self.rows.append(None)

    def page(self, step_id: str) -> Page | None:
        return next((p for p in self.pages if p.step_id == step_id), None)

    def show_page(self, step_id: str) -> None:
        for row, page in enumerate(self.rows):
            if page is not None and page.step_id == step_id:
                self.checklist.setCurrentRow(row)
                return

    def show_page_number(self, number: int) -> None:
        """Ctrl+1…: the number-th page (steps first)."""
        if 1 <= number <= len(self.pages):
            self.checklist.setCurrentRow(self.rows.index(self.pages[number - 1]))

    def current_page(self) -> Page:
        widget = self.stack.currentWidget()
        assert isinstance(widget, Page)
        return widget

    def _show_row(self, row: int) -> None:
        page = self.rows[row] if 0 <= row < len(self.rows) else None
        if page is None:
            return
        if page in self._stale and self.session.state is not None:
            self._stale.discard(page)
            page.refresh(self.session.state)
        self.stack.setCurrentWidget(page)
        page.on_shown()

    def _item_ticked(self, item: QListWidgetItem) -> None:
        step = item.data(STEP_ROLE)
        if step in texts.STEP_TITLES and self.session.state is not None:
            self.session.set_step_done(step, item.checkState() == Qt.CheckState.Checked)

    # ----- state ----------------------------------------------------------------------------------

    def refresh(self, state: CaseState) -> None:
        self.checklist.blockSignals(True)
        for row, page in enumerate(self.rows):
            item = self.checklist.item(row)
            if page is not None and page.step_id in texts.STEP_TITLES:
                done = bool(state.steps.get(page.step_id, False))
                item.setCheckState(Qt.CheckState.Checked if done else Qt.CheckState.Unchecked)
                spoken = _("{step}, done") if done else _("{step}, not done")
                item.setData(Qt.ItemDataRole.AccessibleTextRole, spoken.format(step=page.title))
        self.checklist.blockSignals(False)
        # Only the page in view is refreshed now; the others when they are next shown (_show_row), so a
        # journal event costs one page's work on the GUI thread, not every page's.
        current = self.stack.currentWidget()
        self._stale = {page for page in self.pages if page is not current}
        if isinstance(current, Page):
            current.refresh(state)
        count = len(state.pictures)
        self.statusBar().showMessage(ngettext("{count} picture saved in this case.",
                                              "{count} pictures saved in this case.", count).format(count=count))

    def _busy_changed(self, busy: bool) -> None:
        unsaved = next((page for page in self.pages if page.has_unsaved_input()), None)
        if busy:
            self.saved_label.setText(_("Saving…"))
        elif unsaved is not None:
            self.saved_label.setText(_("Saved, except what is marked in red on the {page} page.").format(
                page=unsaved.title))
        else:
            self.saved_label.setText(_("Everything is saved."))

    def show_help(self) -> None:
        HelpDialog(self.session, self).exec()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_case_requested.emit()
        super().closeEvent(event)
