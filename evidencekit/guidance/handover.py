"""What to do with the evidence bundle once it is made, with the country's own police route.

The words live in resources/guidance/handover.toml (translated like every guidance text); this module only
fills them in, so the window's export page, `evidencekit bundle export`, `evidencekit guidance --handover`
and the bundle's "Next steps" page say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from evidencekit.guidance.model import Country, Provenance, Route

EMAIL_LIMIT = 20 * 1024 * 1024


@dataclass(frozen=True)
class HandoverTexts:
    """The sentences of handover.toml, with their {placeholders} still in them."""

    who: str
    how: str
    how_anywhere: str
    ready: str
    region: str
    route_number_and_url: str
    route_number: str
    route_url: str
    too_big: str
    email: str
    fingerprint: str
    zip: str
    keep_safe: str
    under_18: str
    provenance: Provenance


def police_route(texts: HandoverTexts, route: Route) -> str:
    """"call **101** (Police non-emergency)": only the police's own route, never the country's other bodies
    (Hotline.ie, eSafety, Netsafe, the Anti-Fraud Centre), which are not where the bundle goes. A route
    whose name is a label ("Your local police department") says in its own words how to reach it."""
    if route.handover:
        return route.handover.format(number=f"**{route.number}**", url=f"**{route.url}**")
    names = {"name": route.name, "number": route.number or "", "url": route.url or ""}
    if route.number and route.url:
        return texts.route_number_and_url.format(**names)
    if route.number:
        return texts.route_number.format(**names)
    # the loader refuses a police route with neither a number, a url nor its own hand-over phrase
    return texts.route_url.format(**names)


def police_sentences(texts: HandoverTexts, country: Country) -> list[str]:
    """The "How to bring it to the police" paragraph, then one line per region with its own police. The
    international fallback has no country name to give ("Another country"), so its heading has none."""
    route = police_route(texts, country.non_emergency)
    how = (texts.how_anywhere.format(route=route) if country.international
           else texts.how.format(country=country.name, route=route))
    found = [f"{how} {texts.ready}"]
    for region in country.regions:
        if region.non_emergency:
            found.append(texts.region.format(region=region.name, route=police_route(texts, region.non_emergency)))
    return found


def handover_paragraphs(texts: HandoverTexts, country: Country, *, under_18: bool, size: int | None = None,
                        size_text: str = "", fingerprint: str = "", zip_name: str | None = None) -> list[str]:
    """The hand-over advice as paragraphs (Markdown with **bold**). Without a bundle yet (`size` None), the
    sentences about its size, fingerprint and ZIP are left out."""
    paragraphs = [texts.who, *police_sentences(texts, country)]
    if size is not None:
        paragraphs.append(texts.too_big.format(size=size_text) if size > EMAIL_LIMIT else texts.email)
    if fingerprint:
        paragraphs.append(texts.fingerprint.format(fingerprint=fingerprint[:16]))
    if zip_name:
        paragraphs.append(texts.zip.format(zip=zip_name))
    paragraphs.append(texts.keep_safe)
    if under_18:
        paragraphs.append(texts.under_18)
    return paragraphs
