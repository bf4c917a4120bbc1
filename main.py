"""Thin launcher: starts the evidencekit window (what a frozen build runs). Arguments go to the CLI."""

import sys

from evidencekit.cli import main

if __name__ == "__main__":
    sys.exit(main())
