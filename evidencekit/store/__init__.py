"""The case store: encrypted write-once objects and the hash-chained custody journal (Qt-free)."""

from evidencekit.store.case import CaseStore, CreatedCase
from evidencekit.store.catalog import list_case_folders, read_header, resolve_case
from evidencekit.store.events import Actor, Event
from evidencekit.store.keyring_access import KeyringAccess, system_keyring
from evidencekit.store.state import CATEGORIES, EXHIBIT_FIELDS, CaseState, Exhibit, Redaction
from evidencekit.store.verify import Problem, VerifyReport

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
