"""The ``entity_labels`` component's rules (``LABEL_RULES``, in order), one golden row each on
the real pipeline: the mention NER found, the label the rule gave it (``NONE``: dropped) and
``explain`` naming the rule."""

from __future__ import annotations

import pytest

from nlp_extract.pipeline.labels import LABEL_RULES

from conftest import read_table

# rule | article | NER's mention «LABEL text» | the label after the rule (NONE: dropped)
GOLDEN = """
listed_label             | Встреча прошла в Кремле. | ORG Кремле | ORG
lexicon_organisation     | Иностранные наемники — выходцы из России и стран СНГ. | LOC СНГ | ORG
compound_body_not_name   | По данным Свердловскстата, зарплата выросла. | PER Свердловскстата | ORG
country_not_person       | Коста Рика стала лидером рейтинга. | PER Коста Рика | LOC
place_word_not_person    | Кливленд\\nЖенщины, пропавшие десять лет назад, найдены живыми. | PER Кливленд | LOC
sentence_word_not_person | Теннисистку уже поздравили её сестра Винус Уильямс и тренер. | PER Теннисистку | NONE
sentence_word_not_place  | У стрелка найден арсенал оружия\\nСтрельба из полуавтоматической винтовки AR-15 | LOC Стрельба | NONE
function_word_not_person | Мне очень понравилось место Оно меня вдохновило на мысль о создании такого перформанса Впоследствии развивая идею я понял | PER Впоследствии | NONE
gerund_not_person        | Впечатлившись их работой, Дэниел Гоулман написал книгу. | PER Впечатлившись | NONE
honorific_not_person     | Все присутствующие легко вспомнят, что Ее Величество бывала в здании Парламента. | PER Ее Величество | NONE
eponym_not_person        | Актёр Майкл Джей Фокс страдает болезнью Паркинсона. | PER Паркинсона | NONE
work_title_not_org       | Актриса снялась в образе героини Памелы Андерсон из телесериала «Спасатели Малибу». | ORG Спасатели Малибу | NONE
adjective_not_person     | Джордж Харрисон исполнил песню в снятом в 1967 году фильме Волшебное таинственное путешествие. | PER Волшебное | NONE
abbreviation_after_adjectives_not_person | Главный врач Аргаяшской ЦРБ Рустам Галиуллин отметил рост. | PER Аргаяшской ЦРБ | ORG
zodiac_not_person        | Овнам стоит отдохнуть, а Водолеи получат хорошие новости. | PER Водолеи | NONE
numbered_not_person      | Фернандо Алонсо в первый раз в своей карьере пилота Формулы-1 выиграл Гран-при Монако. | PER Формулы-1 | NONE
body_not_person          | Комментируя сроки оглашения послания главы государства Федеральному собранию, его пресс-секретарь лишь подтвердил. | PER Федеральному собранию | ORG
common_noun_body_not_person | Минниханов поручил Госсовету подготовить закон. | PER Госсовету | ORG
settlement_not_person    | Огонь подошёл к улусу Улюн и посёлку Усть-Баргузин. | PER Улюн | LOC
descriptor_name_not_person | Депутаты партии Гоминьдан тут ни при чём. | PER Гоминьдан | ORG
body_not_place           | Кежемский районный суд по ходатайству следствия арестовал его. | LOC Кежемский районный суд | ORG
dateline_place           | ОМСК, 5 ноября — РИА Новости. Мэр города уволен. | ORG ОМСК | LOC
place_line_not_org       | Уфа\\n\\nДепутаты Государственного собрания приняли закон. | ORG Уфа | LOC
place_adjective_not_org  | «Арсенал» продлил контракт с тренером Арсеном Венгером\\nАрсен Венгер\\nЛондонский «Арсенал» договорился о продлении контракта. | ORG Лондонский | NONE
adjective_not_org        | Кремлевская "фабрика троллей" превратилась в крупное медиа. | ORG Кремлевская | NONE
adjective_not_place      | СКА поднялся на третье место в Западной конференции. | LOC Западной | NONE
sentence_word_not_org    | Решение будет принимать специальная комиссия\\nСостав и порядок работы специальной комиссии утвердит правительство. | ORG Состав | NONE
person_noun_not_org      | Покушение на Харьковского градоначальника произошло утром в понедельник. | ORG Харьковского градоначальника | NONE
function_word_not_name   | РИА «Новый День» Написать автору или сообщить новостьПодписывайтесь на каналыЯндекс НовостиЯндекс Дзен | ORG Подписывайтесь | NONE
person_after_role        | Это команда единомышленников нашего первого президента Ахмат-Хаджи Кадырова. | LOC Ахмат-Хаджи Кадырова | PER
"""


def test_every_rule_has_a_golden_row() -> None:
    assert [row[0] for row in read_table(GOLDEN)] == [rule.__name__ for rule in LABEL_RULES]


@pytest.mark.parametrize(("rule", "text", "found", "label"), read_table(GOLDEN),
                         ids=[row[0] for row in read_table(GOLDEN)])
def test_golden(extractor, rule: str, text: str, found: str, label: str) -> None:
    text = text.replace("\\n", "\n")
    explanation = extractor.explain(text)
    ner_label, written = found.split(" ", 1)
    if label == "NONE":
        dropped = {(e["text"], e["component"], e["rule"]) for e in explanation.dropped}
        assert (written, "entity_labels", rule) in dropped, sorted(dropped)
        assert all(m["text"] != written for m in explanation.mentions)
        return
    mention = next(m for m in explanation.mentions  # or as a later component extended it
                   if m["text"] == written or any(e["rule"] == rule for e in m["history"]))
    assert mention["label"] == label
    events = [(e["component"], e["rule"]) for e in mention["history"]]
    assert ("entity_labels", rule) in events, events


@pytest.mark.parametrize(("text", "title"), [
    ("Его Высочество промолчал. Принц Чарльз ответил, что Его Королевское Высочество занят.",
     "Высочество"),
    ("Об этом сообщил Первосвятитель.", "Первосвятитель"),
])
def test_titles_name_nobody(extractor, text: str, title: str) -> None:
    """models/entity_labels.yaml NONE: a title capitalised out of respect, alone, is no
    person («встреча с Президентом»)."""
    explanation = extractor.explain(text)
    dropped = {(e["text"], e["component"], e["rule"]) for e in explanation.dropped}
    assert (title, "entity_labels", "listed_no_entity") in dropped, sorted(dropped)
    assert all(m["text"] != title for m in explanation.mentions)


@pytest.mark.parametrize("text", [
    "Лидер «Ночных волков» Александр Залдостанов приехал в Севастополь.",
    "Лицей-интернат «Подмосковный» в Коралово открылся в 1994 году.",
])
def test_a_name_is_not_a_role(extractor, text: str) -> None:
    """A plural head or a quoted name keeps its ORG: neither role rule drops it."""
    explanation = extractor.explain(text)
    assert not [e for e in explanation.dropped
                if e["rule"] in ("person_noun_not_org", "place_adjective_not_org")]


@pytest.mark.parametrize(("text", "code"), [
    ("Депутаты внесли в Госдуму проект поправок к ГК и закону «О связи».", "ГК"),
    ("Поправки внесли в закон «Об информации» и в КоАП.", "КоАП"),
])
def test_a_code_of_law_is_no_organisation(extractor, text: str, code: str) -> None:
    """models/entity_labels.yaml NONE: a code of law alone is a law, not a body."""
    explanation = extractor.explain(text)
    assert all(m["text"] != code for m in explanation.mentions)


# article | every ORG mention: a site cited as a source is one, a link or a service is not
CITED_SITES = """
Конкурс пройдёт в июне, сообщает baltinfo.ru.                    | baltinfo.ru
Как цитирует infox.ru директора компании, сделка отменена.        | infox.ru
По данным vc.ru, сервис закроется.                               | vc.ru
Матч перенесён на осень, сообщает newsru.ру.                    | newsru.ру
Голосование на сайте gosuslugi.ru закрыто.                       | -
Указ опубликован [http://publication.pravo.gov.ru/Document/View/1] | -
"""


@pytest.mark.parametrize(("text", "orgs"), read_table(CITED_SITES))
def test_a_site_cited_as_a_source_is_an_organisation(extractor, text: str, orgs: str) -> None:
    explanation = extractor.explain(text)
    found = [m for m in explanation.mentions if m["label"] == "ORG"]
    assert [m["text"] for m in found] == ([] if orgs == "-" else [orgs])
    for mention in found:
        assert ("entity_labels", "cited_site") in \
            [(e["component"], e["rule"]) for e in mention["history"]]


def test_a_body_named_after_a_work_noun_stays(extractor) -> None:
    """``work_title_not_org`` takes quoted or Latin titles only: «балета Большого театра» says
    whose ballet it is."""
    record = extractor.extract("Художественный руководитель балета Большого театра завершил "
                               "работу. Об этом пишет газета «Ведомости».").record
    assert [m["text"] for m in record["mentions"] if m["label"] == "ORG"] == [
        "Большого театра", "газета «Ведомости»"]


@pytest.mark.parametrize(("text", "name"), [
    ("Министры финансов Большой семерки обсудили кризис.", "Большой семерки"),
    ("Страны Меркосур подписали соглашение с Евросоюзом.", "Меркосур"),
])
def test_listed_groups_of_states_are_organisations(extractor, text: str, name: str) -> None:
    """models/entity_labels.yaml ORG: a club of states («Большая семёрка», «Меркосур») acts
    as one body; NER misses its name or reads it as a place."""
    explanation = extractor.explain(text)
    mention = next(m for m in explanation.mentions if m["text"] == name)
    assert mention["label"] == "ORG"


@pytest.mark.parametrize(("text", "word", "rule"), [
    ("Поначалу мне очень понравилось место Оно меня вдохновило на мысль о перформансе.",
     "Оно", "function_word_not_person"),
    ("О президенте УЕФА\n\nСемидесятишестилетний президент Европейского футбольного союза "
     "подал в отставку.", "Семидесятишестилетний", "adjective_not_person"),
])
def test_a_pronoun_or_an_age_names_nobody(extractor, text: str, word: str, rule: str) -> None:
    """A pronoun of three letters (``casing.never_a_name``) and a word the dictionary lacks
    that ends as an age does («-летний», ``common_word_endings``) are no persons."""
    explanation = extractor.explain(text)
    dropped = {(e["text"], e["component"], e["rule"]) for e in explanation.dropped}
    assert (word, "entity_labels", rule) in dropped, sorted(dropped)


def test_a_demonym_opening_a_sentence_stays_a_place(extractor) -> None:
    """``sentence_word_not_place`` leaves a demonym the gazetteer lacks («Иорданцы»,
    ``demonym_endings``) and a place's adjective («Норвежская») to the places component."""
    explanation = extractor.explain(
        "Страна разорвала договор из-за ситуации на Храмовой горе. Иорданцы требуют разорвать "
        "соглашение. Норвежская компания Opera Software выпустила браузер.")
    assert not [e for e in explanation.dropped if e["rule"] == "sentence_word_not_place"]
    assert {"Иорданцы", "Норвежская"} <= {m["text"] for m in explanation.mentions
                                           if m["label"] == "LOC"}


@pytest.mark.parametrize(("text", "name"), [
    ("Правительство решило продлить программу.", "Правительство"),
    ("Кабмин утвердил программу.", "Кабмин"),
])
def test_a_body_opening_a_sentence_stays(extractor, text: str, name: str) -> None:
    """``sentence_word_not_org`` leaves a body the lexicons name («Правительство», «Кабмин»)."""
    explanation = extractor.explain(text)
    assert not [e for e in explanation.dropped if e["rule"] == "sentence_word_not_org"]
    assert name in {m["text"] for m in explanation.mentions if m["label"] == "ORG"}
