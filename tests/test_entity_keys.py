"""Entity keys (``entity_keys``, ``models/bodies.yaml``): golden rows on real model output."""

from __future__ import annotations

import copy

import jsonschema
import pytest

from nlp_extract.corpus.tables import rows
from nlp_extract.errors import BadArgumentError, InternalError
from nlp_extract.pipeline.keys import load_bodies
from nlp_extract.record import record_schema

# text ⇒ entity name ⇒ key  (keys hold «|», so the cells are split on «⇒»)
GOLDEN = """
Сотрудники МВД России задержали подозреваемого. ⇒ МВД России ⇒ org:Министерство внутренних дел|RU
Пентагон объявил о поставках оружия. ⇒ Пентагон ⇒ org:Министерство обороны|US
Представитель SEC заявил об иске. ⇒ SEC ⇒ org:Комиссия по ценным бумагам и биржам|US
Глава ЕЦБ выступил в Брюсселе. ⇒ ЕЦБ ⇒ org:Европейский центральный банк|EU
Кнессет одобрил закон. ⇒ Кнессет ⇒ org:Кнессет|IL
Гутерриш призвал к миру. ⇒ Гутерриш ⇒ per:Антониу Гутерреш
NASA и НАСА — одно ведомство. ⇒ NASA ⇒ org:Национальное управление по аэронавтике и исследованию космического пространства|US
Российское Минобороны сообщило об ударе. ⇒ Российское Минобороны ⇒ org:Министерство обороны|RU
Армия США провела учения. Минобороны заявило, что учения в США продлятся неделю. Вашингтон и США. ⇒ Минобороны ⇒ org:Министерство обороны|US
Министерство обороны Украины сообщило. ⇒ Министерство обороны Украины ⇒ org:Министерство обороны|UA
Израильская армия нанесла удар. ⇒ израильская армия ⇒ org:Вооруженные силы|IL
Представитель ЦАХАЛ заявил об ударе. ⇒ ЦАХАЛ ⇒ org:Вооруженные силы|IL
Армия США провела учения. ⇒ Армия США ⇒ org:Вооруженные силы|US
Бойцы морской пехоты США высадились на берег. ⇒ морская пехота США ⇒ org:Морская пехота|US
Корабль береговой охраны Йемена задержан. ⇒ береговая охрана Йемена ⇒ org:Береговая охрана|YE
Центризбирком Казахстана подвёл итоги выборов. ⇒ Центризбирком Казахстана ⇒ org:Центральная избирательная комиссия|KZ
Казахстанский Центризбирком подвёл итоги. ⇒ Казахстанский Центризбирком ⇒ org:Центральная избирательная комиссия|KZ
ЦИК России подвёл итоги выборов. ⇒ ЦИК России ⇒ org:Центральная избирательная комиссия|RU
Госдума приняла закон. ⇒ Госдума ⇒ org:Государственная дума|RU
Девочка окончила среднюю школу № 1 Махачкалы. ⇒ средняя школа № 1 Махачкалы ⇒ org:средняя школа № 1 махачкалы|city:Махачкала
В Москве закрыли школу № 212. Москва ввела карантин. ⇒ школа № 212 ⇒ org:школа № 212|RU-MOW
В Екатеринбурге пострадавших госпитализировали в городскую больницу № 40. Мэрия Екатеринбурга помогла. ⇒ городская больница № 40 ⇒ org:городская больница № 40|city:Екатеринбург
Выпускники старомайнской средней школы № 1 приехали в Ульяновск. Ульяновск их встретил. ⇒ старомайнская средняя школа № 1 ⇒ org:старомайнская средняя школа № 1|RU-ULY
Школу № 5 закрыли на карантин. ⇒ Школа № 5 ⇒ org:школа № 5|?
Законопроект внесли в профильные комитеты ГД. ⇒ ГД ⇒ org:Государственная дума|RU
Законопроект обсудят в Минкомсвязи. ⇒ Минкомсвязи ⇒ org:Министерство цифрового развития|RU
Помощник руководителя управления Следкома России по Якутии сообщила об этом. ⇒ Следком России ⇒ org:Следственный комитет|RU
В Ростуризме заявили, что туристы вернутся. ⇒ Ростуризм ⇒ org:Федеральное агентство по туризму|RU
Сотрудники ГИБДД Москвы задержали водителя. ⇒ ГИБДД Москвы ⇒ org:Госавтоинспекция|RU-MOW
Законодательное собрание Свердловской области приняло закон. ⇒ Законодательное собрание Свердловской области ⇒ org:Законодательное собрание|RU-SVE
Депутаты Тюменской областной думы приняли закон. ⇒ Тюменская областная дума ⇒ org:Областная дума|RU-TYU
Пермский краевой суд отклонил жалобу. ⇒ Пермский краевой суд ⇒ org:Краевой суд|RU-PER
Тверской суд Москвы оштрафовал его. ⇒ Тверской суд Москвы ⇒ org:тверской суд|RU-MOW
Московский районный суд Санкт-Петербурга вынес решение. ⇒ Московский районный суд Санкт-Петербурга ⇒ org:московский суд|RU-SPE
Московский городской суд оставил приговор в силе. ⇒ Московский городской суд ⇒ org:Московский городской суд|RU-MOW
Мосгорсуд оставил приговор в силе. ⇒ Мосгорсуд ⇒ org:Московский городской суд|RU-MOW
Как сообщил Генштаб ВСУ, атака отражена. ⇒ Генштаб ВСУ ⇒ org:Генеральный штаб|UA
По данным ФАН, сделка закрыта. ⇒ ФАН ⇒ org:федеральное агентство новостей
Губернатор Свердловской области представил коллективу регионального минздрава нового руководителя. В Свердловской области откроют поликлиники. ⇒ региональный минздрав ⇒ org:Министерство здравоохранения|RU-SVE
Выборы прошли в Индии. Депутаты регионального парламента проголосовали. Индия ждёт итогов. ⇒ региональный парламент ⇒ org:региональный парламент|IN
Гранты получат Сколтех и Физтех. ⇒ Физтех ⇒ org:московский физико технический институт
Банк Англии сохранил ставку. ⇒ Банк Англии ⇒ org:Центральный банк|GB
Федеральная торговая комиссия США начала расследование. ⇒ Федеральная торговая комиссия США ⇒ org:Федеральная торговая комиссия|US
Проверку в Пермском крае провела краевая прокуратура. Жители Пермского края ждут итогов. ⇒ краевая прокуратура ⇒ org:прокуратура|RU-PER
Депутаты ЗС приняли закон. Жители Пермского края и Пермского края ждут итогов. ⇒ ЗС ⇒ org:Законодательное собрание|RU-PER
Санкции ввели правительства других стран. ⇒ правительства других стран ⇒ org:правительства других стран|?
Такой законопроект готовят в министерстве культуры. Решение о блокировке примет Роскомнадзор по жалобе на российский фильм. ⇒ министерство культуры ⇒ org:Министерство культуры|RU
Госдеп США и Белый дом ответили. ⇒ Госдеп США ⇒ org:Государственный департамент|US
Госдеп США и Белый дом ответили. ⇒ Белый дом ⇒ org:Администрация президента|US
Правительство Китая и японское правительство заявили. ⇒ Правительство Китая ⇒ org:Правительство|CN
Правительство Китая и японское правительство заявили. ⇒ японское правительство ⇒ org:Правительство|JP
Во Львовской области выпал снег. ⇒ Львовская область ⇒ loc:UA-46
В Гомельской области открыли завод. ⇒ Гомельская область ⇒ loc:BY-HO
Ребёнка передали в Свердловскую область. ⇒ Свердловская область ⇒ loc:RU-SVE
Сотрудники свердловской опеки забрали мальчика. ⇒ Свердловская область ⇒ loc:RU-SVE
Далер Бобиев приехал в Тюмень. Бобиев рассказал о поездке. ⇒ Далер Бобиев ⇒ per:Далер Бобиев
Далер Бобиев приехал в Тюмень. Бобиев рассказал о поездке. ⇒ Тюмень ⇒ loc:city:Тюмень
Виктор Фёдорович Янукович прилетел в Москву. ⇒ Виктор Фёдорович Янукович ⇒ per:Виктор Янукович
По словам Пабло Л. Чавеса, налог заплатят. ⇒ Пабло Л. Чавес ⇒ per:Пабло Чавес
Лидеры Северной и Южной Кореи встретились. ⇒ КНДР ⇒ loc:country:KP
Проверки прошли по Калужской, Ярославской и Нижегородской областям. ⇒ Ярославская область ⇒ loc:RU-YAR
Делегация Соединённых Штатов прибыла в Минск. ⇒ США ⇒ loc:country:US
Министерство сообщило о новых правилах. ⇒ Министерство ⇒ org:министерство
В Екатеринбурге органы опеки забрали ребёнка. Жители Свердловской области возмущены, в Свердловской области прошли пикеты. ⇒ органы опеки ⇒ org:органы опеки|RU-SVE
В Тюмени соцзащита не отвечает. Тюменцы и жители Тюмени жалуются. ⇒ соцзащита ⇒ org:соцзащита|RU-TYU
Соцзащита не отвечает. Тюменцы и жители Тюмени жалуются. Тюмень ждёт. ⇒ Соцзащита ⇒ org:соцзащита
Глава Нижнего Тагила встретился с депутатами гордумы. Жители Нижнего Тагила и Екатеринбурга ждут решения, в Свердловской области тоже. ⇒ гордума ⇒ org:гордума|city:Нижний Тагил
Деньги Башкирии выделило федеральное министерство. Уфа и Башкирия ждут, Уфа тоже. ⇒ федеральное министерство ⇒ org:федеральное министерство|RU
Прокуратура начала проверку. ⇒ прокуратура ⇒ org:прокуратура|?
В Аргентине прошёл чемпионат, его провела международная федерация гребли. Аргентина рада, Аргентина ждёт. ⇒ международная федерация гребли ⇒ org:международная федерация гребли
Министерство социальной политики проверит опеку. Жители Свердловской области и Свердловская область ждут. ⇒ Министерство социальной политики ⇒ org:Министерство социальной политики|RU-SVE
Министерство социальной политики проверит опеку. Россия и Москва ждут, Россия тоже. ⇒ Министерство социальной политики ⇒ org:Министерство социальной политики|?
Министерство социальной политики Украины сообщило о выплатах. ⇒ Министерство социальной политики Украины ⇒ org:Министерство социальной политики|UA
Министерство социальной политики проверит выплаты. Киев и Украина ждут, Украина тоже. ⇒ Министерство социальной политики ⇒ org:Министерство социальной политики|UA
Центробанк молчит. ⇒ Центробанк ⇒ org:Центральный банк|?
Полиция Бельгии задержала подозреваемого. Бельгийская полиция молчит. ⇒ Полиция Бельгии ⇒ org:Полиция|BE
Американские власти отказались. Власти США ввели санкции. ⇒ Власти США ⇒ org:Власти|US
Министерство социальной политики региона проверит опеку. Губернатор Свердловской области и жители Свердловской области ждут. ⇒ Министерство социальной политики региона ⇒ org:Министерство социальной политики|RU-SVE
Министерство социальной политики региона проверит опеку. ⇒ Министерство социальной политики региона ⇒ org:Министерство социальной политики|?
Министерство социальной политики региона проверило приют в Екатеринбурге. Свердловская область получила деньги. ⇒ Министерство социальной политики региона ⇒ org:Министерство социальной политики|RU-SVE
Евросоюз ввёл санкции. ⇒ Евросоюз ⇒ org:Европейский союз|EU
Об этом сообщила газета «Коммерсантъ». ⇒ Коммерсантъ ⇒ org:коммерсант
Об этом сообщает РИА-Новости. ⇒ РИА-Новости ⇒ org:риа новости
Минкультуры России выделило грант. ⇒ Минкультуры России ⇒ org:Министерство культуры|RU
Минкультура предлагает механизм. ⇒ Минкультура ⇒ org:Министерство культуры|?
Об этом сообщает агентство Reuters. ⇒ Reuters ⇒ org:reuters
По данным Рейтер, сделка сорвалась. ⇒ Рейтер ⇒ org:reuters
Глава ФИДЕ Аркадий Дворкович приехал в Казань. ⇒ ФИДЕ ⇒ org:международная шахматная федерация
Деньги из фондов Евросоюза пришли в регион. ⇒ Евросоюз ⇒ org:Европейский союз|EU
Солист Большого театра уехал на гастроли. ⇒ Большой театр ⇒ org:большой театр
Выборы в Словении прошли спокойно. Жители Словении ждут. Парламент страны утвердил премьера. ⇒ парламент страны ⇒ org:Парламент|SI
Правительство страны ушло в отставку. ⇒ правительство страны ⇒ org:Правительство|?
Союз европейских футбольных ассоциаций УЕФА оштрафовал клуб. ⇒ Союз европейских футбольных ассоциаций УЕФА ⇒ org:союз европейских футбольных ассоциаций
Скотланд-Ярд начал расследование. Скотленд-Ярд задержал подозреваемого. ⇒ Скотланд-Ярд ⇒ org:Столичная полиция|GB
Республиканская партия США выдвинула кандидата. ⇒ Республиканская партия США ⇒ org:Республиканская партия|US
Указ подписал В.Путин. ⇒ В.Путин ⇒ per:Владимир Путин
Об этом заявил Махмуд Ахмадинеджад. ⇒ Махмуд Ахмадинеджад ⇒ per:Махмуд Ахмадинежад
Об этом заявила Людмила Путина. ⇒ Людмила Путина ⇒ per:Людмила Путина
Российская армия начала учения. Вооружённые силы России получили технику. ⇒ вооружённые силы России ⇒ org:Вооруженные силы|RU
Европейский центробанк снизил ставку. ЦБ ФРГ поддержал решение. В Германии и Берлине довольны. ⇒ Европейский центробанк ⇒ org:европейский центробанк
Так ответили в оперативном штабе региона. Жители Тюменской области и Тюмени ждут. ⇒ оперативный штаб региона ⇒ org:Оперативный штаб|RU-TYU
Госсовет Кубы собрался. Государственный совет утвердил план. ⇒ Госсовет Кубы ⇒ org:Государственный совет|CU
ВВС США нанесли удар. Американские ВВС сообщили о потерях. ⇒ ВВС США ⇒ org:Военно-воздушные силы|US
Палата представителей Конгресса США проголосовала. ⇒ Палата представителей Конгресса США ⇒ org:Палата представителей|US
Совбез РФ обсудил угрозы. Совет безопасности Российской Федерации заседал. ⇒ Совет безопасности Российской Федерации ⇒ org:Совет безопасности|RU
УМВД России по Тюменской области возбудило дело. ⇒ УМВД России по Тюменской области ⇒ org:умвд|RU-TYU
ГУ МВД России по г. Москве сообщило о задержании. ⇒ ГУ МВД России по г. Москве ⇒ org:гу мвд|RU-MOW
ГУ МВД по городу Москве сообщило о задержании. ⇒ ГУ МВД по городу Москве ⇒ org:гу мвд|RU-MOW
Управление Росреестра по Свердловской области сообщило. ⇒ Управление Росреестра по Свердловской области ⇒ org:управление росреестра|RU-SVE
Следственное управление СК России по Республике Крым возбудило дело. ⇒ Следственное управление СК России по Республике Крым ⇒ org:следственное управление ск|subject:Республика Крым
Администрация г. Калининграда сообщила. Позже администрация Калининграда уточнила. ⇒ администрация г. Калининграда ⇒ org:администрация|city:Калининград
Администрация города Тулы ответила. ⇒ администрация города Тулы ⇒ org:администрация|city:Тула
Вчера прокуратура Кузбасса начала проверку. Прокуратура опросила свидетелей. ⇒ прокуратура Кузбасса ⇒ org:прокуратура|RU-KEM
Прокуратура Кузбасса начала проверку. Прокуратура опросила свидетелей. ⇒ Прокуратура Кузбасса ⇒ org:прокуратура|RU-KEM
Вчера департамент здравоохранения Москвы сообщил о вакцинации. ⇒ департамент здравоохранения Москвы ⇒ org:департамент здравоохранения|RU-MOW
Пресненский суд Москвы арестовал его. ⇒ Пресненский суд Москвы ⇒ org:пресненский суд|RU-MOW
Об этом сообщила пресс-служба Правительства РФ. ⇒ пресс-служба Правительства РФ ⇒ org:пресс служба правительства|RU
Пресс-служба Правительства Свердловской области сообщила. ⇒ Пресс-служба Правительства Свердловской области ⇒ org:пресс служба правительства|RU-SVE
Начальник Генштаба Вооруженных сил РФ выступил. ⇒ Генштаб Вооруженных сил РФ ⇒ org:Генеральный штаб|RU
Парламент Европейского союза проголосовал. ⇒ Парламент Европейского союза ⇒ org:Европейский парламент|EU
Ноту вручили в российском посольстве в Токио. ⇒ российское посольство в Токио ⇒ org:российское посольство в токио
Власти южной Германии молчат. ⇒ власти южной Германии ⇒ org:власти южной германии
Об этом сообщила кремлёвская администрация. ⇒ кремлёвская администрация ⇒ org:Администрация президента|RU
Прокуратура РФ начала проверку. ⇒ Прокуратура РФ ⇒ org:Генеральная прокуратура|RU
Киргизская прокуратура возбудила дело. ⇒ киргизская прокуратура ⇒ org:прокуратура|KG
Отчёт опубликовала Microsoft Corporation. ⇒ Microsoft Corporation ⇒ org:microsoft
Холдинг News Corp купил газету. ⇒ News Corp ⇒ org:news corp
Национальный конгресс Бразилии одобрил импичмент. Конгресс проголосовал в среду. ⇒ Национальный конгресс Бразилии ⇒ org:Конгресс|BR
Конгресс США одобрил закон. Конгресс проголосовал в среду. ⇒ Конгресс США ⇒ org:Конгресс|US
Игроки российской сборной вернулись домой. ⇒ российская сборная ⇒ org:сборная|RU
Игроки сборной России вернулись домой. ⇒ сборная России ⇒ org:сборная|RU
Об этом пишет Kommersant.ru. ⇒ Kommersant.ru ⇒ org:коммерсант
Об этом сообщил INTERFAX.RU. ⇒ INTERFAX.RU ⇒ org:интерфакс
Комитет по бюджету Госдумы заседал. ⇒ Комитет по бюджету Госдумы ⇒ org:комитет по бюджету госдумы
"""


def _golden() -> list[tuple[str, str, str]]:
    return [tuple(cell.strip() for cell in line.split("⇒"))  # type: ignore[misc]
            for line in GOLDEN.strip().splitlines() if line.strip()]


@pytest.mark.parametrize(("text", "name", "key"), _golden())
def test_golden_keys(extractor, text: str, name: str, key: str) -> None:
    entities = extractor.extract(text).entities
    found = {entity["name"]: entity["key"] for entity in entities}
    assert found.get(name) == key, found


def test_abbreviation_and_full_name_share_a_key(extractor) -> None:
    entities = extractor.extract("ЦБ повысил ключевую ставку. Банк России объяснил решение "
                                 "инфляцией.").entities
    keys = {entity["key"] for entity in entities if entity["label"] == "ORG"}
    assert keys == {"org:Центральный банк|RU"}


def test_unresolved_body_gets_no_guessed_jurisdiction(extractor) -> None:
    for text in ("Министерство сообщило о новых правилах.", "Минобороны сообщило об ударе."):
        for entity in extractor.extract(text).entities:
            assert entity["key"].endswith("|?") or "|" not in entity["key"], entity


def test_descriptive_entity(extractor) -> None:
    entities = extractor.extract("Правительство Китая и компания «Газпром» заявили.").entities
    by_name = {entity["name"]: entity for entity in entities}
    assert by_name["Правительство Китая"]["descriptive"] is True
    assert by_name["Китай"]["descriptive"] is False


def test_records_with_and_without_keys_validate(extractor) -> None:
    record = extractor.extract("Сотрудники МВД России задержали подозреваемого.").to_dict()
    jsonschema.validate(record, record_schema())
    old = copy.deepcopy(record)
    for entity in old["entities"]:
        del entity["key"], entity["descriptive"]
    jsonschema.validate(old, record_schema())
    bad = copy.deepcopy(record)
    bad["entities"][0]["key"] = "МВД"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, record_schema())


def test_entities_table_has_key(extractor) -> None:
    record = extractor.extract("Пентагон объявил о поставках оружия.").to_dict()
    table = rows([record])["entities"]
    assert table[0]["key"] == "org:Министерство обороны|US"
    old = copy.deepcopy(record)
    del old["entities"][0]["key"]
    assert rows([old])["entities"][0]["key"] is None


def test_bodies_lexicon_loads() -> None:
    bodies = load_bodies()
    assert bodies.version == "24" and len(bodies.sha256) == 64
    assert len({body for body in bodies.by_lemmas.values()}) >= 40
    assert bodies.article_place_words["регион"] == "region"
    assert bodies.article_place_words["государство"] == "country"


def test_article_place_words_name_a_region_or_a_country(tmp_path) -> None:
    path = tmp_path / "bodies.yaml"
    path.write_text("format: nlp_extract.bodies\nversion: '1'\nbodies:\n"
                    "  Министерство обороны|RU: [Минобороны России]\n"
                    "article_place_words:\n  district: [район]\n", encoding="utf-8")
    with pytest.raises(InternalError, match="article_place_words: unknown"):
        load_bodies(str(path))


def test_organisations_lexicon_loads_into_the_bodies_table() -> None:
    """models/organisations.yaml: each entry keyed by its canonical name, no jurisdiction."""
    bodies = load_bodies()
    known = {body.name: body for body in bodies.by_lemmas.values() if body.organisation}
    assert {"Reuters", "Международная шахматная федерация", "Русская православная церковь"} \
        <= set(known)
    assert known["Reuters"].key("RU") == "org:reuters"
    assert all(body.jurisdiction is None for body in known.values())


def test_lexicon_setting_checked() -> None:
    from nlp_extract.config_check import check_settings

    with pytest.raises(BadArgumentError, match="entity_keys.lexicon"):
        check_settings({"entity_keys": {"lexicon": ""}})


SAME_BODY = [
    # generic_body_key: «края» names the article's region, not another body
    ("В Краснодаре задержали чиновника. Прокуратура Краснодарского края начала проверку. "
     "Позже прокуратура края направила дело в суд.",
     "Прокуратура Краснодарского края × 2 [прокуратура края]"),
    # district_court_key + placed_elsewhere: the court named with and without its city
    ("Басманный районный суд Москвы арестовал его. Позже Басманный суд продлил арест.",
     "Басманный районный суд Москвы × 2 [Басманный суд]"),
    # a regional legislature of bodies.yaml named in full and by the region's word
    ("Закон принят Законодательным собранием Приморского края. Депутаты Законодательного "
     "Собрания края голосовали единогласно.",
     "Законодательное собрание Приморского края × 2 [Законодательное Собрание края]"),
    # site_owner: a known organisation's site is the organisation
    ("Газета «Коммерсантъ» сообщила о сделке. Позже Kommersant.ru уточнил детали.",
     "Коммерсантъ × 2 [Kommersant.ru]"),
    ("Газета «Коммерсантъ» сообщила о сделке. Позже Kommersant.tv уточнил детали.",
     "Коммерсантъ × 2 [Kommersant.tv]"),
    # the bare body of the article's region and the one named with its place: one record
    ("Вчера прокуратура Кузбасса начала проверку. Прокуратура опросила свидетелей в Кемерове.",
     "прокуратура Кузбасса × 2 [прокуратура]"),
    # article | ORG records «name × count [aliases]»
    ("Китайское правительство одобрило план. Правительство Китая сообщило об этом.",
     "Правительство Китая × 2 [китайское правительство]"),
    ("Правительство Москвы утвердило бюджет. Позже правительство его исполнило.",
     "Правительство Москвы × 2 [правительство]"),
    ("Правительство Москвы утвердило бюджет, а правительство Франции его раскритиковало.",
     "Правительство Москвы × 1 []; правительство Франции × 1 []"),
    # organisations.yaml: two names of one organisation
    ("Компания Facebook заблокировала страницу. В Фейсбуке отказались от комментариев.",
     "Facebook × 2 [Фейсбук]"),
    ("Об этом сообщил ТАСС. Агентство ИТАР-ТАСС уточняет детали.",
     "ИТАР-ТАСС × 2 [ТАСС]"),
    ("Абоненты Билайн пожаловались на связь. В Вымпелкоме ответили, что сбой устранён.",
     "Вымпелком × 2 [Билайн]"),
    ("Роскосмос сообщил о запуске. Федеральное космическое агентство подтвердило дату.",
     "Федеральное космическое агентство × 2 [Роскосмос]"),
    # «Большим театром» read as «Больший театр»: of equal names the first record's wins
    ("Балет Большого театра уехал на гастроли. Он простился с Большим театром.",
     "Большой театр × 2 [Больший театр]"),
]


def test_one_record_per_person_key(extractor) -> None:
    """``same_key_records``: «Алиев» alone beside two Алиевs is keyed by models/persons.yaml
    as Ильхам Алиев, and so is one record with him (not a third person)."""
    record = extractor.extract("Гейдар Алиев правил до 2003 года. Его сын Ильхам Алиев стал "
                               "президентом. Алиев заявил о реформах.").to_dict()
    people = [(e["name"], e["count"], e["key"]) for e in record["entities"] if e["label"] == "PER"]
    assert people == [("Гейдар Алиев", 1, "per:Гейдар Алиев"),
                      ("Ильхам Алиев", 2, "per:Ильхам Алиев")]


@pytest.mark.parametrize(("names", "key"), [
    (["А.Жаров", "А. Жаров", "Жаров А."], "per:А. Жаров"),
    (["Т.М.Хабарова", "Т. М. Хабарова", "Хабарова Т.М."], "per:Т. М. Хабарова"),
    (["Горбачёв М.С.", "М.С.Горбачёв", "М. С. Горбачёв"], "per:Михаил Горбачев"),
    (["Лаурентий Д."], "per:Лаурентий Д."),  # a first name and a surname's initial
    (["Харальд V"], "per:Харальд V"),  # a regnal number is no initial
    (["Петров Иван Сергеевич", "Иван Сергеевич Петров", "Иван Петров"], "per:Иван Петров"),
    (["Лев Николаевич Толстой"], "per:Лев Толстой"),
    (["Шакил О’Нил", "Шакил О'Нил", "Шакил О‘Нил"], "per:Шакил О'Нил"),  # apostrophes
    (["Жан-Поль Сартр", "Жан\u2011Поль Сартр", "Жан–Поль Сартр"], "per:Жан-Поль Сартр"),
])
def test_one_person_key_however_the_initials_are_written(names: list[str], key: str) -> None:
    """``initials_first``: articles write initials glued, spaced or after the surname; official
    lists write the surname first («Петров Иван Сергеевич»); the key is one."""
    from nlp_extract.pipeline.keys import person_key

    assert {person_key(name) for name in names} == {key}


def test_initials_and_surname_name_the_record_over_the_surname_alone(extractor) -> None:
    """A person named by initials and surname, then by the surname alone, is named and keyed
    by the initials and surname (another article's «И.И. Иванов» shares the key; a bare
    «Иванов» would key every Иванов alike); a first name written out still wins over initials
    («Джон Кеннеди», not «Дж. Ф. Кеннеди»)."""
    record = extractor.extract("Приказ подписал директор И.И.Иванов. Иванов уволил Петрова.")
    people = [(e["name"], e["key"], e["aliases"]) for e in record.to_dict()["entities"]
              if e["label"] == "PER"]
    assert people[0] == ("И.И.Иванов", "per:И. И. Иванов", ["Иванов"])
    record = extractor.extract("Президент Джон Кеннеди выступил. Дж. Ф. Кеннеди сказал. "
                               "Кеннеди ушёл.")
    people = [(e["name"], e["key"]) for e in record.to_dict()["entities"] if e["label"] == "PER"]
    assert people == [("Джон Кеннеди", "per:Джон Кеннеди")]


def test_a_name_written_surname_first_is_named_first_name_first(extractor) -> None:
    """``first_name_first``: a record named only as an official list writes it (surname, first
    name, patronymic) is named and keyed as another article writes it; the list's form stays
    an alias."""
    record = extractor.extract("Суд арестовал Галиакберова Андрея Анатольевича. Галиакберов "
                               "вину не признал.").to_dict()
    people = [(e["name"], e["key"], e["aliases"]) for e in record["entities"]
              if e["label"] == "PER"]
    assert people == [("Андрей Анатольевич Галиакберов", "per:Андрей Галиакберов",
                       ["Галиакберов", "Галиакберов Андрей Анатольевич"])]


def test_a_record_named_as_a_body_takes_the_articles_jurisdiction(extractor) -> None:
    """``name_body``: a record whose mentions name no body but whose name does («на
    официальном сайте Кабмина») is keyed as a bare «Кабмин» is, with the country the article
    is about; a quoted name is no body («журнал «Власть»» is a magazine)."""
    record = extractor.extract("Постановление опубликовано на официальном сайте Кабмина. Его "
                               "поддержали в Москве и Тюмени.").to_dict()
    assert [(e["name"], e["key"]) for e in record["entities"] if e["label"] == "ORG"] == \
        [("Кабмин", "org:Правительство|RU")]
    record = extractor.extract("Рецензию опубликовал журнал «Власть». Его читают в Москве и "
                               "Тюмени.").to_dict()
    assert [(e["name"], e["key"]) for e in record["entities"] if e["label"] == "ORG"] == \
        [("Власть", "org:власть")]


@pytest.mark.parametrize(("text", "expected"), SAME_BODY)
def test_one_record_per_body_key(extractor, text: str, expected: str) -> None:
    """``same_key_records``: records whose keys name one body with one jurisdiction are one
    record; ids stay e1, e2, … in the order of first mentions and mentions point to them."""
    record = extractor.extract(text).to_dict()
    orgs = [entity for entity in record["entities"] if entity["label"] == "ORG"]
    got = "; ".join(f"{e['name']} × {e['count']} [{', '.join(e['aliases'])}]" for e in orgs)
    assert got == expected
    assert [entity["id"] for entity in record["entities"]] == \
        [f"e{number}" for number in range(1, len(record["entities"]) + 1)]
    ids = {entity["id"] for entity in record["entities"]}
    assert {mention["entity"] for mention in record["mentions"]} == ids


def test_bare_lowercase_head_is_descriptive(extractor) -> None:
    """«департамент» alone names no body: entity-level descriptive (a researcher filters it
    out of the top organisations); «Министерство финансов» is a name."""
    record = extractor.extract("Министерство финансов сообщило, что департамент промолчал.")
    marks = {entity["name"]: entity["descriptive"] for entity in record.to_dict()["entities"]
             if entity["label"] == "ORG"}
    assert marks == {"Министерство финансов": False, "департамент": True}


def test_persons_lexicon() -> None:
    """models/persons.yaml: each form names one person; a form two entries shared would name
    neither."""
    from nlp_extract.pipeline.keys import known_persons

    persons = known_persons()
    assert persons[("путин",)] == "Владимир Путин"
    assert persons[("в.", "путин")] == persons[("в.", "в.", "путин")] == "Владимир Путин"
    assert ("клинтон",) not in persons and ("медведев",) not in persons


@pytest.mark.parametrize(("regional", "reason"), [
    (["Министерство обороны|US"], "not among the bodies"),
    (["Министерство внутренних дел"], "has a fixed jurisdiction"),
])
def test_regional_bodies_checked(tmp_path, regional: list[str], reason: str) -> None:
    """``regional`` names bodies of the lexicon that have no fixed jurisdiction."""
    import yaml

    from nlp_extract.errors import InternalError

    data = {"format": "nlp_extract.bodies", "version": "1",
            "bodies": {"Министерство обороны|US": ["Пентагон"],
                       "Министерство внутренних дел|RU": ["МВД России"],
                       "Министерство социальной политики": ["Минсоцполитики"]},
            "regional": regional}
    path = tmp_path / "bodies.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InternalError, match=reason):
        load_bodies(str(path))


def test_generic_bodies_of_two_regions_never_share_a_key(extractor) -> None:
    """A body named by common words is keyed with the place of the article: the «органы
    опеки» of a Sverdlovsk and of a Tyumen article are two bodies; of one article, one."""
    keys = [{entity["key"] for entity in extractor.extract(text).entities
             if entity["label"] == "ORG"}
            for text in ("В Екатеринбурге органы опеки забрали ребёнка. Органы опеки "
                         "молчат, Екатеринбург ждёт.",
                         "В Тюмени органы опеки проверили семью. Тюмень и Тюмень ждут.")]
    assert keys == [{"org:органы опеки|RU-SVE"}, {"org:органы опеки|RU-TYU"}]
