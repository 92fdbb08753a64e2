"""A small real corpus for the report tests: the two sample articles, eight news-stories items
(JSONL with date, outlet and url) and one binary file that fails, annotated by the installed
`nlp-extract annotate`."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from conftest import DATA, SAMPLES

SCRIPT = Path(sys.executable).parent / "nlp-extract"
NEWS = DATA / "news-stories" / "news_8_noise3.csv"
NEWS_ROWS = range(0, 598, 75)  # 8 items of several outlets and months


def news_items() -> list[dict[str, str]]:
    with NEWS.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter=";"))
    items = []
    for number in NEWS_ROWS:
        row = rows[number]
        day, month, year = row["Дата"].split()[0].split(".")
        items.append({"id": row["ID сообщения"], "title": row["Заголовок"], "text": row["Текст"],
                      "published": f"{year}-{month}-{day}", "url": row["Url"],
                      "outlet": row["Источник"]})
    return items


def make_inputs(folder: Path) -> Path:
    corpus = folder / "corpus"
    corpus.mkdir(parents=True)
    for path in sorted(SAMPLES.glob("*.txt")):
        (corpus / path.name).write_bytes(path.read_bytes())
    with (corpus / "news.jsonl").open("w", encoding="utf-8") as stream:
        for item in news_items():
            stream.write(json.dumps(item, ensure_ascii=False) + "\n")
    (corpus / "broken.txt").write_bytes(bytes(range(256)) * 4)
    return corpus


def annotate(corpus: Path, out: Path, fmt: str) -> Path:
    done = subprocess.run([str(SCRIPT), "annotate", str(corpus), "--out", str(out), "--format",
                           fmt, "--no-progress", "--workers", "1"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr  # broken.txt fails, the rest is annotated
    return out


def report(out_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), "report", str(out_dir), *args], capture_output=True,
                          text=True, check=False)


def embedded(html: str, element_id: str) -> dict:
    start = html.index(f'<script type="application/json" id="{element_id}">')
    start = html.index(">", start) + 1
    return json.loads(html[start:html.index("</script>", start)])
