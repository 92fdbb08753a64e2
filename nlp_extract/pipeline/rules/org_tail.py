"""Where the tail after an organisation's head ends: the ordered rules of ``TAIL_RULES``.

A tail is made of genitive words and mentions, one «по …» phrase, coordinated genitives, a
place after its type word («района Отрадное»), a person after a title («администрация
президента Обамы»), «с …» or «за …» after a noun of the remit that governs it («по борьбе с
коррупцией», «по надзору за банками»), «при …» naming a body or an official («комитет при
прокуратуре»), «против …» but not a place («комитет ООН против пыток»; «сборной России против
Саудовской Аравии» ends before it), and «в …» a place for missions abroad («посольство в
Токио»); a noun that agrees with a participle before an instrumental head is the
participle's («принятого комиссией решения»). ``position`` is the token asked about;
``last_good`` the end of the tail so far (adjectives move ``position`` on but not
``last_good``: they belong to the tail only with the noun that follows them). One golden
row per rule: ``tests/test_rules_org_tail.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...folding import fold
from ..syntax import head_of
from ..tokens import NOUNS, adjectival, case_of, is_site
from . import GO, STOP

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from ...lexicons import WordSet
    from ..orgs import BodyFinder

MAX_TAIL = 12
VERBS = frozenset({"VERB", "AUX"})


@dataclass
class TailState:
    finder: BodyFinder
    end: int  # the end of the head
    head: str  # the head's last lemma
    allow_po: bool
    mentions_only: bool
    limit: int
    start: int = 0  # the start of the head
    syntax: bool = False  # the doc carries slovnet_syntax's parse
    position: int = 0
    last_good: int = 0
    in_po: bool = False  # inside a «по …» phrase
    po_phrase: bool = False  # after one began
    fired: list[tuple[str, int]] = field(default_factory=list)  # (rule, position) when traced

    @property
    def previous(self) -> str:
        return self.finder.lemmas[self.position - 1] if self.position > self.end else self.head

    def previous_reads(self, words: WordSet) -> bool:
        """The word before ``position`` (the head right after it) is one of ``words``."""
        if self.position > self.end:
            return self.finder.reads(self.position - 1, words)
        return self.head in words

    def reads(self, words: WordSet) -> bool:
        return self.finder.reads(self.position, words)

    @property
    def case(self) -> str | None:
        return case_of(self.finder.doc[self.position])

    @property
    def lemma(self) -> str:
        return self.finder.lemmas[self.position]


Rule = Callable[[TailState], str | None]


def sentence_start(s: TailState) -> str | None:
    """No tail runs into the next sentence («URA.RU» and a sentence glued to it:
    «URA.RUМинистерство образования …» are two names)."""
    return STOP if s.finder.doc[s.position].is_sent_start else None


def personal_body(s: TailState) -> str | None:
    """A person in the genitive right after a head of ``personal_bodies`` ends the body's
    name: «пресс-служба Кадырова», «администрация Клинтона», «правительство Нечаса»."""
    finder = s.finder
    mention = finder.mention_at.get(s.position)
    if mention is None or mention.label_ != "PER" or mention.start != s.position or \
            s.position != s.end or not s.previous_reads(finder.lexicon.personal_bodies) or \
            not finder.genitive_mention(mention):
        return None
    s.position = s.last_good = mention.end
    return STOP


def person_after_title(s: TailState) -> str | None:
    """A person ends the tail («агентство Томаса Райтера»), except one in the genitive after a
    title from the lexicon («администрация президента Обамы»; «администрации президента
    Сергей Иванов заявил» names the subject, not the body); after another animate noun that
    noun goes too («вооружённых сил генерал-лейтенанта Аксары Кердпола»)."""
    doc, mention = s.finder.doc, s.finder.mention_at.get(s.position)
    if mention is None or mention.label_ != "PER":
        return None
    title = s.position == s.last_good > s.end and mention.start == s.position and \
        doc[s.position - 1].pos_ == "NOUN" and "Anim" in doc[s.position - 1].morph.get("Animacy")
    if title and s.previous_reads(s.finder.lexicon.titles):
        if not s.finder.genitive_mention(mention):
            return STOP  # «глава администрации президента Сергей Иванов заявил»: the subject
        s.position = s.last_good = mention.end
        return GO
    if title and not s.po_phrase:  # «по правам человека Валерий Фадеев»: the phrase's word
        # the rank goes, and the adjectives before it («гражданского демократа Нечаса»)
        s.last_good -= 1
        while s.last_good > s.end and adjectival(s.finder.doc[s.last_good - 1]):
            s.last_good -= 1
    return STOP


def caseless_name_after_a_place(s: TailState) -> str | None:
    """A name without case endings («RT», «BBC»), or one abbreviation in capitals, right after
    the place that ends the tail is no part of the body: «сообщил МИД Швеции RT» (the
    ministry told RT), «В министерстве … Челябинской области ТАСС сообщили» (the tagger may
    give «ТАСС» a case)."""
    finder = s.finder
    mention, before = finder.mention_at.get(s.position), finder.mention_at.get(s.position - 1)
    if mention is not None and mention.start == s.position and mention.label_ == "ORG" and \
            before is not None and before.label_ == "LOC" and \
            s.position == s.last_good > s.end and \
            (finder.caseless_mention(mention) or _capital_abbreviation(mention)):
        return STOP
    return None


def _capital_abbreviation(mention: Span) -> bool:
    return len(mention) == 1 and len(mention.text) >= 2 and mention.text.isupper()


def site_after_a_name(s: TailState) -> str | None:
    """A site's domain name after a name NER found is no genitive of it: «В приемной
    Тюменской областной библиотеки Znak.com заявили» (the site was told; a body's head may
    take one: «пресс-служба Lenta.ru»)."""
    mention = s.finder.mention_at.get(s.position)
    if not s.mentions_only or mention is None or mention.start != s.position or \
            not is_site(mention.text):
        return None
    return STOP


def genitive_mention(s: TailState) -> str | None:
    """A LOC or ORG mention in the genitive («… Свердловской области»), or any after a place
    type word («района Отрадное»)."""
    finder, mention = s.finder, s.finder.mention_at.get(s.position)
    if mention is not None and mention.label_ in ("LOC", "ORG") and \
            mention.start == s.position and (finder.genitive_mention(mention) or (
                s.position == s.last_good and s.previous_reads(finder.lexicon.place_types))):
        s.position = s.last_good = mention.end
        return GO
    return None


def place_after_po(s: TailState) -> str | None:
    """The places a «по» phrase names are taken whole and end the tail: «Следственного
    комитета РФ по Республике Крым», not «… по Республике»; «пресс-служба МЧС по
    Санкт-Петербургу и Ленобласти»; «ГУ МВД по г. Москве», «… по городу Москве» (a city's
    type word before it)."""
    finder = s.finder
    position = s.position + city_word_length(finder.doc, finder.lemmas, s.position)
    mention = finder.mention_at.get(position)
    if not s.in_po or s.position == 0 or finder.lemmas[s.position - 1] != "по" or \
            mention is None or mention.label_ != "LOC" or mention.start != position:
        return None
    while mention is not None:
        s.position = s.last_good = mention.end
        following = finder.mention_at.get(mention.end + 1)
        mention = following if mention.end + 1 < len(finder.doc) and \
            finder.lemmas[mention.end] in ("и", ",") and following is not None and \
            following.label_ == "LOC" and following.start == mention.end + 1 else None
    return STOP


def city_word_length(doc: Doc, lemmas: list[str] | None, position: int) -> int:
    """How many tokens a city's type word before its name takes at ``position``: «г.»,
    «гор.» 2, «город» (any case) 1, else 0. ``lemmas``: the doc's folded lemmas when the
    caller has them (else the token's is read)."""
    if position + 1 >= len(doc) or not doc[position + 1].text[:1].isupper() and \
            doc[position + 1].text != ".":
        return 0
    lemma = lemmas[position] if lemmas is not None else fold(doc[position].lemma_)
    if lemma == "город":
        return 1
    if doc[position].lower_ in ("г", "гор"):
        return 2 if doc[position + 1].text == "." else 1
    return 0


def city_abbreviation_place(s: TailState) -> str | None:
    """«г.» or «гор.» right before a place mention is the city's type word, taken with the
    place: «Администрация г. Калининграда», «УМВД г. Тулы», «школа № 5 г. Тулы» (a full stop
    would end the tail at «г»); «город» is a genitive noun."""
    finder, position = s.finder, s.position
    if position != s.last_good or finder.doc[position].lower_ not in ("г", "гор"):
        return None
    mention = finder.mention_at.get(position + city_word_length(finder.doc, finder.lemmas,
                                                                position))
    if mention is None or mention.label_ != "LOC" or mention.start == position:
        return None
    s.position = s.last_good = mention.end
    return GO


def jurisdiction_word(s: TailState) -> str | None:
    """Right after an abbreviation or a one-word name, a place type word in the genitive is
    its jurisdiction, named by the article: «минприроды региона», «МИД страны»."""
    finder, token = s.finder, s.finder.doc[s.position]
    if s.mentions_only and s.position == s.end and token.pos_ in NOUNS and \
            s.case == "Gen" and s.reads(finder.lexicon.place_types):
        s.position = s.last_good = s.position + 1
        return GO
    return None


def only_mentions(s: TailState) -> str | None:
    """After an abbreviation («МФЦ») or a name NER found, only mentions may follow."""
    return STOP if s.mentions_only else None


def nothing_after_a_place(s: TailState) -> str | None:
    """A genitive after a place mention belongs to the sentence, not the name («правительству
    Страны восходящего солнца точных сведений»), unless a place type word goes on («района
    города Минска»)."""
    finder, token = s.finder, s.finder.doc[s.position]
    before = finder.mention_at.get(s.position - 1)
    if s.position == s.last_good > s.end and before is not None and not s.in_po and \
            before.label_ == "LOC" and (token.pos_ in NOUNS or adjectival(token)) and \
            s.case == "Gen" and not s.reads(finder.lexicon.place_types):
        return STOP
    return None


def place_only_heads(s: TailState) -> str | None:
    """Heads such as «суд» take only places in the genitive («Конституционного суда комплекса
    зданий» stops at «суда»), and the noun that says their kind (``kind_genitives``: «суд
    общей юрисдикции»)."""
    lexicon, token = s.finder.lexicon, s.finder.doc[s.position]
    if token.pos_ in NOUNS and s.case == "Gen" and not s.in_po and \
            s.head in lexicon.places_only and not s.reads(lexicon.place_types) and \
            not s.reads(lexicon.kind_genitives):
        return STOP
    return None


def participle_noun(s: TailState) -> str | None:
    """A body in the instrumental after a participle is its agent, and the noun after the
    body that agrees with the participle is the participle's, no part of the name:
    «принятого комиссией решения», «подготовленного министерством проекта изменений» end at
    «комиссией», «министерством»; so does one after the body's own genitives («принятого
    министерством финансов решения»). When the noun after that agrees too, the first is the
    body's («подписанного администрацией района договора»); with no participle before it
    the body takes the noun («управление министерством финансов»)."""
    doc = s.finder.doc
    if s.position != s.last_good or s.start < 1 or s.position + 1 >= s.limit or \
            case_of(doc[s.end - 1]) != "Ins":
        return None
    participle, noun, after = doc[s.start - 1], doc[s.position], doc[s.position + 1]
    if "Part" not in participle.morph.get("VerbForm") or noun.pos_ not in NOUNS or \
            not _agree(participle, noun) or after.pos_ in NOUNS and _agree(participle, after):
        return None
    return STOP


def _agree(participle: Token, noun: Token) -> bool:
    """Case and number alike (the tagger's gender of a participle is often its agent's)."""
    return all(participle.morph.get(name) and participle.morph.get(name) == noun.morph.get(name)
               for name in ("Case", "Number"))


def genitive_noun(s: TailState) -> str | None:
    """A genitive noun («министерство финансов»), or a dative / locative one inside a «по …»
    phrase («комитет по бюджету»)."""
    token, case = s.finder.doc[s.position], s.case
    if token.pos_ in NOUNS and (case == "Gen" or (s.in_po and case in ("Dat", "Loc"))):
        s.position = s.last_good = s.position + 1
        s.in_po = s.in_po and case != "Gen"
        return GO
    return None


def governed_phrase(s: TailState) -> str | None:
    """«с» and an instrumental after a noun of ``with_nouns``, «за» and one after a noun of
    ``over_nouns``, name what the body works with or watches over: «управление по связям с
    общественностью», «комитет по борьбе с коррупцией», «агентство по работе с блогерами»,
    «комиссия по надзору за банками» (the names ended at «по связям», «по надзору» before).
    Adjectives before the noun go with it; genitives after it continue the tail («по борьбе с
    незаконным оборотом наркотиков»)."""
    finder = s.finder
    governing = {"с": finder.lexicon.with_nouns, "за": finder.lexicon.over_nouns}.get(s.lemma)
    if governing is None or s.position != s.last_good or s.position == s.end or \
            not s.previous_reads(governing):
        return None
    noun = _instrumental_after(s, s.position + 1)
    if noun is None:
        return None
    mention = finder.mention_at.get(noun)
    if mention is not None and mention.start == noun:
        end = mention.end
    elif finder.doc[noun].pos_ in NOUNS:
        end = noun + 1
    else:
        return None
    s.position = s.last_good = end
    s.in_po = False
    return GO


def _instrumental_after(s: TailState, start: int) -> int | None:
    """The word in the instrumental after the instrumental adjectives from ``start`` (the
    noun they go with), or None when the tail ends first or the word is in another case."""
    doc = s.finder.doc
    noun = start
    while noun < s.limit and adjectival(doc[noun]) and case_of(doc[noun]) == "Ins":
        noun += 1
    return noun if noun < s.limit and case_of(doc[noun]) == "Ins" else None


def instrumental_object(s: TailState) -> str | None:
    """An instrumental right after a noun of ``instrumental_nouns`` inside a «по …» phrase
    names what the body manages: «министерство по управлению государственным имуществом»
    (the name ended at «по управлению» before). Adjectives before the noun go with it."""
    finder = s.finder
    if not s.in_po or s.position != s.last_good or s.position == s.end or \
            not s.previous_reads(finder.lexicon.instrumental_nouns):
        return None
    noun = _instrumental_after(s, s.position)
    if noun is None or finder.doc[noun].pos_ not in NOUNS:
        return None
    s.position = s.last_good = noun + 1
    s.in_po = False
    return GO


def agreeing_adjective(s: TailState) -> str | None:
    """An adjective before such a noun («социальной политики»): taken only if a noun
    follows."""
    case = s.case
    if adjectival(s.finder.doc[s.position]) and (
            case == "Gen" or (s.in_po and case in ("Dat", "Loc"))):
        s.position += 1
        return GO
    return None


def numbered_convocation(s: TailState) -> str | None:
    """«Палата представителей 112 созыва»."""
    finder = s.finder
    if finder.doc[s.position].like_num and s.position == s.last_good and \
            s.position + 1 < s.limit and \
            finder.reads(s.position + 1, finder.lexicon.numbered):
        s.position = s.last_good = s.position + 2
        return GO
    return None


def institution_number(s: TailState) -> str | None:
    """«школа № 212», «средней школы №1»: the number right after a head of
    ``numbered_institutions`` is the body's."""
    from ..orgs import number_sign_at

    numbered = s.position == s.end and _institution_head(s)
    taken = number_sign_at(s.finder.doc, s.position) if numbered else 0
    if not taken:
        return None
    s.position = s.last_good = s.position + taken
    return GO


def _institution_head(s: TailState) -> bool:
    """The head is one of ``numbered_institutions`` («школа», «больница»)."""
    return any(phrase[-1] == s.head for phrase in s.finder.lexicon.numbered_institutions)


def institution_eponym(s: TailState) -> str | None:
    """«больницы имени Н.И. Пирогова», «школа № 5 имени А.С. Пушкина»: «имени» and the
    person's name right after a head of ``numbered_institutions`` (or its number) are the
    body's."""
    from ..orgs import eponym_end

    if s.position != s.last_good or not _institution_head(s):
        return None
    end = eponym_end(s.finder.doc, s.position, s.limit)
    if end is None:
        return None
    s.position = s.last_good = end
    return GO


def coordinated_adjectives(s: TailState) -> str | None:
    """«и» between two adjectives of the noun that follows them, in one case, inside a «по …»
    phrase: «по реализации демографической и семейной политики» (the name ended at «по
    реализации» before); not elsewhere («совета директоров британского оператора спутникового
    и кабельного телевидения British Sky Broadcasting»: the company is no part of the board's
    name)."""
    doc = s.finder.doc
    if s.lemma != "и" or not s.po_phrase or s.position == s.last_good or \
            s.position + 1 >= s.limit:
        return None
    before, after = doc[s.position - 1], doc[s.position + 1]
    if not adjectival(before) or not adjectival(after) or \
            case_of(before) is None or case_of(before) != case_of(after):
        return None
    s.position += 1
    return GO


def dangling_adjectives(s: TailState) -> str | None:
    """Adjectives not followed by their noun end the tail before them."""
    return STOP if s.position != s.last_good else None


def circumstantial_po(s: TailState) -> str | None:
    """«по» before a circumstance (``circumstances``: «по поводу», «по обвинению», «по
    запросу»), adjectives between aside, ends the tail: «[полицию] по поводу шума», «[суд] по
    обвинению в убийстве», «[суд] по схожим обвинениям»."""
    finder = s.finder
    if s.lemma != "по" or s.in_po:
        return None
    noun = s.position + 1
    while noun < min(len(finder.doc), s.position + 3) and finder.doc[noun].pos_ == "ADJ":
        noun += 1
    if noun < len(finder.doc) and finder.reads(noun, finder.lexicon.circumstances):
        return STOP
    return None


def po_phrase(s: TailState) -> str | None:
    """One «по …» phrase, unless the head takes none («Госдума по …») or the name so far
    opens with one that takes none («Совете Безопасности ООН по Сирии»)."""
    if s.lemma == "по" and not s.in_po and s.allow_po and \
            not s.finder.lexicon.takes_no_po(tuple(s.finder.lemmas[s.start:s.position])):
        s.in_po = s.po_phrase = True
        s.position += 1
        return GO
    return None


def body_after_and(s: TailState) -> str | None:
    """«и» before an ORG mention of its own starts a list of bodies, not the tail
    («Минобороны США и НАТО»: two bodies)."""
    if s.lemma == "и" and s.position > s.end:
        mention = s.finder.mention_at.get(s.position + 1)
        if mention is not None and mention.label_ == "ORG" and mention.start == s.position + 1:
            return STOP
    return None


def coordinated_genitive(s: TailState) -> str | None:
    """«труда и социальной защиты»: «и» before another genitive that is no body's head."""
    if s.lemma == "и" and s.position > s.end and s.finder.continues_genitive(s.position + 1):
        s.position += 1
        return GO
    return None


def enumerated_remit(s: TailState) -> str | None:
    """A comma right after a genitive of the tail, before more genitives that an «и» and a
    genitive close, lists the body's remit: «Министерство образования, науки и молодёжной
    политики Краснодарского края», «министерства молодежи, спорта и туризма ДНР» (the names
    ended at «образования»); the head one of ``remit_heads``, in the singular, the word
    before the comma no place type («правительства других стран, согласования …»). A comma
    whose genitives no «и» closes ends the tail («… министерства финансов,
    Минэкономразвития…», «министерства финансов, которое …»)."""
    finder = s.finder
    if s.lemma != "," or s.position != s.last_good or s.position == s.end or \
            not finder.lexicon.remit_heads.matches(s.head) or \
            "Plur" in finder.doc[s.end - 1].morph.get("Number") or \
            s.previous_reads(finder.lexicon.place_types) or \
            not finder.continues_genitive(s.position + 1):
        return None
    for position in range(s.position + 1, s.limit - 1):
        token = finder.doc[position]
        if finder.lemmas[position] == "и":
            if finder.continues_genitive(position + 1):
                s.position += 1
                return GO
            return None
        if token.is_punct and token.text != "," or token.pos_ in VERBS:
            return None
    return None


def coordinated_po(s: TailState) -> str | None:
    """«по развитию гражданского общества и правам человека»."""
    if s.lemma == "и" and s.position > s.end and s.po_phrase and \
            s.finder.continues_case(s.position + 1, ("Dat", "Loc")):
        s.in_po = True
        s.position += 1
        return GO
    return None


def against_a_place(s: TailState) -> str | None:
    """«против» before a place names an opponent, not the body's cause: «матч сборной России
    против Саудовской Аравии», «санкции Евросоюза против России» end before «против»
    («комитет ООН против пыток» keeps its phrase)."""
    finder = s.finder
    if s.lemma != "против" or s.in_po:
        return None
    for start in range(s.position + 1, s.limit):
        mention = finder.mention_at.get(start)
        if mention is not None and mention.start == start:
            return STOP if mention.label_ == "LOC" else None
        if not adjectival(finder.doc[start]):
            return None
    return None


def preposition_phrase(s: TailState) -> str | None:
    """«при прокуратуре», «при главном архитекторе Москвы», «против пыток», «в Токио» after a
    mission's head; «при поддержке» is a circumstance, not a name."""
    if s.lemma in ("при", "против", "в") and not s.in_po:
        phrase_end = s.finder.preposition_phrase_end(s.position, s.head)
        if phrase_end is not None:
            s.position = s.last_good = phrase_end
            return GO
    return None


def syntax_detached(s: TailState) -> str | None:
    """With the syntax component on: a word whose head chain leaves the tail for a verb
    before it reaches the head or a word already taken is the verb's argument, not part of
    the name («министерство … сообщило Ивану», «предстал перед судом по обвинению»). The
    chain may pass through words to the right inside the tail's reach (an adjective to its
    noun); a chain that leaves for a noun is left to the other rules (the parser attaches
    «по …» and «при …» phrases to nearby nouns too often: «на заседании Совета при Президенте
    РФ по развитию …»)."""
    if not s.syntax:
        return None
    doc, index = s.finder.doc, s.position
    for _step in range(MAX_TAIL + 2):
        head = head_of(doc[index])
        if head is None:
            return STOP
        if s.start <= head < s.position:
            return None
        if not s.position < head < s.limit:
            return STOP if doc[head].pos_ in VERBS else None
        index = head
    return None


TAIL_RULES: tuple[Rule, ...] = (
    sentence_start,
    institution_number,
    institution_eponym,
    syntax_detached,
    personal_body,
    person_after_title,
    caseless_name_after_a_place,
    place_after_po,
    site_after_a_name,
    genitive_mention,
    city_abbreviation_place,
    jurisdiction_word,
    only_mentions,
    nothing_after_a_place,
    place_only_heads,
    participle_noun,
    genitive_noun,
    governed_phrase,
    instrumental_object,
    agreeing_adjective,
    numbered_convocation,
    coordinated_adjectives,
    dangling_adjectives,
    circumstantial_po,
    po_phrase,
    body_after_and,
    coordinated_genitive,
    enumerated_remit,
    coordinated_po,
    against_a_place,
    preposition_phrase,
)


def tail_end(finder: BodyFinder, end: int, allow_po: bool = True, mentions_only: bool = False,
             head: str = "", fired: list[tuple[str, int]] | None = None,
             start: int | None = None) -> int:
    """The end of the tail after a head from ``start`` (default: its last word) to ``end``;
    ``fired`` (when given) gets the name and position of each rule that answered, the last
    one being the one that stopped."""
    state = TailState(finder, end, head, allow_po, mentions_only,
                      limit=min(len(finder.doc), end + MAX_TAIL),
                      start=end - 1 if start is None else start,
                      syntax=finder.syntax, position=end, last_good=end)
    while state.position < state.limit:
        position = state.position
        for rule in TAIL_RULES:
            verdict = rule(state)
            if verdict is None:
                continue
            if fired is not None:
                fired.append((rule.__name__, position))
            break
        else:
            verdict = STOP
            if fired is not None:
                fired.append(("no_rule", position))
        if verdict == STOP:
            break
    return state.last_good
