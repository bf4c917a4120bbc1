"""The files that make evidencekit installable: wheel data rules, desktop entry, AppStream, Flatpak, icon.

The wheel itself is built and run by scripts/wheel-smoke.sh; these tests keep the declarations honest.
"""

from __future__ import annotations

import ast
import configparser
import glob
import os
import re
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "org.evidencekit.EvidenceKit"
PACKAGING = ROOT / "packaging"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
FLATPAK = PACKAGING / "flatpak" / f"{APP_ID}.yml"
ICON = ROOT / "resources" / "icons" / f"{APP_ID}.svg"


def _pyproject() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)


def _require_tool(name: str) -> str:
    """Path of a validator; skipped when absent on a developer machine, a failure under CI."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed, and CI must run this check")
        pytest.skip(f"{name} is not installed (CI installs it)")
    return path


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def _flatpak_list(key: str) -> list[str]:
    """The items of a top-level YAML list in the Flatpak manifest (plain `- item` lines; no PyYAML needed)."""
    items: list[str] = []
    inside = False
    for line in FLATPAK.read_text(encoding="utf-8").splitlines():
        if re.match(rf"^{re.escape(key)}:\s*$", line):
            inside = True
        elif inside and re.match(r"^\S", line):
            break
        elif inside and (match := re.match(r"^\s+-\s+(\S.*)$", line)):
            items.append(match.group(1).strip())
    return items


def test_every_resource_file_is_matched_by_the_wheels_package_data_rules():
    tool = _pyproject()["tool"]["setuptools"]
    source_dir = ROOT / tool["package-dir"]["evidencekit.resources"]
    assert source_dir == ROOT / "resources"
    patterns = tool["package-data"]["evidencekit.resources"]
    # setuptools expands package-data with glob.glob(recursive=True), which skips dot-files: mirror it.
    matched = {
        Path(path).resolve()
        for pattern in patterns
        for path in glob.glob(os.path.join(glob.escape(str(source_dir)), pattern), recursive=True)
    }
    resource_files = [path.resolve() for path in source_dir.rglob("*") if path.is_file()]
    assert resource_files, "resources/ holds no files"
    unmatched = sorted(str(path.relative_to(source_dir)) for path in resource_files if path not in matched)
    assert unmatched == [], f"not shipped in the wheel (rename, or widen package-data): {unmatched}"


def test_setup_py_adds_the_resources_data_package_to_the_wheel():
    setup_py = (ROOT / "setup.py").read_text(encoding="utf-8")
    assert '"evidencekit.resources"' in setup_py
    assert "packages" not in _pyproject()["tool"]["setuptools"], "pyproject's package list would override setup.py"


def test_metainfo_passes_appstreamcli_validate():
    appstreamcli = _require_tool("appstreamcli")
    result = subprocess.run(
        [appstreamcli, "validate", "--strict", "--no-net", str(METAINFO)], capture_output=True, text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_names_the_desktop_file_the_binary_and_the_current_version():
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert component.findtext("provides/binary") in _pyproject()["project"]["scripts"]
    assert component.findtext("project_license") == _pyproject()["project"]["license"]
    init = (ROOT / "evidencekit" / "__init__.py").read_text(encoding="utf-8")
    version = re.search(r'__version__ = "([^"]+)"', init)
    assert version is not None
    assert version.group(1) in [release.get("version") for release in component.iter("release")]


def _words(text: str) -> str:
    """Text as a software centre shows it: Markdown's backticks gone, white space collapsed."""
    return " ".join(text.replace("`", "").split())


def _changelog_releases() -> dict[str, tuple[str, dict[str, list[str]]]]:
    """CHANGELOG.md's released versions: {version: (date, {"Added": [bullet, ...], ...})}."""
    releases: dict[str, tuple[str, dict[str, list[str]]]] = {}
    sections: dict[str, list[str]] | None = None
    heading = ""
    for line in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^## \[([^\]]+)\](?: - (\d{4}-\d\d-\d\d))?", line):
            sections = None
            if match.group(1) != "Unreleased":
                sections = {}
                releases[match.group(1)] = (match.group(2) or "", sections)
        elif sections is not None and (match := re.match(r"^### (\w+)", line)):
            heading = match.group(1)
            sections[heading] = []
        elif sections is not None and line.startswith("- "):
            sections[heading].append(line[2:])
        elif sections is not None and line.startswith("  ") and sections.get(heading):
            sections[heading][-1] += " " + line.strip()
    return releases


def test_metainfo_has_a_release_with_the_changelogs_notes_for_every_version():
    changelog = _changelog_releases()
    assert "0.1.0" in changelog
    metainfo = {release.get("version"): release for release in ET.parse(METAINFO).getroot().iter("release")}
    assert set(metainfo) == set(changelog), "every CHANGELOG.md version, and only those, has a <release>"
    for version, (date, sections) in changelog.items():
        release = metainfo[version]
        assert release.get("date") == date, version
        description = release.find("description")
        assert description is not None, version
        shown: dict[str, list[str]] = {}
        heading = ""
        for element in description:  # <p>Added:</p><ul><li>...</li></ul> per CHANGELOG.md heading
            if element.tag == "p":
                heading = _words(element.text or "").rstrip(":")
            elif element.tag == "ul":
                shown[heading] = [_words("".join(item.itertext())) for item in element.findall("li")]
        assert shown == {name: [_words(item) for item in items] for name, items in sections.items()}, version


def test_metainfo_has_a_homepage_and_screenshots_that_are_files_in_docs_screenshots():
    component = ET.parse(METAINFO).getroot()
    homepage = component.findtext("url[@type='homepage']")
    assert homepage is not None and homepage.startswith("https://") and homepage.endswith("/")
    images = component.findall("screenshots/screenshot/image")
    assert len(images) >= 3
    assert [shot.get("type") for shot in component.findall("screenshots/screenshot")].count("default") == 1
    for image in images:
        url = image.text or ""
        assert url.startswith(homepage + "screenshots/"), url
        local = ROOT / "docs" / "screenshots" / url.removeprefix(homepage + "screenshots/")
        assert local.is_file(), f"{url} is not docs/screenshots/{local.name}"
        with local.open("rb") as file:  # the PNG's own size, from its IHDR chunk
            header = file.read(24)
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
        assert (image.get("width"), image.get("height")) == (str(width), str(height)), url
    assert all(shot.findtext("caption") for shot in component.findall("screenshots/screenshot"))


def test_metainfo_rates_its_content_with_oars():
    rating = ET.parse(METAINFO).getroot().find("content_rating")
    assert rating is not None and rating.get("type") == "oars-1.1"
    attributes = {item.get("id"): item.text for item in rating.findall("content_attribute")}
    # words about intimate pictures and blackmail, nothing shown; "mild" keeps it findable at 13
    assert attributes == {"sex-themes": "mild"}


def test_desktop_file_passes_desktop_file_validate():
    validator = _require_tool("desktop-file-validate")
    result = subprocess.run([validator, str(DESKTOP)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_desktop_file_starts_the_installed_command_with_the_shipped_icon():
    entry = _desktop_entry()
    assert entry["Exec"].split()[0] in _pyproject()["project"]["scripts"]
    assert entry["Icon"] == ICON.stem
    assert entry["Terminal"] == "false"


def test_flatpak_manifest_grants_no_network_and_no_file_system():
    args = _flatpak_list("finish-args")
    assert args, "finish-args not found in the Flatpak manifest"
    assert not [arg for arg in args if arg.startswith("--share=") and arg != "--share=ipc"]
    filesystems = [arg.split("=", 1)[1] for arg in args if arg.startswith("--filesystem=")]
    assert all(fs.startswith("xdg-documents") for fs in filesystems), filesystems
    assert not [arg for arg in args if arg.startswith(("--device=", "--own-name=", "--system-talk-name="))]
    assert [arg for arg in args if arg.startswith("--talk-name=")] == ["--talk-name=org.freedesktop.secrets"]
    assert "--socket=wayland" in args
    assert {"--socket=x11", "--socket=fallback-x11"} & set(args)


def test_flatpak_manifest_installs_the_files_this_folder_ships():
    text = FLATPAK.read_text(encoding="utf-8")
    assert re.search(rf"^id: {re.escape(APP_ID)}$", text, re.MULTILINE)
    assert re.search(r"^command: (\S+)$", text, re.MULTILINE).group(1) in _pyproject()["project"]["scripts"]
    for shipped in (DESKTOP, METAINFO, ICON):
        assert str(shipped.relative_to(ROOT)) in text, f"the manifest does not install {shipped.name}"


def test_icon_is_a_square_svg_and_the_committed_windows_icon_is_small():
    svg = ET.parse(ICON).getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    _x, _y, width, height = (float(value) for value in svg.get("viewBox", "").split())
    assert width == height
    for committed in PACKAGING.rglob("*"):
        if committed.suffix.lower() in {".png", ".ico", ".icns"}:
            assert committed.stat().st_size <= 64_000, f"{committed.name} is too big to commit"


def _qt_modules_imported_by_the_gui() -> set[str]:
    imported: set[str] = set()
    for path in (ROOT / "evidencekit" / "gui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            imported.update(name for name in names if re.fullmatch(r"PySide6\.Qt\w+", name))
    return imported


def test_the_frozen_build_keeps_every_qt_module_the_gui_imports():
    spec = (PACKAGING / "pyinstaller" / "evidencekit.spec").read_text(encoding="utf-8")
    excluded_block = re.search(r"UNUSED_PYTHON_MODULES = \[(.*?)\]", spec, re.DOTALL)
    assert excluded_block is not None
    excluded = set(re.findall(r'"(PySide6\.Qt\w+)"', excluded_block.group(1)))
    used = _qt_modules_imported_by_the_gui()
    assert "PySide6.QtWidgets" in used, "the GUI scan found no Qt imports at all"
    assert used & excluded == set(), "the PyInstaller spec excludes Qt modules the GUI imports"


def test_the_wheel_says_the_package_is_typed():
    """PEP 561: py.typed in the package, and declared as package data so the wheel carries it."""
    assert (ROOT / "evidencekit" / "py.typed").is_file()
    assert "py.typed" in _pyproject()["tool"]["setuptools"]["package-data"]["evidencekit"]
