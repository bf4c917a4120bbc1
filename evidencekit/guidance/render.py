"""What each step shows besides its own words, and the plain-text / JSON views the CLI prints.

`step_extras` is shared with the window: it says which platform or country facts belong on a step's
page, so the GUI and `evidencekit guidance` always show the same things in the same places.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from evidencekit.guidance.content import Guidance
from evidencekit.guidance.model import Country, Platform, Provenance, Route, Source, StepText
from evidencekit.guidance.plaintext import markdown_to_text, wrap
from evidencekit.i18n import N_, _


def step_extras(step_id: str, under_18: bool = False) -> tuple[str, ...]:
    """Which facts go with a step: names from {emergency, crisis_line, non_emergency, report_online,
    regions, adult_helplines, under_18_routes, platform_identity, platform_capture, platform_report,
    platform_hide}."""
    young = ("under_18_routes",) if under_18 else ()
    extras: dict[str, tuple[str, ...]] = {
        "stop": ("emergency", "crisis_line", *young),
        "profile": ("platform_identity", "platform_capture"),
        "conversation": ("platform_capture",),
        "details": (),
        "report": ("platform_report", *young),
        "deactivate": ("platform_hide",),
        "police": ("emergency", "non_emergency", "report_online", "regions", *young),
        "support": ("crisis_line", *(young or ("adult_helplines",))),
    }
    return extras.get(step_id, ())


def sources_text(sources: tuple[Source, ...] | list[Source]) -> str:
    """"Name (address); Name (address)": each public page once, in order."""
    unique = {source.id: source for source in sources}.values()
    return "; ".join(f"{source.name} ({source.address})" for source in unique)


def step_sources_sentence(sources: tuple[Source, ...] | list[Source], checked: str) -> str:
    """The line under a step's words, the same in the window and the CLI."""
    return _("From: {source}, checked {month}.").format(source=sources_text(sources), month=checked)


def provenance_sentence(provenance: Provenance, check_where: str) -> str:
    """Where a fact comes from and when it was checked, the same in the window and the CLI. A fact not
    confirmed on its pages sends the person to the organisation's own page, without undermining the rest."""
    if provenance.verified:
        line = _("From: {source}, checked {month}.")
    else:
        line = _("From: {source}, checked {month}. Menus and numbers change, so if anything here differs, "
                 "follow {where}.")
    return line.format(source=sources_text(provenance.sources), month=provenance.last_verified,
                       where=check_where)


def _from_line(sources: tuple[Source, ...] | list[Source], checked: str, indent: str, width: int) -> str:
    return wrap(step_sources_sentence(sources, checked), width, indent)


def _provenance_lines(provenance: Provenance, check_where: str, indent: str, width: int) -> list[str]:
    return [wrap(provenance_sentence(provenance, check_where), width, indent)]


def _route_lines(route: Route, indent: str, width: int) -> list[str]:
    reach = " · ".join(part for part in (route.number, route.url) if part)
    lines = [wrap(f"{route.name}: {reach}" if reach else route.name, width, indent, indent + "    "),
             wrap(route.text, width, indent + "    ")]
    return lines + _provenance_lines(route.provenance, _("their website"), indent + "    ", width)


def _help_page(platform: Platform) -> str:
    if platform.help_url:
        return _("{name}'s own help page ({url})").format(name=platform.name, url=platform.help_url)
    return _("the platform's own help page")


def _numbered(steps: tuple[str, ...], indent: str, width: int) -> list[str]:
    return [wrap(f"{n}. {text}", width, indent, indent + "   ") for n, text in enumerate(steps, start=1)]


def _platform_lines(kind: str, platform: Platform, indent: str, width: int) -> list[str]:
    help_page = _help_page(platform)
    if kind == "platform_identity":
        section = platform.identity
        lines = [indent + _("What to record on {name}:").format(name=platform.name),
                 wrap(section.record, width, indent + "  "), wrap(section.where, width, indent + "  ")]
        return lines + _provenance_lines(section.provenance, help_page, indent + "  ", width)
    if kind == "platform_capture":
        if not platform.capture:
            return []
        lines = [indent + _("Before you take pictures on {name}:").format(name=platform.name)]
        lines += [wrap(note, width, indent + "- ", indent + "  ") for note in platform.capture.notes]
        return lines + _provenance_lines(platform.capture.provenance, help_page, indent + "  ", width)
    if kind == "platform_report":
        lines = [indent + _("How to report on {name}:").format(name=platform.name)]
        lines += _numbered(platform.report.steps, indent + "  ", width)
        return lines + _provenance_lines(platform.report.provenance, help_page, indent + "  ", width)
    hide = platform.hide
    lines = [indent + _("Keeping your {name} account but hiding it:").format(name=platform.name)]
    if hide.deactivate_starts_deletion:
        lines.append(wrap(_("Warning: on {name}, deactivating your account starts deleting it. "
                            "Do not deactivate it.").format(name=platform.name), width, indent + "  "))
    lines += _numbered(hide.steps, indent + "  ", width)
    lines.append(wrap(_("Watch out: {text}").format(text=hide.trap), width, indent + "  ", indent + "    "))
    lines.append(wrap(_("Instead: {text}").format(text=hide.instead), width, indent + "  ", indent + "    "))
    return lines + _provenance_lines(hide.provenance, help_page, indent + "  ", width)


def _country_lines(kind: str, country: Country, indent: str, width: int) -> list[str]:
    groups: dict[str, tuple[str, list[Route]]] = {
        "emergency": (_("In danger right now:"), [country.emergency]),
        "crisis_line": (_("If you are struggling or thinking about harming yourself:"), [country.crisis_line]),
        "non_emergency": (_("Police, when you are not in immediate danger:"), [country.non_emergency]),
        "report_online": (_("Reporting online:"), list(country.report_online)),
        "adult_helplines": (_("Helplines for adults:"), list(country.adult_helplines)),
        "under_18_routes": (_("For young people under 18:"), list(country.under_18)),
    }
    if kind == "regions":
        lines: list[str] = []
        for region in country.regions:
            lines.append(indent + _("In {region}:").format(region=region.name))
            lines.append(wrap(region.text, width, indent + "  "))
            for route in (region.emergency, region.non_emergency, *region.report_online):
                if route:
                    lines += _route_lines(route, indent + "  ", width)
        return lines
    heading, routes = groups[kind]
    if not routes:
        return []
    lines = [indent + heading]
    for route in routes:
        lines += _route_lines(route, indent + "  ", width)
    return lines


def extra_lines(kind: str, platform: Platform | None, country: Country, indent: str = "", width: int = 78) -> list[str]:
    """The plain-text block for one extra of `step_extras` (empty when it does not apply)."""
    if kind.startswith("platform_"):
        return _platform_lines(kind, platform, indent, width) if platform else []
    return _country_lines(kind, country, indent, width)


def _step_block(step: StepText, extras: list[list[str]], width: int) -> list[str]:
    title = f"{step.number}. {step.title}"
    lines = [title, "=" * len(title)]
    for label, body in ((_("What to do"), step.what_to_do), (_("Why"), step.why),
                        (_("What happens next"), step.next)):
        lines += [label, markdown_to_text(body, width, "  "), ""]
    for block in extras:
        lines += [*block, ""]
    lines.append(_from_line(step.sources, step.last_verified, "", width))
    return lines


_KIND_NAMES = {
    "emergency": N_("emergency number is"),
    "crisis_line": N_("crisis line is"),
    "non_emergency": N_("police numbers are"),
    "report_online": N_("ways to report online are"),
    "under_18_routes": N_("services for young people are"),
    "platform_capture": N_("notes on taking pictures are"),
}


def _pointer(kind: str, shown_in: int) -> list[str]:
    where = _("at the top") if shown_in == 0 else _("in step {n}").format(n=shown_in)
    return [_("(The {what} shown {where}.)").format(what=_(_KIND_NAMES.get(kind, kind)), where=where)]


def render_text(guidance: Guidance, *, platform: Platform | None = None, country: Country | None = None,
                under_18: bool = False, step_id: str | None = None, width: int = 78) -> str:
    """The advice for one situation as plain text: a safety header, then each step with its facts.

    Facts already printed are not repeated: a later step points back to where they are.
    """
    country = country or guidance.international()
    who = _("under 18") if under_18 else _("adult")
    lines = [_("evidencekit guidance: {platform} · {country} · {who}").format(
        platform=platform.name if platform else _("any platform"), country=country.name, who=who), ""]
    lines += _country_lines("emergency", country, "", width) + _country_lines("crisis_line", country, "", width)
    shown: dict[str, int] = {"emergency": 0, "crisis_line": 0}
    steps = [guidance.step(step_id, under_18)] if step_id else guidance.steps(under_18)
    for step in steps:
        blocks = []
        for kind in step_extras(step.id, under_18):
            if kind in shown and not step_id:
                if step.id != "stop":
                    blocks.append(_pointer(kind, shown[kind]))
                continue
            block = extra_lines(kind, platform, country, "", width)
            if block:
                blocks.append(block)
                shown[kind] = step.number
        lines += ["", *_step_block(step, blocks, width)]
    if not platform:
        lines += ["", wrap(_("Choose a platform with --platform to see how to report there and how to hide "
                             "your account safely."), width)]
    return "\n".join(lines).rstrip() + "\n"


def guidance_as_dict(guidance: Guidance, *, platform: Platform | None = None, country: Country | None = None,
                     under_18: bool = False, step_id: str | None = None) -> dict[str, Any]:
    """The same selection as `render_text`, as plain data for `--json`."""
    country = country or guidance.international()
    steps = [guidance.step(step_id, under_18)] if step_id else guidance.steps(under_18)
    return {
        "under_18": under_18,
        "steps": [{**asdict(step), "extras": list(step_extras(step.id, under_18))} for step in steps],
        "platform": asdict(platform) if platform else None,
        "country": asdict(country),
        "crisis_line": asdict(country.crisis_line),
    }
