"""python3-deps.json, the Flatpak module with evidencekit's Python dependencies (all but Qt: the PySide
BaseApp provides PySide6), and the check that it matches pyproject.toml.

    python3 packaging/flatpak/python_deps.py generate   # resolve with pip (network), write the JSON
    python3 packaging/flatpak/python_deps.py check      # offline: every dependency pinned, versions fit

`generate` asks pip to resolve pyproject.toml's dependencies for the Flatpak runtime's Python (org.kde.Sdk
6.10: Python 3.12) on x86_64 and aarch64, wheels only (cryptography would need Rust in the sandbox), and
pins every file by URL and SHA-256, so flatpak-builder builds offline, as Flathub requires. `check` (a
stage of ./dev.sh test) fails when a dependency is missing from the JSON, or its pinned version no longer
satisfies pyproject.toml's requirement, on either architecture.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUTPUT = HERE / "python3-deps.json"
PYTHON = "3.12"  # org.kde.Sdk//6.10 (freedesktop 24.08)
ARCHES = {"x86_64": ["manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64"],
          "aarch64": ["manylinux_2_28_aarch64", "manylinux_2_17_aarch64", "manylinux2014_aarch64"]}
QT = {"pyside6", "pyside6-essentials", "pyside6-addons", "shiboken6"}


def requirements() -> list[Requirement]:
    """pyproject.toml's dependencies that the Flatpak installs itself, as on Linux."""
    with (ROOT / "pyproject.toml").open("rb") as file:
        listed = [Requirement(text) for text in tomllib.load(file)["project"]["dependencies"]]
    environment = {**default_environment(), "sys_platform": "linux", "platform_system": "Linux"}
    return [req for req in listed if canonicalize_name(req.name) not in QT
            and (req.marker is None or req.marker.evaluate(environment))]


def _resolve(arch: str, wanted: list[Requirement]) -> list[dict]:
    with tempfile.TemporaryDirectory() as work:
        report = Path(work) / "report.json"
        platforms = [arg for platform in ARCHES[arch] for arg in ("--platform", platform)]
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--dry-run", "--ignore-installed",
                        "--only-binary=:all:", "--python-version", PYTHON, *platforms, "--target", work,
                        "--report", str(report), *map(str, wanted)],
                       check=True, env={**os.environ, "PIP_CONFIG_FILE": os.devnull})
        return json.loads(report.read_text(encoding="utf-8"))["install"]


def generate() -> None:
    wanted = requirements()
    files: dict[str, dict] = {}  # url -> source
    names: set[str] = set()
    for arch in ARCHES:
        for item in _resolve(arch, wanted):
            info = item["download_info"]
            names.add(canonicalize_name(item["metadata"]["name"]))
            source = files.setdefault(info["url"], {"type": "file", "url": info["url"],
                                                    "sha256": info["archive_info"]["hashes"]["sha256"],
                                                    "only-arches": []})
            source["only-arches"].append(arch)
    sources = []
    for source in sorted(files.values(), key=lambda s: s["url"].rsplit("/", 1)[1]):
        if sorted(source["only-arches"]) == sorted(ARCHES):
            del source["only-arches"]  # a pure-Python wheel serves both
        sources.append(source)
    module = {
        "name": "python3-deps",
        "buildsystem": "simple",
        "build-commands": [
            "pip3 install --verbose --exists-action=i --no-index --find-links=\"file://${PWD}\" "
            "--prefix=${FLATPAK_DEST} --no-build-isolation " + " ".join(sorted(names))
        ],
        "sources": sources,
    }
    OUTPUT.write_text(json.dumps(module, indent=4) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(names)} distributions, {len(sources)} files")


def check() -> int:
    if not OUTPUT.is_file():
        print(f"{OUTPUT.relative_to(ROOT)} is missing; make it with: python3 {Path(__file__).relative_to(ROOT)} "
              "generate", file=sys.stderr)
        return 1
    module = json.loads(OUTPUT.read_text(encoding="utf-8"))
    pinned: dict[str, dict[str, Version]] = {arch: {} for arch in ARCHES}
    for source in module["sources"]:
        name, version, _, _ = parse_wheel_filename(source["url"].rsplit("/", 1)[1])
        if not source.get("sha256"):
            print(f"{source['url']} has no sha256", file=sys.stderr)
            return 1
        for arch in source.get("only-arches", list(ARCHES)):
            pinned[arch][name] = version
    problems = []
    for req in requirements():
        for arch in ARCHES:
            version = pinned[arch].get(canonicalize_name(req.name))
            if version is None:
                problems.append(f"{req.name} is not in python3-deps.json for {arch}")
            elif not req.specifier.contains(version, prereleases=True):
                problems.append(f"{req.name} {version} in python3-deps.json ({arch}) does not satisfy '{req}'")
    installed = set(module["build-commands"][0].split("--no-build-isolation", 1)[1].split())
    problems += [f"the build command does not install {name}" for name in sorted(
        {canonicalize_name(req.name) for req in requirements()} - installed)]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"regenerate it: python3 {Path(__file__).relative_to(ROOT)} generate", file=sys.stderr)
        return 1
    print(f"python3-deps.json pins all {len(requirements())} dependencies of pyproject.toml "
          f"({len(module['sources'])} files, {', '.join(ARCHES)})")
    return 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "generate":
        generate()
    elif command == "check":
        sys.exit(check())
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
