"""Capture speed on a 1920x1080 Xvfb screen full of chat text, against the strongest baselines, same run.

    .venv/bin/python bench/capture.py [--pairs 11] [--case-exhibits 20] [--no-keyring] [--portal]
                                      [--installed] [--before CHECKOUT]

Every line alternates with its baselines (A B C, then C B A, ...), and each figure is the median (min-max)
over --pairs rounds, ratios taken round by round so a comparison holds while the shared machine's speed
drifts. Printed:
1. in-process: `capture_to_case` (grab, PNG, window claim, encrypt, durable journal append) against a bare
   mss grab + PNG encode with zlib-ng (single-threaded, filter 0 as evidencekit writes, the same level) and
   with Pillow (`Image.save(format="PNG")` at the same level). Target: <= 1.2x the zlib-ng line.
2. whole process: `evidencekit capture CASE --json` against `flameshot full -p DIR` and `scrot`, for each
   way a case is opened: shared computer with its recovery-key file (no keyring at all); a default case
   on a computer with no keyring (recovery-key file; the key cannot be stored back); `--passphrase-file`
   (scrypt, slow by design); and the key in a real gnome-keyring (on a private D-Bus session, as the
   tests' Secret Service; skipped with --no-keyring or when gnome-keyring is not installed). Each figure
   is the kernel's own for that process (wall, and user + system CPU; bench/common.py). Target: <= 1.0x
   flameshot with the key in a keyring and for a default case without one.
With --portal, also bench/capture_portal.py (the Wayland portal path beside grim and X11).
--installed runs evidencekit's commands as `pip install` leaves them: the `evidencekit` console script of a
venv with the dependencies' folder on its path and no editable-install finder (the dev venv's `__editable__`
hook imports pathlib, urllib.parse and importlib.util before anything else: `python -c pass` 20 -> 10 ms).
--before CHECKOUT adds, for each way a case opens, the same command run from another checkout's evidencekit
(e.g. `git worktree add /tmp/before main`), alternating with the others in the same rounds, and prints
this tree's CPU and wall over that one's, round by round.
evidencekit's bytecode is compiled first (an installed package is compiled at install time; with
PYTHONDONTWRITEBYTECODE set, every run would otherwise compile every module from source).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import Measured, run_measured, spread  # noqa: E402

PASSPHRASE = "benchmark passphrase only"


def prepare_install(python: str, cwd: Path) -> None:
    """Compile `python`'s evidencekit and site-packages to bytecode, as pip does at install."""
    code = "import evidencekit, sysconfig; print(evidencekit.__file__); print(sysconfig.get_paths()['purelib'])"
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True, cwd=cwd).stdout.split()
    for folder in {str(Path(out[0]).parent), out[1]}:
        subprocess.run([python, "-m", "compileall", "-q", folder], cwd=cwd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)  # a stray file that does not compile is not our concern here


# ----- 1. in process ------------------------------------------------------------------------------------

def _png(width: int, height: int, idat: bytes) -> bytes:
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    header = struct.pack(">2I5B", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def bare_zlib_ng(level: int) -> Callable[[], bytes]:
    import mss
    from zlib_ng import zlib_ng

    sct = mss.MSS()

    def run() -> bytes:
        shot = sct.grab(sct.monitors[1])
        width, height = shot.size
        line = width * 3
        rgb = memoryview(shot.rgb)
        scanlines = b"\x00".join([b"", *[rgb[row * line:(row + 1) * line] for row in range(height)]])
        return _png(width, height, zlib_ng.compress(scanlines, level))

    return run


def bare_pillow(level: int) -> Callable[[], bytes]:
    import mss
    from PIL import Image

    sct = mss.MSS()

    def run() -> bytes:
        shot = sct.grab(sct.monitors[1])
        out = io.BytesIO()
        Image.frombytes("RGB", shot.size, shot.rgb).save(out, format="PNG", compress_level=level)
        return out.getvalue()

    return run


def in_process(pairs: int) -> None:
    from evidencekit.capture import CaptureRequest, capture_to_case, choose_backend
    from evidencekit.capture.png import DEFAULT_LEVEL
    from evidencekit.store import CaseStore

    store = CaseStore.create("bench", PASSPHRASE, shared_computer=True).store
    backend = choose_backend()
    request = CaptureRequest.whole_screen()
    first = capture_to_case(store, request, backend=backend)[0]
    lines: dict[str, Callable[[], object]] = {
        "capture_to_case": lambda: capture_to_case(store, request, backend=backend),
        "grab + zlib-ng PNG": bare_zlib_ng(DEFAULT_LEVEL),
        "grab + Pillow PNG": bare_pillow(DEFAULT_LEVEL),
    }
    sizes = {"capture_to_case": first.size, **{name: len(run()) for name, run in lines.items()  # type: ignore[arg-type]
                                               if name != "capture_to_case"}}
    times: dict[str, list[float]] = {name: [] for name in lines}
    for round_number in range(pairs):
        for name in (list(lines) if round_number % 2 == 0 else list(reversed(lines))):
            started = time.perf_counter()
            lines[name]()
            times[name].append((time.perf_counter() - started) * 1000)
    backend.close()
    store.close()
    print(f"1. in process, PNG deflate level {DEFAULT_LEVEL}, {pairs} rounds, median (min-max) ms "
          f"[{first.recorded['method']}]")
    ours = times["capture_to_case"]
    for name, values in times.items():
        line = f"   {name:20} {spread(values, 1):>22} ms   PNG {sizes[name] / 1024:6.1f} KiB"
        if name != "capture_to_case":
            ratio = [a / b for a, b in zip(ours, values, strict=True)]
            target = " (target <= 1.2x)" if "zlib-ng" in name else ""
            line += f"   capture_to_case / this x{spread(ratio)}{target}"
        print(line)


# ----- 2. whole process ---------------------------------------------------------------------------------

def _create(kind: str, exhibits: int, work: Path, env: dict[str, str]) -> list[str]:
    """A new case in EVIDENCEKIT_HOME of `env` holding `exhibits` captures, made by a child process (so the
    keyring it sees is the one the commands will see); the unlock arguments a command needs for it."""
    code = f"""
import json, sys
from evidencekit.capture import CaptureRequest, capture_to_case, choose_backend
from evidencekit.store import CaseStore
created = CaseStore.create("bench", {PASSPHRASE!r}, shared_computer={kind == 'shared'})
with choose_backend() as backend:
    for _ in range({exhibits}):
        capture_to_case(created.store, CaptureRequest.whole_screen(), backend=backend)
created.store.close()
print(json.dumps([created.store.id, created.recovery_key]))
"""
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=work, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"making the {kind} case failed: {done.stderr.strip()[-2000:]}")
    case_id, recovery_key = json.loads(done.stdout.strip().splitlines()[-1])
    if kind in ("shared", "no keyring"):
        key_file = work / f"recovery-{case_id}.txt"
        key_file.write_text(recovery_key, encoding="utf-8")
        return [case_id, "--recovery-key-file", str(key_file)]
    if kind == "passphrase":
        secret = work / f"passphrase-{case_id}.txt"
        secret.write_text(PASSPHRASE, encoding="utf-8")
        return [case_id, "--passphrase-file", str(secret)]
    return [case_id]  # the key is in the keyring


def installed_python(work: Path) -> str:
    """A venv in `work` laid out as an installed evidencekit's: the dev venv's packages on its path through a
    plain .pth line (no editable finder, no import at start), evidencekit itself from PYTHONPATH, and the
    `evidencekit` command as pip writes it for the console script (what a person types; no runpy)."""
    import sysconfig

    venv = work / "installed-venv"
    subprocess.run([getattr(sys, "_base_executable", sys.executable), "-m", "venv", "--without-pip", str(venv)],
                   check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    folders = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(purelib, "dev-venv-packages.pth").write_text("\n".join(sorted(folders)) + "\n", encoding="utf-8")
    script = venv / "bin" / "evidencekit"
    script.write_text(f"#!{python}\n# -*- coding: utf-8 -*-\nimport re\nimport sys\nfrom evidencekit.cli import run\n"
                      "if __name__ == '__main__':\n"
                      "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n"
                      "    sys.exit(run())\n", encoding="utf-8")
    script.chmod(0o755)
    return str(python)


def evidencekit_command(python: str) -> list[str]:
    """How `python`'s evidencekit is started: the console script next to it if there is one, else -m."""
    script = Path(python).with_name("evidencekit")
    return [str(script)] if python != sys.executable and script.exists() else [python, "-m", "evidencekit"]


def whole_process(kinds: list[str], pairs: int, exhibits: int, work: Path, env: dict[str, str],
                  python: str = sys.executable, before: str | None = None) -> dict[str, object]:
    """Alternating runs of each kind of case with the baselines; medians, spreads and ratios as a dict."""
    commands: dict[str, list[str]] = {}
    envs: dict[str, dict[str, str]] = {}
    for kind in kinds:
        unlock = _create(kind, exhibits, work, env)
        commands[f"evidencekit, {kind}"] = [*evidencekit_command(python), "capture", *unlock, "--json"]
        if before:
            commands[f"evidencekit before, {kind}"] = commands[f"evidencekit, {kind}"]
            envs[f"evidencekit before, {kind}"] = {**env, "PYTHONPATH": before}
    shots = work / "flameshot"
    shots.mkdir(exist_ok=True)
    if shutil.which("flameshot"):
        commands["flameshot full -p"] = ["flameshot", "full", "-p", str(shots)]
    if shutil.which("scrot"):
        commands["scrot"] = ["scrot", "-o", str(work / "scrot.png")]
    for name, command in commands.items():
        run_measured(command, env=envs.get(name, env), cwd=work)  # warm-up
    runs: dict[str, list[Measured]] = {name: [] for name in commands}
    for round_number in range(pairs):
        for name in (list(commands) if round_number % 2 == 0 else list(reversed(commands))):
            runs[name].append(run_measured(commands[name], env=envs.get(name, env), cwd=work))
    return {name: [tuple(m) for m in values] for name, values in runs.items()}


def print_whole(runs: dict[str, list[Measured]], pairs: int, exhibits: int) -> None:
    print(f"2. whole process, the case holding {exhibits} exhibits, {pairs} rounds, median (min-max); "
          "CPU = user + system")
    baselines = [name for name in runs if not name.startswith("evidencekit")]
    for name, values in runs.items():
        line = (f"   {name:34} wall {spread([m.seconds * 1000 for m in values], 0):>14} ms, CPU "
                f"{spread([m.cpu * 1000 for m in values], 0):>14} ms")
        print(line)
        if name.startswith("evidencekit"):
            in_session = name.endswith(", keyring")  # paired with the baselines run beside it
            for base in (b for b in baselines if b.endswith("(keyring session)") == in_session):
                wall = [a.seconds / b.seconds for a, b in zip(values, runs[base], strict=True)]
                cpu = [a.cpu / b.cpu for a, b in zip(values, runs[base], strict=True)]
                target = " (target <= 1.0x)" if base.startswith("flameshot") and (
                    "keyring" in name) else ""
                print(f"{'':40}/ {base}: wall x{spread(wall)}, CPU x{spread(cpu)}{target}")
            earlier = name.replace("evidencekit, ", "evidencekit before, ")
            if earlier != name and earlier in runs:
                wall = [a.seconds / b.seconds for a, b in zip(values, runs[earlier], strict=True)]
                cpu = [a.cpu / b.cpu for a, b in zip(values, runs[earlier], strict=True)]
                print(f"{'':40}/ {earlier}: wall x{spread(wall)}, CPU x{spread(cpu)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=11)
    parser.add_argument("--case-exhibits", type=int, default=20, metavar="N",
                        help="exhibits already in each case the whole-process runs capture into (default 20)")
    parser.add_argument("--no-keyring", action="store_true", help="skip the run with the key in gnome-keyring")
    parser.add_argument("--portal", action="store_true",
                        help="also: the Wayland portal path beside grim and X11, interleaved (bench/capture_portal.py)")
    parser.add_argument("--installed", action="store_true",
                        help="run evidencekit from a venv laid out as an installed copy (no editable-install hook)")
    parser.add_argument("--before", metavar="CHECKOUT",
                        help="also run each evidencekit line from this other checkout, in the same rounds")
    parser.add_argument("--inner", nargs=4, metavar=("KINDS", "WORK", "OUT", "PYTHON"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    before = str(Path(args.before).resolve()) if args.before else None
    if args.inner:  # inside the private D-Bus session with gnome-keyring: the keyring run
        kinds, work, out, python = args.inner
        result = whole_process(kinds.split(","), args.pairs, args.case_exhibits, Path(work), dict(os.environ),
                               python, before)
        Path(out).write_text(json.dumps(result), encoding="utf-8")
        return 0
    if args.portal:
        from bench.capture_portal import run as run_portal

        run_portal(args.pairs)
    from tests.support.xserver import start_xvfb

    work = Path(tempfile.mkdtemp(prefix="ek-bench-capture-"))
    server = start_xvfb(1920, 1080)
    try:
        server.foreign_window(x=0, y=0, width=1920, height=1080, variant="wall", title="FriendChat")
        os.environ.update(DISPLAY=server.display, XDG_SESSION_TYPE="x11", EVIDENCEKIT_HOME=str(work / "home"),
                          PYTHONPATH=str(ROOT))
        os.environ.pop("WAYLAND_DISPLAY", None)
        python = installed_python(work) if args.installed else sys.executable
        prepare_install(python, work)
        if before:
            prepare_install(python, Path(before))  # its own evidencekit (imported from the current folder)
        print(f"screen 1920x1080 on Xvfb, realistic chat text; {os.cpu_count()} cpus; case folders in {work}; "
              f"evidencekit run {'as installed' if args.installed else 'from the dev venv'}"
              + (f"; 'before' from {before}" if before else ""))
        in_process(args.pairs)
        # no D-Bus session: what a computer without a keyring gives (keyring finds no backend)
        plain = {key: value for key, value in os.environ.items()
                 if key not in ("DBUS_SESSION_BUS_ADDRESS", "PYTHON_KEYRING_BACKEND")}
        raw = whole_process(["shared", "no keyring", "passphrase"], args.pairs, args.case_exhibits, work, plain,
                            python, before)
        runs = {name: [Measured(*m) for m in values] for name, values in raw.items()}  # type: ignore[attr-defined]
        from tests.support.secret_service import missing_tools

        if not args.no_keyring and not missing_tools():
            from tests.support.secret_service import SecretServiceSandbox

            sandbox = SecretServiceSandbox(work / "keyring")
            out = work / "keyring-runs.json"
            done = sandbox.run([sys.executable, str(Path(__file__).resolve()), "--pairs", str(args.pairs),
                                "--case-exhibits", str(args.case_exhibits), "--inner", "keyring", str(work), str(out),
                                python, *(["--before", before] if before else [])],
                               env={"DISPLAY": server.display, "XDG_SESSION_TYPE": "x11",
                                    "EVIDENCEKIT_HOME": str(work / "home-keyring"), "PYTHONPATH": str(ROOT)},
                               timeout=1800)
            if done.returncode != 0:
                raise SystemExit(f"the keyring run failed: {done.stderr.strip()[-2000:]}")
            keyring_runs = json.loads(out.read_text(encoding="utf-8"))
            runs.update({f"{name} (keyring session)" if not name.startswith("evidencekit") else name:
                         [Measured(*m) for m in values] for name, values in keyring_runs.items()})
        elif not args.no_keyring:
            print("gnome-keyring or dbus-run-session is not installed: no run with the key in a keyring")
        print_whole(runs, args.pairs, args.case_exhibits)
        bare = [run_measured([python, "-c", "pass"], cwd=work).seconds * 1000 for _ in range(5)]
        cli = [run_measured([python, "-c", "import evidencekit.cli"], cwd=work).seconds * 1000
               for _ in range(5)]
        print(f"for reference: interpreter alone {statistics.median(bare):.0f} ms, + CLI imports "
              f"{statistics.median(cli):.0f} ms")
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
