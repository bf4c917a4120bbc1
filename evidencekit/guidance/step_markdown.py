"""Splitting a step's Markdown file into its title and its named sections.

A step file is `# Title`, then `## What to do`, `## Why`, `## What happens next`, and optionally the
same three headings prefixed with `Under 18: ` for the under-18 variant.
"""

from __future__ import annotations

from evidencekit.guidance.fields import GuidanceDataError

SECTION_FIELDS = {
    "what to do": "what_to_do",
    "why": "why",
    "what happens next": "next",
    "under 18: what to do": "under_18_what_to_do",
    "under 18: why": "under_18_why",
    "under 18: what happens next": "under_18_next",
}
REQUIRED_FIELDS = ("what_to_do", "why", "next")


def _problem(file: str, what: str) -> GuidanceDataError:
    return GuidanceDataError(f"The guidance file {file} has a problem: {what}; fix the file or reinstall evidencekit.")


def parse_step_markdown(text: str, file: str) -> tuple[str, dict[str, str]]:
    """(title, {field: markdown}) of one step file; raises GuidanceDataError naming the file and heading."""
    title = ""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("# ") and not title and not sections:
            title = line[2:].strip()
            continue
        if line.startswith("## "):
            heading = line[3:].strip()
            field = SECTION_FIELDS.get(heading.lower())
            if field is None:
                raise _problem(file, f"the heading '## {heading}' is not one of: "
                                     + ", ".join(h.capitalize() for h in SECTION_FIELDS))
            if field in sections:
                raise _problem(file, f"the heading '## {heading}' appears twice")
            current = sections[field] = []
            continue
        if current is None:
            if line.strip():
                raise _problem(file, "text before the first '## ' heading (start with '# Title')")
            continue
        current.append(line)
    if not title:
        raise _problem(file, "the first line must be the step title, written '# Title'")
    result = {field: "\n".join(lines).strip() for field, lines in sections.items()}
    for field, body in result.items():
        if not body:
            raise _problem(file, f"the section for '{field}' is empty")
    for field in REQUIRED_FIELDS:
        if field not in result:
            heading = next(h for h, f in SECTION_FIELDS.items() if f == field)
            raise _problem(file, f"the section '## {heading.capitalize()}' is missing")
    return title, result
