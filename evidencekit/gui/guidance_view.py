"""The guidance words the shell shows (step texts, crisis lines, countries, young people's services).

Everything comes from evidencekit.guidance (resources/guidance); this module only shapes it for labels:
plain dataclasses and a small markdown-to-HTML for QLabel (no links are followed: addresses are shown
as text for the person to type, so nothing opens a browser from the case window).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidencekit.guidance import load_guidance
from evidencekit.guidance.model import Route


@dataclass(frozen=True)
class StepWords:
    """One step's words for the chosen route (adult or under 18)."""

    title: str
    what_to_do: str  # markdown: paragraphs, "- " bullets, **bold**
    why: str = ""
    what_next: str = ""


@dataclass(frozen=True)
class HelpLine:
    """Someone to contact: a crisis line, a young people's service."""

    name: str
    phone: str  # may be empty when the service is a website
    text: str = ""
    address: str = ""  # web address without scheme, to read and type


def _help_line(route: Route) -> HelpLine:
    address = re.sub(r"^https?://", "", route.url or "").rstrip("/")
    return HelpLine(route.name, route.number or "", route.text, address)


def countries() -> list[tuple[str, str]]:
    """(code, name) pairs for the country chooser; the international entry last."""
    return [(c.code, c.name) for c in load_guidance().countries()]


def crisis_line(country: str | None) -> HelpLine:
    """The crisis line for `country` (unknown or unset countries get the international one)."""
    return _help_line(load_guidance().crisis_line(country))


def youth_services(country: str | None) -> list[HelpLine]:
    """Where a young person can report and get images taken down (CEOP, Report Remove, Take It Down)."""
    return [_help_line(route) for route in load_guidance().country(country).under_18]


def platform_names() -> list[str]:
    return [platform.name for platform in load_guidance().platforms()]


def step_words(step_id: str, *, under_18: bool = False) -> StepWords:
    step = load_guidance().step(step_id, under_18=under_18)
    return StepWords(step.title, step.what_to_do, step.why, step.next)


def to_html(markdown: str) -> str:
    """Paragraphs, "- " bullets and **bold** as simple HTML for a QLabel."""
    blocks: list[str] = []
    bullets: list[str] = []

    def inline(text: str) -> str:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)

    def flush_bullets() -> None:
        if bullets:
            items = "".join(f"<li style='margin-bottom:6px'>{b}</li>" for b in bullets)  # i18n: not shown (markup)
            blocks.append(f"<ul>{items}</ul>")
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


def plain(markdown: str) -> str:
    """Markdown without its marks, for accessible names."""
    return re.sub(r"\*\*|^- ", "", markdown, flags=re.MULTILINE).strip()
