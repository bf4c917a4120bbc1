"""The guidance as plain, immutable data: steps, platforms, countries, and where each fact comes from.

Texts are already in the active language when these objects are built (see loader.py). Step texts are
Markdown (paragraphs, `- ` lists, `**bold**`); every other text is one plain sentence or a few.
"""

from __future__ import annotations

from dataclasses import dataclass

INTERNATIONAL = "INTL"  # the code of the international fallback ("Another country")


@dataclass(frozen=True)
class Source:
    """A public page the advice comes from: `name` is what the person sees ("From: ..."), `url` the page
    anyone can open, `checked` the day (YYYY-MM-DD) someone last read it for this guidance."""

    id: str
    name: str
    address: str  # the url without its scheme, to read and type
    url: str
    checked: str


@dataclass(frozen=True)
class Provenance:
    """Every fact carries its source, the month it was last checked, and whether it was verified.

    `verified` means someone read the fact on the named pages on or after `last_verified`'s month.
    Unverified facts never give a menu path; the texts send the person to the platform's help page.
    """

    sources: tuple[Source, ...]  # one or more public pages; the first is the main one
    last_verified: str  # YYYY-MM
    verified: bool

    @property
    def source(self) -> Source:
        return self.sources[0]


@dataclass(frozen=True)
class StepText:
    """One step as shown: the adult text, or the under-18 variant where the step has one."""

    id: str
    number: int
    title: str
    what_to_do: str
    why: str
    next: str
    under_18: bool
    sources: tuple[Source, ...]
    last_verified: str


@dataclass(frozen=True)
class Step:
    """One step of the guided flow, with optional under-18 replacements for each section."""

    id: str
    number: int
    title: str
    what_to_do: str
    why: str
    next: str
    under_18_what_to_do: str | None
    under_18_why: str | None
    under_18_next: str | None
    sources: tuple[Source, ...]
    last_verified: str

    def text(self, under_18: bool = False) -> StepText:
        """The words for an adult, or for someone under 18 (each section falls back to the adult one)."""

        def pick(adult: str, young: str | None) -> str:
            return young if under_18 and young else adult

        return StepText(
            id=self.id,
            number=self.number,
            title=self.title,
            what_to_do=pick(self.what_to_do, self.under_18_what_to_do),
            why=pick(self.why, self.under_18_why),
            next=pick(self.next, self.under_18_next),
            under_18=under_18,
            sources=self.sources,
            last_verified=self.last_verified,
        )


@dataclass(frozen=True)
class PlatformSteps:
    """How to report someone on a platform."""

    steps: tuple[str, ...]
    provenance: Provenance


@dataclass(frozen=True)
class AccountHiding:
    """How to keep the account but hide it, and the trap: where 'deactivate' really starts deletion."""

    steps: tuple[str, ...]
    deactivate_starts_deletion: bool
    trap: str
    instead: str
    provenance: Provenance


@dataclass(frozen=True)
class AccountIdentity:
    """Which identifier of the other person to record, and where to find it."""

    record: str
    where: str
    provenance: Provenance


@dataclass(frozen=True)
class CaptureNotes:
    """Platform quirks to know before taking pictures of the screen (e.g. screenshot alerts)."""

    notes: tuple[str, ...]
    provenance: Provenance


@dataclass(frozen=True)
class Platform:
    id: str
    name: str
    help_url: str | None
    provenance: Provenance
    report: PlatformSteps
    hide: AccountHiding
    identity: AccountIdentity
    capture: CaptureNotes | None
    aliases: tuple[str, ...] = ()  # other ids people type (skype → teams)

    @property
    def fully_verified(self) -> bool:
        """True when every section's steps were verified, so no 'check the help page' note is needed."""
        sections = [self.provenance, self.report.provenance, self.hide.provenance, self.identity.provenance]
        if self.capture:
            sections.append(self.capture.provenance)
        return all(section.verified for section in sections)


@dataclass(frozen=True)
class Route:
    """A number to call, or a place to report or get help (at least one of number and url)."""

    name: str
    text: str
    number: str | None
    url: str | None
    provenance: Provenance
    # A police route only: how the hand-over advice says to reach it, a phrase that follows "How to bring
    # it to the police (Country):" ("call your local police department's non-emergency number ..."), with
    # {number} and {url} for the route's own; None: the general phrase of handover.toml ("call **101** ...")
    handover: str | None = None


@dataclass(frozen=True)
class Region:
    """Where part of a country differs (Scotland): notes and the police routes that apply there."""

    name: str
    text: str
    emergency: Route | None
    non_emergency: Route | None
    report_online: tuple[Route, ...]
    provenance: Provenance


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166 alpha-2, or INTL for the international fallback
    name: str
    aliases: tuple[str, ...]
    emergency: Route
    non_emergency: Route
    report_online: tuple[Route, ...]
    crisis_line: Route
    adult_helplines: tuple[Route, ...]
    under_18: tuple[Route, ...]
    regions: tuple[Region, ...]

    @property
    def international(self) -> bool:
        """The fallback for every country without its own file: it has no name to put in a sentence."""
        return self.code == INTERNATIONAL

    def routes(self) -> list[Route]:
        """Every route of the country and its regions, for checks that apply to all of them."""
        found = [self.emergency, self.non_emergency, *self.report_online, self.crisis_line,
                 *self.adult_helplines, *self.under_18]
        for region in self.regions:
            found += [r for r in (region.emergency, region.non_emergency) if r] + list(region.report_online)
        return found
