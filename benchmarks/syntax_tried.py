"""The slovnet syntax experiment: ORG and overall scores with and without ``slovnet_syntax``.

Runs ``nlp-extract evaluate``'s scoring (our pipeline only, no natasha baseline) on the dev and
held-out splits of factru-dev and nerel-train, once with the default pipeline and once with
``{"slovnet_syntax": {"enabled": true}}`` (its parse vetoes ORG tail words whose head chain
leaves the tail: ``rules/org_tail.py``, ``syntax_detached``), and prints one row per corpus,
split and setting, plus the time each took. README "Syntax (slovnet) tried" has the numbers.

    python benchmarks/syntax_tried.py [--factru DIR] [--nerel DIR] [--only off|on]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = {"off": {}, "on": {"slovnet_syntax": {"enabled": True}}}


def scores(report: dict[str, Any]) -> dict[str, float]:
    """ORG token F1 (naeval), ORG and micro whole-mention F1, ORG normal forms right, ORG and
    all record F1 (fractions, as in the report's JSON)."""
    ours = report["systems"]["nlp_extract"]
    names = ours.get("names", {}).get("ORG", {}).get("share")  # NEREL has no gold names
    return {
        "org_token": ours["tokens"]["ORG"]["f1"],
        "org_mention": ours["mentions"]["ORG"]["f1"],
        "all_mention": ours["mentions"]["micro"]["f1"],
        "org_names": names,
        "org_records": ours["records"]["ORG"]["f1"],
        "all_records": ours["records"]["all"]["f1"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factru", type=Path, default=ROOT / "data" / "factru-dev")
    parser.add_argument("--nerel", type=Path, default=ROOT.parent / "shared" / "data" /
                        "nerel-train")
    parser.add_argument("--only", choices=sorted(SETTINGS))
    args = parser.parse_args()

    from nlp_extract import Extractor
    from nlp_extract.evaluate import evaluate_factru, evaluate_nerel

    runs = {"factru": (evaluate_factru, args.factru), "nerel": (evaluate_nerel, args.nerel)}
    rows = []
    for setting, config in SETTINGS.items():
        if args.only and setting != args.only:
            continue
        extractor = Extractor(config=config)
        for corpus, (evaluate, path) in runs.items():
            for split in ("dev", "heldout"):
                started = time.perf_counter()
                report = evaluate(path, extractor=extractor, baseline=False, split=split)
                row = {"corpus": corpus, "split": split, "syntax": setting,
                       "seconds": round(time.perf_counter() - started, 1),
                       **scores(report.to_dict())}
                rows.append(row)
                print(json.dumps(row, sort_keys=True), flush=True)


if __name__ == "__main__":
    main()
