"""`evidencekit verify` trusts nothing it was not given: an unsigned bundle fails unless the officer allows
it (and then the report says first that nobody vouches for the file), and the signing root is printed in
full and compared with --expect-root (a bundle re-signed by another installation fails)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidencekit.bundle.builder import build_bundle
from evidencekit.bundle.model import BundleOptions
from evidencekit.bundle.signing import SigningIdentity, load_or_create_identity
from evidencekit.bundle.verify import VerifyOptions, format_result, parse_root_fingerprint, verify_bundle
from tests.core.bundle.conftest import BuildBundle, make_case
from tests.core.store.cli import run_cli


def _checks(result: object) -> dict[str, object]:
    return {v.check: v for v in result.verdicts}  # type: ignore[attr-defined]


def test_an_unsigned_bundle_fails_and_says_how_to_allow_it(build: BuildBundle, tmp_path: Path) -> None:
    bundle = build(make_case(count=1), sign=False)
    run = run_cli(["verify", str(bundle.path)], home=tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "FAIL  signature: The bundle is not signed, so nobody vouches for the file as a whole." in run.stdout
    assert "--allow-unsigned" in run.stdout and "Verdict: FAILED" in run.stdout
    assert run.stdout.startswith("NOT SIGNED: nobody vouches for this file as a whole.")


def test_allow_unsigned_passes_and_says_so_first(build: BuildBundle, tmp_path: Path) -> None:
    bundle = build(make_case(count=2), sign=False)
    run = run_cli(["verify", "--allow-unsigned", str(bundle.path)], home=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    first = run.stdout.splitlines()[0]
    assert first.startswith("NOT SIGNED: nobody vouches for this file as a whole.")
    assert "SKIP  signature: NOT SIGNED" in run.stdout
    assert "Verdict: PASSED, BUT NOT SIGNED." in run.stdout and "Signing root" not in run.stdout
    report = json.loads(run_cli(["verify", "--allow-unsigned", "--json", str(bundle.path)], home=tmp_path).stdout)
    assert report["verdict"] == "passed" and report["signed"] is False and report["signing_root"] is None
    assert report["unsigned_warning"].startswith("NOT SIGNED")


def test_allow_unsigned_still_fails_a_changed_part(build: BuildBundle) -> None:
    bundle = build(make_case(count=1), sign=False)
    data = bundle.path.read_bytes()
    at = data.rindex(b'"label":"screen 1"')  # the attached custody journal
    bundle.path.write_bytes(data[:at] + b'"label":"screen X"' + data[at + 18:])
    result = verify_bundle(bundle.path, VerifyOptions(allow_unsigned=True))
    assert result.exit_code == 1
    assert _checks(result)["custody journal"].status == "fail"  # type: ignore[attr-defined]
    assert format_result(result).startswith("NOT SIGNED")


def test_the_full_root_is_printed_and_an_expected_root_matches(build: BuildBundle, tmp_path: Path,
                                                                signing_identity: SigningIdentity) -> None:
    bundle = build(make_case(count=1))
    root = signing_identity.root_sha256
    plain = run_cli(["verify", str(bundle.path)], home=tmp_path)
    assert plain.returncode == 0, plain.stdout
    assert f"Signing root (SHA-256): {root}\n" in plain.stdout
    assert "by another route" in plain.stdout and f"--expect-root {root}" in plain.stdout
    grouped = ":".join(root[i:i + 4] for i in range(0, 64, 4)).upper()  # as read out or copied from a viewer
    for given in (root, grouped):
        run = run_cli(["verify", "--expect-root", given, str(bundle.path)], home=tmp_path)
        assert run.returncode == 0, run.stdout
        assert f"PASS  signing root: Signed under root {root}, the one you expected." in run.stdout


def test_a_bundle_signed_by_another_installation_fails_the_expected_root(tmp_path: Path,
                                                                         signing_identity: SigningIdentity) -> None:
    """The attack: change the bundle and sign it again on another computer. Everything holds, only the
    root differs; the officer who pins the root the sender confirmed sees it."""
    (tmp_path / "other-installation").mkdir(mode=0o700)
    other = load_or_create_identity(tmp_path / "other-installation")
    assert other.root_sha256 != signing_identity.root_sha256
    case = make_case(count=1)
    forged = build_bundle(case.state, case.read_object, case.events, tmp_path / "forged.pdf", BundleOptions(),
                          identity=other)
    assert verify_bundle(forged.path).exit_code == 0  # internally consistent: only the root tells
    result = verify_bundle(forged.path, VerifyOptions(expect_root=signing_identity.root_sha256))
    assert result.exit_code == 1
    verdict = _checks(result)["signing root"]
    assert verdict.status == "fail"  # type: ignore[attr-defined]
    assert f"signed under root {other.root_sha256}" in verdict.problems  # type: ignore[attr-defined]
    run = run_cli(["verify", "--expect-root", signing_identity.root_sha256, str(forged.path)], home=tmp_path)
    assert run.returncode == 1 and "FAIL  signing root" in run.stdout and "Verdict: FAILED" in run.stdout


def test_an_expected_root_fails_an_unsigned_bundle_even_if_allowed(build: BuildBundle,
                                                                   signing_identity: SigningIdentity) -> None:
    bundle = build(make_case(count=1), sign=False)
    result = verify_bundle(bundle.path, VerifyOptions(allow_unsigned=True, expect_root=signing_identity.root_sha256))
    assert result.exit_code == 1 and _checks(result)["signing root"].status == "fail"  # type: ignore[attr-defined]


@pytest.mark.parametrize("given", ["", "abc", "g" * 64, "0" * 63, "0" * 65])
def test_a_malformed_expected_root_is_one_sentence_exit_2(tmp_path: Path, given: str) -> None:
    run = run_cli(["verify", "--expect-root", given, str(tmp_path / "any.pdf")], home=tmp_path)  # checked first
    assert run.returncode == 2
    assert "64 characters" in run.stderr and "Traceback" not in run.stderr + run.stdout
    assert parse_root_fingerprint(given) is None
