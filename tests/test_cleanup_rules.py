"""``mention_cleanup``'s trims on hand-built Docs (no tagger needed): the mention as NER gave
it → the mention kept."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from nlp_extract.pipeline.cleanup import (
    MENTION_TRIMS,
    _without_imperative_tail,
    _without_leading_number,
    _without_opening_participle,
    _without_opening_word,
    _without_person_head,
    _without_prepositional_tail,
    _without_thing_head,
    _without_title,
    _without_trailing_age,
    _without_verb_tail,
    lone_preposition,
    split_mention,
)

from conftest import read_table

VOCAB = spacy.blank("ru").vocab


def _span(words: str, lemmas: str, label: str) -> Span:
    doc = Doc(VOCAB, words=words.split(), lemmas=lemmas.split(),
              sent_starts=[True] + [False] * (len(words.split()) - 1))
    return Span(doc, 0, len(doc) - 1, label=label)  # the last word is the verb after it


# words | lemmas | label | the mention kept, its label
TITLES = """
Эмир Катара прибыл       | эмир катар прибыть        | LOC | LOC Катара
Мэр Москвы заявил        | мэр москва заявить        | LOC | LOC Москвы
Новый Арбат перекрыли    | новый арбат перекрыть     | LOC | LOC Новый Арбат
Эмир Катара прибыл       | эмир катар прибыть        | PER | LOC Катара
Король Абдалла прибыл    | король абдалла прибыть    | PER | PER Король Абдалла
"""


@pytest.mark.parametrize("row", TITLES.strip().splitlines())
def test_a_title_leaves_a_place(row: str) -> None:
    """NER's person «Эмир Катара» is the place the gazetteer knows after the title."""
    words, lemmas, label, kept = (cell.strip() for cell in row.split("|"))
    span = _without_title(_span(words, lemmas, label))
    assert f"{span.label_} {span.text}" == kept


OPENING = """
Перекрыты Тверская улица | перекрыть тверской улица | LOC | Тверская
Серена Уильямс родила    | серена уильямс родить    | PER | Серена Уильямс
Недавно Анастасия ушла   | недавно анастасия уйти   | PER | Анастасия
Новый Арбат перекрыли    | новый арбат перекрыть    | LOC | Новый Арбат
Для отнесения информации ввели | для отнесение информация ввести | ORG | отнесения информации
"""


@pytest.mark.parametrize("row", OPENING.strip().splitlines())
def test_a_sentence_opening_word_that_is_never_a_name_leaves_a_place(row: str) -> None:
    words, lemmas, label, kept = (cell.strip() for cell in row.split("|"))
    assert _without_opening_word(_span(words, lemmas, label)).text == kept


# words | label | the mention kept
PARTICIPLES = """
Заблокированная Роскомнадзором социальная | PER | Роскомнадзором
Аккредитованные Роскомнадзором эксперты   | ORG | Роскомнадзором
Соединёнными Штатами руководит            | LOC | Соединёнными Штатами
Объединённая авиастроительная корпорация  | ORG | Объединённая авиастроительная
Признанная Минюстом организация           | ORG | Признанная Минюстом
"""


@pytest.mark.parametrize("row", read_table(PARTICIPLES))
def test_a_passive_participle_before_its_agent_leaves_the_mention(row: list[str]) -> None:
    """The agent in the instrumental after a participle NER began with is the name; a
    participle that agrees with its noun, or one the dictionary also reads as an adjective
    («признанная»), stays."""
    words, label, kept = row
    assert _without_opening_participle(_span(words, words.lower(), label)).text == kept


# the words before the mention (\\n a line break) | the mention | label | the mention kept
LINE_OPENING = """
Главное за день \\n | Передает УНН        | ORG | УНН
Главное за день \\n | Для отнесения информации | ORG | отнесения информации
Главное за день :   | Передает УНН        | ORG | Передает УНН
"""


@pytest.mark.parametrize("row", read_table(LINE_OPENING))
def test_a_line_opening_word_that_is_never_a_name_leaves_the_mention(row: list[str]) -> None:
    """A headline's first word after a line break opens its line as a sentence's does, though
    no sentence break is marked there."""
    before, words, label, kept = row
    tokens = [word.replace("\\n", "\n") for word in before.split()] + words.split()
    doc = Doc(VOCAB, words=tokens, sent_starts=[True] + [False] * (len(tokens) - 1))
    span = Span(doc, len(before.split()), len(tokens), label=label)
    assert _without_opening_word(span).text == kept


def test_a_space_token_after_the_removed_word_leaves_too() -> None:
    doc = Doc(VOCAB, words=["Передает", " ", "УНН"], spaces=[False, False, False],
              sent_starts=[True, False, False])
    assert _without_opening_word(Span(doc, 0, 3, label="ORG")).text == "УНН"


# words | the tagger's number of the first word | the person kept
PLURAL_OPENING = """
Отношения Фрая начались | Plur | Фрая
Нейл Армстронг ступил   | Sing | Нейл Армстронг
Надежды Савченко нет    | Plur | Надежды Савченко
"""


@pytest.mark.parametrize("row", read_table(PLURAL_OPENING))
def test_a_plural_common_noun_opening_a_sentence_leaves_a_person(row: list[str]) -> None:
    """«Отношения Фрая и Спенсера начались…»: a plural common noun is no first name; «Надежды»
    reads as a name too and stays."""
    words, number, kept = row
    doc = Doc(VOCAB, words=words.split(), morphs=[f"Number={number}", "", ""],
              sent_starts=[True, False, False])
    assert _without_opening_word(Span(doc, 0, 2, label="PER")).text == kept


NUMBERS = """
56-летний Стив Джобс сказал | 56-летний стив джобс сказать | PER | Стив Джобс
56-летний Стив Джобс сказал | 56-летний стив джобс сказать | LOC | 56-летний Стив Джобс
"""


@pytest.mark.parametrize("row", NUMBERS.strip().splitlines())
def test_an_age_leaves_a_person(row: str) -> None:
    words, lemmas, label, kept = (cell.strip() for cell in row.split("|"))
    assert _without_leading_number(_span(words, lemmas, label)).text == kept


AGES = """
ГРУ 66-летний Сергей | гру 66-летний сергей       | ORG | ГРУ
Ту-154 разбился      | ту-154 разбиться           | ORG | Ту-154
ЧМ-2018 начался      | чм-2018 начаться           | ORG | ЧМ-2018
"""


@pytest.mark.parametrize("row", AGES.strip().splitlines())
def test_an_age_after_a_mention_is_no_part_of_it(row: str) -> None:
    words, lemmas, label, kept = (cell.strip() for cell in row.split("|"))
    assert _without_trailing_age(_span(words, lemmas, label)).text == kept


# words | their parts of speech | label | the mention kept
TAILS = """
США по ценным бумагам и биржам ( | PROPN ADP ADJ NOUN CCONJ NOUN PUNCT | LOC | США
Франкфурт на Майне сообщил       | PROPN ADP PROPN VERB                | LOC | Франкфурт на Майне
США по ценным бумагам и биржам ( | PROPN ADP ADJ NOUN CCONJ NOUN PUNCT | ORG | США по ценным бумагам и биржам
"""


@pytest.mark.parametrize("row", TAILS.strip().splitlines())
def test_a_place_ends_before_a_bodys_prepositional_tail(row: str) -> None:
    words, pos, label, kept = (cell.strip() for cell in row.split("|"))
    doc = Doc(VOCAB, words=words.split(), pos=pos.split())
    span = Span(doc, 0, len(doc) - 1, label=label)
    assert _without_prepositional_tail(span).text == kept


# words | POS | morph of each (- for none) | label | the mention kept
VERBS = """
Оренбургской филармонии появится оркестр . | ADJ NOUN VERB NOUN PUNCT | - - VerbForm=Fin - - | ORG | Оренбургской филармонии
« Жди меня » сообщила . | PUNCT VERB PRON PUNCT VERB PUNCT | - VerbForm=Fin - - VerbForm=Fin - | ORG | « Жди меня »
Ивана Грозного зовут . | PROPN PROPN VERB PUNCT | - - VerbForm=Fin - | PER | Ивана Грозного зовут
Минкульт защитить кино от | PROPN VERB NOUN ADP | - VerbForm=Inf - - | ORG | Минкульт
"""


def test_a_title_in_quotes_keeps_its_verb() -> None:
    doc = Doc(VOCAB, words=["«", "Жара", "продолжается", "»"],
              pos=["PUNCT", "NOUN", "VERB", "PUNCT"], morphs=["", "", "VerbForm=Fin", ""])
    span = Span(doc, 1, 3, label="ORG")
    assert _without_verb_tail(span) is span


@pytest.mark.parametrize("row", VERBS.strip().splitlines())
def test_a_place_or_body_ends_before_a_verb(row: str) -> None:
    words, pos, morphs, label, kept = (cell.strip() for cell in row.split("|"))
    doc = Doc(VOCAB, words=words.split(), pos=pos.split(),
              morphs=["" if morph == "-" else morph for morph in morphs.split()])
    span = Span(doc, 0, len(doc) - 1, label=label)
    assert _without_verb_tail(span).text == kept


def test_every_trim_has_rows() -> None:
    assert [rule for rule, _trim in MENTION_TRIMS] == [
        "opening_word_removed", "participle_removed", "thing_head_removed", "title_removed", "number_removed", "age_removed",
        "prepositional_tail_removed", "verb_tail_removed", "imperative_removed"]


@pytest.mark.parametrize(("words", "kept"), [
    ("Александра Петрова Подписывайтесь на", "Александра Петрова"),
    ("Ириной Старшенбаум Читайте также", "Ириной Старшенбаум"),
    ("Андрея Смотрова сказал", "Андрея Смотрова"),  # no imperative: kept as it is
])
def test_a_person_ends_before_a_pages_call(words: str, kept: str) -> None:
    doc = Doc(VOCAB, words=words.split())
    span = Span(doc, 0, len(doc) - 1, label="PER")
    assert _without_imperative_tail(span).text == kept


# words | lemmas | POS | the ORG kept (a caption's first words; the last word is the one after)
THINGS = """
Здание ФСБ России ночью                         | здание фсб россия ночью                        | NOUN PROPN PROPN ADV        | ФСБ России
Главное здание Российской библиотеки открыто    | главный здание российский библиотека открыть   | ADJ NOUN ADJ NOUN VERB      | Российской библиотеки
Сэндвич Burger King вышел                       | сэндвич burger king выйти                      | NOUN X X VERB               | Burger King
Здание правительства области закрыто            | здание правительство область закрыть           | NOUN NOUN NOUN VERB         | Здание правительства области
Совет Федерации одобрил                         | совет федерация одобрить                       | NOUN PROPN VERB             | Совет Федерации
"""


@pytest.mark.parametrize("row", THINGS.strip().splitlines())
def test_a_thing_opening_a_caption_is_no_part_of_the_body(row: str) -> None:
    words, lemmas, pos, kept = (cell.strip() for cell in row.split("|"))
    doc = Doc(VOCAB, words=words.split(), lemmas=lemmas.split(), pos=pos.split(),
              sent_starts=[True] + [False] * (len(words.split()) - 1))
    span = Span(doc, 0, len(doc) - 1, label="ORG")
    assert _without_thing_head(span).text == kept


def test_a_thing_before_a_body_in_the_genitive_is_no_part_of_it() -> None:
    """«Здание правительства области»: the building is not the body; a word the tagger reads
    in no genitive after the thing keeps the mention whole (the row above without features)."""
    words = ["Главное", "здание", "правительства", "области", "закрыто"]
    doc = Doc(VOCAB, words=words, lemmas=["главный", "здание", "правительство", "область",
                                          "закрыть"],
              pos=["ADJ", "NOUN", "NOUN", "NOUN", "VERB"],
              morphs=["Case=Nom", "Case=Nom", "Case=Gen", "Case=Gen", ""],
              sent_starts=[True, False, False, False, False])
    assert _without_thing_head(Span(doc, 0, 4, label="ORG")).text == "правительства области"
    doc = Doc(VOCAB, words=words[1:], lemmas=["здание", "правительство", "область", "закрыть"],
              pos=["NOUN", "NOUN", "NOUN", "VERB"], morphs=["Case=Nom", "Case=Gen", "Case=Gen", ""],
              sent_starts=[True, False, False, False])
    span = Span(doc, 0, 3, label="ORG")
    assert _without_thing_head(span).text == "правительства области"
    assert _without_person_head(span) is span  # a thing is the thing rule's, once


def test_a_thing_alone_is_no_body() -> None:
    """NER's «Здание» alone, which a tail rule would extend to «Здание ФСБ России»."""
    doc = Doc(VOCAB, words=["Здание", "ФСБ", "России"], lemmas=["здание", "фсб", "россия"],
              pos=["NOUN", "PROPN", "PROPN"], sent_starts=[True, False, False])
    assert _without_person_head(Span(doc, 0, 1, label="ORG")) is None
    assert _without_person_head(Span(doc, 1, 3, label="ORG")).text == "ФСБ России"


# words | lemmas | the mention kept after the person head («-»: none)
PERSON_HEADS = """
Министр культуры                          | министр культура                       | -
Исследователи Брукхейвенской лаборатории  | исследователь брукхейвенский лаборатория | Брукхейвенской лаборатории
Замглавы федеральной миграционной службы  | замглавы федеральный миграционный служба | федеральной миграционной службы
Сотрудники министерства                   | сотрудник министерство                 | министерства
"""


@pytest.mark.parametrize(("words", "lemmas", "kept"), read_table(PERSON_HEADS))
def test_a_person_head_leaves_a_body_or_nothing(words: str, lemmas: str, kept: str) -> None:
    """«Министр культуры РФ Ольга Любимова»: after the person head «Министр» NER's ORG keeps
    «культуры», a common noun that names no body: no mention (a tail rule would extend it to
    «культуры РФ»)."""
    count = len(words.split())
    doc = Doc(VOCAB, words=words.split(), lemmas=lemmas.split(),
              pos=["NOUN"] + ["ADJ"] * (count - 2) + ["NOUN"],
              morphs=["Animacy=Anim|Case=Nom"] + ["Case=Gen"] * (count - 1),
              sent_starts=[True] + [False] * (count - 1))
    found = _without_person_head(Span(doc, 0, count, label="ORG"))
    assert (found.text if found is not None else "-") == kept


# words (the comma a word of its own) | the case of each (- for none) | the pieces kept
REMIT_COMMAS = """
Министерство строительства , архитектуры и ЖКХ | Nom Gen - Gen - - | Министерство строительства , архитектуры и ЖКХ
Министерства молодежи , спорта и туризма       | Gen Gen - Gen - Gen | Министерства молодежи , спорта и туризма
министерства финансов , Минэкономразвития и ФНС | Gen Gen - Gen - - | министерства финансов / Минэкономразвития и ФНС
правительства , парламента и суда              | Gen - Gen - Gen | правительства / парламента и суда
органы власти , институтов и семьи             | Nom Gen - Gen - Gen | органы власти / институтов и семьи
"""


@pytest.mark.parametrize("row", read_table(REMIT_COMMAS))
def test_a_comma_listing_a_bodys_remit_splits_no_mention(row: list[str]) -> None:
    """``remit_comma``: a ministry's remit listed after commas stays one mention; a list of
    bodies, or a body the remit heads do not name («органы»), is split."""
    words, cases, kept = row
    doc = Doc(VOCAB, words=words.split(), lemmas=words.lower().split(),
              morphs=["" if case == "-" else f"Case={case}" for case in cases.split()])
    pieces = split_mention(Span(doc, 0, len(doc), label="ORG"))
    assert " / ".join(piece.text for piece in pieces) == kept



@pytest.mark.parametrize(("words", "lemmas", "kept"), [
    # «В приемной … библиотеки Znak.com заявили»: the site was told
    ("Тюменской областной библиотеки Znak . com", "тюменский областной библиотека znak . com",
     "Тюменской областной библиотеки / Znak.com"),
    # after a descriptor the site is the name
    ("интернет-издания Znak . com", "интернет-издание znak . com", "интернет-издания Znak.com"),
])
def test_a_site_glued_after_a_name_is_a_mention_of_its_own(words: str, lemmas: str,
                                                           kept: str) -> None:
    """``glued_site``: NER ran an organisation's name on into a site's domain name."""
    spaces = [True] * len(words.split())
    for index, word in enumerate(words.split()):
        if word in ("Znak", "."):
            spaces[index] = False  # «Znak.com» is written as one word, three tokens
    doc = Doc(VOCAB, words=words.split(), lemmas=lemmas.split(), spaces=spaces)
    pieces = split_mention(Span(doc, 0, len(doc), label="ORG"))
    assert " / ".join(piece.text for piece in pieces) == kept


@pytest.mark.parametrize(("words", "label", "lone"), [
    ("В", "LOC", True),    # «В Шебекинском округе»: NER took the preposition as a place
    ("К", "ORG", True),
    ("В", "PER", False),   # an initial
    ("Вена", "LOC", False),
])
def test_a_lone_preposition_is_no_place_or_body(words: str, label: str, lone: bool) -> None:
    """``lone_preposition``: a place or body of one word that is a preposition is dropped."""
    doc = Doc(VOCAB, words=words.split())
    assert lone_preposition(list(doc), label) is lone
    pieces = split_mention(Span(doc, 0, len(doc), label=label))
    assert (not pieces) is lone


@pytest.mark.parametrize(("words", "lemmas", "label", "kept"), [
    ("ХМАО — Югре", "хмао — югра", "LOC", "ХМАО — Югре"),
    ("Ханты-Мансийского автономного округа — Югры", "ханты-мансийский автономный округ — югра",
     "LOC", "Ханты-Мансийского автономного округа — Югры"),
    ("Думы Ханты-Мансийского автономного округа – Югры",
     "дума ханты-мансийский автономный округ – югра", "ORG",
     "Думы Ханты-Мансийского автономного округа – Югры"),
    ("Москвы — Казани", "москва — казань", "LOC", "Москвы / Казани"),
    ("ХМАО — Югре", "хмао — югра", "PER", "ХМАО / Югре"),
])
def test_the_dash_of_a_places_name_splits_no_mention(words: str, lemmas: str, label: str,
                                                     kept: str) -> None:
    """``place_name_dash``: the gazetteer writes «Ханты-Мансийский автономный округ — Югра»
    with a dash; a place or a body holding it is one mention, a route between two cities is
    two."""
    doc = Doc(VOCAB, words=words.split(), lemmas=lemmas.split())
    pieces = split_mention(Span(doc, 0, len(doc), label=label))
    assert " / ".join(piece.text for piece in pieces) == kept
