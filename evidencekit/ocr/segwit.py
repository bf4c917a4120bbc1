"""SegWit address checks, Bech32 (BIP-173, witness version 0) and Bech32m (BIP-350, versions 1 to 16).

python-stdnum checks Base58Check and Bech32 but not Bech32m (Taproot addresses, bc1p…), and the
reference implementation on PyPI (`bech32` 1.2.0) predates BIP-350; this is BIP-350's reference decoder
(`segwit_addr.py`), tested against both BIPs' test vectors in tests/core/ocr/test_identifiers.py.
"""

from __future__ import annotations

CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
BECH32_CONST = 1
BECH32M_CONST = 0x2BC830A3
_GENERATOR = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)


def _polymod(values: list[int]) -> int:
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for index, generator in enumerate(_GENERATOR):
            check ^= generator if (top >> index) & 1 else 0
    return check


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(ch) >> 5 for ch in hrp] + [0] + [ord(ch) & 31 for ch in hrp]


def _decode(address: str) -> tuple[str, list[int], int] | None:
    """(human-readable part, data without checksum, checksum constant) or None."""
    if any(ord(ch) < 33 or ord(ch) > 126 for ch in address) or (address.lower() != address and
                                                                address.upper() != address):
        return None
    address = address.lower()
    position = address.rfind("1")
    if position < 1 or position + 7 > len(address) or len(address) > 90:
        return None
    if not all(ch in CHARSET for ch in address[position + 1:]):
        return None
    hrp = address[:position]
    data = [CHARSET.find(ch) for ch in address[position + 1:]]
    constant = _polymod(_hrp_expand(hrp) + data)
    if constant not in (BECH32_CONST, BECH32M_CONST):
        return None
    return hrp, data[:-6], constant


def _convert_bits(data: list[int], from_bits: int, to_bits: int) -> list[int] | None:
    accumulator, bits, result = 0, 0, []
    top = (1 << to_bits) - 1
    for value in data:
        if value < 0 or value >> from_bits:
            return None
        accumulator = (accumulator << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            result.append((accumulator >> bits) & top)
    if bits >= from_bits or ((accumulator << (to_bits - bits)) & top):
        return None
    return result


def is_valid_segwit(address: str, hrps: tuple[str, ...] = ("bc", "tb")) -> bool:
    """A valid SegWit address: its checksum (Bech32 for version 0, Bech32m above) and program length."""
    decoded = _decode(address)
    if decoded is None:
        return False
    hrp, data, constant = decoded
    if hrp not in hrps or not data:
        return False
    version, program = data[0], _convert_bits(data[1:], 5, 8)
    if program is None or not 2 <= len(program) <= 40 or version > 16:
        return False
    if version == 0 and len(program) not in (20, 32):
        return False
    return constant == (BECH32_CONST if version == 0 else BECH32M_CONST)
