"""The person's own notes on an exhibit: label, category, platform, URL and message time as shown, notes.

They are checked here once for the GUI and the CLI alike; edits go to the journal as events, so the
original picture and its capture record never change.
"""

from __future__ import annotations

from collections.abc import Mapping

from evidencekit.errors import UsageError
from evidencekit.text_safety import check_text

MAX_LENGTH = {"label": 300, "category": 40, "platform": 100, "url": 2000, "message_time": 100, "notes": 20000}
_FIELD_WORDS = {"label": "label", "category": "category", "platform": "platform", "url": "URL",
                "message_time": "message time", "notes": "notes"}


def normalise_category(value: str) -> str:
    """'Payment-Demand' and 'payment_demand' mean 'payment demand'; unknown categories are refused."""
    from evidencekit.store import CATEGORIES  # the store loads only once fields are checked (fast capture start)

    text = " ".join(value.strip().lower().replace("-", " ").replace("_", " ").split())
    if text and text not in CATEGORIES:
        raise UsageError(f"{value!r} is not a category; use one of: {', '.join(CATEGORIES)}.")
    return text


def check_fields(fields: Mapping[str, str | None] | None) -> dict[str, str]:
    """The given fields, trimmed and checked; unset (None) fields are left out."""
    from evidencekit.store import EXHIBIT_FIELDS

    checked: dict[str, str] = {}
    for name, value in (fields or {}).items():
        if value is None:
            continue
        if name not in EXHIBIT_FIELDS:
            raise UsageError(f"{name!r} is not an exhibit field; use one of: {', '.join(EXHIBIT_FIELDS)}.")
        if not isinstance(value, str):
            raise UsageError(f"The {_FIELD_WORDS[name]} must be text.")
        text = value.strip() if name != "notes" else value.rstrip()
        check_text(text, f"The {_FIELD_WORDS[name]}", multiline=name == "notes", limit=MAX_LENGTH[name])
        checked[name] = normalise_category(text) if name == "category" else text
    return checked
