"""Fixtures for the bundle tests: one signing identity per session, small invented cases, built bundles.

Cases are real custody journals (the store's Event and replay) held in memory, with chat-like pictures
drawn by evidencekit.bundle.demo_screens; no real person's data.
"""

from __future__ import annotations

import hashlib
import shutil
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from evidencekit.bundle.builder import build_bundle
from evidencekit.bundle.demo import make_demo_bundle
from evidencekit.bundle.demo_screens import render_chat_png, synthetic_conversation
from evidencekit.bundle.model import BundleOptions, BundleResult
from evidencekit.bundle.signing import IDENTITY_FILE, SigningIdentity, load_or_create_identity
from evidencekit.clock import CLOCK_SOURCE, stamp
from evidencekit.store.events import GENESIS_PREV, Event
from evidencekit.store.state import CaseState, replay

CASE_ID = "testcase00000000000000000000000a"
START = datetime(2026, 3, 3, 20, 0, 0, tzinfo=UTC)
SUSPECT_USERNAME = "@qz_suspect_handle_77"
SUSPECT_ID = "ACCT-5550001234"
WALLET = "bc1qtestwallet9999zzzz"
VICTIM_PHONE = "+44 7700 900999"
DETAILS = {
    "summary": "She threatened to send the recording to my friends.",
    "contact_start": "2026-03-01T19:30",
    "suspect_accounts": [{"platform": "Chatterly", "username": SUSPECT_USERNAME, "account_id": SUSPECT_ID,
                          "profile_url": "https://chat.example/u/qz_suspect_handle_77"}],
    "demands": [{"amount": "750", "currency": "GBP", "method": "Bitcoin", "wallet": WALLET}],
    "paid": {"status": "no"},
    "reports": {"police": {"crime_reference": "TEST/CRIME/0042"}},
    "victim_contact": {"name": "Test Victim", "phone": VICTIM_PHONE},
    "prepared_by": {"name": "Pat Preparer", "role": "support worker", "organisation": "Test Trust"},
}


def png_with_text_chunk(png: bytes, text: bytes) -> bytes:
    """Insert a tEXt chunk after IHDR (a canary that only a byte-exact copy of the file carries)."""
    payload = b"Comment\x00" + text
    chunk = struct.pack(">I", len(payload)) + b"tEXt" + payload + struct.pack(">I", zlib.crc32(b"tEXt" + payload))
    return png[:33] + chunk + png[33:]


@dataclass
class SampleCase:
    """An invented case: its state, objects by id and journal events, and a read_object that counts reads."""

    state: CaseState
    objects: dict[str, bytes]
    events: list[Event]
    reads: list[str] = field(default_factory=list)

    def read_object(self, object_id: str) -> bytes:
        self.reads.append(object_id)
        return self.objects[object_id]


class _Journal:
    def __init__(self) -> None:
        self.events: list[Event] = []
        self.moment = START

    def add(self, action: str, data: dict[str, Any], object_id: str | None = None,
            outputs: list[dict[str, Any]] | None = None) -> Event:
        self.moment += timedelta(seconds=61)
        event = Event(seq=len(self.events) + 1, case_id=CASE_ID, time=stamp(self.moment).as_dict(),
                      actor={"role": "support worker", "name": "Pat Preparer"}, action=action,
                      object_id=object_id, inputs=[], outputs=outputs or [], data=data, app="evidencekit test",
                      prev=self.events[-1].hash if self.events else GENESIS_PREV).with_hash()
        self.events.append(event)
        return event


def make_case(pictures: list[bytes] | None = None, *, count: int = 3, details: dict[str, Any] | None = None,
              redact: dict[int, list[list[int]]] | None = None, include_original: bool = False,
              width: int = 1280, height: int = 720, media_type: str = "image/png") -> SampleCase:
    """A case with `pictures` (or `count` synthetic chat captures), details and optional redactions."""
    journal = _Journal()
    journal.add("case.created", {"title": "Test case for the bundle", "shared_computer": False})
    if pictures is None:
        pictures = [render_chat_png(synthetic_conversation(index), width=width, height=height, seed=index)
                    for index in range(count)]
    objects: dict[str, bytes] = {}
    for index, data in enumerate(pictures):
        object_id = f"{index:04d}" + hashlib.sha256(data).hexdigest()[:28]
        objects[object_id] = data
        capture = {"time": stamp(journal.moment).as_dict(), "clock_source": CLOCK_SOURCE, "method": "test",
                   "pixels": {"width": width, "height": height}}
        fields = {"label": f"screen {index + 1}", "category": "conversation", "platform": "Chatterly",
                  "url": f"https://chat.example/m/{index}", "message_time": f"21:{index:02d}", "notes": ""}
        journal.add("exhibit.captured", {"capture": capture, "fields": fields}, object_id,
                    [{"sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "media_type": media_type}])
    ids = list(objects)
    for index, boxes in (redact or {}).items():
        journal.add("exhibit.redaction_set", {"boxes": boxes, "include_original": include_original}, ids[index])
    journal.add("details.set", {"details": details if details is not None else DETAILS})
    return SampleCase(replay(CASE_ID, journal.events), objects, journal.events)


@pytest.fixture(scope="session")
def signing_identity(tmp_path_factory: pytest.TempPathFactory) -> SigningIdentity:
    """One RSA identity for the whole run (making one takes about a second)."""
    return load_or_create_identity(tmp_path_factory.mktemp("signing"))


@pytest.fixture
def installed_identity(home: Path, signing_identity: SigningIdentity) -> SigningIdentity:
    """The session identity copied into this test's settings dir, so CLI subprocesses reuse it."""
    settings = home / "settings"
    settings.mkdir(mode=0o700, exist_ok=True)
    shutil.copy2(signing_identity.path, settings / IDENTITY_FILE)
    return signing_identity


BuildBundle = Callable[..., BundleResult]


@pytest.fixture
def build(tmp_path: Path, signing_identity: SigningIdentity) -> BuildBundle:
    """build(case, name="b.pdf", **options) -> BundleResult, signed with the session identity."""

    def run(case: SampleCase, name: str = "bundle.pdf", **options: Any) -> BundleResult:
        return build_bundle(case.state, case.read_object, case.events, tmp_path / name, BundleOptions(**options),
                            identity=signing_identity)

    return run


@pytest.fixture(scope="session")
def demo_bundle(tmp_path_factory: pytest.TempPathFactory, signing_identity: SigningIdentity) -> BundleResult:
    """The `evidencekit demo` bundle, built once: five exhibits, one redacted, one imported JPEG."""
    return make_demo_bundle(tmp_path_factory.mktemp("demo") / "demo.pdf", identity=signing_identity)
