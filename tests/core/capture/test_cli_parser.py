"""A capture builds only its own parser; the full help still lists every picture command."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


# ----- the plain `capture` read without argparse (capture_cmd.fast_arguments) ---------------------------

_FLAGS = ["--screen", "--all-screens", "--region", "--delay", "--series", "--interval", "--label", "--category",
          "--platform", "--url", "--message-time", "--notes", "--passphrase-file", "--recovery-key-file",
          "--operator", "--json", "--js", "--scr", "-h", "--help", "--language", "--version", "--", "-", "-x",
          "--nope"]
_VALUES = ["c1", "3", "-1", "0", "2.5", "1e3", "nan", " 7 ", "1_0", "x", "", "1,2,3,4", "-2,0,5,5", "a b", "-a b",
           "é", "k=v", "capture"]


def _argparse_vars(argv: list[str]) -> dict | None:
    try:
        args = build_parser("capture").parse_args(["capture", *argv])
    except SystemExit:
        return None
    return _shown(vars(args))


def _shown(values: dict) -> dict:
    """Values by their repr: `--delay nan` gives nan both ways, and nan != nan."""
    return {key: repr(value) for key, value in values.items()}


def test_plain_captures_are_read_without_argparse_as_argparse_reads_them(capsys):
    from evidencekit.cli.capture_cmd import fast_arguments

    for argv in (["c1"], ["c1", "--json"], ["--json", "c1", "--recovery-key-file", "k.txt"],
                 ["c1", "--region=1,2,3,4", "--delay", "2", "--series", "3", "--interval", "0.5", "--label", "x y",
                  "--operator=Ann", "--category", "threat", "--passphrase-file", "p", "--json"],
                 ["c1", "--screen", "2", "--screen", "1"], ["c1", "--all-screens", "--notes", ""]):
        fast = fast_arguments(argv)
        assert fast is not None, argv  # these must take the fast path
        assert _shown(vars(fast)) == _argparse_vars(argv), argv


def test_what_the_fast_path_does_not_read_goes_to_argparse(capsys):
    from evidencekit.cli.capture_cmd import fast_arguments

    for argv in ([], ["--json"], ["c1", "c2"], ["c1", "--js"], ["c1", "-h"], ["c1", "--delay", "-1"],
                 ["c1", "--screen", "x"], ["c1", "--json=1"], ["c1", "--screen", "1", "--region", "1,2,3,4"],
                 ["c1", "--"], ["c1", "--label"], ["-x", "c1"], ["c1", "--language", "es"]):
        assert fast_arguments(argv) is None, argv


_PIECE = st.one_of(
    st.tuples(st.sampled_from(_FLAGS)),
    st.tuples(st.sampled_from(_FLAGS), st.sampled_from(_VALUES)),
    st.builds(lambda f, v: (f"{f}={v}",), st.sampled_from(_FLAGS), st.sampled_from(_VALUES)),
    st.tuples(st.sampled_from(_VALUES)),
)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_PIECE, max_size=6).map(lambda pieces: [token for piece in pieces for token in piece]))
def test_the_fast_path_agrees_with_argparse_on_any_command_line(capsys, argv):
    """Whatever fast_arguments reads, argparse reads alike (same attributes, same values); what argparse
    refuses, fast_arguments leaves to it."""
    from evidencekit.cli.capture_cmd import fast_arguments

    fast = fast_arguments(argv)
    if fast is not None:
        assert _shown(vars(fast)) == _argparse_vars(argv), argv


def test_a_plain_capture_does_not_import_argparse():
    import subprocess
    import sys

    code = ("import sys\nfrom evidencekit.cli import _plain_capture\n"
            "args = _plain_capture(['capture', 'c1', '--json'])\n"
            "print(args.case, args.json, 'argparse' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["c1", "True", "False"]
