"""The one place that decides where things live: the data dir, case folders, anchors and resources.

`EVIDENCEKIT_HOME` overrides the data dir (tests, portable use on a USB stick).
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

from evidencekit import APP_NAME

HOME_ENV = "EVIDENCEKIT_HOME"


def data_home() -> Path:
    """Root of everything evidencekit stores for this user; created private (0700) on first use."""
    override = os.environ.get(HOME_ENV)
    root = Path(override).expanduser() if override else _platform_data_dir()
    make_private_dir(root)
    return root


def _platform_data_dir() -> Path:
    import platformdirs  # imported when needed: a capture from the command line starts faster without it

    return Path(platformdirs.user_data_dir(APP_NAME, False))


def cases_dir(home: Path | None = None) -> Path:
    """Folder holding one sub-folder per case."""
    path = (home or data_home()) / "cases"
    make_private_dir(path)
    return path


def anchors_dir(home: Path | None = None) -> Path:
    """Chain heads of each case's journal, kept outside the case folders so a cut-off tail is noticed."""
    path = (home or data_home()) / "anchors"
    make_private_dir(path)
    return path


def settings_dir(home: Path | None = None, *, create: bool = True) -> Path:
    """Per-installation settings and the signing certificate for bundles (no evidence).

    create=False for reading a setting: a command that only looks for one leaves no folder behind."""
    path = (home or data_home()) / "settings"
    if create:
        make_private_dir(path)
    return path


def make_private_dir(path: Path) -> None:
    """Create `path` (and parents) readable by this user only: each folder made here is set to 0700.

    (mkdir's mode applies only to the last folder, and only through the umask: parents it makes get the
    umask's mode, so every folder made is chmod'ed; folders that already existed are left as they are.)
    """
    missing: list[Path] = []
    current = path
    while not current.is_dir() and current != current.parent:
        missing.append(current)
        current = current.parent
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        for made in missing:
            try:
                made.chmod(0o700)
            except OSError as exc:
                # FAT and exFAT (USB sticks) have no permissions: fusefat refuses chmod with ENOSYS
                if exc.errno not in (errno.ENOSYS, errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
                    raise


def resources_dir() -> Path:
    """guidance texts, platform steps, helplines and icons: from a source tree, a wheel or a frozen build."""
    candidates = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.append(Path(frozen) / "resources")
    package = Path(__file__).resolve().parent
    candidates.append(package / "resources")  # installed wheel
    candidates.append(package.parent / "resources")  # source checkout
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("evidencekit's resources folder is missing from this installation")
