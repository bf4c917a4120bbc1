"""Transcripts in the case: stored encrypted, recorded in the custody journal, checked by `case verify`."""

from __future__ import annotations

import pytest

from evidencekit.errors import IntegrityError
from evidencekit.ocr.case_text import case_findings, case_transcripts, forget_cached
from evidencekit.ocr.model import MEDIA_TYPE
from evidencekit.ocr.records import transcript_records
from evidencekit.ocr.runner import ocr_case, pending
from evidencekit.store import CaseStore
from tests.support.ocr_chats import GOOD_ETH

pytestmark = pytest.mark.slow


def test_every_ocr_run_is_a_journal_record_naming_picture_engine_and_data(chat_case: CaseStore, engine) -> None:
    results = ocr_case(chat_case, engine=engine)
    assert [r.reference for r in results] == ["EK-001", "EK-002"] and all(r.ok and r.lines for r in results)
    events = [e for e in chat_case.events() if e.action == "object.added"]
    assert len(events) == 2
    state = chat_case.state()
    for event, exhibit in zip(events, state.exhibits, strict=True):
        assert event.outputs[0]["media_type"] == MEDIA_TYPE
        derived = event.data["derived"]
        assert derived == {"kind": "ocr.transcript", "from": {"object": exhibit.id, "sha256": exhibit.sha256,
                                                               "reference": exhibit.reference}}
        assert event.data["note"] == "read by OCR, may contain mistakes"
        assert event.data["engine"]["name"] == "tesseract" and event.data["languages"] == ["eng"]
        assert event.data["language_data"][0]["sha256"] and event.data["settings"]
        assert event.time["utc"]
        assert "GB82" not in repr(event.data)  # the record names the run; the words are only in the object
    # reading again finds nothing new; naming an exhibit reads it again, as a new record
    assert ocr_case(chat_case, engine=engine) == []
    assert [r.reference for r in ocr_case(chat_case, ["EK-002"], engine=engine)] == ["EK-002"]
    assert len([e for e in chat_case.events() if e.action == "object.added"]) == 3
    assert pending(chat_case.state(), chat_case.events(), ("spa", "eng"))  # another language: read again


def test_case_verify_checks_transcripts_like_every_other_record(chat_case: CaseStore, engine) -> None:
    ocr_case(chat_case, engine=engine)
    report = chat_case.verify()
    assert report.ok and report.objects_checked == 4  # two pictures and their two transcripts
    record = next(iter(transcript_records(chat_case.events()).values()))
    journal = chat_case.path / "journal.ekj"
    data = bytearray(journal.read_bytes())
    offset = chat_case._objects_at[record.object_id].offset + 200  # inside the transcript's encrypted bytes
    data[offset] ^= 0x01
    journal.write_bytes(bytes(data))
    broken = chat_case.verify()
    assert not broken.ok
    assert any(record.object_id in problem.path for problem in broken.problems)
    forget_cached()
    with pytest.raises(IntegrityError):
        case_transcripts(chat_case)


def test_a_case_is_searched_for_identifiers_in_pictures_and_typed_text(chat_case: CaseStore, engine) -> None:
    ocr_case(chat_case, engine=engine)
    chat_case.append_event("exhibit.edited", {"changes": {"notes": "he also sent IBAN DE89 3704 0044 0532 0130 00"}},
                           object_id=chat_case.state().exhibits[0].id)
    findings = case_findings(chat_case)
    eth = [f for f in findings if f.normalised == GOOD_ETH]
    assert eth and eth[0].exhibit == "EK-001" and eth[0].source == "ocr" and eth[0].box
    typed = [f for f in findings if f.normalised == "DE89370400440532013000"]
    assert typed and typed[0].source == "text" and typed[0].valid is True and typed[0].box is None
