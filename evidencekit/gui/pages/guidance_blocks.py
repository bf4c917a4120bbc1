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
from evidencekit.guidance.render import provenance_sentence, step_sources_sentence
from evidencekit.i18n import N_, _


def md(markdown: str) -> str:
    """Guidance markdown (paragraphs, bullets, bold) as label HTML."""
    return guidance_view.to_html(markdown)


def source_line(provenance: Provenance, check_where: str = "") -> str:
    """Where the fact comes from: the same sentence as the CLI (evidencekit.guidance.render)."""
    text = provenance_sentence(provenance, check_where or _("their own website"))
    return f"<p style='font-size:small'><i>{escape(text)}</i></p>"  # i18n: not shown (markup)


def step_sources_line(sources: tuple[Source, ...], last_verified: str) -> str:
    text = step_sources_sentence(sources, last_verified)
    return f"<p style='font-size:small'><i>{escape(text)}</i></p>"  # i18n: not shown (markup)


def route_html(route: Route) -> str:
    names = {"name": escape(route.name), "number": escape(route.number or ""), "url": escape(route.url or ""),
             "details": escape(route.text)}
    if route.number and route.url:
        line = _("<b>{name}</b>: call <b>{number}</b> or go to <b>{url}</b>")
    elif route.number:
        line = _("<b>{name}</b>: call <b>{number}</b>")
    elif route.url:
        line = _("<b>{name}</b>: go to <b>{url}</b>")
    else:
        line = "<b>{name}</b>"
    return f"<p>{line.format(**names)}<br>{names['details']}</p>" + source_line(route.provenance, route.url or "")


def help_page(platform: Platform) -> str:
    if platform.help_url:
        return _("{platform}'s help pages ({url})").format(platform=platform.name, url=platform.help_url)
    return _("{platform}'s own help pages").format(platform=platform.name)


def inline(text: str) -> str:
    """One sentence with **bold**, escaped."""
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escape(text))


def numbered(steps: tuple[str, ...]) -> str:
    items = "".join(f"<li style='margin-bottom:4px'>{inline(step)}</li>" for step in steps)  # i18n: not shown
    return f"<ol>{items}</ol>"


def platform_report_html(platform: Platform) -> str:
    section = platform.report
    lead = _("<p>How to report them on <b>{platform}</b>:</p>").format(platform=escape(platform.name))
    return lead + numbered(section.steps) + source_line(section.provenance, help_page(platform))


def platform_hide_html(platform: Platform, warning_colour: str) -> str:
    hide = platform.hide
    name = escape(platform.name)
    html = ""
    if hide.deactivate_starts_deletion:
        careful = _("<b>Careful: on {platform}, “deactivate” starts deleting your account. Do not deactivate "
                    "it.</b>").format(platform=name)
        html += f"<p style='color:{warning_colour}'>{careful}</p>"  # i18n: not shown (markup)
    html += _("<p>Keeping your {platform} account but hiding it:</p>").format(platform=name) + numbered(hide.steps)
    html += _("<p><b>Watch out:</b> {trap}</p><p><b>Instead:</b> {instead}</p>").format(
        trap=inline(hide.trap), instead=inline(hide.instead))
    return html + source_line(hide.provenance, help_page(platform))


def platform_identity_html(platform: Platform) -> str:
    section = platform.identity
    text = _("<p>What to write down on {platform}: {record} {where}</p>").format(
        platform=escape(platform.name), record=escape(section.record), where=escape(section.where))
    return text + source_line(section.provenance, help_page(platform))


COUNTRY_HEADINGS = {
    "emergency": N_("In danger right now"),
    "crisis_line": N_("If you are struggling or thinking about harming yourself"),
    "non_emergency": N_("The police, when you are not in immediate danger"),
    "report_online": N_("Reporting online"),
    "adult_helplines": N_("Helplines for adults"),
    "under_18_routes": N_("For young people under 18"),
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
            parts.append(_("<p><b>In {region}:</b> {details}</p>").format(region=escape(region.name),
                                                                         details=escape(region.text)))
            parts += [route_html(r) for r in (region.emergency, region.non_emergency, *region.report_online) if r]
        return (_("Where the rules differ") if parts else "", "".join(parts))
    routes = country_routes(kind, country)
    return (_(COUNTRY_HEADINGS.get(kind, kind)) if routes else "", "".join(route_html(r) for r in routes))
