"""Steps 2 and 3, "Their profile" and "The conversation": take pictures of the screen, or add ones
already taken, and see and label them in the gallery below.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from evidencekit.capture import Availability, MonitorInfo, choose_backend, import_files
from evidencekit.errors import CaptureUnavailable
from evidencekit.gui import file_dialogs, style
from evidencekit.gui.capture import CaptureFlow
from evidencekit.gui.pages.capture_options import CaptureOptionsForm
from evidencekit.gui.pages.gallery import Gallery
from evidencekit.gui.pages.step_words_page import StepWordsPage
from evidencekit.gui.session import CaseSession, error_message
from evidencekit.gui.steps import CONVERSATION_CATEGORIES, PROFILE_CATEGORIES
from evidencekit.gui.workers import run_in_background
from evidencekit.i18n import N_, _, ngettext
from evidencekit.store import CaseState, Exhibit

if TYPE_CHECKING:
    from evidencekit.gui.chat_import_dialog import ChatImportDialog


def _references(exhibits: list[Exhibit]) -> str:
    refs = [e.reference for e in exhibits]
    return refs[0] if len(refs) == 1 else f"{refs[0]} to {refs[-1]}"


class CapturePage(StepWordsPage):
    """Subclasses set step_id, title, `category` and `with_series`."""

    category = "other"
    gallery_categories: tuple[str, ...] = ()  # what this step's gallery shows (empty: everything)
    with_series = False
    with_chat_import = False

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.flow: CaptureFlow | None = None
        self.availability: Availability | None = None
        position = 1  # after the heading and the guidance words (under 18: "messages only, never nude images")
        self.body.insertWidget(position + 1, style.heading(_("Take a picture of your screen"),
                                                           scale=style.SUBHEADING_SCALE))
        self.options_form = CaptureOptionsForm(with_series=self.with_series)
        self.body.insertWidget(position + 2, self.options_form)
        actions = QWidget()
        row = QHBoxLayout(actions)
        row.setContentsMargins(0, style.SPACING // 2, 0, 0)
        row.setSpacing(style.SPACING)
        self.capture_button = QPushButton(_("&Take the picture"))
        self.capture_button.setAccessibleName(_("Take a picture of the screen"))
        self.capture_button.setAccessibleDescription(_("This window hides while the picture is taken, then comes back"))
        self.capture_button.setMinimumHeight(48)
        self.capture_button.setFont(style.scaled_font(1.1, bold=True))
        self.capture_button.clicked.connect(self.start_capture)
        self.import_button = QPushButton(_("&Add pictures you already took…"))
        self.import_button.setAccessibleName(_("Add pictures you already took"))
        self.import_button.setMinimumHeight(48)
        self.import_button.clicked.connect(self.import_pictures)
        row.addWidget(self.capture_button)
        row.addWidget(self.import_button)
        self.chat_button: QPushButton | None = None
        if self.with_chat_import:
            self.chat_button = QPushButton(_("Add the platform's own cop&y of the chat…"))
            self.chat_button.setAccessibleName(_("Add the platform's own copy of the chat"))
            self.chat_button.setAccessibleDescription(_("A data download or chat export from the platform"))
            self.chat_button.setMinimumHeight(48)
            self.chat_button.clicked.connect(self.open_chat_import)
            row.addWidget(self.chat_button)
        row.addStretch(1)
        self.body.insertWidget(position + 3, actions)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setFont(style.scaled_font(1.05, bold=True))
        self.status.setAccessibleName(_("Capture status"))
        self.body.insertWidget(position + 4, self.status)
        self.body.insertWidget(position + 5, style.heading(_("Pictures saved for this step"),
                                                           scale=style.SUBHEADING_SCALE))
        self.gallery = Gallery(session, self.gallery_categories)
        self.body.insertWidget(position + 6, self.gallery)
        self._monitors_asked = False

    # ----- state ----------------------------------------------------------------------------------

    def refresh(self, state: CaseState) -> None:
        super().refresh(state)
        self.gallery.refresh(state)

    def on_shown(self) -> None:
        super().on_shown()
        if not self._monitors_asked:
            self._monitors_asked = True
            self.ask_for_monitors()

    def ask_for_monitors(self) -> None:
        """Ask the capture backend (in the background) whether it works here and which screens exist."""
        factory: Callable[[], Any] = self.session.backend_factory or choose_backend

        def probe() -> tuple[Availability, list[MonitorInfo], str]:
            try:
                backend = factory()
            except CaptureUnavailable as exc:
                return Availability(False, exc.message), [], ""
            try:
                state = backend.availability()
                if not state.works:
                    return state, [], ""
                return state, backend.monitors(), backend.first_use_note()  # e.g. the desktop will ask first
            finally:
                backend.close()

        run_in_background(probe, on_done=self._probed, on_error=lambda exc: self._say(error_message(exc)),
                          owner=self)

    def _probed(self, result: tuple[Availability, list[MonitorInfo], str]) -> None:
        self.availability, monitors, note = result
        self.options_form.set_monitors(monitors)
        if not self.availability.works:
            self.capture_button.setEnabled(False)
            self._say(_("Pictures of the screen cannot be taken here: {reason}").format(reason=self.availability.why))
        elif note and not self.status.text():
            self._say(note)  # before the first picture: what the desktop may ask

    # ----- actions --------------------------------------------------------------------------------

    def fields(self) -> dict[str, str]:
        return {"category": self.category}

    def start_capture(self) -> None:
        if self.flow is not None or not self.session.is_open:
            return
        options = self.options_form.options(self.fields())
        self.flow = CaptureFlow(self.session, options)
        self.flow.finished.connect(self._capture_finished)
        self.flow.failed.connect(self._capture_failed)
        self.flow.progressed.connect(lambda n: self._say(
            ngettext("{count} picture saved so far…", "{count} pictures saved so far…", n).format(count=n)))
        self.capture_button.setEnabled(False)
        self._say(_("Taking the picture…"))
        self.flow.start()

    def _capture_finished(self, exhibits: list[Exhibit]) -> None:
        self.flow = None
        self._capture_button_back()
        if not exhibits:
            self._say(_("No picture was taken."))
            return
        self._saved(exhibits)

    def _capture_failed(self, exc: BaseException) -> None:
        self.flow = None
        self._capture_button_back()
        self._say(error_message(exc))

    def _capture_button_back(self) -> None:
        """After a capture the keyboard is on "Take the picture" again, with the status just below it (the
        button was greyed out meanwhile, which moved the focus on to the next button, or off the page)."""
        self.capture_button.setEnabled(True)
        if self.isVisible():  # the window is back (setFocus takes effect when it is active again)
            self.capture_button.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll_area.ensureWidgetVisible(self.capture_button)

    def import_pictures(self) -> None:
        if self.session.under_18:  # the under-18 route asks first, and adds no nude picture
            from evidencekit.gui.safeguarding_dialogs import NudeQuestion

            self.nude_question = NudeQuestion(self._nude_answered, self)
            self.nude_question.open()
            return
        self._choose_and_import()

    def _nude_answered(self, nude: bool) -> None:
        if nude:
            from evidencekit.gui.safeguarding_dialogs import NUDE_REFUSED

            self._say(_(NUDE_REFUSED))
            return
        self._choose_and_import()

    def _choose_and_import(self) -> None:
        paths = file_dialogs.choose_files_to_import(self)
        if not paths:
            return
        fields = self.fields()
        self._say(_("Adding the pictures…"))
        self.session.run(lambda store: import_files(store, paths, fields), on_done=self._saved,
                         on_error=lambda exc: self._say(error_message(exc)))

    def open_chat_import(self) -> ChatImportDialog:
        """The platform's own copy of the chat: its own dialog (evidencekit/gui/chat_import_dialog.py)."""
        from evidencekit.gui.chat_import_dialog import ChatImportDialog

        self.chat_dialog = ChatImportDialog(self.session, self)
        self.chat_dialog.open()
        return self.chat_dialog

    def _saved(self, exhibits: list[Exhibit]) -> None:
        """Called only after the store returned: the pictures are durable now."""
        count = len(exhibits)
        text = ngettext("Saved. {count} picture kept safely as exhibit {references}. You can add a label below.",
                        "Saved. {count} pictures kept safely as exhibits {references}. You can add a label below.",
                        count).format(count=count, references=_references(exhibits)) if count else ""
        left = [(e.recorded.get("portal") or {}).get("file") or {} for e in exhibits]
        left = [file for file in left if file.get("removed") is False]
        if left:  # the desktop's screenshot service kept a copy evidencekit could not remove (e.g. in a Flatpak)
            text += " " + _("Your desktop's screenshot service also kept a copy in {folder} ({name}) that "
                            "evidencekit could not remove: delete it yourself.").format(
                                folder=left[0].get("folder"), name=left[0].get("name"))
        for exhibit in exhibits:  # what an imported picture holds that could identify the person
            lines = getattr(exhibits, "notes", {}).get(exhibit.id, [])
            if lines:
                text += "\n" + exhibit.reference + ": " + " ".join(lines)
        for name, held in getattr(exhibits, "already", []):
            text += "\n" + _("{name} is already in this case as {reference}; nothing new was stored.").format(
                name=name, reference=held.reference)
        self._say(text.strip())
        if exhibits:
            self.gallery.select(exhibits[-1].id)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleName(text or _("Capture status"))


class ProfileCapturePage(CapturePage):
    step_id = "profile"
    title = N_("Their profile")
    category = "profile"
    gallery_categories = PROFILE_CATEGORIES


class ConversationCapturePage(CapturePage):
    step_id = "conversation"
    title = N_("The conversation")
    category = "conversation"
    # threats and payment demands are parts of the conversation: re-labelling one keeps it in view here
    gallery_categories = CONVERSATION_CATEGORIES
    with_series = True
    with_chat_import = True

