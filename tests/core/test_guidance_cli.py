"""`evidencekit guidance`: sensible complete advice, JSON, and one-sentence errors with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from evidencekit import i18n
from evidencekit.cli import main
from evidencekit.guidance import STEP_IDS, load_guidance


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_language("en")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["guidance", *args])
    out, err = capsys.readouterr()
    return code, out, err


def flat(text: str) -> str:
    return " ".join(text.split())


def test_snapchat_in_the_uk_prints_every_step_with_platform_and_country_facts(capsys) -> None:
    code, out, err = run(capsys, "--platform", "snapchat", "--country", "GB")
    assert code == 0 and err == ""
    for step in load_guidance().steps():
        assert f"{step.number}. {step.title}" in out
    text = flat(out)
    for expected in ("999", "101", "Samaritans: 116 123", "In Scotland:", "Police Scotland non-emergency: 101",
                     "Warning: on Snapchat, deactivating your account starts deleting it",
                     "Snapchat can tell the other person when you take a screenshot",
                     "press and hold their name, tap Manage Friendship",
                     "Revenge Porn Helpline: 0345 6000 459", "Revenge Porn Helpline", "fingerprint (SHA-256)"):
        assert expected in text, expected
    assert "For young people under 18" not in text


def test_x_in_the_us_for_an_under_18_gives_the_young_peoples_routes(capsys) -> None:
    code, out, _ = run(capsys, "--platform", "x", "--country", "US", "--under-18")
    text = flat(out)
    assert code == 0 and "· under 18" in text
    for expected in ("911", "988", "Take It Down", "NCMEC CyberTipline", "Tell an adult you trust",
                     "Never take a picture of, save or forward a nude or sexual image",
                     "Warning: on X (Twitter), deactivating your account starts deleting it"):
        assert expected in text, expected
    assert "Helplines for adults" not in text


def test_one_step_only(capsys) -> None:
    code, out, _ = run(capsys, "--platform", "tiktok", "--step", "deactivate")
    assert code == 0
    assert "6. Hide your account, don't delete it" in out and "1. Stop and breathe" not in out
    assert "Settings and privacy → Account → Download your data" in flat(out)
    assert "choose Deactivate, not Delete" in flat(out)


def test_json_output_has_the_selected_steps_platform_and_crisis_line(capsys) -> None:
    code, out, _ = run(capsys, "--platform", "discord", "--country", "ie", "--json")
    data = json.loads(out)
    assert code == 0
    assert [s["id"] for s in data["steps"]] == list(STEP_IDS)
    assert data["platform"]["id"] == "discord" and data["country"]["code"] == "IE"
    assert data["crisis_line"]["number"] == "116 123"
    assert "platform_hide" in data["steps"][5]["extras"]


def test_a_country_without_its_own_file_gets_the_international_advice_and_a_notice(capsys) -> None:
    code, out, err = run(capsys, "--country", "FR", "--step", "support")
    assert code == 0
    assert "Another country" in out and "https://findahelpline.com/" in out
    assert "no specific advice for FR" in err


def test_list_names_platforms_countries_and_steps(capsys) -> None:
    code, out, _ = run(capsys, "--list")
    assert code == 0
    assert "snapchat" in out and "INTL" in out and "deactivate" in out


@pytest.mark.parametrize(("args", "message"), [
    (["--platform", "myspace"], "There is no guidance for the platform 'myspace'; choose one of: facebook"),
    (["--step", "pray"], "There is no step 'pray'; choose one of: stop"),
    (["--country", "G1"], "'G1' is not a two-letter country code"),
])
def test_bad_input_exits_2_with_one_sentence(capsys, args: list[str], message: str) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert err.startswith(f"evidencekit: {message}") and err.count("\n") == 1


def test_unknown_platform_from_a_real_process_exits_2_without_traceback() -> None:
    result = subprocess.run([sys.executable, "-m", "evidencekit", "guidance", "--platform", "myspace"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "no guidance for the platform 'myspace'" in result.stderr
