"""Wheel layout that pyproject.toml cannot express: the top-level `resources/` folder ships as
`evidencekit/resources/` (see docs/adr/040-packaging.md); everything else lives in pyproject.toml."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["evidencekit", "evidencekit.*"]), "evidencekit.resources"],
)
