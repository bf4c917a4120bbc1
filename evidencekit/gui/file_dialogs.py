"""File choosers that leave no trace: Qt's own (non-native) dialog, history cleared, Qt settings off.

Native dialogs (GTK, the portal, Windows' shell) add chosen files to "recent files" lists; Qt's own
dialog instead writes its history and last folder to QtProject's settings when it is destroyed. We use
Qt's dialog, clear its history before it goes, and point Qt's settings at a place that cannot be written
(`disable_qt_settings`), so no file or folder name of a case is kept anywhere.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

from evidencekit.i18n import N_, _
from evidencekit.paths import settings_dir

IMAGE_FILTER = N_("Pictures (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.heic *.heif *.tif *.tiff);;All files (*)")


def disable_qt_settings(home: Path | None = None) -> Path:
    """Make every QSettings write (the file dialog's history, Qt's own state) fail quietly.

    Settings files go under a path whose parent is a regular file, so no folder can be created there.
    This covers Linux and the BSDs, where Qt's "native" settings are files too (the file dialog uses
    QSettings(UserScope, "QtProject"), i.e. the native format). On Windows and macOS the native format is
    the registry / a plist, which setPath cannot redirect: there the dialog's history is cleared before it
    is destroyed (`_finish`), and only its last folder (no file name) can remain.
    """
    blocker = settings_dir(home) / "qt-settings-disabled"
    if not blocker.exists():
        blocker.write_bytes(b"")
    target = str(blocker / "qt")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(settings_format, scope, target)
    return blocker


def _dialog(parent: QWidget | None, caption: str, mode: QFileDialog.FileMode,
            accept: QFileDialog.AcceptMode) -> QFileDialog:
    dialog = QFileDialog(parent, caption)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setOption(QFileDialog.Option.DontUseCustomDirectoryIcons, True)
    dialog.setFileMode(mode)
    dialog.setAcceptMode(accept)
    dialog.setHistory([])
    dialog.setDirectory(str(Path.home()))
    dialog.setAccessibleName(caption)
    return dialog


def _finish(dialog: QFileDialog) -> list[str]:
    files = dialog.selectedFiles() if dialog.result() == QFileDialog.DialogCode.Accepted else []
    dialog.setHistory([])
    dialog.deleteLater()
    return files


def choose_files_to_import(parent: QWidget | None) -> list[Path]:
    dialog = _dialog(parent, _("Choose pictures to add"), QFileDialog.FileMode.ExistingFiles,
                     QFileDialog.AcceptMode.AcceptOpen)
    dialog.setNameFilter(_(IMAGE_FILTER))
    dialog.exec()
    return [Path(name) for name in _finish(dialog)]


def choose_archive(parent: QWidget | None, *, folder: bool) -> Path | None:
    """A platform's download or chat export: one file (.zip, .txt, .json), or an unzipped folder."""
    if folder:
        dialog = _dialog(parent, _("Choose the unzipped folder"), QFileDialog.FileMode.Directory,
                         QFileDialog.AcceptMode.AcceptOpen)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    else:
        dialog = _dialog(parent, _("Choose the download or chat export"), QFileDialog.FileMode.ExistingFile,
                         QFileDialog.AcceptMode.AcceptOpen)
        dialog.setNameFilter(_("Downloads and chat exports (*.zip *.txt *.json);;All files (*)"))
    dialog.exec()
    files = _finish(dialog)
    return Path(files[0]) if files else None


def choose_save_path(parent: QWidget | None, caption: str, suggested_name: str, name_filter: str) -> Path | None:
    dialog = _dialog(parent, caption, QFileDialog.FileMode.AnyFile, QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilter(name_filter)
    dialog.selectFile(suggested_name)
    dialog.setOption(QFileDialog.Option.DontConfirmOverwrite, False)
    dialog.exec()
    files = _finish(dialog)
    return Path(files[0]) if files else None
