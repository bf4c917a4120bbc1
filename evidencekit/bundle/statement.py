"""The producer's statement and the producer's exhibit labels (JS/1), from the case and its custody journal.

Who produced the exhibits is read from the journal (the actor of each capture or import record: the
victim, or a support worker by name); when, and with what, from the same records; what was done to
them from the redaction, import, transcript and OCR records. The declaration follows a public form
only where its wording is fixed by law and the case's country uses it:

- England and Wales: section 9 of the Criminal Justice Act 1967, in the words of form MG11's
  declaration (section 9(2)(b) requires a declaration "to the effect that it is true to the best of
  his knowledge and belief and that he made the statement knowing that, if it were tendered in
  evidence, he would be liable to prosecution if he wilfully stated in it anything which he knew to be
  false or did not believe to be true");
- Northern Ireland: section 1(2)(b) of the Criminal Justice (Miscellaneous Provisions) Act (Northern
  Ireland) 1968, which requires a declaration to the same effect;
- anywhere else: a plain statement of truth, signed, that claims no legal form.

Both Acts also ask a maker under 18 to give their age (s.9(3)(a); s.1(4)(a)): the page has a line for it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from evidencekit.i18n import N_

LABELS_ACTION = "exhibits.labelled"
FORMS = ("auto", "england-wales", "northern-ireland", "plain")
MAX_INITIALS = 5

FORM_NAMES = {
    "england-wales": N_("This statement follows the declaration of a witness statement under section 9 of the "
                        "Criminal Justice Act 1967 (England and Wales), in the words of form MG11. It is not an "
                        "MG11 form itself; the officer may take the statement on their own form instead."),
    "northern-ireland": N_("This statement follows the declaration required of a written statement by section "
                           "1(2)(b) of the Criminal Justice (Miscellaneous Provisions) Act (Northern Ireland) 1968. "
                           "It is not a police form itself; the officer may take the statement on their own form "
                           "instead."),
    "plain": N_("This is a plain signed statement. It does not follow any country's legal form for witness "
                "statements; the officer may take a statement on their own form instead."),
}
DECLARATIONS = {
    "england-wales": N_("This statement (consisting of ____ page(s) each signed by me) is true to the best of my "
                        "knowledge and belief and I make it knowing that, if it is tendered in evidence, I shall be "
                        "liable to prosecution if I have wilfully stated in it anything which I know to be false, or "
                        "do not believe to be true."),
    "northern-ireland": N_("This statement, consisting of ____ page(s) each signed by me, is true to the best of my "
                           "knowledge and belief and I make it knowing that, if it is tendered in evidence, I shall "
                           "be liable to prosecution if I have wilfully stated in it anything which I know to be "
                           "false or do not believe to be true."),
    "plain": N_("I believe that the facts stated in this statement are true."),
}


@dataclass(frozen=True)
class Producer:
    role: str  # victim | support worker | ...
    name: str  # "" when not known (the page leaves a line to write it)
    organisation: str = ""


@dataclass
class Statement:
    """What the statement page says, worked out once from the case and its journal."""

    form: str  # england-wales | northern-ireland | plain
    producer: Producer
    first_utc: str
    last_utc: str
    tools: list[str]
    others: list[tuple[str, list[str]]]  # (who, references) for exhibits someone else recorded
    done: list[str] = field(default_factory=list)  # sentences: what was done to the exhibits


def statement_form(choice: str, country: str | None) -> str:
    """The form for `choice` (auto: the case's country's, where known; else plain)."""
    if choice != "auto":
        return choice
    return "england-wales" if (country or "").upper() in ("GB", "UK") else "plain"


def producer_labels(events: Sequence[Any], exhibits: Sequence[Any]) -> dict[str, str]:
    """Exhibit id -> 'JS/3' from the last `exhibits.labelled` record (initials; '' turns labels off).

    The number is the exhibit's own EK number, so a label never changes once given (EK-003 is JS/3 in
    every bundle), and a gap shows where an exhibit was removed."""
    initials = ""
    for event in events:
        if getattr(event, "action", None) == LABELS_ACTION:
            initials = str(event.data.get("initials") or "")
    if not initials:
        return {}
    return {exhibit.id: f"{initials}/{exhibit.number}" for exhibit in exhibits}


def check_initials(text: str) -> str:
    """Initials as given ('js' -> 'JS'); UsageError unless 1-5 letters."""
    from evidencekit.errors import UsageError
    from evidencekit.i18n import _

    value = text.strip().upper()
    if not value:
        return ""
    if len(value) > MAX_INITIALS or not all(ch.isalpha() for ch in value):
        raise UsageError(_("Initials are 1 to {most} letters, for example JS; {text!r} is not.").format(
            most=MAX_INITIALS, text=text))
    return value


def _actor(event: Any) -> tuple[str, str]:
    actor = event.actor if isinstance(event.actor, dict) else {}
    return str(actor.get("role") or "victim"), str(actor.get("name") or "")


def build_statement(state: Any, events: Sequence[Any], details: dict[str, Any], *, form: str,
                    contact_left_out: bool) -> Statement:
    """The statement's facts: producer (who recorded most exhibits), times, tools, what was done."""
    from evidencekit.i18n import _, ngettext

    by_seq = {event.seq: event for event in events}
    recorded = [(exhibit, by_seq.get(exhibit.event_seq)) for exhibit in state.exhibits]
    counts = Counter(_actor(event) for _exhibit, event in recorded if event is not None and
                     _exhibit.origin != "derived")
    producer_actor = counts.most_common(1)[0][0] if counts else ("victim", "")
    role, name = producer_actor
    prepared = details.get("prepared_by") or {}
    organisation = ""
    if role != "victim" and prepared.get("name") and (not name or name == prepared.get("name")):
        name = name or str(prepared.get("name"))
        organisation = str(prepared.get("organisation") or "")
    if role == "victim" and not name and not contact_left_out:
        name = str((details.get("victim_contact") or {}).get("name") or "")
    times = sorted(str(event.time.get("utc", "")) for _exhibit, event in recorded if event is not None)
    tools: list[str] = []
    for _exhibit, event in recorded:
        if event is not None and event.app not in tools:
            tools.append(event.app)
    others: dict[str, list[str]] = {}
    for exhibit, event in recorded:
        if event is None or exhibit.origin == "derived" or _actor(event) == producer_actor:
            continue
        who_role, who_name = _actor(event)
        others.setdefault(f"{who_role} {who_name}".strip(), []).append(exhibit.reference)
    done: list[str] = []
    references = {exhibit.id: exhibit.reference for exhibit in state.exhibits}
    for exhibit in state.exhibits:
        if exhibit.redaction and exhibit.redaction.boxes:
            count = len(exhibit.redaction.boxes)
            done.append(ngettext("{ref}: part of the picture is covered by {count} solid black box in the view "
                                 "printed in this bundle; the original is kept unchanged.",
                                 "{ref}: parts of the picture are covered by {count} solid black boxes in the "
                                 "view printed in this bundle; the original is kept unchanged.", count).format(
                ref=exhibit.reference, count=count))
        if exhibit.origin == "imported":
            # No file name here: a covered exhibit's name is withheld from the bundle (its exhibit page says
            # what the file claims, or that the name is withheld).
            done.append(_("{ref}: imported from a file I had, copied byte for byte; its file name, modified time "
                          "and EXIF details are what the file itself says (see its exhibit page), not checked "
                          "by me.").format(ref=exhibit.reference))
        if exhibit.origin == "derived":
            source = references.get(exhibit.derived_from, "")
            done.append(_("{ref}: a transcript evidencekit made from {source}; {source} itself is unchanged.").format(
                ref=exhibit.reference, source=source or _("another exhibit")))
    read = {event.data.get("derived", {}).get("from", {}).get("object") for event in events
            if event.action == "object.added" and isinstance(event.data.get("derived"), dict)}
    read_refs = sorted(references[object_id] for object_id in read if object_id in references)
    if read_refs:
        done.append(_("The text in {refs} was read by OCR (character recognition) to make it searchable; the "
                      "pictures were not changed.").format(refs=", ".join(read_refs)))
    if not done:
        done.append(_("Nothing was done to the exhibits after they were recorded: each is the original as it "
                      "was captured or imported."))
    return Statement(form=form, producer=Producer(role, name, organisation), first_utc=times[0] if times else "",
                     last_utc=times[-1] if times else "", tools=tools,
                     others=sorted(others.items()), done=done)
