"""The base of every page in the main window: a scrollable column with heading, intro, the page's own
content, a "What happens next" line and a "Mark this step as done" toggle bound to the case's checklist.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from evidencekit.gui import style
from evidencekit.gui.keyboard import focus_chain_by_layout
from evidencekit.gui.session import CaseSession
from evidencekit.gui.steps import step_done
from evidencekit.i18n import _
from evidencekit.store import CaseState


class Page(QWidget):
    """Subclasses set `step_id` and `title` (English, marked with N_; shown translated), build their content
    into `self.body` and override `refresh`."""

    step_id: str = ""
    title: str = ""
    unsaved_changed = Signal()  # has_unsaved_input() may have changed
    go_to_requested = Signal(str)  # a page offers to take the person to another step (its step id)

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.title = _(type(self).title)  # the class keeps the English; the page shows the chosen language
        self.setAccessibleName(self.title)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll)
        inner = QWidget()
        inner.setAccessibleName(_("{title} page").format(title=self.title))
        scroll.setWidget(inner)
        scroll.setAccessibleName(self.title)
        self.scroll_area = scroll
        self.body = QVBoxLayout(inner)
        self.body.setContentsMargins(style.PAGE_MARGIN, style.PAGE_MARGIN, style.PAGE_MARGIN, style.PAGE_MARGIN)
        self.body.setSpacing(style.SPACING)
        self.heading_label = style.heading(self.title)
        self.body.addWidget(self.heading_label)
        self.done_toggle: QCheckBox | None = None
        self.next_label: QLabel | None = None

    # ----- layout helpers -------------------------------------------------------------------------

    def add_intro(self, text: str, *, rich: bool = False) -> QLabel:
        label = style.paragraph(text, rich=rich)
        self.body.addWidget(label)
        return label

    def add_subheading(self, text: str) -> QLabel:
        label = style.heading(text, scale=style.SUBHEADING_SCALE)
        self.body.addSpacing(style.SECTION_GAP // 2)
        self.body.addWidget(label)
        return label

    def add_widget(self, widget: QWidget) -> QWidget:
        self.body.addWidget(widget)
        return widget

    def add_what_next(self, text: str) -> QLabel:
        """The "What happens next" line every page ends with."""
        self.body.addSpacing(style.SECTION_GAP)
        self.body.addWidget(style.heading(_("What happens next"), scale=style.SUBHEADING_SCALE))
        self.next_label = style.paragraph(text)
        self.body.addWidget(self.next_label)
        return self.next_label

    def add_done_toggle(self, text: str | None = None) -> QCheckBox:
        """A checkbox bound to the case's checklist (`step.set`); its tick comes back from the journal."""
        toggle = QCheckBox(text or _("I have done this step"))
        toggle.setAccessibleName(_("Mark the step {title} as done").format(title=self.title))
        toggle.setFont(style.scaled_font(1.05, bold=True))
        toggle.clicked.connect(self._done_clicked)
        self.body.addSpacing(style.SECTION_GAP // 2)
        self.body.addWidget(toggle)
        self.done_toggle = toggle
        return toggle

    def finish_layout(self) -> None:
        self.body.addStretch(1)

    def _done_clicked(self, checked: bool) -> None:
        if self.step_id:
            self.session.set_step_done(self.step_id, checked)

    # ----- state ----------------------------------------------------------------------------------

    def has_unsaved_input(self) -> bool:
        """True while the page shows typed input it could not save (the status bar must not say "saved")."""
        return False

    def refresh(self, state: CaseState) -> None:
        """Called on every state change; the base keeps the done toggle in step with the journal."""
        if self.done_toggle is not None:
            self.done_toggle.blockSignals(True)
            self.done_toggle.setChecked(step_done(state, self.step_id))
            self.done_toggle.blockSignals(False)

    def first_control(self) -> QWidget | None:
        """The page's first control that Tab stops at (in layout order; not the scrolling page itself, which
        is a Tab stop of its own for scrolling by arrow keys), or None: where the keyboard starts when the
        window opens on this page."""
        return next((widget for widget in focus_chain_by_layout(self) if widget is not self.scroll_area
                     and widget.isEnabled() and widget.isVisibleTo(self)), None)

    def focus_first_control(self) -> None:
        """Put the keyboard on the page's first control (as Tab would: the focus ring shows), scrolled into
        view once the page is laid out, with its ring and no more (the heading stays in view where it can);
        on the page itself where it has none."""
        target = self.first_control() or self.scroll_area
        target.setFocus(Qt.FocusReason.TabFocusReason)
        QTimer.singleShot(0, self, lambda: self._scroll_to(target))

    def _scroll_to(self, target: QWidget) -> None:
        """Up or down only: a page never scrolls sideways (a page wider than a narrow window would lose its
        left edge, heading and all, with no scroll bar to bring it back)."""
        across = self.scroll_area.horizontalScrollBar()
        left = across.value()
        ring = style.FOCUS_RING_WIDTH + 2
        self.scroll_area.ensureWidgetVisible(target, 0, ring)
        across.setValue(left)

    def on_shown(self) -> None:
        """Called when the page becomes the visible one (move focus, start previews). Subclasses call it first.

        The keyboard was on the page before, on a control that this change hid: Qt's stack passes it to the
        new page's first Tab stop, the page's own scroll area (a frame round the whole page, one Tab more);
        it goes on to the first control, as when the window opens. Where the person is (the step list,
        Next) it stays, and a page seen before keeps the control it was left on."""
        self.heading_label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        focus = self.window().focusWidget()
        if focus is not None and (focus is self.scroll_area or focus is self or focus is self.scroll_area.widget()):
            self.focus_first_control()
