"""A capture builds only its own parser; the full help still lists every picture command."""

from __future__ import annotations

import pytest

from evidencekit.cli import build_parser

PICTURE_COMMANDS = ["capture", "import", "exhibits", "exhibit", "export-original"]


def subcommands(parser) -> list[str]:
    [action] = [a for a in parser._actions if a.dest == "command"]
    return list(action.choices)


@pytest.mark.parametrize("command", PICTURE_COMMANDS)
def test_each_command_gets_only_its_own_parser(command):
    assert subcommands(build_parser(command)) == [command]


def test_the_full_parser_has_every_picture_command():
    assert set(PICTURE_COMMANDS) <= set(subcommands(build_parser()))


def test_a_capture_parser_still_reads_every_option():
    args = build_parser("capture").parse_args(["capture", "c1", "--region", "1,2,3,4", "--delay", "2",
                                               "--category", "threat", "--json"])
    assert (args.case, args.region, args.delay, args.category, args.json) == ("c1", "1,2,3,4", 2.0, "threat", True)
    assert args.handler.__name__ == "_capture"
