"""Every fact of the guidance with where it comes from, for `evidencekit guidance --sources` and for the
staleness check that CI runs (a fact or page last checked more than 12 months ago fails a test, so an
outdated number shows up in review, not in a victim's hands)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from evidencekit.guidance.content import Guidance
from evidencekit.guidance.model import Source

STALE_AFTER_MONTHS = 12


@dataclass(frozen=True)
class Fact:
    """One checked piece of the guidance: `where` names it ("platform snapchat, hide")."""

    where: str
    sources: tuple[Source, ...]
    last_verified: str  # YYYY-MM
    verified: bool


def facts(guidance: Guidance) -> list[Fact]:
    """Every step, platform section and country route (regions included), in display order."""
    found = [Fact(f"step {step.id}", step.sources, step.last_verified, True) for step in guidance.steps_in_order]
    if guidance.handover:
        prov = guidance.handover.provenance
        found.append(Fact("hand-over", prov.sources, prov.last_verified, prov.verified))
    for platform in guidance.platforms():
        sections = [("", platform.provenance), ("report", platform.report.provenance),
                    ("hide", platform.hide.provenance), ("identity", platform.identity.provenance)]
        if platform.capture:
            sections.append(("capture", platform.capture.provenance))
        for name, prov in sections:
            found.append(Fact(f"platform {platform.id}{', ' + name if name else ''}", prov.sources,
                              prov.last_verified, prov.verified))
    for country in guidance.countries():
        for route in country.routes():
            prov = route.provenance
            found.append(Fact(f"country {country.code}, {route.name}", prov.sources, prov.last_verified,
                              prov.verified))
        for region in country.regions:
            prov = region.provenance
            found.append(Fact(f"country {country.code}, {region.name}", prov.sources, prov.last_verified,
                              prov.verified))
    return found


def _months_between(earlier: tuple[int, int], today: date) -> int:
    return (today.year - earlier[0]) * 12 + today.month - earlier[1]


def stale(guidance: Guidance, today: date, months: int = STALE_AFTER_MONTHS) -> list[str]:
    """One sentence per fact or source last checked more than `months` months before `today`."""
    problems = []
    for fact in facts(guidance):
        year, month = (int(part) for part in fact.last_verified.split("-"))
        if _months_between((year, month), today) > months:
            problems.append(f"{fact.where} was last checked in {fact.last_verified}")
    for source in guidance.sources.values():
        checked = date.fromisoformat(source.checked)
        if _months_between((checked.year, checked.month), today) > months or \
                (_months_between((checked.year, checked.month), today) == months and checked.day < today.day):
            problems.append(f"the source '{source.id}' ({source.address}) was last checked on {source.checked}")
    return problems


def uses(guidance: Guidance) -> dict[str, int]:
    """How many facts cite each source (0 for an unused one)."""
    counts = dict.fromkeys(guidance.sources, 0)
    for fact in facts(guidance):
        for source in dict.fromkeys(fact.sources):
            counts[source.id] += 1
    return counts
