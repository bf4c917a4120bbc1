"""Recorded English values shown in the reader's language: exhibit categories (the store keeps the key,
'payment demand'), custody roles ('support worker') and the clock a time came from. The window and the
bundle both use these, so the journal never holds a translated value. Also the checklist's step titles
(the journal records 'profile'; the window's steps and the bundle's custody page show the title)."""

from __future__ import annotations

from collections.abc import Callable

from evidencekit.i18n import N_, _, pgettext

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


ROLE_NAMES: dict[str, Callable[[], str]] = {
    "victim": lambda: pgettext("custody role", "victim"),
    "support worker": lambda: pgettext("custody role", "support worker"),
    "system": lambda: pgettext("custody role", "system"),
}


def role_name(role: str) -> str:
    """Who did something, as the custody journal records it ('support worker'), in the reader's language."""
    name = ROLE_NAMES.get(role)
    return name() if name is not None else role


def clock_name(source: str) -> str:
    """Where a recorded time came from (evidencekit.clock.CLOCK_SOURCE is the stored English value)."""
    from evidencekit.clock import CLOCK_SOURCE

    return _("this computer's clock") if source == CLOCK_SOURCE else source


STEP_TITLES: dict[str, str] = {  # English marked N_(), translated where shown (gui/texts.py uses these)
    "stop": N_("Stop and breathe"),
    "profile": N_("Their profile"),
    "conversation": N_("The conversation"),
    "details": N_("Details"),
    "report": N_("Report to the platform"),
    "deactivate": N_("Deactivate, don't delete"),
    "police": N_("Report to the police"),
    "support": N_("Support"),
}


def step_title(step: str) -> str:
    """A checklist step as its title reads in the reader's language ('profile' -> 'Their profile')."""
    title = STEP_TITLES.get(step)
    return _(title) if title is not None else step
