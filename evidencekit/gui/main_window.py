"""The main window: reminder banner on top, the step checklist on the left, the current page on the right,
Back and Next below it.

The checklist is the guided flow as a list the person can move through and return to; Back and Next walk
it in order. A tick is the person's own (`step.set` in the journal, so it survives restarts) or, where
they have not chosen, says that the step's work is in the case (gui/steps.py). Only the page scrolls:
the banner, the checklist and Back/Next always stay in view, on any screen (gui/screen_fit.py).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
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

from evidencekit.gui import looks, style, texts
from evidencekit.gui.banner import ReminderBanner
from evidencekit.gui.help_dialog import set_app_session, show_help
from evidencekit.gui.keyboard import apply_tab_order, apply_window_tab_order, install_keyboard_guards
from evidencekit.gui.ocr.service import ocr_service
from evidencekit.gui.page import Page
from evidencekit.gui.session import CaseSession
from evidencekit.gui.steps import step_done
from evidencekit.guidance import load_guidance
from evidencekit.i18n import _, ngettext
from evidencekit.store import CaseState, CaseStore

STEP_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # a plain int: enum arithmetic is slow in PySide6
PREFERRED_SIZE = QSize(1180, 800)  # where the screen has room; smaller screens get the window maximised
CHECKLIST_WIDTH = (200, 280)  # logical pixels: in a window 960 wide (1920×1080 at scale factor 2) the pages
# need the room; longer step names are cut with "…" there


class MainWindow(QMainWindow):
    """One window per open case; closing it closes the case (the journal is already durable)."""

    quick_exit_requested = Signal()
    close_case_requested = Signal()
    switch_case_requested = Signal()  # "Close this case": lock it and go back to the list of cases

    def __init__(self, session: CaseSession, page_classes: list[type[Page]] | None = None) -> None:
        super().__init__()
        self.session = session
        install_keyboard_guards()
        set_app_session(session)
        looks.apply_window_look(self)
        self.setWindowTitle(window_title(session))  # the case title only for a support worker
        self.setAccessibleName(_("evidencekit main window"))
        self.resize(PREFERRED_SIZE)

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
        self.checklist.setFixedWidth(CHECKLIST_WIDTH[1])  # narrower in a narrow window (resizeEvent)
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
        pane = QVBoxLayout()
        pane.setContentsMargins(0, 0, 0, 0)
        pane.setSpacing(0)
        row.addLayout(pane, 1)
        self.stack = QStackedWidget()
        self.stack.setAccessibleName(_("Current step"))
        self.tamper_notice = style.paragraph("")  # a case changed by someone without its key: read-only
        self.tamper_notice.setObjectName("tamperNotice")
        self.tamper_notice.setAccessibleName(_("This case is open for reading only"))
        self.tamper_notice.setStyleSheet("QLabel#tamperNotice { background: #fdecea; color: #7a1f16; "
                                         "border: 1px solid #c0392b; padding: 8px; }")
        self.tamper_notice.setVisible(False)
        pane.addWidget(self.tamper_notice)
        pane.addWidget(self.stack, 1)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        pane.addWidget(line)
        nav = QHBoxLayout()
        nav.setContentsMargins(style.SPACING, style.SPACING // 2, style.SPACING, style.SPACING // 2)
        nav.setSpacing(style.SPACING)
        self.back_button = QPushButton(_("← &Back"))
        self.back_button.setAccessibleName(_("Back to the step before"))
        self.back_button.clicked.connect(self.go_back)
        self.next_button = QPushButton(_("Ne&xt →"))
        self.next_button.clicked.connect(self.go_next)
        style.mark_primary(self.next_button)
        self.position_label = QLabel("")
        self.position_label.setAccessibleName(_("Where you are"))
        for button in (self.back_button, self.next_button):
            button.setMinimumHeight(style.CONTROL_HEIGHT)
            button.setAutoDefault(False)
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.position_label)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        pane.addLayout(nav)
        self.setCentralWidget(central)

        self.case_label = QLabel("")
        self.case_label.setAccessibleName(_("Open case"))
        self.statusBar().addWidget(self.case_label)
        self.saved_label = QLabel("")
        self.saved_label.setAccessibleName(_("Saving status"))
        self.statusBar().addPermanentWidget(self.saved_label)
        self.statusBar().setSizeGripEnabled(False)

        # The pages are built when first shown (or asked for), not all at once when the case opens: building
        # all eleven, and Qt laying them out for the first show, stalled the window ~140 ms (docs/
        # performance.md, "The window stays fluid"). The checklist, Back/Next and Ctrl+1… need only each
        # page's class (its step id and title).
        self._classes: list[type[Page]] = []
        self._built: list[Page | None] = []  # the page of each class once built, in checklist order
        self._rows: list[int | None] = []  # the checklist's rows: a page's index, or None for a heading row
        self._stale: set[Page] = set()  # pages that have not seen the latest state yet
        if page_classes is None:
            from evidencekit.gui.pages import all_page_classes

            page_classes = all_page_classes()
        for page_class in page_classes:
            self._add_page_class(page_class)
        ocr_service(session)  # OCR reads new pictures from the case's opening on, whichever pages are built

        session.state_changed.connect(self.refresh)
        session.opened.connect(self._show_tampering)
        self._show_tampering()
        session.busy_changed.connect(self._busy_changed)
        for number in range(1, min(9, len(self._classes)) + 1):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(lambda n=number: self.show_page_number(n))
        QShortcut(QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Right), self).activated.connect(self.go_next)
        QShortcut(QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Left), self).activated.connect(self.go_back)
        self._busy_changed(session.busy)
        if session.state is not None:
            self.refresh(session.state)
        self.checklist.setCurrentRow(0)
        apply_tab_order(self)

    def _show_tampering(self) -> None:
        store = self.session.store
        tampered = store.tampered if store is not None else ""
        if store is not None and store.rolled_back and store.older_than == "checkpoint":
            notice = _("This case's own folder shows that its custody log once went further: its end was cut off, "
                       "or an older copy of it was put back, and what was saved at the end is not in it. It is open "
                       "for reading only, so nothing is lost. If you put back a backup, find the newest copy of "
                       "the case folder and open that instead; to use this copy as it is, close this case and "
                       "open it again, and choose \"Use this copy\". If you did not, someone else may have; keep "
                       "it as it is and tell the police.")
        elif store is not None and store.rolled_back:
            notice = _("This is an older copy of this case than the one this computer last saw: what was saved "
                       "since is not in it. It is open for reading only, so nothing is lost. If you put back a "
                       "backup, find the newest copy of the case folder and open that instead; to use this copy "
                       "as it is, close this case and open it again, and choose \"Use this copy\". If you did "
                       "not, someone else may have; keep it as it is and tell the police.")
        elif tampered:
            notice = _("This case was changed by someone without its key. It is open for reading only: you can "
                       "look at what was saved before the change, but nothing can be added. Keep it as it is "
                       "and tell the police.")
        else:
            notice = ""
        self.tamper_notice.setText(notice)
        self.tamper_notice.setVisible(bool(tampered))

    # ----- pages ----------------------------------------------------------------------------------

    def add_page(self, page: Page) -> None:
        """Add a page already built (the window's own pages are added by class and built when first shown)."""
        self._add_page_class(type(page), page)

    def _add_page_class(self, page_class: type[Page], page: Page | None = None) -> None:
        if page_class.step_id not in texts.STEP_TITLES and \
                not any(c.step_id not in texts.STEP_TITLES for c in self._classes):
            self._add_separator(_("When you are ready"))
        index = len(self._classes)
        self._classes.append(page_class)
        self._built.append(None)
        self._rows.append(index)
        title = _(page_class.title)  # what Page.__init__ shows as the page's title
        item = QListWidgetItem(title)
        item.setData(STEP_ROLE, page_class.step_id)
        item.setSizeHint(item.sizeHint().expandedTo(self.checklist.fontMetrics().size(0, "Ag") * 2))  # i18n: not shown
        if page_class.step_id in texts.STEP_TITLES:
            number = texts.STEP_ORDER.index(page_class.step_id) + 1
            item.setText(_("{number}. {step}").format(number=number, step=title))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, title)
        self.checklist.addItem(item)
        if page is not None:
            self._install(index, page)

    def _install(self, index: int, page: Page) -> None:
        self._built[index] = page
        page.unsaved_changed.connect(lambda: self._busy_changed(self.session.busy))
        page.go_to_requested.connect(self.go_to)
        self.stack.insertWidget(sum(1 for built in self._built[:index] if built is not None), page)

    def _page_at(self, index: int) -> Page:
        """The index-th page, built now if it was not yet (with the case's latest state, its place in the
        Tab order among the pages built before)."""
        page = self._built[index]
        if page is None:
            page = self._classes[index](self.session)
            self._install(index, page)
            if self.session.state is not None:
                page.refresh(self.session.state)
            apply_window_tab_order(self)  # the new page's controls in the Tab order
        return page

    @property
    def pages(self) -> list[Page]:
        """Every page in checklist order, built now where not built yet."""
        return [self._page_at(index) for index in range(len(self._classes))]

    @property
    def rows(self) -> list[Page | None]:
        """The checklist's rows: a page (built now where not yet), or None for a heading row."""
        return [None if index is None else self._page_at(index) for index in self._rows]

    def built_pages(self) -> list[Page]:
        """The pages built so far (the others have shown nothing and hold no input)."""
        return [page for page in self._built if page is not None]

    def _add_separator(self, text: str) -> None:
        """A heading row in the list that cannot be chosen (keyboard navigation skips it)."""
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        item.setFont(style.scaled_font(0.95, bold=True))
        tall = self.checklist.fontMetrics().size(0, "Ag")  # i18n: not shown
        item.setSizeHint(item.sizeHint().expandedTo(tall * 2.4))
        self.checklist.addItem(item)
        self._rows.append(None)

    def _index_of(self, step_id: str) -> int | None:
        return next((i for i, c in enumerate(self._classes) if c.step_id == step_id), None)

    def page(self, step_id: str) -> Page | None:
        index = self._index_of(step_id)
        return None if index is None else self._page_at(index)

    def show_page(self, step_id: str) -> None:
        index = self._index_of(step_id)
        if index is not None:
            self.checklist.setCurrentRow(self._rows.index(index))

    def show_page_number(self, number: int) -> None:
        """Ctrl+1…: the number-th page (steps first)."""
        if 1 <= number <= len(self._classes):
            self.checklist.setCurrentRow(self._rows.index(number - 1))

    def current_page(self) -> Page:
        widget = self.stack.currentWidget()
        assert isinstance(widget, Page)
        return widget

    def _show_row(self, row: int) -> None:
        index = self._rows[row] if 0 <= row < len(self._rows) else None
        if index is None:
            return
        page = self._page_at(index)
        if page in self._stale and self.session.state is not None:
            self._stale.discard(page)
            page.refresh(self.session.state)
        self.stack.setCurrentWidget(page)
        self._update_nav(index)
        page.on_shown()

    # ----- Back and Next --------------------------------------------------------------------------

    def _neighbour(self, index: int, step: int) -> int | None:
        """The index of the page `step` places before or after the index-th (None past either end)."""
        return index + step if 0 <= index + step < len(self._classes) else None

    def _current_index(self) -> int:
        return self._built.index(self.current_page())

    def _update_nav(self, index: int) -> None:
        before, after = self._neighbour(index, -1), self._neighbour(index, +1)
        self.back_button.setEnabled(before is not None)
        self.back_button.setToolTip(_("Back to: {step}").format(step=_(self._classes[before].title))
                                    if before is not None else "")
        self.next_button.setVisible(after is not None)
        if after is not None:
            following = _(self._classes[after].title)
            self.next_button.setText(_("Ne&xt: {step} →").format(step=following))
            self.next_button.setAccessibleName(_("Next step: {step}").format(step=following))
        step_id = self._classes[index].step_id
        if step_id in texts.STEP_ORDER:
            self.position_label.setText(_("Step {number} of {count}").format(
                number=texts.STEP_ORDER.index(step_id) + 1, count=len(texts.STEP_ORDER)))
        else:
            self.position_label.setText(_(self._classes[index].title))
        self.position_label.setAccessibleName(self.position_label.text())

    def go_to(self, step_id: str) -> None:
        """A page's "Go there": that step, scrolled to its top, the keyboard on its first control."""
        self.show_page(step_id)
        page = self.current_page()
        page.scroll_area.verticalScrollBar().setValue(0)
        page.focus_first_control()

    def go_next(self) -> None:
        """Next: the following page in checklist order (its focus on the page's first control)."""
        after = self._neighbour(self._current_index(), +1)
        if after is not None:
            self._turn_to(self._classes[after].step_id)

    def go_back(self) -> None:
        before = self._neighbour(self._current_index(), -1)
        if before is not None:
            self._turn_to(self._classes[before].step_id)

    def _turn_to(self, step_id: str) -> None:
        """Back or Next: the new page from its top. The keyboard stays on the button pressed; where that is
        gone (Next on the last page, Back on the first) it goes to the page's first control, not where Qt
        passes it on ("Get help now", Next)."""
        pressed = QApplication.focusWidget()
        on_button = pressed is not None and (pressed is self.next_button or pressed is self.back_button)
        self.show_page(step_id)
        page = self.current_page()
        page.scroll_area.verticalScrollBar().setValue(0)
        if on_button and pressed is not None and not (pressed.isVisible() and pressed.isEnabled()):
            page.focus_first_control()

    def _item_ticked(self, item: QListWidgetItem) -> None:
        step = item.data(STEP_ROLE)
        if step in texts.STEP_TITLES and self.session.state is not None:
            self.session.set_step_done(step, item.checkState() == Qt.CheckState.Checked)

    # ----- state ----------------------------------------------------------------------------------

    def refresh(self, state: CaseState) -> None:
        self.checklist.blockSignals(True)
        for row, index in enumerate(self._rows):
            item = self.checklist.item(row)
            page_class = self._classes[index] if index is not None else None
            if page_class is not None and page_class.step_id in texts.STEP_TITLES:
                done = step_done(state, page_class.step_id)
                item.setCheckState(Qt.CheckState.Checked if done else Qt.CheckState.Unchecked)
                spoken = _("{step}, done") if done else _("{step}, not done")
                item.setData(Qt.ItemDataRole.AccessibleTextRole, spoken.format(step=_(page_class.title)))
        self.checklist.blockSignals(False)
        # Only the page in view is refreshed now; the others when they are next shown (_show_row), so a
        # journal event costs one page's work on the GUI thread, not every page's.
        current = self.stack.currentWidget()
        self._stale = {page for page in self.built_pages() if page is not current}  # (the rest: when built)
        if isinstance(current, Page):
            current.refresh(state)
        self.banner.set_under_18(bool(state.profile.get("under_18")))
        self.setWindowTitle(window_title(self.session))
        count = len(state.pictures)
        case = case_line(self.session)
        pictures = ngettext("{count} picture saved in this case.", "{count} pictures saved in this case.",
                            count).format(count=count)
        self.case_label.setText(f"{case} · {pictures}" if case else pictures)
        self.case_label.setAccessibleName(self.case_label.text())

    def _busy_changed(self, busy: bool) -> None:
        unsaved = next((page for page in self.built_pages() if page.has_unsaved_input()), None)
        if busy:
            self.saved_label.setText(_("Saving…"))
        elif unsaved is not None:
            self.saved_label.setText(_("Saved, except what is marked in red on the {page} page.").format(
                page=unsaved.title))
        else:
            self.saved_label.setText(_("Everything is saved."))

    def refresh_title(self) -> None:
        """The title again (the neutral look was turned on or off)."""
        self.setWindowTitle(window_title(self.session))
        looks.apply_window_look(self)

    def show_help(self) -> None:
        show_help(self, self.session)

    def showEvent(self, event: QShowEvent) -> None:
        # The window opens on the current step's first control, not on "Get help now" (first in the Tab
        # order, in the banner; one Shift+Tab away, and F1), as every dialog does (help_dialog.py).
        focus = self.focusWidget()
        if not event.spontaneous() and (focus is None or self.banner.isAncestorOf(focus)):
            target = self.current_page().first_control() or self.checklist
            target.setFocus(Qt.FocusReason.TabFocusReason)
        super().showEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # the step list takes about a quarter of the window, between 200 and 280 pixels
        narrow, wide = CHECKLIST_WIDTH
        self.checklist.setFixedWidth(max(narrow, min(wide, event.size().width() * 26 // 100)))
        super().resizeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_case_requested.emit()
        super().closeEvent(event)


def read_for_window(store: CaseStore) -> CaseState:
    """On the worker that opens a case, what the main window would otherwise read on the GUI thread when
    it is built: the guidance in the active language (TOML files, cached once read: ~25 ms) and the case's
    state (a copy: ~15 ms at 1,000 exhibits), which the session is then given (`CaseSession.attach`).
    Should either fail, the store is closed (its key forgotten) before the error goes on to the caller."""
    try:
        load_guidance()
        return store.state()
    except BaseException:
        store.close()
        raise


def is_support_worker(session: CaseSession) -> bool:
    return session.actor.role == "support worker" and bool(session.actor.name)


def case_line(session: CaseSession) -> str:
    """For a support worker: which case is open and who is working on it (never shown to a victim,
    whose task bar anyone in the room may see)."""
    if not is_support_worker(session):
        return ""
    title = session.state.title if session.state is not None and session.state.title else _("Untitled case")
    return _("Case: {title} · Support worker: {name}").format(title=title, name=session.actor.name)


def window_title(session: CaseSession) -> str:
    base = looks.app_title()
    if not is_support_worker(session):
        return base  # never the case title: someone may see the task bar
    title = session.state.title if session.state is not None and session.state.title else _("Untitled case")
    return f"{title} — {session.actor.name} — {base}"
