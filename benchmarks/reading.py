"""Throughput of the reading + cleaning stage (decode, extract, structure), no NLP.

    python benchmarks/reading.py [DIR] [--repeat N] [--learn]
    python benchmarks/reading.py --hostile [--base BYTES]

Reads every supported file under DIR (default data/samples) N times and prints documents/s and
MB/s (input bytes) for decoding alone and for the whole read_path (decode + structure).

``--hostile`` reads pages built to be slow (``{{`` repeated on one line of a .txt, unclosed
``<script>``, ``<!--``, ``<![CDATA[``, tags without ``>``) at 1× and 4× a base size and prints
the CPU seconds of each and their ratio: about 4 is linear, 16 quadratic.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
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


_ARTICLE = ("<html><body><article><h1>В Тюмени открыли школу</h1><p>Губернатор Тюменской "
            "области открыл новую школу на 1200 мест.</p></article>")
HOSTILE = {
    "template.txt": lambda n: "В Тюмени открыли школу. " + "{{" * (n // 2),
    "script.html": lambda n: _ARTICLE + "<script>" * (n // 8),
    "comment.html": lambda n: _ARTICLE + "<!--" * (n // 4),
    "cdata.html": lambda n: _ARTICLE + "<![CDATA[" * (n // 9),
    "tags.html": lambda n: _ARTICLE + "<a" * (n // 2),
}


def hostile(base: int) -> None:
    """CPU seconds of read_path on each hostile page at 1× and 4× ``base`` bytes."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, build in HOSTILE.items():
            seconds = []
            for size in (base, 4 * base):
                path = root / name
                path.write_text(build(size), encoding="utf-8")
                started = time.process_time()
                results = list(read_path(path, root))
                seconds.append(time.process_time() - started)
                kind = type(results[0]).__name__ if results else "nothing"
                print(f"{name:<14} {path.stat().st_size / 1024:>8.0f} KB "
                      f"{seconds[-1]:>8.3f} s CPU  ({kind})")
            ratio = seconds[1] / max(seconds[0], 1e-3)
            print(f"{name:<14} 4× the bytes: {ratio:.1f}× the time (4 linear, 16 quadratic)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", nargs="?", type=Path, default=ROOT / "data" / "samples")
    parser.add_argument("--repeat", type=int, default=50, help="passes over the folder")
    parser.add_argument("--learn", action="store_true", help="learn boilerplate first and use it")
    parser.add_argument("--hostile", action="store_true",
                        help="time pathological pages instead (see the module docstring)")
    parser.add_argument("--base", type=int, default=64_000, help="--hostile: base size in bytes")
    args = parser.parse_args()
    if args.hostile:
        hostile(args.base)
        return
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
