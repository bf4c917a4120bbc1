"""Reads every new picture in the background after it is saved, and keeps the case's transcripts at hand.

- Never on the GUI thread, never before "saved": it starts from `state_changed`, which comes after a
  picture is durable, and reads on a thread of its own at the lowest CPU priority, so a capture or a
  save of the person's never waits for the CPU behind it.
- A transcript is stored from that thread (the store is thread-safe), only while no save of the
  person's is in flight, and without a `state_changed`: the pages have nothing to redraw for it, so a
  transcript costs the window nothing but the panel that shows it.
- Transcripts, the folded text the search uses and the identifiers found are made on that thread; the
  GUI thread only reads them.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
import time
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from evidencekit.errors import EvidenceKitError
from evidencekit.gui.session import CaseSession
from evidencekit.gui.workers import run_in_background
from evidencekit.i18n import _
from evidencekit.ocr.identifiers import Finding, find_in_transcript
from evidencekit.ocr.model import Transcript
from evidencekit.ocr.records import load_transcript, save_transcript, transcript_records
from evidencekit.ocr.runner import case_language, case_region, pending
from evidencekit.ocr.search import folded

log = logging.getLogger(__name__)
WAIT_S = 0.05  # while a save of the person's is in flight, the transcript waits this long and looks again
MAX_WAIT_S = 30.0


@dataclass(frozen=True)
class Entry:
    """One exhibit's transcript as the window holds it."""

    exhibit_id: str
    reference: str
    transcript: Transcript
    folded_lines: tuple[str, ...]
    stored: bool  # False while it waits for its turn to be written
    region: str | None  # the case's region the findings were checked for
    findings: tuple[Finding, ...]  # the identifiers found in it, found once (not again for every picture read)


class OcrService(QObject):
    changed = Signal()  # transcripts or findings changed

    def __init__(self, session: CaseSession) -> None:
        super().__init__(session)
        self.session = session
        self.entries: dict[str, Entry] = {}
        self.findings: list[Finding] = []
        self.unavailable = ""  # why OCR cannot run here (no language data ...), once known
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._engine: Any = None
        self._running = False
        self._again = False
        self._generation = 0  # bumped when the case locks: results of an older job are dropped
        session.state_changed.connect(lambda _state: self.schedule())
        session.locked.connect(self._forget)

    # ----- scheduling ---------------------------------------------------------------------------------

    def schedule(self) -> None:
        if self._running:
            self._again = True
            return
        store = self.session.store
        if store is None or not self.session.is_open or self.unavailable:
            return
        self._running = True
        generation = self._generation
        known = {exhibit_id: entry for exhibit_id, entry in self.entries.items() if entry.stored}
        run_in_background(lambda: self._job(store, known, generation), on_done=lambda r: self._done(generation, r),
                          on_error=lambda exc: self._failed(generation, exc), owner=self, pool=self._pool)

    def _job(self, store: Any, known: dict[str, Entry], generation: int) -> dict[str, Any]:
        """On the OCR thread: load stored transcripts not held yet, read one new picture, find identifiers."""
        _lowest_priority()
        _warm_up()
        state = store.view(_glance)
        events = store.events()
        records = transcript_records(events)
        region = case_region(state)
        entries = {exhibit_id: entry if entry.region == region else _entry_for(entry, region)
                   for exhibit_id, entry in known.items()}
        for exhibit in state.exhibits:
            record = records.get(exhibit.id)
            if exhibit.id in entries or record is None or record.source_sha256 != exhibit.sha256:
                continue
            entries[exhibit.id] = _entry(exhibit, load_transcript(store, record, exhibit), region, stored=True)
        from evidencekit.ocr.tessdata import case_languages

        languages = case_languages(case_language(state))
        todo = [e for e in pending(state, events, languages) if e.id not in entries or not entries[e.id].stored]
        if todo and generation == self._generation:  # not after the case locked
            exhibit = todo[0]
            engine = self._engine_for(languages)
            transcript = engine.read(store.read_object(exhibit.id),
                                     source={"object": exhibit.id, "sha256": exhibit.sha256})
            self._wait_for_saves()
            if generation != self._generation:
                raise EvidenceKitError(_("The case was locked while a picture was read; nothing was stored."))
            save_transcript(store, exhibit, transcript)
            entries[exhibit.id] = _entry(exhibit, transcript, region, stored=True)
        findings = [finding for entry in entries.values() for finding in entry.findings]
        order = {exhibit.id: exhibit.number for exhibit in state.exhibits}
        findings.sort(key=lambda f: (f.exhibit or "", f.box[1] if f.box else 0, f.box[0] if f.box else 0))
        return {"entries": dict(sorted(entries.items(), key=lambda item: order.get(item[0], 0))),
                "findings": findings, "more": len(todo) > 1}

    def _wait_for_saves(self) -> None:
        """On the OCR thread: a save the person asked for (capture, edit) goes first."""
        waited = 0.0
        while self.session.busy and waited < MAX_WAIT_S:
            time.sleep(WAIT_S)
            waited += WAIT_S

    def _engine_for(self, languages: tuple[str, ...]) -> Any:
        from evidencekit.ocr.engine import TesseractEngine

        if self._engine is None or self._engine.languages != languages:
            if self._engine is not None:
                self._engine.close()
            self._engine = TesseractEngine(languages)
        return self._engine

    def _done(self, generation: int, result: dict[str, Any]) -> None:
        self._running = False
        if generation != self._generation:
            return
        self.entries = result["entries"]
        self.findings = result["findings"]
        self.changed.emit()
        if self._again or result["more"]:
            self._again = False
            self.schedule()

    def _failed(self, generation: int, exc: BaseException) -> None:
        self._running = False
        if generation != self._generation:
            return
        from evidencekit.ocr.tessdata import OcrUnavailable

        if isinstance(exc, OcrUnavailable):
            self.unavailable = exc.message
            self.changed.emit()
        elif not isinstance(exc, EvidenceKitError):
            log.error("reading a picture failed: %s", type(exc).__name__, exc_info=exc)  # i18n: not shown

    def _forget(self) -> None:
        """The case locked: drop every transcript and finding from memory."""
        self._generation += 1
        self.entries = {}
        self.findings = []
        self._again = False
        self.changed.emit()

    # ----- what pages read ----------------------------------------------------------------------------

    def transcript(self, exhibit_id: str) -> Transcript | None:
        entry = self.entries.get(exhibit_id)
        return entry.transcript if entry else None

    def search(self, query: str, limit: int = 200) -> list[tuple[str, str, str]]:
        """(exhibit id, reference, line) for lines holding every word of `query` (case and accents ignored)."""
        words = folded(query).split()
        hits: list[tuple[str, str, str]] = []
        if not words:
            return hits
        for entry in self.entries.values():
            for index, line in enumerate(entry.folded_lines):
                if all(word in line for word in words):
                    hits.append((entry.exhibit_id, entry.reference, entry.transcript.lines[index].text))
                    if len(hits) >= limit:
                        return hits
        return hits


@dataclass(frozen=True, slots=True)
class _Picture:
    """What a job needs of an exhibit: not a copy of the whole record (its fields, what was recorded)."""

    id: str
    sha256: str
    number: int
    kind: str

    @property
    def reference(self) -> str:
        return f"EK-{self.number:03d}"


@dataclass(frozen=True)
class _Glance:
    """What a job reads of the case's state (`case_language`, `case_region` and `pending` take it)."""

    exhibits: list[_Picture]
    profile: dict[str, Any]


def _glance(state: Any) -> _Glance:
    """Under the store's lock, on the OCR thread: the exhibits' ids, hashes, numbers and kinds, and the case's
    language and country. A whole `store.state()` copy (~68,000 small objects at 1,000 exhibits, ~15 ms with
    the store's lock held, so a save or the window waited behind it) was made for every picture read."""
    profile = state.profile if isinstance(state.profile, dict) else {}
    return _Glance([_Picture(e.id, e.sha256, e.number, getattr(e, "kind", "picture")) for e in state.exhibits],
                   {name: profile[name] for name in ("language", "country") if name in profile})


def _entry(exhibit: Any, transcript: Transcript, region: str | None, *, stored: bool) -> Entry:
    """An exhibit's transcript as the window holds it, with its identifiers found once, for `region`: each job
    reads one picture, and finding the identifiers of every transcript again each time made reading a case of
    n pictures cost n² checks (at 1,000 chat screenshots, most of the OCR thread's time, holding Python's lock
    beside the GUI thread)."""
    return Entry(exhibit.id, exhibit.reference, transcript, tuple(folded(line.text) for line in transcript.lines),
                 stored, region, tuple(find_in_transcript(transcript, exhibit.reference, region)))


def _entry_for(entry: Entry, region: str | None) -> Entry:
    """`entry` with its identifiers checked again for the case's new region (a phone number's country)."""
    return replace(entry, region=region,
                   findings=tuple(find_in_transcript(entry.transcript, entry.reference, region)))


_WARM_TEXT = ("ETH 0x258b5A07878923166418d0B98805A615E890A9d2 call +44 7911 123456 IBAN GB82 WEST 1234 5698 "
              "7654 32 bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")  # i18n: not shown
_warmed = threading.Event()


def _warm_up() -> None:
    """Once, on the OCR thread, as soon as a case opens: load the checkers' modules and data (keccak,
    libphonenumber metadata, the IBAN registry) and the OCR engine's modules (tesserocr loads libtesseract
    holding Python's lock), so none of it loads later, during the first capture, while the person works.
    Then `gc.freeze()`: what was just loaded lives as long as the process, and no full GC pass (which holds
    the lock for as long as it scans, on whichever thread) scans it again."""
    if _warmed.is_set():
        return
    from evidencekit.ocr import engine
    from evidencekit.ocr.identifiers import find_identifiers
    from evidencekit.ocr.tessdata import OcrUnavailable

    find_identifiers(_WARM_TEXT, "GB")
    try:
        engine._tesserocr()
    except OcrUnavailable:
        pass  # said when a picture is to be read
    gc.freeze()
    _warmed.set()


def _lowest_priority() -> None:
    """This thread only (Linux nice values are per thread): OCR yields the CPU to everything else."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    except (AttributeError, OSError):
        pass


def ocr_service(session: CaseSession) -> OcrService:
    """The session's one OCR service (made on first use)."""
    service = getattr(session, "_ocr_service", None)
    if service is None:
        service = OcrService(session)
        session._ocr_service = service  # type: ignore[attr-defined]
        QTimer.singleShot(0, service.schedule)
    return service
