"""Every word of the shell that is not guidance: step names, the banner, buttons' explanations.

The constants are English, marked with N_() for the catalogue; they are translated where they are shown
(`_(texts.BANNER)`), so a language chosen after import still applies.

Guidance words (step texts, crisis lines, under-18 services) come from evidencekit.guidance through
gui/guidance_view.py; this module holds only the app's own short labels.
"""

from __future__ import annotations

from evidencekit.categories import STEP_TITLES as STEP_TITLES  # the bundle's custody page shows them too
from evidencekit.categories import category_name as category_name  # the window shows the same names
from evidencekit.i18n import N_

APP_TITLE = "evidencekit"  # window titles never carry case details

STEP_ORDER = tuple(STEP_TITLES)
EXTRA_TITLES: dict[str, str] = {
    "review": N_("Review and hide parts"),
    "export": N_("Make the police bundle"),
}

# The always-visible banner: the one place its words live (issue 14 words the under-18 version).
BANNER_REMINDERS = (N_("Don't pay"), N_("Don't reply"), N_("Don't send more"),
                    N_("Don't delete — deactivate instead"), N_("Tell the police"))
BANNER_REMINDERS_UNDER_18 = (N_("Don't pay"), N_("Don't reply"), N_("Don't send anything"),
                             N_("Keep the chat and your account — but never keep nude pictures"),
                             N_("Tell an adult you trust, or the police"))
BANNER_DETAIL = N_("Paying does not make it stop. Keeping the chat and the account helps the police.")
GET_HELP = N_("Get &help now")
QUICK_EXIT = N_("&Quick exit ({key})")  # {key}: F12
NEUTRAL_TITLE = N_("Documents")  # the neutral look on a shared computer (window, task bar, desktop entry)

START_HEADING = N_("You are not in trouble.")
START_INTRO = (
    N_("If someone is threatening to share sexual pictures or videos of you unless you pay, this app "
    "helps you keep safe copies of what they sent, step by step, and make one file for the police. "
    "You are the victim. This is not your fault.")
)
START_PRIVACY = (
    N_("Everything stays on this computer, locked with a passphrase. Nothing is sent anywhere.")
)
