"""`Guidance`: the whole content, with the small lookup API the window, the bundle and the CLI use."""

from __future__ import annotations

from dataclasses import dataclass

from evidencekit.errors import UsageError
from evidencekit.guidance.handover import HandoverTexts
from evidencekit.guidance.model import INTERNATIONAL, Country, Platform, Route, Source, Step, StepText

STEP_IDS = ("stop", "profile", "conversation", "details", "report", "deactivate", "police", "support")
PLATFORM_IDS = ("facebook", "instagram", "snapchat", "x", "tiktok", "discord", "teams", "whatsapp",
                "telegram", "google", "other")
COUNTRY_CODES = ("GB", "US", "CA", "AU", "IE", "NZ", INTERNATIONAL)


@dataclass(frozen=True)
class Guidance:
    """Steps in flow order, platforms in menu order, countries with INTL last, and the sources."""

    steps_in_order: tuple[Step, ...]
    platforms_in_order: tuple[Platform, ...]
    countries_in_order: tuple[Country, ...]
    sources: dict[str, Source]
    handover: HandoverTexts | None = None  # what to do with the bundle (resources/guidance/handover.toml)

    def handover_texts(self) -> HandoverTexts:
        assert self.handover is not None  # the loader always reads it
        return self.handover

    def step_ids(self) -> tuple[str, ...]:
        return tuple(step.id for step in self.steps_in_order)

    def step(self, step_id: str, under_18: bool = False) -> StepText:
        """The words of one step; UsageError names the known steps when `step_id` is not one."""
        for step in self.steps_in_order:
            if step.id == step_id:
                return step.text(under_18)
        raise UsageError(f"There is no step '{step_id}'; choose one of: {', '.join(self.step_ids())}.")

    def steps(self, under_18: bool = False) -> list[StepText]:
        return [step.text(under_18) for step in self.steps_in_order]

    def platform(self, platform_id: str) -> Platform:
        """One platform by id (case-insensitive); UsageError names the known ids otherwise."""
        wanted = platform_id.strip().lower()
        for platform in self.platforms_in_order:
            if platform.id == wanted or wanted in platform.aliases:
                return platform
        known = ", ".join(p.id for p in self.platforms_in_order)
        raise UsageError(f"There is no guidance for the platform '{platform_id}'; choose one of: {known}.")

    def platforms(self) -> list[Platform]:
        return list(self.platforms_in_order)

    def find_country(self, code: str) -> Country | None:
        """The country for an ISO code or alias (UK → GB), or None when there is no specific guidance."""
        wanted = code.strip().upper()
        for country in self.countries_in_order:
            if wanted == country.code or wanted in country.aliases:
                return country
        return None

    def country(self, code: str | None) -> Country:
        """The country's routes, or the international fallback for any country without its own file."""
        found = self.find_country(code) if code else None
        return found or self.international()

    def international(self) -> Country:
        found = self.find_country(INTERNATIONAL)
        assert found is not None  # the loader refuses content without it
        return found

    def countries(self) -> list[Country]:
        return list(self.countries_in_order)

    def crisis_line(self, code: str | None) -> Route:
        """The crisis line for the "I am scared" button: always present, for every country."""
        return self.country(code).crisis_line
