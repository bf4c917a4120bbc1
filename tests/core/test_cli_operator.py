"""Who did it: in a case a support worker started, a command given no operator is recorded as
'operator not given' (never as the victim) with one warning; `evidencekit config --operator` sets this
computer's default operator, which such commands then record."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image

from evidencekit.store import CaseStore, KeyringAccess
from tests.core.store.case_files import PASSPHRASE
from tests.core.store.cli import run_cli

WARNING = "no operator was named"


def _picture(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    Image.new("RGB", (40, 30), (len(name) * 20 % 255, 90, 160)).save(path)
    return path


def _new_case(home: Path, *extra: str) -> str:
    made = run_cli(["case", "new", "--json", *extra], home=home)
    assert made.returncode == 0, made.stderr
    return str(json.loads(made.stdout)["id"])


def _actors(home: Path, case: str) -> list[tuple[str, str, str]]:
    with CaseStore.open(case, passphrase=PASSPHRASE, home=home, keyring=KeyringAccess.disabled()) as store:
        return [(event.action, event.actor["role"], event.actor["name"]) for event in store.events()]


def test_a_support_workers_case_records_operator_not_given_and_warns_once(home: Path, tmp_path: Path) -> None:
    case = _new_case(home, "--operator", "Ana Ruiz, Helpline")
    imported = run_cli(["import", case, str(_picture(tmp_path, "a.png")), str(_picture(tmp_path, "bb.png"))],
                       home=home)
    assert imported.returncode == 0, imported.stderr
    assert imported.stderr.count(WARNING) == 1, imported.stderr
    assert "evidencekit config --operator" in imported.stderr
    added = [actor for actor in _actors(home, case) if actor[0] != "case.created"]
    assert added and all(role == "support worker" and name == "operator not given" for _a, role, name in added), added
    assert not any(role == "victim" for _a, role, _n in _actors(home, case))

    named = run_cli(["import", case, str(_picture(tmp_path, "ccc.png")), "--operator", "Ben Ode"], home=home)
    assert named.returncode == 0, named.stderr
    assert WARNING not in named.stderr
    assert _actors(home, case)[-1][1:] == ("support worker", "Ben Ode")


def test_a_victims_case_without_operator_is_the_victim_and_no_warning(home: Path, tmp_path: Path) -> None:
    case = _new_case(home)
    imported = run_cli(["import", case, str(_picture(tmp_path, "a.png"))], home=home)
    assert imported.returncode == 0, imported.stderr
    assert WARNING not in imported.stderr
    assert _actors(home, case)[-1][1:] == ("victim", "")


def test_config_sets_shows_and_forgets_this_computers_default_operator(home: Path, tmp_path: Path) -> None:
    case = _new_case(home, "--operator", "Ana Ruiz")
    shown = run_cli(["config", "--json"], home=home)
    assert shown.returncode == 0 and json.loads(shown.stdout)["operator"] is None

    assert run_cli(["config", "--operator", "  Carla Diaz, Victim Support  "], home=home).returncode == 0
    assert json.loads(run_cli(["config", "--json"], home=home).stdout)["operator"] == "Carla Diaz, Victim Support"
    assert "Carla Diaz" in run_cli(["config"], home=home).stdout
    imported = run_cli(["import", case, str(_picture(tmp_path, "a.png"))], home=home)
    assert imported.returncode == 0 and WARNING not in imported.stderr
    assert _actors(home, case)[-1][1:] == ("support worker", "Carla Diaz, Victim Support")

    bad = run_cli(["config", "--operator", "line\u202eone"], home=home)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert json.loads(run_cli(["config", "--json"], home=home).stdout)["operator"] == "Carla Diaz, Victim Support"

    assert run_cli(["config", "--no-operator"], home=home).returncode == 0
    assert json.loads(run_cli(["config", "--json"], home=home).stdout)["operator"] is None
    again = run_cli(["import", case, str(_picture(tmp_path, "bb.png"))], home=home)
    assert again.stderr.count(WARNING) == 1
    assert _actors(home, case)[-1][1:] == ("support worker", "operator not given")
