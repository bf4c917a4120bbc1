"""Reading and writing gettext catalogues (.po text, .mo binary) without GNU gettext installed.

Compiling also guards safety-critical text: a translation that drops or changes a phone number, a web
address or a `{placeholder}` of its English original is refused, because a wrong number in a crisis is
worse than an untranslated sentence.
"""

from __future__ import annotations

import ast
import re
import struct
from dataclasses import dataclass, field

from evidencekit.guidance.fields import GuidanceDataError

MO_MAGIC = 0x950412DE
_URL = re.compile(r"https?://[^\s)\"'<>]+")
_NUMBER = re.compile(r"\d(?:[\d ]*\d)?")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


@dataclass
class Entry:
    """One message: English `msgid`, its translation(s), and where it is used."""

    msgid: str
    msgstr: str = ""
    msgid_plural: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    msgctxt: str | None = None
    references: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)

    @property
    def translated(self) -> bool:
        if "fuzzy" in self.flags:
            return False
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural.values())
        return bool(self.msgstr)


def _unquote(token: str, line_number: int) -> str:
    try:
        value = ast.literal_eval(token)
    except (ValueError, SyntaxError) as exc:
        raise GuidanceDataError(f"Line {line_number} of the translation file is not a quoted string.") from exc
    if not isinstance(value, str):
        raise GuidanceDataError(f"Line {line_number} of the translation file is not a quoted string.")
    return value


def parse_po(text: str) -> list[Entry]:
    """Entries of a .po/.pot file (header included, as msgid "")."""
    entries: list[Entry] = []
    current = Entry(msgid="")
    started = False
    target: tuple[str, int] | None = None

    def flush() -> None:
        nonlocal current, started
        if started:
            entries.append(current)
        current, started = Entry(msgid=""), False

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if started and target and target[0].startswith("msgstr"):
                flush()
            if line.startswith("#:"):
                current.references += line[2:].split()
            elif line.startswith("#,"):
                current.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if target is None:
                raise GuidanceDataError(f"Line {number} of the translation file continues nothing.")
            _append(current, target, _unquote(line, number))
            continue
        if keyword in ("msgctxt", "msgid") and started and target and target[0].startswith("msgstr"):
            flush()
        match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
        if keyword not in ("msgctxt", "msgid", "msgid_plural", "msgstr") and not match:
            raise GuidanceDataError(f"Line {number} of the translation file has an unknown keyword '{keyword}'.")
        target = (keyword, int(match.group(1)) if match else 0)
        started = True
        _set(current, target, _unquote(rest, number))
    flush()
    return entries


def _set(entry: Entry, target: tuple[str, int], value: str) -> None:
    keyword, index = target
    if keyword == "msgctxt":
        entry.msgctxt = value
    elif keyword == "msgid":
        entry.msgid = value
    elif keyword == "msgid_plural":
        entry.msgid_plural = value
    elif keyword == "msgstr":
        entry.msgstr = value
    else:
        entry.msgstr_plural[index] = value


def _append(entry: Entry, target: tuple[str, int], value: str) -> None:
    keyword, index = target
    current = {"msgctxt": entry.msgctxt, "msgid": entry.msgid, "msgid_plural": entry.msgid_plural,
               "msgstr": entry.msgstr}.get(keyword, entry.msgstr_plural.get(index, ""))
    _set(entry, target, (current or "") + value)


def _quote(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    lines = escaped.split("\n")
    if len(lines) == 1:
        return f'"{escaped}"'
    parts = [f'"{line}\\n"' for line in lines[:-1]] + ([f'"{lines[-1]}"'] if lines[-1] else [])
    return '""\n' + "\n".join(parts)


def format_po(entries: list[Entry], comment: str = "") -> str:
    """A .po/.pot text of `entries` (write the header as the first entry, msgid "")."""
    out = [f"# {line}".rstrip() for line in comment.splitlines()]
    for entry in entries:
        out.append("")
        out += [f"#: {reference}" for reference in entry.references]
        if entry.flags:
            out.append("#, " + ", ".join(sorted(entry.flags)))
        if entry.msgctxt is not None:
            out.append(f"msgctxt {_quote(entry.msgctxt)}")
        out.append(f"msgid {_quote(entry.msgid)}")
        if entry.msgid_plural is not None:
            out.append(f"msgid_plural {_quote(entry.msgid_plural)}")
            forms = entry.msgstr_plural or {0: "", 1: ""}
            out += [f"msgstr[{index}] {_quote(forms[index])}" for index in sorted(forms)]
        else:
            out.append(f"msgstr {_quote(entry.msgstr)}")
    return "\n".join(out).lstrip("\n") + "\n"


def protected_tokens(text: str) -> tuple[set[str], set[str], set[str]]:
    """(web addresses, numbers without spaces, {placeholders}) that a translation must keep."""
    urls = set(_URL.findall(text))
    without_urls = _URL.sub(" ", text)
    numbers = {match.replace(" ", "") for match in _NUMBER.findall(without_urls)}
    return urls, numbers, set(_PLACEHOLDER.findall(text))


def check_translation(entry: Entry) -> str | None:
    """Why this translation is unsafe to ship (a lost number, address or placeholder), or None."""
    originals = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
    urls: set[str] = set()
    numbers: set[str] = set()
    fields: set[str] = set()
    for original in originals:
        found = protected_tokens(original)
        urls, numbers, fields = urls | found[0], numbers | found[1], fields | found[2]
    for translation in ([entry.msgstr] if entry.msgid_plural is None else list(entry.msgstr_plural.values())):
        got_urls, _, got_fields = protected_tokens(translation)
        squashed = _URL.sub(" ", translation).replace(" ", "")
        lost = sorted((urls - got_urls) | {n for n in numbers if n not in squashed} | (fields - got_fields))
        if lost:
            return f"the translation of '{entry.msgid[:60]}' does not keep {', '.join(lost)}"
    return None


def compile_mo(entries: list[Entry]) -> bytes:
    """The .mo bytes of the translated entries (the header is kept; fuzzy and empty ones are left out).

    Raises GuidanceDataError when a translation loses a number, address or placeholder.
    """
    pairs: dict[bytes, bytes] = {}
    for entry in entries:
        if entry.msgid == "" and entry.msgctxt is None:
            pairs[b""] = entry.msgstr.encode("utf-8")
            continue
        if not entry.translated:
            continue
        problem = check_translation(entry)
        if problem:
            raise GuidanceDataError(f"Refusing to compile: {problem}; fix the .po file.")
        msgid = entry.msgid if entry.msgid_plural is None else f"{entry.msgid}\0{entry.msgid_plural}"
        if entry.msgctxt is not None:
            msgid = f"{entry.msgctxt}\x04{msgid}"
        value = entry.msgstr if entry.msgid_plural is None else "\0".join(
            entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
        pairs[msgid.encode("utf-8")] = value.encode("utf-8")
    keys = sorted(pairs)
    header_size = 7 * 4
    originals_at = header_size
    translations_at = originals_at + 8 * len(keys)
    data_at = translations_at + 8 * len(keys)
    blob = b""
    original_table, translation_table = [], []
    for key in keys:
        original_table.append((len(key), data_at + len(blob)))
        blob += key + b"\0"
    for key in keys:
        translation_table.append((len(pairs[key]), data_at + len(blob)))
        blob += pairs[key] + b"\0"
    out = struct.pack("<7I", MO_MAGIC, 0, len(keys), originals_at, translations_at, 0, data_at)
    for length, offset in original_table + translation_table:
        out += struct.pack("<2I", length, offset)
    return out + blob
