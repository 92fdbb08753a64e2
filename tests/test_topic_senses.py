"""Senses of cues: contexts that require or block a cue, phrases over ambiguous single words,
boilerplate that never drives a topic, and short texts that still get a topic with evidence."""

from __future__ import annotations

import pytest

from nlp_extract.structure.boilerplate import promo_sentence
from nlp_extract.topics import load_taxonomy
from nlp_extract.topics.cues import CueIndex

ASTRONOMY = """Астрономы обнаружили звезду-гиганта

Астрономы с помощью телескопа обнаружили новую звезду в соседней галактике. Звезда в десять \
раз больше Солнца. Учёные считают, что звезда скоро взорвётся. Такие звёзды встречаются редко: \
звезда излучает больше энергии, чем любая другая звезда в галактике. Наблюдения за звездой \
продолжатся. Свет звезды шёл до Земли миллионы лет. Эта звезда — одна из самых ярких."""

POP_STAR = """Звезда сериала вышла замуж

Звезда популярного сериала вышла замуж за бизнесмена. Свадьба прошла в Москве, на торжестве \
выступили эстрадные звёзды. Фото с церемонии звезда опубликовала в инстаграме."""

ECHR = """ЕСПЧ обязал Россию выплатить акционерам ЮКОСа компенсацию

Европейский суд по правам человека постановил, что Россия должна выплатить бывшим акционерам \
компании ЮКОС компенсацию в размере 1,9 млрд евро. Выплата компенсации должна быть произведена \
в течение полугода. Минюст заявил, что Россия не согласна с решением суда."""

BENEFITS = """Многодетным семьям увеличат выплаты

В Свердловской области увеличат выплаты многодетным семьям. Компенсация за детский сад \
вырастет вдвое, сообщили в министерстве социальной политики."""

BREASTFEEDING = """Грудное вскармливание снижает риск аллергии у детей

Учёные выяснили, что дети, которых кормили грудью не менее полугода, реже страдают аллергией. \
Исследование охватило 5 тысяч матерей и младенцев. По словам авторов, грудное молоко защищает \
ребёнка от инфекций. Матерям рекомендуют кормить детей грудью как можно дольше."""

PROMO = """В Екатеринбурге открылся новый парк

В Екатеринбурге после реконструкции открылся парк на Уралмаше: там появились дорожки, скамейки \
и детская площадка. Подписывайтесь на наш канал в Telegram, чтобы первыми узнавать новости о \
смартфонах, гаджетах и приложениях."""


def _topics(extractor, text: str) -> dict[str, dict]:
    return {topic["id"]: topic for topic in extractor.extract(text).to_dict()["topics"]}


# text | topics it must have | topics it must not have
GOLDEN = [
    (ASTRONOMY, {"science"}, {"show_business"}),
    (POP_STAR, {"show_business"}, set()),
    (ECHR, {"courts_law"}, {"social_protection"}),
    (BENEFITS, {"social_protection"}, set()),
    (BREASTFEEDING, {"healthcare"}, {"guardianship_child_welfare"}),
    (PROMO, {"construction"}, {"consumer_tech", "digital"}),
]


@pytest.mark.parametrize(("text", "present", "absent"), GOLDEN)
def test_senses_golden(extractor, text: str, present: set[str], absent: set[str]) -> None:
    ids = set(_topics(extractor, text))
    assert present <= ids and not absent & ids, ids


def test_promo_sentence_is_boilerplate_and_never_evidence(extractor) -> None:
    assert promo_sentence("Подписывайтесь на наш канал в Telegram")
    assert not promo_sentence("Парк открылся после реконструкции.")
    record = extractor.extract(PROMO).to_dict()
    promo_start = record["text"].index("Подписывайтесь")
    for topic in record["topics"]:
        assert all(item["end"] <= promo_start for item in topic["evidence"]), topic


def test_context_requires_and_blocks_within_its_scope() -> None:
    taxonomy = load_taxonomy({
        "format": "nlp_extract.taxonomy", "version": 2, "topics": [
            {"id": "stars", "label": {"ru": "Звёзды", "en": "Stars"}, "description": "x",
             "parent": None,
             "cues": {"звезда": {"weight": 1, "requires": ["певица"]},
                      "сцена": {"weight": 1, "blocked_by": ["театр"], "scope": "article"}}},
            {"id": "social", "label": {"ru": "Соц", "en": "Social"}, "description": "y",
             "parent": None, "cues": {"социальный": 1}},
            {"id": "web", "label": {"ru": "Сеть", "en": "Web"}, "description": "z",
             "parent": None, "cues": {"сайт": 1}, "phrases": {"социальный сеть": 2}}]})
    index = CueIndex(taxonomy)
    found = index.match(["певица", "звезда", "сцена"], [0, 0, 0])
    assert [m.cue.text for m in found[0]] == ["звезда", "сцена"]
    found = index.match(["певица", "звезда", "театр", "сцена"], [0, 1, 1, 2])
    assert found.get(0, []) == []  # певица in another sentence; театр in the article
    found = index.match(["социальный", "сеть"])
    assert 1 not in found and [m.cue.text for m in found[2]] == ["социальный сеть"]
    assert [m.cue.text for m in index.match(["социальный", "политика"])[1]] == ["социальный"]
    again = load_taxonomy(taxonomy.to_dict())
    assert again.sha256 == taxonomy.sha256
    assert again["stars"].contexts["сцена"].scope == "article"


@pytest.mark.parametrize(("headline", "topic"), [
    ("Путин провёл переговоры с премьером Японии", "international_relations"),
    ("В Москве прошёл митинг против повышения пенсионного возраста",
     "protests_civil_society"),
    ("Журналиста избили в центре Самары", "media_journalism"),
    ("К 80-летию снятия блокады Ленинграда откроют мемориал", "history_memory"),
])
def test_headlines_of_the_new_topics(extractor, headline: str, topic: str) -> None:
    topics = extractor.extract(headline).to_dict()["topics"]
    assert topics and topics[0]["id"] == topic, topics
    assert topics[0]["evidence"]


def test_a_short_text_without_cues_gets_its_nearest_topic_with_words(extractor) -> None:
    headline = "Голкипер отразил пенальти на последней минуте"
    record = extractor.extract(headline).to_dict()
    assert record["topics"], record["topics"]
    topic = record["topics"][0]
    assert topic["id"] == "sports" and topic["score"] < 0.3
    assert topic["evidence"] and all(item["cue"].startswith("≈ ") for item in topic["evidence"])
    for item in topic["evidence"]:
        assert record["text"][item["start"]:item["end"]]
    assert extractor.extract("Привет!").to_dict()["topics"] == []
