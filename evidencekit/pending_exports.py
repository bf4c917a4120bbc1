"""Bundle exports that did not finish: remembered before a byte is written, cleaned up after (ADR 061).

Before an export writes anything it leaves two notes:

1. a hint `<data dir>/pending-exports/<export id>.json`, outside the case (no key needed to read it):
   case id, export id, output folder, final file names, and the named temp files it may create;
2. a `bundle.export_started` record in the case's custody journal: export id, file names, temp names,
   whether the files are unnamed. Never the folder: the journal goes into bundles, and a path such as
   /home/<name>/Desktop names the victim.

The export then ends with `bundle.exported` (after which the file is put in place) or
`bundle.export_failed`, and its hint is removed. A crash leaves the hint and an unfinished record:
`sweep_leftovers` (at every start, for cases no other process has open) removes the named temp files;
`recover_exports` (when the case is next opened, by the next export and by `case verify`) does the same
and records `bundle.export_abandoned` for every export that never ended, or whose file was recorded but
never put in place.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidencekit.canonical import canonical_json
from evidencekit.fsio import TEMP_PREFIX, atomic_write
from evidencekit.paths import data_home, make_private_dir

STARTED, EXPORTED = "bundle.export_started", "bundle.exported"
FAILED, ABANDONED = "bundle.export_failed", "bundle.export_abandoned"
OUTCOMES = (EXPORTED, FAILED, ABANDONED)
EXPORT_ACTIONS = frozenset({STARTED, *OUTCOMES})  # all kept by the case checkpoint: looked up without a full read
HINTS = "pending-exports"
SYSTEM = {"role": "system", "name": "evidencekit"}
TEMP_ROLES = ("pdf", "signed", "zip", "publish")
_ID = re.compile(r"[0-9a-f]{16}|[0-9a-f]{32}")

if TYPE_CHECKING:  # the bundle package loads reportlab and Pillow: not for a capture that only checks this
    from evidencekit.bundle.output_file import OutputPlan


def temp_name(export_id: str, role: str) -> str:
    """The named temp file of one export's `role` (pdf, signed, zip, publish): findable, never guessable."""
    return f"{TEMP_PREFIX}{export_id}-{role}"


def hints_dir(home: Path | None = None) -> Path:
    return (home or data_home()) / HINTS


class ExportRun:
    """One export between its start record and its outcome."""

    def __init__(self, store: Any, plan: OutputPlan, out_path: Path, zip_path: Path | None,
                 home: Path | None) -> None:
        self.store, self.plan, self.out_path, self.zip_path = store, plan, out_path, zip_path
        self.hint = hints_dir(home) / f"{plan.export_id}.json"

    @property
    def export_id(self) -> str:
        return self.plan.export_id

    def begin(self) -> None:
        """Hint first (a crash before the record leaves only temp names that were never made), then the
        journal record; both durable before the export writes anything."""
        make_private_dir(self.hint.parent)
        names = {"file_name": self.out_path.name, "zip_file_name": self.zip_path.name if self.zip_path else None,
                 "unnamed": self.plan.unnamed, "temp_names": self.plan.temp_names()}
        atomic_write(self.hint, canonical_json({"case": self.store.id, "export": self.export_id,
                                                "folder": str(self.out_path.parent.resolve()), **names}))
        try:
            self.store.append_event(STARTED, {"export": self.export_id, **names})
        except BaseException:
            self.hint.unlink(missing_ok=True)
            raise

    def failed(self, reason: str) -> bool:
        """Record that this export did not finish (nothing was left); False if even that could not be saved
        (the hint then stays, and the next start records it)."""
        _remove_temps(self.out_path.parent, self.export_id, self.plan.temp_names())
        try:
            self.store.append_event(FAILED, {"export": self.export_id, "reason": reason})
        except Exception:  # a full disk: the unfinished record is resolved at the next start
            return False
        self.hint.unlink(missing_ok=True)
        return True

    def done(self) -> None:
        self.hint.unlink(missing_ok=True)


def _remove_temps(folder: Path, export_id: str, names: Iterable[str]) -> list[str]:
    """Remove this export's named temp files from `folder`; only names it could have made, only files."""
    allowed = {temp_name(export_id, role) for role in TEMP_ROLES}
    removed = []
    for name in names:
        path = folder / str(name)
        if name in allowed and name.startswith(TEMP_PREFIX) and path.is_file() and not path.is_symlink():
            path.unlink()
            removed.append(str(name))
    return removed


def _read_hint(path: Path) -> dict[str, Any] | None:
    try:
        hint = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(hint, dict) or not _ID.fullmatch(str(hint.get("export"))) \
            or not _ID.fullmatch(str(hint.get("case"))):
        return None  # not one evidencekit wrote: its names never reach a path
    return hint


def _hints(home: Path | None, case_id: str | None = None) -> list[tuple[Path, dict[str, Any]]]:
    folder = hints_dir(home)
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    found = []
    for path in entries:
        hint = _read_hint(path) if path.suffix == ".json" else None
        if hint is not None and (case_id is None or hint["case"] == case_id):
            found.append((path, hint))
    return found


def _names(record: dict[str, Any]) -> list[str]:
    names = record.get("temp_names")
    return [str(name) for name in names] if isinstance(names, list) else []


def _sweep_hint(hint: dict[str, Any]) -> list[str]:
    try:
        return _remove_temps(Path(str(hint.get("folder", ""))), hint["export"], _names(hint))
    except OSError:
        return []


def sweep_leftovers(home: Path | None = None) -> int:
    """At start: remove the temp files of unfinished exports of every case no other process has open.
    The journal is told when the case is next opened. Returns how many files were removed."""
    from evidencekit.errors import EvidenceKitError
    from evidencekit.paths import cases_dir
    from evidencekit.store.case_lock import CaseFolderLock

    removed = 0
    for _path, hint in _hints(home):
        try:
            folder = cases_dir(home) / hint["case"]
        except OSError:  # a data dir that cannot be written: nothing to sweep for it either
            return removed
        lock = CaseFolderLock(folder / "case.lock")
        if folder.is_dir():
            try:
                lock.acquire()  # an export running in another process holds it: leave its files alone
            except (EvidenceKitError, OSError):
                continue
        try:
            removed += len(_sweep_hint(hint))
        finally:
            lock.release()
    return removed


def outcomes(events: Iterable[Any]) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """Started exports by id (their record's data), and the last outcome event of each."""
    started: dict[str, dict[str, Any]] = {}
    ended: dict[str, Any] = {}
    for event in events:
        export_id = event.data.get("export") if isinstance(event.data, dict) else None
        if event.action == STARTED and isinstance(export_id, str):
            started[export_id] = dict(event.data)
        elif event.action in OUTCOMES and isinstance(export_id, str):
            ended[export_id] = event
    return started, ended


def completed_exports(events: Iterable[Any]) -> list[dict[str, Any]]:
    """The `bundle.exported` records whose file was put in place (not later found missing)."""
    events = list(events)
    _started, ended = outcomes(events)
    return [dict(e.data) for e in events if e.action == EXPORTED
            and not (isinstance(e.data.get("export"), str) and ended[e.data["export"]].action == ABANDONED)]


def _published(hint: dict[str, Any], exported: Any) -> bool:
    path = Path(str(hint.get("folder", ""))) / str(hint.get("file_name", ""))
    try:
        with open(path, "rb") as handle:
            import hashlib

            return hashlib.file_digest(handle, "sha256").hexdigest() == str(exported.data.get("sha256"))
    except OSError:
        return False


def unfinished(store: Any, home: Path | None = None) -> bool:
    """Whether `recover_exports` has anything to do for this case (cheap: no file is opened but a listing)."""
    started, ended = outcomes(store.events_of(EXPORT_ACTIONS))
    return bool(set(started) - set(ended)) or bool(_hints(home, store.id))


def recover_exports(store: Any, home: Path | None = None) -> list[str]:
    """Finish what interrupted exports left: remove their temp files and record each one that never ended
    (or whose recorded file never appeared). Returns sentences for the person; needs a writable case."""
    if store.read_only:
        return []
    hints = {hint["export"]: (path, hint) for path, hint in _hints(home, store.id)}
    started, ended = outcomes(store.events_of(EXPORT_ACTIONS))
    notes: list[str] = []
    for export_id in sorted(set(started) | set(hints)):
        path, hint = hints.get(export_id, (None, {}))
        record = started.get(export_id, {})
        removed = _sweep_hint(hint) if hint else []
        if hint:
            removed += _remove_temps(Path(str(hint.get("folder", ""))), export_id, _names(record))
        outcome = ended.get(export_id)
        reason = None
        if export_id in started and outcome is None:
            reason = "the export was interrupted before it finished (the program stopped or the computer lost power)"
        elif outcome is not None and outcome.action == EXPORTED and hint and not _published(hint, outcome):
            reason = "the export was interrupted after it was recorded, before the file was put in place"
        if reason is not None:
            store.append_event(ABANDONED, {"export": export_id, "reason": reason, "removed": sorted(set(removed))},
                               actor=_system_actor())
            from evidencekit.i18n import gettext

            notes.append(gettext("An interrupted export of {file} was cleaned up: no unfinished file is left, and the "
                                 "custody journal records it.").format(file=record.get("file_name") or "a bundle"))
        if path is not None:
            path.unlink(missing_ok=True)
    return notes


def _system_actor() -> Any:
    from evidencekit.store.events import Actor

    return Actor(SYSTEM["role"], SYSTEM["name"])
