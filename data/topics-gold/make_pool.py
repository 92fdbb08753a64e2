"""Build the unlabelled pool of the topic gold set (run once; labels are added by hand).

Wikinews texts (../shared/data/nerel-train/N.txt: texts only, never the .ann files) are cut to
the title and the first paragraphs (up to about 900 characters, at a paragraph or sentence
end); tgcontest leads are taken whole with their title. The split is fixed by the id alone:
sha256(id) even → dev, odd → test.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
NEREL = ROOT.parent / "shared" / "data" / "nerel-train"
TG = ROOT / "data" / "tgcontest-categories"
LIMIT = 600


def split_of(doc_id: str) -> str:
    return "test" if int(hashlib.sha256(doc_id.encode("utf-8")).hexdigest(), 16) % 2 else "dev"


def cut(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines()]
    paragraphs = [line for line in lines if line]
    title, body = paragraphs[0], paragraphs[1:]
    body = [p for p in body if not re.fullmatch(r"[\d/.: ]+", p)]  # date lines
    out = ""
    for paragraph in body:
        if len(out) + len(paragraph) > LIMIT and out:
            break
        out = f"{out}\n\n{paragraph}" if out else paragraph
    if len(out) > LIMIT * 1.6:
        sentences = re.split(r"(?<=[.!?»])\s+(?=[А-ЯЁA-Z«\"])", out)
        out = ""
        for sentence in sentences:
            if len(out) + len(sentence) > LIMIT and out:
                break
            out = f"{out} {sentence}".strip()
    return f"{title}\n\n{out}"


def main(wikinews: int = 262, tgcontest: int = 140) -> None:
    rng = random.Random(14)
    files = sorted(NEREL.glob("*.txt"))
    pool = []
    for path in rng.sample(files, wikinews):
        pool.append({"id": f"wikinews-{path.stem}", "source": "wikinews",
                     "text": cut(path.read_text("utf-8"))})
    rows = []
    for name in ("ru_cat_training", "ru_cat_honey", "ru_cat_exam"):
        with (TG / f"{name}.tsv").open(encoding="utf-8") as handle:
            for number, row in enumerate(csv.DictReader(handle, delimiter="\t"), start=1):
                if row["GOLDEN:res"] == "not_news":
                    continue
                title, text = row["INPUT:title"].strip(), row["INPUT:text"].strip()
                rows.append({"id": f"tgcontest-{name.split('_')[-1]}-{number}",
                             "source": "tgcontest",
                             "text": f"{title}\n\n{text}" if title else text})
    pool += rng.sample(rows, tgcontest)
    for path in sorted((ROOT / "data" / "samples").glob("*.txt")):
        pool.append({"id": f"sample-{path.stem[:3]}", "source": "samples",
                     "text": path.read_text("utf-8").strip()})
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "pool.jsonl"
    with out.open("w", encoding="utf-8") as handle:
        for item in sorted(pool, key=lambda x: x["id"]):
            handle.write(json.dumps({**item, "split": split_of(item["id"])},
                                    ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
