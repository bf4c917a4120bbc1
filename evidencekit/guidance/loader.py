"""Reading and validating `resources/guidance/` into a `Guidance` (format: docs/guidance-format.md).

Everything is checked on load, so a broken file fails loudly with its name and field instead of leaving
a gap on a page that a frightened person is reading.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from evidencekit import i18n
from evidencekit.guidance.content import COUNTRY_CODES, PLATFORM_IDS, STEP_IDS, Guidance
from evidencekit.guidance.facts import country_from, platform_from, provenance
from evidencekit.guidance.fields import GuidanceDataError, TableReader, Translator, untranslated
from evidencekit.guidance.handover import HandoverTexts
from evidencekit.guidance.model import INTERNATIONAL, Country, Platform, Source, Step
from evidencekit.guidance.step_markdown import parse_step_markdown
from evidencekit.paths import resources_dir


def guidance_dir() -> Path:
    return resources_dir() / "guidance"


def load_guidance(root: Path | None = None) -> Guidance:
    """The guidance in the active language (see evidencekit.i18n), read once per language, then cached."""
    return _load_cached((root or guidance_dir()).resolve(), i18n.translation_key())


@lru_cache(maxsize=8)
def _load_cached(root: Path, translation_key: tuple[str, str]) -> Guidance:
    return read_guidance(root, lambda text, where: i18n.gettext(text))


def read_guidance(root: Path, translate: Translator = untranslated) -> Guidance:
    """Read and validate everything under `root`, passing each text shown to people through `translate`."""
    sources = _read_sources(root)
    steps = _read_steps(root, sources, translate)
    platform_readers = _readers(root, "platforms", PLATFORM_IDS, translate)
    platforms = [platform_from(reader, sources) for reader in platform_readers]
    for (_, platform), reader in zip(platforms, platform_readers, strict=True):
        _check_id(platform.id, reader, "id")
    country_readers = _readers(root, "countries", COUNTRY_CODES, translate)
    countries = [country_from(reader, sources, international=Path(reader.file).stem == INTERNATIONAL)
                 for reader in country_readers]
    for country, reader in zip(countries, country_readers, strict=True):
        _check_id(country.code, reader, "code")
    return Guidance(
        steps_in_order=tuple(steps),
        platforms_in_order=_platform_order(platforms),
        countries_in_order=_country_order(countries),
        sources=sources,
        handover=_read_handover(root, sources, translate),
    )


def _read_handover(root: Path, sources: dict[str, Source], translate: Translator) -> HandoverTexts:
    path = root / "handover.toml"
    reader = TableReader(_load_toml(root, path), _relative(root, path), "", translate)
    names = [f.name for f in fields(HandoverTexts) if f.name != "provenance"]
    texts = {name: str(reader.text(name)) for name in names}
    handover = HandoverTexts(**texts, provenance=provenance(reader, sources))
    reader.finish()
    return handover


def _relative(root: Path, path: Path) -> str:
    return f"resources/guidance/{path.relative_to(root).as_posix()}"


def _load_toml(root: Path, path: Path) -> dict[str, Any]:
    name = _relative(root, path)
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise GuidanceDataError(f"The guidance file {name} is missing; reinstall evidencekit.") from exc
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise GuidanceDataError(f"The guidance file {name} cannot be read ({exc}); "
                                "fix the file or reinstall evidencekit.") from exc


def _read_sources(root: Path) -> dict[str, Source]:
    path = root / "sources.toml"
    data = _load_toml(root, path)
    reader = TableReader(data, _relative(root, path), "", untranslated)
    sources = {}
    for key in data:
        entry = reader.table_at(key)
        assert entry is not None
        url = str(entry.url("url"))
        address = entry.plain("address", required=False) or re.sub(r"^https://(www\.)?", "", url).rstrip("/")
        sources[key] = Source(id=key, name=str(entry.plain("name")), address=address, url=url,
                              checked=entry.day("checked"))
        entry.finish()
    reader.finish()
    return sources


def _read_steps(root: Path, sources: dict[str, Source], translate: Translator) -> list[Step]:
    path = root / "steps.toml"
    reader = TableReader(_load_toml(root, path), _relative(root, path), "", translate)
    entries = reader.tables("step")
    reader.finish()
    ids = tuple(str(entry.plain("id")) for entry in entries)
    if ids != STEP_IDS:
        raise reader.error("step", f"the step ids must be, in this order: {', '.join(STEP_IDS)}")
    return [_step(root, number, entry, sources, translate) for number, entry in enumerate(entries, start=1)]


def _step(root: Path, number: int, entry: TableReader, sources: dict[str, Source],
          translate: Translator) -> Step:
    step_id = str(entry.plain("id"))
    step_sources = []
    for source_id in entry.plains("sources"):
        if source_id not in sources:
            raise entry.error("sources", f"'{source_id}' is not a key of resources/guidance/sources.toml")
        step_sources.append(sources[source_id])
    last_verified = entry.month("last_verified")
    entry.finish()
    md_path = root / "steps" / f"{step_id}.md"
    name = _relative(root, md_path)
    try:
        text = md_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GuidanceDataError(f"The guidance file {name} cannot be read; reinstall evidencekit.") from exc
    title, sections = parse_step_markdown(text, name)

    def shown(field: str) -> str | None:
        body = sections.get(field)
        return translate(body, f"{name}:{field}") if body else None

    return Step(
        id=step_id, number=number, title=translate(title, f"{name}:title"),
        what_to_do=str(shown("what_to_do")), why=str(shown("why")), next=str(shown("next")),
        under_18_what_to_do=shown("under_18_what_to_do"), under_18_why=shown("under_18_why"),
        under_18_next=shown("under_18_next"), sources=tuple(step_sources), last_verified=last_verified,
    )


def _file_names(root: Path, folder: str) -> list[str]:
    return sorted(path.stem for path in (root / folder).glob("*.toml"))


def _readers(root: Path, folder: str, required: tuple[str, ...], translate: Translator) -> list[TableReader]:
    """One reader per folder/<id>.toml; every required id must have its file, extra files are welcome."""
    names = _file_names(root, folder)
    missing = [name for name in required if name not in names]
    if missing:
        raise GuidanceDataError(f"The guidance folder resources/guidance/{folder} has no file for "
                                f"{', '.join(missing)}; reinstall evidencekit.")
    return [TableReader(_load_toml(root, root / folder / f"{name}.toml"),
                        _relative(root, root / folder / f"{name}.toml"), "", translate) for name in names]


def _check_id(found: str, reader: TableReader, field: str) -> None:
    if found != Path(reader.file).stem:
        raise reader.error(field, f"'{found}' must match the file name")


def _platform_order(platforms: list[tuple[int, Platform]]) -> tuple[Platform, ...]:
    return tuple(platform for _, platform in sorted(platforms, key=lambda item: (item[0], item[1].id)))


def _country_order(countries: list[Country]) -> tuple[Country, ...]:
    """The listed countries first, in their usual order, then others by code, and INTL last."""
    rank = {code: index for index, code in enumerate(COUNTRY_CODES[:-1])}
    ordered = sorted(countries, key=lambda c: (c.code == INTERNATIONAL, rank.get(c.code, len(rank)), c.code))
    return tuple(ordered)
