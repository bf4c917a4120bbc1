"""Names of the files inside a case folder (see docs/store-format.md)."""

from __future__ import annotations

import re

HEADER = "case.json"
JOURNAL = "journal.ekj"
LOCK = "case.lock"
KEYS_DIR = "keys"
PASSPHRASE_KEY = "keys/passphrase.key"
RECOVERY_KEY = "keys/recovery.key"
OBJECTS_DIR = "objects"
OBJECT_SUFFIX = ".age"
FORMAT_NAME = "evidencekit-case"
FORMAT_VERSION = 1

OBJECT_ID = re.compile(r"^[0-9a-f]{32}$")
CASE_ID = re.compile(r"^[0-9a-f]{32}$")


def object_file(object_id: str) -> str:
    return f"{OBJECTS_DIR}/{object_id}{OBJECT_SUFFIX}"
