"""Public bodies and described organisations that slovnet misses or cuts short.

«министерством социальной политики региона», «департамент информационной политики
Свердловской области», «органы опеки Кировского района Екатеринбурга», «оперативный штаб
региона», «компании Google». A body is a head from ``models/org_lexicon.yaml`` (lemmas),
agreeing adjectives before it, and a tail after it: genitive words and mentions («… Свердловской
области»), «по …» phrases («комитет по бюджету»), coordinated genitives («труда и социальной
защиты»). The result is merged with slovnet's spans: a body containing slovnet's LOC keeps it as
a nested mention; slovnet's ORG it overlaps is replaced by the longer span.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..folding import fold
from ..resources import load_data_file
from .arrays import folded_lemmas
from .casing import sentence_capital_only
from .extensions import mentions, register_extensions, set_mentions
from .gazetteer import load_gazetteer
from .intervals import TokenIndex, nested_spans
from .place_descriptors import describe_places

LEXICON_FORMAT = "nlp_extract.org_lexicon"
_NOUNS = frozenset({"NOUN", "PROPN"})
_MAX_TAIL = 12
_CLOSING_QUOTES = frozenset("»”")


def lexicon_lemma(word: str) -> str:
    """Lexicon entries may be written in any form («центр занятости»): each word is reduced
    to pymorphy3's most likely lemma, as the pipeline's lemmatizer would."""
    from .models import morph_analyzer

    return fold(morph_analyzer().parse(word.lower())[0].normal_form)


@dataclass(frozen=True)
class OrgLexicon:
    bodies: dict[str, list[tuple[str, ...]]]  # first lemma → phrases starting with it
    generic: frozenset[str]
    descriptors: dict[str, list[tuple[str, ...]]]
    not_modifiers: frozenset[str]
    without_po: frozenset[str]
    official_modifiers: frozenset[str]
    not_names: frozenset[tuple[str, ...]]
    version: str
    place_types: frozenset[str] = frozenset()
    abroad: frozenset[str] = frozenset()
    numbered: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    descriptive_heads: frozenset[str] = frozenset()
    places_only: frozenset[str] = frozenset()
    vehicles: frozenset[str] = frozenset()
    place_descriptors: frozenset[str] = frozenset()

    @classmethod
    def from_data(cls, data: dict) -> OrgLexicon:
        def index(items: list[str]) -> dict[str, list[tuple[str, ...]]]:
            table: dict[str, list[tuple[str, ...]]] = {}
            for item in items:
                phrase = tuple(lexicon_lemma(word) for word in item.split())
                table.setdefault(phrase[0], []).append(phrase)
            for phrases in table.values():
                phrases.sort(key=len, reverse=True)
            return table

        generic = [lexicon_lemma(word) for word in data.get("generic", [])]
        return cls(bodies=index(list(data["bodies"]) + generic),
                   generic=frozenset(generic),
                   descriptors=index(data.get("descriptors", [])),
                   not_modifiers=frozenset(fold(w) for w in data.get("not_modifiers", [])),
                   without_po=frozenset(fold(w) for w in data.get("without_po", [])),
                   official_modifiers=frozenset(lexicon_lemma(w) for w in
                                                data.get("official_modifiers", [])),
                   not_names=frozenset(tuple(lexicon_lemma(w) for w in item.split())
                                       for item in data.get("not_names", [])),
                   version=str(data["version"]),
                   place_types=frozenset(lexicon_lemma(w) for w in data.get("place_types", [])),
                   abroad=frozenset(lexicon_lemma(w) for w in data.get("abroad", [])),
                   numbered=frozenset(lexicon_lemma(w) for w in data.get("numbered", [])),
                   titles=frozenset(lexicon_lemma(w) for w in data.get("titles", [])),
                   descriptive_heads=frozenset(lexicon_lemma(w) for w in
                                               data.get("descriptive_heads", [])),
                   places_only=frozenset(lexicon_lemma(w) for w in data.get("places_only", [])),
                   vehicles=frozenset(lexicon_lemma(w) for w in data.get("vehicles", [])),
                   place_descriptors=frozenset(lexicon_lemma(w) for w in
                                               data.get("place_descriptors", [])))


@cache
def load_lexicon(path: str = "org_lexicon.yaml") -> OrgLexicon:
    return OrgLexicon.from_data(load_data_file(path, LEXICON_FORMAT))


def _case(token: Token) -> str | None:
    values = token.morph.get("Case")
    return values[0] if values else None


def _adjectival(token: Token) -> bool:
    """Adjectives and participles («пострадавших соинвесторов»)."""
    return token.pos_ == "ADJ" or (token.pos_ == "VERB" and
                                   "Part" in token.morph.get("VerbForm"))


def _match(lemmas: list[str], start: int, table: dict[str, list[tuple[str, ...]]]
           ) -> tuple[str, ...] | None:
    for phrase in table.get(lemmas[start], ()):
        if tuple(lemmas[start:start + len(phrase)]) == phrase:
            return phrase
    return None


class BodyFinder:
    """Finds body spans in one doc; ``mention_at`` maps token index → existing mention."""

    def __init__(self, doc: Doc, lexicon: OrgLexicon) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.lemmas = folded_lemmas(doc)
        self.mention_at: dict[int, Span] = {}
        for span in mentions(doc):
            for index in range(span.start, span.end):
                self.mention_at.setdefault(index, span)

    def bodies(self) -> list[Span]:
        found: list[Span] = []
        index = 0
        while index < len(self.doc):
            span = self._body_at(index)
            if span is None:
                index += 1
                continue
            found.append(span)
            index = span.end
        return found

    def _body_at(self, index: int) -> Span | None:
        token = self.doc[index]
        if token.pos_ not in _NOUNS and token.pos_ != "ADJ":
            return None
        phrase = _match(self.lemmas, index, self.lexicon.bodies)
        if phrase is None:
            return None
        head_end = index + len(phrase)
        if token.pos_ == "ADJ" and len(phrase) == 1:
            return None
        start = self._modifiers_start(index)
        abbreviation = len(phrase) == 1 and token.text.isupper()  # «МФЦ»: only a place follows
        end = self._tail_end(head_end, allow_po=phrase[0] not in self.lexicon.without_po,
                             mentions_only=abbreviation, head=phrase[-1])
        generic = len(phrase) == 1 and phrase[0] in self.lexicon.generic
        named = self.doc[start].is_title and not self.doc[start].is_sent_start
        if generic and end == head_end and not named:
            return None
        if tuple(self.lemmas[index:end]) in self.lexicon.not_names:
            return None
        return Span(self.doc, start, end, label="ORG")

    def _modifiers_start(self, head: int, official_only: bool = False) -> int:
        """Agreeing adjectives before ``head``. ``official_only`` (before a name found by NER):
        only those that belong to a name — capitalised inside the sentence, place adjectives
        («японский МИД»), or official ones from the lexicon — not «нелегитимная Мосгордума»."""
        case = _case(self.doc[head])
        start = head
        while start > 0:
            previous = self.doc[start - 1]
            lemma = self.lemmas[start - 1]
            if previous.pos_ != "ADJ" or lemma in self.lexicon.not_modifiers:
                break
            if _case(previous) != case or previous.i in self.mention_at:
                break
            if official_only and not (
                    (previous.is_title and not previous.is_sent_start)
                    or lemma in self.lexicon.official_modifiers
                    or load_gazetteer().by_adjective(lemma) is not None):
                break
            start -= 1
        return start

    def _tail_end(self, end: int, allow_po: bool = True, mentions_only: bool = False,
                  head: str = "") -> int:
        """Where the tail after a body's head ends: genitive words and mentions, one «по …»
        phrase, coordinated genitives, a place after its type word («района Отрадное»), a
        person after a title («администрация президента Обамы»), «при …» naming a body or an
        official («комитет при прокуратуре»), «против …» («комитет ООН против пыток»), and
        «в …» a place for missions abroad («посольство в Токио»)."""
        doc, limit = self.doc, min(len(self.doc), end + _MAX_TAIL)
        last_good = end
        position = end
        in_po = po_phrase = False  # inside a «по …» phrase / after one began
        while position < limit:
            token = doc[position]
            mention = self.mention_at.get(position)
            previous = self.lemmas[position - 1] if position > end else head
            if mention is not None and mention.label_ == "PER":
                title = position == last_good > end and mention.start == position and \
                    doc[position - 1].pos_ == "NOUN" and \
                    "Anim" in doc[position - 1].morph.get("Animacy")
                if title and previous in self.lexicon.titles:
                    position = last_good = mention.end  # «администрация президента Обамы»
                    continue
                if title:
                    last_good -= 1  # «вооружённых сил генерал-лейтенанта Аксары Кердпола»
                break  # «агентство Томаса Райтера»: a person is not part of a body's name
            if mention is not None and mention.label_ in ("LOC", "ORG") and \
                    mention.start == position and (self._genitive_mention(mention) or (
                        position == last_good and previous in self.lexicon.place_types)):
                position = last_good = mention.end
                continue
            if mentions_only:
                break
            case = _case(token)
            lemma = self.lemmas[position]
            if position == last_good > end and self.mention_at.get(position - 1) is not None \
                    and not in_po and self.mention_at[position - 1].label_ == "LOC" and \
                    (token.pos_ in _NOUNS or _adjectival(token)) and case == "Gen" and \
                    lemma not in self.lexicon.place_types:  # «района города Минска» goes on
                break  # «правительству Страны восходящего солнца точных сведений»
            if token.pos_ in _NOUNS and case == "Gen" and not in_po and \
                    head in self.lexicon.places_only and lemma not in self.lexicon.place_types:
                break  # «Конституционного суда комплекса зданий»
            if token.pos_ in _NOUNS and (case == "Gen" or (in_po and case in ("Dat", "Loc"))):
                position = last_good = position + 1
                in_po = in_po and case != "Gen"
                continue
            if _adjectival(token) and (case == "Gen" or (in_po and case in ("Dat", "Loc"))):
                position += 1
                continue
            if token.like_num and position == last_good and position + 1 < limit and \
                    self.lemmas[position + 1] in self.lexicon.numbered:
                position = last_good = position + 2  # «Палата представителей 112 созыва»
                continue
            if position != last_good:
                break
            if lemma == "по" and not in_po and allow_po:
                in_po = po_phrase = True
                position += 1
                continue
            if lemma == "и" and position > end and self._continues_genitive(position + 1):
                position += 1
                continue
            if lemma == "и" and position > end and po_phrase and \
                    self._continues_case(position + 1, ("Dat", "Loc")):
                in_po = True  # «по развитию гражданского общества и правам человека»
                position += 1
                continue
            if lemma in ("при", "против", "в") and not in_po:
                phrase_end = self._preposition_phrase_end(position, head)
                if phrase_end is not None:
                    position = last_good = phrase_end
                    continue
            break
        return last_good

    def _preposition_phrase_end(self, position: int, head: str) -> int | None:
        """The end of «при прокуратуре», «при главном архитекторе Москвы», «против пыток»,
        «в Токио» (after a mission's head) in a body's tail, or None when it is no part of it."""
        doc, lemma = self.doc, self.lemmas[position]
        start = position + 1
        while start < len(doc) and _adjectival(doc[start]):
            start += 1
        if start >= len(doc):
            return None
        token, mention = doc[start], self.mention_at.get(start)
        if lemma == "в":
            if head not in self.lexicon.abroad or mention is None or mention.label_ != "LOC" \
                    or mention.start != start:
                return None
            return mention.end
        if mention is not None and mention.start == start and mention.label_ in ("ORG", "LOC"):
            end = mention.end
        elif token.pos_ != "NOUN":
            return None
        elif lemma == "при" and not (_case(token) == "Loc" and (
                "Anim" in token.morph.get("Animacy")
                or _match(self.lemmas, start, self.lexicon.bodies) is not None)):
            return None  # «при поддержке», «при участии» are circumstances, not names
        elif lemma == "против" and _case(token) != "Gen":
            return None
        else:
            end = start + 1
        while end < len(doc):  # the genitives of the phrase: «при главном архитекторе Москвы»
            mention = self.mention_at.get(end)
            if mention is not None and mention.start == end and mention.label_ != "PER" and \
                    self._genitive_mention(mention):
                end = mention.end
            elif doc[end].pos_ in _NOUNS and _case(doc[end]) == "Gen" and mention is None:
                end += 1
            else:
                break
        return end

    def _continues_case(self, position: int, cases: tuple[str, ...]) -> bool:
        while position < len(self.doc) and _adjectival(self.doc[position]):
            position += 1
        return position < len(self.doc) and self.doc[position].pos_ in _NOUNS and \
            _case(self.doc[position]) in cases

    def _genitive_mention(self, mention: Span) -> bool:
        cases = {_case(token) for token in mention if token.pos_ in _NOUNS | {"ADJ"}}
        return "Gen" in cases or cases <= {None}

    def _continues_genitive(self, position: int) -> bool:
        while position < len(self.doc) and self.doc[position].pos_ == "ADJ":
            position += 1
        if position >= len(self.doc):
            return False
        token = self.doc[position]
        return token.pos_ in _NOUNS and _case(token) == "Gen" and \
            _match(self.lemmas, position, self.lexicon.bodies) is None

    def named(self) -> list[tuple[Span, Span]]:
        """(ORG found by NER, the same ORG with its agreeing adjectives and descriptor in front
        and its genitive place after: «японский МИД», «партии «Яблоко»», «МЧС России»). When a
        descriptor was added, the rest is kept as the new span's core (its name)."""
        pairs = []
        for span in mentions(self.doc):
            if span.label_ != "ORG":
                continue
            named_start = self._modifiers_start(span.start, official_only=True)
            start, end = self._descriptor_start(span), span.end
            if start < span.start:
                opened = any(token.is_quote for token in self.doc[start:span.start])
                if opened and end < len(self.doc) and self.doc[end].is_quote:
                    end += 1
            else:
                start = named_start
            end = self._tail_end(end, mentions_only=True)
            head = self.lemmas[span.start]
            if end < len(self.doc) and self.lemmas[end] == "по" and head in self.lexicon.bodies \
                    and head not in self.lexicon.without_po:
                end = self._tail_end(end, head=head)  # «Совета при Президенте РФ по развитию …»
            inner_descriptor = self._inner_descriptor_end(span)
            if (start, end) != (span.start, span.end) or inner_descriptor:
                longer = Span(self.doc, start, end, label="ORG")
                core_start = inner_descriptor or (named_start if start < named_start else None)
                if core_start is not None and not span._.core:
                    last = end - 1
                    while last > core_start and self.doc[last].is_quote:
                        last -= 1  # «движения «Солидарность»»: the name ends before its quote
                    core_end = self.doc[last].idx + len(self.doc[last])
                    longer._.core = [self.doc[core_start].idx, core_end]
                pairs.append((span, longer))
        return pairs

    def _inner_descriptor_end(self, span: Span) -> int | None:
        """Where the name starts when NER's own span begins with a descriptor («ОАО
        «Газпром»», «компания Google»): the first token after it (and its quote), when that
        starts with a capital."""
        phrase = _match(self.lemmas, span.start, self.lexicon.descriptors)
        if phrase is None or span.start + len(phrase) >= span.end:
            return None
        position = span.start + len(phrase)
        while position < span.end and self.doc[position].is_quote:
            position += 1
        if position >= span.end or not self.doc[position].text[:1].isupper():
            return None  # «Движение в защиту Химкинского леса» is all name
        return position

    def _descriptor_start(self, span: Span) -> int:
        start = span.start - 1
        while start >= 0 and self.doc[start].is_quote:
            start -= 1
        if start < 0 or span.start - start > 2:
            return span.start
        for first in range(start, max(-1, start - 2), -1):
            phrase = _match(self.lemmas, first, self.lexicon.descriptors)
            if phrase and first + len(phrase) == start + 1 and \
                    self.doc[first].pos_ in _NOUNS | {"ADJ"}:
                return self._modifiers_start(first)
        return span.start


def merge_bodies(doc: Doc, bodies: list[Span], described: list[tuple[Span, Span]]) -> list[Span]:
    """Existing mentions plus bodies: crossing spans are resolved in favour of the body when
    it holds the other's head, else the body is cut before the other mention.

    Each body meets only the mentions it touches (found in a positional index, in list order),
    so the work grows with the text, not with mentions × bodies."""
    current = list(mentions(doc))
    replaced = {(old.start, old.end, old.label_) for old, _new in described}
    current = [span for span in current if (span.start, span.end, span.label_) not in replaced]
    current.extend(new for _old, new in described)
    index = TokenIndex((span, span.start, span.end) for span in current)
    for body in bodies:
        for key in _reachable(index, body.start, body.end):
            span = index.get(key)
            inside = body.start <= span.start and span.end <= body.end
            crosses = span.start < body.end and body.start < span.end and not inside
            if span.label_ == "ORG" and inside and span.start > body.start:
                continue  # a named org in a body's tail («комитет ООН») stays nested
            if span.label_ == "ORG" and span.start < body.start <= span.end and \
                    _common_words(doc[span.start:body.start]):
                body = Span(doc, body.start, max(body.end, span.end), label="ORG")
                index.remove(key)
                continue  # NER's «Заседание комитета по бюджету»: the body is «комитета …»
            if span.label_ == "ORG" and (inside or crosses):
                body = Span(doc, min(body.start, span.start), max(body.end, span.end),
                            label="ORG")
                if not span.start > body.start:  # «отделения движения «Солидарность»»:
                    index.remove(key)  # both are names when the ORG starts inside
                continue
            if crosses and span.start < body.start:
                body = Span(doc, span.end, body.end, label="ORG") if span.end < body.end \
                    else body
            elif crosses:
                body = Span(doc, body.start, span.start, label="ORG")
        if len(body) and any(token.pos_ in _NOUNS for token in body):
            index.add(body, body.start, body.end)
    return index.values()


def _reachable(index: TokenIndex[Span], start: int, end: int) -> list[int]:
    """Keys of the mentions a body over ``[start, end)`` may meet: those covering one of its
    tokens or ending right before it, again over the tokens the overlapping ones add (a body
    grows only over mentions it overlaps). A superset: the rules decide."""
    while True:
        keys = index.keys_touching(start, end)
        overlapping = [span for span in map(index.get, keys) if span.end > start]
        wider = (min([start, *(span.start for span in overlapping)]),
                 max([end, *(span.end for span in overlapping)]))
        if wider == (start, end):
            return keys
        start, end = wider


def _common_words(words: Span) -> bool:
    """Words before a body inside an NER span that belong to no name: common nouns and
    adjectives in lower case, or a noun capitalised only by the start of the sentence
    («Заседание»; not «Международная», which may begin a name)."""
    return all(token.text.islower() and token.pos_ in ("NOUN", "ADJ") or
               token.pos_ == "NOUN" and sentence_capital_only(token) for token in words)


def vehicle_names(doc: Doc, lemmas: list[str], spans: list[Span], vehicles: frozenset[str]
                  ) -> set[tuple[str, ...]]:
    """Lemmas of the names that follow a vehicle's type word («шаттл «Дискавери»», «телескоп
    Хаббл», «корабль «Союз»»): a craft is no organisation or place, here or anywhere else in
    the article. Only a name in apposition counts: «лайнер «Аэрофлота»» names its owner,
    «командир корабля Юрий Маленченко» a person."""
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
        case, vehicle_case = _case(span[0]), _case(doc[before])
        if case in (None, "Nom", vehicle_case):  # «лайнер «Аэрофлота»» is its owner's
            names.add(tuple(lemmas[span.start:span.end]))
    return names


def quoted_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """The quoted name inside an ORG mention that is more than that name, as a nested ORG
    mention of its own: «Руководство радикального движения «Талибан»» holds «Талибан», «РИА
    «Новости»» holds «Новости». A mention whose name (``core``) is the quoted part already is
    that organisation («партии «Единая Россия»») and gets none."""
    nested = []
    inside_of = nested_spans(spans)
    for span in spans:
        if span.label_ != "ORG" or span._.core or len(span) < 3:
            continue
        opened: int | None = None
        for token in span:
            if token.is_quote and opened is None and token.i > span.start and \
                    token.text not in _CLOSING_QUOTES:
                opened = token.i
            elif token.is_quote and opened is not None:
                start, end = opened + 1, token.i
                inside = any((other.start, other.end) != (span.start, span.end) and
                             other.start <= start and end <= other.end
                             for other in inside_of(span))
                if start < end and doc[start].text[:1].isupper() and not inside:
                    nested.append(Span(doc, start, end, label="ORG"))
                opened = None
    return nested


def is_descriptive(span: Span, lexicon: OrgLexicon, inner: set[int]) -> bool:
    """An ORG named only by what it is and where: a head from ``descriptive_heads`` with only
    agreeing adjectives before it (none capitalised inside a sentence unless it is a place's)
    and nothing after it but mentions and conjunctions (``inner``: token indices inside nested
    mentions).
    «правительство Китая», «японское правительство», «власти Германии» — not «Правительство
    Москвы и области»'s «и области», not «министерство финансов»."""
    if span.label_ != "ORG" or span._.core:
        return False
    words = [token for token in span
             if not (token.is_punct or token.is_space or token.i in inner)]
    heads = [token for token in words if fold(token.lemma_) in lexicon.descriptive_heads]
    if len(heads) != 1:
        return False
    head = heads[0]
    for token in words:
        if token.i == head.i:
            continue
        if token.i > head.i:
            if token.pos_ == "CCONJ":  # «власти Мальты и Италии»
                continue
            return False
        if token.pos_ != "ADJ":
            return False
        lemma = fold(token.lemma_)
        place = load_gazetteer().by_adjective(lemma) is not None
        if lemma in lexicon.official_modifiers or \
                (token.is_title and not token.is_sent_start and not place):
            return False
    return True


def mark_descriptive(spans: list[Span], lexicon: OrgLexicon) -> None:
    inside = nested_spans(spans)
    for span in spans:
        if span.label_ != "ORG":
            continue
        inner = {index for other in inside(span) for index in range(other.start, other.end)}
        span._.descriptive = is_descriptive(span, lexicon, inner)


class PublicBodies:
    def __init__(self, nlp: Language, name: str, lexicon: str, describe: bool) -> None:
        self.name = name
        self.lexicon = load_lexicon(lexicon)
        self.describe = describe
        register_extensions()

    def _nameless(self, span: Span, inside: Callable[[Span], list[Span]]) -> bool:
        """An ORG of common words only, none of them a public body's head, holding no other
        mention: «руководство холдинга», «Руководство сайтов» (NER's guesses; a descriptor
        such as «холдинг» names an organisation only with its name)."""
        if span.label_ != "ORG" or not _common_words(span):
            return False
        lemmas = {fold(token.lemma_) for token in span}
        if lemmas & (set(self.lexicon.bodies) | self.lexicon.generic):
            return False
        return not inside(span)

    def __call__(self, doc: Doc) -> Doc:
        finder = BodyFinder(doc, self.lexicon)
        bodies = finder.bodies()
        described = finder.named() if self.describe else []
        current = merge_bodies(doc, bodies, described) if bodies or described \
            else list(mentions(doc))
        lemmas = finder.lemmas
        vehicles = vehicle_names(doc, lemmas, current, self.lexicon.vehicles)
        inside = nested_spans(current)
        kept = [span for span in current if not self._nameless(span, inside)
                and tuple(lemmas[span.start:span.end]) not in vehicles]
        placed = describe_places(doc, kept, self.lexicon.place_descriptors)
        nested = quoted_names(doc, placed)
        if bodies or described or nested or placed != current:
            set_mentions(doc, placed + nested)
        mark_descriptive(list(mentions(doc)), self.lexicon)
        return doc


@Language.factory(
    "public_bodies",
    default_config={"lexicon": "org_lexicon.yaml", "describe": True},
    assigns=["doc.ents", "doc.spans"],
    requires=["token.lemma", "token.pos", "token.morph"],
)
def make_public_bodies(nlp: Language, name: str, lexicon: str, describe: bool) -> PublicBodies:
    return PublicBodies(nlp, name, lexicon, describe)
