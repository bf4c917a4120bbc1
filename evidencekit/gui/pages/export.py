"""The "Make the police bundle" page: choose options, make the PDF in the background, then say what to do.

The export runs on a worker thread with a progress bar and Cancel (nothing is written under the chosen
name until the file is complete). Afterwards the page shows where the file is, its size and fingerprint,
and who to give it to, from the police route of the chosen country.
"""

from __future__ import annotations

import datetime as dt
import gc
import sys
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from evidencekit.bundle.model import BundleOptions, BundleResult
from evidencekit.details import has_victim_contact, stored_details
from evidencekit.errors import Cancelled, EvidenceKitError
from evidencekit.gui import style, texts
from evidencekit.gui.file_dialogs import choose_save_path
from evidencekit.gui.keyboard import apply_tab_order
from evidencekit.gui.language import police_language_items
from evidencekit.gui.page import Page
from evidencekit.gui.pages.export_result import ExportResultPanel
from evidencekit.gui.session import CaseSession, error_message
from evidencekit.gui.steps import not_done
from evidencekit.gui.workers import BackgroundTask, run_in_background
from evidencekit.i18n import N_, _, country_language, format_number, ngettext
from evidencekit.store import CaseState, CaseStore

ORIGINALS_CHOICES = (
    ("attach", N_("Put the original pictures inside the PDF (recommended)")),
    ("zip", N_("Put the originals in a separate ZIP file next to the PDF (for very many or very large pictures)")),
    ("withhold", N_("Leave the originals out; the police can ask for them later")),
)

TODO_WHY = {  # why a step not done yet matters for the bundle
    "profile": N_("no picture of their profile yet: it shows the police who they are"),
    "conversation": N_("no picture of the conversation yet: the threats and demands are the evidence"),
    "details": N_("nothing written down yet: their username and what they demanded help trace them"),
}

EXPORT_SWITCH_INTERVAL_S = 0.001  # see ExportPage._set_running
# The worker starts this long after the page shows "Starting…", so the window lays out and paints the
# running state without a worker thread wanting Python's lock at the same time (see start_export).
JOB_START_DELAY_MS = 40
RESULT_SHOW_DELAY_MS = 0  # the result panel is shown in the event loop's next turn (see _finished)
# The progress bar and its line are brought up to date at most this often (see _progressed).
PROGRESS_EVERY_MS = 100


def default_folder() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(documents) if documents else Path.home()
    return folder if folder.is_dir() else Path.home()


def default_file_name(folder: Path, today: dt.date | None = None) -> str:
    """A plain name that says nothing about the case: 'police-bundle-2026-03-01.pdf' (then -2, -3…)."""
    stem = f"police-bundle-{(today or dt.date.today()).isoformat()}"
    name, number = f"{stem}.pdf", 1
    while (folder / name).exists():
        number += 1
        name = f"{stem}-{number}.pdf"
    return name


_warmed = threading.Event()
_warming = threading.Lock()
_quick_switch_lock = threading.Lock()
_quick_switch_users = 0
_usual_switch_interval = 0.0


def quick_switching(on: bool) -> None:
    """While any user has it on, Python's lock changes threads every EXPORT_SWITCH_INTERVAL_S (default
    5 ms): a worker busy in Python (the export, the bundle warm-up's imports) then lets the window's
    thread, which needs the lock for every event it hands to Python, in sooner. Calls nest."""
    global _quick_switch_users, _usual_switch_interval
    with _quick_switch_lock:
        if on:
            if _quick_switch_users == 0:
                _usual_switch_interval = sys.getswitchinterval()
                sys.setswitchinterval(min(_usual_switch_interval, EXPORT_SWITCH_INTERVAL_S))
            _quick_switch_users += 1
        elif _quick_switch_users > 0:
            _quick_switch_users -= 1
            if _quick_switch_users == 0:
                sys.setswitchinterval(_usual_switch_interval)


def warm_up_bundle_code() -> None:
    """Import the PDF and signing libraries (and make this installation's signing key) ahead of the export.

    Run in the background when the export page is first shown: the imports hold Python's lock in bursts,
    better while the person reads the page than while the progress bar runs.
    """
    if _warmed.is_set() or not _warming.acquire(blocking=False):
        return
    # No garbage collection while importing: the imports make tens of thousands of objects that live as
    # long as the process, and every few hundred of them started a pass on this thread, with Python's lock
    # held; the full ones scan the whole heap (with the case state: 11-19 ms at 1,000 exhibits).
    collecting = gc.isenabled()
    gc.disable()
    quick_switching(True)
    try:
        import pyhanko.sign.signers  # noqa: F401
        from pyhanko.pdf_utils import incremental_writer  # noqa: F401

        import evidencekit.bundle.export  # noqa: F401
        from evidencekit.bundle.signing import load_or_create_identity
        from evidencekit.paths import settings_dir

        load_or_create_identity(settings_dir())
        gc.freeze()  # the libraries just imported live as long as the process: no full GC pass scans them again
        _warmed.set()
    finally:
        quick_switching(False)
        if collecting:
            gc.enable()
        _warming.release()


def bundle_code_ready() -> bool:
    return _warmed.is_set()


def case_initials(store: CaseStore) -> str:
    """The initials of the case's last `exhibits.labelled` record ('' for none). Reads the journal: call it
    off the GUI thread."""
    from evidencekit.bundle.statement import LABELS_ACTION

    labelled = store.events_of(frozenset({LABELS_ACTION}))
    return str(labelled[-1].data.get("initials") or "") if labelled else ""


def export_to(store: CaseStore, out_path: Path, options: BundleOptions, progress: Any,
              cancelled: threading.Event) -> BundleResult:
    """Build the bundle and record `bundle.exported` (through the core's export_case)."""
    from evidencekit.bundle.export import export_case

    return export_case(store, out_path, options, progress=lambda done, total, what: progress((done, total, what)),
                       cancelled=cancelled.is_set)


class ExportPage(Page):
    step_id = "export"
    title = N_("Make the police bundle")

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.add_intro(_("This makes one PDF file for the police: who the other person is, what happened, every "
                       "picture with its time and fingerprint, and how the police can check that nothing was "
                       "changed. It stays on this computer until you give it to them."))
        self.summary = style.paragraph("")
        self.add_widget(self.summary)
        self.todo_box = QGroupBox(_("Not done yet"))
        self.todo_box.setAccessibleName(_("Steps not done yet"))
        self.todo_layout = QVBoxLayout(self.todo_box)
        self.todo_intro = style.paragraph(_("You can make the bundle now, and a new one later. These steps "
                                            "would make it more useful to the police:"))
        self.todo_layout.addWidget(self.todo_intro)
        self.todo_rows: dict[str, QWidget] = {}
        self._todo: tuple[str, ...] | None = None
        # The options as one line, most people need no other: "Change the options…" opens them, so that
        # "Make the police bundle" is on the page without scrolling on a 1366×768 screen
        options_row = QHBoxLayout()
        self.options_summary = QLabel("")
        self.options_summary.setWordWrap(True)
        options_row.addWidget(self.options_summary, 1)
        self.options_button = QPushButton(_("Change the options…"))
        self.options_button.setCheckable(True)
        self.options_button.toggled.connect(self._show_options)
        options_row.addWidget(self.options_button)
        self.body.addLayout(options_row)
        self.options_box = self._options_box()
        self.options_box.setVisible(False)
        self.add_widget(self.options_box)
        self.folder = default_folder()
        self.file_name = default_file_name(self.folder)
        where = QHBoxLayout()
        self.where_label = QLabel("")
        self.where_label.setWordWrap(True)
        self.where_label.setAccessibleName(_("Where the bundle will be saved"))
        where.addWidget(self.where_label, 1)
        self.choose_button = QPushButton(_("Choose where to save…"))
        self.choose_button.clicked.connect(self.choose_location)
        where.addWidget(self.choose_button)
        self.body.addLayout(where)
        actions = QHBoxLayout()
        self.export_button = QPushButton(_("Make the police bundle"))
        self.export_button.setFont(style.scaled_font(1.1, bold=True))
        self.export_button.setMinimumHeight(48)  # as "Take the picture": the page's own action
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel making the bundle"))
        self.cancel_button.clicked.connect(self.cancel_export)
        self.cancel_button.setVisible(False)
        actions.addWidget(self.export_button)
        actions.addWidget(self.cancel_button)
        # The progress bar beside the buttons, not on a line of its own: showing and hiding it leaves the
        # page's height alone, so the start and the end of an export re-lay out no more than that row
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Progress of the bundle"))
        self.progress.setVisible(False)
        actions.addWidget(self.progress, 1)
        actions.addStretch(1)
        self.body.addLayout(actions)
        self._pending_progress: tuple[int, int, str] | None = None
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(PROGRESS_EVERY_MS)
        self._progress_timer.timeout.connect(self._show_pending_progress)
        self.progress_text = QLabel("")
        self.progress_text.setAccessibleName(_("What is happening"))
        self.add_widget(self.progress_text)
        self.result_panel = ExportResultPanel(session)
        self.result_panel.setVisible(False)
        self.add_widget(self.result_panel)
        # The steps not done yet come after the button (the summary above says so), so that "Make the police
        # bundle" is on the page without scrolling on a 960×540 screen (1920×1080 at scale factor 2) too
        self.add_widget(self.todo_box)
        more = QHBoxLayout()  # for later: a trusted time stamp, the hand-over to the police
        self.timestamp_button = QPushButton(_("Get a trusted time stamp for everything so far…"))
        self.timestamp_button.clicked.connect(self.open_trusted_time)
        self.handover_button = QPushButton(_("Record the hand-over to the police…"))
        self.handover_button.clicked.connect(self.open_handover)
        more.addWidget(self.timestamp_button)
        more.addWidget(self.handover_button)
        more.addStretch(1)
        self.body.addLayout(more)
        self.add_what_next(_("Give the file to the police (see below once it is made). You can make a new bundle at "
                           "any time, for example after adding pictures; the case keeps everything."))
        self.finish_layout()
        self._task: BackgroundTask | None = None
        self._starting = False  # between "Make the police bundle" and the job's start (JOB_START_DELAY_MS)
        self._result_pending: BundleResult | None = None  # made, its panel not shown yet (_finished)
        self._case_initials: str | None = None  # the case's exhibit-label initials; None: not read yet
        self._reading_initials = False
        self._quick_switching = False
        self._cancel = threading.Event()
        self.last_result: BundleResult | None = None
        self.last_error: str = ""
        self._update_where()
        self._update_options_summary()

    def _options_box(self) -> QGroupBox:
        group = QGroupBox(_("Options"))
        layout = QVBoxLayout(group)
        layout.addWidget(QLabel(_("The original picture files:")))
        self.originals_group = QButtonGroup(self)
        self.originals_radios: dict[str, QRadioButton] = {}
        for mode, words in ORIGINALS_CHOICES:
            radio = QRadioButton(_(words))
            radio.setAccessibleName(_(words))
            self.originals_group.addButton(radio)
            self.originals_radios[mode] = radio
            layout.addWidget(radio)
        self.originals_radios["attach"].setChecked(True)
        self.contact_check = QCheckBox(_("Include my contact details (from the Details step) so the police can "
                                         "reach me"))
        self.contact_check.setChecked(True)
        self._contact_wanted = True  # the person's own choice, kept while there are no details to include
        self.contact_check.toggled.connect(self._contact_toggled)
        layout.addWidget(self.contact_check)
        self.location_check = QCheckBox(_("Include where pictures were taken and device serial numbers"))
        self.location_check.setChecked(False)
        layout.addWidget(self.location_check)
        location_note = QLabel(_("Not recommended: the bundle can be shown to the offender's lawyer. Without this, "
                                 "a picture that holds the place where it was taken, a device serial number or a "
                                 "name is included as a copy without those details (the picture is the same)."))
        location_note.setWordWrap(True)
        self.location_check.setAccessibleDescription(location_note.text())
        layout.addWidget(location_note)
        self.sign_check = QCheckBox(_("Sign the PDF digitally, so anyone can see it was not changed (recommended)"))
        self.sign_check.setChecked(True)
        layout.addWidget(self.sign_check)
        self.statement_check = QCheckBox(_("Add a statement page for me to sign, listing the exhibits (leave it out "
                                           "if the officer takes a statement on their own form)"))
        self.statement_check.setChecked(True)
        layout.addWidget(self.statement_check)
        labels_row = QHBoxLayout()
        self.initials_edit = QLineEdit()
        self.initials_edit.setMaxLength(5)
        self.initials_edit.setMaximumWidth(80)
        self.initials_edit.setAccessibleName(_("Initials for the exhibit labels"))
        self.initials_edit.setAccessibleDescription(_("With initials, the exhibits are also labelled JS/1, JS/2 … "
                                                      "as the police usually do; leave empty for none."))
        labels_label = QLabel(_("Label the exhibits with the producer's initials (for example JS gives JS/1, "
                                "JS/2 …):"))
        labels_label.setWordWrap(True)
        labels_label.setBuddy(self.initials_edit)
        labels_row.addWidget(labels_label, 1)
        labels_row.addWidget(self.initials_edit)
        layout.addLayout(labels_row)
        row = QHBoxLayout()
        self.language_combo = QComboBox()
        self.language_combo.setAccessibleName(_("Language of the bundle"))
        self.language_combo.setAccessibleDescription(_("The police read the bundle: choose their language. It "
                                                       "does not change the language of this app."))
        for code, name in police_language_items():
            self.language_combo.addItem(name, code)
        self.language_combo.activated.connect(self._language_picked)
        self._language_picked_by_person = False  # until then the bundle follows the case's country
        language_label = QLabel(_("The police's &language (the bundle is written in it):"))
        language_label.setBuddy(self.language_combo)
        row.addWidget(language_label)
        row.addWidget(self.language_combo)
        row.addStretch(1)
        layout.addLayout(row)
        for check in (self.contact_check, self.location_check, self.sign_check, self.statement_check):
            check.toggled.connect(self._update_options_summary)
        self.originals_group.buttonToggled.connect(self._update_options_summary)
        self.language_combo.currentIndexChanged.connect(self._update_options_summary)
        return group

    def _show_options(self, shown: bool) -> None:
        self.options_box.setVisible(shown)
        self.options_button.setText(_("Hide the options") if shown else _("Change the options…"))

    def _update_options_summary(self) -> None:
        """The options chosen, in one line above "Change the options…"."""
        options = self.options()
        chosen = [{"attach": _("the original pictures inside the PDF"),
                   "zip": _("the original pictures in a separate ZIP file"),
                   "withhold": _("no original pictures")}[options.originals],
                  _("signed") if options.sign else _("not signed")]
        if options.statement:
            chosen.append(_("a statement page for you to sign"))
        if options.include_contact:
            chosen.append(_("your contact details"))
        if options.include_location:
            chosen.append(_("where pictures were taken and device serial numbers"))
        chosen.append(_("in {language}").format(language=self.language_combo.currentText()))
        self.options_summary.setText(_("Options: {chosen}.").format(chosen="; ".join(chosen)))
        self.options_summary.setAccessibleName(self.options_summary.text())

    def open_trusted_time(self) -> None:
        from evidencekit.gui.handover_dialogs import TrustedTimeDialog

        if self.session.store is not None:
            TrustedTimeDialog(self.session, self).exec()

    def open_handover(self) -> None:
        from evidencekit.gui.handover_dialogs import HandoverDialog

        if self.session.store is not None:
            HandoverDialog(self.session, self).exec()

    def _typed_initials(self) -> str:
        """The initials typed, checked ('' for none); the worker compares them with the case's."""
        from evidencekit.bundle.statement import check_initials

        return check_initials(self.initials_edit.text())

    def _read_case_initials(self) -> None:
        """The initials the case has (its last `exhibits.labelled` record), read off the GUI thread: that
        record is not in the checkpoint, so reading it reads the whole journal (~0.3 ms a record, under
        the store's lock, which the OCR thread may hold for as long)."""
        store = self.session.store
        if store is None or self._reading_initials:
            return
        self._reading_initials = True

        def done(initials: str) -> None:
            self._reading_initials = False
            if self.session.store is store:
                self._case_initials = initials
                self._fill_initials()

        def failed(_exc: BaseException) -> None:
            self._reading_initials = False

        run_in_background(lambda: case_initials(store), on_done=done, on_error=failed, owner=self)

    def _fill_initials(self) -> None:
        if not self.initials_edit.text() and self._case_initials:
            self.initials_edit.setText(self._case_initials)

    def _language_picked(self, _index: int) -> None:
        self._language_picked_by_person = True

    def _follow_country_language(self) -> None:
        if not self._language_picked_by_person:
            wanted = country_language(self.session.country)
            self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(wanted)))

    # ----- options and location ---------------------------------------------------------------------

    def options(self) -> BundleOptions:
        mode = next(mode for mode, radio in self.originals_radios.items() if radio.isChecked())
        return BundleOptions(include_contact=self.contact_check.isChecked() and self.contact_check.isEnabled(),
                             originals=mode, include_location=self.location_check.isChecked(),
                             sign=self.sign_check.isChecked(),
                             language=str(self.language_combo.currentData() or "") or None,
                             statement=self.statement_check.isChecked())

    def out_path(self) -> Path:
        return self.folder / self.file_name

    def set_out_path(self, path: Path) -> None:
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self.folder, self.file_name = path.parent, path.name
        self._update_where()

    def _update_where(self) -> None:
        self.where_label.setText(_("It will be saved as: {path}").format(path=self.out_path()))

    def choose_location(self) -> None:
        chosen = choose_save_path(self, _("Where to save the police bundle"), str(self.folder / self.file_name),
                                  _("PDF files (*.pdf)"))
        if chosen is not None:
            self.set_out_path(chosen)

    # ----- exporting --------------------------------------------------------------------------------

    def start_export(self) -> None:
        if self.is_running() or self.session.state is None:
            return
        if not self.session.state.exhibits:
            self.progress_text.setText(_("There are no pictures in this case yet. Take pictures first."))
            return
        if self.out_path().exists():
            self.file_name = default_file_name(self.folder)
            self._update_where()
        try:
            initials = self._typed_initials()
        except EvidenceKitError as exc:
            self.progress_text.setText(exc.message)
            return
        options, out_path = self.options(), self.out_path()
        self._cancel = threading.Event()
        cancel = self._cancel
        self.last_result, self.last_error = None, ""
        self.result_panel.setVisible(False)
        self._set_running(True)
        self.progress_text.setText(_("Starting…"))

        def job(store: CaseStore, progress: Any) -> BundleResult:
            if initials != case_initials(store):
                from evidencekit.bundle.statement import LABELS_ACTION

                store.append_event(LABELS_ACTION, {"initials": initials})
            return export_to(store, out_path, options, progress, cancel)

        def start() -> None:
            self._starting = False
            self._case_initials = None  # the job may record new ones: read again at the next refresh
            self._task = self.session.run(job, on_done=self._finished, on_error=self._failed,
                                          on_progress=self._progressed)
            if self._task is None:
                self._set_running(False)

        # The page's new look (progress bar, Cancel) is laid out and painted first, then the job starts: a
        # worker busy in Python from its first moment made that frame wait for Python's lock (20-35 ms).
        self._starting = True
        QTimer.singleShot(JOB_START_DELAY_MS, self, start)

    def cancel_export(self) -> None:
        if self._task is not None or self._starting:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.progress_text.setText(_("Stopping…"))

    def is_running(self) -> bool:
        return self._task is not None or self._starting or self._result_pending is not None

    def _set_running(self, running: bool) -> None:
        # The export is Python-heavy (layout, PDF objects) on a worker thread; the window's thread needs
        # Python's lock for every event it handles. A 1 ms switch interval (default 5 ms) hands it back
        # sooner, which keeps the window responsive (measured: longest stall ~80 ms -> ~30 ms).
        if running != self._quick_switching:
            self._quick_switching = running
            quick_switching(running)
        self.export_button.setEnabled(not running)
        self.choose_button.setEnabled(not running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.progress.setVisible(running)
        if running:
            self.progress.setRange(0, 0)

    def _progressed(self, value: Any) -> None:
        """At most one update every PROGRESS_EVERY_MS (the latest wins): each one is a layout and a paint
        of the page on the GUI thread, while the worker competes for Python's lock."""
        done, total, what = value
        self._pending_progress = (int(done), int(total), str(what))
        if not self._progress_timer.isActive():
            self._show_pending_progress()
            self._progress_timer.start()

    def _show_pending_progress(self) -> None:
        if self._pending_progress is None or not self.is_running():
            return
        done, total, what = self._pending_progress
        self._pending_progress = None
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress_text.setText(f"{what}…")
        self._progress_timer.start()

    def _finished(self, result: BundleResult) -> None:
        self._task = None
        self._pending_progress = None
        self._set_running(False)
        self.last_result = result
        self.progress_text.setText("")
        self.result_panel.show_result(result)
        # The panel is shown in a turn of the event loop of its own: the refresh of the page after
        # `bundle.exported` and the buttons' return are laid out and painted first (each about half of it)
        self._result_pending = result
        QTimer.singleShot(RESULT_SHOW_DELAY_MS, self, self._show_result_panel)

    def _show_result_panel(self) -> None:
        if self._result_pending is None:
            return
        self._result_pending = None
        self.result_panel.setVisible(True)
        self._focus_on(self.result_panel.facts)  # where the bundle is (the buttons were greyed out meanwhile)

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self._pending_progress = None
        self._set_running(False)
        self.last_error = error_message(exc)
        if isinstance(exc, Cancelled):
            self.progress_text.setText(_("Stopped. No file was written; the case's custody journal notes that this "
                                       "export was stopped."))
        else:
            self.progress_text.setText(_("The bundle was not made. {reason}").format(reason=self.last_error))
        self._focus_on(self.export_button)  # to try again, with what happened just below it

    def _focus_on(self, widget: QWidget) -> None:
        """Put the keyboard on `widget` and scroll it into view once the page has laid itself out anew (a
        button greyed out while the bundle was made had passed the focus on, down to Back)."""
        if not self.isVisible():
            return
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        QTimer.singleShot(0, self, lambda: self.scroll_area.ensureWidgetVisible(widget))

    def _contact_toggled(self, checked: bool) -> None:
        if self.contact_check.isEnabled():
            self._contact_wanted = checked

    def on_shown(self) -> None:
        super().on_shown()
        if not bundle_code_ready():
            run_in_background(warm_up_bundle_code, on_done=lambda _r: None, on_error=lambda _e: None)

    # ----- state ------------------------------------------------------------------------------------

    def _show_todo(self, state: CaseState) -> None:
        """Each step not done yet, with why it matters and a button that goes there."""
        todo = tuple(not_done(state, texts.STEP_ORDER))
        if todo == self._todo:
            return
        self._todo = todo
        for row in self.todo_rows.values():
            self.todo_layout.removeWidget(row)
            row.deleteLater()
        self.todo_rows = {}
        for step in todo:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            number = texts.STEP_ORDER.index(step) + 1
            title = _(texts.STEP_TITLES[step])
            words = QLabel(_("{number}. {step}").format(number=number, step=title)
                           + (f" — {_(TODO_WHY[step])}" if step in TODO_WHY else ""))
            words.setWordWrap(True)
            words.setAccessibleName(words.text())
            go = QPushButton(_("Go there"))
            go.setAccessibleName(_("Go to the step {step}").format(step=title))
            go.clicked.connect(lambda _checked=False, step=step: self.go_to_requested.emit(step))
            line.addWidget(words, 1)
            line.addWidget(go)
            self.todo_layout.addWidget(row)
            self.todo_rows[step] = row
        self.todo_box.setVisible(bool(todo))
        apply_tab_order(self)

    def refresh(self, state: CaseState) -> None:
        if self._case_initials is None:
            self._read_case_initials()
        else:
            self._fill_initials()
        super().refresh(state)
        self._show_todo(state)
        count = len(state.pictures)
        hidden = sum(1 for e in state.pictures if e.redaction and e.redaction.boxes)
        withheld = sum(1 for e in state.pictures if e.redaction and e.redaction.boxes
                       and not e.redaction.include_original)
        sentences = [ngettext("This case has {count} picture.", "This case has {count} pictures.",
                              count).format(count=count)]
        if hidden:
            sentences.append(ngettext("{hidden} of them has black boxes: the bundle shows the covered version.",
                                      "{hidden} of them have black boxes: the bundle shows the covered version.",
                                      hidden).format(hidden=hidden))
            sentences.append(ngettext("{withheld} uncovered original is kept back.",
                                      "{withheld} uncovered originals are kept back.",
                                      withheld).format(withheld=withheld))
        if state.exports:
            sentences.append(_("Bundles made from this case so far: {count}.").format(
                count=format_number(len(state.exports))))
        if self._todo:
            sentences.append(ngettext("{count} step is not done yet: see “Not done yet” below the button.",
                                      "{count} steps are not done yet: see “Not done yet” below the button.",
                                      len(self._todo)).format(count=len(self._todo)))
        self.summary.setText(" ".join(sentences))
        self._follow_country_language()
        contact = has_victim_contact(stored_details(state.details))
        self.contact_check.setEnabled(contact)
        self.contact_check.setChecked(contact and self._contact_wanted)  # never greyed out yet ticked
        if not contact:
            self.contact_check.setText(_("Include my contact details (none written in the Details step)"))
        else:
            self.contact_check.setText(_("Include my contact details (from the Details step) so the police can "
                                       "reach me"))
        self.result_panel.refresh(state)
        self._update_options_summary()
