"""`nlp-extract report OUT_DIR`: the page's data from a real annotate run, a self-contained
file, the same page for the same input, and clear refusals of folders it cannot read."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_corpus import SCRIPT, annotate, embedded, make_inputs, news_items, png_pixels, report

pytest.importorskip("vl_convert", reason="the report extra is not installed")


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("report")
    corpus = make_inputs(folder)
    return {fmt: annotate(corpus, folder / f"out-{fmt}", fmt) for fmt in ("json", "jsonl")}


@pytest.fixture(scope="module")
def page_path(runs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("page") / "report.html"
    done = report(runs["json"], "--output", str(output))
    assert done.returncode == 0, done.stderr
    assert "report of 10 article(s) (1 failed input(s)" in done.stdout
    return output


@pytest.fixture(scope="module")
def page(page_path: Path) -> str:
    return page_path.read_text("utf-8")


def entity(data: dict, key: str) -> dict:
    return next(e for e in data["entities"] if e["key"] == key)


def articles_of(e: dict) -> list[int]:
    docs, doc = [], 0
    for delta in e["docs"]:
        doc += delta
        docs.append(doc)
    return docs


def test_summary_counts_articles_failures_outlets_and_dates(page: str) -> None:
    data = embedded(page, "report-data")
    assert data["summary"]["articles"] == 10
    assert data["summary"]["failed"] == 1
    assert "broken.txt" in page  # the failure is listed with its reason
    outlets = {item["outlet"] for item in news_items()}
    assert outlets <= set(data["outlets"])
    assert "URA.RU" in data["outlets"]  # a sample's © line
    days = [day for day in data["docs"]["day"] if day is not None]
    assert len(days) == 9  # 8 news items and the dated sample; one sample has no date
    assert min(days) >= 17_000  # 2016 and later, as days since 1970


def test_entities_are_grouped_by_key_with_aliases_and_examples(page: str) -> None:
    data = embedded(page, "report-data")
    sverdlovsk = entity(data, "loc:RU-SVE")
    assert sverdlovsk["name"] == "Свердловская область"
    assert sverdlovsk["label"] == "LOC"
    assert len(articles_of(sverdlovsk)) >= 1
    for doc, sentence, start, end in sverdlovsk["examples"]:
        assert str(doc) in data["titles"]
        assert 0 <= start < end <= len(sentence)
    # the example sentence holds the mention where its offsets say
    person = entity(data, "per:Далер Бобиев")
    doc, sentence, start, end = person["examples"][0]
    assert sentence[start:end] in {"Далер Бобиев", "Далера Бобиева", "Далером Бобиевым"}
    assert data["titles"][str(doc)][0] == "000_a5760198d369cf0a"
    assert sum(len(articles_of(e)) for e in data["entities"]) > 50


def test_descriptive_entities_are_marked(page: str) -> None:
    data = embedded(page, "report-data")
    marked = {e["name"] for e in data["entities"] if e["descriptive"]}
    assert marked, "no descriptive entity in the sample corpus"
    assert not marked & {"Свердловская область", "Далер Бобиев"}


def test_topics_by_document(page: str) -> None:
    data = embedded(page, "report-data")
    topics = dict(data["topics"])
    assert topics["guardianship_child_welfare"] == "Опека и защита детей"
    tagged = sum(1 for topics in data["docs"]["topics"] if topics)
    assert tagged >= 8


class _Sources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in {"src", "href", "data", "srcset"} and not (value or "").startswith("#"):
                self.loaded.append((tag, name, value or ""))
        if tag == "link":
            self.loaded.append((tag, "link", str(attrs)))


def test_page_is_self_contained(page: str) -> None:
    parser = _Sources()
    parser.feed(page)
    assert parser.loaded == []  # no script src, stylesheet link, image or frame
    assert "@import" not in page
    assert "vegaEmbed" in page  # the chart library is inlined
    specs = embedded(page, "report-specs")
    assert set(specs) == {"articles_over_time", "topics_over_time", "topics_by_outlet",
                          "cooccurrence", "time_units"}
    assert all("url" not in json.dumps(spec.get("data")) for spec in specs.values()
               if spec is not specs["time_units"])


def test_same_input_same_page_and_json_and_jsonl_agree(runs: dict[str, Path], page: str,
                                                      tmp_path: Path) -> None:
    again = tmp_path / "again.html"
    assert report(runs["json"], "--output", str(again)).returncode == 0
    assert again.read_text("utf-8") == page
    from_jsonl = tmp_path / "jsonl.html"
    assert report(runs["jsonl"], "--output", str(from_jsonl)).returncode == 0
    one, other = embedded(page, "report-data"), embedded(from_jsonl.read_text("utf-8"),
                                                         "report-data")

    def counts(data: dict) -> dict[str, int]:
        return {e["key"]: len(e["docs"]) for e in data["entities"]}

    assert counts(one) == counts(other)
    assert one["summary"]["failed"] == other["summary"]["failed"] == 1


def _copy_of_run(run: Path, out: Path) -> Path:
    """The files of an annotate run's out dir, copied to ``out`` (its sub-folders left out)."""
    out.mkdir()
    for path in run.iterdir():
        if path.is_file():
            (out / path.name).write_bytes(path.read_bytes())
    return out


def test_default_output_is_in_the_out_dir(runs: dict[str, Path], tmp_path: Path) -> None:
    out = _copy_of_run(runs["jsonl"], tmp_path / "copy")
    done = report(out)
    assert done.returncode == 0, done.stderr
    assert (out / "report.html").stat().st_size > 500_000
    assert "MB)" in done.stdout


def test_garbage_lines_are_left_out_with_a_warning(runs: dict[str, Path], tmp_path: Path) -> None:
    out = _copy_of_run(runs["jsonl"], tmp_path / "torn")
    with (out / "annotations.jsonl").open("a", encoding="utf-8") as stream:
        stream.write('{"id": "torn", "text": "Моск\n[1, 2]\n')
    done = report(out, "--output", str(tmp_path / "r.html"))
    assert done.returncode == 0, done.stderr
    assert "2 file(s) or line(s)" in done.stderr
    assert "report of 10 article(s)" in done.stdout


def test_slim_records_without_text_still_report(runs: dict[str, Path], tmp_path: Path) -> None:
    """Records written with fewer fields (no text, tokens or sentences) give a page without
    example sentences, not an error."""
    out = tmp_path / "slim"
    out.mkdir()
    (out / "manifest.json").write_bytes((runs["jsonl"] / "manifest.json").read_bytes())
    with (runs["jsonl"] / "annotations.jsonl").open(encoding="utf-8") as source, \
            (out / "annotations.jsonl").open("w", encoding="utf-8") as target:
        for line in source:
            record = json.loads(line)
            for name in ("text", "tokens", "sentences", "mentions", "pipeline"):
                record.pop(name)
            target.write(json.dumps(record, ensure_ascii=False) + "\n")
    done = report(out, "--output", str(tmp_path / "slim.html"))
    assert done.returncode == 0, done.stderr
    data = embedded((tmp_path / "slim.html").read_text("utf-8"), "report-data")
    assert data["summary"]["articles"] == 10
    assert entity(data, "loc:RU-SVE")["examples"] == []


@pytest.mark.parametrize("case", ["missing", "file", "empty", "garbage", "parquet",
                                  "bad manifest", "no records"])
def test_unreadable_out_dirs_exit_2(case: str, tmp_path: Path) -> None:
    target = tmp_path / "out"
    expected = {"missing": "does not exist", "file": "is not a folder",
                "empty": "holds no nlp-extract annotate output",
                "garbage": "holds no nlp-extract annotate output",
                "parquet": "parquet run but holds no Parquet tables",
                "bad manifest": "not a run manifest", "no records": "holds no annotated record"}
    if case == "file":
        target.write_text("Москва", "utf-8")
    elif case != "missing":
        target.mkdir()
    if case == "garbage":
        (target / "notes.txt").write_text("не отчёт", "utf-8")
    elif case == "parquet":
        (target / "manifest.json").write_text('{"config": {"format": "parquet"}}', "utf-8")
        (target / "documents-00000.parquet").write_bytes(b"PAR1")
    elif case == "bad manifest":
        (target / "manifest.json").write_text("[1, 2", "utf-8")
    elif case == "no records":
        (target / "manifest.json").write_text('{"config": {"format": "jsonl"}}', "utf-8")
        (target / "errors.jsonl").write_text('{"path": "a.txt", "reason": "binary"}\n', "utf-8")
    done = report(target)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert expected[case] in done.stderr
    assert "Traceback" not in done.stderr
    assert not (target / "report.html").exists() if target.is_dir() else True


def test_missing_extra_names_its_pip_line(runs: dict[str, Path], tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "vl_convert.py").write_text("raise ImportError('not installed (test)')\n")
    env = {**os.environ, "PYTHONPATH": str(blocked)}
    done = subprocess.run([str(SCRIPT), "report", str(runs["json"]), "--output",
                           str(tmp_path / "r.html")], capture_output=True, text=True, env=env,
                          check=False)
    assert done.returncode == 2
    assert "pip install 'nlp-extract[report]'" in done.stderr
    assert not (tmp_path / "r.html").exists()


# -- in a real headless Chromium (Debian's chromium package) --------------------------------

CHROMIUM = next((path for path in (shutil.which("chromium"), shutil.which("chromium-browser"),
                                   "/usr/bin/chromium") if path and Path(path).is_file()), None)


class Tab:
    """A page open in Chromium, with the console errors and the requests it made."""

    def __init__(self, page: object) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []

    def updates(self) -> int:
        return int(self.page.evaluate("Number(document.body.dataset.updates || 0)"))

    def change(self, action: object) -> None:
        """Run ``action`` (a filter change) and wait until the page has redrawn."""
        before = self.updates()
        action()
        self.page.wait_for_function(f"Number(document.body.dataset.updates) > {before}")

    def text(self, selector: str) -> str:
        return self.page.eval_on_selector(selector, "node => node.textContent")

    def coloured_pixels(self, selector: str) -> tuple[int, int]:
        """(pixels of a saturated colour, distinct such colours) in a screenshot of the
        element: marks are coloured, axes, grid and text are grey."""
        pixels = png_pixels(self.page.locator(selector).screenshot())
        coloured = [p for p in pixels if max(p) - min(p) > 40]
        return len(coloured), len(set(coloured))


@pytest.fixture(scope="module")
def tab(page_path: Path) -> Iterator[Tab]:
    if CHROMIUM is None:
        pytest.skip("no chromium binary found (Debian: apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright (test extra) drives the browser")
    with sync_api.sync_playwright() as driver:
        try:
            browser = driver.chromium.launch(executable_path=CHROMIUM)
        except sync_api.Error as exc:
            pytest.skip(f"playwright cannot start {CHROMIUM}: {exc.message.splitlines()[0]}")
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        opened = Tab(page)
        page.on("console", lambda message: opened.errors.append(message.text)
                if message.type == "error" else None)
        page.on("pageerror", lambda error: opened.errors.append(str(error)))
        page.on("request", lambda request: opened.requests.append(request.url))
        page.goto(page_path.as_uri())
        page.wait_for_function("document.body.dataset.ready === '1'", timeout=60_000)
        yield opened
        browser.close()


def test_page_loads_in_chromium_without_errors_or_network(tab: Tab, page_path: Path) -> None:
    assert tab.errors == []
    assert tab.requests == [page_path.as_uri()]  # nothing fetched beyond the file itself
    assert tab.text("#shown-count") == "10 of 10 articles"
    assert "People (PER)" in tab.text("#top-lists")
    assert tab.page.evaluate("document.body.dataset.failed") is None


@pytest.mark.parametrize("chart", ["articles_over_time", "topics_over_time", "topics_by_outlet",
                                   "cooccurrence"])
def test_charts_render(tab: Tab, chart: str) -> None:
    assert tab.page.locator(f"#chart-{chart} svg").count() == 1
    mark = "line" if chart == "topics_over_time" else "rect"
    marks = f"#chart-{chart} g.mark-{mark}.role-mark >> nth=0"  # the plot, not its legend
    assert tab.page.locator(marks).bounding_box()["height"] > 20, f"{chart}: no marks drawn"
    pixels, colours = tab.coloured_pixels(marks)
    assert pixels > 300, f"{chart}: only {pixels} coloured pixels"
    assert colours >= {"topics_over_time": 3, "cooccurrence": 2}.get(chart, 1), chart


def test_filters_change_what_is_shown(tab: Tab) -> None:
    page = tab.page
    outlets = sorted(item["outlet"] for item in news_items())
    outlet = outlets[0]
    people_before = tab.text('[data-label="PER"]')
    heatmap = "#chart-topics_by_outlet g.mark-rect.role-mark >> nth=0"
    heatmap_before = tab.coloured_pixels(heatmap)
    value = page.evaluate("""name => [...document.querySelectorAll('#f-outlet option')]
        .find(option => option.textContent.startsWith(name + ' (')).value""", outlet)
    tab.change(lambda: page.select_option("#f-outlet", value))
    assert tab.text("#shown-count") == f"{outlets.count(outlet)} of 10 articles"
    assert tab.text('[data-label="PER"]') != people_before
    axis = tab.text("#chart-topics_by_outlet")
    assert outlet in axis and not any(other in axis for other in outlets if other != outlet)
    assert tab.coloured_pixels(heatmap) != heatmap_before

    tab.change(lambda: page.click("#f-reset"))
    assert tab.text("#shown-count") == "10 of 10 articles"
    tab.change(lambda: page.uncheck("#f-label-PER"))
    assert "People (PER)" not in tab.text("#top-lists")
    assert "Places (LOC)" in tab.text("#top-lists")
    assert tab.text("#topics .unit") == "month"  # 2017 to 2024
    tab.change(lambda: page.check("#f-label-PER"))

    first = page.eval_on_selector("#f-from", "node => node.value")
    tab.change(lambda: page.fill("#f-to", first))  # one day: the earliest article's
    shown = tab.text("#shown-count")
    assert shown != "10 of 10 articles" and shown.endswith(" of 10 articles")
    assert tab.text("#topics .unit") == "day"  # charts over time redrawn by day
    bars, _ = tab.coloured_pixels("#chart-articles_over_time g.mark-rect.role-mark >> nth=0")
    assert bars > 300
    tab.change(lambda: page.uncheck("#f-undated"))
    assert tab.text("#shown-count") != shown
    tab.change(lambda: page.click("#f-reset"))
    assert tab.errors == []


def test_a_name_opens_its_entity_section(tab: Tab) -> None:
    page = tab.page
    link = page.locator('[data-label="LOC"] a').first
    name = link.text_content()
    link.click()
    page.wait_for_function(f"document.getElementById('entity-name').textContent.startsWith("
                           f"{json.dumps(name)})")
    section = tab.text("#entity-body")
    assert "loc:" in section  # its key
    assert page.locator("#entity-body ol.examples mark").count() >= 1
    assert tab.errors == []
