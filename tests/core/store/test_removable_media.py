"""Cases on USB sticks: exFAT and FAT, which have no hard links (link() fails), no permissions and no
O_TMPFILE. Real file systems in image files, mounted through FUSE (tests/support/small_filesystems.py):

- exFAT (exfat-fuse on a loop device): the store's crash (SIGKILL) and tamper tests run there unchanged,
  their data dir on the stick ($EVIDENCEKIT_TEST_HOME_ROOT, read by the root conftest's `home`).
- FAT32 as the Linux kernel's vfat driver writes it (a libguestfs appliance through guestmount, as this
  kernel has no vfat): the same crash and tamper tests, journal appends included.
- FAT (fusefat): write-once files without hard links; a case folder copied to a stick and back still
  verifies. (fusefat 0.1a cannot carry the journal's appends: appending to a file shorter than one cluster fails
  with EPERM, and an append at a multiple of two clusters is silently lost — a bug of that FUSE driver,
  not of FAT; the kernel vfat and exFAT runs cover appends on a stick. docs/store-format.md has the figures.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evidencekit import fsio
from evidencekit.fsio import TEMP_PREFIX, atomic_write, sweep_temp_files
from tests.core.store.cli import run_cli
from tests.support.small_filesystems import exfat_stick, fat_stick, kernel_vfat_stick

REPO = Path(__file__).resolve().parents[3]
# The store's crash and tamper tests, but not the three that flip every byte of a file or kill a writer at
# 24 random moments (4 minutes on a local disk alone): the chosen crash moments, every kind of tampering
# and swap, the verify command, all on the stick.
QUICK = "not every_byte_flip and not sigkill_at_random_moments"
STORE_TESTS = ["tests/core/store/test_crash_safety.py", "tests/core/store/test_tamper_detection.py",
               "tests/core/store/test_object_swaps_and_truncation.py"]


def _no_hard_links(folder: Path) -> None:
    (folder / "probe").write_bytes(b"x")
    with pytest.raises(OSError):
        os.link(folder / "probe", folder / "probe-link")
    (folder / "probe").unlink()


def _run_the_store_tests_on(stick: Path, name: str) -> None:
    _no_hard_links(stick)
    started = time.monotonic()
    env = {**os.environ, "EVIDENCEKIT_TEST_HOME_ROOT": str(stick), "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:cov",
                             "-p", "no:xdist", "-k", QUICK, *STORE_TESTS],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=1500, check=False)
    took = time.monotonic() - started
    print(f"store crash and tamper tests on {name}: {took:.0f} s")
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in summary and "skipped" not in summary and "failed" not in summary, summary
    assert any(entry.is_dir() for entry in stick.iterdir()), "the tests did not write onto the stick"


@pytest.mark.slow
def test_the_store_crash_and_tamper_tests_pass_on_an_exfat_stick(tmp_path: Path) -> None:
    """Slow (about 40 s on a loaded 2-core machine) on purpose: the store's crash and tamper tests on a file
    system without hard links, permissions or O_TMPFILE, where a case kept on a stick lives. The slowest of
    them (every byte flipped, 24 random kills) stay out (QUICK)."""
    with exfat_stick(tmp_path / "exfat.img", tmp_path / "stick", size_mb=256) as stick:
        _run_the_store_tests_on(stick, "exFAT")


@pytest.mark.slow
def test_the_store_crash_and_tamper_tests_pass_on_a_kernel_vfat_stick(tmp_path: Path) -> None:
    """The same tests on FAT32 as the Linux kernel's vfat driver writes it (libguestfs appliance, software
    emulated; about 11 s to mount and 2.5 min for the tests on a loaded 2-core machine): journal appends,
    fsync, write-once files without hard links, the SIGKILL moments and every kind of tampering."""
    with kernel_vfat_stick(tmp_path / "vfat.img", tmp_path / "stick", size_mb=256) as stick:
        _run_the_store_tests_on(stick, "kernel vfat")


def test_write_once_files_on_a_fat_stick_without_hard_links(tmp_path: Path) -> None:
    with fat_stick(tmp_path / "fat.img", tmp_path / "stick") as stick:
        _no_hard_links(stick)
        target = stick / "case.json"
        atomic_write(target, b"first", overwrite=False)
        with pytest.raises(FileExistsError):
            atomic_write(target, b"second", overwrite=False)
        assert target.read_bytes() == b"first"
        assert [p.name for p in stick.iterdir() if p.name.startswith(TEMP_PREFIX)] == []
        # a claim left by a writer killed between taking it and publishing: swept when the case opens,
        # and taken over once stale by a writer that does not sweep first
        claim = stick / f"{TEMP_PREFIX}claim-other.key"
        claim.mkdir()
        assert claim in sweep_temp_files(stick) and not claim.exists()
        claim.mkdir()
        old = time.time() - fsio.CLAIM_STALE_S - 5
        os.utime(claim, (old, old))
        atomic_write(stick / "other.key", b"key", overwrite=False)
        assert (stick / "other.key").read_bytes() == b"key" and not claim.exists()


def test_a_case_copied_to_a_fat_stick_and_back_still_verifies(home: Path, tmp_path: Path) -> None:
    made = run_cli(["case", "new", "--json"], home=home)
    assert made.returncode == 0, made.stderr
    case = json.loads(made.stdout)["id"]
    picture = tmp_path / "chat.png"
    from PIL import Image

    Image.new("RGB", (64, 48), (200, 30, 30)).save(picture)
    assert run_cli(["import", case, str(picture)], home=home).returncode == 0
    folder = home / "cases" / case
    with fat_stick(tmp_path / "fat.img", tmp_path / "stick") as stick:
        # what a person does: copy the folder to the stick (cp -r: FAT keeps no owner or mode) ...
        subprocess.run(["cp", "-r", str(folder), str(stick / case)], check=True)
        on_stick = run_cli(["case", "verify", str(stick / case), "--json"], home=home)
        assert on_stick.returncode == 0, on_stick.stdout + on_stick.stderr
        # ... and later back onto a computer, in place of the original
        subprocess.run(["rm", "-rf", str(folder)], check=True)
        subprocess.run(["cp", "-r", str(stick / case), str(folder)], check=True)
    back = run_cli(["case", "verify", case, "--json"], home=home)
    assert back.returncode == 0, back.stdout + back.stderr
    assert run_cli(["exhibits", case], home=home).returncode == 0
