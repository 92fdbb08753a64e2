"""Flat memory over a long run: RSS after 1,000 and after 10,000 articles, with 1 and 2 workers,
against bare natasha on the same texts in the same run.

The corpus is factRuEval's texts repeated, each copy ending with a sentence of made-up names
and words (new strings, as a real corpus keeps bringing), so a store that keeps every new word
grows. RSS is read from /proc when the run's ledger reaches each mark: per process (parent and
each worker) and their sum.

    python benchmarks/memory.py [--marks 1000 10000] [--workers 1 2] [--no-natasha]

The target (issue 11): RSS after 10,000 articles within 10% of RSS after 1,000.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "factru-dev"
SCRIPT = str(Path(sys.executable).parent / "nlp-extract")
SYLLABLES = [consonant + vowel for consonant in "бвгдзклмнпрстфх" for vowel in "аоуи"]


def made_up_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def make_corpus(target: Path, count: int) -> list[str]:
    """``count`` .txt files (in folders of 1,000); returns their texts for natasha."""
    rng = random.Random(11)
    sources = [path.read_text("utf-8") for path in sorted(SOURCE.glob("*.txt"))]
    texts = []
    for number in range(count):
        names = " ".join(made_up_word(rng).capitalize() for _ in range(3))
        words = " ".join(made_up_word(rng) for _ in range(6))
        text = (f"{sources[number % len(sources)]}\n\nКак сообщил {names}, {words} "
                f"в деревне {made_up_word(rng).capitalize()}ово.")
        folder = target / f"part{number // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{number:06d}.txt").write_text(text, "utf-8")
        texts.append(text)
    return texts


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found.extend(int(child) for child in (task / "children").read_text().split())
    return found


def pss_mb(pid: int) -> float:
    """Proportional set size: pages shared by the forked workers counted once in a sum."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0.0
    if "Pss:" not in rollup:
        return 0.0
    return int(rollup.split("Pss:")[1].split()[0]) / 1024


def rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    if "VmRSS:" not in status:  # a process that has just ended
        return 0.0
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def measure_cli(corpus: Path, workers: int, marks: list[int]
                ) -> dict[int, list[tuple[float, float]]]:
    """RSS of the parent and each worker when the ledger reaches each mark."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out"
        ledger = out / ".nlp_extract" / "ledger.jsonl"
        process = subprocess.Popen([SCRIPT, "annotate", str(corpus), "--out", str(out),
                                    "--format", "jsonl", "--workers", str(workers),
                                    "--no-progress", "--no-learn-boilerplate"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seen: dict[int, list[tuple[float, float]]] = {}
        pending = list(marks)
        while process.poll() is None and pending:
            lines = ledger.read_bytes().count(b"\n") if ledger.exists() else 0
            if lines >= pending[0]:
                pids = [process.pid, *children(process.pid)]
                sizes = [(rss_mb(pid), pss_mb(pid)) for pid in pids]
                seen[pending.pop(0)] = [size for size in sizes if size[0]]
            time.sleep(0.05)
        process.wait()
    return seen


def measure_natasha(texts: list[str], marks: list[int]
                    ) -> dict[int, list[tuple[float, float]]]:
    code = """
import sys, json
from natasha import Segmenter, NewsEmbedding, NewsMorphTagger, NewsNERTagger, MorphVocab, Doc
texts = json.load(sys.stdin)
marks = set(json.loads(sys.argv[1]))
seg, emb = Segmenter(), NewsEmbedding()
morph, ner, vocab = NewsMorphTagger(emb), NewsNERTagger(emb), MorphVocab()
def rss():
    status = open("/proc/self/status").read()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024
for number, text in enumerate(texts, 1):
    doc = Doc(text)
    doc.segment(seg); doc.tag_morph(morph); doc.tag_ner(ner)
    for token in doc.tokens:
        token.lemmatize(vocab)
    for span in doc.spans:
        span.normalize(vocab)
    if number in marks:
        print(number, rss(), flush=True)
"""
    import json

    done = subprocess.run([sys.executable, "-c", code, json.dumps(marks)],
                          input=json.dumps(texts[:max(marks)]), capture_output=True, text=True,
                          check=True)
    return {int(line.split()[0]): [(float(line.split()[1]), float(line.split()[1]))]
            for line in done.stdout.splitlines()}


def report(name: str, seen: dict[int, list[tuple[float, float]]], marks: list[int]
           ) -> float | None:
    """One line: at each mark the processes' RSS (parent first, then workers) and their total
    PSS (shared model pages counted once); the growth of the RSS sum (returned) and of the
    PSS total from the first mark to the last."""
    cells = []
    for mark in marks:
        values = seen.get(mark)
        cells.append("—" if not values else
                     "RSS " + " + ".join(f"{rss:.0f}" for rss, _ in values)
                     + f" MB, PSS {sum(pss for _, pss in values):.0f} MB")
    first, last = seen.get(marks[0]), seen.get(marks[-1])
    growth = pss_growth = None
    if first and last:
        growth = sum(rss for rss, _ in last) / sum(rss for rss, _ in first) - 1
        pss_growth = sum(pss for _, pss in last) / sum(pss for _, pss in first) - 1
    shown = "—" if growth is None or pss_growth is None else \
        f"RSS {100 * growth:+.1f}%, PSS {100 * pss_growth:+.1f}%"
    shown_marks = "   ".join(f"{m} articles: {c}" for m, c in zip(marks, cells, strict=True))
    print(f"{name:<22} {shown_marks}   growth {shown}")
    return growth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--marks", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--no-natasha", action="store_true")
    args = parser.parse_args()
    marks = sorted(args.marks)
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        texts = make_corpus(corpus, marks[-1] + 600)  # workers still busy at the last mark
        print(f"{len(texts)} articles (factRuEval texts + a sentence of new made-up words each)")
        results = {}
        for workers in args.workers:
            results[workers] = report(f"nlp-extract, {workers} worker(s)",
                                      measure_cli(corpus, workers, marks), marks)
        if not args.no_natasha:
            natasha = report("bare natasha", measure_natasha(texts, marks), marks)
            for workers, growth in results.items():
                if growth is not None and natasha is not None:
                    print(f"growth, {workers} worker(s) vs natasha: "
                          f"{100 * growth:+.1f}% vs {100 * natasha:+.1f}% (target: within 10%)")


if __name__ == "__main__":
    main()
