"""Platform-archive benchmark: reading a big chat export, its time and peak memory, against the floor.

    .venv/bin/python bench/archives.py [--messages N] [--runs R]

For each format (WhatsApp text, Meta JSON, Telegram JSON) an export of N messages (default 100,000) is
built in memory, written to a temp file, and read in a fresh interpreter: `analyse` (recognise + list
threads) and `read` (the whole thread). Printed per format: the median seconds of --runs runs, the peak
RSS, and as the floor the same interpreter only unzipping the chat member and, for JSON, `json.loads` of
it (what any reader must at least do), alternated with the real runs. Ratios are time / floor and peak
RSS / floor RSS. Targets: ratio <= 4 in time (line parsing and time zones cost), peak RSS <= 2.5x floor.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.chat_archives import Chat, Msg, meta_download, telegram_export, utc, whatsapp_export  # noqa: E402

REAL = r"""
import resource, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from evidencekit.archives import analyse
start = time.perf_counter()
analysis = analyse(Path({path!r}))
thread = analysis.read(analysis.threads[0])
assert len(thread.messages) == {count}, (analysis.problem, len(thread.messages))
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""
FLOOR = r"""
import io, json, resource, sys, time, zipfile
start = time.perf_counter()
data = open({path!r}, "rb").read()
with zipfile.ZipFile(io.BytesIO(data)) as archive:
    for name in archive.namelist():
        if name.endswith((".txt", ".json")):
            member = archive.read(name)
            if name.endswith(".json"):
                json.loads(member)
            else:
                member.decode("utf-8").splitlines()
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def _chat(count: int) -> Chat:
    start = utc(2026, 1, 1, 8, 0, 0)
    messages = [Msg(start + timedelta(minutes=37 * i), "Sam Offender" if i % 2 else "Alex Victim",
                    f"message number {i}: pay £500 by Friday", sender_id="5550001" if i % 2 else "5550002")
                for i in range(count)]
    return Chat("Sam Offender", ["Sam Offender", "Alex Victim"], messages, chat_id=7001)


def _run(script: str) -> tuple[float, int]:
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    seconds, rss = out.split()
    return float(seconds), int(rss)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    chat = _chat(args.messages)
    builds = {"WhatsApp text": lambda: whatsapp_export(chat), "Meta JSON": lambda: meta_download([chat]),
              "Telegram JSON": lambda: telegram_export([chat])}
    print(f"{args.messages} messages per export, {args.runs} alternated runs each (figures under load are noisy)")
    with tempfile.TemporaryDirectory() as folder:
        for label, build in builds.items():
            path = Path(folder) / "export.zip"
            path.write_bytes(build())
            real, floor = [], []
            for _run_index in range(args.runs):
                real.append(_run(REAL.format(root=str(ROOT), path=str(path), count=args.messages)))
                floor.append(_run(FLOOR.format(path=str(path))))
            seconds = statistics.median(r[0] for r in real)
            floor_seconds = statistics.median(f[0] for f in floor)
            rss, floor_rss = max(r[1] for r in real), max(f[1] for f in floor)
            print(f"{label:14} {seconds:6.2f} s (floor {floor_seconds:5.2f} s, x{seconds / floor_seconds:4.1f}); "
                  f"peak RSS {rss} MiB (floor {floor_rss} MiB, x{rss / floor_rss:3.1f}); "
                  f"archive {path.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
