"""What the bench scripts share: realistic pictures, a real custody journal for them, and the kernel's own
figures for a whole process (wall seconds and peak RSS from wait4), with medians and min-max.

The pictures are what the issue calls a dense 1080p chat: a 1920x1080 chat window with 12 messages and a
shared photo in view (smooth shapes plus sensor noise, as a camera picture is), saved as a PNG capture is
(~0.3-0.4 MB each, every one different). Synthetic noise or flat test cards would flatter or punish
a PNG or PDF path; these are sized like real captures.
"""

from __future__ import annotations

import hashlib
import io
import random
import statistics
import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple


def photo_patch(seed: int, width: int, height: int) -> Any:
    """A photo-like picture (smooth shapes plus sensor noise): what a shared photo in a chat looks like."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    image = Image.new("RGB", (width, height), (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(20, max(21, width // 3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    image = image.filter(ImageFilter.GaussianBlur(8))
    noise = Image.effect_noise((width, height), 24).convert("RGB")
    return Image.blend(image, noise, 0.12)


def dense_chat_png(seed: int) -> bytes:
    """A dense 1920x1080 chat capture with a shared photo in view, as PNG bytes."""
    from PIL import Image

    from evidencekit.bundle.demo_screens import render_chat_png, synthetic_conversation

    image = Image.open(io.BytesIO(render_chat_png(synthetic_conversation(seed, count=12), seed=seed))).convert("RGB")
    image.paste(photo_patch(seed, 480, 320), (1100, 600))
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def make_dense_pictures(folder: Path, count: int) -> list[Path]:
    """`count` dense chat captures in `folder` (kept there: a second call reuses them)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"{index:04d}.png"
        if not path.exists():
            path.write_bytes(dense_chat_png(index))
        paths.append(path)
    return paths


def synthetic_case(files: Sequence[Path], width: int = 1920, height: int = 1080) -> tuple[Any, list[Any]]:
    """A real custody journal (the store's Event + replay) for `files`, without reading them all at once;
    each file's object id is its stem."""
    from evidencekit.clock import CLOCK_SOURCE, stamp
    from evidencekit.store.events import GENESIS_PREV, Event
    from evidencekit.store.state import replay

    events: list[Any] = []
    moment = datetime(2026, 3, 3, 20, 0, tzinfo=UTC)

    def add(action: str, data: dict[str, Any], object_id: str | None = None,
            outputs: list[dict[str, Any]] | None = None) -> None:
        nonlocal moment
        moment += timedelta(seconds=13)
        events.append(Event(seq=len(events) + 1, case_id="bench", time=stamp(moment).as_dict(),
                            actor={"role": "victim", "name": ""}, action=action, object_id=object_id, inputs=[],
                            outputs=outputs or [], data=data, app="evidencekit bench",
                            prev=events[-1].hash if events else GENESIS_PREV).with_hash())

    add("case.created", {"title": "Benchmark case", "shared_computer": False})
    for index, path in enumerate(files):
        data = path.read_bytes()
        capture = {"time": stamp(moment).as_dict(), "clock_source": CLOCK_SOURCE, "method": "bench",
                   "pixels": {"width": width, "height": height}}
        fields = {"label": f"conversation screen {index + 1}", "category": "conversation", "platform": "Chatterly",
                  "url": f"https://chat.example/m/{index}", "message_time": "21:00", "notes": ""}
        add("exhibit.captured", {"capture": capture, "fields": fields}, path.stem,
            [{"sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "media_type": "image/png"}])
    return replay("bench", events), events


# The measured command is started by this small launcher, not by the bench itself: a child forked from a
# large process starts with that process's pages, and ru_maxrss keeps that high-water mark across exec,
# so a command started straight from a bench holding pictures reports the bench's memory, not its own.
_LAUNCHER = """
import os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.execvp(sys.argv[1], sys.argv[1:])
_pid, status, usage = os.wait4(pid, 0)
print(os.waitstatus_to_exitcode(status), time.perf_counter() - started, usage.ru_maxrss,
      usage.ru_utime + usage.ru_stime)
"""


class Measured(NamedTuple):
    seconds: float  # wall
    peak_mib: float  # peak RSS of the process (and its children)
    cpu: float  # user + system seconds: what a quieter machine would take, roughly


def run_measured(command: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path | None = None,
                 ok: Sequence[int] = (0,)) -> Measured:
    """Run `command` as its own process; its wall seconds, its own peak RSS in MiB (wait4's ru_maxrss,
    the kernel's figure for that process and its children) and its CPU seconds. Stops the bench if it
    exits with a code not in `ok`."""
    done = subprocess.run([sys.executable, "-S", "-c", _LAUNCHER, *command], env=env, cwd=cwd, capture_output=True,
                          text=True, check=False)
    try:
        code, seconds, kib, cpu = done.stdout.split()
    except ValueError:
        raise SystemExit(f"the launcher failed: {done.stderr.strip()[-2000:]}") from None
    if int(code) not in ok:
        raise SystemExit(f"{' '.join(command[:4])} ... exited {code}: {done.stderr.strip()[-2000:]}")
    return Measured(float(seconds), int(kib) / 1024, float(cpu))  # ru_maxrss is in KiB on Linux


def spread(values: Sequence[float], digits: int = 2) -> str:
    """'median (min-max)' of `values`."""
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"
