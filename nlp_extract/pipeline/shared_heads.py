"""Two names that share one head noun: «Северной и Южной Кореи», «Центральной и Восточной
Европы», «Верхней и Нижней Саксонии». NER finds the second name whole («Южной Кореи») and the
first as a lone adjective («Северной»); the adjective names the place its own adjective and the
shared head make («Северная Корея», then coded KP).

:func:`shared_head_partner` finds the second name and ``normalizer.shared_head_name`` names the
adjective. Its label stays NER's: giving it the second name's label (NER now and then calls the
adjective an ORG: «Верхней и Нижней Саксонии») cost a NEREL held-out ORG record.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..folding import fold
from .entity_groups import MAN_SURNAME_ENDINGS
from .extensions import mentions
from .inflect import OC_GENDERS, nominative_by_parts, parse_case, recover_shape
from .models import morph_analyzer
from .person_names import PLURAL_SURNAME_ENDINGS
from .tokens import case_of

_LINKS = frozenset({"и", "или", ","})
_MAX_LIST = 8  # lone adjectives of one list


@lru_cache(maxsize=10_000)
def _adjective_readings(word: str) -> frozenset[tuple[str, str]]:
    """The (case, gender) pairs the dictionary reads ``word`` in as a singular full
    adjective."""
    return frozenset((case, OC_GENDERS.get(parse.tag.gender or "", ""))
                     for parse in morph_analyzer().parse(word)
                     if parse.tag.POS == "ADJF" and "sing" in parse.tag
                     for case in [parse_case(parse)] if case)


def _adjective_cases(word: str) -> frozenset[str]:
    return frozenset(case for case, _gender in _adjective_readings(word))


def _agrees(word: str, partner: Token) -> bool:
    """``word`` reads as an adjective in the case of the partner's adjective, and in its
    gender when that is singular («Северной» with «Южной Кореи»; not «Тверская» with «Новый
    Арбат»: two streets; with a plural head any gender: «Калужской … областям»)."""
    case = case_of(partner)
    if case is None:
        return False
    readings = _adjective_readings(word)
    if "Plur" in partner.morph.get("Number"):
        return any(found == case for found, _gender in readings)
    genders = partner.morph.get("Gender")
    return any(found == case and (not genders or gender == genders[0])
               for found, gender in readings)


STARTS_KEY = "nlp_extract.mention_starts"  # set while the normalizer names a doc's mentions


def mention_starts(doc: Doc) -> dict[int, Span]:
    """The longest mention beginning at each token."""
    return {other.start: other for other in reversed(mentions(doc))}


def shared_head_partner(span: Span) -> Span | None:
    """The mention after ``span`` and «и»/«или»/a comma (other lone adjectives between: «по
    Калужской, Ярославской, Нижегородской областям») that begins with an adjective and goes on
    with its head, when ``span`` is one capitalised word the dictionary reads as an adjective
    in that adjective's case: «[Северной] и [Южной Кореи]»; not a hyphenated name of a noun
    and an adjective («Каменска-Уральского и Нижнего Тагила»). Not before a compound adjective,
    whose first part the lone word may share: «Южном и Восточно-Китайском морях» (the South
    China Sea, no «Южное море»)."""
    doc = span.doc
    if len(span) != 1 or not span[0].text[:1].isupper() or span.end + 1 >= len(doc) or \
            doc[span.end].lower_ not in _LINKS or not _adjective_cases(span[0].lower_) or \
            _noun_and_adjective(span[0]):
        return None
    starts = doc.user_data.get(STARTS_KEY)
    if starts is None:
        starts = mention_starts(doc)
    position = span.end
    for _step in range(_MAX_LIST):
        if position + 1 >= len(doc) or doc[position].lower_ not in _LINKS:
            return None
        partner = starts.get(position + 1)
        if partner is None:
            return None
        if len(partner) == 1 and \
                _adjective_cases(partner[0].lower_) & _adjective_cases(span[0].lower_) and \
                partner[0].text[:1].isupper():
            position = partner.end  # another lone adjective of the list
            continue
        if len(partner) < 2 or partner[0].pos_ != "ADJ" or \
                partner[1].pos_ not in ("NOUN", "PROPN") or "-" in partner[0].text or \
                not _agrees(span[0].lower_, partner[0]):
            return None
        return partner
    return None


def _noun_and_adjective(token: Token) -> bool:
    """A hyphenated name of a noun and an adjective, a whole name of its own
    («Каменска-Уральского и Нижнего Тагила»; not «Северо-Западного», a combining form)."""
    return "-" in token.text and \
        nominative_by_parts(token.text, token.pos_, str(token.morph)) is not None


def shared_head_name(adjective: str, partner_name: str) -> str | None:
    """The adjective in the nominative of the gender and number of the partner's first word,
    with the rest of the partner's name: «Северной» + «Южная Корея» → «Северная Корея»."""
    words = partner_name.split()
    if len(words) < 2:
        return None
    analyzer = morph_analyzer()
    model = next((parse for parse in analyzer.parse(words[0].lower())
                  if parse.tag.POS == "ADJF" and "nomn" in parse.tag), None)
    if model is None:
        return None
    grammemes = {"nomn", model.tag.number or "sing"}
    if model.tag.gender and "sing" in grammemes:
        grammemes.add(model.tag.gender)
    for parse in analyzer.parse(adjective.lower()):
        if parse.tag.POS != "ADJF":
            continue
        inflected = parse.inflect(grammemes)
        if inflected is not None:
            return " ".join([recover_shape(inflected.word, adjective), *words[1:]])
    return None


def shared_surname_partner(span: Span) -> Span | None:
    """The person after ``span`` and «и» whose surname ``span`` shares: ``span`` is one
    capitalised word the dictionary reads as a first name and never as a surname, and the
    mention right after «и» is a PER of a first name and a surname («отец и сын [Антониу] и
    [Фелипе Карвалью]», «[Андрей] и [Ольга Ивановы]»; not «Ким и Дональд Трамп», «Макрон и
    Олаф Шольц»: no first names), the surname a family's plural or the names after a family's
    word (:func:`_after_family_word`)."""
    doc = span.doc
    if span.label_ != "PER" or len(span) != 1 or not span[0].text[:1].isupper() or \
            span.end + 1 >= len(doc) or doc[span.end].lower_ != "и" or \
            not _first_name_only(span[0].lower_):
        return None
    starts = doc.user_data.get(STARTS_KEY)
    partner = (starts if starts is not None else mention_starts(doc)).get(span.end + 1)
    if partner is None or partner.label_ != "PER" or len(partner) < 2 or \
            not _first_name_only(partner[0].lower_) or not partner[-1].text[:1].isupper():
        return None
    surname = partner[-1].lower_
    if not surname.endswith(PLURAL_SURNAME_ENDINGS) and not _after_family_word(span):
        return None  # «У принца Уильяма и Кейт Миддлтон»: a couple of two surnames
    if case_of(partner[-1]) not in (None, "Nom") and surname.endswith(MAN_SURNAME_ENDINGS):
        return None  # «четы Нэнси и Рональда Рейганов»: a plural genitive or his singular
    return partner


_FAMILY_WINDOW = 3  # words before the first name


def _after_family_word(span: Span) -> bool:
    """A word of ``family_nouns`` or ``kinship_words`` (models/entity_words.yaml) stands in
    the few words before the first name: «в семье Джеймса и Лоры …», «отец и сын Антониу и
    …», «его родители Борис и …»."""
    from ..lexicons.words import entity_words

    words = entity_words()
    family = words.family_nouns | words.kinship_words
    doc = span.doc
    return any(fold(token.lemma_) in family
               for token in doc[max(0, span.start - _FAMILY_WINDOW):span.start])


@lru_cache(maxsize=10_000)
def _first_name_only(word: str) -> bool:
    """The dictionary (its guesser too: «антониу») reads the word as a first name and never
    as a surname."""
    grammemes = [parse.tag.grammemes for parse in morph_analyzer().parse(word)]
    return any("Name" in found for found in grammemes) and \
        not any("Surn" in found for found in grammemes)
