"""``Extractor.explain`` and ``nlp-extract explain``: which rule made each mention."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from nlp_extract.cli.app import app

from conftest import read_table

TEXT = ("Сотрудники минприроды региона проверили шаттл «Дискавери». Министерство социальной "
        "политики Свердловской области и партия «Единая Россия» подписали соглашение.")


@pytest.fixture(scope="module")
def explanation(extractor):
    return extractor.explain(TEXT)


def _history(explanation, text: str) -> list[tuple[str, str, str]]:
    mention = next(m for m in explanation.mentions if m["text"] == text)
    return [(e["component"], e["rule"], e["action"]) for e in mention["history"]]


def test_each_mention_has_its_history(explanation) -> None:
    assert _history(explanation, "минприроды региона") == [
        ("public_bodies", "lexicon_body", "created"),
        ("entity_normalizer", "head_group_nominative", "marked")]
    assert _history(explanation, "Министерство социальной политики Свердловской области") == [
        ("slovnet_ner", "slovnet_ner", "created"),
        ("public_bodies", "lexicon_body", "extended"),
        ("entity_normalizer", "head_group_nominative", "marked")]
    assert ("public_bodies", "named_org_descriptor", "extended") in \
        _history(explanation, "партия «Единая Россия»")


def test_tails_name_their_rules(explanation) -> None:
    mention = next(m for m in explanation.mentions
                   if m["text"] == "Министерство социальной политики Свердловской области")
    detail = next(event["detail"] for event in mention["history"]
                  if event["component"] == "public_bodies")
    assert "genitive_noun@политики" in detail and "genitive_mention@Свердловской" in detail


def test_vetoed_candidates_say_by_what(extractor) -> None:
    explanation = extractor.explain("Комиссия приняла решение.")
    assert [(e["text"], e["rule"]) for e in explanation.vetoed] == [
        ("Комиссия", "generic_without_name")]
    assert "vetoed:" in explanation.render()


def test_dropped_mentions_say_by_what(explanation) -> None:
    dropped = {(e["text"], e["component"], e["rule"]) for e in explanation.dropped}
    assert ("Дискавери", "craft_filter", "vehicle_name") in dropped


def test_the_trace_leaves_the_record_alone(extractor) -> None:
    before = extractor.extract(TEXT).to_dict()
    extractor.explain(TEXT)
    after = extractor.extract(TEXT).to_dict()
    assert before["mentions"] == after["mentions"]


def test_explain_command() -> None:
    result = CliRunner().invoke(app, ["explain", "Прокуратура Свердловской области начала "
                                                 "проверку."])
    assert result.exit_code == 0, result.output
    assert "ORG «Прокуратура Свердловской области»" in result.output
    assert "public_bodies.lexicon_body" in result.output
    result = CliRunner().invoke(app, ["explain", "--json", "Прокуратура начала проверку."])
    assert result.exit_code == 0, result.output
    assert set(json.loads(result.output)) == {"text", "mentions", "dropped", "vetoed"}
    result = CliRunner().invoke(app, ["explain", "Пользователи заблокировали доступ."])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "no mentions found"  # not an empty screen


# text | the joined mention | the rule | the piece it took in
JOINED = """
Вдова Марина Филипповна Ходорковская выступила.     | Марина Филипповна Ходорковская | joined_name     | Ходорковская
Приказ подписал Иванов И.И., начальник управления. | Иванов И.И.                    | joined_initials | И.И.
Хабиб Нурмагомедов победил. Отец Хабиба Абдулманап Нурмагомедов плакал. | Абдулманап Нурмагомедов | joined_surnames | Нурмагомедов
Серебро досталось Милане Петровой.                  | Милане Петровой                | first_name_read_as_place | Петровой
"""


@pytest.mark.parametrize(("text", "whole", "rule", "piece"), read_table(JOINED))
def test_a_joined_mention_says_by_what(extractor, text: str, whole: str, rule: str,
                                       piece: str) -> None:
    """NER cut «Ходорковская» from «Марина Филипповна», «И.И.» from «Иванов»:
    mention_cleanup joins them, and explain names the rule for the whole and for the piece it
    took in."""
    explanation = extractor.explain(text)
    people = [m for m in explanation.mentions if m["label"] == "PER"]
    assert whole in [m["text"] for m in people]
    person = next(m for m in people if m["text"] == whole)
    assert ("mention_cleanup", rule) in {(e["component"], e["rule"])
                                         for e in person["history"]}
    assert (piece, "mention_cleanup", rule) in {
        (e["text"], e["component"], e["rule"]) for e in explanation.dropped}


def test_a_merge_says_by_which_rule(extractor) -> None:
    """``entity_grouper`` marks each mention a merge rule joined to another record with the
    rule's name and the record's first mention."""
    explanation = extractor.explain("Государственный совет Кубы собрался на сессию. Госсовет "
                                    "Кубы избрал председателя.")
    joined = next(m for m in explanation.mentions if m["text"] == "Госсовет Кубы")
    marks = {(e["component"], e["rule"], e["detail"]) for e in joined["history"]}
    assert ("entity_grouper", "compound_abbreviations",
            "joins «Государственный совет Кубы»") in marks
    first = next(m for m in explanation.mentions if m["text"] == "Государственный совет Кубы")
    assert all(e["component"] != "entity_grouper" for e in first["history"])


@pytest.mark.parametrize(("text", "rule", "name"), [
    ("Суд заочно арестовал Андрея Кандыбы. Сам Кандыба отрицает вину.",
     "surname_as_written", "Андрей Кандыба"),
    ("Режиссёр Гай Ричи снял фильм. Фильм Гай Ричии вышел весной. Гай Ричи доволен.",
     "most_shared_spelling", "Гай Ричи"),
    ("Об этом рассказала писательница Нора Донда.", "first_names_in_text", "Нора Донда"),
    ("Глава района Петров Иван Сергеевич подписал приказ.", "first_name_first",
     "Иван Сергеевич Петров"),
])
def test_a_record_name_says_which_naming_rule_gave_it(extractor, text: str, rule: str,
                                                      name: str) -> None:
    """``entity_grouper`` marks a record's first mention with the naming rule that changed
    the record's name (``EntityGroup.named_by``); a record named plainly has no such mark."""
    explanation = extractor.explain(text)
    first = next(m for m in explanation.mentions if m["label"] == "PER")
    marks = {(e["component"], e["rule"], e["detail"]) for e in first["history"]}
    assert ("entity_grouper", rule, f"names the record «{name}»") in marks
    plain = extractor.explain("Сергей Иванов приехал. Иванов выступил.")
    assert not any(e["rule"] in ("surname_as_written", "most_shared_spelling",
                                 "first_names_in_text", "first_name_first")
                   for m in plain.mentions for e in m["history"])
