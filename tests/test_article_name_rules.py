"""The ``article_names`` component's rules (``ARTICLE_NAME_RULES``, in order), one golden row
each on the real pipeline: the article's exact mention set, the mention the rule made or
relabelled, and ``explain`` naming the rule for it (with the action it took)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nlp_extract.pipeline.article_names import ARTICLE_NAME_RULES

from conftest import mention_set, read_table

# rule | article | the mention the rule made, «LABEL text [start:end]» (character offsets) |
# what explain says it did | every mention, «LABEL text = normal» joined by «; »
GOLDEN = """
person_relabelled | Гата Камский вернулся в шахматы. После длительного перерыва играет в супертурнире Гата Камский. | PER Гата Камский [82:94] | relabelled | PER Гата Камский = Гата Камский; PER Гата Камский = Гата Камский
city_named_as_person | Наоми Осака выиграла турнир. Осака обыграла соперницу. Финал прошёл в Осаке. | PER Осака [29:34] | relabelled | PER Наоми Осака = Наоми Осака; PER Осака = Осака; LOC Осаке = Осака
person_word_relabelled | Госдума приняла закон. Между Госдумами разных созывов нет различий. | ORG Госдумами [29:38] | relabelled | ORG Госдума = Госдума; ORG Госдумами = Госдума
missed_surname    | Сальвадор Дали родился в Фигерасе. Дали считается одной из ключевых фигур сюрреализма. | PER Дали [35:39] | created | PER Сальвадор Дали = Сальвадор Дали; LOC Фигерасе = Фигерас; PER Дали = Дали
known_person      | Путин подписал закон о бюджете Свердловской области. | PER Путин [0:5] | created | PER Путин = Путин; LOC Свердловской области = Свердловская область
repeated_name     | Концерн «Фольксваген» построил завод в Калуге. В настоящее время «Фольксваген» имеет 2-3% рынка автомобилей в России. | ORG Фольксваген [66:77] | created | ORG Концерн «Фольксваген» = Фольксваген; LOC Калуге = Калуга; ORG Фольксваген = Фольксваген; LOC России = Россия
lone_surname_as_written | Камила Валиева вышла на лёд. Валиева в прошлом сезоне пропустила чемпионат. | PER Валиева [29:36] | marked | PER Камила Валиева = Камила Валиева; PER Валиева = Валиева
lone_surname_declined | Эксперт ассоциации Карен Казарян считает, что закон ударит прежде всего по малому бизнесу. Казаряну возразила член Общественной палаты Елена Шишкина. | PER Казаряну [91:99] | marked | PER Карен Казарян = Карен Казарян; PER Казаряну = Казарян; ORG Общественной палаты = Общественная палата; PER Елена Шишкина = Елена Шишкина
"""


def test_a_known_surname_in_quotes_or_unknown_stays_unmarked(extractor) -> None:
    """«Фильм «Путин»» names a film, «проспекте Ленина» a street; a surname persons.yaml does
    not list is left to NER."""
    assert not [m for m in extractor.extract("Фильм «Путин» вышел.").to_dict()["mentions"]
                if m["label"] == "PER"]
    street = extractor.extract("Редакции работали на проспекте Ленина.").to_dict()
    assert not [m for m in street["mentions"] if m["label"] == "PER"]  # the street's name
    record = extractor.extract("Встреча Путина и Байдена прошла в Женеве.").to_dict()
    assert [(e["name"], e["key"]) for e in record["entities"] if e["label"] == "PER"] == [
        ("Путин", "per:Владимир Путин"), ("Байден", "per:Джо Байден")]


def test_every_rule_has_a_golden_row() -> None:
    assert [rule.__name__ for rule in ARTICLE_NAME_RULES] == [
        "person_relabelled", "city_named_as_person", "person_word_relabelled",
        "missed_surname", "known_person",
        "repeated_name", "lone_surname_as_written", "lone_surname_declined"]
    assert [row[0] for row in read_table(GOLDEN)] == \
        [rule.__name__ for rule in ARTICLE_NAME_RULES]


@pytest.mark.parametrize(("rule", "text", "made", "action", "expected"), read_table(GOLDEN),
                         ids=[row[0] for row in read_table(GOLDEN)])
def test_golden(extractor, rule: str, text: str, made: str, action: str,
                expected: str) -> None:
    doc = extractor.nlp(text)
    assert {(span.label_, span.text, span._.normal)
            for span in doc.spans["mentions"]} == mention_set(expected)
    explained = {f"{m['label']} {m['text']} [{m['start_char']}:{m['end_char']}]": m
                 for m in extractor.explain(text).mentions}
    assert made in explained, sorted(explained)
    events = [(e["component"], e["rule"], e["action"]) for e in explained[made]["history"]
              if e["component"] != "entity_grouper"]  # merges are marked after the rules
    assert events[-1] == ("article_names", rule, action)
    others = [e for key, m in explained.items() if key != made for e in m["history"]
              if e["component"] == "article_names"]
    assert not others  # the rule made that mention and no other


def test_explain_command_names_the_rule(tmp_path: Path) -> None:
    """The installed command, as a user runs it, names the rule that found the surname."""
    script = Path(sys.executable).with_name("nlp-extract")
    text = "Сальвадор Дали родился в Фигерасе. Дали считается одной из ключевых фигур " \
           "сюрреализма."
    result = subprocess.run([str(script), "explain", text], capture_output=True, text=True,
                            cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    assert "PER «Дали» [35:39] → Дали\n    created    article_names.missed_surname" in \
        result.stdout


def test_a_surname_in_another_form_is_found(extractor) -> None:
    """``missed_surname`` compares stems: «работ Сомова» beside «Константин Сомов» is him."""
    record = extractor.extract("Открылась выставка Константина Сомова. Будут представлены "
                               "более ста работ Сомова.").to_dict()
    assert [(e["name"], e["count"]) for e in record["entities"] if e["label"] == "PER"] == \
        [("Константин Сомов", 2)]


def test_a_body_word_ending_a_persons_name_is_her_surname(extractor) -> None:
    """``person_relabelled``: «Органы» (a body's head to the lexicon) inside «Леи Органы» is
    the surname, not an ORG, though the name's normal form is «Лея Органа»."""
    doc = extractor.nlp("Кэрри Фишер сыграла роль принцессы Леи Органы в фильме.")
    assert {(span.label_, span.text, span._.normal) for span in doc.spans["mentions"]} == {
        ("PER", "Кэрри Фишер", "Кэрри Фишер"), ("PER", "Леи Органы", "Лея Органа"),
        ("PER", "Органы", "Органы")}



def test_a_mans_surname_in_a_soft_sign_declined_alone_is_his(extractor) -> None:
    """``lone_surname_declined`` on a surname in «-ь» the dictionary lacks: «Кобзарю» beside
    «Алексей Кобзарь» is his (a woman's «Кобзарь» does not decline), one record with him."""
    text = ("Суд рассмотрел дело Алексея Николаевича Кобзаря. Алексей Кобзарь вину не признал. "
            "Гособвинитель Ирина Бабич просила назначить Кобзарю девять лет. Его жена Светлана "
            "Кобзарь молчала.")
    doc = extractor.nlp(text)
    assert ("PER", "Кобзарю", "Кобзарь") in {(span.label_, span.text, span._.normal)
                                              for span in doc.spans["mentions"]}
    people = {entity["name"]: entity["count"] for entity in extractor.extract(text).entities
              if entity["label"] == "PER"}
    assert people == {"Алексей Николаевич Кобзарь": 3, "Ирина Бабич": 1, "Светлана Кобзарь": 1}
