"""Under --json every error is JSON on stdout, `{"error": sentence, "exit": code}`, with the exit code the
same command returns without --json (where the sentence goes to stderr instead)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.core.store.cli import run_cli


def _new_case(home: Path) -> str:
    made = run_cli(["case", "new", "--json"], home=home)
    assert made.returncode == 0, made.stderr
    return str(json.loads(made.stdout)["id"])


# (command line without --json, the exit code, a piece of the sentence, passphrase in the environment)
CASES = [
    (["case", "list", "--bogus"], 2, "unrecognized arguments", True),
    (["verify"], 2, "BUNDLE.pdf", True),
    (["exhibits", "0123456789abcdef"], 2, "No case matches", True),
    (["exhibits", "{case}"], 1, "passphrase", "wrong"),
    (["export", "{case}", "{tmp}/no/such/folder/bundle.pdf"], None, "", True),
    (["import", "{case}", "{tmp}/not-a-picture.png"], 2, "not-a-picture.png", True),
    (["exhibits", "{case}", "--passphrase-file", "{tmp}/missing.txt"], 2, "missing.txt", True),
]


@pytest.mark.parametrize(("command", "code", "words", "passphrase"), CASES,
                         ids=["parse-error", "missing-argument", "no-such-case", "wrong-passphrase",
                              "unwritable-output", "not-a-picture", "missing-passphrase-file"])
def test_every_error_is_json_under_json_with_the_same_exit_code(
        home: Path, tmp_path: Path, command: list[str], code: int | None, words: str,
        passphrase: bool | str) -> None:
    case = _new_case(home) if any("{case}" in part for part in command) else ""
    (tmp_path / "not-a-picture.png").write_bytes(b"this is text, not a PNG")
    argv = [part.format(case=case, tmp=tmp_path) for part in command]
    secret = "a wrong passphrase" if passphrase == "wrong" else None
    extra = {"EVIDENCEKIT_PASSPHRASE": secret} if secret else None

    plain = run_cli(argv, home=home, extra_env=extra)
    as_json = run_cli([*argv, "--json"], home=home, extra_env=extra)

    assert plain.returncode != 0
    if code is not None:
        assert plain.returncode == code, plain.stderr
    assert as_json.returncode == plain.returncode, (plain.stderr, as_json.stdout)
    error = json.loads(as_json.stdout)
    assert error == {"error": error["error"], "exit": plain.returncode}
    assert isinstance(error["error"], str) and error["error"]
    assert words in error["error"]
    # the same sentence a person reads, without the program name in front
    sentence = plain.stderr.strip().splitlines()[-1]
    assert sentence == f"evidencekit: {error['error']}"
    assert plain.stdout == ""
    assert "evidencekit:" not in as_json.stderr
    assert "Traceback" not in plain.stderr + as_json.stderr + as_json.stdout


# Every command's typical failure: {command path: (argv without --json, exit code, a piece of the sentence)}.
# {case} is a case of this module (passphrase in the environment), {tmp} a folder with not-a-picture.png.
EVERY_COMMAND: dict[str, tuple[list[str], int, str]] = {
    "export": (["export", "0123456789abcdef", "{tmp}/bundle.pdf"], 2, "No case matches"),
    "verify": (["verify", "{tmp}/not-a-picture.png"], 2, "is not a PDF file"),
    "demo": (["demo", "{tmp}/no/such/folder/demo.pdf"], 2, "does not exist"),
    "capture": (["capture", "{case}", "--region", "1,2,0,0"], 2, "has no area"),
    "import": (["import", "{case}", "{tmp}/not-a-picture.png"], 2, "nothing was imported"),
    "exhibits": (["exhibits", "{case}"], 1, "passphrase"),  # run with a wrong passphrase, see WRONG
    "exhibit edit": (["exhibit", "edit", "{case}", "99", "--label", "x"], 2, "There is no exhibit '99'"),
    "exhibit remove": (["exhibit", "remove", "{case}", "EK-099", "--reason", "r", "--confirm", "EK-099"], 2,
                       "There is no exhibit 'EK-099'"),
    "export-original": (["export-original", "{case}", "99", "{tmp}/out.png"], 2, "There is no exhibit '99'"),
    "case new": (["case", "new", "--title", "a\x07b"], 2, "control character"),
    "case list": (["case", "list", "--bogus"], 2, "unrecognized arguments: --bogus"),
    "case show": (["case", "show", "0123456789abcdef"], 2, "No case matches"),
    "case verify": (["case", "verify", "{case}", "--passphrase-file", "{tmp}/missing.txt"], 2, "missing.txt"),
    "case accept-restore": (["case", "accept-restore", "{case}"], 2, "not an older copy"),
    "case remove": (["case", "remove", "{case}", "--confirm", "wrong"], 2, "never been exported"),
    "case handover": (["case", "handover", "{case}", "--to", "PC 1", "--receipt", "{tmp}/no/such/r.pdf"], 2,
                      "does not exist"),
    "case labels": (["case", "labels", "{case}", "--initials", "!!"], 2, "Initials are 1 to 5 letters"),
    "case details": (["case", "details", "{case}", "--file", "{tmp}/not-a-picture.png"], 2, "not valid JSON"),
    "import-chat": (["import-chat", "{case}", "{tmp}/no-such-download.zip"], 2, "does not exist"),
    "config": (["config", "--operator", " "], 2, "The operator's name is empty"),
    "guidance": (["guidance", "--platform", "no-such-platform"], 2, "There is no guidance for the platform"),
    "ocr": (["ocr", "{case}", "99"], 2, "There is no exhibit '99'"),
    "text": (["text", "{case}", "99"], 2, "There is no exhibit '99'"),
    "identifiers": (["identifiers", "0123456789abcdef"], 2, "No case matches"),
    "open": (["open", "0123456789abcdef"], 2, "No case matches"),
    "timestamp request": (["timestamp", "request", "{case}", "{tmp}/no/such/folder/x.tsq"], 2, "does not exist"),
    "timestamp attach": (["timestamp", "attach", "{case}", "{tmp}/not-a-picture.png"], 2, "not a time-stamp reply"),
    "timestamp get": (["timestamp", "get", "{case}"], 2, "Choose a service with --service"),
    "timestamp list": (["timestamp", "list", "{case}"], 1, "passphrase"),  # a wrong passphrase
    "timestamp services": (["timestamp", "services", "--bogus"], 2, "unrecognized arguments: --bogus"),
    # what is not a command yet: argparse's own errors
    "": (["--bogus"], 2, "unrecognized arguments"),
    "case": (["case"], 2, "the following arguments are required: ACTION"),
}
WRONG = {"exhibits", "timestamp list"}  # run with a wrong passphrase


def _leaf_commands() -> set[str]:
    """Every command a person can run, by its words ('case new', 'verify', ...), from the parser itself."""
    import argparse

    from evidencekit.cli import build_parser

    def walk(parser: argparse.ArgumentParser, words: str) -> set[str]:
        found: set[str] = set()
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    found |= walk(child, f"{words} {name}".strip())
                return found
        return {words}

    return walk(build_parser(), "") - {""}


def test_every_command_has_a_failure_below() -> None:
    missing = _leaf_commands() - set(EVERY_COMMAND)
    assert not missing, f"add a typical failure of {sorted(missing)} to EVERY_COMMAND"


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Path]:
    """One case for every command below (none of their failures changes it), and a folder of inputs."""
    home = tmp_path_factory.mktemp("home")
    home.chmod(0o700)
    inputs = tmp_path_factory.mktemp("inputs")
    (inputs / "not-a-picture.png").write_bytes(b"this is text, not a PNG")
    return home, _new_case(home), inputs


@pytest.mark.parametrize("command", sorted(EVERY_COMMAND), ids=lambda words: words.replace(" ", "-") or "top")
def test_every_commands_typical_failure_is_json_on_stdout_under_json(
        shared: tuple[Path, str, Path], command: str) -> None:
    home, case, inputs = shared
    template, code, words = EVERY_COMMAND[command]
    argv = [part.format(case=case, tmp=inputs) for part in template]
    extra = {"EVIDENCEKIT_PASSPHRASE": "a wrong passphrase"} if command in WRONG else None

    plain = run_cli(argv, home=home, extra_env=extra)
    as_json = run_cli([*argv, "--json"], home=home, extra_env=extra)

    assert plain.returncode == code, (plain.stdout, plain.stderr)
    assert as_json.returncode == code, (as_json.stdout, as_json.stderr)
    error = json.loads(as_json.stdout)  # stdout is one JSON document, nothing else
    assert error["exit"] == code
    assert words in error["error"], error
    assert "evidencekit:" not in as_json.stderr and "Traceback" not in plain.stderr + as_json.stderr
    if command == "verify":  # verify's report, which also carries the error and exit every command gives
        assert error["verdict"] == "not_checked" and error["exit_code"] == code
        assert plain.stderr.strip() == f"NOT CHECKED: {error['error']}"
        return
    assert set(error) == {"error", "exit"}
    assert plain.stderr.strip().splitlines()[-1] == f"evidencekit: {error['error']}"
    assert plain.stdout == ""
