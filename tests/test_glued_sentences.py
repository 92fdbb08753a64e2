"""Sentences a scraper glued together («зренияНазарбаев»: a paragraph break lost) are two
tokens and two sentences; names written so on purpose stay one token."""

from __future__ import annotations

import pytest

from nlp_extract.pipeline.tokenizer import glued_at, glued_short_word, script_glued

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
МегаФона               | -
ТелеКарты              | -
СевТелекомСвязью       | -
ДомаПрезидент          | Дома
каналыЯндекс           | каналы
срокДанный             | срок
мельдонияПравительство | мельдония
киносайтовКадр         | киносайтов
спецкомиссияРоскомнадзор | спецкомиссия
зюзюкаЗюзюка           | -
ФНССоциальная          | ФНС
МВДСотрудники          | МВД
ТАССМосква             | ТАСС
ВКонтакте              | -
"""


@pytest.mark.parametrize(("word", "first"), read_table(GLUED))
def test_glued_words(word: str, first: str) -> None:
    assert glued_at(word) == (0 if first == "-" else len(first))


# word | the character after it | the first part when glued («-»: one word)
SHORT = """
будущегоВ     | " " | будущего
туберкулезомВ | " " | туберкулезом
аудиториейВ   | " " | аудиторией
вознаграждениеЭта | " " | вознаграждение
заявилаОн     | " " | заявила
заявилаЮж     | " " | -
будущегоВ     | .   | -
ВымпелК       | " " | -
зюзюкаВ       | " " | -
ПригожинНа    | " " | Пригожин
МоскваНо      | " " | Москва
МоскваВ       | " " | Москва
ПригожинаВ    | " " | Пригожина
ПригожинК     | " " | -
ПригожинНа    | .   | -
ВымпелКом     | " " | -
ПутинОн       | " " | -
судПо         | " " | суд
годНо         | " " | год
судПо         | .   | -
еПо           | " " | -
судПолитика   | " " | -
"""


@pytest.mark.parametrize(("word", "following", "first"), read_table(SHORT))
def test_a_short_word_glued_to_a_sentence_end(word: str, following: str,
                                                   first: str) -> None:
    """«Соцсети будущегоВ прошлом году…»: the sentence after opens with «В»; a capitalised
    word the dictionary does not know («Юж») may be a name's part."""
    following = following.strip('"')
    assert glued_short_word(word, following) == (0 if first == "-" else len(first))


def test_glued_sentence_gives_two_sentences_and_a_clean_name(extractor) -> None:
    record = extractor.extract("Компания Евгения ПригожинаПосещаемость сайта выросла вдвое.")
    data = record.to_dict()
    assert [(m["label"], m["text"], m["normal"]) for m in data["mentions"]] == \
        [("PER", "Евгения Пригожина", "Евгений Пригожин")]
    assert [s["text"] if "text" in s else data["text"][s["start"]:s["end"]]
            for s in data["sentences"]] == ["Компания Евгения Пригожина",
                                            "Посещаемость сайта выросла вдвое."]


# text | its sentences, « / » between them
PARAGRAPHS = """
Путин посетил Казань\\n\\nПрезидент России прибыл в город.   | Путин посетил Казань / Президент России прибыл в город.
=== Итоги ===\\n \\nКорреспондент прибыл.                     | === Итоги === / Корреспондент прибыл.
Итоги?\\n\\nКорреспондент прибыл.                             | Итоги? / Корреспондент прибыл.
Путин посетил\\nКазань в среду.                               | Путин посетил\\nКазань в среду.
"""


@pytest.mark.parametrize(("text", "sentences"), read_table(PARAGRAPHS))
def test_a_blank_line_begins_a_sentence(nlp, text: str, sentences: str) -> None:
    doc = nlp.make_doc(text.replace("\\n", "\n"))
    assert [s.text.strip() for s in doc.sents] == sentences.replace("\\n", "\n").split(" / ")


def test_the_ner_packs_its_chunks_from_razdels_sentences(nlp) -> None:
    """The blank-line sentences are the rules' and the taggers': slovnet's NER reads the
    chunks bare natasha would, so a headline changes no NER context."""
    from nlp_extract.pipeline.arrays import PARAGRAPH_STARTS_KEY, token_table
    from nlp_extract.pipeline.ner import _pieces

    text = "Путин посетил Казань\n\nПрезидент России прибыл в город. Его встретил Минниханов."
    doc = nlp.make_doc(text)
    assert len(list(doc.sents)) == 3
    joined = frozenset(doc.user_data[PARAGRAPH_STARTS_KEY])
    assert joined == {text.index("Президент")}
    table = token_table(doc)
    first, second = (0, text.index(" Его")), (text.index("Его"), len(text))
    assert _pieces(table, 1000, joined) == [first, second]
    assert _pieces(table, 1000) == [(0, text.index("\n")), (joined_at := min(joined), first[1]),
                                    second] and joined_at == text.index("Президент")


def test_a_title_line_is_no_part_of_the_body_after_it(extractor) -> None:
    """«Корреспондент» opens the paragraph after a section title: a person, not the body."""
    record = extractor.extract("=== Надежда умирает последней? ===\n\n"
                               "Корреспондент Русской службы «Голоса Америки» узнал новости.")
    assert [(m["label"], m["text"]) for m in record.to_dict()["mentions"]
            if m["label"] == "ORG"] == [("ORG", "Русской службы «Голоса Америки»"),
                                        ("ORG", "службы «Голоса Америки»")]


@pytest.mark.parametrize(("text", "mentions"), [
    # NER reads glued sentences as one chunk: it tagged «Казань Состав» one LOC
    ("Теперь это решено - КазаньСостав и порядок утверждены.", [("LOC", "Казань")]),
    # a site's name glued to the next sentence (razdel splits at the change of script)
    ("Фото: URA.RUМинистерство образования и науки закажет стратегию.",
     [("ORG", "URA.RU"), ("ORG", "Министерство образования и науки")]),
])
def test_a_mention_ends_where_a_glued_sentence_begins(extractor, text: str,
                                                      mentions: list[tuple[str, str]]) -> None:
    record = extractor.extract(text)
    assert [(m["label"], m["text"]) for m in record.to_dict()["mentions"]] == mentions


@pytest.mark.parametrize(("last", "word", "glued"), [
    ("U", "Министерство", True), ("z", "МОСКВА", True), ("с", "Маркет", False),
    ("X", "и", False), ("1", "Москва", False), ("U", "М", False)])
def test_script_glued(last: str, word: str, glued: bool) -> None:
    assert script_glued(last, word) is glued


def test_a_descriptor_before_a_glued_sentence_describes_nothing_in_it(extractor) -> None:
    """«каналыЯндекс Новости»: «каналы» ends the sentence before; the ORG is the name alone."""
    data = extractor.extract("Подписывайтесь на наши каналыЯндекс Новости и Яндекс Дзен.").to_dict()
    assert [(m["label"], m["text"]) for m in data["mentions"]] == \
        [("ORG", "Яндекс Новости"), ("ORG", "Яндекс Дзен")]


@pytest.mark.parametrize(("text", "words"), [
    ("победа Курентзиcа и", ["победа", "Курентзиcа", "и"]),  # a Latin «c» inside
    ("Патриарх Бeшара Бутрос", ["Патриарх", "Бeшара", "Бутрос"]),  # a Latin «e» inside
    ("iPhone и МТСBank", ["iPhone", "и", "МТС", "Bank"]),  # no look-alikes: as razdel cut
])
def test_a_word_with_latin_lookalike_letters_is_one_token(text: str, words: list[str]) -> None:
    """razdel cuts a word where its script changes; a Cyrillic word a Latin look-alike letter
    slipped into is one word («Курентзиcа»), and the dictionary reads it as Cyrillic."""
    from nlp_extract.pipeline.lemmatizer import cyrillic_lookalikes
    from nlp_extract.pipeline.tokenizer import razdel_words

    assert razdel_words(text)[0] == words
    assert cyrillic_lookalikes("Курентзиcа") == "Курентзиса"
    assert cyrillic_lookalikes("iPhone") == "iPhone"


def test_a_name_with_a_latin_lookalike_letter_is_the_person(extractor) -> None:
    record = extractor.extract("Дирижёр Теодор Курентзис получил премию. Это не первая победа "
                               "Курентзиcа и оркестра.").to_dict()
    assert [(e["name"], e["count"]) for e in record["entities"] if e["label"] == "PER"] == \
        [("Теодор Курентзис", 2)]


@pytest.mark.parametrize(("word", "may"), [
    ("зренияНазарбаев", True), ("ФНССоциальная", True), ("ВКонтакте", True),
    ("Москва", False), ("МВД", False), ("2019", False), ("Ростов-на-Дону", False), ("НаВ", False),
])
def test_only_a_word_with_an_inner_capital_is_tried_for_a_glued_sentence(word: str,
                                                                         may: bool) -> None:
    """Every glued-sentence pattern needs letters only, four or more, a capital after the
    first; other words skip the five patterns (and so :func:`glued_at` must find none)."""
    from nlp_extract.pipeline.tokenizer import may_be_glued

    assert may_be_glued(word) is may
    if not may:
        assert glued_at(word) == 0 and glued_short_word(word, " ") == 0


@pytest.mark.parametrize(("text", "mixed"), [
    ("победа Курентзиcа", True), ("МТСBank", True), ("iPhone и МТС", False), ("Москва", False),
])
def test_lookalike_letters_are_looked_for_only_where_two_scripts_meet(text: str,
                                                                       mixed: bool) -> None:
    from nlp_extract.pipeline.tokenizer import mixes_scripts

    assert mixes_scripts(text) is mixed
