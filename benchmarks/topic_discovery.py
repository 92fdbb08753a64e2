"""Topic discovery against known stories: NMI and ARI of NMF topics vs. the news-stories labels.

    python benchmarks/topic_discovery.py [CSV] [--k 8 9 12] [--seeds 0 1 2] [--init nndsvda random]

CSV defaults to data/news-stories/news_8_noise3.csv (598 Russian news items of 2017, column
Инфоповод = the story: 8 stories and «шум», noise). Each article is lemmatised once by our
pipeline (title + text), then for every k, init and seed the articles are assigned to their
heaviest NMF topic and compared with the stories (scikit-learn's normalized_mutual_info_score
and adjusted_rand_score). Printed, not asserted; tests/test_topics_corpus.py keeps a floor.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp_extract import Extractor  # noqa: E402
from nlp_extract.topics.analyse import corpus_terms  # noqa: E402
from nlp_extract.topics.discover import discover_topics  # noqa: E402
from nlp_extract.topics.io import read_table  # noqa: E402

DEFAULT_CSV = ROOT / "data" / "news-stories" / "news_8_noise3.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--k", type=int, nargs="+", default=[8, 9, 12])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--init", nargs="+", default=["nndsvda", "random"])
    args = parser.parse_args()

    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    docs = list(read_table(args.csv, labelled=True))
    gold = [doc.labels[0] for doc in docs]
    print(f"{args.csv.name}: {len(docs)} articles, {len(set(gold))} stories (noise included)")
    started = time.perf_counter()
    nlp = Extractor().nlp
    terms = corpus_terms(nlp, [doc.text for doc in docs], bigrams=True)
    print(f"lemmatised in {time.perf_counter() - started:.1f} s")
    print(f"{'k':>3} {'init':<8} {'seed':>4} {'NMI':>6} {'ARI':>6} {'s':>6}")
    for k in args.k:
        for init in args.init:
            seeds = args.seeds if init == "random" else args.seeds[:1]
            for seed in seeds:
                started = time.perf_counter()
                found = discover_topics(terms, k, seed=seed, init=init)
                seconds = time.perf_counter() - started
                nmi = normalized_mutual_info_score(gold, found.assignments)
                ari = adjusted_rand_score(gold, found.assignments)
                print(f"{k:>3} {init:<8} {seed:>4} {nmi:6.3f} {ari:6.3f} {seconds:6.2f}")


if __name__ == "__main__":
    main()
