"""Finding cases: list the data dir's case folders and resolve what a person typed (id, prefix, folder)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from evidencekit.errors import CaseNotFound, IntegrityError, UsageError
from evidencekit.paths import cases_dir
from evidencekit.records import NamedTuple
from evidencekit.store import layout


class CaseHeader(NamedTuple):
    """The only plaintext about a case: format, version, id and its public key (no personal data)."""

    case_id: str
    recipient: str
    path: Path


def read_header(folder: Path) -> CaseHeader:
    header_path = folder / layout.HEADER
    try:
        raw = header_path.read_bytes()
    except FileNotFoundError as exc:
        raise CaseNotFound(f"{folder} is not an evidencekit case folder (it has no {layout.HEADER}).") from exc
    except OSError as exc:
        raise UsageError(f"The case header {header_path} cannot be read ({exc.strerror}).") from exc
    try:
        body: dict[str, Any] = json.loads(raw)
        if body["format"] != layout.FORMAT_NAME:
            raise ValueError("format")
        version, case_id, recipient = body["version"], body["case"], body["recipient"]
    except (ValueError, KeyError, TypeError) as exc:
        raise IntegrityError(f"The case header {header_path} is damaged.", header_path) from exc
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise IntegrityError(f"The case header {header_path} is damaged.", header_path)
    if version < layout.FORMAT_VERSION:
        raise UsageError(f"This case was made by a development build of evidencekit (format {version}) that "
                         "this version cannot open. Open it with the build that made it. Nothing was changed.")
    if version != layout.FORMAT_VERSION:
        raise UsageError(f"This case's header ({layout.HEADER}) says it was made by a newer evidencekit (format "
                         f"{version}); update evidencekit to open it. Nothing was changed.")
    if not isinstance(case_id, str) or not layout.CASE_ID.match(case_id) or not isinstance(recipient, str):
        raise IntegrityError(f"The case header {header_path} is damaged.", header_path)
    return CaseHeader(case_id, recipient, folder)


def list_case_folders(home: Path | None = None) -> list[Path]:
    try:
        root = cases_dir(home)
    except OSError:
        from evidencekit.paths import data_home

        if ((home or data_home()) / "cases").exists():
            raise
        return []  # no cases/ folder, and none can be made (a read-only data dir): no cases
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / layout.HEADER).exists())


def resolve_case(ref: str | Path, home: Path | None = None) -> Path:
    """A case folder from an id, a unique id prefix, or a path to the folder."""
    text = str(ref).strip()
    if not text:
        raise CaseNotFound("No case was named. Give its id (see 'evidencekit case list') or its folder.")
    as_path = Path(text).expanduser()
    if as_path.is_dir() and (as_path / layout.HEADER).exists():
        return as_path.resolve()
    folders = list_case_folders(home)
    exact = [f for f in folders if f.name == text]
    if exact:
        return exact[0]
    prefix = [f for f in folders if f.name.startswith(text.lower())]
    if len(prefix) == 1:
        return prefix[0]
    if len(prefix) > 1:
        raise CaseNotFound(f"More than one case starts with {text!r}; type more of its id.")
    raise CaseNotFound(f"No case matches {text!r}. 'evidencekit case list' shows the cases on this computer.")
