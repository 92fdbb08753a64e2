"""How a person's record is named from its mentions (``EntityGroup.name``): the spelling
most mentions share, the surname as the text writes it in the nominative, and a Latin
spelling that outvotes no Russian form. Golden rows on the real pipeline, then the two naming
rules on hand-written inputs."""

from __future__ import annotations

from collections import Counter

import pytest

from nlp_extract import Extractor
from nlp_extract.pipeline.entity_groups import (
    first_name_in_a_declension,
    first_name_unchanged,
    most_shared_spelling,
    surname_as_written,
    surname_in_a_declension,
)

# article | expected PER records, «name × count» joined by «; »
GOLDEN = [
    # surname_as_written: the normalizer kept «Кандыбы»; «Кандыба» is written
    ("Суд заочно арестовал Андрея Кандыбы. Сам Кандыба отрицает вину.",
     "Андрей Кандыба × 2"),
    ("Премьер встретилась с управляющим Банка Японии Кадзуо Уэдой. Уэда, в свою очередь, "
     "отметил, что регулятор следит за курсом.", "Кадзуо Уэда × 2"),
    # surname_in_a_declension: «Жоао Виейра» read as a man's genitive; «Виейры» shows «-а»
    ("Счёт открыл бразильский полузащитник петербуржцев Жоао Виейра, которому ассистировал "
     "Кирилл Глушаков. Кинтеро и Виейра сегодня были лучшими», — отметил испанец. Для Виейры "
     "игра в Самаре станет сотой в составе клуба.",
     "Жоао Виейра × 3; Кирилл Глушаков × 1; Кинтеро × 1"),
    # first_name_in_a_declension: «Маки» kept as written (the dictionary's poppies)
    ("Мэр Тбилиси Звиад Кварацхелия распорядился перекрыть движение от площади Свободы до "
     "здания парламента. По данным мэрии Тбилиси, с Кварацхелией согласовали маршрут шествия, "
     "однако организаторы от него отступили. МВД Грузии сообщило о задержании 12 человек. "
     "Общественный защитник (омбудсмен) Грузии Мака Джапаридзе потребовала от полиции "
     "объяснений: по словам Маки Джапаридзе, среди задержанных оказались двое журналистов "
     "телекомпании «Рустави 2».", "Звиад Кварацхелия × 2; Мака Джапаридзе × 2"),
    # first_name_unchanged: the Portuguese «Марселу» beside «Соуза» and «Соузой»
    ("Президент Португалии Марселу Ребелу ди Соуза выступил. Премьер встретился с Марселу "
     "Ребелу ди Соузой.", "Марселу Ребелу ди Соуза × 2"),
    # surname_as_written: the patronymic's name took «Небензю» of the decree's wording
    ("Президент назначил замминистра Василия Небензю постпредом. «Назначить Небензю Василия "
     "Алексеевича постпредом», — говорится в указе. Путин освободил Небензю от должности. "
     "Василий Небензя родился в Волгограде.",
     "Василий Алексеевич Небензя × 4; Путин × 1"),
    # nominative_mentions: «Janez Janša» does not make «Янеза Янши» the nominative
    ("Кабинет министров под руководством премьера Янеза Янши (Janez Janša) ушёл в отставку. "
     "Янез Янша заявил, что партия уйдёт в оппозицию. Переговоры с Янезом Янши сорваны.",
     "Янез Янша × 4"),
    # most_shared_spelling: a typo written once does not name the record
    ("Режиссёр Гай Ричи снял фильм. Фильм Гай Ричии вышел весной. Гай Ричи доволен.",
     "Гай Ричи × 3"),
    # two names, not two spellings: the longer stays
    ("Шериф Джо Арпайо помилован. Джозеф Арпайо доволен. Джо Арпайо выступил.",
     "Джозеф Арпайо × 3"),
    # _first_names_in_text: «Нора», «Тара», «Кайли» are common words to the dictionary, first
    # names inside a sentence; a role opening a sentence is not («Президентом Путиным»)
    ("Об этом рассказала писательница Нора Донда. Донда живёт в Аргентине.",
     "Нора Донда × 2"),
    # _first_names_in_text: the tagger read the Georgian «Давит» as «давить»
    ("Секретарь политсовета партии Давит Гелашвили заявил, что результаты выборов подтвердили "
     "наблюдатели ОБСЕ. Гелашвили также упрекнул Чхеидзе.",
     "Давит Гелашвили × 2; Чхеидзе × 1"),
    ("В фильме снялись Тара Сутариа и модель Кайли Дженнер.",
     "Тара Сутариа × 1; Кайли Дженнер × 1"),
    ("Президентом Путиным подписан указ. Путин уехал в Сочи.", "Путин × 2"),
    # _leading_common_word: a particle the dictionary knows as a common word («де», «фон») is
    # part of the name
    ("Генерал де Голль посетил Москву. Де Голль уехал. Ракету создал фон Браун.",
     "де Голль × 2; фон Браун × 1"),
    # _cyrillic_words: two foreign spellings NER took as one mention do not name the record
    ("Лётчица Нилуфар Рахмани получила награду.\nНилуфар Рахмани (نیلوفر رحمانی или "
     "Niloofar Rahmani) родилась в Афганистане в 1992 году. Рахмани служила в ВВС.",
     "Нилуфар Рахмани × 4"),
    # _without_genitive_lookalikes: a caption's «Евгения Медведева», read as the genitive of
    # «Евгений Медведев», shows no man's name the text declines
    ("Евгения Медведева сменила тренера\nЕвгения Медведева\nДвукратная чемпионка мира "
     "Евгения Медведева сменила тренера. Тренер Медведевой доволен.",
     "Евгения Медведева × 4"),
]


@pytest.mark.parametrize(("text", "expected"), GOLDEN, ids=[str(i) for i in range(len(GOLDEN))])
def test_golden(extractor: Extractor, text: str, expected: str) -> None:
    got = "; ".join(f"{e['name']} × {e['count']}" for e in extractor.extract(text).entities
                    if e["label"] == "PER")
    assert got == expected


@pytest.mark.parametrize(("name", "written", "expected"), [
    ("Андрей Кандыбы", {"кандыба"}, "Андрей Кандыба"),
    ("Василий Алексеевич Небензю", {"василий небензя", "небензю"},
     "Василий Алексеевич Небензя"),
    ("Андрей Кандыбы", set(), "Андрей Кандыбы"),  # nothing written: as it was
    ("Андрей Иванов", {"иванова"}, "Андрей Иванов"),  # a nominative ending: no swap
    ("Мария Петрову", {"петрова", "петрову"}, "Мария Петрова"),
    ("Кандыбы", {"кандыба"}, "Кандыбы"),  # a one-word name is left to the merge rules
    ("Пётр Стеклы", {"стекла", "стекля"}, "Пётр Стеклы"),  # two candidates: none
    ("Кадзуо Уэдой", {"уэда"}, "Кадзуо Уэда"),  # the instrumental «-ой» of «-а»
    ("Анна Толстой", {"толстая"}, "Анна Толстой"),  # «-ая» is no «-а» declension
])
def test_surname_as_written(name: str, written: set[str], expected: str) -> None:
    assert surname_as_written(name, written) == expected


@pytest.mark.parametrize(("name", "written", "expected"), [
    ("Жоао Виейр", {"жоао", "виейра", "виейры"}, "Жоао Виейра"),
    ("Фумио Кисид", {"фумио", "кисида", "кисидой"}, "Фумио Кисида"),
    ("Иван Дзюб", {"иван", "дзюба", "дзюбы"}, "Иван Дзюба"),  # not written «Дзюбы» alone
    ("Жоао Виейр", {"жоао", "виейра"}, "Жоао Виейр"),  # «Виейра» alone may be a genitive
    ("Иван Петров", {"иван", "петрова", "петровой"}, "Иван Петров"),  # his wife's forms
    ("Виейр", {"виейра", "виейры"}, "Виейр"),  # a surname alone is the normalizer's
])
def test_surname_in_a_declension(name: str, written: set[str], expected: str) -> None:
    assert surname_in_a_declension(name, frozenset(written)) == expected


@pytest.mark.parametrize(("name", "written", "expected"), [
    ("Марсел Ребелу ди Соуза", ["Марселу Ребелу ди Соуза", "Марселу Ребелу ди Соузой"],
     "Марселу Ребелу ди Соуза"),
    # his genitive beside a surname that does not decline
    ("Евгений Душко", ["Евгения Душко", "Евгений Душко"], "Евгений Душко"),
    # a genitive beside a misspelt surname, a first name and patronymic
    ("Рональд Рейган", ["Рональда Рейганов", "Рональда Рейгана", "Рональд Рейган"],
     "Рональд Рейган"),
    ("Борис Николаевич Ельцин", ["Бориса Николаевича", "Бориса Ельцина",
                                 "Борис Николаевич Ельцин"], "Борис Николаевич Ельцин"),
])
def test_first_name_unchanged(name: str, written: list[str], expected: str) -> None:
    assert first_name_unchanged(name, [words.split() for words in written]) == expected


@pytest.mark.parametrize(("name", "written", "expected"), [
    ("Маки Джапаридзе", {"мака", "маки", "джапаридзе"}, "Мака Джапаридзе"),
    ("Никиты Михалков", {"никита", "никиты", "михалков"}, "Никита Михалков"),
    ("Маки Джапаридзе", {"маки", "джапаридзе"}, "Маки Джапаридзе"),  # no nominative written
    ("Кэндзи Ямада", {"кэндзи", "ямада"}, "Кэндзи Ямада"),  # a name in «-и» that keeps it
])
def test_first_name_in_a_declension(name: str, written: set[str], expected: str) -> None:
    assert first_name_in_a_declension(name, frozenset(written)) == expected


def test_most_shared_spelling() -> None:
    shared = Counter({"гай": 3, "ричи": 2, "ричии": 1, "джо": 2, "джозеф": 1, "арпайо": 3})
    assert most_shared_spelling("Гай Ричии", ["Гай Ричии", "Гай Ричи"], shared) == "Гай Ричи"
    assert most_shared_spelling("Гай Ричи", ["Гай Ричи", "Гай Ричии"], shared) == "Гай Ричи"
    # «Джо» and «Джозеф» are three letters apart: two names, the best one stays
    assert most_shared_spelling("Джозеф Арпайо", ["Джозеф Арпайо", "Джо Арпайо"],
                                shared) == "Джозеф Арпайо"
