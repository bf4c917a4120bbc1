"""Building platforms and countries from their TOML tables (one file each), with full validation."""

from __future__ import annotations

import re

from evidencekit.guidance.fields import TableReader
from evidencekit.guidance.model import (
    AccountHiding,
    AccountIdentity,
    CaptureNotes,
    Country,
    Platform,
    PlatformSteps,
    Provenance,
    Region,
    Route,
    Source,
)

Sources = dict[str, Source]


def provenance(reader: TableReader, sources: Sources) -> Provenance:
    """source + last_verified + verified: the three fields every fact carries. `source` is one key of
    sources.toml or a list of them (the first is the main one)."""
    value = reader.value("source")
    if isinstance(value, str):
        keys: list[str] = [value]
    elif isinstance(value, list) and value and all(isinstance(key, str) for key in value):
        keys = list(value)
    else:
        raise reader.error("source", "give a key of resources/guidance/sources.toml, or a list of them")
    for key in keys:
        if key not in sources:
            raise reader.error("source", f"'{key}' is not a key of resources/guidance/sources.toml")
    return Provenance(tuple(sources[key] for key in dict.fromkeys(keys)), reader.month("last_verified"),
                      reader.boolean("verified"))


def _section(reader: TableReader, key: str, *, required: bool = True) -> TableReader | None:
    return reader.table_at(key, required=required)


def platform_from(reader: TableReader, sources: Sources) -> tuple[int, Platform]:
    """(menu order, platform) from one platforms/<id>.toml."""
    order = reader.integer("order")
    report = _section(reader, "report")
    hide = _section(reader, "hide")
    identity = _section(reader, "identity")
    capture = _section(reader, "capture", required=False)
    assert report and hide and identity
    platform = Platform(
        id=str(reader.plain("id")),
        name=str(reader.text("name")),
        help_url=reader.url("help_url", required=False),
        provenance=provenance(reader, sources),
        report=PlatformSteps(report.texts("steps"), provenance(report, sources)),
        hide=AccountHiding(
            steps=hide.texts("steps"),
            deactivate_starts_deletion=hide.boolean("deactivate_starts_deletion"),
            trap=str(hide.text("trap")),
            instead=str(hide.text("instead")),
            provenance=provenance(hide, sources),
        ),
        identity=AccountIdentity(str(identity.text("record")), str(identity.text("where")),
                                 provenance(identity, sources)),
        capture=CaptureNotes(capture.texts("notes"), provenance(capture, sources)) if capture else None,
        aliases=tuple(alias.lower() for alias in reader.plains("aliases", required=False)),
    )
    for section in (report, hide, identity, capture, reader):
        if section:
            section.finish()
    return order, platform


def route_from(reader: TableReader, sources: Sources, *, police: bool = False) -> Route:
    """A number and/or a web address, with what it is for; at least one of the two. A police route
    (`non_emergency`) may say how the hand-over advice reaches it (`handover`), and must when it has
    neither: its name ("Your local police department") is a label, not words for a sentence."""
    route = Route(
        name=str(reader.text("name")),
        text=str(reader.text("text")),
        number=reader.phone_number("number", required=False),
        url=reader.url("url", required=False),
        provenance=provenance(reader, sources),
        handover=reader.text("handover", required=not (reader.has("number") or reader.has("url")))
        if police else None,
    )
    if route.handover is not None:
        _check_handover_phrase(reader, route)
    reader.finish()
    return route


def _check_handover_phrase(reader: TableReader, route: Route) -> None:
    """The phrase names the route's own number and web address through {number} and {url} (so they are
    shown in bold and a translation cannot drop them), and no other placeholder."""
    used = set(re.findall(r"\{(\w*)\}", route.handover or ""))
    for name, value in (("number", route.number), ("url", route.url)):
        if value and name not in used:
            raise reader.error("handover", f"give the route's {name} as {{{name}}}")
        if not value and name in used:
            raise reader.error("handover", f"{{{name}}} is used but the route has no {name}")
    if used - {"number", "url"}:
        raise reader.error("handover", "only {number} and {url} can be filled in")


def _reachable(reader: TableReader, route: Route, key: str, *, needs_number: bool = False) -> Route:
    if needs_number and not route.number:
        raise reader.error(f"{key}.number", "a phone number is needed here")
    if not (route.number or route.url):
        raise reader.error(key, "give a number or a url (or both)")
    return route


def _required_route(reader: TableReader, key: str, sources: Sources, *, needs_number: bool = False) -> Route:
    table = reader.table_at(key)
    assert table is not None
    return _reachable(reader, route_from(table, sources), key, needs_number=needs_number)


def _routes(reader: TableReader, key: str, sources: Sources, *, required: bool) -> tuple[Route, ...]:
    return tuple(_reachable(reader, route_from(table, sources), table.path)
                 for table in reader.tables(key, required=required))


def _region_from(reader: TableReader, sources: Sources) -> Region:
    emergency = reader.table_at("emergency", required=False)
    non_emergency = reader.table_at("non_emergency", required=False)
    region = Region(
        name=str(reader.text("name")),
        text=str(reader.text("text")),
        emergency=route_from(emergency, sources) if emergency else None,
        non_emergency=route_from(non_emergency, sources, police=True) if non_emergency else None,
        report_online=_routes(reader, "report_online", sources, required=False),
        provenance=provenance(reader, sources),
    )
    reader.finish()
    return region


def country_from(reader: TableReader, sources: Sources, *, international: bool) -> Country:
    """One countries/<CODE>.toml. Real countries need a crisis line number; INTL may give only a url."""
    non_emergency = reader.table_at("non_emergency")
    assert non_emergency is not None
    country = Country(
        code=str(reader.plain("code")),
        name=str(reader.text("name")),
        aliases=reader.plains("aliases", required=False),
        emergency=_required_route(reader, "emergency", sources, needs_number=True),
        non_emergency=route_from(non_emergency, sources, police=True),
        report_online=_routes(reader, "report_online", sources, required=False),
        crisis_line=_required_route(reader, "crisis_line", sources, needs_number=not international),
        adult_helplines=_routes(reader, "adult_helplines", sources, required=True),
        under_18=_routes(reader, "under_18", sources, required=True),
        regions=tuple(_region_from(table, sources) for table in reader.tables("regions", required=False)),
    )
    if not (country.non_emergency.number or country.non_emergency.url or country.report_online or international):
        raise reader.error("non_emergency", "give a non-emergency number or url, or a report_online entry")
    reader.finish()
    return country
