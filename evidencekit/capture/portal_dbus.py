"""org.freedesktop.portal.Screenshot over the D-Bus session bus, with jeepney (pure Python, no Qt).

The portal answers a Screenshot call with a Request object path at once and the result later, as that
Request's Response signal. The signal is subscribed on the predicted path (`handle_token`) *before*
the call, so it cannot be missed, and the connection stays open until it arrives: closing it makes
the portal cancel the request. Errors become `PortalProblem` with a sentence a person can act on.
"""

from __future__ import annotations

import os
import secrets
from typing import Any, NamedTuple

from jeepney import DBusAddress, DBusErrorResponse, MatchRule, Properties, message_bus, new_method_call
from jeepney.io.blocking import DBusConnection, open_dbus_connection
from jeepney.wrappers import unwrap_msg

PORTAL = DBusAddress("/org/freedesktop/portal/desktop", bus_name="org.freedesktop.portal.Desktop",
                     interface="org.freedesktop.portal.Screenshot")
PERMISSION_STORE = DBusAddress("/org/freedesktop/impl/portal/PermissionStore",
                               bus_name="org.freedesktop.impl.portal.PermissionStore",
                               interface="org.freedesktop.impl.portal.PermissionStore")
APP_ID = "org.evidencekit.EvidenceKit"  # the desktop file's name; what a Flatpak or a registered app is called
PROBE_TIMEOUT_S = 10.0  # a portal started on demand (D-Bus activation) takes a moment the first time
RESPONSE_SUCCESS, RESPONSE_CANCELLED = 0, 1


class PortalProblem(Exception):
    """The portal cannot be used or did not deliver; `kind` says which, the message says it in words."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind  # "no-bus", "no-portal", "no-screenshot", "no-answer", "failed"
        self.detail = detail


class Response(NamedTuple):
    code: int  # 0 success, 1 cancelled by the person, 2 anything else (also: not allowed)
    uri: str | None


class PortalBus:
    """One connection to the session bus, kept for the backend's lifetime (one thread at a time)."""

    def __init__(self) -> None:
        try:
            self.connection: DBusConnection = open_dbus_connection("SESSION")
        except KeyError as exc:  # no $DBUS_SESSION_BUS_ADDRESS
            raise PortalProblem("no-bus", "DBUS_SESSION_BUS_ADDRESS is not set") from exc
        except (OSError, ValueError) as exc:
            raise PortalProblem("no-bus", str(exc) or type(exc).__name__) from exc
        except Exception as exc:  # jeepney's AuthenticationError and the like
            raise PortalProblem("no-bus", type(exc).__name__) from exc

    def close(self) -> None:
        self.connection.close()

    def _call(self, message: Any, timeout: float) -> Any:
        try:
            return unwrap_msg(self.connection.send_and_get_reply(message, timeout=timeout))
        except TimeoutError as exc:
            raise PortalProblem("no-answer", f"no reply in {timeout:g} s") from exc

    def screenshot_version(self) -> int:
        """The Screenshot interface's version; PortalProblem if there is no portal or no Screenshot."""
        try:
            (value,) = self._call(Properties(PORTAL).get("version"), PROBE_TIMEOUT_S)
        except DBusErrorResponse as exc:
            if exc.name in ("org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner",
                            "org.freedesktop.DBus.Error.Spawn.ChildExited", "org.freedesktop.DBus.Error.NoReply"):
                raise PortalProblem("no-portal", exc.name) from exc
            raise PortalProblem("no-screenshot", exc.name) from exc  # UnknownInterface, InvalidArgs, ...
        return int(value[1])

    def permission(self) -> str:
        """Whether this app may take screenshots without asking: "yes", "no", "unset" or "unknown".

        The permission store is a host service: a sandboxed app (Flatpak) may not ask it ("unknown").
        """
        app_ids = [os.environ["FLATPAK_ID"]] if os.environ.get("FLATPAK_ID") else ["", APP_ID]
        try:
            permissions, _data = self._call(new_method_call(PERMISSION_STORE, "Lookup", "ss",
                                                            ("screenshot", "screenshot")), PROBE_TIMEOUT_S)
        except DBusErrorResponse as exc:
            return "unset" if exc.name == "org.freedesktop.portal.Error.NotFound" else "unknown"
        except PortalProblem:
            return "unknown"
        values = [value for app in app_ids for value in permissions.get(app, [])]
        if "yes" in values:
            return "yes"
        return "no" if "no" in values else "unset"

    def screenshot(self, timeout: float) -> Response:
        """Ask for a non-interactive screenshot of the whole desktop; the portal's answer."""
        token = "evidencekit_" + secrets.token_hex(8)
        sender = (self.connection.unique_name or "").lstrip(":").replace(".", "_")
        path = f"/org/freedesktop/portal/desktop/request/{sender}/{token}"
        rule = MatchRule(type="signal", interface="org.freedesktop.portal.Request", member="Response", path=path)
        self._call(message_bus.AddMatch(rule), PROBE_TIMEOUT_S)
        with self.connection.filter(rule) as queue:
            call = new_method_call(PORTAL, "Screenshot", "sa{sv}",
                                   ("", {"handle_token": ("s", token), "interactive": ("b", False),
                                         "modal": ("b", True)}))
            try:
                (handle,) = self._call(call, PROBE_TIMEOUT_S)
            except DBusErrorResponse as exc:
                raise PortalProblem("failed", exc.name) from exc
            if handle != path:  # portals before 0.9 (2017) ignore handle_token
                raise PortalProblem("failed", f"the request path {handle} was not the one asked for")
            try:
                signal = self.connection.recv_until_filtered(queue, timeout=timeout)
            except TimeoutError as exc:
                raise PortalProblem("no-answer", f"no screenshot in {timeout:g} s") from exc
        code, results = signal.body
        uri = results.get("uri", ("s", None))[1]
        return Response(int(code), uri if isinstance(uri, str) else None)
