"""Readers work in linear time and bounded memory in the parent process (issue 12): ``{{``
repeated on one line of a .txt (160 KB took 59 s), an unclosed ``<script>`` (256 KB: 19.7 s),
``<!--`` (128 KB: 10.2 s), ``<![CDATA[`` (288 KB: 22.5 s) were quadratic, and boilerplate
learning held every line of every JSONL record (973 MB for 2M records).

No test looks at a clock: the work is the number of characters the markup searches scan
(``nlp_extract.structure.scan.WORK``), for an input and the same input four times longer; an
alarm only stops a run that would otherwise hang.
"""

from __future__ import annotations

import json
import random
import re
import signal
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from nlp_extract.readers import Article, learn_corpus_boilerplate, raw_texts, read_path
from nlp_extract.readers.html import _visible_text
from nlp_extract.readers.html_map import SourceMap, markup_spans
from nlp_extract.structure import learn_boilerplate
from nlp_extract.structure.boilerplate import LineCounter, has_template
from nlp_extract.structure.lines import split_lines
from nlp_extract.structure.scan import WORK

# the regexes the scanners replace: they must find exactly the same things
SKIP = re.compile(
    r"<!--.*?-->|<(script|style|noscript|template|svg|title)\b[^>]*>.*?</\1\s*>"
    r"|<!\[CDATA\[.*?\]\]>|<[!?/]?[A-Za-z][^>]*>|<!doctype[^>]*>",
    re.DOTALL | re.IGNORECASE,
)
INVISIBLE = re.compile(r"<!--.*?-->|<(script|style|noscript|template|svg|title)\b[^>]*>.*?</\1\s*>",
                       re.DOTALL | re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")
TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|<%.*?%>|\$\{[^}]*\}|\[\[[a-z_.]+\]\]", re.I)

ARTICLE = ("<html><head><title>Новости</title></head><body><article><h1>В Тюмени открыли школу"
           "</h1><p>Губернатор Тюменской области Александр Моор открыл новую школу на 1200 мест."
           "</p></article>")
HOSTILE = {
    "template.txt": lambda n: "Новость дня: в Тюмени открыли школу. " + "{{" * n,
    "template-pct.txt": lambda n: "Новость дня: в Тюмени открыли школу. " + "<%{%${" * (n // 3),
    "script.html": lambda n: ARTICLE + "<script>" * (n // 4),
    "script-open.html": lambda n: ARTICLE + "<script" * (n // 4),
    "comment.html": lambda n: ARTICLE + "<!--" * (n // 2),
    "cdata.html": lambda n: ARTICLE + "<![CDATA[" * (n // 4),
    "tags.html": lambda n: ARTICLE + "<a" * (n // 2),
}


@pytest.fixture(autouse=True)
def alarm() -> Iterator[None]:
    """A safety net only: a quadratic reader would take minutes at these sizes."""
    previous = signal.signal(signal.SIGALRM, _too_long)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _too_long(_signum: int, _frame: object) -> None:
    raise TimeoutError("the reader did not finish within 120 s")


def scanned(work: Callable[[], object]) -> int:
    before = WORK.chars
    work()
    return WORK.chars - before


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_markup_reads_in_linear_work(tmp_path: Path, name: str) -> None:
    costs = []
    for size in (20_000, 80_000):
        path = tmp_path / name
        path.write_text(HOSTILE[name](size), encoding="utf-8")
        results: list[object] = []
        costs.append(scanned(lambda p=path, out=results: out.extend(read_path(p, tmp_path))))
        assert len(results) == 1 and isinstance(results[0], Article), results
        assert "школ" in results[0].text
    assert costs[0] > 0
    assert costs[1] <= 6 * costs[0], costs  # 4× the input: about 4× the work, not 16×


@pytest.mark.parametrize("unit", ["<!--", "<script>", "<STYLE a='1'", "<![CDATA[", "<a", "<"])
def test_markup_scanners_linear(unit: str) -> None:
    small, large = unit * 10_000, unit * 40_000
    for scan in (lambda s: list(markup_spans(s)), lambda s: list(markup_spans(s, tags=False)),
                 _visible_text, SourceMap.of):
        costs = [scanned(lambda s=source, f=scan: f(s)) for source in (small, large)]
        assert costs[1] <= 5 * max(costs[0], len(small)), (unit, costs)


def test_template_check_linear() -> None:
    for unit in ("{{", "{%", "<%", "${", "{{}", "[[a"):
        costs = [scanned(lambda s=unit * n: has_template(s)) for n in (20_000, 80_000)]
        assert costs[1] <= 5 * max(costs[0], 20_000 * len(unit)), (unit, costs)


def test_scanners_find_what_the_regexes_found() -> None:
    atoms = ["<", ">", "<!--", "-->", "--", "<script", "<SCRIPT>", "</script>", "</Script >",
             "<style x>", "</style>", "<![CDATA[", "]]>", "]", "<!doctype html>", "<p>", "</p>",
             "a", " ", "\n", "<!", "<?xml", "<scripts>", "<svg/>", "</svg\n>", "{{", "}}", "{%",
             "%}", "<%", "%>", "${", "}", "[[", "]]", "ab_c", "ж", "&amp;", "Тюмень"]
    rng = random.Random(12)
    for _ in range(20_000):
        source = "".join(rng.choice(atoms) for _ in range(rng.randint(0, 14)))
        assert list(markup_spans(source)) == [m.span() for m in SKIP.finditer(source)], source
        assert (list(markup_spans(source, tags=False))
                == [m.span() for m in INVISIBLE.finditer(source)]), source
        assert _visible_text(source) == TAG.sub("\n", INVISIBLE.sub(" ", source)), source
        assert has_template(source) == bool(TEMPLATE.search(source)), source


# --- boilerplate learning in bounded memory -----------------------------------------------------

def _word(number: int) -> str:
    """A word of its own for each number (digits would all normalise to 0)."""
    return "".join(chr(ord("а") + int(digit)) for digit in str(number))


def _page(number: int) -> str:
    return (f"Новость {_word(number)}: в городе {_word(number)} открыли школу.\n\n"
            f"Уникальная строка {_word(number)} о событии {_word(number * 13)} дня.\n"
            "Подпишитесь на наш канал\nНаш партнёр: магазин у дома\n"
            + ("Реклама на сайте\n" if number % 10 == 0 else ""))


def test_learning_counts_a_bounded_number_of_lines() -> None:
    texts = [_page(number) for number in range(5000)]
    exact = learn_boilerplate(texts)
    assert exact == {"подпишитесь на наш канал", "наш партнер: магазин у дома",
                     "реклама на сайте"}
    counter = LineCounter(capacity=500)
    for text in texts:
        counter.add_text(text)
        assert len(counter) <= 500  # 10,000 distinct lines seen, at most 500 held
    assert counter.texts == 5000
    assert counter.learned() == exact
    assert learn_boilerplate(texts, capacity=500) == exact


def test_corpora_within_the_capacity_learn_exactly_as_before() -> None:
    texts = [_page(number) for number in range(40)]  # 83 distinct lines
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update({line.norm for line in split_lines(text) if len(line.text) <= 300})
    before = {norm for norm, count in counts.items() if count >= max(3, 0.05 * len(texts))}
    for capacity in (83, 1000):
        assert learn_boilerplate(texts, capacity=capacity) == before
    assert "реклама на сайте" in before


def test_one_big_jsonl_file_is_sampled(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        for number in range(3000):
            stream.write(json.dumps({"id": number, "text": _page(number)},
                                    ensure_ascii=False) + "\n")
    texts = list(raw_texts(path, max_texts=200))
    assert len(texts) == 200 and texts[0] == _page(0) and texts[-1] == _page(199)
    assert learn_corpus_boilerplate([path]) == {"подпишитесь на наш канал",
                                                "наш партнер: магазин у дома",
                                                "реклама на сайте"}
