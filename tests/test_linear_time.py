"""Work grows linearly with the length of the text, whatever the text repeats (issue: 20,000
repeated organisation names took 228 s where 2,000 took 3.5 s).

No test here looks at a clock: the work is counted as the lines of ``nlp_extract`` code that
run (``sys.settrace`` restricted to the package), for a text and for the same text four times
longer. Linear code does about 4× the work (2.9-4.0 here); the quadratic loops this guards
against (every mention compared with every other, every date with every date found before)
did 5-8.5× at these sizes already.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import razdel
from spacy.tokens import Doc, Span

import nlp_extract
from nlp_extract import Extractor
from nlp_extract.pipeline.arrays import token_table
from nlp_extract.pipeline.batching import tagging_groups, windows
from nlp_extract.pipeline.dates import find_dates
from nlp_extract.pipeline.extensions import mentions
from nlp_extract.pipeline.intervals import DisjointIntervals, TokenIndex, nested_spans
from nlp_extract.pipeline.money import find_money
from nlp_extract.pipeline.orgs import BodyFinder, _common_words, load_lexicon, merge_bodies
from nlp_extract.pipeline.tokenizer import razdel_tokens, razdel_words

from conftest import SAMPLES

PACKAGE = str(Path(nlp_extract.__file__).resolve().parent)
ARTICLE = (SAMPLES / "000_a5760198d369cf0a.txt").read_text(encoding="utf-8")

PATTERNS = {
    "bodies": "Министерство социальной политики Свердловской области. ",
    "quoted": "компания «Ромашка» ",
    "abbreviations": "ФСБ МВД СК ГИБДД ФНС МЧС РФ ",
    "dates": "7 ноября 2020 года ",
    "money": "1,5 млн рублей ",
    "punctuation": "!!! ... ,,, — ",
    "listed names": "Голос Америки сообщил, что Кремль, Белый дом и Европейский союз "
                    "согласны. ",
    "one word": "слово слово слово слово слово ",
    "places": "в городе Москве и Свердловской области работает МФЦ «Мои документы», "
              "сообщил Иван Петров. Петров добавил. ",
}
SMALL, FACTOR, MAX_RATIO = 50, 4, 4.5  # linear: 2.9-4.0 here; the old loops 4.7-8.5


def lines_run(run: Callable[[], object]) -> int:
    """How many lines of nlp_extract's code run in ``run()``."""
    count = 0

    def local(frame, event, arg):  # noqa: ARG001 - the settrace signature
        nonlocal count
        if event == "line":
            count += 1
        return local

    def calls(frame, event, arg):  # noqa: ARG001
        return local if frame.f_code.co_filename.startswith(PACKAGE) else None

    sys.settrace(calls)
    try:
        run()
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("name", [*PATTERNS, "article"])
def test_work_grows_linearly(extractor: Extractor, name: str) -> None:
    if name == "article":  # a whole article body printed again and again
        small, large = (("\n\n".join([ARTICLE] * copies)) for copies in (2, 2 * FACTOR))
    else:
        small, large = PATTERNS[name] * SMALL, PATTERNS[name] * SMALL * FACTOR
    ratio = lines_run(lambda: extractor.extract(large)) / \
        lines_run(lambda: extractor.extract(small))
    assert ratio <= MAX_RATIO, f"{name}: {FACTOR}× the text took {ratio:.1f}× the work"


@pytest.mark.parametrize(("find", "unit"), [(find_dates, "7 ноября 2020 года, в 2021 году "),
                                            (find_money, "1,5 млн рублей и $100 ")])
def test_dates_and_money_grow_linearly(find: Callable[[str], object], unit: str) -> None:
    """Each date or amount found was compared with every one found before it."""
    ratio = lines_run(lambda: find(unit * 2000)) / lines_run(lambda: find(unit * 500))
    assert ratio <= MAX_RATIO, f"4× the text took {ratio:.1f}× the work"


# -- the pathological texts come out right ------------------------------------------------

def test_repeated_bodies_are_one_entity(extractor: Extractor) -> None:
    record = extractor.extract(PATTERNS["bodies"] * 300).to_dict()
    orgs = [e for e in record["entities"] if e["label"] == "ORG"]
    assert [(e["name"], e["count"]) for e in orgs] == [
        ("Министерство социальной политики Свердловской области", 300)]
    places = [e for e in record["entities"] if e["label"] == "LOC"]
    assert [(e["name"], e["count"]) for e in places] == [("Свердловская область", 300)]


def test_repeated_abbreviations_are_grouped(extractor: Extractor) -> None:
    """NER reads the run as a few long names; each is one entity however often it recurs."""
    record = extractor.extract(PATTERNS["abbreviations"] * 200).to_dict()
    assert record["mentions"] and len(record["entities"]) <= 20
    assert sum(e["count"] for e in record["entities"]) == len(record["mentions"])


def test_many_dates_and_amounts() -> None:
    dates = find_dates("7 ноября 2020 года, 08.11.2020 и в 2021 году; " * 2000)
    assert len(dates) == 6000
    assert [d["value"] for d in dates[:3]] == ["2020-11-07", "2020-11-08", "2021"]
    money = find_money("1,5 млн рублей и $100 " * 2000)
    assert len(money) == 4000
    assert [(m["value"], m["currency"]) for m in money[:2]] == [(1_500_000, "RUB"), (100, "USD")]


def test_long_runs_of_thousands() -> None:
    """A number has at most 8 groups of thousands: a run of 20,000 is no amount, and was
    rescanned from each of its groups (quadratic)."""
    assert find_money("1" + " 000" * 20_000) == []
    amounts = find_money("1" + " 000" * 20_000 + " руб.")
    assert [(m["text"], m["value"]) for m in amounts] == [
        ("000 000 000 000 000 000 000 000 000 руб.", 0)]
    assert find_money("1 000 000 000 000 000 000 000 000 руб.")[0]["text"] == \
        "1 000 000 000 000 000 000 000 000 руб."


# -- tokenizing in pieces ------------------------------------------------------------------

@pytest.mark.parametrize("size", [1, 7, 50, 1000])
def test_tokenizing_in_pieces_is_tokenizing_the_whole(size: int) -> None:
    """Long texts are given to razdel in pieces (it holds an object per atom of what it is
    given); the tokens are those of the whole text, whatever the piece size."""
    tricky = ("cho- to 1 . 5 1. 5 1/ 2 a_ b :-) :- ) ... ?! -- ** yahoo ! ΔP Δ σ über ü ber "
              "ſ K 2020-2024 т. е. «Ромашка» \n\n Москва-река 3,5 ")
    for text in (ARTICLE, tricky * 20, ARTICLE + tricky * 5 + ARTICLE):
        whole = [(token.start, token.stop, token.text) for token in razdel.tokenize(text)]
        assert list(razdel_tokens(text, size)) == whole


# -- the index structures ------------------------------------------------------------------

def test_disjoint_intervals() -> None:
    taken = DisjointIntervals()
    taken.add(10, 20)
    taken.add(30, 40)
    assert not taken.overlaps(15, 16)  # same round: not checked
    taken.close_round()
    assert taken.overlaps(15, 16) and taken.overlaps(19, 25) and taken.overlaps(5, 11)
    assert not taken.overlaps(20, 30) and not taken.overlaps(0, 10) and \
        not taken.overlaps(40, 50)


def test_token_index_keeps_order() -> None:
    index: TokenIndex[str] = TokenIndex([("a", 0, 2), ("b", 2, 4), ("c", 5, 6)])
    assert index.keys_touching(2, 3) == [0, 1]  # «a» ends right before: adjacent
    assert index.keys_touching(4, 5) == [1]
    index.replace(0, "A", 0, 3)  # keeps its place
    index.remove(1)
    index.add("d", 1, 2)
    assert index.values() == ["A", "c", "d"]
    assert index.keys_touching(1, 2) == [0, 3]


def test_tagging_windows() -> None:
    """Documents up to the limit are tagged together as one batch, as they always were; a
    longer one alone, a window of the limit at a time."""
    assert tagging_groups([10, 500, 20], 100) == [([0, 2], math.inf), ([1], 100)]
    assert list(windows([30, 30, 30, 150, 10], lambda n: n, 100)) == [
        [30, 30, 30], [150], [10]]
    assert list(windows([30, 30], lambda n: n, math.inf)) == [[30, 30]]


def test_long_text_memory_per_token(extractor: Extractor) -> None:
    """The tokenizer holds a string per distinct word, not per token, and token tables hold
    8-byte offsets."""
    words, spaces = razdel_words("слово " * 1000)
    assert len(words) == 1000 and all(spaces) and len({id(word) for word in words}) == 1
    doc = extractor.nlp.make_doc("слово " * 1000)
    table = token_table(doc)
    assert table.starts.itemsize == 8 and table.starts[999] == 5994 and table.ends[999] == 5999
    assert table.sentence_starts == [0] and table.sentences() == [list(range(1000))]


class _Spans:
    def __init__(self, start: int, end: int) -> None:
        self.start, self.end = start, end


def test_nested_spans() -> None:
    outer, inner, other, same = _Spans(0, 5), _Spans(1, 3), _Spans(4, 7), _Spans(0, 5)
    inside = nested_spans([outer, inner, other, same])
    assert inside(outer) == [inner, same]
    assert inside(inner) == []


# -- merge_bodies answers as the scan of every mention did ---------------------------------

def _merge_by_scan(doc: Doc, bodies: list[Span], described: list[tuple[Span, Span]]
                   ) -> list[Span]:
    """merge_bodies as it was: each body compared with every mention."""
    current = list(mentions(doc))
    replaced = {(old.start, old.end, old.label_) for old, _new in described}
    current = [span for span in current if (span.start, span.end, span.label_) not in replaced]
    current.extend(new for _old, new in described)
    for body in bodies:
        keep = []
        for span in current:
            inside = body.start <= span.start and span.end <= body.end
            crosses = span.start < body.end and body.start < span.end and not inside
            if span.label_ == "ORG" and inside and span.start > body.start:
                keep.append(span)
                continue
            if span.label_ == "ORG" and span.start < body.start <= span.end and \
                    _common_words(doc[span.start:body.start]):
                body = Span(doc, body.start, max(body.end, span.end), label="ORG")
                continue
            if span.label_ == "ORG" and (inside or crosses):
                body = Span(doc, min(body.start, span.start), max(body.end, span.end),
                            label="ORG")
                if span.start > body.start:
                    keep.append(span)
                continue
            if crosses and span.start < body.start:
                body = Span(doc, span.end, body.end, label="ORG") if span.end < body.end \
                    else body
            elif crosses:
                body = Span(doc, body.start, span.start, label="ORG")
            keep.append(span)
        current = keep
        if len(body) and any(token.pos_ in ("NOUN", "PROPN") for token in body):
            current.append(body)
    return current


@pytest.mark.parametrize("text", [
    ARTICLE,
    PATTERNS["bodies"] * 20 + PATTERNS["places"] * 10 + PATTERNS["abbreviations"] * 10,
    "Заседание комитета по бюджету Государственной Думы прошло в Москве. Руководство "
    "отделения движения «Солидарность» и органы опеки Кировского района Екатеринбурга, "
    "министерство труда и социальной защиты РФ, ФСБ МВД МФЦ.",
])
def test_merge_bodies_as_before(nlp, text: str) -> None:
    doc = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        if name == "public_bodies":
            break
        doc = component(doc)
    finder = BodyFinder(doc, load_lexicon())
    bodies = finder.bodies()
    described = finder.named(bodies)
    assert bodies  # the texts have public bodies
    fast = merge_bodies(doc, bodies, described)
    slow = _merge_by_scan(doc, bodies, described)
    assert [(s.start, s.end, s.label_) for s in fast] == \
        [(s.start, s.end, s.label_) for s in slow]
