"""What the person is told about the desktop's screenshot service: why it cannot be used, what the
desktop may ask the first time, and why it refused. Each says what to do, and points to import."""

from __future__ import annotations

from evidencekit.i18n import N_, _

_IMPORT = N_("Until then, take screenshots with your desktop's own tool and add them to the case (“Add pictures you "
           "already took” in the window, or evidencekit import).")


def import_hint() -> str:
    return _(_IMPORT)


def problem_sentence(kind: str) -> str:
    """Why the portal cannot be used (`kind` from PortalProblem), with what to do."""
    if kind == "no-bus":
        why = _("On this Wayland desktop pictures of the screen are taken by the desktop's screenshot service "
                "(xdg-desktop-portal), but evidencekit cannot reach it: there is no D-Bus session here. Start "
                "evidencekit from the desktop itself.")
    elif kind == "no-portal":
        why = _("On this Wayland desktop pictures of the screen are taken by the desktop's screenshot service, "
                "xdg-desktop-portal, which is not installed or not running. Install xdg-desktop-portal and the "
                "one for your desktop (xdg-desktop-portal-gnome, -kde or -wlr).")
    elif kind == "no-screenshot":
        why = _("The desktop's screenshot service (xdg-desktop-portal) is running but cannot take screenshots on "
                "this desktop. Install the one for your desktop (xdg-desktop-portal-gnome, -kde or -wlr).")
    elif kind == "no-answer":
        why = _("The desktop's screenshot service (xdg-desktop-portal) did not answer in time; nothing was saved. "
                "Try again.")
    else:
        why = _("The desktop's screenshot service (xdg-desktop-portal) could not take the picture; nothing was "
                "saved. Try again.")
    return f"{why} {import_hint()}"


def refused_sentence(permission: str) -> str:
    """The portal answered, but gave no picture."""
    if permission == "no":
        why = _("Screenshots are not allowed for evidencekit on this desktop (the desktop was once told to deny "
                "them), so no picture was taken. Allow screenshots again in your desktop's privacy settings.")
    else:
        why = _("The desktop did not give evidencekit the picture (screenshots were not allowed, or the desktop's "
                "screenshot service failed); nothing was saved. If your desktop asked whether to allow "
                "screenshots, try again and choose Allow.")
    return f"{why} {import_hint()}"


def first_use_note(permission: str) -> str:
    """Said before the first picture while the desktop has not yet been told to allow screenshots, or ""."""
    if permission == "yes":
        return ""
    if permission == "no":
        return _("This desktop was told not to allow screenshots for evidencekit. Allow them again in your "
                 "desktop's privacy settings, or add pictures you already took.")
    return _("The first time, your desktop may ask “Allow … to take screenshots?”. Choose Allow: the picture "
             "stays on this computer, inside evidencekit. You can take that back later in your desktop's "
             "privacy settings.")
