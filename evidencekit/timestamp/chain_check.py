"""Every time-stamp token in a custody journal, checked against the chain it is part of.

Used by `evidencekit verify` (on the journal attached to a bundle) and by `evidencekit timestamp list`
(on the case's own journal). A token must cover a record that comes before its own record in the same
chain, its imprint must be that record's hash, its signature must hold and its TSA's certificate must
have been valid at its time; whether that certificate leads to a trusted root is said separately.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from evidencekit.i18n import _
from evidencekit.timestamp.case_stamps import StoredToken, stored_tokens
from evidencekit.timestamp.checks import TokenCheck, check_token


@dataclass(frozen=True)
class ChainToken:
    stored: StoredToken
    check: TokenCheck

    @property
    def ok(self) -> bool:
        return self.check.intact and not self.check.problems

    def label(self) -> str:
        return _("The time stamp in record {record} (over record {covers})").format(
            record=self.stored.record, covers=self.stored.covers_seq)

    def describe(self) -> str:
        facts = self.check.facts
        if facts is None:
            return self.label()
        return _("{label}: {time} UTC, from {tsa}").format(
            label=self.label(), time=facts.time_text.replace("T", " ").removesuffix("Z"), tsa=facts.tsa_name)


def check_chain_tokens(lines: Sequence[dict[str, Any]], roots: Sequence[bytes]) -> list[ChainToken]:
    """Check each `timestamp.attached` record of `lines` (journal records as dicts, in chain order)."""
    hashes = {line.get("seq"): str(line.get("hash", "")) for line in lines}
    results = []
    for stored in stored_tokens(lines):
        covered = hashes.get(stored.covers_seq) if 0 < stored.covers_seq < stored.record else None
        if covered is None:
            check = TokenCheck(None, problems=[_("it names record {seq}, which is not a record before it in this "
                                                 "chain").format(seq=stored.covers_seq)])
        elif not stored.token:
            check = TokenCheck(None, problems=[_("its token is damaged and cannot be read")])
        else:
            check = check_token(stored.token, covered, roots=roots, extra_certificates=stored.certificates)
            if stored.covers_hash != covered:
                check.problems.append(_("the hash it names for record {seq} is not that record's").format(
                    seq=stored.covers_seq))
                check.intact = check.trusted = False
        results.append(ChainToken(stored, check))
    return results
