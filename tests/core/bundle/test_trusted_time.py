"""Trusted time (RFC 3161) end to end, against a real time-stamping authority: OpenSSL's `openssl ts -reply`
with a CA made by the test (tests/support/tsa.py), over HTTP on 127.0.0.1 for `timestamp get`.

Request, store, verify; the stored token also verifies with `openssl ts -verify` against the journal head;
a token over another head, a tampered token, an expired TSA certificate and an untrusted one are each
named by `evidencekit verify`.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidencekit.bundle.export import export_case
from evidencekit.bundle.signing import SigningIdentity
from evidencekit.bundle.verify import verify_bundle
from evidencekit.errors import UsageError
from evidencekit.store import CaseStore
from evidencekit.timestamp.case_stamps import (
    ATTACHED,
    REQUESTED,
    attach_reply,
    prepare_request,
    record_request,
    token_record,
)
from evidencekit.timestamp.checks import load_roots
from evidencekit.timestamp.token import build_request, new_nonce, read_token, token_from_reply
from tests.core.bundle.conftest import make_case
from tests.core.store.case_files import PASSPHRASE
from tests.core.store.cli import cli_env, run_cli
from tests.support.tsa import TestTsa, TsaServer


@pytest.fixture(scope="module")
def tsa(tmp_path_factory: pytest.TempPathFactory) -> TestTsa:
    return TestTsa(tmp_path_factory.mktemp("tsa"))


@pytest.fixture
def store(home: Path) -> Iterator[CaseStore]:
    created = CaseStore.create("Time-stamped case", PASSPHRASE, shared_computer=True, home=home)
    case = make_case(count=2)
    for exhibit in case.state.exhibits:
        event = next(e for e in case.events if e.object_id == exhibit.id)
        created.store.add_object(case.objects[exhibit.id], media_type="image/png", action="exhibit.captured",
                                 data=event.data)
    yield created.store
    created.store.close()


def _stamp(store: CaseStore, tsa: TestTsa) -> tuple[object, str]:
    """request -> openssl ts -reply -> attach, as a person with a second computer would. Returns (record, head)."""
    prepared = prepare_request(store)
    record_request(store, prepared, service="", via="file")
    record, _check = attach_reply(store, tsa.reply(prepared.der))
    return record, prepared.head


def _verdict(pdf: Path, roots: list[bytes] | None = None) -> dict[str, object]:
    result = verify_bundle(pdf, tsa_roots=roots or [])
    return next(v.as_dict() for v in result.verdicts if v.check == "trusted time")


def test_request_attach_export_verify_and_openssl_agrees(store: CaseStore, tsa: TestTsa, tmp_path: Path,
                                                         signing_identity: SigningIdentity) -> None:
    record, head = _stamp(store, tsa)
    assert record.action == ATTACHED
    assert record.data["covers"] == {"seq": record.seq - 2, "hash": head}
    assert record.data["request"] == record.seq - 1  # the nonce tied it to its timestamp.requested record
    assert store.events()[record.seq - 2].action == REQUESTED

    # The token in the journal verifies with OpenSSL itself against the head's hash.
    token_file = tmp_path / "token.der"
    token_file.write_bytes(base64.b64decode(record.data["token"]))
    openssl = tsa.openssl_verify(token_file, head, token=True)
    assert openssl.returncode == 0 and "Verification: OK" in openssl.stdout, openssl.stdout + openssl.stderr

    out = tmp_path / "bundle.pdf"
    export_case(store, out, identity=signing_identity)
    untrusted = _verdict(out)
    assert untrusted["status"] == "pass"
    assert "does NOT trust" in str(untrusted["message"])
    trusted = _verdict(out, load_roots(tsa.root_pem))
    assert trusted["status"] == "pass" and "signed by a trusted service" in str(trusted["message"])
    whole = verify_bundle(out, tsa_roots=load_roots(tsa.root_pem))
    assert whole.exit_code == 0, [v.as_dict() for v in whole.verdicts]

    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Trusted time stamps" in text
    flat = " ".join(text.split())
    assert "does not prove when a picture was taken" in flat
    assert f"Custody records 1 to {record.seq - 2} were time-stamped by Test TSA (evidencekit tests)" in flat
    assert f"The custody journal, up to record {record.seq - 2}, was time-stamped by Test TSA" in flat


def test_a_reply_over_another_cases_head_is_refused_and_nothing_is_stored(store: CaseStore, tsa: TestTsa) -> None:
    before = len(store.events())
    foreign = tsa.reply(build_request(bytes(32), new_nonce()))
    with pytest.raises(UsageError, match="not a record of this case"):
        attach_reply(store, foreign)
    with pytest.raises(UsageError, match="not a time-stamp reply"):
        attach_reply(store, b"not a reply at all")
    assert len(store.events()) == before


def _export_with_forged_record(store: CaseStore, data: dict[str, object], out: Path,
                               identity: SigningIdentity) -> dict[str, object]:
    store.append_event(ATTACHED, data)
    export_case(store, out, identity=identity)
    return _verdict(out)


def test_a_token_over_another_head_is_named_by_verify(store: CaseStore, tsa: TestTsa, tmp_path: Path,
                                                      signing_identity: SigningIdentity) -> None:
    other = tsa.reply(build_request(bytes.fromhex("ab" * 32), new_nonce()))
    facts = read_token(token_from_reply(other))
    head = store.events()[-1]
    verdict = _export_with_forged_record(store, token_record(facts, head.seq, head.hash, request=None, service="",
                                                             via="file"), tmp_path / "b.pdf", signing_identity)
    assert verdict["status"] == "fail"
    assert any("over another value" in p for p in verdict["problems"]), verdict


def test_a_tampered_token_is_named_by_verify(store: CaseStore, tsa: TestTsa, tmp_path: Path,
                                             signing_identity: SigningIdentity) -> None:
    head = store.events()[-1]
    token = bytearray(token_from_reply(tsa.reply(build_request(bytes.fromhex(head.hash), new_nonce()))))
    facts = read_token(bytes(token))
    token[-12] ^= 0x01  # inside the TSA's signature value
    data = token_record(facts, head.seq, head.hash, request=None, service="", via="file")
    data["token"] = base64.b64encode(bytes(token)).decode()
    verdict = _export_with_forged_record(store, data, tmp_path / "b.pdf", signing_identity)
    assert verdict["status"] == "fail"
    assert any("signature does not hold" in p for p in verdict["problems"]), verdict


def test_a_token_from_an_expired_tsa_certificate_is_named_by_verify_and_refused_by_attach(
        store: CaseStore, tmp_path: Path, signing_identity: SigningIdentity) -> None:
    expired = TestTsa(tmp_path / "expired-tsa", expired=True, name="Expired TSA")
    head = store.events()[-1]
    reply = expired.reply(build_request(bytes.fromhex(head.hash), new_nonce()))
    with pytest.raises(UsageError, match="had expired"):
        attach_reply(store, reply)
    data = token_record(read_token(token_from_reply(reply)), head.seq, head.hash, request=None, service="", via="file")
    verdict = _export_with_forged_record(store, data, tmp_path / "b.pdf", signing_identity)
    assert verdict["status"] == "fail"
    assert any("had expired (2021-01-01)" in p for p in verdict["problems"]), verdict


def test_a_token_from_a_tsa_the_officer_does_not_trust_is_said_plainly(store: CaseStore, tsa: TestTsa,
                                                                       tmp_path: Path,
                                                                       signing_identity: SigningIdentity) -> None:
    _stamp(store, tsa)
    out = tmp_path / "b.pdf"
    export_case(store, out, identity=signing_identity)
    stranger = TestTsa(tmp_path / "stranger", name="Stranger TSA")
    verdict = _verdict(out, load_roots(stranger.root_pem))  # trusting another root does not help
    assert verdict["status"] == "pass"
    assert "does NOT trust" in str(verdict["message"])
    assert any("does not lead to a certificate authority this computer trusts" in p for p in verdict["problems"])
    printed = run_cli(["verify", str(out)], home=tmp_path)
    assert printed.returncode == 0
    assert "trusted time: 1 time stamp(s) intact" in printed.stdout and "does NOT trust" in printed.stdout


def test_a_bundle_without_time_stamps_skips_the_check(store: CaseStore, tmp_path: Path,
                                                      signing_identity: SigningIdentity) -> None:
    out = tmp_path / "b.pdf"
    export_case(store, out, identity=signing_identity)
    assert _verdict(out)["status"] == "skip"


def test_cli_request_and_attach_work_offline_and_get_sends_to_the_loopback_tsa(home: Path, tsa: TestTsa,
                                                                             tmp_path: Path) -> None:
    made = run_cli(["case", "new", "--title", "CLI stamps", "--shared-computer", "--json"], home=home)
    case_id = json.loads(made.stdout)["id"]
    request = tmp_path / "out.tsq"
    written = run_cli(["timestamp", "request", case_id, str(request)], home=home)
    assert written.returncode == 0, written.stderr
    assert "What leaves this computer" in written.stdout and request.read_bytes().hex()[:64] in written.stdout
    reply = tmp_path / "in.tsr"
    reply.write_bytes(tsa.reply(request.read_bytes()))
    attached = run_cli(["timestamp", "attach", case_id, str(reply), "--json"], home=home)
    assert attached.returncode == 0, attached.stderr
    assert json.loads(attached.stdout)["covers"]["seq"] == 1
    again = run_cli(["timestamp", "attach", case_id, str(reply)], home=home)
    assert again.returncode == 2 and "stored in the case already" in again.stderr

    refused = run_cli(["timestamp", "get", case_id, "--service", "http://127.0.0.1:9/"], home=home)
    assert refused.returncode == 2 and "add --yes" in refused.stderr  # no terminal, no --yes: nothing sent
    with TsaServer(tsa) as server:
        sent_before = len(tsa.requests)
        got = subprocess.run([sys.executable, "-m", "evidencekit", "timestamp", "get", case_id, "--service",
                              server.url, "--yes", "--json"], env=cli_env(home), capture_output=True, text=True,
                             stdin=subprocess.DEVNULL, timeout=120, check=False)
    assert got.returncode == 0, got.stderr
    assert len(tsa.requests) == sent_before + 1
    assert "What leaves this computer" in got.stderr and tsa.requests[-1].hex()[:64] in got.stderr
    listed = run_cli(["timestamp", "list", case_id, "--tsa-roots", str(tsa.root_pem), "--json"], home=home)
    rows = json.loads(listed.stdout)
    assert listed.returncode == 0 and len(rows) == 2 and all(r["intact"] and r["trusted_here"] for r in rows)
    bad_url = run_cli(["timestamp", "get", case_id, "--service", "file:///etc/passwd", "--yes"], home=home)
    assert bad_url.returncode == 2 and "http://" in bad_url.stderr
