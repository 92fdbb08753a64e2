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
Депутат муниципального собрания района Отрадное выступил.                            | муниципального собрания района Отрадное                 | муниципальное собрание района Отрадное
Дело возбудил Следственный комитет при прокуратуре РФ.                               | Следственный комитет при прокуратуре РФ                 | Следственный комитет при прокуратуре РФ
Доклад представлен комитетом ООН против пыток в Женеве.                              | комитетом ООН против пыток                              | комитет ООН против пыток
Ноту вручили в российском посольстве в Токио вчера.                                  | российском посольстве в Токио                           | российское посольство в Токио
Это решение поддержала администрация президента Обамы.                               | администрация президента Обамы                          | администрация президента Обамы
Законопроект внесли в Палату представителей 112 созыва.                              | Палату представителей 112 созыва                        | Палата представителей 112 созыва
Руководство радикального движения «Талибан» заявило о победе.                        | Руководство радикального движения «Талибан»             | руководство радикального движения Талибан
Руководство радикального движения «Талибан» заявило о победе.                        | радикального движения «Талибан»                         | Талибан
Об этом сообщает РИА «Новости».                                                      | РИА «Новости»                                           | РИА Новости
Об этом сообщает РИА «Новости».                                                      | Новости                                                 | Новости
В акции участвовало Движение в защиту Химкинского леса.                              | Движение в защиту Химкинского леса                      | Движение в защиту Химкинского леса
Об этом сообщил Координационный совет пострадавших соинвесторов.                     | Координационный совет пострадавших соинвесторов         | Координационный совет пострадавших соинвесторов
В концерте участвовали солисты Большого, Мариинского театров.                        | Мариинского театров                                     | Мариинский театр
Выступил член Экспертно-консультативного общественного совета.                       | Экспертно-консультативного общественного совета         | Экспертно-консультативный общественный совет
Газета «Ведомости» сообщила о сделке.                                                | Газета «Ведомости»                                      | Ведомости
Об этом сообщил независимый еженедельник «Пермский обозреватель».                    | независимый еженедельник «Пермский обозреватель»        | Пермский обозреватель
Картина продана на торгах аукционного дома Christie’s.                               | аукционного дома Christie’s                             | Christie’s
Книгу можно купить в книжном магазине «Библио-Глобус».                               | книжном магазине «Библио-Глобус»                        | Библио-Глобус
Иск рассмотрел суд Партизанского района города Минска.                               | суд Партизанского района города Минска                  | суд Партизанского района города Минска
Совет при президенте по развитию гражданского общества и правам человека выступил.   | Совет при президенте по развитию гражданского общества и правам человека | Совет при президенте по развитию гражданского общества и правам человека
Заседание комитета по бюджету и налогам прошло вчера.                                | комитета по бюджету и налогам                           | комитет по бюджету и налогам
На заседании Совета при Президенте РФ по развитию информационного общества выступили. | Совета при Президенте РФ по развитию информационного общества | Совет при Президенте РФ по развитию информационного общества
Он возглавляет комиссию по борьбе с коррупцией.                                      | комиссию по борьбе с коррупцией                         | комиссия по борьбе с коррупцией
Сообщил начальник управления связей с общественностью Вооруженных сил Украины.       | управления связей с общественностью Вооруженных сил Украины | управление связей с общественностью Вооруженных сил Украины
Комитет по борьбе с незаконным оборотом наркотиков заседал.                          | Комитет по борьбе с незаконным оборотом наркотиков      | Комитет по борьбе с незаконным оборотом наркотиков
"""


# sentence | ORG mention as written: the tail stops before what is not part of the name
TAIL_ENDS = """
Выставка прошла при поддержке правительства Москвы.                                  | правительства Москвы
Сообщил заместитель главы вооружённых сил генерал-лейтенанта Аксары Кердпола.        | вооружённых сил
В зале Конституционного суда здания Сената прошло заседание.                         | Конституционного суда
Суд удовлетворил иск Роскомнадзора по блокировке LinkedIn в ноябре.                  | Роскомнадзора
Заявление Роскомнадзору информации не поступало.                                     | Роскомнадзору
Росгвардия по Москве сообщила о задержании.                                          | Росгвардия по Москве
Аншлаг принадлежал матчу сборной России против Саудовской Аравии.                   | сборной России
Правительство гражданского демократа Нечаса с оглушительным скандалом пало.          | Правительство
Это следует из подготовленного министерством проекта изменений в правила.            | министерством
Подписанного администрацией района договора в деле нет.                              | администрацией района
Утверждённый правительством Свердловской области план принят.                        | правительством Свердловской области
"""


@pytest.mark.parametrize(("sentence", "mention"), read_table(TAIL_ENDS))
def test_body_tail_ends(nlp, sentence: str, mention: str) -> None:
    doc = nlp(sentence)
    orgs = [span.text for span in doc.spans["mentions"] if span.label_ == "ORG"]
    assert mention in orgs and not any(mention in org and org != mention for org in orgs), orgs


@pytest.mark.parametrize(("sentence", "mention", "normal"), read_table(BODIES))
def test_public_body(nlp, sentence: str, mention: str, normal: str) -> None:
    doc = nlp(sentence)
    found = {(span.text, span.label_, span._.normal) for span in doc.spans["mentions"]}
    assert (mention, "ORG", normal) in found, found


# sentence | ORG mention | descriptive: named only by what it is and where (no proper name)
DESCRIPTIVE = """
Правительство Китая объявило эти инструкции секретными.                  | Правительство Китая                               | yes
В апреле власти Мальты и Италии не могли договориться.                   | власти Мальты и Италии                            | yes
Японское правительство решило не отступать.                              | Японское правительство                            | yes
Эксперты призывают руководство Грузии отменить чрезвычайное положение.   | руководство Грузии                                | yes
Заседание провело министерство финансов России.                          | министерство финансов России                      | no
Прокуратура Свердловской области начала проверку.                        | Прокуратура Свердловской области                  | yes
Проект реализуется министерством социальной политики региона.            | министерством социальной политики региона         | no
В мэрии Москвы прошло совещание с руководством Газпрома.                  | мэрии Москвы                                      | yes
Решение принял Верховный суд России.                                     | Верховный суд России                              | no
"""


@pytest.mark.parametrize(("sentence", "mention", "descriptive"), read_table(DESCRIPTIVE))
def test_descriptive_bodies_are_marked(nlp, sentence: str, mention: str, descriptive: str
                                       ) -> None:
    doc = nlp(sentence)
    found = {span.text: span._.descriptive for span in doc.spans["mentions"]
             if span.label_ == "ORG"}
    assert found.get(mention) is (descriptive == "yes"), found


def test_core_of_a_quoted_name_stops_before_the_quote(nlp) -> None:
    text = "Сопредседатель отделения движения «Солидарность» Михаил Вельмакин выступил."
    doc = nlp(text)
    cores = [text[slice(*span._.core)] for span in doc.spans["mentions"] if span._.core]
    assert cores == ["Солидарность"], cores


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


def test_no_mention_crosses_a_sentence(nlp) -> None:
    """NER's «Фонтанка.ru. Фонтанка.ру» is two mentions, one per sentence; initials that
    razdel may cut as a sentence stay with their surname."""
    doc = nlp("Об этом пишет Фонтанка.ru. Фонтанка.ру сообщает. Президент В. В. Путин прибыл.")
    assert {(span.text, span.label_) for span in doc.spans["mentions"]} == {
        ("Фонтанка.ru", "ORG"), ("Фонтанка.ру", "ORG"), ("В. В. Путин", "PER")}


# sentence | mention | label it must get
LABELS = """
Решение поддержали в ЕС.                  | ЕС          | ORG
Представители Евросоюза приехали.         | Евросоюза   | ORG
Об этом заявили в Кремле.                 | Кремле      | ORG
Экипаж вернулся с МКС.                    | МКС         | LOC
Он прилетел из Эфиопии.                   | Эфиопии     | LOC
Он дал интервью Голосу Америки.           | Голосу Америки | ORG
"""


def test_listed_names_need_a_capital(nlp) -> None:
    doc = nlp("Он купил белый дом на холме, а новая газета вышла вчера.")
    assert not [span for span in doc.spans["mentions"] if span.label_ == "ORG"]


@pytest.mark.parametrize(("sentence", "mention", "label"), read_table(LABELS))
def test_known_names_get_their_label(nlp, sentence: str, mention: str, label: str) -> None:
    doc = nlp(sentence)
    found = {(span.text, span.label_) for span in doc.spans["mentions"]}
    assert (mention, label) in found, found


def test_common_words_alone_are_no_organisation(nlp) -> None:
    """NER's «Почта» opening a sentence names nothing; «Почта России» does."""
    assert not list(nlp("Почта, которая объединит в себе всё.").spans["mentions"])
    doc = nlp("Почта России повысила тарифы.")
    assert ("Почта России", "ORG") in {(span.text, span.label_) for span in doc.spans["mentions"]}


def test_craft_names_are_no_organisations(nlp) -> None:
    """«шаттл «Дискавери»» names a craft, in that sentence and the next; «лайнер «Аэрофлота»»
    names the owner, an organisation."""
    doc = nlp("Шаттл «Дискавери» завершил полёт. «Дискавери» приземлился во Флориде.")
    assert [(span.text, span.label_) for span in doc.spans["mentions"]] == [("Флориде", "LOC")]
    doc = nlp("Лайнер «Аэрофлота» сел в Москве.")
    assert ("Аэрофлота", "ORG") in {(span.text, span.label_) for span in doc.spans["mentions"]}


def test_a_station_named_after_its_type_word_is_no_organisation(nlp) -> None:
    """«станции «Мир»», «станции «Водный стадион»»: a station (``vehicles``), not a body;
    «станции скорой помощи» names no station."""
    doc = nlp("Астронавт работал на борту станции «Мир». Встреча прошла у станции «Водный "
              "стадион».")
    assert not [span for span in doc.spans["mentions"] if span.label_ == "ORG"]
    assert sorted(doc.user_data["nlp_extract.crafts"]) == [["водный", "стадион"], ["мир"]]


def test_craft_names_ner_missed_after_the_type_word_are_not_found_again(nlp) -> None:
    """NER marks only a later «Дискавери»: the name after «шаттле» still makes it a craft, and
    ``article_names`` does not find it again there."""
    doc = nlp("Астронавт полетит на шаттле «Дискавери» в мае. Старт «Дискавери» перенесли.")
    assert not [span for span in doc.spans["mentions"] if span.label_ == "ORG"]
    assert ["дискавери"] in doc.user_data["nlp_extract.crafts"]


def test_craft_names_listed_after_the_first(nlp) -> None:
    """«шаттлы «Индевор» (в конце апреля) и «Атлантис»»: every listed name is a craft, an aside
    between them or not; «самолёты «Аэрофлота» и «S7»» name owners (genitive), kept."""
    doc = nlp("В космос отправятся шаттлы «Индевор» (в конце апреля) и «Атлантис». "
              "Старт «Атлантиса» перенесли.")
    assert not [span for span in doc.spans["mentions"] if span.label_ == "ORG"]
    assert sorted(doc.user_data["nlp_extract.crafts"]) == [["атлантис"], ["индевор"]]
    doc = nlp("Самолёты «Аэрофлота» и «S7» задерживаются.")
    assert {"Аэрофлота", "S7"} <= {span.text for span in doc.spans["mentions"]}


def test_a_place_name_heads_no_body_whatever_follows(nlp) -> None:
    """«Федерации» of «Российской Федерации» heads no body, even with a tail after the place
    («… при Организации Объединённых Наций»); the organisation is named in full, its genitive
    words no name in apposition to «Организации»."""
    doc = nlp("Умер постоянный представитель Российской Федерации при Организации Объединённых "
              "Наций.")
    assert [(span.text, span._.normal) for span in doc.spans["mentions"]
            if span.label_ == "ORG"] == [("Организации Объединённых Наций",
                                          "Организация Объединённых Наций")]


def test_territorial_offices_keep_their_territory(nlp) -> None:
    """«по Свердловской области» after a body named by an abbreviation is its territorial
    office; the territory belongs to the first body of «ГУ МВД» and to a press office's tail,
    not to the «МВД» or «МЧС» inside them; «ЕГЭ по математике» names no territory."""
    def orgs(text: str) -> list[str]:
        doc = nlp(text)
        return [span.text for span in doc.spans["mentions"] if span.label_ == "ORG"]

    assert orgs("Он обратился в ГУ МВД по Свердловской области.") == \
        ["ГУ МВД по Свердловской области", "МВД"]
    assert orgs("Об этом сообщили в пресс-службе МЧС по Санкт-Петербургу и Ленобласти.") == \
        ["пресс-службе МЧС по Санкт-Петербургу и Ленобласти", "МЧС"]
    assert orgs("Он сдал ЕГЭ по математике.") == []


def test_award_names_are_no_organisations(nlp) -> None:
    """«премий «Эмми»» names an award, here and later in the article; «наград ФИФА» (no quotes)
    names the giver, kept."""
    doc = nlp("Сериал получил пять премий «Эмми». «Эмми» вручают с 1949 года.")
    assert not [span for span in doc.spans["mentions"] if span.label_ == "ORG"]
    doc = nlp("В Лондоне прошла церемония вручения наград ФИФА. ФИФА назвала лучших.")
    assert [span.text for span in doc.spans["mentions"] if span.label_ == "ORG"] == \
        ["ФИФА", "ФИФА"]


def test_words_that_name_no_entity_are_dropped(nlp) -> None:
    doc = nlp("По сообщениям СМИ, в Тюмени задержано 30 человек.")
    assert [(span.text, span.label_) for span in doc.spans["mentions"]] == [("Тюмени", "LOC")]


def test_a_remit_after_a_named_body_goes_to_the_committee_before_it(nlp) -> None:
    """``remit_of_head_before``: «по …» after a name in the genitive that a head of
    ``remit_heads`` governs is that head's remit: the assembly is named without it; a council
    named on its own keeps its own («Совет при Президенте РФ по развитию …»)."""
    doc = nlp("Вопрос обсудили на заседании комитета Законодательного Собрания края по "
              "экономической политике и собственности.")
    assert {span.text for span in doc.spans["mentions"] if span.label_ == "ORG"} == {
        "комитета Законодательного Собрания края по экономической политике и собственности",
        "Законодательного Собрания края"}
    doc = nlp("Председатель Совета при Президенте РФ по развитию гражданского общества выступил.")
    assert "Совета при Президенте РФ по развитию гражданского общества" in \
        {span.text for span in doc.spans["mentions"] if span.label_ == "ORG"}
