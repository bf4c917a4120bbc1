"""The case store: the hash-chained custody journal with the encrypted originals it records (Qt-free).

Names are loaded on first use (PEP 562), so `from evidencekit.store import CATEGORIES` or a command that
only saves a picture does not import verify, the keyring or removal code.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    "CaseStore": "case", "CreatedCase": "case",
    "list_case_folders": "catalog", "read_header": "catalog", "resolve_case": "catalog",
    "Actor": "events", "Event": "events",
    "KeyringAccess": "keyring_access", "system_keyring": "keyring_access",
    "CATEGORIES": "state", "EXHIBIT_FIELDS": "state", "CaseState": "state", "Exhibit": "state",
    "Redaction": "state",
    "Problem": "verify", "VerifyReport": "verify",
}

__all__ = [
    "CATEGORIES",
    "EXHIBIT_FIELDS",
    "Actor",
    "CaseState",
    "CaseStore",
    "CreatedCase",
    "Event",
    "Exhibit",
    "KeyringAccess",
    "Problem",
    "Redaction",
    "VerifyReport",
    "list_case_folders",
    "read_header",
    "resolve_case",
    "system_keyring",
]

if TYPE_CHECKING:
    from evidencekit.store.case import CaseStore, CreatedCase
    from evidencekit.store.catalog import list_case_folders, read_header, resolve_case
    from evidencekit.store.events import Actor, Event
    from evidencekit.store.keyring_access import KeyringAccess, system_keyring
    from evidencekit.store.state import CATEGORIES, EXHIBIT_FIELDS, CaseState, Exhibit, Redaction
    from evidencekit.store.verify import Problem, VerifyReport


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'evidencekit.store' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"evidencekit.store.{module}"), name)
    globals()[name] = value
    return value
