"""`python -m evidencekit` runs the same entry point as the installed command."""

from evidencekit.cli import run

run()
