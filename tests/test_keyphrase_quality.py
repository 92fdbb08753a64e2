"""Keyphrase quality (issue 14, item 6): stop heads and modifiers from models/, no pieces of
fixed prepositional phrases, whole names, nominative forms. One golden row per rule."""

from __future__ import annotations

import pytest

from nlp_extract.pipeline.keyphrases import (
    RULES_FILE,
    is_nominative,
    keyphrase_rules,
)
from nlp_extract.resources import load_data_file

from conftest import read_table

# rule | text | a keyphrase normal that must appear (- : none) | normals that must not
RULES = """
stop_heads      | Компания получила 60 млн долларов. Ещё 20 млн долларов пришли позже.      | -                        | млн долларов, млн, доллары
stop_heads      | Заблокированы тысячи страниц. Ещё тысячи страниц проверят.                | страницы                 | тысячи страниц
stop_heads      | Встреча пройдёт 24 января. До 24 января решат.                            | -                        | январь
vague_heads     | Лидеры стран Евросоюза встретились. Лидеры стран Евросоюза договорились, а их страны спорят и страны молчат. | лидеры стран Евросоюза | страны
in_fixed_phrase | С помощью шаттлов доставляли грузы. С помощью шаттлов летали астронавты.  | шаттлы                   | помощь шаттлов, помощь
in_fixed_phrase | За счёт средств бюджета построят школы. За счёт средств бюджета отремонтируют дороги. | средства бюджета | счёт средств бюджета
in_fixed_phrase | Согласно данным газеты, рынок вырос. По\xa0данным газеты, рынок растёт.   | -                        | данные газеты
cuts_a_name     | Годовщина убийства Джона Леннона. Убийство Джона Леннона потрясло мир.    | годовщина убийства       | убийство Джона, годовщина убийства Джона
cuts_a_name     | Акции купил Российский фонд DST. Российский фонд DST доволен.             | -                        | Российский фонд
agrees          | Эстония построила трубопровод, имеющий общую протяжённость 2 км.          | общая протяжённость      | имеющий общая протяжённость
is_nominative   | Мышь управляет курсором мышки. Курсором мышки двигают.                    | -                        | курсором мышка
fits_group      | Утекли персональные данные клиентов. Данные клиентов проверят.            | -                        | данные клиенты
wordlike        | Ограничено вещание независимых теле- и радиокомпаний. Вещание независимых теле- и радиокомпаний запретят. | - | вещание независимых теле-
"""


@pytest.mark.parametrize(("rule", "text", "wanted", "unwanted"), read_table(RULES))
def test_keyphrase_rules(nlp, rule: str, text: str, wanted: str, unwanted: str) -> None:
    normals = [item["normal"] for item in nlp(text.replace("\\xa0", "\xa0"))._.keyphrases]
    if wanted != "-":
        assert wanted in normals, (rule, normals)
    for normal in unwanted.split(", "):
        assert normal not in normals, (rule, normals)


def test_every_rule_has_a_golden_row() -> None:
    rules = {row[0] for row in read_table(RULES)}
    assert rules == {"stop_heads", "vague_heads", "in_fixed_phrase", "cuts_a_name", "agrees",
                     "is_nominative", "fits_group", "wordlike"}


def test_whole_person_names(nlp) -> None:
    """A person NER finds is left whole or out: no keyphrase ends inside it."""
    doc = nlp("Премьер-министр Молдавии Влад Филат приехал. По словам премьер-министра "
              "Молдавии Влада Филата, запрет является острой проблемой.")
    normals = [item["normal"] for item in doc._.keyphrases]
    assert not any(normal.endswith("Влад") or normal.endswith("Влада") for normal in normals)


# normal | head position | reads as a nominative phrase
NOMINATIVE = """
грудное вскармливание        | 1 | yes
грудной вскармливание        | 1 | no
курсором мышка               | 0 | no
курсор мышки                 | 0 | yes
часовые пояса                | 1 | yes
часовые пояс                 | 1 | no
органы опеки Кировского района | 0 | yes
"""


@pytest.mark.parametrize(("normal", "head", "expected"), read_table(NOMINATIVE))
def test_is_nominative(normal: str, head: str, expected: str) -> None:
    assert is_nominative(normal, int(head)) is (expected == "yes")


def test_rules_are_data_in_models_with_format_and_version(extractor) -> None:
    data = load_data_file(RULES_FILE, "nlp_extract.keyphrase_rules")
    assert data["version"] == 1
    rules = keyphrase_rules()
    assert {"млн", "тыс", "руб", "др"} <= rules.stop_heads
    assert {"страна", "данные"} <= rules.vague_heads
    assert ("с", "помощью") in rules.fixed_phrases and ("за", "счет") in rules.fixed_phrases
    resources = extractor.extract("Текст.").to_dict()["pipeline"]["resources"]
    assert resources[RULES_FILE]["version"] == "1" and len(resources[RULES_FILE]["sha256"]) == 64
