"""Names of the files inside a case folder (see docs/store-format.md)."""

from __future__ import annotations

import re

HEADER = "case.json"
JOURNAL = "journal.ekj"
CHECKPOINT = "checkpoint.ekc"  # the replayed state as of one record, encrypted (ADR 073); never evidence
LOCK = "case.lock"
KEYS_DIR = "keys"
PASSPHRASE_KEY = "keys/passphrase.key"
RECOVERY_KEY = "keys/recovery.key"
FORMAT_NAME = "evidencekit-case"
FORMAT_VERSION = 2  # 1: objects as files under objects/, journal as base64 lines (development builds only)

CASE_ID = re.compile(r"^[0-9a-f]{32}$")
