"""Finds text shown to people that does not go through gettext, by reading the code (ast), not running it.

Three rules, by where text is shown:
- **strict** (the CLI, the bundle, the texts modules): every string literal that reads as words must be
  inside `_()`, `N_()`, `ngettext()` or `pgettext()`, apart from docstrings and lines marked
  `# i18n: not shown` (a JSON key, a PDF name, a command name);
- **sinks** (everywhere else, the window included): a literal, an f-string or a `+` of text given to a
  Qt text API (`setText`, `QLabel(...)`, `QMessageBox.warning(...)` ...), to `print`, to argparse's
  help, or to one of evidencekit's errors (`raise UsageError("...")`);
- **pieces**: text built from pieces (an f-string or `+` with words; `_()` of an f-string) is refused in
  both, because a translator cannot reorder pieces: use `_("... {name} ...").format(name=...)`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = PACKAGE_DIR.parent
MARKERS = {"_", "N_", "gettext", "ngettext", "pgettext"}
IGNORE = "i18n: not shown"
STRICT = ("evidencekit/cli/", "evidencekit/gui/texts.py", *(f"evidencekit/bundle/{name}.py" for name in (
    "builder", "facts", "layout", "pages_back", "pages_exhibit", "pages_front", "wording")))
SKIPPED = ("evidencekit/l10n/",)  # developer tooling: its messages are for people editing the repo
QT_TEXT_METHODS = {
    "setText", "setWindowTitle", "setToolTip", "setPlaceholderText", "setAccessibleName",
    "setAccessibleDescription", "setStatusTip", "setWhatsThis", "setTitle", "addTab", "insertTab",
    "setTabText", "setTabToolTip", "addItem", "insertItem", "setItemText", "setHeaderLabels", "showMessage",
    "setLabelText", "setButtonText", "setPrefix", "setSuffix", "setSpecialValueText", "setHtml",
    "setMarkdown", "setPlainText", "setInformativeText", "setDetailedText", "setWindowIconText",
    "information", "warning", "critical", "question", "about", "getOpenFileName", "getOpenFileNames",
    "getSaveFileName", "getExistingDirectory", "getText", "getItem", "addRow", "addAction", "addMenu",
    "addButton", "setFormat", "heading", "paragraph", "show_message", "set_message", "setNameFilter",
}
QT_TEXT_CLASSES = {
    "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QAction", "QToolButton",
    "QMessageBox", "QMenu", "QCommandLinkButton", "QListWidgetItem", "QTreeWidgetItem", "QTableWidgetItem",
    "QDialogButtonBox", "QProgressDialog", "QWizardPage", "QShortcut",
    "Verdict", "step",  # the verifier's verdicts and a long task's progress, both shown
}
TEXT_KEYWORDS = {"help", "description", "epilog", "title", "message", "text", "label", "caption"}
ERROR_ROOTS = {"EvidenceKitError"}
_WORD = re.compile(r"[^\W\d_]{2,}")
_LABEL = re.compile(r"&?[A-Z][a-z'’]+(?:&[a-z]+)?[.:!?…]?")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    why: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.why}: {self.text[:70]!r}"


def reads_as_words(text: str) -> bool:
    """Does this literal look like something a person reads (not a key, a path, a PDF name, a format)?

    Several words with a space between them read as text; a single word only when it is capitalised
    like a label ('Exhibits', '&Save'), not like a key ('case_id', 'snapchat', 'EKView', '/Type').
    """
    stripped = text.strip()
    if " " in stripped:
        return bool(_WORD.search(stripped)) and not stripped.startswith(("--", "%", "^"))
    return bool(_LABEL.fullmatch(stripped))


def _literal_text(node: ast.AST) -> str | None:
    """The words of a literal, an f-string's fixed parts, or None when it has no literal text."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value for part in node.values
                       if isinstance(part, ast.Constant) and isinstance(part.value, str))
    return None


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def error_classes(paths: Iterable[Path]) -> set[str]:
    """EvidenceKitError and every class in the code that derives from it (by name)."""
    bases: dict[str, set[str]] = {}
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = {base.id if isinstance(base, ast.Name) else getattr(base, "attr", "")
                                    for base in node.bases}
    found = set(ERROR_ROOTS)
    while True:
        more = {name for name, parents in bases.items() if parents & found} - found
        if not more:
            return found
        found |= more


class _Checker(ast.NodeVisitor):
    def __init__(self, path: str, source: str, strict: bool, errors: set[str]) -> None:
        self.path, self.strict, self.errors = path, strict, errors
        self.ignored = {number for number, line in enumerate(source.splitlines(), 1) if IGNORE in line}
        self.findings: list[Finding] = []
        self.wrapped: set[int] = set()  # ids of nodes inside _() and friends
        self.docstrings: set[int] = set()

    def report(self, node: ast.AST, why: str, text: str) -> None:
        line = getattr(node, "lineno", 0)
        last = getattr(node, "end_lineno", line) or line
        if not self.ignored & set(range(line, last + 1)):
            self.findings.append(Finding(self.path, line, why, text))

    def visit_Module(self, node: ast.Module) -> None:
        self._docstring(node)
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        self._docstring(node)
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_ClassDef = visit_FunctionDef

    def _docstring(self, node: ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        if node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
            self.docstrings.add(id(node.body[0].value))

    def visit_Call(self, node: ast.Call) -> None:
        name = _call_name(node)
        if name in MARKERS:
            for arg in node.args:
                for inner in ast.walk(arg):
                    self.wrapped.add(id(inner))
                if isinstance(arg, (ast.JoinedStr, ast.BinOp)):
                    self.report(arg, f"{name}() of text built from pieces; use {name}('... {{name}} ...')"
                                ".format(name=...)", ast.unparse(arg))
        elif not self.strict:
            for arg in self._sink_arguments(node, name):
                self._check_sink(arg)
        self.generic_visit(node)

    def _sink_arguments(self, node: ast.Call, name: str) -> list[ast.expr]:
        keywords = [kw.value for kw in node.keywords if kw.arg in TEXT_KEYWORDS]
        if name in QT_TEXT_METHODS or name in QT_TEXT_CLASSES or name in self.errors or name == "print":
            return [*node.args, *keywords]
        if name in {"write", "error"} and node.args:
            return [node.args[0], *keywords]
        return keywords

    def _check_sink(self, node: ast.expr) -> None:
        if isinstance(node, ast.IfExp):
            self._check_sink(node.body)
            self._check_sink(node.orelse)
            return
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
            texts = [_literal_text(side) for side in (node.left, node.right)]
            if any(text and reads_as_words(text) for text in texts):
                self.report(node, "text built by concatenation; use _('... {name} ...').format(...)",
                            ast.unparse(node))
            return
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            node = node.func.value
        text = _literal_text(node)
        if text is not None and reads_as_words(_without_program_name(text)):
            self.report(node, "text shown to people is not in _()", text)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        if self.strict and id(node) not in self.wrapped:
            text = _literal_text(node) or ""
            if reads_as_words(_without_program_name(text)):
                self.report(node, "text built from pieces (f-string); use _('... {name} ...').format(...)", text)
        # the f-string's own parts are not separate texts
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                self.visit(part.value)

    def visit_Constant(self, node: ast.Constant) -> None:
        if (self.strict and isinstance(node.value, str) and id(node) not in self.wrapped
                and id(node) not in self.docstrings and reads_as_words(_without_program_name(node.value))):
            self.report(node, "text shown to people is not in _()", node.value)


def _without_program_name(text: str) -> str:
    """'evidencekit: {message}' is a program's prefix, not a sentence (as 'grep: ' is)."""
    return re.sub(r"\bevidencekit\b:?", "", text)


def _relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(REPO_DIR).as_posix()
    except ValueError:
        return path.as_posix()


def package_files() -> list[Path]:
    return sorted(path for path in PACKAGE_DIR.rglob("*.py") if not _relative(path).startswith(SKIPPED))


def lint_source(source: str, path: str, *, strict: bool | None = None,
                errors: set[str] | None = None) -> list[Finding]:
    """Findings in one file's `source`; `strict` defaults to whether `path` is under STRICT."""
    checker = _Checker(path, source, path.startswith(STRICT) if strict is None else strict,
                       errors if errors is not None else ERROR_ROOTS)
    checker.visit(ast.parse(source, filename=path))
    return sorted(checker.findings, key=lambda finding: finding.line)


def lint_paths(paths: Iterable[str | Path] | None = None) -> list[Finding]:
    """Findings in `paths` (default: every module of the package but the l10n tooling)."""
    errors = error_classes(package_files())
    chosen = [Path(path) for path in paths] if paths is not None else package_files()
    findings: list[Finding] = []
    for path in chosen:
        findings += lint_source(path.read_text(encoding="utf-8"), _relative(path), errors=errors)
    return findings


def files_with_findings(findings: Iterable[Finding]) -> Iterator[str]:
    seen: set[str] = set()
    for finding in findings:
        if finding.path not in seen:
            seen.add(finding.path)
            yield finding.path
