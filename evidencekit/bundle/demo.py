"""`evidencekit demo OUT.pdf`: a finished bundle for an invented case, so anyone can see what the police get.

The case is built as a real custody journal (the store's own Event and replay) held in memory; nothing is
written but the PDF. Every name, number and address is invented (see demo_screens).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from evidencekit import __version__
from evidencekit.bundle.builder import build_bundle
from evidencekit.bundle.demo_screens import ChatScreen, render_chat_png, render_phone_jpeg, render_profile_png
from evidencekit.bundle.model import BundleOptions, BundleResult, IsCancelled, Progress, never_cancelled, no_progress
from evidencekit.bundle.signing import SigningIdentity
from evidencekit.clock import CLOCK_SOURCE, stamp
from evidencekit.details import validate_details
from evidencekit.store.events import GENESIS_PREV, Event
from evidencekit.store.state import replay

CASE_ID = "demo0000000000000000000000000000"
START = datetime(2026, 3, 3, 20, 40, 0, tzinfo=UTC)
HANDLE = "@lena_x_sweet"
PROFILE_URL = "https://chat.example/u/lena_x_sweet"

DETAILS: dict[str, Any] = {
    "summary": ("I met 'Lena' on Chatterly on 1 March. We chatted for two days and she asked me to go on a "
                "video call. During the call she persuaded me to undress. Straight after, she sent me a "
                "recording of the call and a list of my friends, and said she would send it to all of them "
                "unless I paid £500 in gift cards by 10 pm the next day.\n\nI have not paid. I stopped "
                "replying and I have not deleted anything."),
    "contact_start": "2026-03-01T19:30",
    "suspect_accounts": [{"platform": "Chatterly", "display_name": "Lena", "username": HANDLE,
                          "profile_url": PROFILE_URL, "account_id": "000123456789",
                          "phone": "+44 7700 900123", "email": "lena.x.sweet@mail.example"}],
    "demands": [{"amount": "500", "currency": "GBP", "method": "Gift cards", "deadline": "10 pm on 4 March",
                 "payment_handle": "send codes to lena.x.sweet@mail.example"},
                {"amount": "0.01", "currency": "BTC", "method": "Bitcoin",
                 "wallet": "bc1qexample0000demo0000wallet0000", "notes": "offered as an alternative"}],
    "paid": {"status": "no"},
    "reports": {"platform_reports": [{"platform": "Chatterly", "report_id": "CH-DEMO-4471", "date": "2026-03-03"}],
                "police": {"force": "Example Constabulary", "crime_reference": "EX/0000/DEMO/26"}},
    "victim_accounts": [{"platform": "Chatterly", "username": "@sam_demo_account"}],
    "victim_contact": {"name": "Sam Example", "phone": "+44 7700 900456", "email": "sam@mail.example",
                       "preferred_contact": "text message first"},
    "prepared_by": {"name": "Sam Example", "role": "victim"},
}

SCREENS = (
    ChatScreen("Lena", HANDLE, "https://chat.example/messages/lena_x_sweet", (
        ("them", "Hi! I saw you in the football group, you seem nice", "Sun 19:31"),
        ("me", "Hey, thanks! How do you know the group?", "Sun 19:40"),
        ("them", "A friend added me. Do you want to video chat later? 😊", "Sun 19:42"),
        ("me", "Maybe tomorrow", "Sun 19:50"),
    ), day="Sunday 1 March"),
    ChatScreen("Lena", HANDLE, "https://chat.example/messages/lena_x_sweet", (
        ("them", "I recorded our video call. Look at this.", "Tue 21:02"),
        ("them", "[video: recording of the call]", "Tue 21:02"),
        ("them", "I have the list of all your friends and your family. If you don't pay I send it to "
                 "every one of them.", "Tue 21:03"),
        ("me", "Please don't do this", "Tue 21:05"),
    ), day="Tuesday 3 March"),
    ChatScreen("Lena", HANDLE, "https://chat.example/messages/lena_x_sweet", (
        ("them", "Pay £500 in gift cards. Send the codes to lena.x.sweet@mail.example", "Tue 21:07"),
        ("them", "Or 0.01 BTC to bc1qexample0000demo0000wallet0000", "Tue 21:07"),
        ("them", "You have until 10 pm tomorrow. Don't ignore me.", "Tue 21:08"),
    ), day="Tuesday 3 March"),
)


class _Journal:
    """Builds chained events exactly as the store would, at invented but plausible times."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.moment = START

    def add(self, action: str, data: dict[str, Any], *, object_id: str | None = None,
            outputs: list[dict[str, Any]] | None = None, minutes: int = 1) -> Event:
        self.moment += timedelta(minutes=minutes, seconds=7)
        event = Event(seq=len(self.events) + 1, case_id=CASE_ID, time=stamp(self.moment).as_dict(),
                      actor={"role": "victim", "name": ""}, action=action, object_id=object_id, inputs=[],
                      outputs=outputs or [], data=data, app=f"evidencekit {__version__}",
                      prev=self.events[-1].hash if self.events else GENESIS_PREV).with_hash()
        self.events.append(event)
        return event


def _capture_record(moment: datetime, width: int, height: int) -> dict[str, Any]:
    return {"time": stamp(moment).as_dict(), "clock_source": CLOCK_SOURCE, "method": "demo (made-up picture)",
            "backend": "demo", "request": {"area": "monitor", "monitor": 1, "region": None, "delay_ms": 3000},
            "monitor": {"number": 1, "left": 0, "top": 0, "width": width, "height": height, "primary": True},
            "monitors": [{"number": 1}], "geometry": {"left": 0, "top": 0, "width": width, "height": height},
            "scale": "1", "pixels": {"width": width, "height": height},
            "foreground_window": {"title": "Chatterly — Messages"}, "software": {"evidencekit": __version__},
            "os": {"system": "Demo", "release": "", "session": ""}}


def demo_case() -> tuple[Any, dict[str, bytes], list[Event]]:
    """The invented case: (state, objects by id, journal events)."""
    journal = _Journal()
    objects: dict[str, bytes] = {}
    journal.add("case.created", {"title": "MADE-UP SAMPLE, not evidence: Chatterly blackmail",  # on every page
                                 "shared_computer": False})

    def add_picture(data: bytes, action: str, record_key: str, record: dict[str, Any], media_type: str,
                    fields: dict[str, str]) -> Event:
        object_id = hashlib.sha256(b"demo" + data).hexdigest()[:32]
        objects[object_id] = data
        outputs = [{"sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "media_type": media_type}]
        return journal.add(action, {record_key: record, "fields": fields}, object_id=object_id, outputs=outputs)

    profile = render_profile_png(name="Lena", handle=HANDLE, account_id="000123456789", url=PROFILE_URL,
                                 bio="Just moved here, love football and music. Say hi!")
    add_picture(profile, "exhibit.captured", "capture", _capture_record(journal.moment, 1920, 1080), "image/png",
                {"label": "Their profile page", "category": "profile", "platform": "Chatterly",
                 "url": PROFILE_URL, "message_time": "", "notes": "Account ID shown under the name."})
    labels = (("First messages", "conversation", "Sun 19:31"), ("Threat with the recording", "threat", "Tue 21:02"),
              ("Payment demand", "payment demand", "Tue 21:07"))
    threat = None
    for index, (screen, (label, category, shown)) in enumerate(zip(SCREENS, labels, strict=True)):
        event = add_picture(render_chat_png(screen, seed=index), "exhibit.captured", "capture",
                            _capture_record(journal.moment, 1920, 1080), "image/png",
                            {"label": label, "category": category, "platform": "Chatterly",
                             "url": screen.url, "message_time": shown, "notes": ""})
        if category == "threat":
            threat = event
    phone = render_phone_jpeg(SCREENS[2], seed=9)
    add_picture(phone, "exhibit.imported", "import", {
        "file_name": "Screenshot_20260303-210912.jpg", "file_modified": stamp(START).as_dict(),
        "file_size": len(phone), "format": "JPEG", "pixels": {"width": 1080, "height": 2340},
        "exif_time": None, "exif": {}}, "image/jpeg",
        {"label": "Same demand, screenshot from my phone", "category": "payment demand", "platform": "Chatterly",
         "url": "", "message_time": "Tue 21:07", "notes": "Taken on my phone before I had evidencekit."})
    assert threat is not None and threat.object_id
    journal.add("exhibit.redaction_set", {"boxes": [[420, 290, 560, 70]], "include_original": False},
                object_id=threat.object_id, minutes=3)
    journal.add("details.set", {"details": validate_details(DETAILS)}, minutes=6)
    for step in ("stop", "profile", "conversation", "details"):
        journal.add("step.set", {"step": step, "done": True})
    state = replay(CASE_ID, journal.events)
    return state, objects, journal.events


def make_demo_bundle(out_path: Path, *, identity: SigningIdentity | None = None, progress: Progress = no_progress,
                     cancelled: IsCancelled = never_cancelled) -> BundleResult:
    state, objects, events = demo_case()
    return build_bundle(state, objects.__getitem__, events, out_path, BundleOptions(), progress=progress,
                        cancelled=cancelled, identity=identity, clock=lambda: START + timedelta(hours=1))
