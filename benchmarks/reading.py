"""Throughput of the reading + cleaning stage (decode, extract, structure), no NLP.

    python benchmarks/reading.py [DIR] [--repeat N] [--learn]

Reads every supported file under DIR (default data/samples) N times and prints documents/s and
MB/s (input bytes) for decoding alone and for the whole read_path (decode + structure).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp_extract.readers import (  # noqa: E402
    SUPPORTED_SUFFIXES,
    Article,
    learn_corpus_boilerplate,
    read_path,
)
from nlp_extract.readers.decode import decode_bytes  # noqa: E402


def timed(label: str, work: Callable[[], int], docs: int, size: int, repeat: int) -> None:
    started = time.perf_counter()
    produced = 0
    for _ in range(repeat):
        produced += work()
    seconds = max(time.perf_counter() - started, 1e-9)
    rate = docs * repeat / seconds
    throughput = size * repeat / seconds / 1e6
    print(f"{label:<28} {rate:>10.1f} docs/s {throughput:>8.2f} MB/s"
          f"  ({produced} results, {seconds:.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", nargs="?", type=Path, default=ROOT / "data" / "samples")
    parser.add_argument("--repeat", type=int, default=50, help="passes over the folder")
    parser.add_argument("--learn", action="store_true", help="learn boilerplate first and use it")
    args = parser.parse_args()
    paths = sorted(p for p in args.dir.rglob("*")
                   if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
    if not paths:
        sys.exit(f"no {', '.join(sorted(SUPPORTED_SUFFIXES))} files under {args.dir}")
    blobs = [p.read_bytes() for p in paths]
    size = sum(len(blob) for blob in blobs)
    boilerplate = learn_corpus_boilerplate(paths) if args.learn else frozenset()
    print(f"{len(paths)} files, {size / 1e6:.3f} MB, repeat {args.repeat}"
          + (f", {len(boilerplate)} learned boilerplate lines" if args.learn else ""))

    def decode_all() -> int:
        count = 0
        for blob in blobs:
            try:
                decode_bytes(blob)
                count += 1
            except ValueError:
                pass
        return count

    def read_all() -> int:
        return sum(isinstance(result, Article)
                   for path in paths for result in read_path(path, args.dir, boilerplate))

    timed("decode", decode_all, len(paths), size, args.repeat)
    timed("read_path (decode+clean)", read_all, len(paths), size, args.repeat)


if __name__ == "__main__":
    main()
