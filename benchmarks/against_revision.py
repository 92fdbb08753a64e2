"""CPU time of ``Extractor.extract_many`` now against an earlier revision of this repository,
and of bare natasha, measured alternately in the same window.

Speed targets are ratios to a baseline measured in the same run; comparing each change only
with the one before hides a slow drift (eighteen sessions, each "no slowdown", added up to
about +40% against 0.2.0, the version issue 13 set its speed target by). This benchmark
checks out ``--rev`` into a temporary git worktree and runs the three systems one after
another ``--rounds`` times, each in a fresh process pinned to one core with one BLAS thread
(on two cores the runs of one code vary by 20% here), and prints the CPU seconds of each run,
the medians and the ratios.

    python benchmarks/against_revision.py [--rev d0f5880] [--rounds 4] [--repeat 2] [TEXT_DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "data" / "factru-dev"
ISSUE_13_BASELINE = "d0f5880"  # 0.2.0: the day issue 13 was filed


def child(system: str, directory: str, repeat: int) -> None:
    """Annotate the texts once to warm up, then ``repeat`` times, printing the CPU seconds."""
    from throughput import load_texts, run_natasha

    texts = load_texts(Path(directory), 1)
    if system == "natasha":
        run_natasha(texts[:5], 16)
        started = time.process_time()
        run_natasha(texts * repeat, 16)
    else:
        from nlp_extract import Extractor

        extractor = Extractor()
        list(extractor.extract_many(texts[:5]))
        started = time.process_time()
        for _ in extractor.extract_many(texts * repeat):
            pass
    print(json.dumps({"cpu_s": time.process_time() - started}))


def run(system: str, code: Path, directory: str, repeat: int) -> float:
    environment = {**os.environ, "PYTHONPATH": str(code), "OMP_NUM_THREADS": "1",
                   "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    command = [sys.executable, str(Path(__file__).resolve()), "--child", system,
               "--repeat", str(repeat), directory]
    if shutil.which("taskset"):
        command = ["taskset", "-c", "0", *command]
    output = subprocess.run(command, check=True, capture_output=True, text=True,
                            env=environment, cwd=Path(__file__).resolve().parent).stdout
    return float(json.loads(output.strip().splitlines()[-1])["cpu_s"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", nargs="?", default=str(DEFAULT_DIR))
    parser.add_argument("--rev", default=ISSUE_13_BASELINE, help="the earlier revision")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=2, help="times the texts are annotated")
    parser.add_argument("--child", choices=("ours", "natasha"))
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        child(args.child, args.directory, args.repeat)
        return
    with tempfile.TemporaryDirectory() as scratch:
        earlier = Path(scratch) / "earlier"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q",
                        str(earlier), args.rev], check=True)
        try:
            systems = {"natasha": ("natasha", ROOT), f"rev {args.rev}": ("ours", earlier),
                       "now": ("ours", ROOT)}
            times: dict[str, list[float]] = {name: [] for name in systems}
            for _ in range(args.rounds):
                for name, (system, code) in systems.items():
                    times[name].append(run(system, code, args.directory, args.repeat))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(earlier)], check=False)
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        runs = " ".join(f"{value:.2f}" for value in values)
        print(f"{name:14} median {medians[name]:6.2f} s   runs {runs}")
    now, earlier_s = medians["now"], medians[f"rev {args.rev}"]
    print(f"now / rev {args.rev}: {now / earlier_s:.2f}x CPU time; "
          f"throughput vs natasha: now {medians['natasha'] / now:.2f}x, "
          f"rev {args.rev} {medians['natasha'] / earlier_s:.2f}x")


if __name__ == "__main__":
    main()
