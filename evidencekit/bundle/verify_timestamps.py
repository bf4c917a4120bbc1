"""The `trusted time` check of `evidencekit verify`: every time-stamp token in the bundle's custody journal.

Called from verify.py after its own checks (one verdict). The tokens are in the attached
`custody-journal.jsonl` (`timestamp.attached` records); each is checked against the chain it is part of
(evidencekit/timestamp/chain_check.py): imprint = hash of the record it covers, the TSA's signature,
its certificate valid at the token's time, and whether that certificate leads to a root this computer's
trust store holds (or one the officer named with --tsa-roots). Not trusted is said plainly; it is not a
failure of the bundle, since which time-stamping services to trust is the reader's choice.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from evidencekit.bundle.journal_export import JOURNAL_FILE
from evidencekit.bundle.verify_checks import FAIL, PASS, SKIP, OpenedBundle, Verdict
from evidencekit.i18n import _

CHECK = "trusted time"  # i18n: not shown (the check's key, as the other checks' names)


def _journal_lines(bundle: OpenedBundle) -> list[dict[str, Any]] | None:
    found = bundle.attachments.get(JOURNAL_FILE)
    if not found or len(found) != 1:
        return None
    lines = []
    for raw in found[0].decode("utf-8").splitlines():
        if raw.strip():
            value = json.loads(raw)
            if not isinstance(value, dict):
                return None
            lines.append(value)
    return lines


def check_timestamps(bundle: OpenedBundle, extra_roots: Sequence[bytes] = ()) -> Verdict:
    from evidencekit.timestamp.case_stamps import ATTACHED
    from evidencekit.timestamp.chain_check import check_chain_tokens
    from evidencekit.timestamp.checks import system_roots

    try:
        lines = _journal_lines(bundle)
    except (ValueError, UnicodeDecodeError):
        lines = None
    if lines is None:
        return Verdict(CHECK, FAIL, _("The custody journal could not be read, so its time stamps were not checked."))
    if not any(line.get("action") == ATTACHED for line in lines):
        return Verdict(CHECK, SKIP, _("No trusted time stamp in this bundle: every time in it comes from the clock "
                                      "of the computer that recorded it."))
    results = check_chain_tokens(lines, [*system_roots(), *extra_roots])
    problems = [_("{label}: {problem}").format(label=item.label(), problem=problem)
                for item in results for problem in item.check.problems]
    if problems:
        return Verdict(CHECK, FAIL, _("{bad} of {count} time stamp(s) do not hold.").format(
            bad=sum(1 for item in results if not item.ok), count=len(results)), problems)
    untrusted = [item for item in results if not item.check.trusted]
    notes = [_("{label}: {note}").format(label=item.label(), note=note)
             for item in results for note in item.check.notes]
    described = "; ".join(item.describe() for item in results)
    if untrusted:
        return Verdict(CHECK, PASS, _("{count} time stamp(s) intact ({described}), but {untrusted} signed by a "
                                      "service whose certificate this computer does NOT trust: their times rest on "
                                      "that service alone (name its root with --tsa-roots to trust it).").format(
            count=len(results), described=described, untrusted=len(untrusted)), notes)
    return Verdict(CHECK, PASS, _("{count} time stamp(s) intact and signed by a trusted service: {described}.").format(
        count=len(results), described=described), notes)
