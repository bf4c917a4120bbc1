"""One Wayland test desktop per test module (starting one takes seconds), or a skip with the reason.

Where the desktop cannot start (packages missing, no user namespaces for sway as root) the tests that
need it skip and say why; under CI (CI=true), where dev.sh installs every part, that is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

import pytest

from tests.support.wayland_session import Output, WaylandSession, WaylandUnavailable, start_wayland_session

TWO_OUTPUTS = (Output(1920, 1080), Output(1280, 1024, 1920, 0))


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def wayland_desktop(outputs: Sequence[Output] = TWO_OUTPUTS) -> Iterator[WaylandSession]:
    """The body of a module-scoped fixture: yields a running desktop, stops it after the module."""
    try:
        session = start_wayland_session(outputs)
    except WaylandUnavailable as exc:
        if _in_ci():
            pytest.fail(f"CI must run the Wayland tests, but: {exc}", pytrace=False)
        pytest.skip(f"no Wayland test desktop here: {exc}")
    try:
        yield session
    finally:
        session.stop()
