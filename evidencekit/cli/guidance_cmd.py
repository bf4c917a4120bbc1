"""Subcommands of this area are being written; until then this registers nothing."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's subcommands to the parser."""
