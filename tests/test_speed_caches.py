"""The caches the pipeline reads through give what the uncached code gave: folded lemmas and
texts from spaCy's string ids (also after the table is cleared), and a record's normals,
place and name after it grows."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from nlp_extract.folding import fold
from nlp_extract.pipeline import arrays
from nlp_extract.pipeline.arrays import folded_lemmas, folded_texts
from nlp_extract.pipeline.entity_groups import EntityGroup

TEXT = ("Министерство обороны России сообщило, что Ёлкин и Сергей Ёлкин прибыли в Москву. "
        "В  Подмосковье   выпал снег.")


@pytest.mark.parametrize("size", [50_000, 3])  # 3: the table is cleared while a doc is read
def test_folded_strings_are_the_tokens_folded(nlp, monkeypatch: pytest.MonkeyPatch,
                                              size: int) -> None:
    monkeypatch.setattr(arrays, "_FOLDED_SIZE", size)
    for text in (TEXT, TEXT.upper()):
        doc = nlp(text)
        assert folded_lemmas(doc) == [fold(token.lemma_) for token in doc]
        assert folded_texts(doc) == [fold(token.text) for token in doc]


def test_record_name_follows_what_it_absorbs(nlp) -> None:
    doc = nlp("Ёлкин выступил. Потом Сергей Ёлкин уехал в Москву.")
    people = [span for span in doc.spans["mentions"] if span.label_ == "PER"]
    assert [span.text for span in people] == ["Ёлкин", "Сергей Ёлкин"]
    short, full = (EntityGroup("PER", fold(span.text), [span]) for span in people)
    assert short.name == "Ёлкин" and short.normals() == ["Ёлкин"]
    short.absorb(full)
    assert short.name == "Сергей Ёлкин"
    assert short.normals() == ["Ёлкин", "Сергей Ёлкин"]
    short.demoted |= {fold("Сергей Ёлкин")}  # a demoted name no longer names the record
    assert short.name == "Ёлкин"


def test_record_place_follows_what_it_absorbs(nlp) -> None:
    doc = nlp("Гости прилетели в Москву.")
    place = next(span for span in doc.spans["mentions"] if span.label_ == "LOC")
    group = EntityGroup("LOC", "гости", [Span(doc, 0, 1, label="LOC")])  # no gazetteer entry
    assert group.geo is None
    group.absorb(EntityGroup("LOC", "москва", [place]))
    assert group.geo == place._.geo and group.geo["iso"] == "RU-MOW"
    assert group.geo is not group.geo  # a copy each time, as before


@pytest.mark.parametrize(("sentence", "promo"), [
    ("ПОДПИСЫВАЙТЕСЬ НА НАШ TELEGRAM-КАНАЛ", True),
    ("Читайте нас в Дзен", True),
    ("Следите За Нами в ВК", True),
    ("Новости в MAX", True),
    ("Губернатор ПОДПИСАЛ указ о дорогах", False),
])
def test_promo_sentence_reads_case_blind(sentence: str, promo: bool) -> None:
    """``promo_sentence`` searches the lowercased sentence: the answer is the case-blind
    pattern's."""
    import re

    from nlp_extract.structure.boilerplate import _PROMO, promo_sentence

    assert promo_sentence(sentence) is promo
    assert bool(re.compile(_PROMO.pattern, re.IGNORECASE).search(sentence)) is promo


def test_mentions_follow_set_mentions(nlp) -> None:
    """``mentions`` remembers the order of a span group; a new group is read anew, and the
    list handed out is the caller's own."""
    from nlp_extract.pipeline.extensions import mentions, set_mentions

    doc = nlp("Министерство обороны России сообщило, что Сергей Шойгу прибыл в Москву.")
    first = mentions(doc)
    first.clear()  # the caller's list: the next call is whole again
    again = mentions(doc)
    assert [span.text for span in again] == [span.text for span in mentions(doc)]
    assert len(again) >= 3
    set_mentions(doc, [span for span in again if span.label_ != "PER"])
    assert [span.label_ for span in mentions(doc)] == [
        span.label_ for span in again if span.label_ != "PER"]
    assert "PER" not in {span.label_ for span in mentions(doc)}


def test_tagged_tokens_and_token_records_read_from_the_arrays(nlp) -> None:
    """What :func:`.arrays.tagged` and the record's tokens read from spaCy's arrays is what
    the Token objects say."""
    from nlp_extract.pipeline.arrays import tagged
    from nlp_extract.record import token_records

    doc = nlp(TEXT)
    assert tagged(doc, ("NOUN", "ADJ")) == [t.i for t in doc if t.pos_ in ("NOUN", "ADJ")]
    assert 0 < len(tagged(doc, ("PROPN",))) < len(doc)
    assert token_records(doc) == [
        {"start": t.idx, "end": t.idx + len(t), "text": t.text, "lemma": t.lemma_,
         "pos": t.pos_, "morph": str(t.morph)} for t in doc if not t.is_space]


def test_record_full_names_follow_what_it_absorbs(nlp) -> None:
    from nlp_extract.pipeline.entity_groups import full_names

    doc = nlp("Ёлкин выступил. Потом Сергей Ёлкин уехал в Москву.")
    alone = EntityGroup("PER", "ёлкин", [Span(doc, 0, 1, label="PER")])
    assert full_names(alone) == []
    alone.absorb(EntityGroup("PER", "сергей ёлкин", [Span(doc, 4, 6, label="PER")]))
    assert full_names(alone) == [["сергей", "елкин"]]


def test_token_texts_and_words_are_the_tokens(nlp) -> None:
    doc = nlp("Депутаты «Единой России»  (ЕР) и\nсенаторы приехали. В Москве   снег.")
    assert arrays.token_texts(doc) == [token.text for token in doc]
    words = arrays.non_space_tokens(doc)
    assert [token.i for token in words] == [token.i for token in doc if not token.is_space]
    assert arrays.non_space_tokens(doc) is not words  # a copy: a caller may change its own
    other = nlp("Депутаты «Единой России»  (ЕР) и\nсенаторы приехали. В Москве   снег.")
    assert [token.doc for token in arrays.non_space_tokens(other)] == [other] * len(words)
    with doc.retokenize() as retokenizer:  # the same doc, other tokens: read again
        retokenizer.merge(doc[0:2])
    assert [token.text for token in arrays.non_space_tokens(doc)] == \
        [token.text for token in doc if not token.is_space]


@pytest.mark.parametrize(("text", "has"), [
    ("Пробка на улице Ленина.", True),
    ("Пробки на улицах города.", True),  # a plural type word: listed_after_plural's
    ("В парке Горького открыли каток.", True),
    ("У мыса Дежнёва прошёл ледокол.", True),
    ("Министерство обороны России сообщило об учениях.", False),
])
def test_street_rules_run_where_a_type_word_is(nlp, text: str, has: bool) -> None:
    from nlp_extract.pipeline.streets import _has_type_word

    assert _has_type_word(nlp(text)) is has


@pytest.mark.parametrize("size", [100_000, 2])  # 2: the table starts again mid-way
def test_remembered_parses_are_pymorphys(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    import pymorphy3

    from nlp_extract.pipeline import models

    monkeypatch.setattr(models, "PARSES_REMEMBERED", size)
    plain, remembering = pymorphy3.MorphAnalyzer(), models.morph_analyzer()

    def readings(parses: list) -> list[tuple]:
        return [(p.word, str(p.tag), p.normal_form, p.score) for p in parses]

    for word in ("стали", "бобиевым", "минприроды", "стали", "санкт-петербурге", "бобиевым"):
        first = remembering.parse(word)
        first.pop()  # the caller's own list
        assert readings(remembering.parse(word)) == readings(plain.parse(word))


def test_keyphrases_and_lemmas_do_not_depend_on_texts_read_before() -> None:
    """The keyphrase normal forms and the lemmas are remembered across texts by wording and
    tagging: a text read after others gets what it gets read first."""
    from nlp_extract import Extractor

    first = ("Министр обороны России провёл совещание. Министр обороны заявил о новых "
             "учениях. Учения пройдут на полигоне в Подмосковье.")
    other = ("Министра обороны Белоруссии встретили в Москве. Учениях на полигоне "
             "приняли участие министры обороны двух стран.")
    fresh = Extractor().extract(first).record
    warmed = Extractor()
    warmed.extract(other)
    again = warmed.extract(first).record
    assert again["keyphrases"] == fresh["keyphrases"] and fresh["keyphrases"]
    assert [token["lemma"] for token in again["tokens"]] == \
        [token["lemma"] for token in fresh["tokens"]]


def test_remembered_lemmas_outlive_a_memory_zone() -> None:
    """A batch's ``memory_zone`` empties spaCy's string store of its words; the lemmas the
    lemmatizer remembers are strings, added again to the next batch's store."""
    from nlp_extract import Extractor

    text = "Губернатор Тюменской области Александр Моор провёл совещание в Тюмени."
    extractor = Extractor()
    with extractor.nlp.memory_zone():
        first = [token.lemma_ for token in extractor.nlp(text)]
    with extractor.nlp.memory_zone():
        again = [token.lemma_ for token in extractor.nlp(text)]
    assert again == first and "тюменский" in first
