"""Canonical JSON (RFC 8785, JCS): the exact bytes that journal hashes and signatures are taken over.

JCS gives one byte sequence for one value whatever the key order or number formatting, so anyone can
recompute a journal chain with any conforming library.
"""

from __future__ import annotations

from typing import Any

import rfc8785

from evidencekit.digests import sha256_hex

__all__ = ["canonical_json", "sha256_hex"]


def canonical_json(value: Any) -> bytes:
    """RFC 8785 bytes of `value` (dicts, lists, str, int, bool, None; no floats in our formats)."""
    return rfc8785.dumps(value)

