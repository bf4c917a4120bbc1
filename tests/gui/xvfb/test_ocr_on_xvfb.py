"""On a real X server, the real app: after a capture the picture's transcript appears beside it, the
search finds a word, confirming the IBAN found puts it into the demand, a bad-checksum lookalike is
offered as "read as … — check it against the picture", and while the picture is read in the background
the event loop never stalls over 25 ms (the capture's own stall is test_whole_screen_on_xvfb's)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.gui.heartbeat import MAX_STALL_MS, allowed_stall_ms
from tests.support.ocr_chats import BAD_IBAN, GOOD_IBAN
from tests.support.xserver import running_xvfb, xvfb_available

pytestmark = [pytest.mark.xvfb, pytest.mark.slow, pytest.mark.stall,
              pytest.mark.skipif(not xvfb_available(), reason="Xvfb is not installed")]

PROBE = Path(__file__).with_name("ocr_probe.py")
ROOT = Path(__file__).resolve().parents[3]
PASSPHRASE = "xvfb ocr passphrase"


def _run(home: Path, env: dict[str, str]) -> dict:
    probe = subprocess.run([sys.executable, str(PROBE), str(home), PASSPHRASE], env=env, capture_output=True,
                           text=True, timeout=300, cwd=ROOT)
    lines = [line for line in probe.stdout.splitlines() if line.startswith("RESULT ")]
    assert probe.returncode == 0 and lines, probe.stdout + probe.stderr
    return json.loads(lines[0][len("RESULT "):])


def test_capture_then_transcript_search_and_confirmed_iban(home: Path, tmp_path: Path) -> None:
    with running_xvfb(width=1600, height=1000) as server:
        env = dict(server.env, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT), OMP_THREAD_LIMIT="1")
        stalls: list[float] = []
        noises: list[float] = []
        # Up to three runs, as in the other responsiveness tests: code that holds the event loop fails every
        # run; one spoilt by a busy shared machine does not fail the suite. Every run must do it all.
        while len(stalls) < 3 and (not stalls or stalls[-1] > allowed_stall_ms(noises[-1])):
            run_home = tmp_path / f"run{len(stalls)}"
            run_home.mkdir()
            result = _run(run_home, dict(env, EVIDENCEKIT_HOME=str(run_home)))
            assert result["status"].startswith("Saved."), result
            assert "Pay by Western Union, MTCN 412 839 5506" in result["transcript"]
            assert result["hits"] and all(hit.startswith("EK-001: ") for hit in result["hits"])
            assert ("iban", GOOD_IBAN, True) in [tuple(o) for o in result["offered"]]
            assert any(f"read as {BAD_IBAN} — check it against the picture" in text for text in result["bad_text"])
            assert result["after_click"] == ["details.set", "identifier.confirmed"]
            assert any(GOOD_IBAN in (d.get("bank_details") or "") for d in result["demands"])
            assert any(GOOD_IBAN in d["bank_details"] for d in result["form_demands"])  # the page shows it
            assert ["iban", GOOD_IBAN] not in result["still_offered"]  # confirmed: no longer offered
            assert result["ocr_events"] == 1  # the journal records the OCR run
            stalls.append(result["stall_ms"])
            noises.append(result["idle_noise_ms"])
            print(f"\nevent-loop stalls by phase: {result['stalls']} ms")
    print(f"\nOCR on Xvfb: saved in {result['saved_s']} s, transcript beside the picture {result['transcript_s']} s "
          f"later; longest event-loop stall {min(stalls)} ms (runs: {', '.join(map(str, stalls))} ms; idle loop "
          f"around each: {', '.join(map(str, noises))} ms; limit {MAX_STALL_MS} ms above that)")
    assert any(stall <= allowed_stall_ms(noise) for stall, noise in zip(stalls, noises, strict=True)), (stalls, noises)
