"""Turning the small Markdown used in step texts into wrapped plain text for the terminal."""

from __future__ import annotations

import re
import textwrap

_EMPHASIS = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")


def strip_emphasis(text: str) -> str:
    """`**bold**` → `bold`: the terminal has no bold we can rely on."""
    return _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)


def wrap(text: str, width: int, indent: str = "", hanging: str | None = None) -> str:
    """One paragraph wrapped to `width`, first line `indent`, later lines `hanging` (default: indent)."""
    return textwrap.fill(" ".join(strip_emphasis(text).split()), width=width, initial_indent=indent,
                         subsequent_indent=indent if hanging is None else hanging,
                         break_long_words=False, break_on_hyphens=False)


def markdown_to_text(markdown: str, width: int = 78, indent: str = "") -> str:
    """Paragraphs and `- ` lists of `markdown` as wrapped plain text, blocks separated by blank lines."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", strip_emphasis(markdown).strip()):
        items: list[str] = []
        paragraph: list[str] = []
        for line in block.splitlines():
            if line.lstrip().startswith(("- ", "* ")):
                items.append(line.lstrip()[2:])
            elif items:
                items[-1] += " " + line.strip()
            else:
                paragraph.append(line.strip())
        if paragraph:
            out.append(wrap(" ".join(paragraph), width, indent))
        if items:
            out.append("\n".join(wrap(item, width, indent + "- ", indent + "  ") for item in items))
    return "\n\n".join(out)
