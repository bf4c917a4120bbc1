"""Small real file systems for tests: a size-limited tmpfs (a disk that really fills up) and a FAT image
mounted through FUSE (fusefat, no loop device): what a USB stick is, with no O_TMPFILE and no hard links.

A FAT image can also be mounted by the Linux kernel's own vfat driver where the kernel has none (this
machine's has no vfat module): libguestfs boots a small appliance kernel in qemu (software emulation,
`force_tcg`: this machine's nested KVM aborts qemu) and serves its vfat mount through FUSE (guestmount).

They need root (tmpfs) or /dev/fuse (fusefat, guestmount). Where they cannot be had, the test is skipped; under
CI=true it fails instead, so CI always runs them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(f"CI must run this test, but {reason}", pytrace=False)
    pytest.skip(reason)


@contextmanager
def tmpfs(mountpoint: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` (e.g. "2m") mounted at `mountpoint` for the block."""
    mountpoint.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        _unavailable("a size-limited tmpfs needs root to mount")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(mountpoint)],
                             capture_output=True, text=True, check=False)
    if mounted.returncode != 0:
        _unavailable(f"mounting a tmpfs is not permitted here: {mounted.stderr.strip() or mounted.returncode}")
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], check=False)


@contextmanager
def fat_stick(image: Path, mountpoint: Path, size_mb: int = 32) -> Iterator[Path]:
    """A FAT file system in the file `image`, mounted read-write at `mountpoint` through fusefat."""
    missing = [tool for tool in ("fusefat", "mkfs.vfat") if shutil.which(tool) is None]
    if missing or not Path("/dev/fuse").exists():
        _unavailable(f"a FAT stick needs {', '.join(missing) or '/dev/fuse'} (Debian: fusefat dosfstools fuse3)")
    with image.open("wb") as handle:
        handle.truncate(size_mb * 1024 * 1024)
    subprocess.run(["mkfs.vfat", str(image)], capture_output=True, check=True)  # no label: fusefat lists it as a file
    mountpoint.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["fusefat", "-o", "rw+", str(image), str(mountpoint)], capture_output=True, text=True,
                             check=False)
    if mounted.returncode != 0:
        _unavailable(f"fusefat could not mount: {mounted.stderr.strip() or mounted.returncode}")
    for _ in range(100):  # fusefat returns before the mount is always visible
        if os.path.ismount(mountpoint):
            break
        time.sleep(0.05)
    try:
        yield mountpoint
    finally:
        unmount = shutil.which("fusermount3") or shutil.which("fusermount")
        subprocess.run([unmount, "-u", str(mountpoint)] if unmount else ["umount", str(mountpoint)],
                       capture_output=True, check=False)


@contextmanager
def exfat_stick(image: Path, mountpoint: Path, size_mb: int = 64) -> Iterator[Path]:
    """An exFAT file system in the file `image`, on a loop device, mounted read-write through exfat-fuse.

    exfat-fuse mounts as `fuseblk` when run as root, which needs a block device: hence the loop device.
    Like a real exFAT stick it has no hard links (link() fails with EPERM) and no O_TMPFILE.
    """
    missing = [tool for tool in ("mount.exfat-fuse", "mkfs.exfat", "losetup") if shutil.which(tool) is None]
    if missing or not Path("/dev/fuse").exists():
        _unavailable(f"an exFAT stick needs {', '.join(missing) or '/dev/fuse'} (Debian: exfat-fuse exfatprogs "
                     "fuse3 util-linux)")
    if os.geteuid() != 0:
        _unavailable("an exFAT stick on a loop device needs root")
    with image.open("wb") as handle:
        handle.truncate(size_mb * 1024 * 1024)
    subprocess.run(["mkfs.exfat", str(image)], capture_output=True, check=True)
    attached = subprocess.run(["losetup", "--find", "--show", str(image)], capture_output=True, text=True,
                              check=False)
    if attached.returncode != 0:
        _unavailable(f"no loop device for the exFAT image: {attached.stderr.strip() or attached.returncode}")
    device = attached.stdout.strip()
    try:
        mountpoint.mkdir(parents=True, exist_ok=True)
        mounted = subprocess.run(["mount.exfat-fuse", device, str(mountpoint)], capture_output=True, text=True,
                                 check=False)
        if mounted.returncode != 0:
            _unavailable(f"exfat-fuse could not mount: {mounted.stderr.strip() or mounted.returncode}")
        for _ in range(100):
            if os.path.ismount(mountpoint):
                break
            time.sleep(0.05)
        try:
            yield mountpoint
        finally:
            unmount = shutil.which("fusermount3") or shutil.which("fusermount")
            subprocess.run([unmount, "-u", str(mountpoint)] if unmount else ["umount", str(mountpoint)],
                           capture_output=True, check=False)
    finally:
        subprocess.run(["losetup", "-d", device], capture_output=True, check=False)


@contextmanager
def kernel_vfat_stick(image: Path, mountpoint: Path, size_mb: int = 256) -> Iterator[Path]:
    """A FAT32 file system in the file `image`, mounted read-write by the Linux kernel's vfat driver inside a
    libguestfs appliance and shown at `mountpoint` through FUSE (guestmount): the real vfat code a USB stick
    meets, where fusefat is a different, partial implementation (it loses journal appends)."""
    missing = [tool for tool in ("guestmount", "guestunmount", "mkfs.vfat") if shutil.which(tool) is None]
    if missing or not Path("/dev/fuse").exists():
        _unavailable(f"a kernel vfat stick needs {', '.join(missing) or '/dev/fuse'} (Debian: libguestfs-tools "
                     "dosfstools fuse3)")
    with image.open("wb") as handle:
        handle.truncate(size_mb * 1024 * 1024)
    subprocess.run(["mkfs.vfat", "-F", "32", str(image)], capture_output=True, check=True)
    mountpoint.mkdir(parents=True, exist_ok=True)
    pid_file = image.with_suffix(".guestmount-pid")
    env = {**os.environ, "LIBGUESTFS_BACKEND": "direct", "LIBGUESTFS_BACKEND_SETTINGS": "force_tcg"}
    mounted = subprocess.run(["guestmount", "--format=raw", "-a", str(image), "-m", "/dev/sda:/:shortname=mixed",
                              "--rw", "--pid-file", str(pid_file), str(mountpoint)],
                             capture_output=True, text=True, env=env, timeout=600, check=False)
    if mounted.returncode != 0:
        _unavailable(f"guestmount could not mount the FAT image: {mounted.stderr.strip()[-400:] or mounted.returncode}")
    try:
        yield mountpoint
    finally:
        subprocess.run(["guestunmount", "--retry=20", str(mountpoint)], capture_output=True, check=False, timeout=120)
