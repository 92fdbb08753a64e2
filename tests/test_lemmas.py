"""Lemmas chosen by slovnet's POS: a golden table of homonyms.

Each row: sentence | word | POS | lemma. A row starting with ``!`` is a known error of the
tagger (kept visible as a strict xfail: when it starts passing, move it to the table proper).
"""

from __future__ import annotations

import pytest

from conftest import read_table

HOMONYMS = """
Стали известны новые подробности дела.             | Стали        | VERB  | стать
Трубы сделаны из нержавеющей стали.                | стали        | NOUN  | сталь
Вчера мы шли домой пешком.                         | шли          | VERB  | идти
Мальчик мыл посуду после ужина.                    | мыл          | VERB  | мыть
Купите мыла и шампуня.                             | мыла         | NOUN  | мыло
Пила лежала на верстаке.                           | Пила         | NOUN  | пила
Она пила горячий чай.                              | пила         | VERB  | пить
Бабушка растопила печи.                            | печи         | NOUN  | печь
Трое детей остались без присмотра.                 | детей        | NOUN  | ребёнок
Люди вышли на улицы.                               | Люди         | NOUN  | человек
Вести переговоры будет министр.                    | Вести        | VERB  | вести
Пришли хорошие вести из Тюмени.                    | вести        | NOUN  | весть
В яйце много белка.                                | белка        | NOUN  | белок
Я вижу три дома на горе.                           | дома         | NOUN  | дом
Он остался дома.                                   | дома         | ADV   | дома
Жители Тюмени пожаловались на соцзащиту.           | Тюмени       | PROPN | тюмень
Органы опеки проверили семью.                      | Органы       | NOUN  | орган
Сотрудники свердловской опеки попали под слежку.   | свердловской | ADJ   | свердловский
Они ели суп.                                       | ели          | VERB  | есть
В лесу росли ели.                                  | ели          | NOUN  | ель
Губернатор провёл совещание.                       | провёл       | VERB  | провести
Стекло разбилось.                                  | Стекло       | NOUN  | стекло
Князь И́горь пошёл в поход.                         | И́горь        | PROPN | игорь
Мопертюи измерил дугу меридиана.                   | Мопертюи     | PROPN | мопертюи
Тезей победил Минотавра.                           | Тезей        | PROPN | тезей
! Белки живут в лесу.                              | Белки        | NOUN  | белка
! Вино стекло по стенке бокала.                    | стекло       | VERB  | стечь
"""


def _rows() -> list[pytest.param]:
    params = []
    for sentence, word, pos, lemma in read_table(HOMONYMS):
        marks = ()
        if sentence.startswith("!"):
            sentence = sentence[1:].strip()
            marks = (pytest.mark.xfail(strict=True, reason="slovnet tags this word wrongly"),)
        params.append(pytest.param(sentence, word, pos, lemma, marks=marks, id=f"{word}-{lemma}"))
    return params


@pytest.mark.parametrize(("sentence", "word", "pos", "lemma"), _rows())
def test_homonym_lemma(nlp, sentence: str, word: str, pos: str, lemma: str) -> None:
    doc = nlp(sentence)
    token = next(token for token in doc if token.text == word)
    assert (token.pos_, token.lemma_) == (pos, lemma)


def test_every_token_gets_a_lemma_and_pos(nlp) -> None:
    doc = nlp("В 2020 году расширены категории семей, которые могут получить меры поддержки.")
    assert all(token.lemma_ and token.pos_ for token in doc)
    assert [token.lemma_ for token in doc][:4] == ["в", "2020", "год", "расширить"]
