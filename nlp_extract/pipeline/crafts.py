"""Craft filter (component ``craft_filter``): a name after a vehicle's type word («шаттл
«Дискавери»», «телескоп Хаббл») is a craft, and one after an award's («премий «Эмми»») an award,
not an organisation, a place or a person (an award's only in quotes: «наград ФИФА» names the
giver): its mentions are dropped here and everywhere else in the article, and
``article_names`` does not find it again (the names are kept in ``doc.user_data``). Type
words: ``vehicles`` and ``awards`` in ``models/org_lexicon.yaml``."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..lexicons import WordSet
from .arrays import folded_lemmas
from .extensions import mentions, register_extensions, set_mentions
from .orgs import load_lexicon
from .tokens import case_of as _case
from .trace import note


def vehicle_names(doc: Doc, lemmas: list[str], spans: list[Span], vehicles: WordSet
                  ) -> set[tuple[str, ...]]:
    """Lemmas of the names that follow a vehicle's type word («шаттл «Дискавери»», «телескоп
    Хаббл», «корабль «Союз»»): a craft is no organisation or place, here or anywhere else in
    the article. Only a name in apposition counts: «лайнер «Аэрофлота»» names its owner,
    «командир корабля Юрий Маленченко» a person. The type word is matched by its lemma in
    context only, not by any reading: «суда» is «суд» as often as «судно»."""
    if not vehicles:
        return set()
    names = set()
    for span in spans:
        before = span.start - 1
        while before >= 0 and doc[before].is_quote:
            before -= 1
        if span.label_ not in ("ORG", "LOC") or before < 0 or span.start - before > 2 or \
                lemmas[before] not in vehicles or not span[0].text[:1].isupper() or \
                span._.core:
            continue
        if in_apposition(span[0], doc[before]):
            names.add(tuple(lemmas[span.start:span.end]))
    return names


def in_apposition(name: Token, vehicle: Token) -> bool:
    """The name is in the nominative or the type word's case, so it names the craft:
    «лайнер «Аэрофлота»» (genitive after a nominative) names its owner."""
    return _case(name) in (None, "Nom", _case(vehicle))


CRAFTS_KEY = "nlp_extract.crafts"  # doc.user_data: the lemmas of the article's craft names
_MAX_QUOTED = 4


def vehicle_names_in_text(doc: Doc, lemmas: list[str], vehicles: WordSet
                          ) -> set[tuple[str, ...]]:
    """Lemmas of the names written after a vehicle's type word whether or not NER marked them
    («на шаттле «Дискавери»» where NER saw only a later «Дискавери»): a quoted name of up to
    four words, not a person's, in the nominative or the type word's case (an unquoted name
    counts only as a mention: «в самолёте Путин …» is a person), and the quoted names listed
    after it («шаттлы «Индевор» и «Атлантис»»)."""
    if not vehicles:
        return set()
    names = set()
    for index, lemma in enumerate(lemmas):
        if lemma not in vehicles:
            continue
        found = _quoted_name(doc, index + 1)
        while found is not None and in_apposition(doc[found[0]], doc[index]):
            start, end = found
            names.add(tuple(lemmas[start:end]))
            after = _after_aside(doc, end + 1)
            found = _quoted_name(doc, after + 1) if after < len(doc) and \
                lemmas[after] in _LIST_WORDS else None
    return names


_LIST_WORDS = frozenset({"и", ",", "или"})
_MAX_ASIDE = 12  # tokens of a bracketed aside between listed names


def _after_aside(doc: Doc, position: int) -> int:
    """The token after a bracketed aside that opens at ``position`` («(в конце апреля)»), else
    ``position``."""
    if position >= len(doc) or doc[position].text != "(":
        return position
    for close in range(position + 1, min(len(doc), position + _MAX_ASIDE)):
        if doc[close].text == ")":
            return close + 1
    return position


def _quoted_name(doc: Doc, quote: int) -> tuple[int, int] | None:
    """The ``[start, end)`` tokens of a capitalised name of up to four words, not a person's,
    in quotes opening at token ``quote``; None when there is none."""
    start = quote + 1
    if quote >= len(doc) or not doc[quote].is_quote or start >= len(doc) or \
            not doc[start].text[:1].isupper() or not doc[start].is_alpha or \
            doc[start].ent_type_ == "PER":
        return None
    end = start + 1
    while end < len(doc) and end - start < _MAX_QUOTED and not doc[end].is_quote:
        end += 1
    return (start, end) if end < len(doc) and doc[end].is_quote else None


def craft_names(doc: Doc) -> set[tuple[str, ...]]:
    """The lemmas of the craft names ``craft_filter`` found in ``doc`` (none before it ran)."""
    return {tuple(name) for name in doc.user_data.get(CRAFTS_KEY, ())}


class CraftFilter:
    def __init__(self, nlp: Language, name: str, lexicon: str) -> None:
        self.name = name
        self.lexicon = load_lexicon(lexicon)
        self.type_words = WordSet.of([*self.lexicon.vehicles, *self.lexicon.awards])
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        current = mentions(doc)
        lemmas = folded_lemmas(doc)
        crafts = vehicle_names(doc, lemmas, current, self.lexicon.vehicles) | \
            vehicle_names_in_text(doc, lemmas, self.type_words)  # awards: quoted names only
        if not crafts:
            return doc
        doc.user_data[CRAFTS_KEY] = [list(name) for name in sorted(crafts)]
        kept = []
        for span in current:
            if tuple(lemmas[span.start:span.end]) in crafts:
                note(doc, "vehicle_name", span)
            else:
                kept.append(span)
        set_mentions(doc, kept)
        return doc


@Language.factory("craft_filter", default_config={"lexicon": "org_lexicon.yaml"},
                  assigns=["doc.ents", "doc.spans"],
                  requires=["token.lemma", "token.morph"])
def make_craft_filter(nlp: Language, name: str, lexicon: str) -> CraftFilter:
    return CraftFilter(nlp, name, lexicon)
