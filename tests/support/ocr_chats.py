"""Chat pictures made for the OCR tests: invented messages carrying known identifiers, good and bad.

Every identifier is made up or a published test vector (EIP-55, BIP-173, the IBAN standard's example);
the phone number 07911 123456 is a well-formed UK mobile number used in examples. The bad ones differ
from a good one by one character, as a retyped or misread value would.
"""

from __future__ import annotations

from typing import NamedTuple

from evidencekit.bundle.demo_screens import ChatScreen, render_chat_png

GOOD_ETH = "0x258b5A07878923166418d0B98805A615E890A9d2"  # EIP-55 checksummed (made with evidencekit.ocr.checks)
BAD_ETH = "0x258b5A07878923166418d0B98805A615E890A9D2"  # one letter's case changed: the checksum fails
GOOD_IBAN = "GB82 WEST 1234 5698 7654 32"
BAD_IBAN = "GB82 WEST 1234 5698 7654 33"
GOOD_BECH32 = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"  # BIP-173 test vector
# Base58Check, made for these tests from random bytes, without letters whose two cases look alike
# (c, o, s, u, v, w, x, z) and one that Tesseract reads back exactly in this font
GOOD_BASE58 = "1DYrAbqHttRHg8Y47atPHhy4YrbgHgqFRg"
BAD_BASE58 = "1DYrAbqHttRHg8Y47atPHhy4YrbgHgqFRh"


class Expected(NamedTuple):
    kind: str
    normalised: str
    valid: bool | None


PAYMENTS = ChatScreen("Lena", "@lena_x_sweet", "https://chat.example/m/1", (
    ("them", "Pay by Western Union, MTCN 412 839 5506", "21:02"),
    ("them", f"Or to my bank: IBAN {GOOD_IBAN}", "21:03"),
    ("me", f"Is it {BAD_IBAN}?", "21:04"),
    ("them", "UK bank: sort code 12-34-56 account 87654321", "21:05"),
    ("them", f"Bitcoin {GOOD_BECH32}", "21:06"),
    ("them", f"or {GOOD_BASE58} wallet", "21:07"),
    ("them", f"ETH {GOOD_ETH}", "21:08"),
), day="Today")
ACCOUNTS = ChatScreen("Lena", "@lena_x_sweet", "https://chat.example/m/2", (
    ("them", f"Not that one: {BAD_ETH}", "21:09"),
    ("them", f"and not {BAD_BASE58} either", "21:10"),
    ("them", "Call +44 7911 123456 or write to lena.x@mail.example", "21:11"),
    ("them", "Snapchat: lena.x99 and insta @lena_x_sweet", "21:12"),
    ("them", "Cash App $LenaCash99 or paypal.me/lenax99", "21:13"),
    ("them", "Steam gift card, send the code ABCD5-EFGH6-JKLM7", "21:14"),
    ("them", "MoneyGram reference 12345678 works too", "21:15"),
    ("them", "See https://www.instagram.com/lena_x_sweet", "21:16"),
), day="Today")

EXPECTED = {
    "payments": [
        Expected("mtcn", "4128395506", None),
        Expected("iban", "GB82WEST12345698765432", True),
        Expected("iban", "GB82WEST12345698765433", False),
        Expected("uk_bank_account", "12-34-56 87654321", None),
        Expected("bitcoin_address", GOOD_BECH32, True),
        Expected("bitcoin_address", GOOD_BASE58, True),
        Expected("ethereum_address", GOOD_ETH, True),
    ],
    "accounts": [
        Expected("ethereum_address", BAD_ETH, False),
        Expected("bitcoin_address", BAD_BASE58, False),
        Expected("phone", "+447911123456", True),
        Expected("email", "lena.x@mail.example", None),
        Expected("username", "lena.x99", None),
        Expected("handle", "@lena_x_sweet", None),
        Expected("cashtag", "$LenaCash99", None),
        Expected("paypal_me", "https://paypal.me/lenax99", None),
        Expected("gift_card", "ABCD5EFGH6JKLM7", None),
        Expected("moneygram_reference", "12345678", None),
        Expected("profile_url", "https://www.instagram.com/lena_x_sweet", None),
    ],
}
SCREENS = {"payments": PAYMENTS, "accounts": ACCOUNTS}


def chat_png(name: str) -> bytes:
    return render_chat_png(SCREENS[name], seed=3)


def message_lines(name: str) -> list[str]:
    return [text for _side, text, _time in SCREENS[name].messages]
