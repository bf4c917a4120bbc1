"""The last-resort handler (sys.excepthook): a calm dialog that never shows evidence.

An unexpected error may carry case data in its message (a label, a file name), so the dialog shows only
the kind of error and where in evidencekit's code it happened, and says that saved captures are safe.
"""

from __future__ import annotations

import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from evidencekit.i18n import N_, _

CRASH_TEXT = (
    N_("evidencekit ran into a problem it did not expect.\n\n"
    "Your saved pictures and notes are safe: each one was stored for good the moment it said \"Saved\". "
    "Please close evidencekit and open it again; your case will be there.")
)


def crash_summary(kind: type[BaseException], tb: TracebackType | None) -> str:
    """'ValueError in evidencekit/gui/x.py line 12': no message, no values, nothing from the case."""
    frames = traceback.extract_tb(tb) if tb else []
    ours = [f for f in frames if "evidencekit" in f.filename.replace("\\", "/")]
    where = ours[-1] if ours else (frames[-1] if frames else None)
    if where is None:
        return kind.__name__
    path = where.filename.replace("\\", "/")
    short = path[path.rfind("evidencekit/"):] if "evidencekit/" in path else path.rsplit("/", 1)[-1]
    return f"{kind.__name__} in {short} line {where.lineno}"  # i18n: not shown (for developers, in English)


_showing = False


def handle_exception(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    global _showing
    if issubclass(kind, KeyboardInterrupt):
        QApplication.quit()
        return
    summary = crash_summary(kind, tb)
    print(_("evidencekit: unexpected problem ({summary})").format(summary=summary), file=sys.stderr)
    if _showing or QApplication.instance() is None:
        return
    _showing = True
    try:
        box = QMessageBox(QMessageBox.Icon.Critical, "evidencekit", _(CRASH_TEXT))
        box.setDetailedText(_("For the developers: {summary}").format(summary=summary))
        box.setAccessibleName(_("Unexpected problem"))
        box.exec()
    finally:
        _showing = False


def install_crash_handler() -> None:
    sys.excepthook = handle_exception
