"""Peak memory of reading decompression bombs of small JSON records (issue 17, finding c).

    python bench/bench_reader_memory.py                    # this checkout's sources
    python bench/bench_reader_memory.py --src ../main/src  # another checkout's, to compare before and after
    python bench/bench_reader_memory.py --case array.json.gz  # one case (the old readers take ~10 min a case)

Writes, in a temporary folder, files that stay under the 256 MiB decompressed cap (`MAX_GZIP_BYTES`) yet hold
millions of tiny records: a .json.gz array of small objects (the probe's case), the same as a JSON object per line
(.jsonl.gz), and a single JSON object with millions of keys (.json.gz). Each is read by `read_sources` in a fresh
child process (nothing but the readers imported), which prints how many records it got and how long it took; this
child also prints its own peak resident memory (VmHWM from /proc/self/status; else `ru_maxrss`). Prints figures; asserts
nothing (it is not a test).
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import resource, sys, time
from collections import Counter
from eventwire.ingest import read_sources
t = time.perf_counter()
n, reasons = 0, Counter()
for a in read_sources([sys.argv[1]]):
    n += 1
    if a.rejected:
        reasons[a.rejected.split(":")[0]] += 1
try:  # this process's own peak (ru_maxrss may carry the parent's over through exec)
    import re
    peak = int(re.search(r"VmHWM:\s*(\d+)", open("/proc/self/status").read()).group(1)) / 1024
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
print(f"peak RSS {peak:,.0f} MiB; {n} records, rejected {dict(reasons)}; read in {time.perf_counter() - t:.1f} s")
"""
TARGET = 250 * 1024 * 1024  # decompressed bytes: under the 256 MiB cap


def _write_gz(path: Path, head: bytes, unit: bytes, sep: bytes, tail: bytes) -> tuple[int, int]:
    """A gzip of head + unit (sep unit)* + tail, about TARGET bytes decompressed; (compressed, decompressed)."""
    n = (TARGET - len(head) - len(tail)) // (len(unit) + len(sep))
    block = (unit + sep) * 10_000
    with gzip.open(path, "wb", compresslevel=9) as fh:
        fh.write(head)
        for _ in range(n // 10_000):
            fh.write(block)
        fh.write((unit + sep) * (n % 10_000 - 1) + unit + tail)
    return path.stat().st_size, len(head) + n * (len(unit) + len(sep)) - len(sep) + len(tail)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", default=str(Path(__file__).resolve().parents[1] / "src"),
                    help="the src folder whose eventwire to measure (default: this checkout's)")
    ap.add_argument("--case", action="append", choices=["array.json.gz", "lines.jsonl.gz", "keys.json.gz"],
                    help="only this case (repeatable; default: all)")
    args = ap.parse_args()
    env = {**os.environ, "PYTHONPATH": str(Path(args.src).resolve())}
    with tempfile.TemporaryDirectory() as tmp:
        cases = {
            "array.json.gz": (b"[", b'{"a":1}', b",", b"]"),
            "lines.jsonl.gz": (b"", b'{"a":1}', b"\n", b"\n"),
            "keys.json.gz": (b'{"text":"x",\n', b'"k":1', b",\n", b"}"),
        }
        print(f"eventwire from {args.src}; Python {sys.version.split()[0]}")
        for name, parts in cases.items():
            if args.case and name not in args.case:
                continue
            path = Path(tmp) / name
            packed, size = _write_gz(path, *parts)
            t = time.perf_counter()
            proc = subprocess.run([sys.executable, "-c", CHILD, str(path)], env=env, capture_output=True, text=True)
            got = proc.stdout.strip() or (proc.stderr.strip().splitlines() or ["?"])[-1][:160]
            print(f"{name}: {packed / 1024:,.0f} KiB gzip -> {size / 1024**2:,.0f} MiB; exit {proc.returncode} "
                  f"after {time.perf_counter() - t:.1f} s; {got}")

if __name__ == "__main__":
    main()
