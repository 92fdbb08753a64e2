"""One record per referent: each merge rule of ``entity_grouper`` (``MERGE_RULES``, in order)
with a golden row: a short article → its records (name × mentions), on the real pipeline."""

from __future__ import annotations

import pytest

from nlp_extract import Extractor
from nlp_extract.pipeline.entity_groups import name_words, stem
from nlp_extract.pipeline.grouper import MERGE_RULES

# rule | article | expected records of the label, «name × count» joined by «; »
GOLDEN = [
    ("parenthesised",  # before a comma only when it spells the initials
     "Представители Медиа-коммуникационного союза (МКС, объединяет операторов) выступили.",
     "ORG", "Медиа-коммуникационный союз × 2"),
    ("parenthesised",  # before every rule: the whole ORG before the brackets owns them
     "Министерство иностранных дел России (МИД) выступило с заявлением.",
     "ORG", "Министерство иностранных дел России × 2"),
    ("parenthesised",  # a place the gazetteer knows in parentheses says where: no alias
     "Открытие прошло в Дюссельдорфе (ФРГ). Дюссельдорф — побратим Москвы. Визит в "
     "Белоруссию (Беларусь) отложен.",
     "LOC", "Дюссельдорф × 2; Германия × 1; Москва × 1; Белоруссия × 2"),
    ("parenthesised",  # an ORG's abbreviation after «в» and a place: no alias of the place
     "Переговоры прошли на базе Временных сил ООН в Ливане (ВСООНЛ). Ливан настаивает на "
     "выводе войск.",
     "LOC", "Ливан × 2"),
    ("parenthesised",  # the lexicon's name of a nested ORG, whose initials it does not spell
     "Совет управляющих Международного агентства по атомной энергии (МАГАТЭ) в четверг принял "
     "резолюцию. Генеральный директор МАГАТЭ Рафаэль Гросси выступил.",
     "ORG", "Совет управляющих Международного агентства по атомной энергии × 1; "
     "Международное агентство по атомной энергии × 3"),
    ("alias_phrases",  # before every rule: a name after «настоящее имя» is the same person
     "Бразильский футболист Пеле (настоящее имя Эдсон Арантис ду Насименту) остаётся "
     "рекордсменом. В последние месяцы Пеле не может ходить без трости.",
     "PER", "Эдсон Арантис ду Насименту × 3"),
    ("alias_phrases",  # no cue between two names: two people
     "Вчера Пеле и Эдсон Арантис ду Насименту встретились.",
     "PER", "Пеле × 1; Эдсон Арантис ду Насименту × 1"),
    ("full_name_variants",  # a hyphenated first name counts as its parts
     "Первый президент Чечни Ахмат-Хаджи Кадыров погиб в 2004 году. Мечеть названа в честь "
     "Ахмата Кадырова.",
     "PER", "Ахмат-Хаджи Кадыров × 2"),
    ("full_name_variants",
     "Джон Кеннеди был убит в Далласе. Джон Фитцджеральд Кеннеди родился в 1917 году. "
     "Джон Ф. Кеннеди стал президентом.",
     "PER", "Джон Фитцджеральд Кеннеди × 3"),
    ("full_name_variants",
     "Алекс Фергюсон покинул клуб. Сэр Алекс Фергюсон руководил им 26 лет.",
     "PER", "Алекс Фергюсон × 2"),
    ("initialled_names",  # of two people so named, the one named first and most
     "Скончался Пол Сорос. Пол Сорос основал компанию. Пол Сорос жил в Нью-Йорке. Его сын "
     "Питер Сорос сообщил о смерти. П.Сорос основал фонд.",
     "PER", "Пол Сорос × 4; Питер Сорос × 1"),
    ("initialled_names",  # both initials: the name with the patronymic, not «Анатолий Николаев»
     "Космонавт Андриян Григорьевич Николаев совершил полёт. Анатолий Николаев был вторым. "
     "Позже А. Г. Николаев стал генералом.",
     "PER", "Андриян Григорьевич Николаев × 2; Анатолий Николаев × 1"),
    ("initialled_names",
     "Алексей Кудрин ушёл в отставку. А. Кудрин заявил, что не согласен с бюджетом.",
     "PER", "Алексей Кудрин × 2"),
    ("initialled_names",
     "Джон Фитцджеральд Кеннеди родился в 1917 году. Дж. Ф. Кеннеди стал президентом.",
     "PER", "Джон Фитцджеральд Кеннеди × 2"),
    ("initialled_names",  # a surname that reads as a patronymic too: the initial shows it
     "Сделку одобрили, — сказал адвокат К. Лейбович. По словам Константина Лейбовича, "
     "нарушений не было.",
     "PER", "Константин Лейбович × 2"),
    ("misdeclined_names",  # a man's genitive that reads as a woman's name does not name him
     "Возлюбленная Александра Петрова получила роль. Она рассталась с Александром Петровым. "
     "Поклонники Александра Петрова удивились.",
     "PER", "Александр Петров × 3"),
    ("misdeclined_names",
     "Сергей Скрипаль был отравлен в Солсбери. Дочь Сергея Скрипаля Юлия тоже пострадала.",
     "PER", "Сергей Скрипаль × 2; Юлия × 1"),
    ("misdeclined_names",  # a woman's name the text declines as hers names her record
     "Партия выдвинула председателя палаты Мирославу Немцову. Получено согласие Мирославы "
     "Немцовой. Кандидатура Немцовой оказалась приемлема. Об этом заявила Мирослава Немцова.",
     "PER", "Мирослава Немцова × 4"),
    ("misdeclined_names",  # a name left undeclined as written is no nominative to name it by
     "Президент поговорил с женой 94-летнего политика Грасой Машел, которая находится у "
     "постели. Он связался по телефону с его женой Грасой Машел, которая находится у постели "
     "94-летнего политика.",
     "PER", "Граса Машел × 2"),
    ("misdeclined_names",
     "Мигель Диас-Канель приехал в Москву. Визит Мигеля Диаса-Канеля продлится два дня. "
     "Мигелю Диас-Канелю вручили орден.",
     "PER", "Мигель Диас-Канель × 3"),
    ("misdeclined_names",  # normalised two ways («Ганца» → Ганец): the written words join
     "Эрик Ганц заявил о победе. Сторонники Эрика Ганца вышли на улицы.",
     "PER", "Эрик Ганц × 2"),
    ("misdeclined_names",  # a first name and patronymic the normal form left in the dative
     "Супруге первого президента — Наине Иосифовне — работа понравилась. Наина Иосифовна "
     "поблагодарила авторов.",
     "PER", "Наина Иосифовна × 2"),
    ("short_names_again",  # after familiar_first_names made the three full names one
     "Шоу «Вечер премьер с Катериной Осадчей» вышло. Осадчая пошутила. Хит спели для Кати "
     "Осадчей на шоу с Екатериной Осадчей.",
     "PER", "Екатерина Осадчая × 4"),
    ("short_names",  # a man's declined form («Стояновича») is no woman's, her first name read
     # as a common noun by the dictionary («Ана»: her gender the tagger's)
     "Глава МИД Сербии Милан Стоянович прибыл в Вену. Позицию Стояновича поддержала Венгрия. "
     "В делегацию вошла депутат Ана Стоянович, которая возглавляет комитет. Вучич поручил "
     "Стояновичу отстаивать интересы.",
     "PER", "Милан Стоянович × 3; Ана Стоянович × 1; Вучич × 1"),
    ("short_names",  # compared as written: «Ганца» (normalised Ганец) is Эрик Ганц
     "Эрик Ганц заявил о победе. Сторонники Ганца вышли на улицы.",
     "PER", "Эрик Ганц × 2"),
    ("short_names",
     "Хабиб Нурмагомедов победил. Отец Хабиба Абдулманап Нурмагомедов был тренером. "
     "Хабиб поблагодарил фанатов.",
     "PER", "Хабиб Нурмагомедов × 3; Абдулманап Нурмагомедов × 1"),
    ("short_names",
     "Далер Бобиев приехал в Тюмень. Бобиева встретили в аэропорту.",
     "PER", "Далер Бобиев × 2"),
    ("short_names",  # a particle joined by a hyphen aside
     "Айман аль-Завахири выступил с обращением. Завахири призвал сторонников к терпению.",
     "PER", "Айман аль-Завахири × 2"),
    ("short_names",  # an age adjective the dictionary lacks and a role word are no name
     "Дилма Руссефф выступила в парламенте. Шестидесятивосьмилетняя Руссефф заявила о "
     "заговоре. Пресс-агент Гибсон ответил, что Руссефф права.",
     "PER", "Дилма Руссефф × 3; Гибсон × 1"),
    ("dashed_names",  # a party named by the half of its name before the dash
     "Правящая партия «Грузинская мечта — Демократическая Грузия» получила большинство. "
     "Представители «Грузинской мечты» заявили о победе.",
     "ORG", "Грузинская мечта — Демократическая Грузия × 2"),
    ("eponym_names",  # one hospital named after one person, adjectives and initials aside
     "Центр открыт на базе городской клинической больницы имени Н.И. Пирогова. Главный врач "
     "больницы имени Пирогова рассказала о планах.",
     "ORG", "городская клиническая больница имени Н.И. Пирогова × 2"),
    ("abbreviations",  # numbered_abbreviations: a numbered institution's abbreviation
     "Пациента доставили в Свердловскую областную клиническую больницу № 1. Врачи СОКБ № 1 "
     "провели операцию.",
     "ORG", "Свердловская областная клиническая больница № 1 × 2"),
    ("abbreviations",  # spaced_abbreviation: an abbreviation written in two parts
     "Об этом сообщили в Духовном управлении мусульман Республики Татарстан. Представитель "
     "ДУМ РТ уточнил детали.",
     "ORG", "Духовное управление мусульман Республики Татарстан × 2"),
    ("compound_abbreviations",  # the compound after words alike in both names
     "Грант получили ученые Новосибирского государственного университета. Ректор "
     "Новосибирского госуниверситета Михаил Федорук рад.",
     "ORG", "Новосибирский государственный университет × 2"),
    ("misdeclined_org_names",  # the name in quotes as written outranks its declined forms
     "Поставщиком выступило ПАО «Газпром нефть». Представитель Газпром нефти отказался от "
     "комментариев. В пресс-службе Газпром нефти подтвердили.",
     "ORG", "Газпром нефть × 3; пресс-служба Газпром нефти × 1"),
    ("acronym_with_owner",  # the institute's acronym without the academy's
     "Данные получили в ИКИ РАН. Ученые ИКИ РАН рады. По словам директора ИКИ, прибор "
     "работает.",
     "ORG", "ИКИ РАН × 3"),
    ("owner_left_out",  # the committee named without the body it belongs to
     "Законопроект одобрил профильный комитет Госдумы по финансовому рынку. Председатель "
     "комитета по финансовому рынку Анатолий Аксаков заявил, что нужно время.",
     "ORG", "комитет Госдумы по финансовому рынку × 2; Госдума × 1"),
    ("anonymised_names",  # a court's first name, patronymic and surname initial
     "Суд вынес приговор директору компании Вадиму Сергеевичу К. Как установил суд, Вадим "
     "Сергеевич К. перечислял деньги на счета фирм. В суде обвиняемый К. вину не признал.",
     "PER", "Вадим Сергеевич К. × 3"),
    ("full_name_variants",  # a Korean surname the dictionary knows as a word («чо») stays
     "Министр Чо Хён прибыл в Пекин. Переговоры с Чо Хёном прошли успешно.",
     "PER", "Чо Хён × 2"),
    ("short_names",  # two role nouns joined by a hyphen are no name
     "Художник-постановщик Вера Лагутина выстроила на сцене каркас. Лагутина работает в "
     "театре.",
     "PER", "Вера Лагутина × 2"),
    ("short_names",  # a first name alone joins the one first name and patronymic
     "В 1963 году у Марины Филипповны и Бориса Моисеевича родился сын. Борис работал "
     "инженером.",
     "PER", "Марина Филипповна × 1; Борис Моисеевич × 2"),
    ("short_names",  # a man's patronymic after a woman's name is her surname
     "Девочку зовут Лея Абрамович. Кроме Леи у него есть сын.",
     "PER", "Лея Абрамович × 2"),
    ("short_names",  # the one full name that ends with the word, not one that begins so
     "Митч Сиви победил в гонке. Митч Сиви стал самым пожилым победителем. В прошлом году "
     "его сын Сиви Даллас тоже победил. Сиви пересёк финиш первым.",
     "PER", "Митч Сиви × 3; Сиви Даллас × 1"),
    ("short_names",  # a woman's surname form is no man's, and an official «Surname First
     # Patronymic» is the one the first name and patronymic alone name
     "Соболезнования выразили близким Виктора Тихонова, в частности, внучке Тихоновой "
     "Татьяне Васильевне. Татьяна Васильевна поблагодарила.",
     "PER", "Виктор Тихонов × 1; Татьяна Васильевна Тихонова × 2"),
    ("gendered_namesake",  # the sentence says which of a man and a woman
     "Билл Клинтон и Хиллари Клинтон приехали в Берлин. Вечером Клинтон заявила, что "
     "довольна поездкой.",
     "PER", "Билл Клинтон × 1; Хиллари Клинтон × 2"),
    ("gendered_namesake",
     "Хиллари Клинтон и Билл Клинтон приехали в Берлин. Вечером Клинтон заявил, что доволен "
     "поездкой.",
     "PER", "Хиллари Клинтон × 1; Билл Клинтон × 2"),
    ("leading_namesake",
     "Уоррен Баффет купил акции. Уоррен Баффет доволен. Компанию Уоррена Баффета оценили. "
     "Его сын Говард Баффет промолчал. Баффет пообещал новые покупки.",
     "PER", "Уоррен Баффет × 4; Говард Баффет × 1"),
    ("leading_namesake",  # a headline's surname before anyone is named in full
     "Липницкой предложили работу\n\nЮлия Липницкая завершила карьеру. Юлия Липницкая "
     "выступала за ЦСКА. Юлия Липницкая пока молчит. Её мать Даниела Липницкая рассказала о "
     "решении дочери.",
     "PER", "Юлия Липницкая × 4; Даниела Липницкая × 1"),
    ("short_names",  # first names listed together are not a full name named later
     "Сыновья актера, Александр и Сергей, поблагодарили врачей. Мэр Москвы Сергей Собянин "
     "выразил соболезнования.",
     "PER", "Александр × 1; Сергей × 1; Сергей Собянин × 1"),
    ("short_names",  # a generation joined by a hyphen aside
     "Окружной прокурор Сайрус Вэнс-младший выступил в суде. Вэнс заявил, что дело закрыто.",
     "PER", "Сайрус Вэнс-младший × 2"),
    ("short_names",  # his genitive, written as her surname, before she is named: his
     "Суд приговорил бывшего министра транспорта Татарстана Ленара Сафина к шести годам "
     "колонии. Адвокат Сафина Алсу Гарипова заявила, что приговор будет обжалован. Вдова "
     "бывшего министра экономики Альфия Сафина рассказала, что их семьи не связаны родством.",
     "PER", "Ленар Сафин × 2; Алсу Гарипова × 1; Альфия Сафина × 1"),
    ("leading_namesake",  # every mention before a second namesake is named: the first's
     "Суд арестовал Тимура Садыкова. По версии следствия, Садыков получил взятку. Сам Садыков "
     "вину не признал. По делу проходит его сын Артем Садыков.",
     "PER", "Тимур Садыков × 3; Артем Садыков × 1"),
    ("leading_namesake",  # a headline's surname too, when the son is named after them all
     "Гергиев возглавил Большой театр\n\nПутин назначил генеральным директором Большого "
     "театра Валерия Гергиева. Гергиев руководит Мариинским театром с 1988 года. Сын "
     "дирижёра Абисал Гергиев учится в консерватории.",
     "PER", "Валерий Гергиев × 3; Путин × 1; Абисал Гергиев × 1"),
    ("leading_namesake",  # no one named first and most often: it stays apart
     "Рауль Кастро и Фидель Кастро встретились. Кастро выступил с речью.",
     "PER", "Рауль Кастро × 1; Фидель Кастро × 1; Кастро × 1"),
    ("abbreviations",
     "Комитет защиты журналистов выпустил доклад. КЗЖ призвал власти освободить репортёров.",
     "ORG", "Комитет защиты журналистов × 2"),
    ("coordinated_tails",  # a headline's shorter name, then the whole; the bare head too
     "В Тюмени задержали бывшего главу департамента дорожной инфраструктуры\n\nСотрудники "
     "УФСБ задержали бывшего директора департамента дорожной инфраструктуры и транспорта "
     "Тюмени Олега Мичурина. Мичурин руководил департаментом с 2018 года.",
     "ORG", "департамент дорожной инфраструктуры и транспорта Тюмени × 3; УФСБ × 1"),
    ("nested_org_names",
     "Инвестиционная компания «Питер Траст» сообщила о сделке. ИК «Питер Траст» купила "
     "акции.",
     "ORG", "Питер Траст × 3"),  # the nested «Питер Траст» mention too
    ("nested_org_names",  # a legal form of models/entity_words.yaml legal_forms
     "НК ЮКОС обанкротилась. ЮКОС был крупнейшей нефтяной компанией.",
     "ORG", "ЮКОС × 2"),
    ("bare_body_heads",
     "Министерство социальной политики Свердловской области сообщило о выплатах. Как "
     "пояснили в министерстве, деньги придут в мае.",
     "ORG", "Министерство социальной политики Свердловской области × 2"),
    ("name_without_place",
     "Конгресс США собрался на сессию. Конгресс одобрил бюджет.",
     "ORG", "Конгресс США × 2"),
    ("name_without_place",
     "Законодательное собрание Приморского края приняло закон. Законодательное собрание "
     "отклонило поправки.",
     "ORG", "Законодательное собрание Приморского края × 2"),
    ("familiar_first_names",
     "Хоккеист Алексей Тихонов вышел на лёд. Потом Лёша Тихонов улыбнулся тренеру.",
     "PER", "Алексей Тихонов × 2"),
    ("familiar_first_names",
     "Футболист Юрий Жирков забил гол. Юра был счастлив.",
     "PER", "Юрий Жирков × 2"),
    ("familiar_first_names",  # a first name's other form alone
     "Президентом Греции избрана Екатерина Сакелларопулу. Катерина будет первой женщиной на "
     "этом посту.",
     "PER", "Екатерина Сакелларопулу × 2"),
    ("familiar_first_names",  # an English short form
     "Шериф Джо Арпайо помилован. Джозеф Арпайо поблагодарил президента.",
     "PER", "Джозеф Арпайо × 2"),
    ("spelling_variants",  # one letter changed after the first: a typo
     "Джохар Царнаев задержан. Позже Джохар Цорнаев заявил о давлении.",
     "PER", "Джохар Царнаев × 2"),
    ("spelling_variants",
     "Генсек ООН Антониу Гутерреш выступил. Затем Антониу Гутерриш призвал к миру.",
     "PER", "Антониу Гутерреш × 2"),
    ("spelling_variants",  # a short surname with a letter doubled
     "Писатель Пол Скотт приехал в Москву. Пол Скот встретился с читателями.",
     "PER", "Пол Скотт × 2"),
    ("spelling_variants",  # a middle name, the surname spelled two ways
     "Майкл Дэвид Баретт признал вину. Суд над Майклом Дэвидом Барреттом завершился.",
     "PER", "Майкл Дэвид Баретт × 2"),
    ("spelling_variants",  # brothers: other first names stay apart
     "Виталий Кличко и Владимир Кличко приехали.",
     "PER", "Виталий Кличко × 1; Владимир Кличко × 1"),
    ("reordered_names",
     "Александр Горлов выступил на митинге. Горлов Александр сообщил о задержании.",
     "PER", "Александр Горлов × 2"),
    ("reordered_names",  # named first name first, the patronymic kept
     "Соловьёв Александр Васильевич отстранён. Александр Соловьёв не согласился.",
     "PER", "Александр Васильевич Соловьёв × 2"),
    ("names_within_names",  # the lone first name then has one owner
     "Фидель Алехандро Кастро Рус родился в 1926 году. Фидель Кастро правил Кубой. Его брат "
     "Рауль Кастро сменил его. Фидель ушёл в 2008 году.",
     "PER", "Фидель Алехандро Кастро Рус × 3; Рауль Кастро × 1"),
    ("transliterated_names",  # an English «w» written «у» or «в»
     "Актёр Уэнтуорт Миллер снялся в сериале. Вентворт Миллер рассказал о роли.",
     "PER", "Уэнтуорт Миллер × 2"),
    ("transliterated_names",  # a middle name aside
     "Леннона убил Марк Дэвид Чэпмен. Марк Чепмен находился на улице у дома.",
     "PER", "Марк Дэвид Чэпмен × 2"),
    ("transliterated_names",  # other middle names: two people
     "Эмир Катара шейх Хамад бен Халиф Аль Тани и премьер-министр Катара шейх Хамад бен "
     "Джасем Аль Тани встретились.",
     "PER", "Хамад бен Халиф Аль Тани × 1; Хамад бен Джасем Аль Тани × 1"),
    ("transliterated_names",
     "Актриса Кэрри Фишер умерла. Керри Фишер сыграла в «Звёздных войнах».",
     "PER", "Кэрри Фишер × 2"),
    ("transliterated_names",  # a Spanish final «-с» written «-з»
     "Актриса Камерон Диас вышла замуж. Кэмерон Диаз и Бенджи Мэдден поженились.",
     "PER", "Камерон Диас × 2; Бенджи Мэдден × 1"),
    ("transliterated_names",  # named as written in the nominative, not as a guess
     "На конкурсе выступил Раймон Паулс. Песни Раймонда Паулса звучали весь вечер.",
     "PER", "Раймон Паулс × 2"),
    ("transliterated_names",  # a man's and a woman's first names stay apart
     "Евгений Плющенко выступил на льду. Евгения Плющенко выступила на телевидении.",
     "PER", "Евгений Плющенко × 1; Евгения Плющенко × 1"),
    ("misspelled_surnames",
     "Николай Бурков рассказал о проекте. По словам Бурова, всё готово.",
     "PER", "Николай Бурков × 2"),
    ("misspelled_surnames",  # «э» for «е», a letter doubled: two transliterations
     "Дэвид Бекхэм приехал в Милан. Бэкхем сыграл за клуб. Колин Маккалоу умерла. "
     "Макаллоу написала роман.",
     "PER", "Дэвид Бекхэм × 2; Колин Маккалоу × 2"),
    ("misspelled_surnames",  # a Spanish «ll» as «ль» and as «й»: two transliterations
     "Президент парламента Диосдадо Кабельо выступил в Каракасе. Кабейо заявил о победе.",
     "PER", "Диосдадо Кабельо × 2"),
    ("misspelled_surnames",  # two people so spelled: the one named first and most
     "Колин Маккалоу родилась в Веллингтоне. Колин Маккалоу написала роман. Её мать Лора "
     "Маккалоу была из Новой Зеландии. Макаллоу умерла в январе.",
     "PER", "Колин Маккалоу × 3; Лора Маккалоу × 1"),
    ("misspelled_surnames",  # a letter changed after the first three
     "Геннадий Кернес прибыл в Харьков. Сторонники Курнеса собрались у здания.",
     "PER", "Геннадий Кернес × 2"),
    ("misspelled_surnames",  # a wife's surname is no misspelling of her husband's
     "Ильхам Алиев прилетел в Москву. Мехрибан Алиева осталась в Баку. Алиевой вручили цветы.",
     "PER", "Ильхам Алиев × 1; Мехрибан Алиева × 2"),
    ("leading_adjectives",  # a facility likewise
     "Службу провели в Исаакиевском соборе. Исаакиевский собор открыт для туристов. В "
     "Кафедральном Исаакиевском соборе прошёл концерт.",
     "FAC", "Кафедральный Исаакиевский собор × 2"),
    ("leading_adjectives",  # a capitalised name is not the country's body without it
     "Сирийская армия отступила. Боевики Свободной сирийской армии наступают.",
     "ORG", "сирийская армия × 1; Свободная сирийская армия × 1"),
    ("leading_adjectives",
     "Земельный суд Вены рассмотрел иск. Суд Вены отказал заявителю.",
     "ORG", "Земельный суд Вены × 2"),
    ("leading_adjectives",  # a no-break space inside «№ 2» is no word
     "Его доставили в московскую Инфекционную больницу №\u00a02. Врачи Инфекционной больницы "
     "№\u00a02 сообщили о его состоянии.",
     "ORG", "московская Инфекционная больница № 2 × 2"),
    ("leading_adjectives",  # an adjective of rank makes another court
     "Высший земельный суд Вены отменил решение. Земельный суд Вены рассмотрит дело снова.",
     "ORG", "Высший земельный суд Вены × 1; Земельный суд Вены × 1"),
    ("leading_adjectives",  # two museums so named: «Художественный музей» stays apart
     "Сочинский художественный музей и Ялтинский художественный музей открыли выставки. "
     "Директор Художественного музея Ольга Петрова рассказала о планах.",
     "ORG", "Сочинский художественный музей × 1; Ялтинский художественный музей × 1; "
            "Художественный музей × 1"),
    ("leading_adjectives",  # a place's adjective before an abbreviation
     "Петербургский СКА на домашнем льду победил московский ЦСКА. СКА поднялся на третье "
     "место.",
     "ORG", "СКА × 2; ЦСКА × 1"),
    ("named_after_tails",
     "Студенты МГУ имени М. В. Ломоносова вышли на субботник. Ректор МГУ поблагодарил их.",
     "ORG", "МГУ имени М. В. Ломоносова × 2"),
    ("eponym_adjectives",  # with or without «имени»
     "Прощание пройдет в Театре Вахтангова. Худрук Вахтанговского театра выступит с речью.",
     "ORG", "Вахтанговский театр × 2"),
    ("named_after_tails",  # the eponym without «имени»
     "Прощание пройдет в Театре имени Е. Б. Вахтангова. Актер служил в Театре Вахтангова с "
     "1957 года.",
     "ORG", "Театр имени Е. Б. Вахтангова × 2"),
    ("city_club_names",  # either half of a club's name: the city or the words after it
     "Игрок «Манчестер Юнайтед» забил гол. «Манчестер» выиграл матч. «Лос-Анджелес "
     "Гэлакси» подписал игрока. В «Гэлакси» рады.",
     "ORG", "Манчестер Юнайтед × 2; Лос-Анджелес Гэлакси × 2"),
    ("city_club_names",  # two clubs of one city: the city alone stays apart
     "«Манчестер Юнайтед» и «Манчестер Сити» сыграли вничью. «Манчестер» доволен.",
     "ORG", "Манчестер Юнайтед × 1; Манчестер Сити × 1; Манчестер × 1"),
    ("latin_legal_forms",  # then «Westinghouse» is the one longer name
     "Компания Westinghouse Electric Co объявила о банкротстве. Westinghouse Electric "
     "принадлежит Toshiba. Westinghouse Electric Corporation основана в 1886 году. Сейчас "
     "Westinghouse ищет покупателя.",
     "ORG", "Westinghouse Electric Corporation × 4; Toshiba × 1"),
    ("latin_name_parts",
     "Компания Oracle купила Sun Microsystems. Акции Sun выросли на 40%.",
     "ORG", "Oracle × 1; Sun Microsystems × 2"),
    ("latin_name_parts",  # the words that end a longer name, several of them
     "Группа The Rolling Stones выступила в Гаване. Rolling Stones сыграли два часа.",
     "ORG", "The Rolling Stones × 2"),
    ("latin_name_parts",
     "Фонд Hermitage Capital Management подал иск. Hermitage Capital требует компенсации.",
     "ORG", "Hermitage Capital Management × 2"),
    ("latin_name_parts",  # «Sachs» begins one name and ends another: apart
     "Банк Goldman Sachs и фонд Sachs Capital отчитались. Акции Sachs упали.",
     "ORG", "Goldman Sachs × 1; Sachs Capital × 1; Sachs × 1"),
    ("compound_tails",
     "Мосгоризбирком отказал кандидатам. Избирком сослался на подписи.",
     "ORG", "Мосгоризбирком × 2"),
    ("compound_tails",  # two compounds end with «дума»: apart
     "Мосгордума и Госдума приняли законы. Дума заседает.",
     "ORG", "Мосгордума × 1; Госдума × 1; Дума × 1"),
    ("place_adjective_names",  # named with the place among its words
     "На чемпионате выступила японская сборная по волейболу. Сборная Японии по волейболу "
     "победила.",
     "ORG", "Сборная Японии по волейболу × 2"),
    ("place_adjective_names",  # «пресс-служба» is a word of the name: apart
     "Об этом сообщила пресс-служба МВД Киргизии. В МВД Киргизии отказались от комментариев.",
     "ORG", "пресс-служба МВД Киргизии × 1; МВД Киргизии × 2"),
    ("adjective_names",
     "Балет Большого театра уехал на гастроли. Худрук Большого остался в Москве.",
     "ORG", "Большой театр × 2"),
    ("adjective_names",  # two ORGs begin with «Большой»: apart
     "Солисты Большого театра и музыканты Большого симфонического оркестра выступили вместе. "
     "Худрук Большого остался доволен.",
     "ORG", "Большой театр × 1; Большой симфонический оркестр × 1; Большой × 1"),
    ("abbreviations",  # a place's too
     "В Приднестровской Молдавской Республике прошли выборы. Жители ПМР проголосовали.",
     "LOC", "Приднестровская Молдавская Республика × 2"),
    ("abbreviations",  # the name without the place it ends with
     "Жильцы обратились в Государственную жилищную инспекцию Тюменской области. ГЖИ "
     "подтвердила нарушения.",
     "ORG", "Государственная жилищная инспекция Тюменской области × 2"),
    ("abbreviations",  # not two bodies the lexicon tells apart
     "Французский лидер напомнил, что Европейский совет уже одобрил идею. ЕС ждет.",
     "ORG", "Европейский совет × 1; ЕС × 1"),
    ("abbreviations",  # the abbreviation need not be the first mention
     "Рабочие завода «ЗАЗ» бастуют. Запорожский автомобилестроительный завод остановил "
     "конвейер. ЗАЗ выпустит новую модель.",
     "ORG", "Запорожский автомобилестроительный завод × 3"),
    ("quoted_inner_names",
     "Об этом сообщает РИА «Новости». По данным «Новостей», всё спокойно.",
     "ORG", "РИА Новости × 3"),
    ("quoted_inner_names",  # a name that depends on the word before it is another ORG
     "Об этом сказал корреспондент Русской службы «Голоса Америки».",
     "ORG", "Русская служба Голоса Америки × 1; Голос Америки × 1"),
    ("names_with_aliases",
     "Антимонопольная комиссия Европейского союза (ЕС) оштрафовала Microsoft. Решение "
     "комиссии ЕС обжалуют.",
     "ORG", "Антимонопольная комиссия Европейского союза × 2; Европейский союз × 3; "
            "Microsoft × 1"),
    ("names_with_aliases",  # a city's type word before the place aside
     "Администрация г. Калининграда сообщила об этом. Позже администрация Калининграда "
     "уточнила.",
     "ORG", "администрация г. Калининграда × 2"),
    ("names_with_aliases",  # a capitalised adjective inside a sentence names: two courts
     "Советский районный суд Махачкалы отправил его под домашний арест. Дело его "
     "заместителя рассматривает Кировский районный суд Махачкалы.",
     "ORG", "Советский районный суд Махачкалы × 1; Кировский районный суд Махачкалы × 1"),
    ("capitalised_heads",
     "Национальный конгресс Бразилии одобрил закон. Через неделю Конгресс соберётся снова.",
     "ORG", "Национальный конгресс Бразилии × 2"),
    ("capitalised_heads",  # of two, the one whose head is capitalised too
     "Комиссия по ценным бумагам США подала иск к банку. Иск поддержала комиссия по надзору "
     "за банками. Позже Комиссия настояла на штрафе.",
     "ORG", "Комиссия по ценным бумагам США × 2; комиссия по надзору за банками × 1"),
    ("misdeclined_places",  # a river named by an adjective is no form of the town's name
     "Сброс в воды реки Норильской продолжается. Жители Норильска недовольны. В Норильске "
     "прошёл митинг.",
     "LOC", "Норильская × 1; Норильск × 2"),
    ("misdeclined_places",
     "Село Унцукуль стоит в горах. В Унцукули прошёл праздник.",
     "LOC", "Унцукуль × 2"),
    ("misdeclined_places",  # no guessed vowel inside an unknown name («Сиртом» is no «Сирот»)
     "Бои идут под Сиртом. Город Сирт окружён.",
     "LOC", "Сирт × 2"),
    ("misdeclined_places",  # both in the gazetteer: two countries
     "Нигер и Нигерия подписали договор.",
     "LOC", "Нигер × 1; Нигерия × 1"),
    ("misdeclined_org_names",
     "Оператор К-Телеком купил долю К-Телекома.",
     "ORG", "К-Телеком × 2"),
    ("misdeclined_org_names",  # three cases of one name: all join the shortest
     "Сеть арендуют у оператора «К-Телекома». Платежи «К-Телекому» велики. В Крыму работает "
     "«К-Телеком».",
     "ORG", "К-Телеком × 3"),
    ("misdeclined_org_names",  # a form of another record's other name («Кредитинвест»)
     "ЦБ отозвал лицензию у дагестанского КБ «Кредитинвест». Временная администрация назначена "
     "в Кредитинвест. Акционеры Кредитинвеста не согласны.",
     "ORG", "ЦБ × 1; дагестанское КБ Кредитинвест × 4; временная администрация × 1"),
    ("misdeclined_org_names",  # a Latin name does not decline: «App» is no form of «Apple»
     "Apple выпустила новый телефон. Приложение доступно в App Store.",
     "ORG", "Apple × 1; App × 1"),
    ("bare_street_names",
     "Сайты работали в доме 55 по улице Савушкина в Санкт-Петербурге. Период «прописки» на "
     "Савушкина объясняют удобством.",
     "LOC", "улица Савушкина × 2; Санкт-Петербург × 1"),
    ("bare_street_names",  # a name listed after a plural type word joins its street
     "Дома стоят на улице Крупской в Перми. Аварий в районе улиц Крупской и Циолковского не "
     "было.",
     "LOC", "улица Крупской × 2; Пермь × 1; улица Циолковского × 1"),
    ("compound_abbreviations",
     "Государственный совет Кубы собрался на сессию. Госсовет Кубы избрал председателя.",
     "ORG", "Государственный совет Кубы × 2"),
    ("compound_abbreviations",  # a place's adjective before the compounded words
     "Депутаты Тюменской городской думы поддержали проект. Председатель гордумы выступил.",
     "ORG", "Тюменская городская дума × 2"),
    ("po_tails",
     "Сборная России по хоккею выиграла матч. Сборная России теперь лидирует в группе.",
     "ORG", "Сборная России по хоккею × 2"),
    ("bare_body_heads",  # a ministry named by its abbreviation has the head too
     "Минобрнауки разработало новые правила приёма. Как пояснили в министерстве, школы "
     "получат деньги.",
     "ORG", "Минобрнауки × 2"),
    ("bare_body_heads",  # two names of one ministry: one body, the head joins it
     "Минкульт выделил деньги. Министерство культуры России сообщило о конкурсе. В "
     "министерстве пояснили детали.",
     "ORG", "Министерство культуры России × 3"),
    ("bare_body_heads",  # two bodies with the head: it stays apart
     "Правительство Москвы утвердило бюджет, а правительство Франции его раскритиковало. "
     "В ответ правительство промолчало.",
     "ORG", "Правительство Москвы × 1; правительство Франции × 1; правительство × 1"),
    ("bare_body_heads",  # one ministry of two countries each: the head stays apart
     "МИД КНР заявил протест Токио. Японский МИД протест Пекина отклонил. Официальный "
     "представитель министерства Томоко Ямасита выступила.",
     "ORG", "МИД КНР × 1; Японский МИД × 1; министерство × 1"),
    ("titled_names",
     "Принц Уильям женился на Кейт Миддлтон. Свадьба Уильяма прошла в Лондоне. Принцу "
     "Уильяму 29 лет.",
     "PER", "Уильям × 3; Кейт Миддлтон × 1"),
    ("titled_names",  # a declension error of a man's name in «-а» makes no record either
     "Президент наградил режиссёра Эмира Кустурицу орденом Дружбы. Кроме Кустурицы награду "
     "получили другие.",
     "PER", "Кустурица × 2"),
    ("gendered_surname_forms",  # «Завьяловой» left unnormalised: only a woman's form
     "Пётр Завьялов обвиняется в убийстве матери, артистки Александры Завьяловой. В суде "
     "проходит суд над Петром Завьяловым. Соседи Завьяловой дали показания.",
     "PER", "Пётр Завьялов × 2; Александра Завьялова × 2"),
    ("leading_first_namesake",
     "Хулио Иглесиас выступил в Мадриде. Хулио Иглесиас спел. Хулио Иглесиас-младший пришёл "
     "на концерт. Хулио поблагодарил зрителей.",
     "PER", "Хулио Иглесиас × 3; Хулио Иглесиас-младший × 1"),
    ("leading_first_namesake",  # no one named first and most often: it stays apart
     "Хулио Иглесиас и Хулио Сесар встретились. Хулио улыбнулся.",
     "PER", "Хулио Иглесиас × 1; Хулио Сесар × 1; Хулио × 1"),
    ("patronymic_surnames",
     "Адвокат Абрамовича заявил о победе. Роман Абрамович выиграл суд.",
     "PER", "Роман Абрамович × 2"),
    ("misdeclined_names",  # after a relative's word a name is whose relative: his genitive
     "Евгений Пригожин остался в Москве. Жена Евгения Пригожина уехала.",
     "PER", "Евгений Пригожин × 2"),
    ("misdeclined_names",  # «его жена Евгения …» names her
     "Евгений Плющенко выступил. Его жена Евгения Плющенко пришла.",
     "PER", "Евгений Плющенко × 1; Евгения Плющенко × 1"),
    ("misdeclined_names",  # «Марьяна Шареца» is no woman: «Шареца» is no woman's «Шарец»
     "Премьер Марьян Шарец ушёл в отставку. Правительство Марьяна Шареца пало.",
     "PER", "Марьян Шарец × 2"),
    ("generation_names",
     "Покушавшийся на Рейгана Джон Хинкли выйдет на свободу. Хинкли-младший провёл в клинике "
     "35 лет.",
     "PER", "Рейган × 1; Джон Хинкли × 2"),
    ("generation_names",  # a full name with a generation names him first
     "Роберт Генри Лоуренс-младший мог стать первым чернокожим астронавтом. Роберт Лоуренс "
     "погиб в 1967 году.",
     "PER", "Роберт Генри Лоуренс-младший × 2"),
    ("generation_names",  # a relative's word before it: the son, not the father
     "Хулио Иглесиас дал концерт в Мадриде. Хулио Иглесиас спел старые песни. Пришёл и его "
     "сын Хулио Иглесиас-младший.",
     "PER", "Хулио Иглесиас × 2; Хулио Иглесиас-младший × 1"),
    ("generation_names",  # of namesakes, the one a relative's word of its generation names
     "Хабиб Нурмагомедов победил. Отец Хабиба Абдулманап Нурмагомедов доволен. "
     "Нурмагомедов-старший тренировал сына.",
     "PER", "Хабиб Нурмагомедов × 2; Абдулманап Нурмагомедов × 2"),
    ("generation_names",  # of two namesakes, the one the other generation's word does not name
     "Суд арестовал Тимура Садыкова. По делу проходит его сын Артем Садыков. Прокуратура "
     "требует изъять имущество Садыкова-старшего.",
     "PER", "Тимур Садыков × 2; Артем Садыков × 1"),
    ("generation_names",  # both generations named: the name without one stays apart
     "Джордж Буш-старший поздравил сына. Джордж Буш-младший поблагодарил отца. Джордж Буш "
     "уехал.",
     "PER", "Джордж Буш-старший × 1; Джордж Буш-младший × 1; Джордж Буш × 1"),
    ("generation_names",  # a relative's word right after a name: «— отец спикера»
     "Инициатором выступил депутат Баир Тумунов — отец спикера Цырена Тумунова. «Я помню "
     "реку», — рассказал Тумунов-старший.",
     "PER", "Баир Тумунов × 2; Цырен Тумунов × 1"),
    ("generation_names",  # both generations, one named by a relative's word, the other not
     "Его отец, кинооператор Андрей Лисицын, снимал картину. Режиссёр Глеб Лисицын доволен. "
     "По словам Лисицына-старшего, было холодно. Писательница поблагодарила "
     "Лисицына-младшего.",
     "PER", "Андрей Лисицын × 2; Глеб Лисицын × 2"),
    ("lone_names_written_alike",  # «легендарному Пеле» guessed «Пела»: the same word
     "Врачи разрешили легендарному Пеле зажечь огонь. Пеле ходит с тростью. Вчера Пеле "
     "выступил.",
     "PER", "Пеле × 3"),
    ("lone_names_written_alike",  # a man's and a woman's form of one surname stay apart
     "Брат Иванова пришёл. Иванова не было дома. Иванова сказала, что не знает.",
     "PER", "Иванов × 2; Иванова × 1"),
    ("double_surnames",
     "Премию имени Джозефа Конрада-Коженевского вручили в Кракове. Премию имени Джозефа "
     "Конрада основали в 2007 году.",
     "PER", "Джозеф Конрад-Коженевский × 2"),
    ("double_surnames",  # a surname alone that another full name ends with is that one's
     "Мария Кюри-Склодовская и Пьер Кюри работали вместе. Кюри умер в 1906 году.",
     "PER", "Мария Кюри-Склодовская × 1; Пьер Кюри × 2"),
    ("latin_spellings",
     "Приз получил сценарист Джонатан Эймс. Эймс поблагодарил жюри. Роман Jonathan Ames вышел "
     "в 2013 году.",
     "PER", "Джонатан Эймс × 3"),
    ("short_names",  # a first name and patronymic: the namesake named before it
     "Председатель правления «Газпрома» Алексей Миллер прибыл в Астану. Алексей Борисович "
     "передал приветствие. Позже выступил вице-премьер Алексей Оверчук.",
     "PER", "Алексей Борисович Миллер × 2; Алексей Оверчук × 1"),
    ("middle_names_alone",
     "Президент Луис Инасиу Лула да Силва выступил в Сан-Паулу. Лула обвинил оппонентов.",
     "PER", "Луис Инасиу Лула да Силва × 2"),
    ("latin_spellings",  # of two Cyrillic names, the one that sounds alike
     "Майкл Джордан и Майкл Джексон встретились. Michael Jordan улыбнулся.",
     "PER", "Майкл Джордан × 2; Майкл Джексон × 1"),
]


@pytest.fixture(scope="module")
def records(extractor: Extractor):
    cache: dict[str, list[dict]] = {}

    def of(text: str) -> list[dict]:
        if text not in cache:
            cache[text] = extractor.extract(text).entities
        return cache[text]
    return of


def test_every_rule_has_a_golden_row() -> None:
    assert [rule.__name__ for rule in MERGE_RULES] == [
        "full_name_variants", "initialled_names", "misdeclined_names", "reordered_names",
        "names_within_names", "transliterated_names", "short_names", "gendered_namesake",
        "leading_namesake",
        "abbreviations",
        "nested_org_names", "coordinated_tails", "bare_body_heads", "name_without_place",
        "city_club_names",
        "familiar_first_names",
        "spelling_variants", "misspelled_surnames", "leading_adjectives", "named_after_tails",
        "eponym_adjectives",
        "latin_legal_forms", "latin_name_parts", "quoted_inner_names",
        "names_with_aliases", "capitalised_heads", "misdeclined_places",
        "compound_abbreviations", "po_tails", "titled_names",
        "gendered_surname_forms", "patronymic_surnames", "leading_first_namesake",
        "adjective_names", "compound_tails", "place_adjective_names", "misdeclined_org_names",
        "bare_street_names", "generation_names", "lone_names_written_alike",
        "latin_spellings", "double_surnames", "short_names_again", "middle_names_alone",
        "anonymised_names", "owner_left_out", "eponym_names", "dashed_names",
        "acronym_with_owner"]
    assert {row[0] for row in GOLDEN} == {rule.__name__ for rule in MERGE_RULES} | {
        "parenthesised", "alias_phrases"}


@pytest.mark.parametrize(("rule", "text", "label", "expected"), GOLDEN,
                         ids=[f"{row[0]}-{i}" for i, row in enumerate(GOLDEN)])
def test_golden(records, rule: str, text: str, label: str, expected: str) -> None:
    got = "; ".join(f"{e['name']} × {e['count']}" for e in records(text)
                    if e["label"] == label)
    assert got == expected


@pytest.mark.parametrize(("latin", "cyrillic"), [
    ("Lawrence", "Лоуренс"), ("Zeiger", "Зайгер"), ("Cockrel", "Кокрел"), ("Michael", "Майкл"),
    ("George", "Джордж"), ("Schwarzenegger", "Шварценеггер"), ("Ohanian", "Оганян"),
    ("Watson", "Уотсон"), ("Jonathan", "Джонатан")])
def test_latin_and_cyrillic_spellings_sound_alike(latin: str, cyrillic: str) -> None:
    from nlp_extract.pipeline.latin_names import cyrillic_sounds, latin_sounds

    assert latin_sounds(latin) == cyrillic_sounds(cyrillic)


@pytest.mark.parametrize(("latin", "cyrillic"), [
    ("Jordan", "Джексон"), ("Robert", "Роман"), ("Mark", "Марат")])
def test_other_names_sound_otherwise(latin: str, cyrillic: str) -> None:
    from nlp_extract.pipeline.latin_names import cyrillic_sounds, latin_sounds

    assert latin_sounds(latin) != cyrillic_sounds(cyrillic)


def test_name_words_and_stems() -> None:
    assert name_words("Ж.-К.Трише") == ["ж.", "к.", "трише"]
    assert {stem(word) for word in ("скрипаля", "скрипаль", "скрипал")} == {"скрипал"}
    assert stem("ивановой") == stem("иванов")
    assert stem("лоуренса-младшего") == stem("лоуренс-младший") == "лоуренс-младш"


@pytest.mark.parametrize(("word", "gender"), [
    ("завьяловой", "Fem"), ("липницкой", "Fem"), ("ивановым", "Masc"), ("петрове", "Masc"),
    ("завьялова", None), ("иванову", None), ("обама", None)])
def test_surname_form_gender(word: str, gender: str | None) -> None:
    from nlp_extract.pipeline.person_merges import surname_form_gender

    assert surname_form_gender(word) == gender


@pytest.mark.parametrize(("a", "b", "family"), [
    ("плющенко", "плющенко", True), ("иванов", "иванова", True), ("иванова", "иванов", True),
    ("яровой", "яровая", True), ("шарец", "шареца", False), ("обама", "обамы", False)])
def test_surnames_of_one_family(a: str, b: str, family: bool) -> None:
    """A man's and a woman's first name keep two people apart only with one family's
    surname; «Марьяна Шареца» beside «Марьян Шарец» is a declension error."""
    from nlp_extract.pipeline.person_merges import _surnames_of_one_family

    assert _surnames_of_one_family(a, b) is family


def test_place_spelled_with_and_without_hyphen_is_one_record(records) -> None:
    """``group_mentions``: a place's hyphen is a space when mentions are first grouped."""
    places = [(e["name"], e["count"]) for e in records(
        "Жители Сазерленд-Спрингс и Сазерленд Спрингс скорбят.") if e["label"] == "LOC"]
    assert places == [("Сазерленд Спрингс", 2)]


def test_one_name_typed_with_two_apostrophes_is_one_record(records) -> None:
    text = ("Французская газета L'Est Republicain написала об этом. Также L’Est Republicain "
            "замечает, что комментарий удалён.")
    assert [(e["name"], e["count"]) for e in records(text) if e["label"] == "ORG"] == [
        ("L'Est Republicain", 2)]
