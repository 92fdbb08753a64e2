"""Entities: spans, canonical nominative names and grouping, on real text."""

from __future__ import annotations

import pytest

from conftest import SAMPLES, read_mention_sets, read_table

# mention as written | label | canonical name
NORMAL_FORMS = """
Случай с приёмным мальчиком Далером Бобиевым      | Далером Бобиевым     | PER | Далер Бобиев
Тренер сборной Йоахим Лёв заявил                  | Йоахим Лёв           | PER | Йоахим Лёв
Встреча с Аксарой Кердполом прошла                | Аксарой Кердполом    | PER | Аксара Кердпол
Встреча с Андреем Толстым прошла                  | Андреем Толстым      | PER | Андрей Толстой
Но в Бенрате эту новость встретили                | Бенрате              | LOC | Бенрат
Органы социальной защиты перешли на удалёнку      | Органы социальной защиты | ORG | органы социальной защиты
Государственная Дума приняла закон                | Государственная Дума | ORG | Государственная Дума
Новая газета опубликовала статью                  | Новая газета         | ORG | Новая газета
Эксперты Лаборатории Касперского нашли вирус      | Лаборатории Касперского| ORG | Лаборатория Касперского
Об этом сообщило агентство Интерфакс              | агентство Интерфакс  | ORG | Интерфакс
Японская полиция начала расследование             | Японская полиция     | ORG | японская полиция
Глава ЕБРР выступил в Лондоне                     | ЕБРР                 | ORG | ЕБРР
Он вошёл в жюри «Новой волны-2009»                | Новой волны-2009     | ORG | Новая волна-2009
Губернатор Тюменской области выступил              | Тюменской области    | LOC | Тюменская область
В органах опеки Кировского района Екатеринбурга    | Кировского района    | LOC | Кировский район
Встреча с Анной Ивановой прошла в Москве           | Анной Ивановой       | PER | Анна Иванова
Встреча с Анной Ивановой прошла в Москве           | Москве               | LOC | Москва
Мехрибан Алиева осталась в Баку                    | Мехрибан Алиева      | PER | Мехрибан Алиева
Фильм Никиты Михалкова вышел в прокат              | Никиты Михалкова     | PER | Никита Михалков
Законопроект Ирины Яровой приняли                  | Ирины Яровой         | PER | Ирина Яровая
Статья Елены Лавровой вышла                        | Елены Лавровой       | PER | Елена Лаврова
Цветы передали Наине Иосифовне Ельциной           | Наине Иосифовне Ельциной | PER | Наина Иосифовна Ельцина
Использование Гарри Поттера и Северуса Снегга для победы | Северуса Снегга | PER | Северус Снегг
Президент Академии (изображённый Вольтером в книге) уехал | Вольтером | PER | Вольтер
Эту роль сыграл И́горь Ви́кторович Лелюх            | И́горь Ви́кторович Лелюх | PER | Игорь Викторович Лелюх
Слова Андрея Кандыбы подтвердились                 | Андрея Кандыбы       | PER | Андрей Кандыба
Виталий Кличко победил Дерека Чисору               | Дерека Чисору        | PER | Дерек Чисора
Кличко позвонил Дереку Чисоре                      | Дереку Чисоре        | PER | Дерек Чисора
Письмо направили Джиму Мэттису                     | Джиму Мэттису        | PER | Джим Мэттис
Фильм Хельги Филипповой вышел                      | Хельги Филипповой    | PER | Хельга Филиппова
Мы говорили о Джордже Буше-младшем                 | Джордже Буше-младшем | PER | Джордж Буш-младший
Посол встретился с Джоном Хантсменом-младшим        | Джоном Хантсменом-младшим | PER | Джон Хантсмен-младший
Выставка Дэна Цзивея открылась                      | Дэна Цзивея          | PER | Дэн Цзивей
Дело Андрея Макаровца рассмотрят завтра            | Андрея Макаровца     | PER | Андрей Макаровец
Интервью Франца Кунца вышло                         | Франца Кунца         | PER | Франц Кунц
Отравление Сергея Скрипаля расследуют              | Сергея Скрипаля      | PER | Сергей Скрипаль
Он позвонил Сергею Скрипалю                         | Сергею Скрипалю      | PER | Сергей Скрипаль
Он встретился с Каролем Шретером                    | Каролем Шретером     | PER | Кароль Шретер
Он встретился с Александром Шустеровичем            | Александром Шустеровичем | PER | Александр Шустерович
Картины Кузьмы Петрова-Водкина выставили           | Кузьмы Петрова-Водкина | PER | Кузьма Петров-Водкин
Он встретился с Тимом Бернерсом-Ли                  | Тимом Бернерсом-Ли   | PER | Тим Бернерс-Ли
Книга Дмитрия Мамина-Сибиряка вышла                 | Дмитрия Мамина-Сибиряка | PER | Дмитрий Мамин-Сибиряк
Он снялся с Флоридой Чантурией в фильме             | Флоридой Чантурией   | PER | Флорида Чантурия
Балет Мариуса Петипа шёл весь вечер                 | Мариуса Петипа       | PER | Мариус Петипа
Делегация Соединённых Штатов прибыла в Минск       | Соединённых Штатов   | LOC | Соединённые Штаты
Он выступил в Государственной думе                 | Государственной думе | ORG | Государственная дума
Полпред в Северо-Кавказском федеральном округе     | Северо-Кавказском федеральном округе | LOC | Северо-Кавказский федеральный округ
В список вошли Чили, Коста Рика и Эфиопия          | Коста Рика           | LOC | Коста Рика
В список вошли Эль Сальвадор и Эфиопия             | Эль Сальвадор        | LOC | Эль Сальвадор
Визит министра Японии Сейджи Маехары перенесли     | Сейджи Маехары       | PER | Сейджи Маехара
После ликвидации лидера Аль-Кайды Усамы бин Ладена | Усамы бин Ладена     | PER | Усама бин Ладен
После ликвидации лидера Аль-Кайды Усамы бин Ладена | Аль-Кайды            | ORG | Аль-Каида
"""


def _find(doc, text: str):
    return next(span for span in doc.spans["mentions"] if span.text == text)


@pytest.mark.parametrize(("sentence", "mention", "label", "normal"), read_table(NORMAL_FORMS))
def test_normal_form(nlp, sentence: str, mention: str, label: str, normal: str) -> None:
    span = _find(nlp(sentence + "."), mention)
    assert (span.label_, span._.normal) == (label, normal)


# Each sentence of NORMAL_FORMS with its exact set of mentions (nested ones included):
# sentence | LABEL text = normal; …
EXACT = """
Случай с приёмным мальчиком Далером Бобиевым       | PER Далером Бобиевым = Далер Бобиев
Тренер сборной Йоахим Лёв заявил                   | PER Йоахим Лёв = Йоахим Лёв
Встреча с Аксарой Кердполом прошла                 | PER Аксарой Кердполом = Аксара Кердпол
Встреча с Андреем Толстым прошла                   | PER Андреем Толстым = Андрей Толстой
Но в Бенрате эту новость встретили                 | LOC Бенрате = Бенрат
Органы социальной защиты перешли на удалёнку       | ORG Органы социальной защиты = органы социальной защиты
Государственная Дума приняла закон                 | ORG Государственная Дума = Государственная Дума
Новая газета опубликовала статью                   | ORG Новая газета = Новая газета
Японская полиция начала расследование              | ORG Японская полиция = японская полиция; LOC Японская = Япония
Глава ЕБРР выступил в Лондоне                      | ORG ЕБРР = ЕБРР; LOC Лондоне = Лондон
Он вошёл в жюри «Новой волны-2009»                 | ORG Новой волны-2009 = Новая волна-2009
Губернатор Тюменской области выступил              | LOC Тюменской области = Тюменская область
В органах опеки Кировского района Екатеринбурга    | ORG органах опеки Кировского района Екатеринбурга = органы опеки Кировского района Екатеринбурга; LOC Кировского района = Кировский район; LOC Екатеринбурга = Екатеринбург
Встреча с Анной Ивановой прошла в Москве           | PER Анной Ивановой = Анна Иванова; LOC Москве = Москва
Мехрибан Алиева осталась в Баку                    | PER Мехрибан Алиева = Мехрибан Алиева; LOC Баку = Баку
Фильм Никиты Михалкова вышел в прокат              | PER Никиты Михалкова = Никита Михалков
Цветы передали Наине Иосифовне Ельциной           | PER Наине Иосифовне Ельциной = Наина Иосифовна Ельцина
Делегация Соединённых Штатов прибыла в Минск       | ORG Делегация Соединённых Штатов = Делегация Соединённых Штатов; LOC Соединённых Штатов = Соединённые Штаты; LOC Минск = Минск
Он выступил в Государственной думе                 | ORG Государственной думе = Государственная дума
Полпред в Северо-Кавказском федеральном округе     | LOC Северо-Кавказском федеральном округе = Северо-Кавказский федеральный округ
В список вошли Чили, Коста Рика и Эфиопия          | LOC Чили = Чили; LOC Коста Рика = Коста Рика; LOC Эфиопия = Эфиопия
В список вошли Эль Сальвадор и Эфиопия             | LOC Эль Сальвадор = Эль Сальвадор; LOC Эфиопия = Эфиопия
Визит министра Японии Сейджи Маехары перенесли     | LOC Японии = Япония; PER Сейджи Маехары = Сейджи Маехара
После ликвидации лидера Аль-Кайды Усамы бин Ладена | ORG Аль-Кайды = Аль-Каида; PER Усамы бин Ладена = Усама бин Ладен
Это заявили представители киргизских властей       | ORG киргизских властей = киргизские власти; LOC киргизских = Киргизия
Местные власти промолчали                          | -
Теннисистку уже поздравили её сестра Винус Уильямс | PER Винус Уильямс = Винус Уильямс
Соседи обратились в полицию по поводу шума         | ORG полицию = полиция
Актёр Майкл Джей Фокс страдает болезнью Паркинсона | PER Майкл Джей Фокс = Майкл Джей Фокс
Вдова Марина Филипповна Ходорковская выступила     | PER Марина Филипповна Ходорковская = Марина Филипповна Ходорковская
Приказ подписал Иванов И.И., начальник управления | PER Иванов И.И. = Иванов И.И.
Дочь Барака Обамы Малия приехала                   | PER Барака Обамы = Барак Обама; PER Малия = Малия
Руководство клуба уволило тренера                  | -
Под руководством США коалиция начала операцию      | LOC США = США
Кубинское руководство объявило о реформах          | ORG Кубинское руководство = кубинское руководство; LOC Кубинское = Куба
Мне очень понравилось место и вдохновило на мысль о создании такого перформанса Впоследствии развивая идею я понял | -
"""


@pytest.mark.parametrize(("sentence", "expected"), read_mention_sets(EXACT))
def test_exact_mentions_of_each_sentence(nlp, sentence: str,
                                         expected: set[tuple[str, str, str]]) -> None:
    doc = nlp(sentence + ".")
    assert {(span.label_, span.text, span._.normal)
            for span in doc.spans["mentions"]} == expected


def test_surname_joins_full_name(extractor) -> None:
    text = ("Далер Бобиев приехал в Тюмень. Бобиева встретили в аэропорту. "
            "Позже Бобиев дал интервью.")
    record = extractor.extract(text).to_dict()
    people = [entity for entity in record["entities"] if entity["label"] == "PER"]
    assert [(entity["name"], entity["count"]) for entity in people] == [("Далер Бобиев", 3)]
    ids = {mention["entity"] for mention in record["mentions"] if mention["label"] == "PER"}
    assert ids == {people[0]["id"]}


def test_first_name_and_patronymic_join_full_name(extractor) -> None:
    text = ("Пётр Фёдоров родился в Харькове. Пётр Фёдорович не любил пафос. "
            "Фёдоров много снимался.")
    people = [(e["name"], e["count"]) for e in extractor.extract(text).entities
              if e["label"] == "PER"]
    assert people == [("Пётр Фёдорович Фёдоров", 3)]


def test_a_place_named_like_a_person_of_the_article_is_that_person(extractor) -> None:
    text = "Егор Свиридов погиб в драке. О Свиридове вспоминают друзья. Москва скорбит."
    annotation = extractor.extract(text)
    people = [(e["name"], e["count"]) for e in annotation.entities if e["label"] == "PER"]
    places = [e["name"] for e in annotation.entities if e["label"] == "LOC"]
    assert people == [("Егор Свиридов", 2)] and places == ["Москва"]


def test_surnames_ner_missed_join_their_person(extractor) -> None:
    text = ("Матч между Веселином Топаловым и Ливиу-Дитером Нисипяну начался. "
            "Согласно рейтингу, Топалов сильнее. Нисипяну занимает двадцатое место.")
    people = {e["name"]: e["count"] for e in extractor.extract(text).entities
              if e["label"] == "PER"}
    assert people["Веселин Топалов"] == 2, people
    assert sum(people.values()) >= 3 and len(people) == 2, people


def test_a_name_found_once_is_found_again(nlp) -> None:
    """NER's misses of a name it found elsewhere in the article are filled in, inflected
    forms included; common words opening a sentence are not."""
    from nlp_extract.pipeline.article_names import repeated_names
    from nlp_extract.pipeline.extensions import mentions, set_mentions

    doc = nlp("Компания Vestas закрыла завод. Рабочие Vestas протестуют. Газпром молчит, "
              "а акции Газпрома растут.")
    kept = [span for span in mentions(doc) if span.start_char < 20]  # drop every later one
    set_mentions(doc, kept)
    assert repeated_names(doc)
    found = [(span.text, span.label_, span._.normal) for span in mentions(doc)]
    assert ("Vestas", "ORG", "Vestas") in found[1:], found
    assert not any(text == "Рабочие" for text, _, _ in found)


def test_inflected_variants_are_one_entity(extractor) -> None:
    text = "В Тюменской области продлили режим. Власти Тюменской области и жители Тюменская область."
    names = [(e["name"], e["count"]) for e in extractor.extract(text).entities]
    assert ("Тюменская область", 3) in names


# The seed articles: entity names that must be found (label | name)
SAMPLE_ENTITIES = {
    "000_a5760198d369cf0a": """
        LOC | Екатеринбург
        LOC | Свердловская область
        LOC | Кировский район
        PER | Далер Бобиев
    """,
    "002_0aca802ec92ce916": """
        LOC | Тюмень
        LOC | Тюменская область
    """,
}


@pytest.mark.parametrize("name", sorted(SAMPLE_ENTITIES))
def test_sample_entities(extractor, name: str) -> None:
    text = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")
    found = {(entity["label"], entity["name"]) for entity in extractor.extract(text).entities}
    expected = {tuple(row) for row in read_table(SAMPLE_ENTITIES[name])}
    assert expected <= found, expected - found


# text | the entities as name [aliases] (count)
LINKED = """
Комитет защиты журналистов (КЗЖ) заявил протест. Позже КЗЖ повторил заявление. | ORG Комитет защиты журналистов [КЗЖ] (3)
Об этом сообщил Джоэл Саймон (Joel Simon). Саймон добавил.                      | PER Джоэл Саймон [Joel Simon, Саймон] (3)
Многофункциональный центр (МФЦ) открылся. В МФЦ очереди.                        | ORG Многофункциональный центр [МФЦ] (3)
"""


@pytest.mark.parametrize(("text", "expected"), read_table(LINKED))
def test_abbreviations_and_parentheses_link(extractor, text: str, expected: str) -> None:
    entities = extractor.extract(text).entities
    shown = [f"{e['label']} {e['name']} [{', '.join(e['aliases'])}] ({e['count']})"
             for e in entities]
    assert shown == [expected]


def test_seed_article_places_have_codes_and_derived_mentions(extractor) -> None:
    raw = (SAMPLES / "000_a5760198d369cf0a.txt").read_text(encoding="utf-8")
    record = extractor.extract(raw, structure=True).to_dict()
    places = {e["name"]: e["geo"] for e in record["entities"] if e["label"] == "LOC"}
    assert places["Свердловская область"]["iso"] == "RU-SVE"
    assert places["Екатеринбург"]["kind"] == "city"
    derived = {(m["text"], m["normal"]) for m in record["mentions"] if m["derived"]}
    assert ("свердловской", "Свердловская область") in derived  # «свердловской опеки»
    orgs = {e["name"] for e in record["entities"] if e["label"] == "ORG"}
    assert {"министерство социальной политики региона",
            "департамент информационной политики Свердловской области"} <= orgs
    # the promo line «Сохрани номер URA.RU» is boilerplate: only the body's URA.RU remain
    assert sum(m["text"] == "URA.RU" for m in record["mentions"]) == 3
