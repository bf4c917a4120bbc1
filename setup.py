"""Wheel layout that pyproject.toml cannot express: the top-level `resources/` folder ships as
`evidencekit/resources/` (see docs/adr/040-packaging.md); everything else lives in pyproject.toml."""

from setuptools import find_namespace_packages, find_packages, setup

# resources/ and each folder below it, as packages of evidencekit.resources (data only, no __init__.py).
RESOURCE_PACKAGES = ["evidencekit.resources"] + [
    f"evidencekit.resources.{name}" for name in find_namespace_packages(where="resources")
]

setup(
    packages=[*find_packages(include=["evidencekit", "evidencekit.*"]), *RESOURCE_PACKAGES],
)
