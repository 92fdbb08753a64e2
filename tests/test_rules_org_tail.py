"""Golden rows for the organisation tail rules (``nlp_extract.pipeline.rules.org_tail``), one
per rule, on hand-built Docs: no tagger runs.

A row: ``rule | sentence``. In the sentence the body is in ``[ ]``; words joined by ``_`` with a
``:LABEL`` suffix are a mention NER found (``Свердловской_области:LOC``); ``¶`` before a word
begins a sentence there. Each word's POS, case
and lemma come from ``WORDS``. The test asserts the exact set of bodies found and that the
row's rule fired.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from nlp_extract.pipeline.extensions import register_extensions, set_mentions
from nlp_extract.pipeline.orgs import BodyFinder, load_lexicon
from nlp_extract.pipeline.rules.org_tail import TAIL_RULES, tail_end
from nlp_extract.pipeline.trace import TRACE_KEY

VOCAB = spacy.blank("ru").vocab  # lexical attributes (like_num) of Russian

# word: (POS, features, lemma)
WORDS = {
    "администрация": ("NOUN", "Case=Nom|Animacy=Inan", "администрация"),
    "президента": ("NOUN", "Case=Gen|Animacy=Anim", "президент"),
    "Обамы": ("PROPN", "Case=Gen|Animacy=Anim", "обама"),
    "заявила": ("VERB", "", "заявить"),
    "прокуратура": ("NOUN", "Case=Nom|Animacy=Inan", "прокуратура"),
    "прокуратуре": ("NOUN", "Case=Loc|Animacy=Inan", "прокуратура"),
    "Свердловской": ("ADJ", "Case=Gen", "свердловский"),
    "области": ("NOUN", "Case=Gen|Animacy=Inan", "область"),
    "начала": ("VERB", "", "начать"),
    "начал": ("VERB", "", "начать"),
    "МФЦ": ("PROPN", "Case=Nom", "мфц"),
    "выдал": ("VERB", "", "выдать"),
    "правительству": ("NOUN", "Case=Dat|Animacy=Inan", "правительство"),
    "Японии": ("PROPN", "Case=Gen", "япония"),
    "точных": ("ADJ", "Case=Gen", "точный"),
    "сведений": ("NOUN", "Case=Gen|Animacy=Inan", "сведение"),
    "Конституционного": ("ADJ", "Case=Gen", "конституционный"),
    "суда": ("NOUN", "Case=Gen|Animacy=Inan", "суд"),
    "комплекса": ("NOUN", "Case=Gen|Animacy=Inan", "комплекс"),
    "общей": ("ADJ", "Case=Gen", "общий"),
    "юрисдикции": ("NOUN", "Case=Gen|Animacy=Inan", "юрисдикция"),
    "рассмотрел": ("VERB", "", "рассмотреть"),
    "зданий": ("NOUN", "Case=Gen|Animacy=Inan", "здание"),
    "министерство": ("NOUN", "Case=Nom|Animacy=Inan", "министерство"),
    "финансов": ("NOUN", "Case=Gen|Animacy=Inan", "финансы"),
    "выделило": ("VERB", "", "выделить"),
    "сообщило": ("VERB", "", "сообщить"),
    "социальной": ("ADJ", "Case=Gen", "социальный"),
    "политики": ("NOUN", "Case=Gen|Animacy=Inan", "политика"),
    "Палата": ("NOUN", "Case=Nom|Animacy=Inan", "палата"),
    "представителей": ("NOUN", "Case=Gen|Animacy=Anim", "представитель"),
    "112": ("NUM", "", "112"),
    "созыва": ("NOUN", "Case=Gen|Animacy=Inan", "созыв"),
    "собралась": ("VERB", "", "собраться"),
    ".": ("PUNCT", "", "."),
    "открыт": ("VERB", "", "открыть"),
    "больнице": ("NOUN", "Case=Loc|Animacy=Inan", "больница"),
    "имени": ("NOUN", "Case=Gen|Animacy=Inan", "имя"),
    "Н.И.": ("PROPN", "", "н.и."),
    "Пирогова": ("PROPN", "Case=Gen|Animacy=Anim", "пирогов"),
    "Самаре": ("PROPN", "Case=Loc", "самара"),
    "комитет": ("NOUN", "Case=Nom|Animacy=Inan", "комитет"),
    "по": ("ADP", "", "по"),
    "управлению": ("NOUN", "Case=Dat|Number=Sing|Animacy=Inan", "управление"),
    "государственным": ("ADJ", "Case=Ins|Number=Sing", "государственный"),
    "имуществом": ("NOUN", "Case=Ins|Number=Sing|Animacy=Inan", "имущество"),
    "реализации": ("NOUN", "Case=Dat|Number=Sing|Animacy=Inan", "реализация"),
    "демографической": ("ADJ", "Case=Gen", "демографический"),
    "семейной": ("ADJ", "Case=Gen", "семейный"),
    "делам": ("NOUN", "Case=Dat|Number=Plur|Animacy=Inan", "дело"),
    "несовершеннолетних": ("NOUN", "Case=Gen|Number=Plur|Animacy=Anim", "несовершеннолетний"),
    "бюджету": ("NOUN", "Case=Dat|Animacy=Inan", "бюджет"),
    "заседал": ("VERB", "", "заседать"),
    "труда": ("NOUN", "Case=Gen|Animacy=Inan", "труд"),
    "и": ("CCONJ", "", "и"),
    "защиты": ("NOUN", "Case=Gen|Animacy=Inan", "защита"),
    "совет": ("NOUN", "Case=Nom|Animacy=Inan", "совет"),
    "развитию": ("NOUN", "Case=Dat|Animacy=Inan", "развитие"),
    "общества": ("NOUN", "Case=Gen|Animacy=Inan", "общество"),
    "правам": ("NOUN", "Case=Dat|Animacy=Inan", "право"),
    "человека": ("NOUN", "Case=Gen|Animacy=Anim", "человек"),
    "при": ("ADP", "", "при"),
    "Депутаты": ("NOUN", "Case=Nom|Animacy=Anim", "депутат"),
    "облдумы": ("NOUN", "Case=Nom|Number=Plur|Animacy=Inan", "облдум"),
    "минприроды": ("NOUN", "Case=Gen|Animacy=Inan", "минприроды"),
    "региона": ("NOUN", "Case=Gen|Animacy=Inan", "регион"),
    "проверили": ("VERB", "", "проверить"),
    "обсудили": ("VERB", "", "обсудить"),
    "НАТО": ("PROPN", "Case=Gen", "нато"),
    "полиция": ("NOUN", "Case=Nom|Animacy=Inan", "полиция"),
    "поводу": ("NOUN", "Case=Dat|Animacy=Inan", "повод"),
    "шума": ("NOUN", "Case=Gen|Animacy=Inan", "шум"),
    "сообщил": ("VERB", "", "сообщить"),
    "МИД": ("PROPN", "Case=Nom", "мид"),
    "Швеции": ("PROPN", "Case=Gen|Animacy=Inan", "швеция"),
    "RT": ("PROPN", "", "rt"),
    "ТАСС": ("PROPN", "Case=Gen|Animacy=Inan", "тасс"),  # an abbreviation the tagger declined
    "пресс-служба": ("NOUN", "Case=Nom|Animacy=Inan", "пресс-служба"),
    "Кадырова": ("PROPN", "Case=Gen|Animacy=Anim", "кадыров"),
    "сообщила": ("VERB", "", "сообщить"),
    "управление": ("NOUN", "Case=Nom|Animacy=Inan", "управление"),
    "Республике": ("NOUN", "Case=Dat|Animacy=Inan", "республика"),
    "Крым": ("PROPN", "Case=Dat|Animacy=Inan", "крым"),
    "Ленобласти": ("PROPN", "Case=Dat|Animacy=Inan", "ленобласть"),
    "администрации": ("NOUN", "Case=Gen|Animacy=Inan", "администрация"),
    "Сергей": ("PROPN", "Case=Nom|Animacy=Anim", "сергей"),
    "Иванов": ("PROPN", "Case=Nom|Animacy=Anim", "иванов"),
    "заявил": ("VERB", "", "заявить"),
    "Глава": ("NOUN", "Case=Nom|Animacy=Anim", "глава"),
    "г": ("NOUN", "", "г"),
    "Калининграда": ("PROPN", "Case=Gen|Animacy=Inan", "калининград"),
    "Москве": ("PROPN", "Case=Dat|Animacy=Inan", "москва"),
    "связям": ("NOUN", "Case=Dat|Animacy=Inan", "связь"),
    "с": ("ADP", "", "с"),
    "общественностью": ("NOUN", "Case=Ins|Animacy=Inan", "общественность"),
    "против": ("ADP", "", "против"),
    "надзору": ("NOUN", "Case=Dat|Animacy=Inan", "надзор"),
    "за": ("ADP", "", "за"),
    "банками": ("NOUN", "Case=Ins|Animacy=Inan", "банк"),
    "комиссия": ("NOUN", "Case=Nom|Animacy=Inan", "комиссия"),
    "пыток": ("NOUN", "Case=Gen|Animacy=Inan", "пытка"),
    "России": ("PROPN", "Case=Gen|Animacy=Inan", "россия"),
    ",": ("PUNCT", "", ","),
    "молодежи": ("NOUN", "Case=Gen|Animacy=Inan", "молодежь"),
    "спорта": ("NOUN", "Case=Gen|Animacy=Inan", "спорт"),
    "туризма": ("NOUN", "Case=Gen|Animacy=Inan", "туризм"),
    "которое": ("PRON", "Case=Nom", "который"),
    "правительство": ("NOUN", "Case=Nom|Number=Sing|Animacy=Inan", "правительство"),
    "стран": ("NOUN", "Case=Gen|Animacy=Inan", "страна"),
    "принятого": ("VERB", "Case=Gen|Number=Sing|VerbForm=Part|Voice=Pass", "принять"),
    "подписанного": ("VERB", "Case=Gen|Number=Sing|VerbForm=Part|Voice=Pass", "подписать"),
    "министерством": ("NOUN", "Case=Ins|Number=Sing|Animacy=Inan", "министерство"),
    "администрацией": ("NOUN", "Case=Ins|Number=Sing|Animacy=Inan", "администрация"),
    "решения": ("NOUN", "Case=Gen|Number=Sing|Animacy=Inan", "решение"),
    "района": ("NOUN", "Case=Gen|Number=Sing|Animacy=Inan", "район"),
    "договора": ("NOUN", "Case=Gen|Number=Sing|Animacy=Inan", "договор"),
    "нет": ("VERB", "", "нет"),
    "Znak.com": ("PROPN", "", "znak.com"),
}

# rule that must fire | sentence with the body in [ ]
ROWS = """
personal_body          | [пресс-служба Кадырова:PER] сообщила
person_after_title     | [администрация президента Обамы:PER] заявила
person_after_title     | Глава [администрации президента] Сергей_Иванов:PER заявил
caseless_name_after_a_place | сообщил [МИД:ORG Швеции:LOC] RT:ORG .
caseless_name_after_a_place | сообщил [МИД:ORG Швеции:LOC] ТАСС:ORG .
place_after_po         | [управление по Республике_Крым:LOC и Ленобласти:LOC] сообщило
place_after_po         | [управление по г . Москве:LOC] сообщило
genitive_mention       | [прокуратура Свердловской_области:LOC] начала
site_after_a_name      | [МИД:ORG] Znak.com:ORG сообщил
city_abbreviation_place | [администрация г . Калининграда:LOC] сообщила
sentence_start         | [прокуратура] ¶Свердловской_области:LOC начала
only_mentions          | [МФЦ] выдал
jurisdiction_word      | [МФЦ области] выдал
nothing_after_a_place  | [правительству Японии:LOC] точных сведений
place_only_heads       | [Конституционного суда] комплекса зданий
genitive_noun          | [Конституционного суда общей юрисдикции] рассмотрел
genitive_noun          | [министерство финансов] выделило
participle_noun        | принятого [министерством] решения нет
participle_noun        | подписанного [администрацией района] договора нет
agreeing_adjective     | [министерство социальной политики] сообщило
governed_phrase        | [управление по связям с общественностью] сообщило
governed_phrase        | [комиссия по надзору за банками] сообщила
numbered_convocation   | [Палата представителей 112 созыва] собралась
institution_number     | окончил [среднюю школу № 212 Москвы:LOC]
institution_eponym     | открыт в [больнице имени Н.И. Пирогова] в Самаре
coordinated_adjectives | [комитет по реализации демографической и семейной политики] заседал
dangling_adjectives    | [министерство] социальной .
instrumental_object    | [министерство по управлению государственным имуществом] сообщило
circumstantial_po      | [полиция] по поводу шума заседал
po_phrase              | [комиссия по делам несовершеннолетних] заседал
po_phrase              | [комитет по бюджету] заседал
body_after_and         | [министерство финансов] и НАТО:ORG сообщило
coordinated_genitive   | [министерство труда и социальной защиты] сообщило
enumerated_remit       | [министерство молодежи , спорта и туризма] сообщило
enumerated_remit       | [министерство молодежи , спорта и туризма Свердловской_области:LOC] сообщило
coordinated_po         | [совет по развитию общества и правам человека] заседал
preposition_phrase     | [комитет при прокуратуре] начал
preposition_phrase     | [комитет при прокуратуре против пыток] начал
against_a_place        | [комитет при прокуратуре] против России:LOC начал
"""


def build(sentence: str) -> tuple[Doc, set[tuple[int, int]]]:
    """The Doc of a row, and the token bounds of the expected bodies."""
    words, pos, morphs, lemmas, mentions, expected = [], [], [], [], [], set()
    starts: set[int] = {0}  # «¶» before a word: a sentence begins there
    opened = None
    for item in sentence.split():
        if item.startswith("¶"):
            starts.add(len(words))
            item = item[1:]
        if item.startswith("["):
            opened, item = len(words), item[1:]
        closing = item.endswith("]")
        item = item.rstrip("]")
        label = None
        if ":" in item and item.split(":")[-1].isupper():
            item, label = item.rsplit(":", 1)
        start = len(words)
        for word in item.split("_"):
            tag, features, lemma = WORDS[word]
            words.append(word)
            pos.append(tag)
            morphs.append(features)
            lemmas.append(lemma)
        if label:
            mentions.append((start, len(words), label))
        if closing:
            expected.add((opened, len(words)))
    register_extensions()
    doc = Doc(VOCAB, words=words, pos=pos, morphs=morphs, lemmas=lemmas,
              sent_starts=[index in starts for index in range(len(words))])
    set_mentions(doc, [Span(doc, s, e, label=label) for s, e, label in mentions])
    return doc, expected


def _rows() -> list[tuple[str, str]]:
    return [tuple(part.strip() for part in line.split("|"))  # type: ignore[misc]
            for line in ROWS.strip().splitlines()]


@pytest.mark.parametrize(("rule", "sentence"), _rows())
def test_tail_rule(rule: str, sentence: str) -> None:
    doc, expected = build(sentence)
    doc.user_data[TRACE_KEY] = []
    finder = BodyFinder(doc, load_lexicon())
    bodies = finder.bodies()
    assert {(span.start, span.end) for span in bodies} == expected, \
        [span.text for span in bodies]
    fired = [name for _rule, _start, _end, steps in finder.tails for name, _pos in steps]
    assert rule in fired, fired


@pytest.mark.parametrize("sentence", [
    "[министерство финансов] , которое сообщило",  # no genitive after the comma
    "[правительство стран] , спорта и туризма сообщило",  # no remit head; a place type
    "[министерство финансов] , спорта сообщило",  # no «и» closes the list
])
def test_a_comma_that_lists_no_remit_ends_the_tail(sentence: str) -> None:
    """``enumerated_remit`` goes on past a comma only into a remit that «и» closes."""
    doc, expected = build(sentence)
    assert {(span.start, span.end) for span in BodyFinder(doc, load_lexicon()).bodies()} == \
        expected


# rules that read the parse of the optional slovnet_syntax: golden rows on real text in
# tests/test_syntax.py
PARSE_RULES = {"syntax_detached"}


def test_every_tail_rule_has_a_golden_row() -> None:
    assert {rule for rule, _sentence in _rows()} | PARSE_RULES == \
        {rule.__name__ for rule in TAIL_RULES}


def test_the_tail_stops_at_the_limit() -> None:
    doc, _expected = build("[министерство " + " ".join(["финансов"] * 20) + "]")
    finder = BodyFinder(doc, load_lexicon())
    assert tail_end(finder, 1) == 13  # 12 words at most


@pytest.mark.parametrize(("sentence", "body"), [
    ("Депутаты [облдумы] обсудили", "облдумы"),  # lemma «облдум» in context
    ("[минприроды региона] проверили", "минприроды региона"),
])
def test_heads_match_by_any_reading(sentence: str, body: str) -> None:
    doc, expected = build(sentence)
    bodies = BodyFinder(doc, load_lexicon()).bodies()
    assert [span.text for span in bodies] == [body]
    assert {(span.start, span.end) for span in bodies} == expected


# -- vetoes: candidates a rule refuses (``BODY_VETOES``) ----------------------------------------
WORDS.update({
    "Комиссия": ("NOUN", "Case=Nom|Animacy=Inan", "комиссия"),
    "приняла": ("VERB", "", "принять"),
    "решение": ("NOUN", "Case=Acc|Animacy=Inan", "решение"),
    "власти": ("NOUN", "Case=Nom|Animacy=Inan", "власть"),
    "решили": ("VERB", "", "решить"),
    "МИДовский": ("ADJ", "Case=Nom", "мид"),
    "Сенат": ("NOUN", "Case=Nom|Animacy=Inan", "сенат"),
    "Российской": ("ADJ", "Case=Gen", "российский"),
    "Федерации": ("PROPN", "Case=Gen|Animacy=Inan", "федерация"),
    "одобрил": ("VERB", "", "одобрить"),
    "бюджет": ("NOUN", "Case=Acc|Animacy=Inan", "бюджет"),
    "Под": ("ADP", "", "под"),
    "руководством": ("NOUN", "Case=Ins|Animacy=Inan", "руководство"),
    "коалиции": ("NOUN", "Case=Gen|Animacy=Inan", "коалиция"),
    "под": ("ADP", "", "под"),
    "управлением": ("NOUN", "Case=Ins|Animacy=Inan", "управление"),
    "водителя": ("NOUN", "Case=Gen|Animacy=Anim", "водитель"),
    "съехал": ("VERB", "", "съехать"),
    "команда": ("NOUN", "Case=Nom|Animacy=Inan", "команда"),
    "спасателей": ("NOUN", "Case=Gen|Animacy=Anim|Number=Plur", "спасатель"),
    "годы": ("NOUN", "Case=Acc|Animacy=Inan", "год"),
    "правления": ("NOUN", "Case=Gen|Animacy=Inan", "правление"),
    "королевы": ("NOUN", "Case=Gen|Animacy=Anim", "королева"),
    "укрепило": ("VERB", "", "укрепить"),
    "власть": ("NOUN", "Case=Acc|Animacy=Inan", "власть"),
    "Земана": ("PROPN", "Case=Gen|Animacy=Anim", "земан"),
    "прибыла": ("VERB", "", "прибыть"),
    "окончил": ("VERB", "", "окончить"),
    "среднюю": ("ADJ", "Case=Acc", "средний"),
    "школу": ("NOUN", "Case=Acc|Animacy=Inan", "школа"),
    "№": ("SYM", "", "№"),
    "212": ("NUM", "", "212"),
    "Москвы": ("PROPN", "Case=Gen|Animacy=Inan", "москва"),
    "в": ("ADP", "", "в"),
    "школе": ("NOUN", "Case=Loc|Animacy=Inan", "школа"),
    "учился": ("VERB", "", "учиться"),
    "жилищного": ("ADJ", "Case=Gen", "жилищный"),
    "фонда": ("NOUN", "Case=Gen|Animacy=Inan", "фонд"),
    "города": ("NOUN", "Case=Gen|Animacy=Inan", "город"),
    "ремонт": ("NOUN", "Case=Nom|Animacy=Inan", "ремонт"),
    "фонды": ("NOUN", "Case=Nom|Animacy=Inan|Number=Plur", "фонд"),
    "библиотеки": ("NOUN", "Case=Gen|Animacy=Inan", "библиотека"),
    "пополнились": ("VERB", "", "пополниться"),
    "растёт": ("VERB", "", "расти"),
    "армия": ("NOUN", "Case=Nom|Animacy=Inan", "армия"),
    "поклонников": ("NOUN", "Case=Gen|Animacy=Anim|Number=Plur", "поклонник"),
})

# veto that must refuse the only candidate | sentence
VETOES = """
adjective_alone       | МИДовский решение
generic_without_name  | Комиссия приняла решение
listed_not_a_name     | власти региона решили
capitalised_name_left_to_ner | Сенат:ORG одобрил бюджет
inside_place_name     | Российской_Федерации:LOC решили
led_by_phrase         | Под руководством коалиции решили
led_by_phrase         | под управлением водителя съехал
group_of_people       | прибыла команда спасателей
group_of_people       | растёт армия поклонников
reign_of_a_person     | в годы правления королевы
reign_of_a_person     | укрепило власть Земана:PER
unnumbered_institution | учился в школе
thing_not_body        | ремонт жилищного фонда города
thing_not_body        | фонды библиотеки пополнились
"""


@pytest.mark.parametrize("row", VETOES.strip().splitlines())
def test_body_veto(row: str) -> None:
    from nlp_extract.pipeline.orgs import BODY_VETOES

    veto, sentence = (part.strip() for part in row.split("|"))
    doc, _expected = build(sentence)
    doc.user_data[TRACE_KEY] = []
    assert BodyFinder(doc, load_lexicon()).bodies() == []
    assert [rule for _key, rule, _detail in doc.user_data[TRACE_KEY]] == [f"veto:{veto}"]
    assert veto in {rule.__name__ for rule in BODY_VETOES}
