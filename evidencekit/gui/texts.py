"""Every word of the shell that is not guidance: step names, the banner, buttons' explanations.

Guidance words (step texts, crisis lines, under-18 services) come from evidencekit.guidance through
gui/guidance_view.py; this module holds only the app's own short labels.
"""

from __future__ import annotations

APP_TITLE = "evidencekit"  # window titles never carry case details

STEP_TITLES: dict[str, str] = {
    "stop": "Stop and breathe",
    "profile": "Their profile",
    "conversation": "The conversation",
    "details": "Details",
    "report": "Report to the platform",
    "deactivate": "Deactivate, don't delete",
    "police": "Report to the police",
    "support": "Support",
}
STEP_ORDER = tuple(STEP_TITLES)
EXTRA_TITLES: dict[str, str] = {
    "review": "Review and hide parts",
    "export": "Make the police bundle",
}

BANNER = "Don't pay.   Don't reply.   Don't delete anything."
BANNER_DETAIL = "Paying does not make it stop. Keeping everything helps the police."
GET_HELP = "Get &help now"
QUICK_EXIT = "&Quick exit"

START_HEADING = "You are not in trouble."
START_INTRO = (
    "If someone is threatening to share sexual pictures or videos of you unless you pay, this app "
    "helps you keep safe copies of what they sent, step by step, and make one file for the police. "
    "You are the victim. This is not your fault."
)
START_PRIVACY = (
    "Everything stays on this computer, locked with a passphrase. Nothing is sent anywhere."
)
