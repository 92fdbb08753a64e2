"""Throughput and peak memory of ``Extractor.extract_many`` against bare natasha.

Both systems annotate the same texts in the same run, each in a fresh subprocess so that peak
RSS is its own. Bare natasha = Segmenter + NewsMorphTagger + NewsNERTagger + span.normalize,
the natasha equivalent of our pipeline's work. Prints docs/s, chars/s, peak RSS and ratios.

    python benchmarks/throughput.py [TEXT_DIR] [--repeat N] [--batch-size B] [--config JSON]

``--config`` is our pipeline's component settings, e.g. ``'{"slovnet_syntax": {"enabled": true}}'``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIRS = (ROOT / "data" / "factru-dev", ROOT / "data" / "samples")


def load_texts(directory: Path | None, repeat: int) -> list[str]:
    candidates = [directory] if directory else [d for d in DEFAULT_DIRS if d.is_dir()]
    for candidate in candidates:
        texts = [p.read_text("utf-8") for p in sorted(candidate.rglob("*.txt"))]
        if texts:
            return texts * repeat
    raise SystemExit("no .txt files found")


def run_ours(texts: list[str], batch_size: int, config: str = "{}") -> dict[str, float]:
    started = time.perf_counter()
    from nlp_extract import Extractor

    extractor = Extractor(config=json.loads(config))
    loaded = time.perf_counter()
    pairs = [(str(i), text) for i, text in enumerate(texts)]
    mentions = sum(len(a.mentions) for a in extractor.extract_many(pairs, batch_size=batch_size))
    return {"load_s": loaded - started, "run_s": time.perf_counter() - loaded,
            "mentions": mentions}


def run_natasha(texts: list[str], batch_size: int, _config: str = "{}") -> dict[str, float]:
    started = time.perf_counter()
    from natasha import Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    segmenter, vocab, emb = Segmenter(), MorphVocab(), NewsEmbedding()
    morph, ner = NewsMorphTagger(emb), NewsNERTagger(emb)
    loaded = time.perf_counter()
    mentions = 0
    for text in texts:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_morph(morph)
        for token in doc.tokens:
            token.lemmatize(vocab)
        doc.tag_ner(ner)
        for span in doc.spans:
            span.normalize(vocab)
        mentions += len(doc.spans)
    return {"load_s": loaded - started, "run_s": time.perf_counter() - loaded,
            "mentions": mentions}


def child(system: str, directory: str, repeat: int, batch_size: int, config: str) -> None:
    texts = load_texts(Path(directory) if directory else None, repeat)
    runner = run_ours if system == "ours" else run_natasha
    result = runner(texts, batch_size, config)
    result.update(docs=len(texts), chars=sum(map(len, texts)),
                  peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(result))


def measure(system: str, directory: str, repeat: int, batch_size: int,
            config: str = "{}") -> dict[str, float]:
    command = [sys.executable, __file__, "--child", system, "--repeat", str(repeat),
               "--batch-size", str(batch_size), "--config", config, directory]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", nargs="?", default="")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--config", default="{}", help="our component settings (JSON)")
    parser.add_argument("--child", choices=("ours", "natasha"))
    args = parser.parse_args()
    if args.child:
        child(args.child, args.directory, args.repeat, args.batch_size, args.config)
        return
    results = {name: measure(name, args.directory, args.repeat, args.batch_size, args.config)
               for name in ("natasha", "ours")}
    print(f"{'system':10} {'docs':>6} {'docs/s':>8} {'kchars/s':>9} {'load s':>7} "
          f"{'peak MB':>8} {'mentions':>9}")
    for name, r in results.items():
        print(f"{name:10} {r['docs']:6d} {r['docs'] / r['run_s']:8.1f} "
              f"{r['chars'] / r['run_s'] / 1000:9.1f} {r['load_s']:7.2f} "
              f"{r['peak_rss_mb']:8.0f} {r['mentions']:9d}")
    ours, bare = results["ours"], results["natasha"]
    print(f"ratio ours/natasha: throughput {bare['run_s'] / ours['run_s']:.2f}x, "
          f"peak memory {ours['peak_rss_mb'] / bare['peak_rss_mb']:.2f}x")


if __name__ == "__main__":
    main()
