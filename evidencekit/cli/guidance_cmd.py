"""`evidencekit guidance`: print the advice for a platform, a country and an age, for checking content
and for support workers sitting beside someone."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date

from evidencekit import i18n
from evidencekit.cli.common import print_json
from evidencekit.errors import UsageError
from evidencekit.guidance import INTERNATIONAL, guidance_as_dict, load_guidance, render_text
from evidencekit.guidance.handover import handover_paragraphs
from evidencekit.guidance.plaintext import markdown_to_text
from evidencekit.guidance.provenance import STALE_AFTER_MONTHS, stale, uses
from evidencekit.i18n import _, ngettext

_COUNTRY_CODE = re.compile(r"^[A-Za-z]{2}$")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `guidance` to the parser."""
    parser = sub.add_parser(
        "guidance",
        help="print the advice for a platform, country and age",
        description="Print the step-by-step advice evidencekit gives, with the platform's steps and the "
                    "country's police routes and helplines. Use --list to see the platforms and countries.",
    )
    parser.add_argument("--platform", metavar="P", help="platform id, e.g. snapchat, facebook, x, other")
    parser.add_argument("--country", metavar="CC",
                        help="two-letter country code, e.g. GB, US; others get the international advice")
    parser.add_argument("--under-18", action="store_true", help="show the advice for someone under 18")
    parser.add_argument("--step", metavar="S", help="only this step, e.g. stop, report, deactivate")
    parser.add_argument("--language", metavar="LANG",
                        help="language code, e.g. de (default: from the environment; English if untranslated)")
    parser.add_argument("--list", action="store_true", help="list the platform ids, country codes and steps")
    parser.add_argument("--handover", action="store_true",
                        help="print what to do with the evidence bundle, with the country's police route")
    parser.add_argument("--sources", action="store_true",
                        help="list every public page the advice comes from, with the day it was last checked")
    parser.add_argument("--json", action="store_true", help="print the same advice as JSON")
    parser.set_defaults(handler=run_guidance)


def _country_code(value: str | None) -> str | None:
    if value is None:
        return None
    code = value.strip()
    if code.upper() != INTERNATIONAL and not _COUNTRY_CODE.match(code):
        raise UsageError(f"'{value}' is not a two-letter country code; use one like GB, US or IE.")
    return code


def _print_list() -> None:
    guidance = load_guidance()
    print("Platforms:")
    for platform in guidance.platforms():
        print(f"  {platform.id:<10} {platform.name}")
    print("Countries (any other code gets the international advice):")
    for country in guidance.countries():
        print(f"  {country.code:<10} {country.name}")
    print("Steps:")
    for step in guidance.steps():
        print(f"  {step.id:<13} {step.title}")


def _print_list_json() -> None:
    guidance = load_guidance()
    print_json({
        "platforms": [{"id": platform.id, "name": platform.name} for platform in guidance.platforms()],
        "countries": [{"code": country.code, "name": country.name} for country in guidance.countries()],
        "steps": [{"id": step.id, "title": step.title} for step in guidance.steps()],
    })


def _print_sources(as_json: bool) -> None:
    """Every source with its checked day and how many facts cite it; facts or pages checked more than
    12 months ago are named on stderr (the test suite fails on them too)."""
    guidance = load_guidance()
    counts = uses(guidance)
    ordered = sorted(guidance.sources.values(), key=lambda source: (source.checked, source.id))
    too_old = stale(guidance, date.today())
    if as_json:
        print_json({"sources": [{"id": source.id, "name": source.name, "url": source.url,
                                 "checked": source.checked, "facts": counts[source.id]} for source in ordered],
                    "stale": too_old})
    else:
        print(_("{count} public pages the advice comes from, with the day each was last checked:").format(
            count=len(ordered)))
        for source in ordered:
            uses_text = ngettext("cited by {n} fact", "cited by {n} facts", counts[source.id]).format(
                n=counts[source.id])
            print(f"  {source.checked}  {source.name}")
            print(f"              {source.url}  ({uses_text})")
    if too_old:
        print(_("evidencekit: checked more than {months} months ago, check again: {list}.").format(
            months=STALE_AFTER_MONTHS, list="; ".join(too_old)), file=sys.stderr)


def run_guidance(args: argparse.Namespace) -> int:
    if args.language:  # else the language chosen before the command, on this computer or by LANGUAGE/LANG
        i18n.set_language(args.language)
    if args.sources:
        _print_sources(args.json)
        return 0
    if args.list:
        if args.json:
            _print_list_json()
        else:
            _print_list()
        return 0
    guidance = load_guidance()
    platform = guidance.platform(args.platform) if args.platform else None
    code = _country_code(args.country)
    if args.handover:
        paragraphs = handover_paragraphs(guidance.handover_texts(), guidance.country(code), under_18=args.under_18)
        sys.stdout.write(markdown_to_text("\n\n".join(paragraphs), 78, "") + "\n")
        return 0
    if args.step:
        guidance.step(args.step)  # an unknown step is a usage error before anything is printed
    country = guidance.country(code)
    if code and guidance.find_country(code) is None:
        print(f"evidencekit: there is no specific advice for {code.upper()} yet; showing the international "
              "advice.", file=sys.stderr)
    if args.json:
        print_json(guidance_as_dict(guidance, platform=platform, country=country, under_18=args.under_18,
                                    step_id=args.step))
    else:
        sys.stdout.write(render_text(guidance, platform=platform, country=country, under_18=args.under_18,
                                     step_id=args.step))
    return 0
