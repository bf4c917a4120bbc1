"""Find payment and account identifiers in any text, check them, and say where they were found.

The plain API, for OCR transcripts, typed text and chat archives alike:

    find_identifiers(text, region="GB") -> list[Finding]       offsets into `text`, no box
    find_in_transcript(transcript, exhibit="EK-003", region="GB") -> list[Finding]   with boxes

A finding keeps the value exactly as read (`value`) beside its normal form (`normalised`); `valid` is
True or False where the kind has a checksum (IBAN, Bitcoin, Ethereum with mixed case, phone numbers),
None where it has none. Nothing is ever corrected: a value that fails its check stays as read, and
callers show it as "read as … — check it against the picture".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from evidencekit.ocr import checks
from evidencekit.ocr import patterns as p
from evidencekit.ocr.model import Box, Transcript

KINDS = ("mtcn", "moneygram_reference", "iban", "uk_bank_account", "bitcoin_address", "ethereum_address",
         "phone", "email", "url", "profile_url", "handle", "username", "cashtag", "paypal_me", "gift_card")
NEAR = 80  # characters before a number in which its naming words must appear


@dataclass(frozen=True)
class Finding:
    kind: str
    value: str  # as read, character for character
    normalised: str
    valid: bool | None
    start: int
    end: int
    detail: str = ""  # the platform, gift card brand, or bank details part
    exhibit: str | None = None  # EK-003 when found in a picture's transcript
    box: Box | None = None  # where in that picture (x, y, w, h in its pixels)
    source: str = "text"  # "ocr" | "text"

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "value": self.value, "normalised": self.normalised, "valid": self.valid,
                "detail": self.detail, "exhibit": self.exhibit, "box": list(self.box) if self.box else None,
                "source": self.source}


Finder = Callable[[str, str | None], Iterator[Finding]]


def _near(words: re.Pattern[str], text: str, start: int, end: int, before: int = NEAR, after: int = 20) -> bool:
    return bool(words.search(text, max(0, start - before), min(len(text), end + after)))


def _digits(value: str) -> str:
    return re.sub(r"[^0-9]", "", value)


# Letters OCR confuses with the only character an alphabet allows in their place: undoing them is a
# normal form, not a guess (the checksum then decides `valid`, and `value` keeps what was read).
_HEX_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})
_BECH32_LOOKALIKES = str.maketrans({"o": "0"})
_BASE58_LOOKALIKES = str.maketrans({"O": "o", "0": "o", "I": "1", "l": "1"})


def _ethereum(text: str, _region: str | None) -> Iterator[Finding]:
    for match in p.ETHEREUM.finditer(text):  # "Ox…" is 0x: ETHEREUM matches both
        body = match.group(1).replace(" ", "").translate(_HEX_LOOKALIKES)
        normalised, valid = checks.check_ethereum("0x" + body)
        yield Finding("ethereum_address", match.group(0), normalised, valid, match.start(), match.end())


def _bitcoin_candidate(read: str, segwit: bool) -> str | None:
    if segwit:  # "bcl…" / "bcI…" can only be bc1 (no address starts otherwise)
        return (read[:2] + "1" + read[3:].lower().translate(_BECH32_LOOKALIKES)).lower()
    if re.search(r"[0-9]", read) and re.search(r"[A-Za-z]", read):
        return read[0] + read[1:].translate(_BASE58_LOOKALIKES)
    return None


def _bitcoin(text: str, _region: str | None) -> Iterator[Finding]:
    spans: list[tuple[int, int]] = []
    for spaced, pattern in ((p.BECH32_SPACED, p.BECH32), (p.BASE58_SPACED, p.BASE58)):
        segwit = pattern is p.BECH32
        for match in spaced.finditer(text):  # one space inside: an address only if it then checks
            candidate = _bitcoin_candidate(match.group(1).replace(" ", ""), segwit)
            if candidate and len(candidate) <= 90 and checks.check_bitcoin(candidate)[1]:
                spans.append((match.start(1), match.end(1)))
                yield Finding("bitcoin_address", match.group(1), *checks.check_bitcoin(candidate), match.start(1),
                              match.end(1))
        for match in pattern.finditer(text):
            if any(match.start(1) < end and match.end(1) > start for start, end in spans):
                continue
            candidate = _bitcoin_candidate(match.group(1), segwit)
            if candidate is not None:
                normalised, valid = checks.check_bitcoin(candidate)
                yield Finding("bitcoin_address", match.group(1), normalised, valid, match.start(1), match.end(1))


def _iban(text: str, _region: str | None) -> Iterator[Finding]:
    for match in p.IBAN.finditer(text):
        checked = checks.check_iban(match.group(1))
        if checked is None:
            continue
        normalised, valid = checked
        # the part of the text the IBAN actually covers (words after it may have matched the pattern)
        end, count = match.start(1), 0
        while count < len(normalised) and end < len(text):
            if text[end].isalnum():
                count += 1
            end += 1
        yield Finding("iban", text[match.start(1):end], normalised, valid, match.start(1), end)


def _email(text: str, _region: str | None) -> Iterator[Finding]:
    for match in p.EMAIL.finditer(text):
        yield Finding("email", match.group(1), match.group(1).lower(), None, match.start(1), match.end(1))


def _urls(text: str, _region: str | None) -> Iterator[Finding]:
    for match in p.URL.finditer(text):
        read = match.group(1).rstrip(".,;:!?")
        url = read if re.match(r"https?://", read, re.IGNORECASE) else "https://" + read
        host_path = re.sub(r"^https?://", "", url, flags=re.IGNORECASE)
        host, _, path = host_path.partition("/")
        host = host.lower()
        bare = host[4:] if host.startswith("www.") else host
        normalised = f"https://{host}/{path}" if path else f"https://{host}"
        start, end = match.start(1), match.start(1) + len(read)
        if bare in ("paypal.me", "paypal.com") and path:
            name = path.split("/")[-1] if bare == "paypal.me" else path.removeprefix("paypalme/")
            if name:
                yield Finding("paypal_me", read, f"https://paypal.me/{name.strip('/')}", None, start, end)
                continue
        if bare == "cash.app" and path.startswith("$"):
            yield Finding("cashtag", read, path.split("/")[0], None, start, end, "Cash App")
            continue
        platform = p.PROFILE_HOSTS.get(bare, "")
        if platform and path.strip("/"):
            yield Finding("profile_url", read, normalised, None, start, end, platform)
        else:
            yield Finding("url", read, normalised, None, start, end)


def _uk_bank(text: str, _region: str | None) -> Iterator[Finding]:
    for match in p.SORT_CODE.finditer(text):
        if not _near(p.SORT_WORDS, text, match.start(), match.end(), before=30, after=0):
            continue
        digits = _digits(match.group(1))
        sort_code = f"{digits[:2]}-{digits[2:4]}-{digits[4:]}"
        account = p.UK_ACCOUNT.search(text, match.end(), min(len(text), match.end() + NEAR))
        end = account.end(1) if account else match.end(1)
        normalised = f"{sort_code} {account.group(1)}" if account else sort_code
        detail = "sort code and account number" if account else "sort code"
        yield Finding("uk_bank_account", text[match.start(1):end], normalised, None, match.start(1), end, detail)


def _mtcn(text: str, _region: str | None) -> Iterator[Finding]:
    for match in p.TEN_DIGITS.finditer(text):
        if _near(p.MTCN_WORDS, text, match.start(), match.end()):
            yield Finding("mtcn", match.group(1), _digits(match.group(1)), None, match.start(1), match.end(1),
                          "Western Union")


def _moneygram(text: str, _region: str | None) -> Iterator[Finding]:
    for match in p.EIGHT_DIGITS.finditer(text):
        if _near(p.MONEYGRAM_WORDS, text, match.start(), match.end()):
            yield Finding("moneygram_reference", match.group(1), _digits(match.group(1)), None, match.start(1),
                          match.end(1), "MoneyGram")


def _gift_cards(text: str, _region: str | None) -> Iterator[Finding]:
    for brand in p.BRAND_WORD.finditer(text):
        for match in p.GIFT_CODE.finditer(text, brand.end(), min(len(text), brand.end() + NEAR + 40)):
            read = match.group(1)
            if not re.search(r"[0-9]", read) or len(re.sub(r"[^A-Z0-9]", "", read)) < 10:
                continue
            yield Finding("gift_card", read, re.sub(r"[^A-Z0-9]", "", read), None, match.start(1), match.end(1),
                          p.GIFT_CARD_BRANDS[brand.group(1).lower()])


def _phones(text: str, region: str | None) -> Iterator[Finding]:
    for match in p.PHONE_HINT.finditer(text):
        read = match.group(0).strip()
        digits = _digits(read)
        if not 7 <= len(digits) <= 15 or (not read.startswith("+") and not region):
            continue
        checked = checks.check_phone(read, region)
        if checked is None:
            continue
        normalised, valid = checked
        if not valid and not read.startswith("+"):
            continue  # without a "+", only a number valid in the case's country is taken for a phone number
        yield Finding("phone", read, normalised, valid, match.start(), match.start() + len(read))


def _cashtags(text: str, _region: str | None) -> Iterator[Finding]:
    for match in p.CASHTAG.finditer(text):
        tag = match.group(1)
        if tag.upper() in p.CURRENCY_CODES:
            continue
        yield Finding("cashtag", match.group(0), "$" + tag, None, match.start(), match.end(), "Cash App")


def _platform_before(text: str, position: int) -> str:
    line_start = text.rfind("\n", 0, position) + 1
    found = [m for m in p.PLATFORM_WORD.finditer(text, max(line_start, position - NEAR), position)]
    after = p.PLATFORM_WORD.search(text, position, min(len(text), position + 40, _line_end(text, position)))
    chosen = found[-1] if found else after
    return p.PLATFORMS[chosen.group(1).lower()] if chosen else ""


def _line_end(text: str, position: int) -> int:
    end = text.find("\n", position)
    return len(text) if end < 0 else end


def _handles(text: str, _region: str | None) -> Iterator[Finding]:
    for match in p.HANDLE.finditer(text):
        yield Finding("handle", match.group(0), "@" + match.group(1), None, match.start(), match.end(),
                      _platform_before(text, match.start()))


def _usernames(text: str, _region: str | None) -> Iterator[Finding]:
    for match in p.USERNAME_AFTER_PLATFORM.finditer(text):
        name = match.group(2)
        word = match.group(1).lower()
        if name.lower() in p.NOT_USERNAMES or name.lower() in p.PLATFORMS or (len(word) <= 2 and ":" not in \
                text[match.end(1):match.start(2)]):
            continue  # "snap me later"; two-letter words (ig, sc, fb, x) only with a colon: "ig: lena"
        kind = "handle" if name.startswith("@") else "username"
        yield Finding(kind, name, name if kind == "handle" else name.lower() if word == "snapchat" else name, None,
                      match.start(2), match.end(2), p.PLATFORMS[word])


# Most specific first: a span taken by an earlier finder is not reported again by a later one.
FINDERS: tuple[Finder, ...] = (_ethereum, _bitcoin, _iban, _email, _urls, _uk_bank, _mtcn, _moneygram,
                               _gift_cards, _cashtags, _phones, _handles, _usernames)


def find_identifiers(text: str, region: str | None = None) -> list[Finding]:
    """Every identifier in `text`, in reading order; `region` (ISO 3166 alpha-2, the case's country) lets
    phone numbers be written without their country code."""
    taken: list[tuple[int, int]] = []
    found: list[Finding] = []
    for finder in FINDERS:
        for finding in finder(text, region):
            if any(finding.start < end and finding.end > start for start, end in taken):
                continue
            taken.append((finding.start, finding.end))
            found.append(finding)
    found.sort(key=lambda f: (f.start, f.end))
    return found


def find_in_transcript(transcript: Transcript, exhibit: str | None = None, region: str | None = None) -> list[Finding]:
    """Identifiers in a picture's transcript, each with the box of the words it was read from."""
    text = transcript.text()
    return [replace(finding, exhibit=exhibit, box=transcript.box_of(finding.start, finding.end), source="ocr")
            for finding in find_identifiers(text, region)]
