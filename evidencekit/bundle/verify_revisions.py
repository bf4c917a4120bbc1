"""What changed after the signature: the later revisions of a signed bundle, named for the officer, and
the signed revision itself (`evidencekit verify --extract-signed OUT.pdf`).

evidencekit signs a bundle once and appends nothing after the signature, so any incremental update is a
change by someone else. The signature check already fails such a file; this check says what the later
revisions do, comparing the document as signed with the document as a reader shows it now: pages added,
removed or changed, annotations, attachments, form fields, the catalog (actions run on opening, document
JavaScript, metadata) and the document information.

pyHanko reads the revisions: which revision the signature covers (`signed_revision`, with its coverage
level), which objects each later revision writes (`xrefs.explicit_refs_in_revision`), and the document as
it stood in any revision (`get_historical_resolver`). The signed revision is the file's first
`ByteRange` end bytes, exactly what the signature covers (as "view signed version" in PDF readers).
"""

from __future__ import annotations

import hashlib
import mmap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidencekit.bundle.verify_checks import FAIL, PASS, SKIP, OpenedBundle, Verdict
from evidencekit.i18n import N_, _

NAME = "changes after signing"
_MAX_OBJECTS = 20_000  # per walk: a hostile file cannot make the comparison run away
_MAX_PAGES = 100_000
_ANNOTATION_KINDS = {
    "/FreeText": N_("a text box"), "/Text": N_("a note"), "/Stamp": N_("a stamp"), "/Square": N_("a rectangle"),
    "/Circle": N_("an ellipse"), "/Ink": N_("a freehand drawing"), "/Line": N_("a line"),
    "/Polygon": N_("a polygon"), "/PolyLine": N_("a polyline"), "/Link": N_("a link"),
    "/Widget": N_("a form field"), "/FileAttachment": N_("an attached file"), "/Highlight": N_("a highlight"),
    "/Underline": N_("an underline"), "/StrikeOut": N_("a strike-out"), "/Squiggly": N_("a squiggly underline"),
    "/Redact": N_("a redaction mark"), "/Popup": N_("a pop-up note"), "/Caret": N_("a caret"),
    "/Sound": N_("a sound"), "/Movie": N_("a movie"), "/Screen": N_("a media screen"),
    "/RichMedia": N_("rich media"), "/3D": N_("a 3D object"), "/Watermark": N_("a watermark"),
}
_CATALOG_KEYS = {
    "/OpenAction": N_("the action run when the file is opened"), "/AA": N_("the actions run on document events"),
    "/Names/JavaScript": N_("the document's JavaScript"), "/Metadata": N_("the XMP metadata"),
    "/Outlines": N_("the bookmarks"), "/AF": N_("the list of associated files"),
    "/Perms": N_("the signature permissions"), "/PageLabels": N_("the page labels"),
    "/ViewerPreferences": N_("the viewer preferences"), "/Lang": N_("the language"),
    "/Dests": N_("the named destinations"), "/Names/Dests": N_("the named destinations"),
    "/OCProperties": N_("the layers"), "/PageMode": N_("how the file opens"),
    "/PageLayout": N_("how the file opens"), "/URI": N_("the base web address"), "/Names/EmbeddedFiles": "",
    "/Pages": "", "/AcroForm": "",
}  # "": named in detail by the page, attachment and form-field comparisons
_SKIP_KEYS = frozenset({"/Parent", "/P", "/Annots", "/StructParent", "/StructParents"})


@dataclass
class Revisions:
    """The signature's revision and what the later ones change, in sentences for the officer."""

    signed_revision: int
    total_revisions: int
    signed_end: int
    file_size: int
    changes: list[str] = field(default_factory=list)

    @property
    def later(self) -> int:
        return self.total_revisions - 1 - self.signed_revision


class _State:
    """The document as it stood in one revision, with a digest of any object and what it refers to."""

    def __init__(self, resolver: Any) -> None:
        self.resolver = resolver
        self.root = resolver.root
        self._page_keys: set[tuple[int, int]] | None = None

    def digest(self, obj: Any, skip: frozenset[str] = _SKIP_KEYS) -> str:
        """SHA-256 over `obj` and every object it refers to (except through `skip` keys, and pages, which are
        compared on their own): equal in two revisions when nothing reachable from it changed."""
        hasher = hashlib.sha256()
        seen: set[tuple[int, int]] = set(self.page_keys())
        if hasattr(obj, "idnum"):
            seen.discard((obj.idnum, obj.generation))
        self._feed(hasher, obj, skip, seen)
        return hasher.hexdigest()

    def page_keys(self) -> set[tuple[int, int]]:
        if self._page_keys is None:
            self._page_keys = {_key(page) for page in self.pages()}
        return self._page_keys

    def _feed(self, hasher: Any, obj: Any, skip: frozenset[str], seen: set[tuple[int, int]]) -> None:
        from pyhanko.pdf_utils import generic

        if len(seen) > _MAX_OBJECTS + _MAX_PAGES:
            raise ValueError("too many objects")
        if isinstance(obj, generic.IndirectObject):
            key = (obj.idnum, obj.generation)
            hasher.update(b"R%d,%d;" % key)
            if key in seen:
                return
            seen.add(key)
            self._feed(hasher, self.resolver.get_object(obj.reference), skip, seen)  # as in this revision
            return
        if isinstance(obj, generic.StreamObject):
            hasher.update(b"S" + hashlib.sha256(obj.encoded_data).digest())
        if isinstance(obj, generic.DictionaryObject):
            hasher.update(b"{")
            for key in sorted(obj):
                if key in skip:
                    continue
                hasher.update(str(key).encode("utf-8", "replace") + b":")
                self._feed(hasher, obj.raw_get(key), skip, seen)
            hasher.update(b"}")
        elif isinstance(obj, generic.ArrayObject):
            hasher.update(b"[")
            for index in range(len(obj)):
                self._feed(hasher, obj.raw_get(index), skip, seen)
            hasher.update(b"]")
        elif not isinstance(obj, generic.StreamObject):
            hasher.update(repr(obj).encode("utf-8", "replace") + b";")

    def pages(self) -> list[Any]:
        """The page dictionaries' references, in reading order (a cycle or a huge tree stops the walk)."""
        out: list[Any] = []
        seen: set[tuple[int, int]] = set()

        def walk(node_ref: Any) -> None:
            key = (node_ref.idnum, node_ref.generation)
            if key in seen or len(out) > _MAX_PAGES:
                return
            seen.add(key)
            node = node_ref.get_object()
            if _get(node, "/Type") == "/Pages" or "/Kids" in node:
                kids = _get(node, "/Kids")
                for index in range(len(kids) if kids is not None else 0):
                    kid = kids.raw_get(index)
                    if hasattr(kid, "idnum"):
                        walk(kid)
            else:
                out.append(node_ref)

        walk(self.root.raw_get("/Pages"))
        return out

    def annotations(self, page_ref: Any) -> list[Any]:
        annots = _get(page_ref.get_object(), "/Annots")
        if annots is None:
            return []
        return [annots.raw_get(i) for i in range(len(annots)) if hasattr(annots.raw_get(i), "idnum")]

    def attachments(self) -> dict[str, Any]:
        """Embedded file name -> its file specification (walking the EmbeddedFiles name tree)."""
        names = _get(self.root, "/Names")
        tree = _get(names, "/EmbeddedFiles") if names is not None else None
        found: dict[str, Any] = {}
        if tree is not None:
            self._name_tree(tree, found, set())
        return found

    def _name_tree(self, node: Any, found: dict[str, Any], seen: set[int]) -> None:
        if id(node) in seen or len(seen) > _MAX_OBJECTS:
            return
        seen.add(id(node))
        pairs = _get(node, "/Names")
        if pairs is not None:
            for index in range(0, len(pairs) - 1, 2):
                found[str(pairs[index])] = pairs.raw_get(index + 1)
        kids = _get(node, "/Kids")
        for index in range(len(kids) if kids is not None else 0):
            self._name_tree(kids[index], found, seen)

    def fields(self) -> dict[str, Any]:
        """Form fields by fully qualified name."""
        form = _get(self.root, "/AcroForm")
        found: dict[str, Any] = {}
        if form is None or _get(form, "/Fields") is None:
            return found
        seen: set[tuple[int, int]] = set()

        def walk(ref: Any, prefix: str) -> None:
            if not hasattr(ref, "idnum") or (ref.idnum, ref.generation) in seen or len(seen) > _MAX_OBJECTS:
                return
            seen.add((ref.idnum, ref.generation))
            node = ref.get_object()
            title = _get(node, "/T")
            name = prefix if title is None else (f"{prefix}.{title}" if prefix else str(title))
            found[name] = ref
            kids = _get(node, "/Kids")
            for index in range(len(kids) if kids is not None else 0):
                walk(kids.raw_get(index), name)

        fields = form["/Fields"]
        for index in range(len(fields)):
            walk(fields.raw_get(index), "")
        return found

    def info(self) -> Any:
        """The document information dictionary's reference in this revision (the trailer view resolves
        to the newest revision, so only the reference is taken from it)."""
        trailer = self.resolver.trailer_view
        return trailer.raw_get("/Info") if "/Info" in trailer else None

    def catalog_parts(self) -> dict[str, Any]:
        parts = {str(key): self.root.raw_get(key) for key in self.root}
        names = _get(self.root, "/Names")
        if names is not None:
            parts.pop("/Names", None)
            parts.update({f"/Names{key}": names.raw_get(key) for key in names})
        return parts


def _get(obj: Any, key: str) -> Any:
    """obj[key] resolved, or None (pyHanko's DictionaryObject.get returns references unresolved)."""
    return obj[key] if obj is not None and key in obj else None


def _key(ref: Any) -> tuple[int, int]:
    return ref.idnum, ref.generation


def _annotation_words(state: _State, ref: Any, page: int) -> str:
    annotation = ref.get_object()
    kind = _(_ANNOTATION_KINDS.get(str(_get(annotation, "/Subtype")), N_("an annotation")))
    text = _get(annotation, "/Contents")
    said = f" saying {str(text)[:60]!r}" if text else ""
    return _("{kind}{said} on page {page}").format(kind=kind, said=said, page=page)


def _compare(signed: _State, now: _State) -> Iterator[str]:
    before, after = signed.pages(), now.pages()
    before_keys, after_keys = [_key(p) for p in before], [_key(p) for p in after]
    added = [index + 1 for index, key in enumerate(after_keys) if key not in before_keys]
    removed = [index + 1 for index, key in enumerate(before_keys) if key not in after_keys]
    if added:
        yield _("{count} page(s) added: page(s) {pages} of the file as it is now").format(
            count=len(added), pages=", ".join(map(str, added[:20])))
    if removed:
        yield _("{count} page(s) removed: page(s) {pages} of the file as signed").format(
            count=len(removed), pages=", ".join(map(str, removed[:20])))
    if not added and not removed and before_keys != after_keys:
        yield _("the pages are in another order than when signed")
    old_pages = dict(zip(before_keys, before, strict=True))
    for number, page in enumerate(after, start=1):
        old = old_pages.get(_key(page))
        if old is None:
            continue
        if signed.digest(old) != now.digest(page):
            yield _("page {page} changed (what it draws, its pictures or its fonts)").format(page=number)
        old_annots = {_key(a): a for a in signed.annotations(old)}
        new_annots = {_key(a): a for a in now.annotations(page)}
        for key, ref in new_annots.items():
            if key not in old_annots:
                yield _("annotation added: {what}").format(what=_annotation_words(now, ref, number))
            elif signed.digest(old_annots[key]) != now.digest(ref):
                yield _("annotation changed: {what}").format(what=_annotation_words(now, ref, number))
        for key, ref in old_annots.items():
            if key not in new_annots:
                yield _("annotation removed: {what}").format(what=_annotation_words(signed, ref, number))
    yield from _compare_named(_("attachment"), signed.attachments(), now.attachments(), signed, now)
    yield from _compare_named(_("form field"), signed.fields(), now.fields(), signed, now,
                              skip=frozenset({"/Parent", "/P", "/Kids"}))
    old_parts, new_parts = signed.catalog_parts(), now.catalog_parts()
    for part in sorted(set(old_parts) | set(new_parts)):
        known = _CATALOG_KEYS.get(part)
        if known == "":
            continue
        words = _(known) if known else _("the document catalog's {key} entry").format(key=part)
        if part not in old_parts:
            yield _("{what} added").format(what=words)
        elif part not in new_parts:
            yield _("{what} removed").format(what=words)
        elif signed.digest(old_parts[part]) != now.digest(new_parts[part]):
            yield _("{what} changed").format(what=words)
    old_info, new_info = signed.info(), now.info()
    if (old_info is None) != (new_info is None) or (
            old_info is not None and signed.digest(old_info) != now.digest(new_info)):
        yield _("the document information (title, author, dates) changed")


def _compare_named(what: str, before: dict[str, Any], after: dict[str, Any], signed: _State, now: _State,
                   skip: frozenset[str] = _SKIP_KEYS) -> Iterator[str]:
    for name in sorted(set(before) | set(after)):
        if name not in before:
            yield _("{what} added: {name}").format(what=what, name=name)
        elif name not in after:
            yield _("{what} removed: {name}").format(what=what, name=name)
        elif signed.digest(before[name], skip) != now.digest(after[name], skip):
            yield _("{what} changed: {name}").format(what=what, name=name)


def read_revisions(path: Path) -> Revisions | None:
    """The revisions of the signed file at `path`, or None when it has no signature (or more than one:
    the signature check fails those). Raises on a file too damaged to compare."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    with path.open("rb") as handle:
        reader = PdfFileReader(handle, strict=False)
        signatures = list(reader.embedded_signatures)
        if len(signatures) != 1:
            return None
        embedded = signatures[0]
        from pyhanko.sign.validation.status import SignatureCoverageLevel

        if embedded.evaluate_signature_coverage() < SignatureCoverageLevel.ENTIRE_REVISION:
            return None  # the signature check says the signature does not cover a whole revision
        ranges = [int(value) for value in embedded.sig_object["/ByteRange"]]
        size = path.stat().st_size
        revisions = Revisions(embedded.signed_revision, reader.xrefs.total_revisions, ranges[2] + ranges[3], size)
        if revisions.later > 0:
            signed = _State(reader.get_historical_resolver(revisions.signed_revision))
            now = _State(reader.get_historical_resolver(revisions.total_revisions - 1))
            revisions.changes = list(dict.fromkeys(_compare(signed, now)))
            written = sum(len(reader.xrefs.explicit_refs_in_revision(rev))
                          for rev in range(revisions.signed_revision + 1, revisions.total_revisions))
            if not revisions.changes:
                revisions.changes.append(_("{count} object(s) rewritten, none of them a page, annotation, "
                                           "attachment or form field").format(count=written))
        elif size > revisions.signed_end and open_tail(path, revisions.signed_end).strip(b"\r\n\0 "):
            revisions.changes.append(_("{count} byte(s) appended after the signed revision that are not a PDF "
                                       "revision").format(count=size - revisions.signed_end))
        return revisions


def open_tail(path: Path, start: int) -> bytes:
    with path.open("rb") as handle:
        handle.seek(start)
        return handle.read(1 << 16)


def check_later_revisions(bundle: OpenedBundle) -> Verdict:
    if bundle.unsigned:
        return Verdict(NAME, SKIP, _("The file is not signed, so there is no signed revision to compare with."))
    revisions = read_revisions(bundle.path)
    if revisions is None:
        return Verdict(NAME, SKIP, _("The file does not have exactly one signature; see the signature check."))
    return revisions_verdict(revisions)


def revisions_verdict(revisions: Revisions) -> Verdict:
    if not revisions.changes:
        return Verdict(NAME, PASS, _("Nothing was added to the file after it was signed."))
    if revisions.later:
        message = _("The file was changed after it was signed: {count} later revision(s) appended. The file as "
                    "signed can be saved with --extract-signed OUT.pdf.").format(count=revisions.later)
    else:
        message = _("Data was appended after the signed file. The file as signed can be saved with "
                    "--extract-signed OUT.pdf.")
    return Verdict(NAME, FAIL, message, revisions.changes)


def extract_signed_revision(path: Path, out: Path) -> int:
    """Write the revision the signature covers to `out` (a new file, atomically); its size in bytes.

    Raises UsageError when the file has no single signature covering a whole revision, or `out` exists."""
    from evidencekit.errors import UsageError
    from evidencekit.fsio import atomic_write

    try:
        revisions = read_revisions(path)
    except Exception as exc:  # a damaged file: nothing to extract, said in a sentence
        raise UsageError(_("The signed revision of {name} cannot be found: the file is damaged. Nothing was "
                           "written.").format(name=path.name)) from exc
    if revisions is None or not 0 < revisions.signed_end <= revisions.file_size:
        raise UsageError(_("{name} does not have exactly one signature, so there is no signed revision to "
                           "extract. Nothing was written.").format(name=path.name))
    if out.exists():
        raise UsageError(_("{out} already exists. Choose another name for the signed revision. Nothing was "
                           "written.").format(out=out))
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
        atomic_write(out, mapped[:revisions.signed_end], overwrite=False)
    return revisions.signed_end
