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
