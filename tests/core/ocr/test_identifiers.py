"""The identifier finders on plain text, and their checks against each standard's own test vectors."""

from __future__ import annotations

import pytest

from evidencekit.ocr import checks, segwit
from evidencekit.ocr.identifiers import find_identifiers
from tests.support.ocr_chats import EXPECTED, SCREENS


def kinds(text: str, region: str | None = "GB") -> list[tuple[str, str, bool | None]]:
    return [(f.kind, f.normalised, f.valid) for f in find_identifiers(text, region)]


@pytest.mark.parametrize("name", sorted(SCREENS))
def test_the_fixture_messages_as_typed_give_every_identifier(name: str) -> None:
    text = "\n".join(message for _side, message, _time in SCREENS[name].messages)
    found = {(f.kind, f.normalised, f.valid) for f in find_identifiers(text, "GB")}
    assert {tuple(e) for e in EXPECTED[name]} <= found


def test_keccak256_matches_the_published_empty_input_digest() -> None:
    assert checks.keccak256(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"


@pytest.mark.parametrize("address", [  # EIP-55's own test vectors
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
])
def test_eip55_vectors_check_and_a_changed_case_fails(address: str) -> None:
    assert checks.eip55(address[2:]) == address
    assert checks.check_ethereum(address) == (address, True)
    last = max(i for i, ch in enumerate(address) if ch.isalpha() and i > 1)
    flipped = address[:last] + address[last].swapcase() + address[last + 1:]
    assert checks.check_ethereum(flipped) == (flipped, False)  # as read: never corrected


def test_an_address_in_one_case_has_no_checksum() -> None:
    assert checks.check_ethereum("0x52908400098527886e0f7030069857d2e4169ee7") == (
        "0x52908400098527886e0f7030069857d2e4169ee7", None)


@pytest.mark.parametrize(("address", "valid"), [
    ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", True),  # BIP-173, SegWit v0
    ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", True),  # BIP-350, Taproot (Bech32m)
    ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", False),
    ("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", True), ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", True),
    ("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3", False),
])
def test_bitcoin_checksums(address: str, valid: bool) -> None:
    assert kinds(f"send to {address} now") == [("bitcoin_address", address, valid)]


@pytest.mark.parametrize("address", [  # BIP-350's valid addresses (BIP-173's v0 ones still valid)
    "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
    "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
    "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
    "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
])
def test_segwit_valid_vectors(address: str) -> None:
    assert segwit.is_valid_segwit(address)


@pytest.mark.parametrize("address", [  # BIP-350's invalid addresses: wrong constant, padding, lengths
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",  # Bech32 where Bech32m is due
    "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL",
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",  # Bech32m where Bech32 is due
    "tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47",
    "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4",  # non-base32 character
    "BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R",  # witness version 17
    "bc1pw5dgrnzv", "bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du",
    "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",  # v0 program of 16 bytes
    "tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf",
    "bc1gmk9yu",  # empty data
])
def test_segwit_invalid_vectors(address: str) -> None:
    assert not segwit.is_valid_segwit(address)


def test_segwit_version_0_agrees_with_python_stdnum() -> None:
    from stdnum import bitcoin

    for address in ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
                    "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"):
        assert segwit.is_valid_segwit(address) == bitcoin.is_valid(address)


def test_ocr_lookalikes_in_fixed_positions_are_normalised_and_then_checked() -> None:
    (finding,) = find_identifiers("Bitcoin bclqw508d6qejxtdg4y5r3zarvaryOc5xw7kv8f3t4")
    assert finding.value == "bclqw508d6qejxtdg4y5r3zarvaryOc5xw7kv8f3t4"  # kept exactly as read
    assert (finding.normalised, finding.valid) == ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", True)
    (eth,) = find_identifiers("ETH Ox258b5A07878923166418d0B98805A615E890A9d2")
    assert eth.valid is True and eth.normalised.startswith("0x258b")


@pytest.mark.parametrize(("text", "expected"), [
    ("IBAN: GB82 WEST 1234 5698 7654 32 thanks", ("iban", "GB82WEST12345698765432", True)),
    ("ES91 2100 0418 4502 0005 1332", ("iban", "ES9121000418450200051332", True)),
    ("DE89 3704 0044 0532 0130 01", ("iban", "DE89370400440532013001", False)),
    ("MTCN:\n41-28-39-55-06", ("mtcn", "4128395506", None)),
    ("western union 4128395506", ("mtcn", "4128395506", None)),
    ("moneygram ref no 1234 5678", ("moneygram_reference", "12345678", None)),
    ("sort 40-47-84", ("uk_bank_account", "40-47-84", None)),
    ("ig: lena_x", ("username", "lena_x", None)),
    ("my kik is lenax99", ("username", "lenax99", None)),
    ("cash.app/$LenaCash", ("cashtag", "$LenaCash", None)),
    ("https://paypal.com/paypalme/lenax", ("paypal_me", "https://paypal.me/lenax", None)),
    ("Amazon card AQ12-BCDEFG-HJKL9", ("gift_card", "AQ12BCDEFGHJKL9", None)),
    ("tiktok.com/@lena.dances", ("profile_url", "https://tiktok.com/@lena.dances", None)),
    ("+44 7700 900123", ("phone", "+447700900123", False)),  # Ofcom's drama range is not in service
])
def test_each_kind(text: str, expected: tuple[str, str, bool | None]) -> None:
    assert kinds(text) == [expected]


@pytest.mark.parametrize("text", [
    "I paid 4128395506 already",  # ten digits, but nothing says Western Union (nor is it a phone number)
    "it costs $500", "send USD or $GBP",  # amounts and currencies are not cashtags
    "snap me later", "on instagram and", "12345678",
    "call me at 3pm",
])
def test_ordinary_words_are_not_identifiers(text: str) -> None:
    assert kinds(text) == []


def test_phone_numbers_without_a_country_code_need_the_case_country() -> None:
    assert kinds("call 07911 123456", region=None) == []
    assert kinds("call 07911 123456", region="GB") == [("phone", "+447911123456", True)]
    assert kinds("llama al 612 34 56 78", region="ES") == [("phone", "+34612345678", True)]


def test_one_span_gives_one_finding_and_offsets_point_at_the_value() -> None:
    text = "write to lena.x@mail.example or @lena_x"
    found = find_identifiers(text, "GB")
    assert [(f.kind, text[f.start:f.end]) for f in found] == [("email", "lena.x@mail.example"),
                                                                ("handle", "@lena_x")]
