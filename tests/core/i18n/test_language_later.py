"""choose_language (what a command uses): the same language as set_language, its catalogue loaded only when a
message or the language is first needed, so a command with nothing to translate never imports gettext."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def _run(code: str, **env: str) -> list[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                          env={**clean, "EVIDENCEKIT_HOME": str(REPO / "no-such-home"), **env}, check=True)
    return done.stdout.split("|")


@pytest.mark.bare_process  # what the process imports, without coverage's own imports
@pytest.mark.parametrize(("explicit", "env", "language", "title"), [
    ("'es'", {}, "es", "El título"), ("None", {"LANGUAGE": "es"}, "es", "El título"),
    ("None", {}, "en", "The title"), ("'en'", {"LANGUAGE": "es"}, "en", "The title"),
])
def test_the_catalogue_loads_when_first_needed_and_is_the_chosen_one(explicit: str, env: dict[str, str],
                                                                      language: str, title: str) -> None:
    out = _run("import sys\n"
               "from evidencekit import i18n\n"
               "from evidencekit.language_choice import choose_language\n"
               f"choose_language({explicit})\n"
               "print('gettext' in sys.modules, end='|')\n"
               "print(i18n._('The title'), i18n.current_language(), 'gettext' in sys.modules, sep='|')\n", **env)
    assert out == ["False", title, language, "True\n"]


def test_set_language_after_a_choice_wins_and_english_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    from evidencekit import i18n

    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    try:
        i18n.choose_language("es")
        assert i18n.set_language("en") == "en" and i18n._("The title") == "The title"
        i18n.choose_language("es")
        assert i18n.current_language() == "es"
        with i18n.using_language("en"):
            assert i18n._("The title") == "The title"
        assert i18n._("The title") == "El título"
    finally:
        i18n.set_language("en")
