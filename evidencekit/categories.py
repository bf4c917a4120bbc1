"""The exhibit categories as people read them: the store keeps the English key ('payment demand'); the
window and the bundle show the name in the reader's language (`category_name`)."""

from __future__ import annotations

from collections.abc import Callable

from evidencekit.i18n import pgettext

CATEGORY_NAMES: dict[str, Callable[[], str]] = {
    "profile": lambda: pgettext("exhibit category", "Profile"),
    "conversation": lambda: pgettext("exhibit category", "Conversation"),
    "payment demand": lambda: pgettext("exhibit category", "Payment demand"),  # i18n: not shown (the key)
    "threat": lambda: pgettext("exhibit category", "Threat"),
    "other": lambda: pgettext("exhibit category", "Other"),
    "chat archive": lambda: pgettext("exhibit category", "Chat archive"),
    "chat transcript": lambda: pgettext("exhibit category", "Chat transcript"),
}


def category_name(key: str) -> str:
    """An exhibit category in the reader's language ('payment demand' -> 'Payment demand'); others as given."""
    name = CATEGORY_NAMES.get(key)
    return name() if name is not None else key
