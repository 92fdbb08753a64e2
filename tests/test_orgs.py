"""Public bodies and described organisations beyond bare slovnet (issue 4)."""

from __future__ import annotations

import pytest

from conftest import read_table

# sentence | ORG mention as written | canonical name
BODIES = """
Проект реализуется министерством социальной политики региона, сообщил источник.      | министерством социальной политики региона              | министерство социальной политики региона
Редакция направила запрос в департамент информационной политики Свердловской области. | департамент информационной политики Свердловской области | департамент информационной политики Свердловской области
Об этом департамент соцразвития Тюменской области заявил в соцсети.                   | департамент соцразвития Тюменской области              | департамент соцразвития Тюменской области
В органах опеки Кировского района Екатеринбурга начали устанавливать камеры.          | органах опеки Кировского района Екатеринбурга          | органы опеки Кировского района Екатеринбурга
Так ответили в оперативном штабе региона в ответ на запрос.                          | оперативном штабе региона                              | оперативный штаб региона
Прокуратура Свердловской области начала проверку.                                    | Прокуратура Свердловской области                        | Прокуратура Свердловской области
Комитет Государственной думы по бюджету одобрил поправки.                            | Комитет Государственной думы по бюджету                 | Комитет Государственной думы по бюджету
Соглашение подписали с центром занятости населения.                                  | центром занятости населения                             | центр занятости населения
Министерство труда и социальной защиты РФ выпустило приказ.                          | Министерство труда и социальной защиты РФ               | Министерство труда и социальной защиты РФ
Заявление сделал представитель партии «Единая Россия».                                | партии «Единая Россия»                                  | Единая Россия
Сотрудники МЧС России выехали на место.                                              | МЧС России                                              | МЧС России
Письмо направлено в японский МИД.                                                    | японский МИД                                            | японский МИД
Замглавы Федеральной миграционной службы России Михаил Тюркин сообщил.               | Федеральной миграционной службы России                  | Федеральная миграционная служба России
Исследователи Брукхейвенской национальной лаборатории сообщили.                      | Брукхейвенской национальной лаборатории                 | Брукхейвенская национальная лаборатория
Об этом заявил влиятельный Комитет по иностранным делам.                             | Комитет по иностранным делам                            | Комитет по иностранным делам
Акции ОАО «Газпром» выросли.                                                         | ОАО «Газпром»                                           | Газпром
"""


@pytest.mark.parametrize(("sentence", "mention", "normal"), read_table(BODIES))
def test_public_body(nlp, sentence: str, mention: str, normal: str) -> None:
    doc = nlp(sentence)
    found = {(span.text, span.label_, span._.normal) for span in doc.spans["mentions"]}
    assert (mention, "ORG", normal) in found, found


def test_places_inside_bodies_stay_mentions(nlp) -> None:
    doc = nlp("Прокуратура Свердловской области начала проверку.")
    labels = {(span.text, span.label_) for span in doc.spans["mentions"]}
    assert ("Свердловской области", "LOC") in labels
    assert [ent.label_ for ent in doc.ents] == ["ORG"]  # the flat view keeps the longest


def test_generic_heads_need_a_name(nlp) -> None:
    doc = nlp("Комиссия приняла решение, а управление его поддержало.")
    assert not [span for span in doc.spans["mentions"] if span.label_ == "ORG"]


def test_bodies_can_be_switched_off() -> None:
    from nlp_extract import Extractor

    record = Extractor(disable=["public_bodies"]).extract(
        "Проект реализуется министерством социальной политики региона.").to_dict()
    assert not record["mentions"]


def test_glued_mentions_are_split(nlp) -> None:
    doc = nlp("Об этом сообщил Джоэл Саймон (Joel Simon), а также Овечкин, Фёдоров и другие.")
    texts = {span.text for span in doc.spans["mentions"] if span.label_ == "PER"}
    assert "Джоэл Саймон" in texts
    assert not any("(" in text or "," in text for text in texts)


# sentence | mention | label it must get
LABELS = """
Решение поддержали в ЕС.                  | ЕС          | ORG
Представители Евросоюза приехали.         | Евросоюза   | ORG
Об этом заявили в Кремле.                 | Кремле      | ORG
Экипаж вернулся с МКС.                    | МКС         | LOC
Он прилетел из Эфиопии.                   | Эфиопии     | LOC
"""


@pytest.mark.parametrize(("sentence", "mention", "label"), read_table(LABELS))
def test_known_names_get_their_label(nlp, sentence: str, mention: str, label: str) -> None:
    doc = nlp(sentence)
    found = {(span.text, span.label_) for span in doc.spans["mentions"]}
    assert (mention, label) in found, found
