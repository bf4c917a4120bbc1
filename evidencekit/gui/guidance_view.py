"""The guidance words the shell shows (step texts, crisis lines, countries), in one place.

They come from evidencekit.guidance when it provides them; until then a small reader of the same
resource files (resources/guidance/steps/*.md) and a short built-in list of crisis lines stand in.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import cache

from evidencekit.paths import resources_dir

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StepWords:
    """One step's words for the chosen route (adult or under 18)."""

    title: str
    what_to_do: str  # markdown-ish text: paragraphs and "- " bullets, **bold**
    why: str = ""
    what_next: str = ""


@dataclass(frozen=True)
class HelpLine:
    """Who to call right now in a country: a crisis line (and for young people, a youth line)."""

    name: str
    phone: str
    text: str = ""
    url: str = ""
    extra: list[str] = field(default_factory=list)


_FALLBACK_COUNTRIES = {
    "GB": "United Kingdom", "IE": "Ireland", "US": "United States", "CA": "Canada", "AU": "Australia",
    "NZ": "New Zealand", "DE": "Germany", "FR": "France", "NL": "Netherlands", "OTHER": "Another country",
}
_FALLBACK_CRISIS = {
    "GB": HelpLine("Samaritans", "116 123", "Free, any time, day or night."),
    "IE": HelpLine("Samaritans Ireland", "116 123", "Free, any time, day or night."),
    "US": HelpLine("988 Suicide & Crisis Lifeline", "988", "Call or text 988, any time."),
    "CA": HelpLine("9-8-8 Suicide Crisis Helpline", "988", "Call or text 988, any time."),
    "AU": HelpLine("Lifeline", "13 11 14", "Any time, day or night."),
    "NZ": HelpLine("Need to talk?", "1737", "Call or text 1737, any time."),
    "DE": HelpLine("TelefonSeelsorge", "0800 111 0 111", "Free, any time."),
    "FR": HelpLine("3114", "3114", "Free, any time."),
    "NL": HelpLine("113 Zelfmoordpreventie", "113", "Or 0800 0113, free."),
}
_EMERGENCY = HelpLine("Emergency services", "112 or 911",
                      "If you are in danger right now, call your local emergency number.")


def _guidance_module() -> object | None:
    try:
        import evidencekit.guidance as guidance
    except ImportError:
        return None
    return guidance


def countries() -> list[tuple[str, str]]:
    """(code, name) pairs for the country chooser."""
    guidance = _guidance_module()
    lister = getattr(guidance, "list_countries", None)
    if callable(lister):
        try:
            return [(c.code, c.name) for c in lister()]
        except Exception:
            log.info("guidance countries unavailable", exc_info=True)
    return list(_FALLBACK_COUNTRIES.items())


def crisis_line(country: str | None) -> HelpLine:
    guidance = _guidance_module()
    getter = getattr(guidance, "crisis_line", None)
    if callable(getter) and country:
        try:
            line = getter(country)
            return HelpLine(line.name, line.phone, getattr(line, "text", ""), getattr(line, "url", ""))
        except Exception:
            log.info("guidance crisis line unavailable", exc_info=True)
    return _FALLBACK_CRISIS.get(country or "", _EMERGENCY)


def step_words(step_id: str, *, under_18: bool = False) -> StepWords:
    sections = _read_step_sections(step_id)
    prefix = "Under 18: " if under_18 else ""

    def section(name: str) -> str:
        return sections.get(prefix + name) or sections.get(name, "")

    return StepWords(sections.get("_title", step_id), section("what to do"), section("why"),
                     section("what happens next"))


@cache
def _read_step_sections(step_id: str) -> dict[str, str]:
    try:
        text = (resources_dir() / "guidance" / "steps" / f"{step_id}.md").read_text(encoding="utf-8")
    except OSError:
        return {}
    sections: dict[str, str] = {}
    current = "_preamble"
    lines: list[str] = []
    for line in text.splitlines():
        if line.startswith("# "):
            sections["_title"] = line[2:].strip()
            continue
        if line.startswith("## "):
            sections[current] = "\n".join(lines).strip()
            current, lines = _section_key(line[3:].strip()), []
            continue
        lines.append(line)
    sections[current] = "\n".join(lines).strip()
    return sections


def _section_key(title: str) -> str:
    if title.lower().startswith("under 18:"):
        return "Under 18: " + title.split(":", 1)[1].strip().lower()
    return title.lower()


def to_html(markdown: str) -> str:
    """Paragraphs, "- " bullets and **bold** as simple HTML for a QLabel (no links are followed)."""
    blocks: list[str] = []
    bullets: list[str] = []

    def inline(text: str) -> str:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)

    def flush_bullets() -> None:
        if bullets:
            blocks.append("<ul>" + "".join(f"<li style='margin-bottom:6px'>{b}</li>" for b in bullets) + "</ul>")
            bullets.clear()

    for para in re.split(r"\n\s*\n", markdown.strip()):
        for line in para.splitlines():
            if line.lstrip().startswith("- "):
                bullets.append(inline(line.lstrip()[2:]))
            elif bullets and line.startswith("  "):
                bullets[-1] += " " + inline(line.strip())
            else:
                flush_bullets()
                blocks.append(f"<p>{inline(line)}</p>")
        flush_bullets()
    return "".join(blocks)


@dataclass(frozen=True)
class YouthService:
    """A service made for under-18s (reporting, image removal)."""

    name: str
    text: str
    address: str = ""


_FALLBACK_YOUTH = [
    YouthService("CEOP (UK)", "Report to the National Crime Agency's child protection team. They work with "
                 "the police and can help you stay safe.", "ceop.police.uk"),
    YouthService("Report Remove (Childline and the IWF, UK)", "Get nude images of you removed from the "
                 "internet, without you keeping or sending copies to anyone you know.",
                 "childline.org.uk/report-remove"),
    YouthService("Take It Down (NCMEC, any country)", "Helps stop nude images of you taken before you were "
                 "18 from being shared on many platforms. You do not upload the images.",
                 "takeitdown.ncmec.org"),
]


def youth_services(country: str | None) -> list[YouthService]:
    """Where a young person can report and get images taken down (CEOP, Report Remove, Take It Down)."""
    guidance = _guidance_module()
    getter = getattr(guidance, "youth_services", None)
    if callable(getter):
        try:
            return [YouthService(s.name, getattr(s, "text", ""), getattr(s, "address", "")) for s in getter(country)]
        except Exception:
            log.info("guidance youth services unavailable", exc_info=True)
    if country and country not in ("GB", "OTHER"):
        return [s for s in _FALLBACK_YOUTH if "UK" not in s.name]
    return list(_FALLBACK_YOUTH)
