"""The portal's plaintext file: read into memory and removed, or refused (link, other owner, other names,
not a file) without reading it. Real files in the test's own folder; the portal itself is in
test_portal_capture.py."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import pytest

from evidencekit.capture.backends import backend_order
from evidencekit.capture.portal_file import _folder, take_portal_file
from evidencekit.errors import CaptureUnavailable

DATA = b"\x89PNG\r\n\x1a\n pretend screenshot"


def uri(path: Path) -> str:
    return path.as_uri()


def test_the_file_is_read_whole_and_removed(tmp_path: Path):
    path = tmp_path / "Screenshot from 2026-12-03 10-11-12.png"
    path.write_bytes(DATA)
    path.chmod(0o644)
    taken = take_portal_file(uri(path))
    assert taken.data == DATA and not path.exists()
    assert taken.record == {"folder": str(tmp_path), "name": path.name, "bytes": len(DATA),
                            "sha256": hashlib.sha256(DATA).hexdigest(), "mode": "0644", "removed": True}


def test_a_symbolic_link_is_refused_without_following_it(tmp_path: Path):
    target = tmp_path / "target.png"
    target.write_bytes(DATA)
    link = tmp_path / "out.png"
    link.symlink_to(target)
    with pytest.raises(CaptureUnavailable, match=f"is a link to {target}"):
        take_portal_file(uri(link))
    assert link.is_symlink() and target.read_bytes() == DATA  # nothing touched


def test_a_file_with_a_second_name_is_refused(tmp_path: Path):
    path = tmp_path / "out.png"
    path.write_bytes(DATA)
    os.link(path, tmp_path / "copy-kept-elsewhere.png")
    with pytest.raises(CaptureUnavailable, match="also has another name"):
        take_portal_file(uri(path))


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another account needs root")
def test_a_file_of_another_account_is_refused(tmp_path: Path):
    path = tmp_path / "out.png"
    path.write_bytes(DATA)
    os.chown(path, 12345, 12345)
    with pytest.raises(CaptureUnavailable, match="belongs to another account"):
        take_portal_file(uri(path))
    assert path.exists()


def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path):
    path = tmp_path / "out.png"
    os.mkfifo(path)
    outcome: list[BaseException] = []
    worker = threading.Thread(target=lambda: _catch(outcome, uri(path)), daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), "opening a named pipe must not wait for a writer"
    assert isinstance(outcome[0], CaptureUnavailable) and "not an ordinary file" in str(outcome[0])


def _catch(outcome: list[BaseException], address: str) -> None:
    try:
        take_portal_file(address)
    except BaseException as exc:
        outcome.append(exc)


def test_a_missing_file_and_a_uri_that_is_not_a_local_file_are_one_sentence(tmp_path: Path):
    with pytest.raises(CaptureUnavailable, match="there is no such file"):
        take_portal_file(uri(tmp_path / "gone.png"))
    with pytest.raises(CaptureUnavailable, match="in a form evidencekit cannot read"):
        take_portal_file("https://example.invalid/out.png")


def test_the_recorded_folder_leaves_out_the_home_path_and_the_user_id(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HOME", "/home/jane.doe")
    assert _folder("/home/jane.doe/Pictures/Screenshots/Screenshot.png") == "~/Pictures/Screenshots"
    assert _folder("/run/user/1000/doc/a1b2c3/out.png") == "/run/user/…/doc (document portal)"
    assert _folder("/tmp/out.png") == "/tmp"


def test_backend_order_follows_the_session(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_SESSION_TYPE", "wayland")
    assert [name for _, name in backend_order()] == ["PortalBackend", "X11Backend", "MssBackend"]
    monkeypatch.setenv("XDG_SESSION_TYPE", "x11")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert [name for _, name in backend_order()] == ["X11Backend", "MssBackend"]
