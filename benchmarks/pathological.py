"""Pathological texts: does the time and memory of ``Extractor().extract`` grow linearly with the
length of the text, whatever the text repeats?

Each pattern (a public body's name, quoted names, a run of abbreviations, dates, money,
punctuation, one word, a whole article) is repeated to three sizes (1×, 4×, 16× of a base) and
annotated in a fresh process per pattern (the models are loaded and warmed up once, then the
three sizes run smallest first). Printed per size: characters, wall and CPU seconds, peak RSS
growth (``VmHWM``, reset before each text through ``/proc/self/clear_refs``, over the RSS after
the warm-up), and the ratio of CPU time to the previous size's: about 4 per 4× size is linear,
16 is quadratic. CPU time is the figure to read on a shared machine (wall time waits for the
other processes). The workers run with one BLAS thread, as
``nlp-extract annotate`` workers do.

    python benchmarks/pathological.py [--base CHARS] [--only NAME,...] [--sizes 1,4,16]
    python benchmarks/pathological.py --only word --base 375000   # 6 MB of one word at 16×
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "data" / "samples" / "000_a5760198d369cf0a.txt"

PATTERNS: dict[str, str] = {
    "bodies": "Министерство социальной политики Свердловской области. ",
    "quoted": "компания «Ромашка» ",
    "abbreviations": "ФСБ МВД СК ГИБДД ФНС МЧС РФ ",
    "dates": "7 ноября 2020 года ",
    "money": "1,5 млн рублей ",
    "punctuation": "!!! ... ,,, — ",
    "listed names": "Голос Америки сообщил, что Кремль, Белый дом и Европейский союз "
                    "согласны. ",
    "one word": "слово ",
    "article": "",  # data/samples/000: the whole body again and again
}
# the base size of a pattern relative to --base: the costlier ones get less text so that the
# default run stays within a few minutes on two cores
WEIGHT = {"abbreviations": 0.5, "bodies": 0.75}


def pattern_text(name: str, chars: int) -> str:
    unit = PATTERNS[name] or ARTICLE.read_text(encoding="utf-8").strip() + "\n\n"
    return unit * max(1, round(chars / len(unit)))


def _status(field: str) -> int:
    """A field of /proc/self/status in KB (VmRSS, VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    except OSError:
        return False
    return True


def worker(name: str, sizes: list[int]) -> None:
    """In a fresh process: load, warm up, then annotate each size; one JSON line per size."""
    from nlp_extract import Extractor

    extractor = Extractor(max_chars=max(sizes) * 2 + 10_000)
    extractor.extract(pattern_text(name, 2_000))  # warm-up: caches, lazy model parts
    gc.collect()
    baseline = _status("VmRSS")  # peaks are counted from here: sizes run smallest first, so
    for chars in sizes:  # memory a smaller text freed and a larger one reuses is counted too
        text = pattern_text(name, chars)
        gc.collect()
        exact = _reset_peak()
        wall, cpu = time.perf_counter(), time.process_time()
        annotation = extractor.extract(text)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        peak = _status("VmHWM")
        record = annotation.to_dict()
        print(json.dumps({"chars": len(text), "wall": wall, "cpu": cpu,
                          "peak_mb": (peak - baseline) / 1024, "exact_peak": exact,
                          "tokens": len(record["tokens"]), "mentions": len(record["mentions"]),
                          "dates": len(record["dates"]), "money": len(record["money"])}),
              flush=True)
        del annotation, record


def run(name: str, sizes: list[int]) -> list[dict]:
    command = [sys.executable, __file__, "--worker", name,
               "--sizes", ",".join(map(str, sizes))]
    # one BLAS thread, as the corpus workers have: OpenBLAS threads spinning on a busy machine
    # multiply the CPU time of small matrix products by up to 20 and hide the growth
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1"}
    output = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    if output.returncode:
        sys.stderr.write(output.stderr)
        raise SystemExit(f"{name}: the worker failed")
    return [json.loads(line) for line in output.stdout.splitlines() if line.startswith("{")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=int, default=16_000, help="characters at 1× (default "
                        "16000; some patterns take a fraction of it)")
    parser.add_argument("--sizes", default="1,4,16", help="multiples of the base")
    parser.add_argument("--only", default="", help="comma-separated pattern names")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, [int(size) for size in args.sizes.split(",")])
        return
    names = [name.strip() for name in args.only.split(",") if name.strip()] or list(PATTERNS)
    unknown = [name for name in names if name not in PATTERNS]
    if unknown:
        parser.error(f"unknown pattern {', '.join(unknown)}; known: {', '.join(PATTERNS)}")
    multiples = [int(size) for size in args.sizes.split(",")]
    print(f"{'pattern':<14} {'chars':>9} {'tokens':>8} {'mentions':>8} {'wall s':>7} "
          f"{'cpu s':>7} {'×cpu':>5} {'peak MB':>8}")
    started = time.perf_counter()
    for name in names:
        base = int(args.base * WEIGHT.get(name, 1.0))
        rows = run(name, [base * multiple for multiple in multiples])
        previous = None
        for row in rows:
            ratio = f"{row['cpu'] / previous:5.1f}" if previous else "     "
            print(f"{name:<14} {row['chars']:>9} {row['tokens']:>8} {row['mentions']:>8} "
                  f"{row['wall']:7.2f} {row['cpu']:7.2f} {ratio} {row['peak_mb']:8.1f}"
                  + ("" if row["exact_peak"] else " (peak not reset)"))
            previous = max(row["cpu"], 1e-6)
    print(f"total {time.perf_counter() - started:.0f} s; ×cpu: CPU time over the previous "
          f"size's (sizes ×{'/'.join(map(str, multiples))}: ~4 per 4× is linear)")


if __name__ == "__main__":
    main()
