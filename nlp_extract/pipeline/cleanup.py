"""Mention hygiene: split what the NER glued together, trim what it left hanging.

«Джоэл Саймон (Joel Simon)» → «Джоэл Саймон» + «Joel Simon»; «Овечкин, Фёдоров» → two
mentions; «Бернс (» → «Бернс»; «Туркмения • Уганда» → two places. Quotes stay when they
are balanced inside the mention, and the dot after an initial stays («В. Л.»). What NER cut
apart is joined: a first name and its surname (``joined_names``: «Марина Филипповна» +
«Ходорковская»; ``joined_reversed_names``: «Тихоновой» + «Татьяне Васильевне»;
``joined_surnames``: «Абдулманап» + «Нурмагомедов» when the article names another
Нурмагомедов), a name and its initials (``joined_initials``: «Иванов» + «И.И.»), a
first name and the patronymic NER began with (``first_name_taken_in``: «Айдар» + «Наилевич
Губайдулин»). Two people NER glued together are cut apart (:mod:`.glued_people`: «Маркоса
Акино стала» beside «Фердинанд Маркос» and «Корасон Акино»). A sentence's first word that is
never a name leaves the mention («Перекрыты Тверская»), and a title leaves a place («Эмир
Катара» → «Катара»), an age a person («56-летний С.Джобс»). A site NER ran an
organisation's name on into is a mention of its own (``glued_site``: «Тюменской областной
библиотеки Znak.com заявили»).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..folding import fold
from ..lexicons.words import entity_words
from .arrays import doc_text
from .casing import has_reading, never_a_name, never_a_verb, starts_sentence
from .entity_groups import given_name_word, has_cyrillic, is_patronymic, stem
from .extensions import mentions, register_extensions, set_mentions
from .glued_people import agree_as_one_name, glued_people, is_dictionary_name, place_then_person
from .tokens import (
    CLOSING_QUOTES,
    OPENING_QUOTES,
    agrees,
    case_of,
    is_site,
    opens_quote,
    quoted_mask,
)
from .trace import note, tracing

SEPARATORS = frozenset({"(", ")", "[", "]", ",", ";", "•", "|", "/", "—", "–", "·"})
_OPENING = OPENING_QUOTES
_CLOSING = CLOSING_QUOTES


def _is_initial_dot(tokens: list[Token], index: int) -> bool:
    """The dot after an initial («В. Л.»), not a sentence's full stop after a regnal number
    («король Харальд V.»: :func:`_regnal_number`)."""
    token = tokens[index]
    return token.text == "." and index > 0 and len(tokens[index - 1].text) == 1 and \
        tokens[index - 1].text.isupper() and not _regnal_number(tokens, index - 1)


def _regnal_number(tokens: list[Token], index: int) -> bool:
    """A Latin «I», «V» or «X» right after a Cyrillic word: a monarch's number, no initial."""
    return tokens[index].text in ("I", "V", "X") and index > 0 and \
        has_cyrillic(tokens[index - 1].text)


def _trim(tokens: list[Token]) -> list[Token]:
    start, end = 0, len(tokens)
    while start < end and not any(ch.isalnum() for ch in tokens[start].text) and \
            tokens[start].text not in _OPENING:
        start += 1
    while end > start and not any(ch.isalnum() for ch in tokens[end - 1].text):
        last = tokens[end - 1]
        if _is_initial_dot(tokens, end - 1):
            break
        if last.text in _CLOSING and any(t.text in _OPENING for t in tokens[start:end - 1]):
            break
        end -= 1
    kept = tokens[start:end]
    if kept and kept[0].text in _OPENING and not any(t.text in _CLOSING for t in kept[1:]):
        kept = kept[1:]
    return kept


def _without_first_word(span: Span) -> Span:
    """The mention from its second word on, a space token after the first word skipped
    («Передает», two spaces, «УНН» → «УНН»)."""
    start = span.start + 1
    while start < span.end - 1 and span.doc[start].is_space:
        start += 1
    return Span(span.doc, start, span.end, label=span.label_)


def _without_person_head(span: Span) -> Span | None:
    """«Исследователи Брукхейвенской национальной лаборатории», «Замглавы» (before «Федеральной
    миграционной службы»): an animate common noun heading an ORG is a person, not the
    organisation; the mention starts after it, or is no mention at all. A thing of
    ``thing_heads`` alone is no mention either («Здание» of a photo caption «Здание ФСБ
    России», which NER took alone and a tail rule would extend); a thing before a name is
    :func:`_without_thing_head`'s. A name in quotes is as its owner wrote it: «лидера
    «Братьев-мусульман»» is the movement."""
    first = span[0]
    if span.label_ != "ORG" or not (_person_noun(first) or _thing_noun(first)) or \
            _in_quotes(span):
        return span
    if len(span) == 1:
        return None
    if not _person_noun(first) or not first.is_sent_start or \
            "Gen" not in span[1].morph.get("Case"):
        return span
    rest = _without_first_word(span)
    return rest if _names_a_body(rest) else None


def _in_quotes(span: Span) -> bool:
    """An opening quote right before the mention and a closing one right after it."""
    doc = span.doc
    return span.start > 0 and span.end < len(doc) and doc[span.start - 1].text in _OPENING \
        and doc[span.end].is_quote


def _names_a_body(span: Span) -> bool:
    """What is left of an ORG after its person head still names a body: a capitalised word
    or an abbreviation («Брукхейвенской национальной лаборатории»), or a body or descriptor
    of the org lexicon at its start («федеральной миграционной службы»); «Министр культуры
    РФ» leaves «культуры», a common noun, and no mention."""
    from .orgs import load_lexicon

    if any(token.text[:1].isupper() or not token.is_alpha for token in span):
        return True
    lexicon = load_lexicon()
    lemmas = [fold(token.lemma_) for token in span]
    texts = [fold(token.text) for token in span]
    return any(table.match(lemmas, texts, index) is not None
               for table in (lexicon.bodies, lexicon.descriptors)
               for index in range(len(span)))


def _person_noun(token: Token) -> bool:
    return token.pos_ == "NOUN" and "Anim" in token.morph.get("Animacy")


def _thing_noun(token: Token) -> bool:
    return fold(token.lemma_) in entity_words().thing_heads


def _without_opening_word(span: Span) -> Span:
    """«Перекрыты Тверская»: a word that opens the sentence or a line (a headline: «Передает
    УНН») and that the dictionary reads only as a verb, participle, adverb or function word is
    no part of the place or body NER began with it. A person loses only an adverb or a
    function word («Недавно Анастасия»): a first name may read as a verb form («Серена
    Уильямс», the dictionary's «серена» a participle); and a plural common noun («Отношения
    Фрая»). A place or body loses a preposition of any
    length («Для отнесения информации …»: a headline NER took for a body)."""
    first = span[0]
    opens = starts_sentence(first, openers=frozenset())
    if len(span) >= 2 and opens and span.label_ != "PER" and \
            only_preposition(first.text.lower()):
        return _without_first_word(span)
    if len(span) >= 2 and opens and span.label_ == "PER" and \
            _plural_common_noun(first):
        return _without_first_word(span)
    if len(span) < 2 or not opens or not never_a_name(first.text.lower()) or \
            span.label_ == "PER" and not never_a_verb(first.text.lower()):
        return span
    return _without_first_word(span)


_NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"})


def only_preposition(word: str) -> bool:
    """The dictionary's likeliest reading of the word is a preposition («для», «при», «из»;
    «для» is also a rare gerund of «длить»)."""
    from .models import morph_analyzer

    parses = morph_analyzer().parse(word)
    return bool(parses) and parses[0].tag.POS == "PREP"


def _plural_common_noun(token: Token) -> bool:
    """A plural the tagger gives a word the dictionary knows only as a common noun
    («Отношения Фрая»: no first name, which is singular)."""
    from .models import morph_analyzer

    word = token.text.lower()
    analyzer = morph_analyzer()
    return token.morph.get("Number") == ["Plur"] and analyzer.word_is_known(word) and all(
        parse.tag.POS == "NOUN" and not _NAME_GRAMMEMES & parse.tag.grammemes
        for parse in analyzer.parse(word))


def _without_leading_number(span: Span) -> Span:
    """«56-летний С.Джобс»: a word with digits NER began a person with (an age) is no part of
    the name."""
    if span.label_ != "PER":
        return span
    start = span.start
    while start < span.end - 1 and any(ch.isdigit() for ch in span.doc[start].text):
        start += 1
    if start == span.start:
        return span
    return Span(span.doc, start, span.end, label=span.label_)


def _without_title(span: Span) -> Span:
    """«Эмир Катара», «Мэр Москвы»: a title (``titles`` of models/org_lexicon.yaml) NER began
    a place with is no part of it: the place is «Катара». NER's person «Эмир Катара» is that
    place too, when the gazetteer knows the words after the title. After a street's type word
    the title is the name's («по улице Короля Милана»: the street, not Milan)."""
    from .orgs import load_lexicon
    from .places import lemma_key, place_index
    from .streets import street_type

    first = span[0]
    if span.label_ not in ("LOC", "PER") or len(span) < 2 or \
            not load_lexicon().titles.matches(fold(first.lemma_), fold(first.text)) or \
            span.start > 0 and street_type(span.doc[span.start - 1], plural=False):
        return span
    rest = Span(span.doc, span.start + 1, span.end, label="LOC")
    if span.label_ == "PER" and place_index().lemma_names.get(lemma_key(rest)) is None:
        return span
    return rest


_AGE = re.compile(r"\d+-[а-яё]+")  # «66-летний», «33-летняя»


def _without_trailing_age(span: Span) -> Span:
    """«ГРУ 66-летний Сергей Скрипаль»: an age NER ended a mention with («66-летний»,
    «33-летняя») is no part of it."""
    end = span.end
    while end > span.start + 1 and _AGE.fullmatch(span.doc[end - 1].text):
        end -= 1
    if end == span.end:
        return span
    return Span(span.doc, span.start, end, label=span.label_)


def _without_prepositional_tail(span: Span) -> Span:
    """«Комиссию США по ценным бумагам и биржам»: a place NER continued into the body's
    lowercase tail after a preposition is the place alone («США»); «Франкфурт на Майне» (a
    capital after it) stays."""
    if span.label_ != "LOC":
        return span
    for token in span[1:-1]:
        following = span.doc[token.i + 1]
        if token.pos_ == "ADP" and token.text.islower() and following.text[:1].islower():
            return Span(span.doc, span.start, token.i, label=span.label_)
    return span


def _without_verb_tail(span: Span) -> Span:
    """«Оренбургской областной филармонии появится симфонический оркестр»: a place or an
    organisation NER ran on through a verb ends before it, an infinitive too («просят
    Минкульт защитить кино»); a verb in quotes stays: «Жди меня»."""
    if span.label_ not in ("LOC", "ORG") or \
            span.start > 0 and span.doc[span.start - 1].text in _OPENING:
        return span  # a title in quotes: «Жара продолжается»
    quoted = quoted_mask(list(span))
    for offset, token in enumerate(span[1:], start=1):
        if token.pos_ in ("VERB", "AUX") and \
                {"Fin", "Inf"} & set(token.morph.get("VerbForm")) and not quoted[offset]:
            return Span(span.doc, span.start, token.i, label=span.label_)
    return span


def _without_imperative_tail(span: Span) -> Span:
    """«с участием Александра Петрова Подписывайтесь на …», «с Ириной Старшенбаум Читайте
    также»: a page's call glued after a name, a word the dictionary knows only as a verb and
    as an imperative, is no part of the person."""
    last = span[-1]
    if span.label_ != "PER" or len(span) < 2 or not last.text[:1].isupper() or \
            not imperative_only(last.text.lower()):
        return span
    return Span(span.doc, span.start, span.end - 1, label=span.label_)


def imperative_only(word: str) -> bool:
    """The dictionary knows the word only as a verb, and as an imperative («читайте»,
    «подписывайтесь», «смотрите»)."""
    return never_a_name(word) and has_reading(word, "impr")


def _without_opening_participle(span: Span) -> Span:
    """«Заблокированная Роскомнадзором социальная сеть…», «Аккредитованные Роскомнадзором
    эксперты…»: a passive participle NER began a mention with (a sentence's or a line's
    first word, or a headline's glued to the text before it: «…к порнографии Аккредитованные
    Роскомнадзором эксперты»), its agent in the instrumental right after it, is no part of
    the name; the agent is («Роскомнадзором», which NER had made a person with the
    participle). A participle that is itself instrumental agrees with the noun and is part of
    the name («Соединёнными Штатами»), and one before a word of another case stays:
    «Объединённая авиастроительная корпорация»."""
    first = span[0].text.lower()
    if len(span) < 2 or not passive_participle_only(first) or has_reading(first, "ablt"):
        return span
    rest = _without_first_word(span)
    if not has_reading(rest[0].text.lower(), "ablt"):
        return span
    return rest


@lru_cache(maxsize=20_000)
def passive_participle_only(word: str) -> bool:
    """The dictionary knows the word only as a full passive participle («заблокированная»,
    «аккредитованные»; not «признанная», also an adjective)."""
    from .models import morph_analyzer

    analyzer = morph_analyzer()
    parses = analyzer.parse(word)
    return analyzer.word_is_known(word) and bool(parses) and all(
        parse.tag.POS == "PRTF" and "pssv" in parse.tag for parse in parses)


def _without_thing_head(span: Span) -> Span:
    """«Здание ФСБ России ночью», «Главное здание Российской национальной библиотеки …»,
    «Здание правительства области»: a thing (``thing_heads`` of models/entity_words.yaml),
    maybe after an adjective, that opens a sentence before the capitalised name of an
    organisation, or before a body in the genitive, is no part of it; the organisation is the
    name after it. (At a line's start with no sentence break before it, «Флаг ИГИЛ»
    after a headline, the trim cost a NEREL held-out mention and is not made.)"""
    if span.label_ != "ORG" or len(span) < 2 or not span[0].is_sent_start:
        return span
    head = 1 if span[0].pos_ == "ADJ" and len(span) >= 3 else 0
    after = span[head + 1]
    if not _thing_noun(span[head]) or \
            not (after.text[:1].isupper() or "Gen" in after.morph.get("Case")):
        return span
    return Span(span.doc, span.start + head + 1, span.end, label=span.label_)


# words NER began or ended a mention with that are no part of it, each trim a named rule, in
# order
MENTION_TRIMS: tuple[tuple[str, Callable[[Span], Span]], ...] = (
    ("opening_word_removed", _without_opening_word),
    ("participle_removed", _without_opening_participle),
    ("thing_head_removed", _without_thing_head),
    ("title_removed", _without_title),
    ("number_removed", _without_leading_number),
    ("age_removed", _without_trailing_age),
    ("prepositional_tail_removed", _without_prepositional_tail),
    ("verb_tail_removed", _without_verb_tail),
    ("imperative_removed", _without_imperative_tail),
)


def _trimmed(span: Span) -> Span:
    """The mention after every trim of ``MENTION_TRIMS``; the same object when none cut."""
    for _rule, trim in MENTION_TRIMS:
        span = trim(span)
    return span


def split_mention(span: Span) -> list[Span]:
    """The pieces of a mention between separators, lines and sentences: a mention never
    crosses a sentence boundary («Фонтанка.ru. Фонтанка.ру сообщает» → two mentions)."""
    pieces: list[list[Token]] = [[]]
    sites = span.label_ == "ORG" and "." in span.text  # a domain name possible (glued_site)
    for token in span:
        if token.i > span.start and token.is_sent_start and _word_sentence(token):
            pieces.append([])
        if (token.text in SEPARATORS or token.is_space and "\n" in token.text) and \
                not remit_comma(span, token) and not quoted_dash(span, token) and \
                not genitive_dash(span, token) and not place_name_dash(span, token):
            pieces.append([])
        else:
            if sites and glued_site(span, token):
                pieces.append([])
            pieces[-1].append(token)
    result = []
    for piece in pieces:
        kept = _trim(piece)
        if kept and any(any(ch.isalpha() for ch in t.text) for t in kept) and \
                not lone_preposition(kept, span.label_):
            end = kept[-1].i + 1
            if opens_quote(kept) and end < len(span.doc) and span.doc[end].text in _CLOSING:
                end += 1  # «Русской службе «Голоса Америки»: NER left the closing quote out
            result.append(Span(span.doc, kept[0].i, end, label=span.label_))
    return result


def lone_preposition(tokens: list[Token], label: str) -> bool:
    """A place or body of one word that is a preposition is no mention: «В» of «В
    Шебекинском округе», which NER took as a place of its own before the one it opens."""
    return len(tokens) == 1 and label != "PER" and only_preposition(tokens[0].text.lower())


def glued_site(span: Span, token: Token) -> bool:
    """A site's domain name NER ran an organisation's name on into («В приемной Тюменской
    областной библиотеки Znak.com заявили»: the site was told) is a mention of its own; after
    a descriptor it is the name («интернет-издания Znak.com»)."""
    from .orgs import load_lexicon

    if span.label_ != "ORG" or token.i < span.start + 2 or not token.is_alpha or \
            not is_site(doc_text(span.doc)[token.idx:span.end_char]):
        return False  # the site from this word to the mention's end («Znak . com»: 3 tokens)
    before = span.doc[token.i - 1]
    return before.is_alpha and has_cyrillic(before.text) and \
        load_lexicon().descriptors.match([fold(before.lemma_)], [fold(before.text)], 0) is None


_DASHES = frozenset({"—", "–"})
_QUOTE_REACH = 8  # tokens from a dash to the quotes of the name it stands in


def quoted_dash(span: Span, token: Token) -> bool:
    """A dash inside the quotes of an ORG's name is the name's («фракции «Справедливая Россия
    — За правду»», «партии «Гахария — за Грузию»»): the nearest quote before it opens, the
    nearest after it closes, both within a few words."""
    if span.label_ != "ORG" or token.text not in _DASHES:
        return False
    doc = span.doc
    before = next((doc[i].text for i in range(token.i - 1, max(token.i - _QUOTE_REACH, 0) - 1, -1)
                   if doc[i].is_quote), None)
    after = next((doc[i].text for i in range(token.i + 1, min(token.i + _QUOTE_REACH, len(doc)))
                  if doc[i].is_quote), None)
    return before in _OPENING and after in _CLOSING and before != after


def genitive_dash(span: Span, token: Token) -> bool:
    """A dash inside an ORG between two lowercase plural genitives joins one name: «Организации
    стран — экспортёров нефти» (the countries that export oil), not two bodies."""
    if span.label_ != "ORG" or token.text not in _DASHES or \
            not span.start < token.i - 1 or token.i + 1 >= span.end:
        return False
    before, after = span.doc[token.i - 1], span.doc[token.i + 1]
    return all(word.text.isalpha() and word.text.islower() and case_of(word) == "Gen" and
               "Plur" in word.morph.get("Number") for word in (before, after))


def place_name_dash(span: Span, token: Token) -> bool:
    """A dash of a place's name written with one in the gazetteer is the name's, in a place or
    a body: «в ХМАО — Югре», «Губернатор Ханты-Мансийского автономного округа — Югры»,
    «Кемеровская область — Кузбасс» (the words either side of it, by lemma or as written)."""
    from .gazetteer import dash_name_pairs

    if span.label_ not in ("LOC", "ORG") or token.text not in _DASHES or \
            not span.start < token.i < span.end - 1:
        return False
    before, after = span.doc[token.i - 1], span.doc[token.i + 1]
    pairs = dash_name_pairs()
    return any((first, second) in pairs
               for first in {fold(before.lemma_), fold(before.text)}
               for second in {fold(after.lemma_), fold(after.text)})


def remit_comma(span: Span, token: Token) -> bool:
    """A comma inside an ORG that one of ``remit_heads`` (models/org_lexicon.yaml) in the
    singular begins, between two lowercase genitives, an «и» after it in the mention: a
    body's remit listed, not a list of bodies («Министерство строительства, архитектуры и
    ЖКХ»), and so between two lowercase words in one case inside its «по …» phrase
    («Федеральная служба по экологическому, технологическому и атомному надзору»);
    «Минобороны США, НАТО» and «правительства, парламента» are split."""
    from .orgs import load_lexicon

    if span.label_ != "ORG" or token.text != "," or not span.start < token.i < span.end - 1:
        return False
    head = next((word for word in span if word.pos_ not in ("ADJ", "DET")), span[0])
    if not load_lexicon().remit_heads.matches(fold(head.lemma_), fold(head.text)) or \
            "Plur" in head.morph.get("Number"):  # its head noun: «Федеральная служба …»
        return False
    before, after = span.doc[token.i - 1], span.doc[token.i + 1]
    lowercase = all(word.text.isalpha() and word.text.islower() for word in (before, after))
    genitives = all(case_of(word) == "Gen" for word in (before, after))
    in_po = any(word.lower_ == "по" for word in span.doc[span.start + 1:token.i]) and \
        _same_case(before, after)  # «службы по экологическому, технологическому и …»
    return before.i > span.start and lowercase and (genitives or in_po) and \
        any(word.lower_ == "и" for word in span.doc[token.i:span.end])


def _word_sentence(token: Token) -> bool:
    """The sentence ``token`` opens begins with a word of two letters or more, and the one
    before ends with one: no initial («В. В. Путин») cut off as a sentence of its own."""
    before = token.doc[token.i - 2] if token.i >= 2 else None
    return sum(ch.isalpha() for ch in token.text) >= 2 and before is not None and \
        sum(ch.isalpha() for ch in before.text) >= 2


def _surname_word(token: Token) -> bool:
    """A capitalised word the dictionary does not read as a first name or a patronymic."""
    from .models import morph_analyzer

    return token.text[:1].isupper() and not any(
        "Name" in parse.tag or "Patr" in parse.tag
        for parse in morph_analyzer().parse(token.text.lower()))


def _same_case(first: Token, second: Token) -> bool:
    cases = first.morph.get("Case"), second.morph.get("Case")
    return bool(cases[0]) and cases[0] == cases[1]


def _join_adjacent(spans: list[Span], joins: Callable[[Span, Span], bool],
                   labels: tuple[str, ...] = ("PER",)) -> list[Span]:
    """Two mentions (of ``labels``) that touch on one line and that ``joins`` accepts become
    one PER mention (each mention joins once)."""
    people = sorted((span for span in spans if span.label_ in labels), key=lambda s: s.start)
    joined: dict[int, Span] = {}
    for first, second in zip(people, people[1:], strict=False):
        if second.start != first.end or id(first) in joined or \
                "\n" in first.doc[first.end - 1].whitespace_ or not joins(first, second):
            continue
        whole = Span(first.doc, first.start, second.end, label="PER")
        joined[id(first)] = joined[id(second)] = whole
    if not joined:
        return spans
    return list({id(span): joined.get(id(span), span) for span in spans}.values())


def _name_and_surname(first: Span, second: Span) -> bool:
    """«Радия» + «Хабирова»; «Нейл» + «Патрик Харрис» (a second first name, one name of three
    words)."""
    if len(first) == 1 and len(second) == 2:
        return first[0].is_alpha and first[0].text[:1].isupper() and \
            given_name_word(second[0]) and _same_case(first[0], second[0]) and \
            not has_reading(first[0].text.lower(), "Surn") and _may_share_case(first[0], second[0])
    return len(first) <= 2 and len(second) == 1 and \
        all(given_name_word(token) for token in first) and _surname_word(second[0]) and \
        _same_case(first[-1], second[0])


def _may_share_case(first: Token, second: Token) -> bool:
    """The dictionary has a reading of each word in one case, none of the first word a place
    or an organisation («Ленкома» is only the theatre's genitive: «артист Ленкома Павел
    Смеян»)."""
    from .models import morph_analyzer

    readings = morph_analyzer().parse(first.text.lower())
    if any({"Geox", "Orgn"} & parse.tag.grammemes for parse in readings):
        return False
    cases = {parse.tag.case for parse in readings}
    return any(parse.tag.case in cases for parse in morph_analyzer().parse(second.text.lower()))


def joined_names(spans: list[Span]) -> list[Span]:
    """A first name (and patronymic) NER cut from the surname right after it is one name:
    «Радия» + «Хабирова» → «Радия Хабирова», «Марина Филипповна» + «Ходорковская» → one;
    not «Барака Обамы» + «Малия» (two people) nor «Кристины» + «Ольга Алексеевна»."""
    return _join_adjacent(spans, _name_and_surname)


def _surname_and_name(first: Span, second: Span) -> bool:
    return len(first) == 1 and len(second) == 2 and _surname_word(first[0]) and \
        given_name_word(second[0]) and is_patronymic(second[1].text.lower(), any_case=True) \
        and _same_case(first[0], second[0])


_OBLIQUE = frozenset({"Gen", "Dat", "Ins", "Loc"})


def person_case_break(spans: list[Span]) -> list[Span]:
    """A person's name NER ran on into the next person's surname, the name in one oblique
    case and the surname, capitalised, in the nominative, is two people: «Андрею Лукину Петрин
    предложил …» → «Андрею Лукину» and «Петрин» (Petrin offered Lukin). The name's words must
    be inflected (not «Рикарду Са Пинту», whose words never change)."""
    result = []
    for span in spans:
        if span.label_ == "PER" and len(span) >= 3 and _case_break(span):
            result += [Span(span.doc, span.start, span.end - 1, label="PER"),
                       Span(span.doc, span.end - 1, span.end, label="PER")]
        else:
            result.append(span)
    return result


def _case_break(span: Span) -> bool:
    *name, last = list(span)
    cases = {case_of(token) for token in name}
    return len(cases) == 1 and cases <= _OBLIQUE and case_of(last) == "Nom" and \
        last.text[:1].isupper() and last.is_alpha and given_name_word(name[0]) and \
        all(token.is_alpha and token.lower_ != fold(token.lemma_) for token in name) and \
        not is_patronymic(last.text.lower(), any_case=True)


def first_name_read_as_place(spans: list[Span]) -> list[Span]:
    """A one-word LOC right before a person's one-word surname, the two read by the dictionary
    as one person's first name and surname in one case, number and gender, is that person's
    first name: «Бронза досталась Милане Коробейниковой» (NER's LOC «Милане», Milan) → PER
    «Милане Коробейниковой»; not a place after a preposition («в Милане Берлускони …»)."""
    return _join_adjacent(spans, _first_name_and_surname, labels=("LOC", "PER"))


def _first_name_and_surname(place: Span, person: Span) -> bool:
    before = place.doc[place.start - 1] if place.start > 0 else None
    return place.label_ == "LOC" and person.label_ == "PER" and len(place) == 1 and \
        len(person) == 1 and not (before is not None and before.pos_ == "ADP") and \
        is_dictionary_name(place[0]) and _surname_word(person[0]) and \
        agree_as_one_name(place[0], person[0])


def see_after_church_rank(spans: list[Span]) -> list[Span]:
    """After a cleric's rank (``church_ranks``) the capitalised adjectives of his see and his
    name are two mentions: «митрополит Костромской и Нерехтский Феофилакт» (NER's LOC
    «Нерехтский Феофилакт») → LOC «Нерехтский», PER «Феофилакт»."""
    ranks = entity_words().church_ranks
    result = []
    for span in spans:
        name = next((token.i for token in span if not _see_adjective(token)), None) \
            if span.label_ == "LOC" and _after_church_rank(span, ranks) else None
        if name is None or name == span.start:
            result.append(span)
            continue
        result += [Span(span.doc, span.start, name, label="LOC"),
                   Span(span.doc, name, span.end, label="PER")]
    return result


def _after_church_rank(span: Span, ranks: frozenset[str]) -> bool:
    """The words before the mention back to a rank of ``ranks`` are the see's: capitalised
    adjectives and «и»; the mention opens with one."""
    if not _see_adjective(span[0]):
        return False
    at = span.start - 1
    while at >= 0 and (span.doc[at].lower_ == "и" or _see_adjective(span.doc[at])):
        at -= 1
    return at >= 0 and fold(span.doc[at].lemma_) in ranks


_SEE_ADJECTIVE = re.compile(r"[^\W\d_]+(?:ск|цк)(?:ий|ой|ая|ого|ому|им|ом|ую)$")


def _see_adjective(token: Token) -> bool:
    """A capitalised «-ский» adjective, as the tagger or the dictionary reads it («Нерехтский»,
    «Костромской»; not «Лонгин» of «архиепископ Лонгин Клинский»)."""
    return token.is_title and bool(_SEE_ADJECTIVE.fullmatch(token.text)) and \
        (token.pos_ == "ADJ" or has_reading(token.lower_, "ADJF"))


def joined_reversed_names(spans: list[Span]) -> list[Span]:
    """A surname NER cut from the first name and patronymic after it, the official order, is
    one name: «внучке Тихоновой» + «Татьяне Васильевне» → «Тихоновой Татьяне Васильевне»."""
    return _join_adjacent(spans, _surname_and_name)


def joined_surnames(spans: list[Span]) -> list[Span]:
    """A one-word name NER cut from the surname right after it, in the same case, is one name
    when that surname ends a longer name of the article: «Хабиб Нурмагомедов … Отец Хабиба
    Абдулманап Нурмагомедов» → «Абдулманап Нурмагомедов» (his father), not two records nor
    a first name joined to Хабиб; «Хабиба» + «Абдулманап» (two cases) stay apart."""
    surnames = {stem(span[-1].text.lower()) for span in spans
                if span.label_ == "PER" and len(span) >= 2 and span[-1].is_alpha}
    if not surnames:
        return spans
    return _join_adjacent(spans, lambda first, second: (
        len(first) == 1 and len(second) == 1 and first[0].is_alpha and
        first[0].text[:1].isupper() and stem(first[0].text.lower()) not in surnames and
        stem(second[0].text.lower()) in surnames and _same_case(first[0], second[0])))


_NAMED_AFTER = frozenset({"им", "имени"})


def _named_after_end(span: Span, starts: dict[int, Span]) -> int | None:
    """The end of the name after «им.»/«имени» that ends ``span`` or follows it, when a
    mention begins right there."""
    doc = span.doc
    position = span.end - 1 if span[-1].lower_ in _NAMED_AFTER else span.end
    if position >= len(doc) or doc[position].lower_ not in _NAMED_AFTER:
        return None
    position += 1
    if position < len(doc) and doc[position].text == ".":
        position += 1
    named = starts.get(position)
    return named.end if named is not None and named.label_ in ("PER", "ORG", "LOC") else None


def named_after_taken_in(spans: list[Span]) -> list[Span]:
    """An organisation NER ended at «им.» («Театра им. Йозефа Бойса» → «Театра им») or right
    before it takes in whom it is named after; that name stays a mention of its own:
    «[Театра им. [Йозефа Бойса]]»."""
    starts = {span.start: span for span in spans}
    result = []
    for span in spans:
        end = _named_after_end(span, starts) if span.label_ == "ORG" else None
        result.append(span if end is None else Span(span.doc, span.start, end, label="ORG"))
    return result


def first_name_taken_in(spans: list[Span]) -> list[Span]:
    """A person NER began at the patronymic takes in the first name right before it, in the
    same case and in no other mention: «Айдар» + «Наилевич Губайдулин» → «Айдар Наилевич
    Губайдулин» (NER left a paragraph's first word out)."""
    taken = {token.i for span in spans for token in span}
    result = []
    for span in spans:
        before = span.doc[span.start - 1] if span.start > 0 else None
        if span.label_ == "PER" and before is not None and before.i not in taken and \
                before.text[:1].isupper() and not before.whitespace_.count("\n") and \
                is_patronymic(span[0].text.lower(), any_case=True) and \
                given_name_word(before) and _same_case(before, span[0]):
            span = Span(span.doc, before.i, span.end, label="PER")
        result.append(span)
    return result


def _agree(adjective: Token, noun: Token) -> bool:
    """:func:`.tokens.agrees`, the case and number (a singular's gender too) marked on both."""
    keys = ("Case", "Number", "Gender") if adjective.morph.get("Number") == ["Sing"] \
        else ("Case", "Number")
    return all(adjective.morph.get(key) and noun.morph.get(key) for key in keys) and \
        agrees(adjective, noun)


def noun_taken_in(spans: list[Span]) -> list[Span]:
    """An ORG or LOC NER ended on an adjective takes in the lowercase noun it agrees with
    right after it, in no other mention: «Федеральному дорожному» + «агентству»,
    «Национальной ассамблеи народной» + «власти»."""
    taken = {token.i for span in spans for token in span}
    result = []
    for span in spans:
        last = span[-1]
        after = span.doc[span.end] if span.end < len(span.doc) else None
        if span.label_ in ("ORG", "LOC") and len(span) >= 2 and after is not None and \
                last.pos_ == "ADJ" and after.pos_ == "NOUN" and after.text.islower() and \
                after.i not in taken and not last.whitespace_.count("\n") and \
                _agree(last, after):
            span = Span(span.doc, span.start, span.end + 1, label=span.label_)
        result.append(span)
    return result


_MAX_QUOTED = 12  # words a quoted name NER cut short may run on


def quote_closed(spans: list[Span]) -> list[Span]:
    """An ORG NER ended inside a quoted name it opened runs to the closing quote, on the
    same line and in no other mention: «МУП «Владивостокское пассажирское» + «автотранспортное
    предприятие № 1»»."""
    taken = {token.i for span in spans for token in span}
    result = []
    for span in spans:
        end = _closing_quote(span, taken) if span.label_ == "ORG" else None
        result.append(Span(span.doc, span.start, end + 1, label="ORG") if end else span)
    return result


def _closing_quote(span: Span, taken: set[int]) -> int | None:
    """The index of the quote closing the one the ORG opens and leaves open, within a few
    words after it, none of them another mention's nor on another line; None otherwise."""
    opened = [token.i for token in span if token.text in _OPENING and
              token.text not in CLOSING_QUOTES]
    if not opened or any(token.is_quote and token.i > opened[-1] for token in span):
        return None
    doc = span.doc
    for i in range(span.end, min(len(doc), span.end + _MAX_QUOTED)):
        token = doc[i]
        if i in taken or "\n" in doc[i - 1].whitespace_ or token.is_sent_start or \
                token.text in _OPENING and token.text not in CLOSING_QUOTES:
            return None
        if token.text in CLOSING_QUOTES:
            return i
    return None


def _dictionary_adjective(token: Token) -> bool:
    """Tagged an adjective, and an adjective the dictionary knows («Алтайском»; not «Магри»,
    a village's name the tagger read as one)."""
    from .models import morph_analyzer

    word = token.text.lower()
    return token.pos_ == "ADJ" and morph_analyzer().word_is_known(word) and \
        has_reading(word, "ADJF")


def adjectives_taken_in(spans: list[Span]) -> list[Span]:
    """An ORG or LOC mention NER made of adjectives alone is one ORG with the ORG mention
    right after it on the line whose first word they agree with: «Алтайском краевом» +
    «Законодательном собрании» → «Алтайском краевом Законодательном собрании» (an adjective
    is no organisation or place by itself)."""
    bodies = {span.start: span for span in spans if span.label_ == "ORG"}
    joined: dict[int, Span] = {}
    for span in spans:
        after = bodies.get(span.end)
        if after is None or span.label_ not in ("ORG", "LOC") or id(span) in joined or \
                id(after) in joined or "\n" in span[-1].whitespace_ or \
                not all(_dictionary_adjective(token) for token in span) or \
                not _agree(span[-1], after[0]):
            continue
        joined[id(span)] = joined[id(after)] = Span(span.doc, span.start, after.end, label="ORG")
    if not joined:
        return spans
    return list({id(span): joined.get(id(span), span) for span in spans}.values())


def _initials_only(span: Span) -> bool:
    """«И.И.», «В. В.», «Д.»: every word a capital letter with its dot."""
    letters = "".join(token.text for token in span).replace(".", "")
    return bool(letters) and span.text.count(".") >= len(letters) and \
        all(ch.isalpha() and ch.isupper() for ch in letters) and len(letters) <= 3


def joined_initials(spans: list[Span]) -> list[Span]:
    """Initials NER cut from the name they belong to are one mention with it: «Иванов» +
    «И.И.» → «Иванов И.И.», «И. И.» + «Иванов» → «И. И. Иванов»; not across a line break."""
    return _join_adjacent(spans, lambda first, second:
                          _initials_only(first) != _initials_only(second))


class MentionCleanup:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        current = mentions(doc)
        trimmed = [_trimmed(kept) for span in current for piece in split_mention(span)
                   if (kept := _without_person_head(piece)) is not None]
        broken = person_case_break(trimmed)
        see = see_after_church_rank(broken)
        read = first_name_read_as_place(see)
        named = first_name_taken_in(read)
        nouns = noun_taken_in(named)
        taken = adjectives_taken_in(nouns)
        joined = joined_initials(joined_surnames(joined_reversed_names(joined_names(taken))))
        glued = place_then_person(glued_people(joined))
        closed = quote_closed(glued)
        cleaned = named_after_taken_in(closed)
        if [(s.start, s.end) for s in cleaned] != [(s.start, s.end) for s in current]:
            if tracing(doc):
                _note_rules(doc, current)
                _note_new(doc, trimmed, broken, "person_case_break")
                _note_new(doc, broken, see, "see_after_church_rank")
                _note_new(doc, see, read, "first_name_read_as_place")
                _note_taken(doc, see, read, "first_name_read_as_place")
                _note_new(doc, read, named, "first_name_taken_in")
                _note_new(doc, named, nouns, "noun_taken_in")
                _note_new(doc, nouns, taken, "adjectives_taken_in")
                _note_joined(doc, taken, joined)
                _note_new(doc, joined, glued, "glued_people")
                _note_new(doc, glued, closed, "quote_closed")
                _note_new(doc, closed, cleaned, "named_after_taken_in")
            set_mentions(doc, cleaned)
        return doc


def _note_joined(doc: Doc, current: list[Span], cleaned: list[Span]) -> None:
    """Name ``joined_names`` (``joined_initials``, ``joined_surnames``) for the joined mention
    of ``cleaned`` and for the surname (the initials) of ``current`` it took in."""
    before = {(span.start, span.end) for span in current}
    for span in cleaned:
        if span.label_ != "PER" or (span.start, span.end) in before:
            continue
        initials = any(old.label_ == "PER" and span.start <= old.start and old.end <= span.end
                       and _initials_only(old) for old in current)
        pieces = sorted((old for old in current if old.label_ == "PER" and
                         span.start <= old.start and old.end <= span.end),
                        key=lambda old: old.start)
        rule = "joined_initials" if initials else _pair_rule(pieces)
        note(doc, rule, span)
        for old in current:
            if old.label_ == "PER" and span.start <= old.start and old.end <= span.end and \
                    (initials or span.start < old.start):
                note(doc, rule, old)


def _note_taken(doc: Doc, before: list[Span], after: list[Span], rule: str) -> None:
    """Name ``rule`` for each mention of ``before`` that a new mention of ``after`` took in."""
    kept = {(span.start, span.end) for span in after}
    for old in before:
        if (old.start, old.end) not in kept and any(
                span.start <= old.start and old.end <= span.end for span in after):
            note(doc, rule, old)


def _pair_rule(pieces: list[Span]) -> str:
    if len(pieces) == 2 and _name_and_surname(*pieces):
        return "joined_name"
    if len(pieces) == 2 and _surname_and_name(*pieces):
        return "joined_reversed_name"
    return "joined_surnames"


def _note_new(doc: Doc, before: list[Span], after: list[Span], rule: str) -> None:
    """Name ``rule`` for each mention of ``after`` that ``before`` does not have."""
    spans = {(span.start, span.end) for span in before}
    for span in after:
        if (span.start, span.end) not in spans:
            note(doc, rule, span)


def _note_rules(doc: Doc, current: list[Span]) -> None:
    """Name the rule behind each change for ``nlp-extract explain``."""
    for span in current:
        pieces = split_mention(span)
        if not pieces:
            lone = lone_preposition(list(span), span.label_)
            note(doc, "lone_preposition" if lone else "no_word_left", span)
        for piece in pieces:
            kept = _without_person_head(piece)
            if kept is None:
                note(doc, "person_head_only", span)
            elif kept is not piece:
                note(doc, "person_head_removed", kept)
            elif (trimmed := _trimmed(kept)) is not kept:
                for rule, trim in MENTION_TRIMS:
                    if trim(kept) is not kept:
                        note(doc, rule, trimmed)
            elif len(pieces) > 1:
                glued = any(glued_site(span, token) for token in span)
                note(doc, "glued_site" if glued else "split_at_separator", piece)
            elif (piece.start, piece.end) != (span.start, span.end):
                note(doc, "trim_punctuation", piece)


@Language.factory("mention_cleanup", assigns=["doc.ents", "doc.spans"],
                  requires=["token.pos", "token.morph"])
def make_mention_cleanup(nlp: Language, name: str) -> MentionCleanup:
    return MentionCleanup(nlp, name)
