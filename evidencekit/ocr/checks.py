"""The checksums behind a finding's `valid`: maintained libraries where they exist.

- IBAN: ISO 13616 mod-97 and each country's length and format (python-stdnum `stdnum.iban`).
- Bitcoin: Base58Check (P2PKH, P2SH) with python-stdnum's `stdnum.bitcoin`; SegWit addresses with
  BIP-350's reference decoder (segwit.py): Bech32 for version 0, Bech32m for Taproot and later, which
  python-stdnum 2.2 does not know.
- Ethereum: EIP-55 mixed-case checksum over Keccak-256 (pycryptodome's `Crypto.Hash.keccak`); an address
  written all in lower or all in upper case carries no checksum (`None`).
- Phone numbers: Google's libphonenumber metadata (`phonenumbers`), region from the case's country.

Each returns (normalised value, valid) with valid True / False, or None where nothing can be checked.
"""

from __future__ import annotations

import re

from evidencekit.ocr.segwit import is_valid_segwit

Checked = tuple[str, bool | None]
_HEX40 = re.compile(r"^[0-9a-fA-F]{40}$")


def check_iban(read: str) -> Checked | None:
    """(compact IBAN, valid), trying shorter readings at group boundaries when words followed it; None
    when no prefix has the length and format of any country's IBAN."""
    from stdnum import iban  # loaded when first needed: an export without transcripts never pays for it
    from stdnum.exceptions import ValidationError

    compact = iban.compact(read)
    for length in range(len(compact), 14, -1):
        candidate = compact[:length]
        if iban.is_valid(candidate):
            return candidate, True
        try:  # the right length and format for its country, only the check digits wrong?
            shaped = candidate[:2] + iban.calc_check_digits(candidate) + candidate[4:]
        except (ValidationError, ValueError, KeyError):
            continue
        if iban.is_valid(shaped):
            return candidate, False
    return None


def check_bitcoin(read: str) -> Checked:
    value = read.strip()
    if value[:3].lower() in ("bc1", "tb1"):
        return value.lower(), is_valid_segwit(value)
    from stdnum import bitcoin

    return value, bool(bitcoin.is_valid(value))


def keccak256(data: bytes) -> bytes:
    from Crypto.Hash import keccak

    return keccak.new(digest_bits=256, data=data).digest()


def eip55(address_hex: str) -> str:
    """The EIP-55 checksummed form of 40 hex digits (any case), with its 0x prefix."""
    lower = address_hex.lower()
    digest = keccak256(lower.encode("ascii")).hex()
    return "0x" + "".join(ch.upper() if ch.isalpha() and int(digest[i], 16) >= 8 else ch
                          for i, ch in enumerate(lower))


def check_ethereum(read: str) -> Checked:
    body = read[2:] if read[:2] in ("0x", "0X") else read
    if not _HEX40.match(body):
        return read, False
    if body == body.lower() or body == body.upper():
        return "0x" + body.lower(), None  # no checksum written: nothing to check
    expected = eip55(body)
    return "0x" + body, "0x" + body == expected  # as read: a failed check is never "corrected"


def check_phone(read: str, region: str | None) -> Checked | None:
    import phonenumbers

    try:
        number = phonenumbers.parse(read, (region or "").upper() or None)
    except phonenumbers.NumberParseException:
        return None
    normalised = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return normalised, bool(phonenumbers.is_valid_number(number))
