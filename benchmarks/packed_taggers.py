"""The slovnet networks of the morph tagger and the NER: slovnet's own executor (padded batches)
against ours (``nlp_extract/pipeline/packed_tagging.py``: sentences packed end to end), on the
same sentences in the same process, alternately. Prints the CPU seconds of each, their ratio
and whether every tag agrees (it must: packing changes only the order of float additions).

    python benchmarks/packed_taggers.py [TEXT_DIR] [--rounds 3] [--batch-size 16]

The sentences are the razdel sentences of the texts (default ``data/factru-dev``), sorted by
length as the pipeline sorts them; run it pinned to one core with one BLAS thread for steady
numbers (``taskset -c 0`` and ``OMP_NUM_THREADS=1``).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_WORDS = 256  # the pipeline cuts longer sentences into pieces this long


def sentences(directory: Path) -> list[list[str]]:
    import razdel
    from throughput import load_texts

    found = []
    for text in load_texts(directory, 1):
        for sentence in razdel.sentenize(text):
            words = [token.text for token in razdel.tokenize(sentence.text)]
            found.extend(words[start:start + MAX_WORDS]
                         for start in range(0, len(words), MAX_WORDS))
    return sorted(found, key=len)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", nargs="?", default=str(ROOT / "data" / "factru-dev"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()

    from nlp_extract.pipeline.batching import slovnet_tags
    from nlp_extract.pipeline.models import morph_tagger, ner_tagger
    from nlp_extract.pipeline.packed_tagging import packed_tags

    items = sentences(Path(args.directory))
    print(f"{len(items)} sentences, {sum(map(len, items))} words, batch size {args.batch_size}")
    print(f"{'tagger':8}{'slovnet s':>11}{'packed s':>10}{'ratio':>8}  tags agree")
    for name, load in (("morph", morph_tagger), ("ner", ner_tagger)):
        tagger = load(args.batch_size)
        packed_tags(tagger, items[:50], args.batch_size)  # build the packed weights once
        own_times, packed_times, agree = [], [], True
        for _ in range(args.rounds):
            started = time.process_time()
            own = slovnet_tags(tagger, items)
            own_times.append(time.process_time() - started)
            started = time.process_time()
            packed = packed_tags(tagger, items, args.batch_size)
            packed_times.append(time.process_time() - started)
            agree = agree and own == packed
        own_s, packed_s = statistics.median(own_times), statistics.median(packed_times)
        print(f"{name:8}{own_s:11.2f}{packed_s:10.2f}{packed_s / own_s:8.2f}  {agree}")


if __name__ == "__main__":
    main()
