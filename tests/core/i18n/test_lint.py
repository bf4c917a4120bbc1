"""No text shown to people escapes gettext: the lint over the package, its shrinking allowlist, and the
lint itself shown to catch each kind of escape (and to let wrapped text through)."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencekit.l10n.lint import ERROR_ROOTS, files_with_findings, lint_paths, lint_source

ALLOWLIST = Path(__file__).with_name("not_yet_wrapped.txt")


def allowlisted() -> list[str]:
    lines = ALLOWLIST.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@pytest.fixture(scope="module")
def findings_by_file() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in lint_paths():
        found.setdefault(finding.path, []).append(str(finding))
    return found


def test_no_file_outside_the_allowlist_shows_unwrapped_text(findings_by_file: dict[str, list[str]]) -> None:
    escaped = [line for path, lines in findings_by_file.items() if path not in allowlisted() for line in lines]
    assert not escaped, "wrap these in _() (see CONTRIBUTING.md, 'Translations'):\n" + "\n".join(escaped)


def test_every_allowlisted_file_still_needs_it(findings_by_file: dict[str, list[str]]) -> None:
    """The list only shrinks: a file converted to _() must leave it, so it cannot slip back."""
    clean = [path for path in allowlisted() if path not in findings_by_file]
    assert not clean, f"remove from {ALLOWLIST.name}, they are clean now: {clean}"
    assert len(allowlisted()) == len(set(allowlisted()))


GUI_SAMPLE = '''
from evidencekit.i18n import _, ngettext
label = QLabel("Cases on this computer")                      # 3: unwrapped
button.setText("&Save")                                        # 4: unwrapped label
box.setToolTip(f"Saved {count} pictures")                      # 5: f-string
box.setAccessibleName("Total: " + str(count))                  # 6: concatenation
QMessageBox.warning(self, _("Not saved"), "The disk is full.")  # 7: second text unwrapped
raise UsageError("That file is not a picture.")                # 8: error sentence
parser.add_argument("--platform", help="platform id, e.g. snapchat")  # 9: argparse help
print(_(f"Saved {count}"))                                     # 10: _() of an f-string
ok = QLabel(_("Cases on this computer"))
ok.setText(_("Saved {count} pictures").format(count=count))
ok.setText(ngettext("{n} picture", "{n} pictures", n).format(n=n))
ok.setObjectName("caseList")
ok.setAccessibleName(name)
ok.setText("snapchat")
print(f"evidencekit: {exc.message}")
raise UsageError("Never shown, a test hook.")  # i18n: not shown
'''


def test_the_lint_finds_every_kind_of_unwrapped_text_in_window_code() -> None:
    findings = lint_source(GUI_SAMPLE, "evidencekit/gui/sample.py", errors=ERROR_ROOTS | {"UsageError"})
    assert [finding.line for finding in findings] == [3, 4, 5, 6, 7, 8, 9, 10]
    assert "concatenation" in findings[3].why and "f-string" not in findings[0].why


def test_strict_files_may_hold_no_unwrapped_phrase_anywhere() -> None:
    source = ('"""A docstring is not shown."""\n'
              'ROWS = [("File format", value)]\n'
              'OK = [(N_("File format"), value)]\n'
              'KIND = "original_pixels"\n'
              'COMMAND = "pdfsig BUNDLE.pdf"  # i18n: not shown\n'
              'line = f"Page {page} of {pages}"\n')
    findings = lint_source(source, "evidencekit/bundle/pages_back.py")
    assert [(finding.line, finding.text) for finding in findings] == [(2, "File format"), (6, "Page  of ")]


def test_the_allowlist_names_real_files() -> None:
    root = Path(__file__).resolve().parents[3]
    assert all((root / path).is_file() for path in allowlisted())
    assert list(files_with_findings([])) == []
