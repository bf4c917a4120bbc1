"""The open case as the GUI sees it: one CaseStore, its last state, and background writes that refresh it.

Pages never call the store directly: they call `session.run(fn)` (or the helpers), which runs `fn(store)`
on a worker thread, replays the state there, and emits `state_changed` on the GUI thread.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from evidencekit.errors import EvidenceKitError
from evidencekit.gui.workers import BackgroundTask, run_in_background
from evidencekit.i18n import N_, _
from evidencekit.store import Actor, CaseState, CaseStore, KeyringAccess

log = logging.getLogger(__name__)
GENERIC_ERROR = (N_("Something went wrong and this action did not finish. Everything saved before is safe. "
                 "Please try again."))


def error_message(exc: BaseException) -> str:
    """The one sentence a person sees: our errors say what to do; anything else is generic."""
    if isinstance(exc, EvidenceKitError):
        return exc.message
    return _(GENERIC_ERROR)


class CaseSession(QObject):
    """Holds the open case (or none) for every window and page of the app."""

    state_changed = Signal(object)
    locked = Signal()
    busy_changed = Signal(bool)
    opened = Signal()

    def __init__(self, *, home: Path | None = None, keyring: KeyringAccess | None = None,
                 backend_factory: Callable[[], Any] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.home = home
        self.keyring = keyring
        self.backend_factory = backend_factory  # makes the capture backend; None: the default (mss)
        self.store: CaseStore | None = None
        self.state: CaseState | None = None
        self.lock_reason = ""  # why the case was last locked ("removed", or "" for the usual reasons)
        self._actor = Actor()
        self._busy = 0
        self.tasks: list[BackgroundTask] = []

    # ----- the case -------------------------------------------------------------------------------

    @property
    def actor(self) -> Actor:
        return self._actor

    @actor.setter
    def actor(self, actor: Actor) -> None:
        """A support worker signing in: their name goes into every journal event from now on."""
        self._actor = actor
        if self.store is not None:
            self.store.actor = actor

    def attach(self, store: CaseStore, state: CaseState | None = None) -> None:
        """Make `store` the open case (opened or created in the background by the start window)."""
        store.actor = self._actor
        self.store = store
        self.state = state if state is not None else store.state()
        self.opened.emit()
        self.state_changed.emit(self.state)
        if _exports_unfinished(store):  # what an interrupted export left: removed, and recorded in the journal
            self.run(_recover_exports)

    @property
    def is_open(self) -> bool:
        return self.store is not None and self.store.is_open

    def lock(self, reason: str = "") -> None:
        """Forget the key (quick exit, idle lock, closing the case); pages must not read after this.

        `reason` ("removed" after removing the case) is kept in `lock_reason` for whoever handles `locked`.
        """
        self.lock_reason = reason
        store, self.store = self.store, None
        self.state = None
        if store is not None:
            try:
                store.close()
            except Exception:  # closing twice or a released lock: the key is forgotten either way
                log.info("store close raised", exc_info=True)  # i18n: not shown
        self.locked.emit()

    # ----- background work ------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy > 0

    def _set_busy(self, delta: int) -> None:
        before = self.busy
        self._busy = max(0, self._busy + delta)
        if before != self.busy:
            self.busy_changed.emit(self.busy)

    def run(self, fn: Callable[..., Any], *, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None,
            on_progress: Callable[[Any], None] | None = None) -> BackgroundTask | None:
        """Run `fn(store)` or `fn(store, progress)` off the GUI thread, then refresh the state.

        Jobs run one at a time in the order asked (a serial worker), so journal events keep that order.
        """
        store = self.store
        if store is None:
            self.show_error(EvidenceKitError(_("The case is locked. Open it again to continue.")), on_error)
            return None
        wants_progress = on_progress is not None and _positional_count(fn) >= 2

        def job(progress: Callable[[Any], None] | None = None) -> tuple[Any, CaseState]:
            result = fn(store, progress) if wants_progress else fn(store)
            return result, store.state()

        def done(outcome: tuple[Any, CaseState]) -> None:
            self._set_busy(-1)
            result, state = outcome
            if self.store is store:
                self.state = state
                self.state_changed.emit(state)
            if on_done is not None:
                on_done(result)

        def failed(exc: BaseException) -> None:
            self._set_busy(-1)
            self.show_error(exc, on_error)

        self._set_busy(+1)
        task = run_in_background(job if wants_progress else (lambda: job()), on_done=done, on_error=failed,
                                 on_progress=on_progress if wants_progress else None, serial=True)
        return task

    def show_error(self, exc: BaseException, on_error: Callable[[BaseException], None] | None = None) -> None:
        if not isinstance(exc, EvidenceKitError):
            log.error("background task failed: %s", type(exc).__name__)  # i18n: not shown
        if on_error is not None:
            on_error(exc)
            return
        parent = QApplication.activeWindow()
        box = QMessageBox(QMessageBox.Icon.Warning, "evidencekit", error_message(exc),
                          QMessageBox.StandardButton.Ok, parent if isinstance(parent, QWidget) else None)
        box.setAccessibleName(_("Problem"))
        box.exec()

    # ----- small writes ---------------------------------------------------------------------------

    def append_event(self, action: str, data: dict[str, Any], object_id: str | None = None,
                     on_done: Callable[[Any], None] | None = None) -> BackgroundTask | None:
        return self.run(lambda store: store.append_event(action, data, object_id=object_id), on_done=on_done)

    def set_step_done(self, step: str, done: bool) -> BackgroundTask | None:
        """The person's own tick or untick; it wins over the automatic tick (gui/steps.py)."""
        if self.state is not None and step in self.state.steps and self.state.steps[step] == done:
            return None
        return self.append_event("step.set", {"step": step, "done": bool(done)})

    def set_profile(self, **fields: Any) -> BackgroundTask | None:
        """`profile.set` with only the fields given (under_18, country, platforms)."""
        return self.append_event("profile.set", dict(fields))

    def edit_exhibit(self, exhibit_id: str, changes: dict[str, str]) -> BackgroundTask | None:
        return self.append_event("exhibit.edited", {"changes": changes}, object_id=exhibit_id)

    # ----- the profile ----------------------------------------------------------------------------

    @property
    def profile(self) -> dict[str, Any]:
        return self.state.profile if self.state is not None else {}

    @property
    def country(self) -> str | None:
        value = self.profile.get("country")
        return str(value) if value else None

    @property
    def under_18(self) -> bool | None:
        value = self.profile.get("under_18")
        return None if value is None else bool(value)

    @property
    def platforms(self) -> list[str]:
        return [str(p) for p in self.profile.get("platforms", []) or []]


def _exports_unfinished(store: CaseStore) -> bool:
    from evidencekit.pending_exports import unfinished

    return not store.read_only and unfinished(store, store.anchor_file.parent.parent)


def _recover_exports(store: CaseStore) -> list[str]:
    from evidencekit.pending_exports import recover_exports

    return recover_exports(store, store.anchor_file.parent.parent)


def _positional_count(fn: Callable[..., Any]) -> int:
    try:
        parameters = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return 1
    if any(p.kind == p.VAR_POSITIONAL for p in parameters):
        return 2
    return sum(1 for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))
