"""``mention_cleanup`` on people NER glued together or cut apart, with the real models: the
exact person mentions of each text (in order), and the rule ``explain`` names for the one
the row is about."""

from __future__ import annotations

import pytest

from conftest import read_table

# text | the person mentions, in order | the mention the rule made | the rule
ROWS = """
Фердинанд Маркос правил долго. Корасон Акино выступила. После свержения Маркоса Акино стала президентом Филиппин. | Фердинанд Маркос; Корасон Акино; Маркоса; Акино | Акино | glued_people
Президент назначил Тома Донилона советником. Брат Т.Донилона Майкл работает советником этого политика. | Тома Донилона; Т.Донилона; Майкл | Майкл | glued_people
Звездой стал Джеймс Гандольфини. Тони Сопрано стал легендой. В роли Тони Сопрано Гандольфини удалось создать образ гангстера. | Джеймс Гандольфини; Тони Сопрано; Тони Сопрано; Гандольфини | Гандольфини | glued_people
Боливия готова предоставить убежище\\n\\n Эво Моралес Эдвард Сноуден \\n\\nПрезидент Боливии Эво Моралес предложил убежище Эдварду Сноудену. | Эво Моралес; Эдвард Сноуден; Эво Моралес; Эдварду Сноудену | Эдвард Сноуден | glued_people
Александр Горлов пришел. Горлов Александр сказал, что уходит. | Александр Горлов; Горлов Александр | - | -
Родился Аарон Александр. Она дочь предпринимателя Александра Жукова. Дарья Жукова пришла. | Аарон Александр; Александра Жукова; Дарья Жукова | - | -
Дмитрий Анатольевич Аленичев — советский футболист. Дмитрий Анатольевич ушел. | Дмитрий Анатольевич Аленичев; Дмитрий Анатольевич | - | -
«Вентворт Миллер — молодец. Браво», — заявил актер, продюсер и директор Нейл Патрик Харрис, известный своими ролями в сериалах. | Вентворт Миллер; Нейл Патрик Харрис | Нейл Патрик Харрис | joined_name
Соболезнования выразили близким Виктора Тихонова, в частности, внучке Тихоновой Татьяне Васильевне. | Виктора Тихонова; Тихоновой Татьяне Васильевне | Тихоновой Татьяне Васильевне | joined_reversed_name
# NER's own «Ленкома» (a theatre) is a person here: the row is that it stays apart
На 53-м году жизни скончался артист Ленкома Павел Смеян. | Ленкома; Павел Смеян | - | -
"""


@pytest.mark.parametrize("row", read_table(ROWS), ids=lambda row: row[1])
def test_people_glued_or_cut_apart(extractor, row: list[str]) -> None:
    text, people, made, rule = row
    explanation = extractor.explain(text.replace("\\n", "\n"))
    found = [m for m in explanation.mentions if m["label"] == "PER"]
    assert [m["text"] for m in found] == people.split("; ")
    if made != "-":
        mention = next(m for m in found if m["text"] == made)
        assert ("mention_cleanup", rule) in {(e["component"], e["rule"])
                                             for e in mention["history"]}


def test_a_paragraphs_first_name_joins_the_patronymic_after_it(extractor) -> None:
    """NER began «Айдар Наилевич Губайдулин» at the patronymic after «ему предъявили
    обвинение»: the first name before it, in the same case, is taken in."""
    text = ("15 октября ему предъявили новое обвинение по части 1 статьи 318 УК РФ.\n\n"
            "Айдар Наилевич Губайдулин родился 10 сентября 1993 года в Уфе.")
    explanation = extractor.explain(text)
    found = [m for m in explanation.mentions if m["label"] == "PER"]
    assert [m["text"] for m in found] == ["Айдар Наилевич Губайдулин"]
