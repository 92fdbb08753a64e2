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

from spacy.tokens import Span

from .extensions import mentions
from .inflect import parse_case
from .models import morph_analyzer
from .tokens import case_of

_LINKS = frozenset({"и", "или", ","})


@lru_cache(maxsize=10_000)
def _adjective_cases(word: str) -> frozenset[str]:
    """The cases the dictionary reads ``word`` in as a full adjective (singular)."""
    return frozenset(case for parse in morph_analyzer().parse(word)
                     if parse.tag.POS == "ADJF" and "sing" in parse.tag
                     for case in [parse_case(parse)] if case)


def shared_head_partner(span: Span) -> Span | None:
    """The mention right after ``span`` and «и»/«или»/a comma that begins with an adjective
    and goes on with its head, when ``span`` is one capitalised word the dictionary reads as
    an adjective in that adjective's case: «[Северной] и [Южной Кореи]». Not before a
    compound adjective, whose first part the lone word may share: «Южном и Восточно-Китайском
    морях» (the South China Sea, no «Южное море»)."""
    doc = span.doc
    if len(span) != 1 or not span[0].text[:1].isupper() or span.end + 1 >= len(doc) or \
            doc[span.end].lower_ not in _LINKS:
        return None
    cases = _adjective_cases(span[0].lower_)
    if not cases:
        return None
    partner = next((other for other in mentions(doc) if other.start == span.end + 1), None)
    if partner is None or len(partner) < 2 or partner[0].pos_ != "ADJ" or \
            partner[1].pos_ not in ("NOUN", "PROPN") or "-" in partner[0].text or \
            case_of(partner[0]) not in cases:
        return None
    return partner


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
            word = inflected.word
            return " ".join([word[:1].upper() + word[1:], *words[1:]])
    return None
