"""Sentences a scraper glued together («зренияНазарбаев»: a paragraph break lost) are two
tokens and two sentences; names written so on purpose stay one token."""

from __future__ import annotations

import pytest

from nlp_extract.pipeline.tokenizer import glued_at

from conftest import read_table

# word | the first part when glued («-»: one word)
GLUED = """
зренияНазарбаев        | зрения
ПригожинаПосещаемость  | Пригожина
КазаньСостав           | Казань
рублейВласти           | рублей
СпесивцевФото          | Спесивцев
ПолитЭксперт           | -
ФедералПресс           | -
ВымпелКом              | -
АвтоВАЗ                | -
ЛукОйл                 | -
ВКонтакте              | -
МегаФон                | -
"""


@pytest.mark.parametrize(("word", "first"), read_table(GLUED))
def test_glued_words(word: str, first: str) -> None:
    assert glued_at(word) == (0 if first == "-" else len(first))


def test_glued_sentence_gives_two_sentences_and_a_clean_name(extractor) -> None:
    record = extractor.extract("Компания Евгения ПригожинаПосещаемость сайта выросла вдвое.")
    data = record.to_dict()
    assert [(m["label"], m["text"], m["normal"]) for m in data["mentions"]] == \
        [("PER", "Евгения Пригожина", "Евгений Пригожин")]
    assert [s["text"] if "text" in s else data["text"][s["start"]:s["end"]]
            for s in data["sentences"]] == ["Компания Евгения Пригожина",
                                            "Посещаемость сайта выросла вдвое."]
