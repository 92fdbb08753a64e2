"""Corpus-scale benchmark: the whole `nlp-extract annotate` run with 1 and N workers against
bare natasha on the same texts, in the same run, each in its own process.

Prints docs/s, tokens/s, peak RSS (the largest single process: per worker) and the start-up
time to the first record, then the ratios the targets in issue 6 are about:
one worker ≥ 0.8× bare natasha; N workers ≥ 0.8·N× one worker; ≤ 600 MB per worker;
first record ≤ 3 s.

    python benchmarks/scale.py [TEXT_DIR] [--repeat N] [--workers N]

With one worker the pipeline runs in the main process and numpy may use the second core for
its matrix products; with N workers each is pinned to one thread.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "data" / "factru-dev"
SCRIPT = str(Path(sys.executable).parent / "nlp-extract")


def make_corpus(source: Path, repeat: int, target: Path) -> int:
    count = 0
    for copy in range(repeat):
        folder = target / f"copy{copy}"
        folder.mkdir(parents=True)
        for path in sorted(source.rglob("*.txt")):
            shutil.copy(path, folder / path.name)
            count += 1
    return count


def rss_of_tree_peak(process: subprocess.Popen[bytes]) -> tuple[float, float]:
    """(largest RSS of one process in MB, seconds until the first output file) by polling
    /proc while the run goes on."""
    peak, first = 0.0, float("nan")
    started = time.perf_counter()
    out_dir = Path(process.args[process.args.index("--out") + 1])  # type: ignore[union-attr]
    while process.poll() is None:
        for pid in [process.pid, *children(process.pid)]:
            try:
                fields = Path(f"/proc/{pid}/status").read_text().split("VmRSS:")[1].split()
                peak = max(peak, int(fields[0]) / 1024)
            except (OSError, IndexError):
                pass
        if first != first and any(out_dir.glob("copy0/*.json")):
            first = time.perf_counter() - started
        time.sleep(0.02)
    return peak, first


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    found = [int(child) for child in text.split()]
    return found + [grand for child in found for grand in children(child)]


def run_ours(corpus: Path, workers: int) -> dict[str, float]:
    out = corpus.parent / f"out-{workers}"
    started = time.perf_counter()
    process = subprocess.Popen([SCRIPT, "annotate", str(corpus), "--out", str(out),
                                "--workers", str(workers), "--no-progress",
                                "--no-learn-boilerplate"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak, first = rss_of_tree_peak(process)
    seconds = time.perf_counter() - started
    tokens = sum(len(json.loads(p.read_text("utf-8"))["tokens"]) for p in out.rglob("*.json")
                 if p.name != "manifest.json")
    return {"seconds": seconds, "peak_mb": peak, "first_s": first, "tokens": tokens}


# bare natasha doing the same job end to end: read each file, annotate, write one JSON per article
NATASHA = """
import json, sys, pathlib
from natasha import Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter
segmenter, vocab, emb = Segmenter(), MorphVocab(), NewsEmbedding()
morph, ner = NewsMorphTagger(emb), NewsNERTagger(emb)
root, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[3])
for path in sorted(root.rglob("*.txt")):
    doc = Doc(path.read_text("utf-8"))
    doc.segment(segmenter); doc.tag_morph(morph)
    for token in doc.tokens: token.lemmatize(vocab)
    doc.tag_ner(ner)
    for span in doc.spans: span.normalize(vocab)
    record = {"text": doc.text,
              "tokens": [[t.start, t.stop, t.text, t.lemma, t.pos] for t in doc.tokens],
              "spans": [[s.start, s.stop, s.type, s.normal] for s in doc.spans]}
    target = out / path.relative_to(root).with_suffix(".json")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(record, ensure_ascii=False, indent=2), "utf-8")
"""


def run_natasha(corpus: Path) -> dict[str, float]:
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", NATASHA, str(corpus), "--out",
                                str(corpus.parent / "out-natasha")])
    peak, _first = rss_of_tree_peak(process)
    return {"seconds": time.perf_counter() - started, "peak_mb": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", nargs="?", default=str(DEFAULT_DIR))
    # 12 copies of factru-dev (1464 articles, ~30 s a run): long enough that the start-up
    # (models loaded once, workers forked) does not dominate, as on a real corpus
    parser.add_argument("--repeat", type=int, default=12)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        corpus = Path(temporary) / "corpus"
        docs = make_corpus(Path(args.directory), args.repeat, corpus)
        bare = run_natasha(corpus)
        one = run_ours(corpus, 1)
        many = run_ours(corpus, args.workers)
    print(f"{docs} documents, {one['tokens']} tokens (load time included in every run)")
    print(f"{'run':18} {'docs/s':>8} {'tokens/s':>9} {'peak MB':>8} {'first s':>8}")
    bare_rate = docs / bare["seconds"]
    print(f"{'natasha (+ I/O)':18} {bare_rate:8.1f} {one['tokens'] / bare['seconds']:9.0f} "
          f"{bare['peak_mb']:8.0f} {'':>8}")
    for name, run in (("ours, 1 worker", one), (f"ours, {args.workers} workers", many)):
        print(f"{name:18} {docs / run['seconds']:8.1f} {run['tokens'] / run['seconds']:9.0f} "
              f"{run['peak_mb']:8.0f} {run['first_s']:8.2f}")
    print(f"ratio 1 worker / natasha: {bare['seconds'] / one['seconds']:.2f}x (target ≥ 0.8)")
    print(f"ratio {args.workers} workers / 1 worker: {one['seconds'] / many['seconds']:.2f}x "
          f"(target ≥ {0.8 * args.workers:.1f})")


if __name__ == "__main__":
    main()
