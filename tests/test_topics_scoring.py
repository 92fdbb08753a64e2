"""Topic scores on real text: the seed articles, evidence offsets, length, title and negative
cues."""

from __future__ import annotations

import json

import pytest
import srsly

from nlp_extract.pipeline.topics import expand_word
from nlp_extract.topics.text import fold, title_end

from conftest import SAMPLES, read_table

# Clean excerpts of the two seed articles (title, blank line, body), as the readers give them.
CLEAN_000 = """Сотрудники свердловской опеки попали под тотальную слежку

В органах опеки Кировского района Екатеринбурга начали устанавливать системы видеофиксации на \
рабочих местах. Подобные системы планируется разместить во всех отделениях опеки по Свердловской \
области для повышения прозрачности и уменьшения коррупционных рисков. Инициатива, направленная \
на противодействие коррупции, не встретила поддержки со стороны сотрудников.

Там сообщили, что в целях реализации комплексного плана по противодействию коррупции служебные \
помещения, где осуществляется взаимодействие с гражданами, оборудуются специальными \
записывающими устройствами. При оборудовании учитываются требования законодательства обеспечить \
права граждан на охрану их персональных данных."""

CLEAN_002 = """Тюменские чиновники не справляются с работой по удаленке

Органы социальной защиты не справляются с потоком телефонных обращений от жителей Тюмени, но \
личный прием не возобновляется. «Личный прием граждан по оказанию госуслуг приостановлен до 28 \
марта. Учитывая, что в 2020 году расширены категории семей, которые могут воспользоваться мерами \
социальной поддержки, количество обращений за консультацией увеличилось», — ответил департамент \
соцразвития Тюменской области.

Ранее в Тюменской области до 28 марта продлили режим повышенной готовности. При этом другие \
ограничения, связанные с возможностью заражения коронавирусом в местах массового скопления \
людей, постепенно отменяются."""

SEEDS = {
    "000": (next(SAMPLES.glob("000_*.txt")), CLEAN_000,
            ["anti_corruption"], ["surveillance_privacy", "guardianship_child_welfare"]),
    "002": (next(SAMPLES.glob("002_*.txt")), CLEAN_002,
            ["covid_restrictions"], ["social_protection", "public_services"]),
}


def _ids(record) -> list[str]:
    return [topic["id"] for topic in record["topics"]]


@pytest.mark.parametrize("seed", sorted(SEEDS))
@pytest.mark.parametrize("form", ["raw", "clean"])
def test_seed_article_topics(extractor, seed: str, form: str) -> None:
    path, clean, required, one_of = SEEDS[seed]
    text = path.read_text("utf-8") if form == "raw" else clean
    ids = _ids(extractor.extract(text).to_dict())
    assert set(required) <= set(ids), ids
    assert set(one_of) & set(ids), ids


@pytest.fixture(scope="module")
def records(extractor):
    texts = [CLEAN_000, CLEAN_002, SEEDS["000"][0].read_text("utf-8"),
             SEEDS["002"][0].read_text("utf-8")]
    return [extractor.extract(text).to_dict() for text in texts]


def test_topics_are_sorted_scored_and_above_the_threshold(records, extractor) -> None:
    threshold = extractor.nlp.get_pipe("topic_scorer").threshold
    for record in records:
        topics = record["topics"]
        assert topics
        assert topics == sorted(topics, key=lambda t: (-t["score"], t["id"], t["source"]))
        for topic in topics:
            assert threshold <= topic["score"] <= 1.0
            assert topic["score"] == round(topic["score"], 4)
            assert topic["source"] == "taxonomy" and topic["label"] and topic["evidence"]


def test_evidence_slices_to_inflected_forms_of_the_cue(records, nlp) -> None:
    checked = 0
    for record in records:
        for topic in record["topics"]:
            for item in topic["evidence"]:
                found = record["text"][item["start"]:item["end"]]
                words = [token for token in nlp(found) if not token.is_space]
                cue = item["cue"].split()
                assert len(words) == len(cue), (found, item["cue"])
                for token, word in zip(words, cue, strict=True):
                    assert fold(token.lemma_) in expand_word(word, len(cue) > 1) | {fold(word)}, \
                        (found, item["cue"])
                checked += 1
    assert checked > 20


# cue | what the evidence slices to in the clean excerpt of article 000
EVIDENCE_000 = """
орган опека                | органах опеки
противодействие коррупция  | противодействие коррупции
противодействие коррупция  | противодействию коррупции
коррупционный риск         | коррупционных рисков
записывающий устройство    | записывающими устройствами
персональный данные        | персональных данных
тотальный слежка           | тотальную слежку
"""


def test_evidence_golden(records) -> None:
    record = records[0]
    found = {(item["cue"], record["text"][item["start"]:item["end"]])
             for topic in record["topics"] for item in topic["evidence"]}
    for cue, text in read_table(EVIDENCE_000):
        assert (cue, text) in found


def test_length_does_not_change_scores(extractor) -> None:
    for text in (CLEAN_000, CLEAN_002):
        once = {t["id"]: t["score"] for t in extractor.extract(text).to_dict()["topics"]}
        twice = {t["id"]: t["score"] for t in
                 extractor.extract(text + "\n\n" + text.split("\n\n", 1)[1]).to_dict()["topics"]}
        for topic_id, score in once.items():
            if score >= 0.4:
                assert abs(twice.get(topic_id, 0.0) - score) < 0.1, (topic_id, score, twice)


BODY = ("Жители города обсудили новости недели на собрании. В администрации рассказали о "
        "планах на лето и о ремонте дорог во дворах. Также выступили представители компаний.")


def test_title_weighs_more_than_the_body(extractor) -> None:
    in_title = extractor.extract("Многодетным семьям выплатят пособия\n\n" + BODY).to_dict()
    in_body = extractor.extract("Новости недели\n\n" + BODY +
                                " Многодетным семьям выплатят пособия.").to_dict()
    assert title_end("Многодетным семьям выплатят пособия\n\n" + BODY) == 35

    def score(record) -> float:
        return next(t["score"] for t in record["topics"] if t["id"] == "social_protection")
    assert score(in_title) > score(in_body)


def test_negative_cues_reduce_the_score(extractor) -> None:
    benefit = extractor.extract("Пенсионерам выплатят пособия и компенсации.").to_dict()
    textbook = extractor.extract("Пенсионерам выдали учебные пособия.").to_dict()
    assert "social_protection" in _ids(benefit)
    assert "social_protection" not in _ids(textbook)


def test_every_inflected_form_counts(extractor) -> None:
    for text in ("Коронавирус и самоизоляция.", "О коронавирусе и самоизоляции.",
                 "Коронавирусом и самоизоляцией."):
        assert "covid_restrictions" in _ids(extractor.extract(text).to_dict()), text


def test_no_text_no_topics(extractor) -> None:
    for text in ("", "   ", "12345", "Привет!"):
        record = extractor.extract(text).to_dict()
        assert record["topics"] == [] and record["keyphrases"] == []


def test_topics_are_plain_deterministic_data(extractor, records) -> None:
    doc = extractor.nlp(CLEAN_002)
    assert srsly.msgpack_loads(srsly.msgpack_dumps(doc._.topics)) == doc._.topics
    again = extractor.extract(CLEAN_000).to_dict()
    assert json.dumps(again["topics"], ensure_ascii=False) == \
        json.dumps(records[0]["topics"], ensure_ascii=False)


def test_title_end_override_and_missing_title(nlp) -> None:
    assert title_end("Одна строка без заголовка.") == 0
    assert title_end("\n\n  Заголовок  \n\nТекст") == 13
    assert title_end("x" * 400 + "\nТекст") == 0
    doc = nlp.make_doc("Взятка чиновнику. Коррупция в мэрии.")
    doc.user_data["title_end"] = 17
    for _, component in nlp.pipeline:
        doc = component(doc)
    assert "anti_corruption" in [t["id"] for t in doc._.topics]
