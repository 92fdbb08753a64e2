"""Report benchmark: `nlp-extract report` on 10,000 annotated articles.

Annotating 10,000 articles takes long, so ~1,000 real ones are annotated once (news-stories:
598 items of 2017 with date and outlet; factRuEval dev: 122 texts; tgcontest: 292 leads with
their url) into a base out dir (``--base DIR`` keeps it between runs), and its records are
replicated with changed ids and dates (each copy shifted by 30 days) into a temporary
``--format jsonl`` out dir (and a ``--format json`` one with ``--json``). Prints the report's
wall time, its peak memory (RSS of the report process), the HTML size and, when a chromium is
installed, the time a headless browser takes to open the page and draw every chart.

    python benchmarks/report.py [--articles 10000] [--base DIR] [--json] [--keep DIR]
                                [--screenshot docs/report.png]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SCRIPT = str(Path(sys.executable).parent / "nlp-extract")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def real_articles() -> list[dict[str, str]]:
    """~1,000 real Russian articles as JSONL records (id, text, title, published, url,
    outlet)."""
    out: list[dict[str, str]] = []
    with (DATA / "news-stories" / "news_8_noise3.csv").open(encoding="utf-8-sig",
                                                          newline="") as stream:
        for row in csv.DictReader(stream, delimiter=";"):
            day = dt.datetime.strptime(row["Дата"].split()[0], "%d.%m.%Y").date()
            out.append({"id": f"ns/{row['ID сообщения']}", "text": row["Текст"],
                        "title": row["Заголовок"], "published": day.isoformat(),
                        "url": row["Url"], "outlet": row["Источник"]})
    for path in sorted((DATA / "factru-dev").glob("*.txt")):
        out.append({"id": f"factru/{path.stem}", "text": path.read_text(encoding="utf-8")})
    for path in sorted((DATA / "tgcontest-categories").glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as stream:
            for number, row in enumerate(csv.DictReader(stream, delimiter="\t")):
                out.append({"id": f"tg/{path.stem}/{number}", "text": row["INPUT:text"],
                            "title": row["INPUT:title"], "url": row["INPUT:url"]})
    return out


def annotate_base(base: Path) -> None:
    if (base / "manifest.json").is_file():
        return
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "real.jsonl"
        with corpus.open("w", encoding="utf-8") as stream:
            for record in real_articles():
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        started = time.perf_counter()
        subprocess.run([SCRIPT, "annotate", str(corpus), "--out", str(base), "--format", "jsonl",
                        "--no-progress"], check=False)
        print(f"annotated the base corpus in {time.perf_counter() - started:.0f} s → {base}")


def shifted(published: str | None, days: int) -> str | None:
    if not published:
        return published
    try:
        day = dt.date.fromisoformat(published[:10])
    except ValueError:
        return published
    return (day + dt.timedelta(days=days)).isoformat() + published[10:]


def replicate(base: Path, target: Path, articles: int, fmt: str) -> int:
    """Copies of the base records (ids ``<id>~<copy>``, dates shifted) until ``articles``."""
    target.mkdir(parents=True)
    lines = (base / "annotations.jsonl").read_text(encoding="utf-8").splitlines()
    written, copy = 0, 0
    while written < articles:
        shard = target / f"annotations-{copy:05d}.jsonl"
        with (shard.open("w", encoding="utf-8") if fmt == "jsonl" else open(os.devnull, "w")
              ) as stream:
            for line in lines:
                if written == articles:
                    break
                record = json.loads(line)
                record["id"] = f"{record['id']}~{copy}"
                meta = record.get("meta") or {}
                meta["published"] = shifted(meta.get("published"), 30 * copy)
                text = json.dumps(record, ensure_ascii=False, sort_keys=True)
                if fmt == "jsonl":
                    stream.write(text + "\n")
                else:
                    path = target / f"{record['id']}.json"
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(text + "\n", encoding="utf-8")
                written += 1
        copy += 1
    manifest = json.loads((base / "manifest.json").read_text(encoding="utf-8"))
    manifest["config"]["format"] = fmt
    manifest["counts"]["done"] = written
    (target / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    shutil.copy(base / "errors.jsonl", target / "errors.jsonl")
    return written


def measure_report(out_dir: Path, html: Path) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of the report command, run from a fresh process so that
    no earlier child (the base annotation) counts in its peak."""
    probe = ("import resource, subprocess, sys, time; started = time.perf_counter(); "
             "subprocess.run(sys.argv[1:], check=True); "
             "print(time.perf_counter() - started, "
             "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)")
    done = subprocess.run([sys.executable, "-c", probe, SCRIPT, "report", str(out_dir),
                           "--output", str(html)], check=True, capture_output=True, text=True)
    sys.stdout.write(done.stdout.rsplit("\n", 2)[0] + "\n")
    seconds, peak_mb = done.stdout.split()[-2:]
    return float(seconds), float(peak_mb)


def measure_browser(html: Path, screenshot: Path | None = None
                    ) -> tuple[float, float] | None:
    """Seconds from opening the page to every chart drawn, in headless chromium, and from
    choosing an outlet (the second largest) to the page redrawn (and a screenshot of the
    whole page, when asked)."""
    if CHROMIUM is None:
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        started = time.perf_counter()
        page.goto(html.as_uri())
        page.wait_for_function("document.body.dataset.ready === '1'", timeout=120_000)
        seconds = time.perf_counter() - started
        if screenshot is not None:
            page.screenshot(path=str(screenshot), full_page=True)
        started = time.perf_counter()
        page.select_option("#f-outlet", index=2)
        page.wait_for_function("Number(document.body.dataset.updates) > 1")
        redraw = time.perf_counter() - started
        browser.close()
    return seconds, redraw


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--base", type=Path, default=Path(tempfile.gettempdir())
                        / "nlp-extract-report-base",
                        help="annotated base corpus (made once, reused)")
    parser.add_argument("--json", action="store_true", help="also measure a --format json dir")
    parser.add_argument("--keep", type=Path, help="write the reports here (kept)")
    parser.add_argument("--screenshot", type=Path,
                        help="save a screenshot of the (jsonl) report here, e.g. docs/report.png")
    args = parser.parse_args()
    annotate_base(args.base)
    with tempfile.TemporaryDirectory() as folder:
        where = args.keep or Path(folder)
        where.mkdir(parents=True, exist_ok=True)
        for fmt in ("jsonl", "json") if args.json else ("jsonl",):
            out_dir = Path(folder) / f"out-{fmt}"
            count = replicate(args.base, out_dir, args.articles, fmt)
            html = where / f"report-{fmt}.html"
            seconds, peak_mb = measure_report(out_dir, html)
            opened = measure_browser(html, args.screenshot if fmt == "jsonl" else None)
            size = html.stat().st_size / 1_000_000
            print(f"--format {fmt}: {count} articles → report in {seconds:.1f} s, peak RSS "
                  f"{peak_mb:.0f} MB, HTML {size:.1f} MB"
                  + ("" if opened is None else f", opened and drawn in chromium in "
                     f"{opened[0]:.1f} s, redrawn for one outlet in {opened[1]:.2f} s"))
            shutil.rmtree(out_dir)


if __name__ == "__main__":
    main()
