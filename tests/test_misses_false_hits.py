"""Issue 13 item 4, the misses and false hits: one golden row per rule, through the whole
pipeline. A row: ``sentence | LABEL text = normal; …`` (each sentence's exact set of mentions,
nested ones included, with their normal forms)."""

from __future__ import annotations

import pytest

from conftest import read_mention_sets

GOLDEN = """
Глава Банка России выступила в Москве.                   | ORG Банка России = Банк России; LOC Москве = Москва
Встреча прошла на набережной Европы.                     | LOC набережной Европы = набережная Европы
Акция прошла на площади Тяньаньмынь.                     | LOC площади Тяньаньмынь = Тяньаньмынь
Минобороны США и НАТО провели учения.                    | ORG Минобороны США = Минобороны США; LOC США = США; ORG НАТО = НАТО
Слово взял представитель фракции «Справедливая Россия — За правду». | ORG Справедливая Россия — За правду = Справедливая Россия — За правду
Министерство труда и социальной защиты России сообщило.  | ORG Министерство труда и социальной защиты России = Министерство труда и социальной защиты России; LOC России = Россия
Митинг прошёл на проспекте Идриса Зязикова в Магасе.     | LOC проспекте Идриса Зязикова = проспект Идриса Зязикова; LOC Магасе = Магас
Цветы возложили на площади Ленина.                       | LOC площади Ленина = площадь Ленина
Благоустройство завершилось у парка Горького.            | LOC парка Горького = парк Горького
Вестибюли выходят на бульвар Генерала Карбышева.        | LOC бульвар Генерала Карбышева = бульвар Генерала Карбышева
Храм освятил митрополит Костромской и Нерехтский Феофилакт. | LOC Костромской = Костромская область; LOC Нерехтский = Нерехтский; PER Феофилакт = Феофилакт
Движение перекрыли на улицах Тверская и Моховая.         | LOC Тверская = Тверская; LOC Моховая = Моховая
Вчера сенат одобрил бюджет.                              | ORG сенат = сенат
Законопроект одобрил конгресс США.                       | ORG конгресс США = конгресс США; LOC США = США
Законопроект внесли в Сенат США.                         | ORG Сенат США = Сенат США; LOC США = США
Сотрудники Главного разведывательного управления России (ГРУ) были названы. | ORG Главного разведывательного управления России = Главное разведывательное управление России; LOC России = Россия; ORG ГРУ = ГРУ
Глава управления социальной политики (УСП) выступил.     | ORG управления социальной политики = управление социальной политики; ORG УСП = УСП
Президент Российской Федерации выступил.                 | LOC Российской Федерации = Российская Федерация
Представители Медиа-коммуникационного союза (МКС, объединяет операторов) выступили. | ORG Медиа-коммуникационного союза = Медиа-коммуникационный союз; ORG МКС = МКС
Акции Газпрома (ПАО, крупнейшая компания) выросли.       | ORG Газпрома = Газпром
Решение вынес федеральный апелляционный суд в Бостоне.   | ORG федеральный апелляционный суд = федеральный апелляционный суд; LOC Бостоне = Бостон
Он окончил среднюю школу № 1 Махачкалы, а в школе нашей не учился. | ORG среднюю школу № 1 Махачкалы = средняя школа № 1 Махачкалы; LOC Махачкалы = Махачкала
Центр открыт на базе городской клинической больницы имени Н.И. Пирогова. | ORG городской клинической больницы имени Н.И. Пирогова = городская клиническая больница имени Н.И. Пирогова
Дети учатся в лицее имени Пушкина.                       | ORG лицее имени Пушкина = лицей имени Пушкина
Министром назначена Светлана Мальцева, ранее руководившая ГКБ № 40 в Екатеринбурге. | PER Светлана Мальцева = Светлана Мальцева; ORG ГКБ № 40 = ГКБ № 40; LOC Екатеринбурге = Екатеринбург
Хор училища имени Гнесиных завоевал Гран-при конкурса.  | ORG Хор училища имени Гнесиных = Хор училища имени Гнесиных
Он окончил школу № 2 имени Александра Невского.           | ORG школу № 2 имени Александра Невского = школа № 2 имени Александра Невского
Трассу передадут Федеральному дорожному агентству Минтранса России в следующем году. | ORG Федеральному дорожному агентству Минтранса России = Федеральное дорожное агентство Минтранса России; ORG агентству Минтранса России = Минтранс России; LOC России = Россия
Председатель комиссии Совета Федерации по информационной политике выступила. | ORG комиссии Совета Федерации по информационной политике = комиссия Совета Федерации по информационной политике; ORG Совета Федерации = Совет Федерации
Вчера Совет при Президенте РФ по развитию гражданского общества заседал. | ORG Совет при Президенте РФ по развитию гражданского общества = Совет при Президенте РФ по развитию гражданского общества; LOC РФ = РФ
Россия и Китай заблокировали резолюцию в Совете Безопасности ООН по Сирии. | LOC Россия = Россия; LOC Китай = Китай; ORG Совете Безопасности ООН = Совет Безопасности ООН; ORG ООН = ООН; LOC Сирии = Сирия
Решение принял Мозырский райисполком.                    | ORG Мозырский райисполком = Мозырский райисполком
Председатель облисполкома Иван Крупко выступил.           | ORG облисполкома = облисполком; PER Иван Крупко = Иван Крупко
Совещание прошло в агрогородке Озаричи.                   | LOC агрогородке Озаричи = Озаричи
Андрею Лукину Петрин предложил войти в рабочую группу.    | PER Андрею Лукину = Андрей Лукин; PER Петрин = Петрин
Страны Организации стран — экспортёров нефти (ОПЕК) договорились. | ORG Организации стран — экспортёров нефти = Организация стран — экспортёров нефти; ORG ОПЕК = ОПЕК
Запуск подтвердили в Государственной корпорации по космической деятельности «Роскосмос». | ORG Государственной корпорации по космической деятельности «Роскосмос» = Роскосмос; ORG Роскосмос = Роскосмос
Прошли выборы депутата Законодательного собрания Свердловской области по одномандатному округу. | ORG Законодательного собрания Свердловской области = Законодательное собрание Свердловской области; LOC Свердловской области = Свердловская область
Глава комиссии по делам несовершеннолетних Иван Петров заявил. | ORG комиссии по делам несовершеннолетних = комиссия по делам несовершеннолетних; PER Иван Петров = Иван Петров
Он руководил Пограничной службой ФСБ и был первым замдиректора Федеральной службы безопасности РФ. | ORG Пограничной службой ФСБ = Пограничная служба ФСБ; ORG службой ФСБ = ФСБ; ORG Федеральной службы безопасности РФ = Федеральная служба безопасности РФ; LOC РФ = РФ
Роскомнадзор обнаружил материалы. Руководству сайтов поручено удалить их. | ORG Роскомнадзор = Роскомнадзор
Он занимал должность руководителя Пограничной службы ФСБ и первого замдиректора Федеральной службы безопасности РФ. | ORG Пограничной службы ФСБ = Пограничная служба ФСБ; ORG службы ФСБ = ФСБ; ORG Федеральной службы безопасности РФ = Федеральная служба безопасности РФ; LOC РФ = РФ
Депутаты в Алтайском краевом Законодательном собрании поддержали идею. | ORG Алтайском краевом Законодательном собрании = Алтайское краевое Законодательное собрание; LOC Алтайском = Алтайский край
Сотрудники Московского межрайонного СУ СК задержали подозреваемого. | ORG Московского межрайонного СУ СК = Московское межрайонное СУ СК; LOC Московского = Москва; ORG СК = СК
Акция прошла на проспекте Руставели в Тбилиси.          | LOC проспекте Руставели = проспект Руставели; LOC Тбилиси = Тбилиси
Тело было обнаружено рядом с остановкой Магри Северо-Кавказской железной дороги в Сочи. | LOC Магри = Магри; ORG Северо-Кавказской железной дороги = Северо-Кавказская железная дорога; LOC Сочи = Сочи
Колонна прошла по улице Короля Милана к площади.         | LOC улице Короля Милана = улица Короля Милана
Наибольшее снижение показали предприятия в Нижневартовском и Сургутском районах. | LOC Нижневартовском = Нижневартовский район; LOC Сургутском районах = Сургутский район
Работы в квартале между Тверской и Ставропольской улицами выйдут на активную стадию. | LOC Тверской = Тверская улица; LOC Ставропольской улицами = Ставропольская улица
Дорогу проложат к площадке завода в районе бухты Врангеля. | LOC бухты Врангеля = бухта Врангеля
Учения прошли в заливе Петра Великого.                   | LOC заливе Петра Великого = залив Петра Великого
Туристы ездят на острова Японии.                         | LOC Японии = Япония
Хань Гоюй сразится с действующим президентом острова Цай Инвэнь. | PER Хань Гоюй = Хань Гоюй; PER Цай Инвэнь = Цай Инвэнь
Переговоры прошли на базе Временных сил ООН в Ливане (ВСООНЛ). | ORG Временных сил ООН = Временные силы ООН; ORG ООН = ООН; LOC Ливане = Ливан; ORG ВСООНЛ = ВСООНЛ
Город подобрал участок под общежитие на улице Пограничной. | LOC улице Пограничной = улица Пограничная
Открыли участок проспекта Базоркина.                     | LOC проспекта Базоркина = проспект Базоркина
Первый центр открыт в Казани на улице Карла Маркса.      | LOC Казани = Казань; LOC улице Карла Маркса = улица Карла Маркса
Укрытия установили вдоль проспекта Богдана Хмельницкого. | LOC проспекта Богдана Хмельницкого = проспект Богдана Хмельницкого
О положении на Брянщине сообщил глава региона.           | LOC Брянщине = Брянщина
Губернатор поручил министерству по управлению государственным имуществом подготовить поправки. | ORG министерству по управлению государственным имуществом = министерство по управлению государственным имуществом
Он родился в семье Джеймса и Лоры Маккалоу.               | PER Джеймса = Джеймс Маккалоу; PER Лоры Маккалоу = Лора Маккалоу
У принца Уильяма и Кейт Миддлтон родился сын.            | PER Уильяма = Уильям; PER Кейт Миддлтон = Кейт Миддлтон
Официальный портрет президентской четы Нэнси и Рональда Рейганов. | PER Нэнси = Нэнси; PER Рональда Рейганов = Рональд Рейганов
Уитни Хьюстон умерла в Лос-Анджелесе. Хьюстон была певицей. | PER Уитни Хьюстон = Уитни Хьюстон; LOC Лос-Анджелесе = Лос-Анджелес; PER Хьюстон = Хьюстон
Следующее заседание совета директоров Банка России по ключевой ставке запланировано на февраль. | ORG совета директоров Банка России = совет директоров Банка России; ORG Банка России = Банк России
Акционеры сменили совет директоров британского оператора спутникового и кабельного телевидения British Sky Broadcasting Group PLC. | ORG совет директоров британского оператора = совет директоров британского оператора; LOC британского = Великобритания; ORG British Sky Broadcasting Group PLC = British Sky Broadcasting Group PLC
Посредником выступил специальный координатор ООН по Ливану Жанин Хеннис-Пласхарт. «Мы видим готовность», — сказала Хеннис-Пласхарт. | ORG ООН по Ливану = ООН по Ливану; LOC Ливану = Ливан; PER Жанин Хеннис-Пласхарт = Жанин Хеннис-Пласхарт; PER Хеннис-Пласхарт = Хеннис-Пласхарт
Колонна прошла по бульвару Короля Александра к площади. Президент Сербии Александр Вучич заявил, что не уйдёт. Вучич защитил брата Андрея Вучича. | LOC бульвару Короля Александра = бульвар Короля Александра; LOC Сербии = Сербия; PER Александр Вучич = Александр Вучич; PER Вучич = Вучич; PER Андрея Вучича = Андрей Вучич
Школа на улице Бакинских Комиссаров закрыта.             | LOC улице Бакинских Комиссаров = улица Бакинских Комиссаров
Хань Гоюй стал кандидатом Гоминьдана на выборах. На Тайване партия Гоминьдан утвердила кандидата. | PER Хань Гоюй = Хань Гоюй; ORG Гоминьдана = Гоминьдан; LOC Тайване = Тайвань; ORG партия Гоминьдан = Гоминьдан
Лидер союза Isamaa выступил, а в организациях ЖКХ и на портале YouTube молчат. | ORG союза Isamaa = Isamaa
Сайты «Экономика сегодня», «Политика сегодня» и «Народные новости» закрыты. | ORG Сайты «Экономика сегодня» = Экономика сегодня; ORG Политика сегодня = Политика сегодня; ORG Народные новости = Народные новости
В Египте арестован лидер «Братьев-мусульман».            | LOC Египте = Египет; ORG Братьев-мусульман = Братья-мусульмане
Пациентку перевели в ГБУЗ «Челябинская областная клиническая больница». | ORG ГБУЗ «Челябинская областная клиническая больница» = Челябинская областная клиническая больница; LOC Челябинская = Челябинская область
Выплаты получат семьи Каменска-Уральского и Нижнего Тагила. | LOC Каменска-Уральского = Каменск-Уральский; LOC Нижнего Тагила = Нижний Тагил
Председатель партии Мехмет Карадаг выступил. Эрдоган призвал Карадага «не раскачивать лодку». | PER Мехмет Карадаг = Мехмет Карадаг; PER Эрдоган = Эрдоган; PER Карадага = Карадаг
НИЖНИЙ НОВГОРОД, 14 апреля. /ТАСС/. Администрация Нижнего Новгорода закроет часть набережной. | LOC НИЖНИЙ НОВГОРОД = НИЖНИЙ НОВГОРОД; ORG ТАСС = ТАСС; ORG Администрация Нижнего Новгорода = Администрация Нижнего Новгорода; LOC Нижнего Новгорода = Нижний Новгород
Автобусы МУП «Владивостокское пассажирское автотранспортное предприятие № 1» пустят в объезд. | ORG МУП «Владивостокское пассажирское автотранспортное предприятие № 1» = Владивостокское пассажирское автотранспортное предприятие № 1; LOC Владивостокское = Владивосток
Федеральная служба по экологическому, технологическому и атомному надзору (Ростехнадзор) ограничила работы. | ORG Федеральная служба по экологическому, технологическому и атомному надзору = Федеральная служба по экологическому, технологическому и атомному надзору; ORG Ростехнадзор = Ростехнадзор
Губернатор Ханты-Мансийского автономного округа — Югры Наталья Комарова подписала указ. | LOC Ханты-Мансийского автономного округа — Югры = Ханты-Мансийский автономный округ — Югра; PER Наталья Комарова = Наталья Комарова
В ХМАО — Югре выросли зарплаты.                          | LOC ХМАО — Югре = ХМАО — Югра
Вопрос рассмотрят в Казгордуме.                          | ORG Казгордуме = Казгордума
Он жил в Славянске-на-Кубани и Николаевске-на-Амуре.      | LOC Славянске-на-Кубани = Славянск-на-Кубани; LOC Николаевске-на-Амуре = Николаевск-на-Амуре
В Следственном управлении Следственного комитета России по Краснодарскому краю (СУ СК) возбудили дело. | ORG Следственном управлении Следственного комитета России по Краснодарскому краю = Следственное управление Следственного комитета России по Краснодарскому краю; ORG Следственного комитета России = Следственный комитет России; LOC России = Россия; LOC Краснодарскому краю = Краснодарский край; ORG СУ СК = СУ СК
Завод в Людвигсхафене закрыт.                              | LOC Людвигсхафене = Людвигсхафен
Директор Горицкой школы Лариса Зуева рассказала.         | ORG Горицкой школы = Горицкая школа; PER Лариса Зуева = Лариса Зуева
Поликлинику перевели с улицы Уральской в новый корпус.    | LOC улицы Уральской = улица Уральская
Невролог приехал из берлинской клиники «Шарите».          | LOC берлинской = Берлин; ORG Шарите = Шарите
Этот человек двадцать лет отдал Южному Уралу.             | LOC Южному Уралу = Южный Урал
Министерство сельского хозяйства и продовольствия Республики Беларусь (Минсельхозпрод) сообщило о новых правилах. | ORG Министерство сельского хозяйства и продовольствия Республики Беларусь = Министерство сельского хозяйства и продовольствия Республики Беларусь; LOC Республики Беларусь = Республика Беларусь; ORG Минсельхозпрод = Минсельхозпрод
Ферма находится в селе Ершово Одинцовского района.        | LOC селе Ершово = Ершово; LOC Одинцовского района = Одинцовский район
По достоверной имеющейся информации «СПАРК-Интерфакса», в этом году прибыль компании составила 7,4 млн руб. | ORG СПАРК-Интерфакса = СПАРК-Интерфакс
"""
# Rules: orgs.descriptor_of_place (row 1); streets.named_after_place (row 2; row 3: other
# names keep their type word as a descriptor); org_tail.body_after_and (row 4; row 5: a
# coordinated genitive that is no body stays in the tail); streets.named_after_someone (rows
# 6, 7); streets.listed_after_plural (row 8: no Тверская область); lowercase legislatures,
# models/org_lexicon.yaml ``lowercase_bodies`` (rows 9, 10; row 11: capitalised, NER's name,
# orgs.capitalised_name_left_to_ner); abbreviations.abbreviation_relabelled (row 12: NER's LOC
# «ГРУ»), abbreviations.abbreviation_added (row 13: NER missed «УСП»); orgs.inside_place_name
# (row 14: no ORG «Федерации»); abbreviations.abbreviation_relabelled before a comma when it
# spells the initials (row 15: the listed LOC «МКС»; row 16: «ПАО» spells nothing); a
# lowercase court, models/org_lexicon.yaml ``bodies`` (row 17); a numbered institution,
# ``numbered_institutions`` and org_tail.institution_number (row 18: «в школе» alone is none);
# mention_cleanup.noun_taken_in (row 19: NER ended the body on «дорожному»); a name that takes no
# «по» tail, models/org_lexicon.yaml ``without_po`` «совет федерации» (row 20: the commission's);
# org_tail.preposition_phrase after a capitalised «Президенте» (row 21); person_after_title
# keeps «несовершеннолетних» of a «по» phrase before a person (row 22); a coordinated genitive
# that names one person's post is no part of the tail, orgs.continues_genitive (row 25);
# nameless_orgs drops a leadership head of nothing that opens a sentence, tagged PROPN (row 24);
# mention_cleanup.adjectives_taken_in (rows 26, 27: NER's ORG of adjectives alone joins the ORG
# after it, and the normal form's adjectives take the neuter of «собрание», «СУ»:
# normalizer._gender_of_head; row 29: «Магри», no adjective the dictionary knows, stays a place);
# streets.named_after_someone takes a surname that keeps its form (row 28: «Руставели»,
# streets.person_name_only); a title after a street's type word stays in the street's name,
# cleanup._without_title (row 30: no Milan); a place adjective of a list before a district's or
# a street's noun names that district or street, not the town or the region,
# places._adjective_as_noun (rows 31, 32); a natural feature named after someone is one LOC,
# models/entity_words.yaml ``feature_types``, streets.feature_named_after_someone (rows 33, 34;
# row 35: a place the gazetteer knows stays; row 36: a name in apposition to another noun stays
# a person); an abbreviation in parentheses after an ORG, «в» and a place is an ORG,
# abbreviations._org_before_place, and so no alias of the place (row 37 and
# test_grouping_records); a capitalised adjective agreeing with a street's type word names the
# street, streets.named_by_adjective (row 38), and so does a surname's genitive the dictionary
# does not know, streets.unknown_surname_genitive (row 39); an instrumental after «по
# управлению» is the body's, org_tail.instrumental_object (row 40); a first name before «и»
# and a full name takes its surname after a family's word, normalizer.shared_surname_name (row
# 41), not without one (row 42: a couple of two surnames) nor before an oblique surname in
# «-ов» (row 43); a city of gazetteer 1.11 named as a person of the article is surnamed is that
# person, article_names.city_named_as_person (row 44); «по ставке» ends a body's tail,
# models/org_lexicon.yaml ``circumstances`` (row 45); two adjectives joined by «и» stay in a
# tail only inside a «по …» phrase, org_tail.coordinated_adjectives (row 46: not the board's
# «спутникового и кабельного телевидения» and the company after it); NER's person «Короля
# Александра» of a street names no surname that cuts «Александр Вучич» in two, glued_people
# (row 48); a place NER glued to the person after it is cut from the person,
# glued_people.place_then_person (row 47). Session 34: a street's type word before a LOC all in
# the genitive names the street, streets.named_by_genitive_phrase (row 49); a coined name after
# a singular descriptor is an ORG, descriptor_names (row 50: «партия Гоминьдан», and NER's
# person «Гоминьдана» is that ORG, article_names.person_word_relabelled reading the name of a
# mention; row 51: not after a plural descriptor nor a name listed as no entity); a quoted name
# listed beside two ORG names is one, quoted_lists (row 52); a quoted name keeps a person
# noun as its head, cleanup._without_person_head (row 53); a state institution's legal form
# before a quoted name, models/org_lexicon.yaml ``descriptors`` (row 54); a hyphenated city
# whose second part the dictionary declines alone, inflect.nominative_by_parts, shares no head
# with the next name, shared_heads._noun_and_adjective (row 55); NER's place that is a man's
# surname of the article with a case ending is that person, article_names.person_relabelled
# (row 56); a dateline's place of two words in capitals, labels.dateline_place (row 57); an ORG NER cut inside a
# quoted name it opened runs to the closing quote, cleanup.quote_closed (row 58); a comma
# between two words of one case in a body's «по …» phrase is no list, cleanup.remit_comma
# (row 59). The dash of a place's name the gazetteer writes with one is no separator,
# cleanup.place_name_dash, and the mention's normal form is that name, places.dashed_name
# («— Югры»: the last rows but one and two); a coined word ending in a body's word is that ORG,
# labels.compound_body_not_name («Казгордуме», the last row but one); a town named after its
# river declines its first part only, inflect.nominative_on_a_river (the last row but one);
# an abbreviation of two words in brackets after a body is the body's,
# abbreviations.abbreviation_relabelled (the last row but one: NER's LOC «СУ СК»); an unknown
# name tagged a masculine oblique case that pymorphy3 guesses as feminine is the masculine noun,
# inflect.masculine_stem (the row of «Людвигсхафене»); an adjective the dictionary reads only as a
# surname before a noun agreeing with it is no ORG's head, normalizer._noun_tagged_adjective
# («Горицкой школы»); an adjective after a street's type word in the genitive is the street's
# name too, normalizer.street_adjective («с улицы Уральской»); a name read as a verb form keeps
# its form, inflect._nominative_whole («клиники «Шарите»», not «Шарящие»); NER's PER whose
# lemmas name a federal subject is that place, labels.country_not_person («Южному Уралу»); a
# body's one-word short name in brackets after it is the body's, not the place's that ends its
# name, abbreviations.body_short_name («(Минсельхозпрод)», the last row but one); a name the
# dictionary reads only as a short adjective keeps its form, inflect._nominative_whole («селе
# Ершово», not «Ершовое»: the last row but one); an abbreviation and a word joined by a hyphen
# decline the word only, inflect.nominative_after_abbreviation («СПАРК-Интерфакса»: the last row).


@pytest.mark.parametrize(("sentence", "expected"), read_mention_sets(GOLDEN))
def test_exact_mentions(nlp, sentence: str, expected: set[tuple[str, str, str]]) -> None:
    doc = nlp(sentence)
    assert {(span.label_, span.text, span._.normal)
            for span in doc.spans["mentions"]} == expected


def test_bank_of_russia_is_no_place(nlp) -> None:
    """«Банка России» is the bank: its entity is named «Банк России», no place «Россия»."""
    doc = nlp("Глава Банка России выступила в Москве.")
    names = {entity["name"] for entity in doc._.entities}
    assert "Банк России" in names and "Россия" not in names


def test_listed_streets_get_no_region(nlp) -> None:
    """«Тверская» after «улицах» is a street: no gazetteer place, so it is not counted with
    Тверская область named later in the same article."""
    doc = nlp("Движение перекрыли на улицах Тверская и Моховая. Глава Тверской области приехал.")
    streets = [span for span in doc.spans["mentions"] if span.text in ("Тверская", "Моховая")]
    assert [span._.street for span in streets] == [True, True]
    assert [span._.geo for span in streets] == [None, None]
    names = sorted(entity["name"] for entity in doc._.entities)
    assert names == ["Моховая", "Тверская", "Тверская область"]


def test_lowercase_legislature_is_descriptive(nlp) -> None:
    """«сенат» names no body by a proper name (like «парламент»): entity-level descriptive;
    NER's capitalised «Конгресс США» is a name."""
    doc = nlp("Вчера сенат одобрил бюджет, а Конгресс США его отклонил.")
    marks = {span.text: span._.descriptive for span in doc.spans["mentions"]
             if span.label_ == "ORG"}
    assert marks == {"сенат": True, "Конгресс США": False}


def test_bracketed_abbreviation_joins_the_whole_org(nlp) -> None:
    """«…управления России (ГРУ)»: «ГРУ» is an alias of the ORG, not of the place «Россия»."""
    doc = nlp("Сотрудники Главного разведывательного управления России (ГРУ) были названы.")
    records = {entity["name"]: entity["aliases"] for entity in doc._.entities}
    assert records == {"Главное разведывательное управление России": ["ГРУ"], "Россия": []}
