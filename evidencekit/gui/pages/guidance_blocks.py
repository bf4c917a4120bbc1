"""Guidance facts as small rich-text blocks: platform steps, country routes, and where each fact comes from.

Every block ends with its source and the month it was last checked; unverified facts say so and point to
the platform's or organisation's own page. Addresses are shown as text, never as links we open: the app
makes no network use, and the person can type the address themselves.
"""

from __future__ import annotations

import re
from html import escape

from evidencekit.gui import guidance_view
from evidencekit.guidance import Country, Platform, Provenance, Route, Source


def md(markdown: str) -> str:
    """Guidance markdown (paragraphs, bullets, bold) as label HTML."""
    return guidance_view.to_html(markdown)


def source_line(provenance: Provenance, check_where: str = "") -> str:
    text = f"From: {escape(provenance.source.name)}. Last checked {escape(provenance.last_verified)}."
    if not provenance.verified:
        where = check_where or "their own website"
        text += f" Not confirmed by evidencekit yet, so please check {escape(where)}."
    return f"<p style='font-size:small'><i>{text}</i></p>"


def step_sources_line(sources: tuple[Source, ...], last_verified: str) -> str:
    names = "; ".join(dict.fromkeys(escape(source.name) for source in sources))
    return f"<p style='font-size:small'><i>From: {names}. Last checked {escape(last_verified)}.</i></p>"


def route_html(route: Route) -> str:
    reach = []
    if route.number:
        reach.append(f"call <b>{escape(route.number)}</b>")
    if route.url:
        reach.append(f"go to <b>{escape(route.url)}</b>")
    how = " or ".join(reach)
    return (f"<p><b>{escape(route.name)}</b>{': ' + how if how else ''}<br>{escape(route.text)}</p>"
            + source_line(route.provenance, route.url or ""))


def help_page(platform: Platform) -> str:
    return f"{platform.name}'s help pages ({platform.help_url})" if platform.help_url else \
        f"{platform.name}'s own help pages"


def inline(text: str) -> str:
    """One sentence with **bold**, escaped."""
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escape(text))


def numbered(steps: tuple[str, ...]) -> str:
    return "<ol>" + "".join(f"<li style='margin-bottom:4px'>{inline(step)}</li>" for step in steps) + "</ol>"


def platform_report_html(platform: Platform) -> str:
    section = platform.report
    return (f"<p>How to report them on <b>{escape(platform.name)}</b>:</p>{numbered(section.steps)}"
            + source_line(section.provenance, help_page(platform)))


def platform_hide_html(platform: Platform, warning_colour: str) -> str:
    hide = platform.hide
    html = ""
    if hide.deactivate_starts_deletion:
        html += (f"<p style='color:{warning_colour}'><b>Careful: on {escape(platform.name)}, “deactivate” "
                 "starts deleting your account. Do not deactivate it.</b></p>")
    html += f"<p>Keeping your {escape(platform.name)} account but hiding it:</p>{numbered(hide.steps)}"
    html += f"<p><b>Watch out:</b> {inline(hide.trap)}</p><p><b>Instead:</b> {inline(hide.instead)}</p>"
    return html + source_line(hide.provenance, help_page(platform))


def platform_identity_html(platform: Platform) -> str:
    section = platform.identity
    return (f"<p>What to write down on {escape(platform.name)}: {escape(section.record)} "
            f"{escape(section.where)}</p>" + source_line(section.provenance, help_page(platform)))


COUNTRY_HEADINGS = {
    "emergency": "In danger right now",
    "crisis_line": "If you are struggling or thinking about harming yourself",
    "non_emergency": "The police, when you are not in immediate danger",
    "report_online": "Reporting online",
    "adult_helplines": "Helplines for adults",
    "under_18_routes": "For young people under 18",
}


def country_routes(kind: str, country: Country) -> list[Route]:
    return {
        "emergency": [country.emergency],
        "crisis_line": [country.crisis_line],
        "non_emergency": [country.non_emergency],
        "report_online": list(country.report_online),
        "adult_helplines": list(country.adult_helplines),
        "under_18_routes": list(country.under_18),
    }.get(kind, [])


def country_html(kind: str, country: Country) -> tuple[str, str]:
    """(heading, html) of one kind of country fact; regions list their own routes."""
    if kind == "regions":
        parts = []
        for region in country.regions:
            parts.append(f"<p><b>In {escape(region.name)}:</b> {escape(region.text)}</p>")
            parts += [route_html(r) for r in (region.emergency, region.non_emergency, *region.report_online) if r]
        return ("Where the rules differ" if parts else "", "".join(parts))
    routes = country_routes(kind, country)
    return (COUNTRY_HEADINGS.get(kind, kind) if routes else "", "".join(route_html(r) for r in routes))
