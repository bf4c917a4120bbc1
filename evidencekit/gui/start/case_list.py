"""The cases on this computer, as the start screen lists them (titles only where the keyring opens them).

Case titles are encrypted in the journal; without the key only the folder's dates are known, so a locked
case is listed by the start of its id: "Locked case 3f9c2a1b, last changed …".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from evidencekit.errors import EvidenceKitError
from evidencekit.i18n import _, format_datetime, ngettext
from evidencekit.store import CaseStore, KeyringAccess, list_case_folders
from evidencekit.store.layout import HEADER, JOURNAL


@dataclass(frozen=True)
class CaseEntry:
    """One case folder and what can be said about it without a passphrase."""

    folder: Path
    case_id: str
    title: str | None  # None: the keyring does not hold its key (or it is open elsewhere)
    exhibits: int | None
    last_changed: datetime | None
    created: datetime | None = None  # when its header was written (no key needed to know it)

    @property
    def display(self) -> str:
        when = format_datetime(self.last_changed) if self.last_changed else _("unknown date")
        if self.title is None:  # the start date and the id tell such cases apart (the title needs the key)
            started = format_datetime(self.created) if self.created else _("unknown date")
            return _("Locked case started {started} (id {case}…), last changed {when}").format(
                started=started, case=self.case_id[:8], when=when)
        if self.exhibits is None:
            return _("{title} (last changed {when})").format(title=self.title, when=when)
        return ngettext("{title}, {count} picture (last changed {when})",
                        "{title}, {count} pictures (last changed {when})",
                        self.exhibits).format(title=self.title, count=self.exhibits, when=when)


def list_cases(home: Path | None, keyring: KeyringAccess | None, *, with_titles: bool = True) -> list[CaseEntry]:
    """Every case folder, newest first; titles read by opening each case through the keyring (briefly)."""
    entries = []
    for folder in list_case_folders(home):
        journal = folder / JOURNAL
        try:
            changed = datetime.fromtimestamp(journal.stat().st_mtime)
        except OSError:
            changed = None
        try:
            created: datetime | None = datetime.fromtimestamp((folder / HEADER).stat().st_mtime)
        except OSError:
            created = None
        title: str | None = None
        exhibits: int | None = None
        if with_titles and _keyring_has(keyring, folder.name):
            try:
                with CaseStore.open(folder, home=home, keyring=keyring) as store:
                    state = store.state()
                    title, exhibits = state.title or _("Untitled case"), len(state.pictures)
            except EvidenceKitError:
                title = None
        entries.append(CaseEntry(folder, folder.name, title, exhibits, changed, created))
    entries.sort(key=lambda e: e.last_changed or datetime.min, reverse=True)
    return entries


def _keyring_has(keyring: KeyringAccess | None, case_id: str) -> bool:
    from evidencekit.store import system_keyring

    access = keyring if keyring is not None else system_keyring()
    return bool(access and access.get(case_id))
