"""Keyphrases: noun phrases in the nominative, deduplicated, ranked."""

from __future__ import annotations

import pytest

from nlp_extract.pipeline.keyphrases import noun_groups
from nlp_extract.topics.text import fold

from conftest import SAMPLES, read_table

# sentence | keyphrase as written | its nominative
GOLDEN = """
В органах опеки Кировского района ввели личный приём граждан.  | органах опеки Кировского района | органы опеки Кировского района
В органах опеки Кировского района ввели личный приём граждан.  | личный приём граждан            | личный приём граждан
Многодетным семьям выплатят пособия. Семьям многодетным рады.  | Многодетным семьям              | многодетные семьи
Режим повышенной готовности продлили до конца марта.           | Режим повышенной готовности     | режим повышенной готовности
Жители пожаловались на работу горячих линий соцзащиты.         | работу горячих линий соцзащиты  | работа горячих линий соцзащиты
Камеры установили в служебных помещениях отделений опеки.      | служебных помещениях отделений опеки | служебные помещения отделений опеки
Власти обсудили защиту персональных данных сотрудников.        | защиту персональных данных сотрудников | защита персональных данных сотрудников
"""


@pytest.mark.parametrize(("sentence", "text", "normal"), read_table(GOLDEN))
def test_keyphrase_normal_forms(nlp, sentence: str, text: str, normal: str) -> None:
    phrases = {item["text"]: item["normal"] for item in nlp(sentence)._.keyphrases}
    assert phrases.get(text) == normal, phrases


def test_seed_keyphrases(extractor) -> None:
    expected = {"000": ["органы опеки", "противодействие коррупции"],
                "002": ["личный прием граждан", "департамент соцразвития Тюменской области"]}
    for prefix, normals in expected.items():
        text = next(SAMPLES.glob(f"{prefix}_*.txt")).read_text("utf-8")
        record = extractor.extract(text, structure=True).to_dict()
        found = [item["normal"] for item in record["keyphrases"]]
        for normal in normals:
            assert normal in found, (prefix, found)


def test_keyphrases_are_unique_ranked_and_scored(extractor) -> None:
    text = next(SAMPLES.glob("002_*.txt")).read_text("utf-8")
    items = extractor.extract(text).to_dict()["keyphrases"]
    assert 0 < len(items) <= 10
    assert len({fold(item["normal"]) for item in items}) == len(items)
    scores = [item["score"] for item in items]
    assert scores == sorted(scores, reverse=True) and scores[0] == 1.0 and scores[-1] > 0
    for item in items:
        assert item["text"] in text


def test_inflected_repeats_are_one_keyphrase(nlp) -> None:
    doc = nlp("Личный приём граждан отменили. О личном приёме граждан спросили. "
              "Личные приёмы граждан вернут.")
    normals = [item["normal"] for item in doc._.keyphrases]
    assert normals[0] == "личный приём граждан"
    assert sum(1 for normal in normals if "приём" in normal) == 1, normals


def test_places_and_people_are_left_to_the_entities(nlp) -> None:
    doc = nlp("Свердловская область выделила деньги детским садам Свердловской области.")
    normals = [item["normal"] for item in doc._.keyphrases]
    assert "Свердловская область" not in normals
    assert "детские сады Свердловской области" in normals


def test_noun_groups_stay_inside_sentences(nlp) -> None:
    doc = nlp("Он купил новые книги. Библиотеки города закрыты.")
    words = [token for token in doc if not token.is_space]
    spans = [" ".join(t.text for t in words[start:ends[-1]]) for start, ends in noun_groups(words)]
    assert spans == ["новые книги", "Библиотеки города"]
