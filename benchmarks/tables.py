"""Tables against JSON Lines: annotate time, size on disk and pandas read time and peak memory.

The corpus: the 598 news-stories items as a JSONL file (with their ids, titles, dates, URLs),
the factRuEval texts and, when given, a folder of more texts (e.g. NEREL's ``*.txt``). Each
output is read back in a fresh process: JSONL with ``pd.read_json(lines=True)``, the Parquet
and CSV tables folder by folder.

    python benchmarks/tables.py [--more ../shared/data/nerel-train] [--workers 1]
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = str(Path(sys.executable).parent / "nlp-extract")
TABLES = ("documents", "mentions", "entities", "topics", "keyphrases", "dates", "money")
RUNS = {"jsonl": ["--format", "jsonl"],
        "jsonl --no-tokens --slim-provenance": ["--format", "jsonl", "--no-tokens",
                                                "--slim-provenance"],
        "parquet": ["--format", "parquet"], "csv": ["--format", "csv"]}
READ = """
import glob, json, os, resource, sys, time
import pandas as pd
kind, path = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if kind == "jsonl":
    rows = {"records": len(pd.read_json(path, lines=True))}
elif kind == "parquet":
    rows = {name: len(pd.read_parquet(os.path.join(path, name))) for name in TABLES}
else:
    rows = {name: sum(len(pd.read_csv(p)) for p in sorted(glob.glob(os.path.join(path, name,
                                                                                 "*.csv"))))
            for name in TABLES}
print(json.dumps({"seconds": time.perf_counter() - start, "rows": rows,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))
""".replace("TABLES", repr(TABLES))


def build_corpus(root: Path, more: Path | None) -> int:
    (root / "factru").mkdir(parents=True)
    source = ROOT / "data" / "news-stories" / "news_8_noise3.csv"
    with source.open(encoding="utf-8-sig", newline="") as stream, \
            (root / "news.jsonl").open("w", encoding="utf-8") as out:
        for row in csv.DictReader(stream, delimiter=";"):
            published = datetime.strptime(row["Дата"], "%d.%m.%Y %H:%M").isoformat()
            out.write(json.dumps({"id": row["ID сообщения"], "title": row["Заголовок"],
                                  "text": row["Текст"], "published": published,
                                  "url": row["Url"], "outlet": row["Источник"]},
                                 ensure_ascii=False) + "\n")
    for path in (ROOT / "data" / "factru-dev").glob("*.txt"):
        shutil.copy(path, root / "factru" / path.name)
    if more is not None:
        (root / "more").mkdir()
        for path in more.glob("*.txt"):
            shutil.copy(path, root / "more" / path.name)
    return sum(1 for _ in (root / "news.jsonl").open()) + len(list(root.rglob("*.txt")))


def size(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*")
               if item.is_file() and ".nlp_extract" not in item.parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--more", type=Path, help="a folder of more .txt articles")
    parser.add_argument("--workers", default="1")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nlp-extract-tables-") as folder:
        root = Path(folder)
        articles = build_corpus(root / "corpus", args.more)
        print(f"{articles} articles\n")
        print("| output | annotate s | size MB | read s | read peak MB |")
        print("|---|---|---|---|---|")
        for name, flags in RUNS.items():
            out = root / name.replace(" ", "_")
            start = time.perf_counter()
            subprocess.run([SCRIPT, "annotate", str(root / "corpus"), "--out", str(out),
                            *flags, "--workers", args.workers, "--no-progress"], check=True,
                           capture_output=True)
            annotate = time.perf_counter() - start
            kind = flags[1]
            target = out / "annotations.jsonl" if kind == "jsonl" else out
            read = json.loads(subprocess.run([sys.executable, "-c", READ, kind, str(target)],
                                             check=True, capture_output=True,
                                             text=True).stdout)
            print(f"| {name} | {annotate:.1f} | {size(out) / 1e6:.1f} | "
                  f"{read['seconds']:.2f} | {read['peak_mb']} |")
            if kind == "parquet":
                rows = ", ".join(f"{table} {count:,}" for table, count in read["rows"].items())
                print(f"|   rows: {rows} | | | | |")


if __name__ == "__main__":
    main()
