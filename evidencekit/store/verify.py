"""The full integrity check of a case folder: every file against what the custody journal recorded.

It re-reads everything from disk (not the in-memory copy) and names each bad file, so a support worker
or an examiner can say exactly what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from evidencekit.canonical import sha256_hex
from evidencekit.errors import IntegrityError
from evidencekit.fsio import TEMP_PREFIX
from evidencekit.store import age, layout
from evidencekit.store.anchor import Anchor
from evidencekit.store.events import Event
from evidencekit.store.journal import JournalRead, read_journal
from evidencekit.store.objects import read_checked_object
from evidencekit.store.state import CaseState


@dataclass(frozen=True)
class Problem:
    """One thing wrong, named by file (or the journal's picture) and a sentence."""

    path: str  # relative to the case folder (or the anchor file)
    message: str


@dataclass
class VerifyReport:
    """The result of a full check of a case folder: problems (evidence at risk) and warnings."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    objects_checked: int = 0
    events_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, object]:
        return {"ok": self.ok, "objects_checked": self.objects_checked, "events_checked": self.events_checked,
                "problems": [{"file": p.path, "message": p.message} for p in self.problems],
                "warnings": list(self.warnings)}


def verify_case(folder: Path, case_id: str, identity: age.Identity, events: list[Event],
                state: CaseState, anchor: Anchor | None) -> VerifyReport:
    report = VerifyReport()
    _check_recorded_files(folder, state, report)
    on_disk = _check_journal(folder, case_id, identity, events, anchor, report)
    if on_disk is not None:
        _check_objects(folder, identity, state, on_disk, report)
        _check_removed(folder, state, on_disk, report)
    _check_stray_files(folder, report)
    return report


def _check_recorded_files(folder: Path, state: CaseState, report: VerifyReport) -> None:
    for name, expected in sorted(state.recorded_files.items()):
        try:
            actual = sha256_hex((folder / name).read_bytes())
        except FileNotFoundError:
            report.problems.append(Problem(name, "missing"))
            continue
        if actual != expected:
            report.problems.append(Problem(name, "changed since it was written (its fingerprint differs "
                                                 "from the one in the custody journal)"))


def _check_journal(folder: Path, case_id: str, identity: age.Identity, events: list[Event],
                   anchor: Anchor | None, report: VerifyReport) -> JournalRead | None:
    try:
        on_disk = read_journal(folder / layout.JOURNAL, identity, case_id, layout.JOURNAL)
    except FileNotFoundError:
        report.problems.append(Problem(layout.JOURNAL, "missing"))
        return None
    except IntegrityError as exc:
        report.problems.append(Problem(layout.JOURNAL, exc.message))
        return None
    report.events_checked = len(on_disk.events)
    if on_disk.torn_length:
        report.problems.append(Problem(layout.JOURNAL, "has an unfinished save at its end"))
    disk_hashes = [e.hash for e in on_disk.events]
    if disk_hashes != [e.hash for e in events][: len(disk_hashes)] or len(disk_hashes) < len(events):
        report.problems.append(Problem(layout.JOURNAL, "differs from the journal read when the case was opened"))
    if anchor is None:
        report.warnings.append("This computer has no outside record of the journal's end to compare with.")
    elif anchor.seq > len(on_disk.events) or on_disk.events[anchor.seq - 1].hash != anchor.hash:
        report.problems.append(Problem(layout.JOURNAL, f"its end does not match this computer's record "
                                                       f"(record {anchor.seq}): records were cut off or replaced"))
    return on_disk


def _check_objects(folder: Path, identity: age.Identity, state: CaseState, on_disk: JournalRead,
                   report: VerifyReport) -> None:
    numbers = {exhibit.id: exhibit.reference for exhibit in state.exhibits}
    for object_id, info in state.objects.items():
        report.objects_checked += 1
        name = f"{layout.JOURNAL} (picture {numbers.get(object_id, object_id)}, recorded at record {info['seq']})"
        ref = on_disk.objects.get(object_id)
        if ref is None:
            report.problems.append(Problem(name, "missing from the journal file"))
            continue
        try:
            read_checked_object(folder / layout.JOURNAL, object_id, ref, info["sha256"], identity)
        except IntegrityError as exc:
            report.problems.append(Problem(name, exc.message))


def _check_removed(folder: Path, state: CaseState, on_disk: JournalRead, report: VerifyReport) -> None:
    """Every object removed for safeguarding is destroyed: its bytes in the journal file are all zeros."""
    from evidencekit.store.destroy import is_destroyed

    for entry in state.removed:
        for object_id in entry["objects"]:
            ref = on_disk.objects.get(object_id)
            if ref is not None and not is_destroyed(folder / layout.JOURNAL, ref):
                report.problems.append(Problem(
                    f"{layout.JOURNAL} ({entry['reference']}, removed for safeguarding at record {entry['seq']})",
                    "is still readable: open the case again so its removal is finished"))


def _check_stray_files(folder: Path, report: VerifyReport) -> None:
    expected = {layout.HEADER, layout.JOURNAL, layout.LOCK, layout.CHECKPOINT, layout.PASSPHRASE_KEY,
                layout.RECOVERY_KEY}
    for path in sorted(folder.rglob("*")):
        if path.is_dir():
            continue
        name = path.relative_to(folder).as_posix()
        if name in expected:
            continue
        if path.name.startswith(TEMP_PREFIX):
            report.warnings.append(f"{name}: a temporary file left by an interrupted save (removed next time "
                                   "the case opens)")
        else:
            report.problems.append(Problem(name, "is not part of this case"))
