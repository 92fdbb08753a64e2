"""The ``entity_normalizer`` component's rules (``NORMAL_RULES``, their ``WORD_RULES`` and the
``FINISHING_RULES``, in order), one golden row each on the real pipeline: the sentence's exact
mention set with normal forms, and ``explain`` naming the rule for the mention (as the
``marked`` event's rule, or in its detail for word and finishing rules)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nlp_extract.pipeline.normalizer import FINISHING_RULES, NORMAL_RULES, WORD_RULES

from conftest import mention_set, read_table

# rule | sentence | the mention the rule named | every mention of the sentence,
# «LABEL text = normal» joined by «; »
GOLDEN = """
shared_head_name       | Лидеры Северной и Южной Кореи встретились.                    | Северной                                  | LOC Северной = Северная Корея; LOC Южной Кореи = Южная Корея
known_organisation     | Он дал интервью Русской службе «Голоса Америки».              | службе «Голоса Америки»                   | ORG Русской службе «Голоса Америки» = Русская служба Голоса Америки; ORG службе «Голоса Америки» = Голос Америки
quoted_name_as_written | Об этом сообщила радиостанция «Маяк».                         | радиостанция «Маяк»                       | ORG радиостанция «Маяк» = Маяк
listed_body_as_written | Соглашение рассмотрит Олий Мажлис в апреле.                   | Олий Мажлис                               | ORG Олий Мажлис = Олий Мажлис
shared_surname_name    | Владельцы фирмы — отец и сын Антониу и Фелипе Карвалью.      | Антониу                                   | PER Антониу = Антониу Карвалью; PER Фелипе Карвалью = Фелипе Карвалью
shared_surname_partner_name | Дети Анны Политковской Вера и Илья Политковские обратились в суд. | Илья Политковские              | PER Анны Политковской = Анна Политковская; PER Вера = Вера Политковская; PER Илья Политковские = Илья Политковский
person_nominative      | Встреча с Мехрибан Алиевой прошла в Баку.                     | Мехрибан Алиевой                          | PER Мехрибан Алиевой = Мехрибан Алиева; LOC Баку = Баку
person_named_body      | Омский «Авангард» разгромил «Салават Юлаев» со счётом 5:1.    | Салават Юлаев                             | ORG Омский «Авангард» = Омский Авангард; LOC Омский = Омская область; ORG Авангард = Авангард; ORG Салават Юлаев = Салават Юлаев
settlement_adjective   | Дорогу в селе Михайловском отремонтировали.                  | селе Михайловском                         | LOC селе Михайловском = Михайловское
head_group_nominative  | Его наградили в Государственной думе Российской Федерации.    | Государственной думе Российской Федерации | ORG Государственной думе Российской Федерации = Государственная дума Российской Федерации; LOC Российской Федерации = Российская Федерация
quoted_word_kept       | Он дал интервью Русской службе «Голоса Америки».              | Русской службе «Голоса Америки»           | ORG Русской службе «Голоса Америки» = Русская служба Голоса Америки; ORG службе «Голоса Америки» = Голос Америки
unknown_masculine_genitive | По мнению аналитика «Финама» Игоря Мельникова, ставка снизится. | Финама                      | ORG Финама = Финам; PER Игоря Мельникова = Игорь Мельников
head_nominative        | Солисты Большого, Мариинского театров выступили вместе.       | Мариинского театров                       | ORG Большого = Большой театр; ORG Мариинского театров = Мариинский театр
feminine_before_abbreviation | Главный врач Аргаяшской ЦРБ Рустам Галиуллин отметил рост. | Аргаяшской ЦРБ                      | ORG Аргаяшской ЦРБ = Аргаяшская ЦРБ; PER Рустам Галиуллин = Рустам Галиуллин
agreeing_before_head   | Похороны состоятся на Новодевичьем кладбище.                  | Новодевичьем кладбище                     | LOC Новодевичьем кладбище = Новодевичье кладбище
apposition_after_head  | Астрономы работают с Космическим телескопом Хабблом.          | Космическим телескопом Хабблом            | ORG Космическим телескопом Хабблом = Космический телескоп Хаббл
street_adjective       | Когда на улице Сиреневой начался пожар, жильцы вышли.         | улице Сиреневой                           | LOC улице Сиреневой = улица Сиреневая
headless_nominative    | Худрук Большого завершил работу.                              | Большого                                  | ORG Большого = Большой
dependent_kept         | Он выступил перед студентами в МГУ имени Ломоносова.          | МГУ имени Ломоносова                      | ORG МГУ имени Ломоносова = МГУ имени Ломоносова
quotes_stripped        | Об этом сообщило агентство РИА «Новости».                     | агентство РИА «Новости»                   | ORG агентство РИА «Новости» = РИА Новости
lexicon_short_name     | Закон одобрили в Совфеде, в Совфеде РФ его поддержали.        | Совфеде РФ                                | ORG Совфеде = Совфед; ORG Совфеде РФ = Совфед РФ; LOC РФ = РФ
sentence_capital_lowered | Полиция оповестила служащих об эвакуации.                   | Полиция                                   | ORG Полиция = полиция
closing_initial_dot    | Погиб её сын Владимир К. Четыре человека доставлены в больницу. | Владимир К                          | PER Владимир К = Владимир К.
"""

RULES = [*NORMAL_RULES, *WORD_RULES, *FINISHING_RULES]
MENTION_RULES = {rule.__name__ for rule in NORMAL_RULES}


def _normalizer_events(mention: dict) -> list[tuple[str, str, str]]:
    return [(event["action"], event["rule"], event["detail"]) for event in mention["history"]
            if event["component"] == "entity_normalizer"]


def test_every_rule_has_a_golden_row() -> None:
    assert [rule.__name__ for rule in NORMAL_RULES] == [
        "shared_head_name", "known_organisation", "quoted_name_as_written",
        "listed_body_as_written", "shared_surname_name", "shared_surname_partner_name", "person_nominative",
        "person_named_body", "settlement_adjective", "head_group_nominative"]
    assert [rule.__name__ for rule in WORD_RULES] == [
        "quoted_word_kept", "unknown_masculine_genitive", "head_nominative",
        "feminine_before_abbreviation", "agreeing_before_head", "apposition_after_head",
        "street_adjective", "headless_nominative", "dependent_kept"]
    assert [rule.__name__ for rule in FINISHING_RULES] == [
        "quotes_stripped", "lexicon_short_name", "sentence_capital_lowered",
        "closing_initial_dot"]
    assert [row[0] for row in read_table(GOLDEN)] == [rule.__name__ for rule in RULES]


@pytest.mark.parametrize(("rule", "sentence", "named", "expected"), read_table(GOLDEN),
                         ids=[row[0] for row in read_table(GOLDEN)])
def test_golden(extractor, rule: str, sentence: str, named: str, expected: str) -> None:
    doc = extractor.nlp(sentence)
    assert {(span.label_, span.text, span._.normal)
            for span in doc.spans["mentions"]} == mention_set(expected)
    explanation = extractor.explain(sentence)
    # tracing changes no name
    assert {(m["label"], m["text"], m["normal"]) for m in explanation.mentions} == \
        mention_set(expected)
    mention = next(m for m in explanation.mentions if m["text"] == named)
    [(action, answered, detail)] = _normalizer_events(mention)
    assert action == "marked"
    if rule in MENTION_RULES:
        assert answered == rule
    else:  # a word or finishing rule, named in the detail of the rule that answered
        assert answered in ("head_group_nominative", "person_nominative") and \
            rule in detail.split(", ")


def test_each_mention_is_marked_once_with_the_rules_in_order(extractor) -> None:
    """The word rules in the order they first answered, then the finishing rules."""
    explanation = extractor.explain("Он дал интервью Русской службе «Голоса Америки».")
    mention = next(m for m in explanation.mentions
                   if m["text"] == "Русской службе «Голоса Америки»")
    assert _normalizer_events(mention) == [(
        "marked", "head_group_nominative",
        "agreeing_before_head, head_nominative, quoted_word_kept, quotes_stripped")]


def test_explain_command_names_the_normal_form_rules(tmp_path: Path) -> None:
    """The installed command, as a user runs it, names the rules that gave each normal form."""
    script = Path(sys.executable).with_name("nlp-extract")
    text = ("Его наградили в Государственной думе Российской Федерации. Полиция встретилась с "
            "Мехрибан Алиевой. Об этом сообщила радиостанция «Маяк».")
    result = subprocess.run([str(script), "explain", text], capture_output=True, text=True,
                            cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    output = result.stdout
    assert "→ Государственная дума Российской Федерации" in output
    assert "marked     entity_normalizer.head_group_nominative (agreeing_before_head, " \
        "head_nominative, dependent_kept)" in output
    assert "entity_normalizer.head_group_nominative (head_nominative, " \
        "sentence_capital_lowered)" in output
    assert "→ Мехрибан Алиева" in output and "entity_normalizer.person_nominative" in output
    assert "entity_normalizer.quoted_name_as_written" in output


def test_person_morph_rules_in_order() -> None:
    """``person_names.PERSON_MORPH_RULES``: their golden rows are the person rows of
    ``tests/test_entities.py``'s NORMAL_FORMS table («Хельга Филиппова», «Дариги
    Назарбаевой», «Юлия Цезаря», «Жоржу Мельесу», «Далером Бобиевым», «Джином Сискелом»,
    «Жозепом Боррелем», «по
    Б. Д. Эльконину», «Как сообщила И.А. Иванова», «Кая Каллас не скрывала», «Валерия Лайк»,
    «Тимы Белорусских», «Отца и сына Кравцовых», «кинорежиссёра Арно Деплешена»)."""
    from nlp_extract.pipeline.person_names import PERSON_MORPH_RULES

    assert [rule.__name__ for rule in PERSON_MORPH_RULES] == [
        "singular_surname", "family_surname", "woman_named_in_nominative",
        "woman_surname_in_oblique", "man_surname_in_oblique", "surname_in_first_name_case",
        "possessive_surname_in_dative", "instrumental_surname", "masculine_instrumental_surname", "instrumental_words",
        "initialled_surname_in_u", "initialled_woman_by_her_verb", "woman_by_her_verb_after",
        "undeclined_consonant_surname", "surname_in_role_case"]


@pytest.mark.parametrize(("tagged", "head", "expected"), [
    ("Case=Loc|Gender=Masc|Number=Sing", "Case=Loc|Gender=Neut|Number=Sing", "Алтайское"),
    ("Case=Loc|Gender=Neut|Number=Sing", "Case=Loc|Gender=Neut|Number=Sing", "Алтайское"),
    # the accusative tells the genders apart: the tagger's gender stands
    ("Case=Acc|Gender=Masc|Number=Sing", "Case=Acc|Gender=Neut|Number=Sing", "Алтайский"),
])
def test_an_oblique_adjective_takes_the_gender_of_its_noun(tagged: str, head: str,
                                                           expected: str) -> None:
    """Masculine and neuter adjectives share their form in the genitive, dative, instrumental
    and locative, so the tagger's gender there is a guess; the noun's, which the dictionary
    confirms, names the adjective («Алтайском … собрании» → Алтайское)."""
    import spacy
    from spacy.tokens import Doc

    from nlp_extract.pipeline.normalizer import _inflect

    doc = Doc(spacy.blank("ru").vocab, words=["Алтайском", "собрании"], pos=["ADJ", "NOUN"],
              morphs=[tagged, head])
    assert _inflect(doc[0], doc[1]) == expected


def test_a_head_the_dictionary_genders_otherwise_keeps_the_adjective(nlp) -> None:
    """«Хурал» is masculine by the dictionary whatever the tagger says: «Народного Хурала»
    stays «Народный Хурал»."""
    doc = nlp("Заседание прошло в Народном Хурале Бурятии.")
    assert [span._.normal for span in doc.spans["mentions"] if span.label_ == "ORG"] == \
        ["Народный Хурал Бурятии"]


@pytest.mark.parametrize(("first", "surname", "tagged", "expected"), [
    # the tagger read the surname of «Ее дочь Алсу Исмагилова учится …» as a genitive
    ("Алсу", "Исмагилова", "Case=Gen|Gender=Fem", ["Алсу", "Исмагилова"]),
    ("Хельга", "Филиппова", "Case=Gen|Gender=Masc", ["Хельга", "Филиппова"]),
])
def test_a_womans_first_name_keeps_her_surname_in_the_nominative(
        first: str, surname: str, tagged: str, expected: list[str]) -> None:
    """``woman_named_in_nominative``: a first name the dictionary knows only as a woman's, in
    the nominative or one that does not decline («Алсу»), beside a surname in a woman's
    nominative form, is her name as written, whatever case the tagger gave the surname."""
    import spacy
    from spacy.tokens import Doc

    from nlp_extract.pipeline.person_names import normalize_person

    doc = Doc(spacy.blank("ru").vocab, words=[first, surname], pos=["PROPN", "PROPN"],
              morphs=["Animacy=Anim|Case=Nom|Gender=Fem|Number=Sing",
                      f"Animacy=Anim|{tagged}|Number=Sing"])
    assert normalize_person(list(doc)) == expected
