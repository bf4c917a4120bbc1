"""One zlib stream compressed in bands on several threads, pigz-style (zlib releases the GIL).

Each band is raw deflate (no header) ending with a sync flush, so it stops on a byte boundary without
marking the end; the last band ends with Z_FINISH. Concatenated behind a zlib header, with the Adler-32
of all the input (combined from each band's own checksum), they are one valid zlib stream that inflates
to exactly the concatenated input. Each band is primed with the last 32 KiB before it (as pigz does),
so the stream is as small as a single-thread one at the same level (within 1% on chat screens).

The bands' input is produced by the caller, one at a time, on the calling thread (it usually holds the
GIL, e.g. reordering pixels); worker threads compress finished bands meanwhile, and the calling thread
joins them once the last band is handed over.

Deflate comes from zlib-ng when it is installed (a dependency; about 4x faster than zlib here on screen
pictures, and smaller at level 2), else from Python's zlib. Both write standard deflate, so any PNG
decoder reads the result; which one was used is part of each capture's record (`DEFLATE`).
"""

from __future__ import annotations

import os
import threading
import zlib
from collections.abc import Iterable

try:  # queue.SimpleQueue itself; importing queue (for its other queues, with heapq) was ~0.5 ms of a capture
    from _queue import SimpleQueue
except ImportError:  # an interpreter without CPython's accelerator module
    from queue import SimpleQueue

try:
    from zlib_ng import zlib_ng as zlib_module

    DEFLATE = f"zlib-ng {zlib_module.ZLIBNG_VERSION}"
except ImportError:  # a platform without zlib-ng's wheel: the same stream format, compressed more slowly
    import zlib as zlib_module  # type: ignore[no-redef]

    DEFLATE = f"zlib {zlib.ZLIB_RUNTIME_VERSION}"

_ADLER_BASE = 65521
_MAX_WORKERS = 4
_WINDOW = 32768  # deflate's window: each band may refer back this far into the bands before it


def zlib_header(level: int) -> bytes:
    """The two zlib header bytes zlib itself writes for `level` (32 KiB window, no preset dictionary)."""
    if level < 0 or level > 9:
        raise ValueError(f"zlib level {level} is not between 0 and 9")
    flags = 0 if level < 2 else 1 if level < 6 else 2 if level == 6 else 3
    header = (0x78 << 8) | (flags << 6)
    header += 31 - header % 31
    return header.to_bytes(2, "big")


def adler32_combine(first: int, second: int, second_length: int) -> int:
    """The Adler-32 of A+B from adler32(A), adler32(B) and len(B) (zlib's adler32_combine, in Python)."""
    remainder = second_length % _ADLER_BASE
    sum1 = first & 0xFFFF
    sum2 = (remainder * sum1) % _ADLER_BASE
    sum1 = (sum1 + (second & 0xFFFF) + _ADLER_BASE - 1) % _ADLER_BASE
    sum2 = (sum2 + (first >> 16) + (second >> 16) + _ADLER_BASE - remainder) % _ADLER_BASE
    return sum1 | (sum2 << 16)


def default_workers() -> int:
    """Compression threads besides the caller: one per further CPU, at least one, at most four."""
    return max(1, min(_MAX_WORKERS, (os.cpu_count() or 1) - 1))


class _Compressed:
    """One band after compression: raw deflate bytes, the input's Adler-32 and length."""

    __slots__ = ("adler", "data", "length")

    def __init__(self, data: bytes, adler: int, length: int) -> None:
        self.data = data
        self.adler = adler
        self.length = length


def _deflate(band: bytes, previous: bytes, level: int, last: bool) -> _Compressed:
    compressor = (zlib_module.compressobj(level, zlib.DEFLATED, -15, zdict=previous) if previous
                  else zlib_module.compressobj(level, zlib.DEFLATED, -15))
    data = compressor.compress(band) + compressor.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)
    return _Compressed(data, zlib_module.adler32(band), len(band))


def compress_bands(bands: Iterable[bytes], count: int, level: int, workers: int | None = None) -> list[bytes]:
    """The pieces of one zlib stream (header, deflate per band, Adler-32) for `count` bands of input.

    `bands` yields exactly `count` byte strings; it is consumed on the calling thread.
    """
    if count < 1:
        raise ValueError("a zlib stream needs at least one band of input")
    header = zlib_header(level)  # checks the level before any thread starts
    results: list[_Compressed | BaseException | None] = [None] * count
    queue: SimpleQueue[tuple[int, bytes, bytes] | None] = SimpleQueue()

    def work() -> None:
        while (item := queue.get()) is not None:
            index, band, previous = item
            try:
                results[index] = _deflate(band, previous, level, index == count - 1)
            except BaseException as exc:  # handed to the caller below
                results[index] = exc

    threads = [threading.Thread(target=work, name="png-deflate", daemon=True)
               for _ in range(min(count - 1, default_workers() if workers is None else workers))]
    for thread in threads:
        thread.start()
    produced, previous = 0, b""
    try:
        for index, band in enumerate(bands):
            if index >= count:
                raise ValueError(f"more than the {count} bands announced")
            queue.put((index, band, previous))
            previous = (previous + band)[-_WINDOW:] if len(band) < _WINDOW else band[-_WINDOW:]
            produced += 1
    finally:
        for _ in range(len(threads) + 1):
            queue.put(None)
        work()  # the caller compresses too once every band is handed over
        for thread in threads:
            thread.join()
    if produced != count:
        raise ValueError(f"{produced} bands given, {count} announced")
    pieces = [header]
    adler = 1  # Adler-32 of no bytes
    for result in results:
        if isinstance(result, BaseException):
            raise result
        assert result is not None
        pieces.append(result.data)
        adler = adler32_combine(adler, result.adler, result.length)
    pieces.append(adler.to_bytes(4, "big"))
    return pieces
