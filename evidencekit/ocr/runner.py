"""Read the pictures of a case into transcripts: the `ocr` command and the window's background job.

Reading a picture takes about a second of one core; storing its transcript is one small journal
append. A picture that cannot be decoded is recorded as a failed run and the others go on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from evidencekit.errors import UnreadableInput, UsageError
from evidencekit.i18n import _, current_language
from evidencekit.ocr.records import record_failure, save_transcript, transcript_records
from evidencekit.ocr.tessdata import case_languages

Progress = Callable[[int, int, str], None]  # done, total, the exhibit being read (EK-003)


@dataclass(frozen=True)
class OcrResult:
    reference: str
    exhibit_id: str
    lines: int
    words: int
    ok: bool
    transcript_object: str | None = None


def case_language(state: Any) -> str:
    """The language the case's guidance is shown in: the case's own choice, else the window's language."""
    chosen = state.profile.get("language") if isinstance(state.profile, dict) else None
    return str(chosen) if chosen else current_language()


def case_region(state: Any) -> str | None:
    country = state.profile.get("country") if isinstance(state.profile, dict) else None
    return str(country).upper() if country else None


def pending(state: Any, events: Sequence[Any], languages: Sequence[str]) -> list[Any]:
    """Exhibits with no transcript yet, or only one read in other languages."""
    records = transcript_records(events)
    wanted = tuple(languages)
    return [exhibit for exhibit in _pictures(state)
            if exhibit.id not in records or records[exhibit.id].languages != wanted
            or records[exhibit.id].source_sha256 != exhibit.sha256]


def chosen_exhibits(state: Any, refs: Sequence[str]) -> list[Any]:
    chosen = []
    for ref in refs:
        exhibit = state.exhibit(ref)
        if exhibit is None:
            raise UsageError(_("There is no exhibit {ref} in this case (use a reference like EK-003, a number or "
                               "an exhibit id); nothing was read.").format(ref=repr(ref)))
        if getattr(exhibit, "kind", "picture") != "picture":
            raise UsageError(_("{reference} is a chat record, not a picture: its text is already in the case; "
                               "nothing was read.").format(reference=exhibit.reference))
        if exhibit not in chosen:
            chosen.append(exhibit)
    return chosen


def _pictures(state: Any) -> list[Any]:
    """The exhibits that are pictures (chat archives and their transcripts are text already)."""
    return [exhibit for exhibit in state.exhibits if getattr(exhibit, "kind", "picture") == "picture"]


def read_exhibits(store: Any, exhibits: Sequence[Any], engine: Any, *, progress: Progress | None = None,
                  cancelled: Callable[[], bool] = lambda: False) -> list[OcrResult]:
    """OCR each exhibit and store its transcript; durable on return (one journal event per picture)."""
    results = []
    for index, exhibit in enumerate(exhibits):
        if cancelled():
            break
        if progress is not None:
            progress(index, len(exhibits), exhibit.reference)
        picture = store.read_object(exhibit.id)
        try:
            transcript = engine.read(picture, source={"object": exhibit.id, "sha256": exhibit.sha256})
        except UnreadableInput:
            record_failure(store, exhibit, "the picture could not be decoded", engine.engine)
            results.append(OcrResult(exhibit.reference, exhibit.id, 0, 0, ok=False))
            continue
        finally:
            del picture
        event = save_transcript(store, exhibit, transcript)
        results.append(OcrResult(exhibit.reference, exhibit.id, len(transcript.lines),
                                 sum(len(line.words) for line in transcript.lines), True, event.object_id))
    if progress is not None:
        progress(len(results), len(exhibits), "")
    return results


def ocr_case(store: Any, refs: Sequence[str] = (), *, language: str | None = None, progress: Progress | None = None,
             engine: Any = None) -> list[OcrResult]:
    """Read the named exhibits (all of them again), or else every picture not read yet."""
    state = store.state()
    languages = case_languages(language or case_language(state))
    exhibits = chosen_exhibits(state, refs) if refs else pending(state, store.events(), languages)
    if not exhibits:
        return []
    if engine is None:
        from evidencekit.ocr.engine import TesseractEngine

        engine = TesseractEngine(languages)
    return read_exhibits(store, exhibits, engine, progress=progress)
