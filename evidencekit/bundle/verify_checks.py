"""The individual checks of `evidencekit verify`. Each takes the opened bundle and returns one verdict.

A check never raises: anything unexpected in a damaged file becomes a failed verdict that says what
could not be read.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

from evidencekit.bundle.journal_export import JOURNAL_FILE, check_chain
from evidencekit.bundle.manifest import MANIFEST_FILE
from evidencekit.bundle.originals_zip import SUMS_FILE
from evidencekit.i18n import N_, SOURCE_LANGUAGE, _, available_languages, locale_dir, using_language
from evidencekit.text_safety import escaped

PASS, FAIL, SKIP = "pass", "fail", "skip"


@dataclass
class Verdict:
    """One check's outcome: its name, pass/fail/skip, one sentence, and what exactly went wrong."""

    check: str
    status: str
    message: str
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"check": self.check, "status": self.status, "message": self.message, "problems": self.problems}


@dataclass(frozen=True)
class VerifyOptions:
    """What the officer told verify: whether an unsigned bundle may pass, and which signing root to expect
    (64 lower-case hex digits, as normalised by parse_root_fingerprint)."""

    allow_unsigned: bool = False
    expect_root: str | None = None


_FINGERPRINT_SEPARATORS = re.compile(r"[\s:-]+")


def parse_root_fingerprint(text: str) -> str | None:
    """The fingerprint as 64 lower-case hex digits (spaces, colons and dashes between groups allowed, as
    when read out over the phone or copied from a certificate viewer), or None when it is not one."""
    digits = _FINGERPRINT_SEPARATORS.sub("", text).lower()
    return digits if re.fullmatch(r"[0-9a-f]{64}", digits) else None


class Attachments(Mapping[str, Sequence[bytes]]):
    """The PDF's embedded files by name, each read from the file only when a check asks for it and not
    kept afterwards: verify's memory then holds one attachment at a time, not the bundle's (issue 22)."""

    def __init__(self, entries: dict[str, list[Any]], forget: Callable[[], None]) -> None:
        self._entries = entries  # name -> pypdf EmbeddedFile objects (their streams are not read yet)
        self._forget = forget

    def __getitem__(self, name: str) -> Sequence[bytes]:
        return _Contents(self._entries[name], self._forget)

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


class _Contents(Sequence[bytes]):
    def __init__(self, entries: list[Any], forget: Callable[[], None]) -> None:
        self._entries = entries
        self._forget = forget

    def __len__(self) -> int:
        return len(self._entries)

    @overload
    def __getitem__(self, index: int) -> bytes: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[bytes]: ...
    def __getitem__(self, index: int | slice) -> bytes | Sequence[bytes]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self._entries))[index]]
        data = bytes(self._entries[index].content)
        self._forget()
        return data


@dataclass
class OpenedBundle:
    """What verify read from the file once: bytes on disk, attachments by name, the manifest, page texts,
    and what one check learnt for a later one (the signing root, where the signed revision ends)."""

    path: Path
    reader: Any
    attachments: Mapping[str, Sequence[bytes]]
    manifest: dict[str, Any]
    manifest_bytes: bytes
    options: VerifyOptions = field(default_factory=VerifyOptions)
    page_texts: dict[int, str] = field(default_factory=dict)
    unsigned: bool = False
    signing_root: str = ""  # SHA-256 of the root certificate a holding signature chains to
    signed_revision_end: int | None = None  # byte length of the signed revision, when the file is signed
    handle: Any = None  # the open file the reader reads from (closed when verify ends)

    def page_text(self, number: int) -> str:
        """Text of page `number` (1-based), whitespace removed so wrapped hashes still match."""
        if number not in self.page_texts:
            page = self.reader.pages[number - 1]
            self.page_texts[number] = re.sub(r"\s+", "", page.extract_text() or "")
            self.forget()  # the page's pictures were read with it
        return self.page_texts[number]

    def forget(self) -> None:
        """Drop the PDF objects the reader has parsed (they are read again from the file when needed), so
        one exhibit's picture or attachment is in memory at a time, not all of them. The fonts every page
        shares stay (at most _KEPT_FONT_OBJECTS small objects: font and descriptor dictionaries and their
        ToUnicode maps): reading them again for every page's text cost a fifth of the text check."""
        cache = getattr(self.reader, "resolved_objects", None)
        if not isinstance(cache, dict):
            return
        kept = _font_objects(cache)
        cache.clear()
        cache.update(kept)


_KEPT_FONT_OBJECTS = 64
_KEPT_STREAM_BYTES = 256 * 1024
_FONT_REFERENCES = ("/ToUnicode", "/FontDescriptor")


def _font_objects(cache: dict[Any, Any]) -> dict[Any, Any]:
    """The font dictionaries in the reader's cache of parsed objects and the small objects they refer to
    (descriptor, ToUnicode map), bounded in number and size whatever the file holds."""
    kept: dict[Any, Any] = {}
    for key, obj in cache.items():
        if len(kept) >= _KEPT_FONT_OBJECTS:
            break
        if not hasattr(obj, "get") or obj.get("/Type") != "/Font":
            continue
        kept[key] = obj
        for name in _FONT_REFERENCES:
            reference = obj.raw_get(name) if hasattr(obj, "raw_get") and name in obj else None
            ref_key = (getattr(reference, "generation", None), getattr(reference, "idnum", None))
            target = cache.get(ref_key)
            if target is not None and len(getattr(target, "_data", b"") or b"") <= _KEPT_STREAM_BYTES:
                kept[ref_key] = target
    return kept


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_signature(bundle: OpenedBundle) -> Verdict:
    from evidencekit.bundle.verify_signature import signature_verdict  # pyHanko is slow to import

    return signature_verdict(bundle)


def check_signing_root(bundle: OpenedBundle) -> Verdict:
    from evidencekit.bundle.verify_signature import root_verdict

    return root_verdict(bundle)


def check_fingerprint(bundle: OpenedBundle) -> Verdict:
    fingerprint = _sha(bundle.manifest_bytes)
    problems = []
    cover = bundle.page_text(1)
    if fingerprint not in cover:
        problems.append("the cover does not show the fingerprint of the attached manifest.json")
    root = (bundle.manifest.get("signing") or {}).get("root_sha256")
    if isinstance(root, str) and root and root not in cover:
        problems.append("the cover does not show the signing root fingerprint recorded in the manifest")
    if problems:
        return Verdict("fingerprint", FAIL, "The cover does not match the attached manifest.", problems)
    return Verdict("fingerprint", PASS, f"Bundle fingerprint {fingerprint} is printed on the cover.")


def shown(value: Any, missing: str = "nothing") -> str:
    """A value read from a (possibly damaged) manifest or journal, in words: never `None`, `True` or a repr."""
    if value is None or value == "":
        return missing
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return str(value)
    if not isinstance(value, str):
        return "a value of the wrong kind"
    text = escaped(value)  # control and direction characters written out, as everywhere text is printed
    return text if len(text) <= 80 else text[:77] + "..."


def check_attachments(bundle: OpenedBundle) -> Verdict:
    files = bundle.manifest.get("files")
    if not isinstance(files, list):
        return Verdict("attachments", FAIL, "The manifest has no list of files.", [])
    problems: list[str] = []
    expected = {MANIFEST_FILE}
    for entry in files:
        raw = entry.get("file") if isinstance(entry, dict) else None
        expected.add(raw if isinstance(raw, str) else "")
        found = bundle.attachments.get(raw) if isinstance(raw, str) else None
        name = shown(raw, "(unnamed entry)")  # the name as said; `raw` is what is looked up
        if not found:
            problems.append(f"{name} is missing from the PDF")
            continue
        if len(found) > 1:
            problems.append(f"{name} is attached more than once")
        try:
            data = found[0]
        except Exception:  # a damaged stream: this file fails, the others are still checked
            problems.append(f"{name} cannot be read from the PDF (its data is damaged)")
            continue
        digest = _sha(data)
        if digest != entry.get("sha256"):
            problems.append(f"{name} has SHA-256 {digest}, the manifest says {shown(entry.get('sha256'))}")
        elif entry.get("size") is not None and len(data) != entry.get("size"):
            problems.append(f"{name} has {len(data)} bytes, the manifest says {shown(entry.get('size'))}")
        del data
    problems += [f"{name} is attached but not listed in the manifest" for name in bundle.attachments
                 if name not in expected]
    if problems:
        return Verdict("attachments", FAIL, "Attached files do not match the manifest.", problems)
    return Verdict("attachments", PASS, f"All {len(files)} attached files match the SHA-256 in the manifest.")


def _said_somehow(text: str, **fields: str) -> tuple[str, ...]:
    """`text` as each language evidencekit speaks writes it, English first, whitespace removed as in
    page_text: the bundle is in the police's language, which need not be the reader's."""
    forms: list[str] = []
    folder = locale_dir()  # the catalogues installed now (not the folder another caller last spoke from)
    for language in [SOURCE_LANGUAGE, *available_languages(folder)]:
        with using_language(language, localedir=folder):
            said = re.sub(r"\s+", "", _(text).format(**fields))
        if said not in forms:
            forms.append(said)
    return tuple(forms)


def check_exhibit_pages(bundle: OpenedBundle) -> Verdict:
    exhibits = bundle.manifest.get("exhibits")
    if not isinstance(exhibits, list):
        return Verdict("exhibit pages", FAIL, "The manifest has no list of exhibits.", [])
    problems: list[str] = []
    pages = len(bundle.reader.pages)
    for entry in exhibits:
        reference = shown(entry.get("reference"), "?") if isinstance(entry, dict) else "?"
        page = entry.get("page") if isinstance(entry, dict) else None
        if not isinstance(page, int) or isinstance(page, bool) or not 1 <= page <= pages:
            problems.append(f"{reference}: its page number ({shown(page)}) is not in this PDF")
            continue
        text = bundle.page_text(page)
        original = str((entry.get("original") or {}).get("sha256", ""))
        wanted = [_said_somehow(N_("Exhibit {reference}"), reference=reference), (original,)]
        view = entry.get("view") or {}
        if view.get("kind") == "redacted":
            wanted += [(str(view.get("sha256", "")),), _said_somehow(N_("REDACTED VIEW"))]
        missing = [forms[0] for forms in wanted if not any(form and form in text for form in forms)]
        if missing:
            problems.append(f"{reference}: page {page} does not show {', '.join(m or '(empty)' for m in missing)}")
    if problems:
        return Verdict("exhibit pages", FAIL, "Exhibit pages do not match the manifest.", problems)
    return Verdict("exhibit pages", PASS,
                   f"Each of the {len(exhibits)} exhibit pages shows its reference and SHA-256.")


def check_journal(bundle: OpenedBundle) -> Verdict:
    found = bundle.attachments.get(JOURNAL_FILE)
    if not found:
        return Verdict("custody journal", FAIL, f"{JOURNAL_FILE} is not attached.", [])
    chain = check_chain(found[0])
    recorded = bundle.manifest.get("journal") or {}
    problems = [] if chain.ok else [chain.problem]
    if chain.ok and chain.head != recorded.get("head"):
        problems.append("the journal's last hash is not the one recorded in the manifest")
    if chain.ok and chain.records != recorded.get("records"):
        problems.append(f"the journal has {chain.records} records, the manifest says {shown(recorded.get('records'))}")
    if chain.ok and chain.withheld != recorded.get("withheld_records", []):
        problems.append("the records marked withheld are not the ones the manifest lists")
    if problems:
        return Verdict("custody journal", FAIL, "The custody journal's chain is broken.", problems)
    extra = f"; {len(chain.withheld)} record(s) with withheld contact details link by their stated hash" \
        if chain.withheld else ""
    return Verdict("custody journal", PASS,
                   f"All {chain.records} records chain correctly ({chain.recomputed} hashes recomputed{extra}).")


def journal_records(bundle: OpenedBundle) -> dict[int, dict[str, Any]]:
    import json

    records: dict[int, dict[str, Any]] = {}
    for line in (bundle.attachments.get(JOURNAL_FILE) or [b""])[0].splitlines():
        record = json.loads(line)
        if isinstance(record, dict) and isinstance(record.get("seq"), int):
            records[record["seq"]] = record
    return records


def check_manifest_vs_journal(bundle: OpenedBundle) -> Verdict:
    records = journal_records(bundle)
    exhibits = bundle.manifest.get("exhibits") or []
    problems: list[str] = []
    origins = {"exhibit.captured": "captured", "exhibit.imported": "imported", "exhibit.derived": "derived"}
    removed = {r.get("object"): r for r in records.values() if r.get("action") == "exhibit.removed"}
    exhibit_events = [r for r in records.values() if r.get("action") in origins and r.get("object") not in removed]
    listed = {e.get("id"): e for e in bundle.manifest.get("removed") or []}
    if set(listed) != set(removed) or any(listed[i].get("sha256") != (removed[i].get("data") or {}).get("sha256")
                                          for i in removed if i in listed):
        problems.append("the exhibits removed for safeguarding in the manifest are not the ones the journal records")
    if len(exhibit_events) != len(exhibits):
        problems.append(f"the journal records {len(exhibit_events)} exhibits, the manifest lists {len(exhibits)}")
    for entry in exhibits:
        reference = shown(entry.get("reference"), "?")
        record = records.get(entry.get("journal_seq"))
        original = entry.get("original") or {}
        if record is None:
            problems.append(f"{reference}: no journal record #{shown(entry.get('journal_seq'))}")
            continue
        output = (record.get("outputs") or [{}])[0]
        origin = origins.get(str(record.get("action")))
        if record.get("object") != entry.get("id") or origin != entry.get("origin"):
            problems.append(f"{reference}: journal record #{record.get('seq')} is about another object")
        elif output.get("sha256") != original.get("sha256") or output.get("size") != original.get("size"):
            problems.append(f"{reference}: the SHA-256 or size differs from journal record #{record.get('seq')}")
    case = bundle.manifest.get("case") or {}
    if any(r.get("case") != case.get("id") for r in records.values()):
        problems.append("some journal records belong to another case")
    if problems:
        return Verdict("manifest vs journal", FAIL, "The manifest and the custody journal disagree.", problems)
    return Verdict("manifest vs journal", PASS,
                   f"Every exhibit in the manifest is the one recorded in the journal ({len(exhibits)} checked).")


def check_originals_zip(bundle: OpenedBundle) -> Verdict:
    name = bundle.manifest.get("originals_zip")
    if not name:
        return Verdict("originals ZIP", SKIP, "The originals are attached to the PDF or withheld; no ZIP.")
    path = bundle.path.with_name(Path(str(name)).name)
    if not path.is_file():
        return Verdict("originals ZIP", SKIP, f"{path.name} is not beside the PDF, so it was not checked.")
    expected = {str((e.get("original") or {}).get("file")): str((e.get("original") or {}).get("sha256"))
                for e in bundle.manifest.get("exhibits") or [] if (e.get("original") or {}).get("disposition") == "zip"}
    problems = []
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        for file_name, digest in expected.items():
            if file_name not in names:
                problems.append(f"{file_name} is missing from {path.name}")
                continue
            with archive.open(file_name) as member:
                hasher = hashlib.sha256()
                while chunk := member.read(1 << 20):
                    hasher.update(chunk)
            if hasher.hexdigest() != digest:
                problems.append(f"{file_name} in {path.name} does not match its SHA-256 in the manifest")
        if SUMS_FILE in names:
            sums = archive.read(SUMS_FILE).decode("ascii", "replace")
            for file_name, digest in expected.items():
                if f"{digest}  {file_name}" not in sums:
                    problems.append(f"{SUMS_FILE} does not list {file_name} with its manifest SHA-256")
    if problems:
        return Verdict("originals ZIP", FAIL, f"{path.name} does not match the manifest.", problems)
    return Verdict("originals ZIP", PASS, f"All {len(expected)} originals in {path.name} match the manifest.")

