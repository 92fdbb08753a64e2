"""A spaCy tokenizer backed by razdel: tokens and sentence starts as natasha sees them.

Whitespace other than one space after a token becomes its own ``SPACE`` token, so
``doc.text == text`` always and every token's ``idx`` is an offset into the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import razdel
import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from ..folding import fold
from ..lexicons.words import entity_words
from .arrays import DOUBLE_APOSTROPHE, PARAGRAPH_STARTS_KEY, TEXT_KEY
from .tokens import OPENING_QUOTES

_RUNS = re.compile(r"\s+|\S+")
# razdel builds an object per atom of the whole text before its first token (about 400 bytes a
# word: 400 MB for 6 MB of text), so long texts are tokenized in pieces. A piece ends before a
# word B that follows whitespace after a word A, each one razdel atom (a run of Cyrillic or
# Latin letters or digits, or one other character) standing between whitespace: razdel's rules
# look at most two atoms away from a join, and a join needs no whitespace between its atoms, so
# no rule reads across such a cut and the tokens are those of the whole text.
_ATOM = r"(?:[а-яё]+|[a-z]+|\d+|[^\sа-яёa-z\d])"
_CUT = re.compile(rf"(?<=\s){_ATOM}\s+(?={_ATOM}\s)", re.IGNORECASE)
PIECE_CHARS = 100_000


def _pieces(text: str, size: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """``[start, end)`` ranges of about ``size`` characters tokenized as the whole text is."""
    bounds = [0]
    while len(text) - bounds[-1] > size:
        cut = _CUT.search(text, bounds[-1] + size)
        if cut is None:
            break
        bounds.append(cut.end())
    return list(zip(bounds, [*bounds[1:], len(text)], strict=True))


def razdel_tokens(text: str, size: int = PIECE_CHARS,
                  cuts: set[int] | None = None) -> Iterator[tuple[int, int, str]]:
    """``(start, stop, text)`` of razdel's tokens of ``text``, found piece by piece; two
    sentences a scraper glued together are two tokens (:func:`glued_at`), and the offset
    where the second begins is added to ``cuts`` when given; two apostrophes side by side are
    one quote mark («газеты ''Bild''»: razdel splits them)."""
    pending: tuple[int, int, str] | None = None  # an apostrophe the next token may join
    for token in lookalike_words(_split_tokens(text, size, cuts), mixes_scripts(text)):
        if pending is not None:
            if token[2] == "'" and token[0] == pending[1]:
                yield pending[0], token[1], DOUBLE_APOSTROPHE
                pending = None
                continue
            yield pending
            pending = None
        if token[2] == "'":
            pending = token
        else:
            yield token
    if pending is not None:
        yield pending


def lookalike_words(tokens: Iterable[tuple[int, int, str]], mixed_scripts: bool = True
                    ) -> Iterator[tuple[int, int, str]]:
    """Letters of two scripts that razdel split one word at («Курентзиcа» with a Latin «c»,
    «Бeшара» with a Latin «e»: a typist's slip) are one token again, when the word is mostly
    Cyrillic and every Latin letter in it has a Cyrillic twin
    (:func:`~nlp_extract.pipeline.lemmatizer.cyrillic_lookalikes`); «iPhone», «МТСBank» stay
    as razdel cut them. ``mixed_scripts``: False when the text has no Latin letter beside a
    Cyrillic one (:func:`mixes_scripts`), so no word razdel split can be one again."""
    if not mixed_scripts:
        yield from tokens
        return
    run: list[tuple[int, int, str]] = []  # letters-only tokens that touch
    for token in tokens:
        if run and token[2].isalpha() and run[-1][1] == token[0]:
            run.append(token)
            continue
        yield from _lookalike_run(run)
        run = [token] if token[2].isalpha() else []
        if not run:
            yield token
    yield from _lookalike_run(run)


_SCRIPTS_MEET = re.compile(r"[A-Za-z][А-ЯЁа-яё]|[А-ЯЁа-яё][A-Za-z]")


def mixes_scripts(text: str) -> bool:
    """A Latin letter right beside a Cyrillic one somewhere in ``text``."""
    return _SCRIPTS_MEET.search(text) is not None


def _lookalike_run(run: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Touching letters-only tokens as one word when it is a Cyrillic word with look-alike
    Latin letters, else as they are."""
    if len(run) > 1:
        from .lemmatizer import cyrillic_lookalikes

        word = "".join(token[2] for token in run)
        if cyrillic_lookalikes(word) != word:
            return [(run[0][0], run[-1][1], word)]
    return run


def _split_tokens(text: str, size: int,
                  cuts: set[int] | None) -> Iterator[tuple[int, int, str]]:
    previous_end, previous_last = -1, ""
    for start, end in _pieces(text, size):
        piece = text[start:end] if (start, end) != (0, len(text)) else text
        for token in razdel.tokenize(piece):
            if cuts is not None and start + token.start == previous_end and \
                    script_glued(previous_last, token.text):
                cuts.add(previous_end)
            previous_end, previous_last = start + token.stop, token.text[-1:]
            cut = 0 if not may_be_glued(token.text) or quoted_name(piece, token.start) \
                else glued_at(token.text) or \
                glued_short_word(token.text, piece[token.stop:token.stop + 1])
            if cut:
                if cuts is not None:
                    cuts.add(start + token.start + cut)
                yield start + token.start, start + token.start + cut, token.text[:cut]
                yield start + token.start + cut, start + token.stop, token.text[cut:]
            else:
                yield start + token.start, start + token.stop, token.text


def may_be_glued(word: str) -> bool:
    """A word :func:`glued_at` or :func:`glued_short_word` may cut: letters only, four or
    more, with a capital after the first (each of their patterns needs one); most words are
    not, and are not matched against five patterns."""
    return len(word) >= 4 and not word[1:].islower() and word.isalpha()


def quoted_name(text: str, start: int) -> bool:
    """A word right after an opening quote is a name written as its owner wrote it
    («компании «СтройИнвест»», «ООО "ТрансНефтеПродукт"»), not two sentences a scraper
    glued together: a lost paragraph break never falls right after a quote mark."""
    return start > 0 and text[start - 1] in OPENING_QUOTES


_GLUED = re.compile(r"[А-ЯЁа-яё]*[а-яё]{3}(?=[А-ЯЁ][а-яё]{3})")
_MIN_GLUED = 4  # letters of each part


def glued_at(word: str) -> int:
    """Where a scraper glued the end of one sentence to the next («зренияНазарбаев»,
    «ПригожинаПосещаемость», «КазаньСостав»: a paragraph break lost): after a word of four
    letters or more with an inflected ending (any, when lowercase: «срокДанный»), a
    dictionary word or a capitalised one, before
    a capitalised dictionary word of four or more (after a lowercase dictionary word, any
    capitalised word: «каналыЯндекс»; after a lowercase word the dictionary lacks, a
    dictionary word: «мельдонияПравительство»). Names written so on purpose stay whole:
    their first part is a bare stem («ПолитЭксперт», «ФедералПресс»), a combining form of
    ``brand_prefixes`` (models/entity_words.yaml: «МегаФона») or itself in camel case
    («СевТелекомСвязью»), or one part is short («ВымпелКом», «ЛукОйл») or written in capitals
    («АвтоВАЗ»). An abbreviation before a capitalised dictionary word is cut too
    (:func:`_capitals_glued`: «ФНССоциальная»). 0: not glued."""
    capitals = _capitals_glued(word)
    if capitals:
        return capitals
    found = _GLUED.match(word)
    if found is None or len(word) - found.end() < _MIN_GLUED or found.end() < _MIN_GLUED:
        return 0
    first, second = word[:found.end()], word[found.end():]
    if not second[1:].islower() or not second.isalpha() or \
            not (first.lower().endswith(_INFLECTED_ENDINGS) or first.islower()):
        return 0  # a lowercase first part may end as it likes («срокДанный»)
    if not first[1:].islower() or fold(first) in entity_words().brand_prefixes:
        return 0  # a camel-case name itself («СевТелеком|Связью»), a combining form («Мега|Фона»)
    from .models import morph_analyzer

    analyzer = morph_analyzer()
    first_known = first[:1].isupper() or analyzer.word_is_known(first.lower())
    second_known = analyzer.word_is_known(second.lower())
    if first[:1].islower():  # after a lowercase word the next may be a name («каналыЯндекс»);
        # a word the dictionary lacks may end before a dictionary word («мельдонияПравительство»)
        return found.end() if first_known or second_known else 0
    return found.end() if first_known and second_known else 0


_CAPITALS_GLUED = re.compile(r"([А-ЯЁ]{2,})([А-ЯЁ][а-яё]{3,})")


def _capitals_glued(word: str) -> int:
    """Where an abbreviation ends when a headline ending in it runs into the next sentence
    («… зарегистрировалась в ФНССоциальная сеть …»): capitals, then a capitalised dictionary
    word of four letters or more; 0: not glued («ВКонтакте»: one capital before the word)."""
    found = _CAPITALS_GLUED.fullmatch(word)
    if found is None:
        return 0
    from .models import morph_analyzer

    known = morph_analyzer().word_is_known(found.group(2).lower())
    return found.end(1) if known else 0


_SHORT_GLUED = re.compile(r"[а-яё]{4,}(?=[А-ЯЁ][а-яё]{0,2}$)")
_ONE_LETTER_WORDS = frozenset("ВСКОУАИЯ")


_NAME_GLUED = re.compile(r"[А-ЯЁ][а-яё]{4,}(?=[А-ЯЁ][а-яё]{0,2}$)")
_FUNCTION_WORDS = frozenset({"PREP", "CONJ", "PRCL"})


def glued_short_word(word: str, following: str) -> int:
    """A sentence that opens with a short word glued to the end of the last one («Соцсети
    будущегоВ прошлом году…», «вознаграждениеЭта функция…»: a heading run into the text): a
    lowercase dictionary word with an inflected ending, then a capitalised word of one to three
    letters (of one: a Russian one-letter word) the dictionary knows, then a space; or a
    capitalised word (a caption's name: «Евгений ПригожинНа «фабрике медиа»…») or any
    lowercase dictionary word («в судПо словам…») before a preposition, conjunction or
    particle (:func:`_name_glued`, :func:`_word_glued`). The longer ones are
    :func:`glued_at`'s. 0: not glued."""
    named = _name_glued(word, following) or _word_glued(word, following)
    if named:
        return named
    found = _SHORT_GLUED.match(word)
    if found is None or not following.isspace() or \
            not word[:found.end()].endswith(_INFLECTED_ENDINGS):
        return 0
    second = word[found.end():]
    if len(second) == 1 and second not in _ONE_LETTER_WORDS:
        return 0
    from .models import morph_analyzer

    analyzer = morph_analyzer()
    known = analyzer.word_is_known(word[:found.end()]) and \
        (len(second) == 1 or analyzer.word_is_known(second.lower()))
    return found.end() if known else 0


def _name_glued(word: str, following: str) -> int:
    """Where a capitalised word of five letters or more ends when a capitalised preposition,
    conjunction or particle of two or three letters is glued to it («ПригожинНа», «МоскваНо»),
    or a Russian one-letter word after a case ending («ПригожинаВ»), before a space; 0: not
    glued («ВымпелКом» stays: «ком» reads first as a pronoun)."""
    found = _NAME_GLUED.match(word)
    if found is None or not following.isspace():
        return 0
    second = word[found.end():]
    first = word[:found.end()].lower()
    from .models import morph_analyzer

    analyzer = morph_analyzer()
    if len(second) == 1:  # «ПригожинаВ»; «ВымпелК» stays: no case ending before the letter
        named = analyzer.word_is_known(first) or any(
            {"Name", "Surn"} & parse.tag.grammemes for parse in analyzer.parse(first))
        return found.end() if second in _ONE_LETTER_WORDS and \
            first.endswith(_INFLECTED_ENDINGS) and named else 0
    return found.end() if _function_word(second) else 0


def _function_word(word: str) -> bool:
    """The dictionary's first reading of the word is a preposition, conjunction or particle
    («На», «Но», «По»)."""
    from .models import morph_analyzer

    parses = morph_analyzer().parse(word.lower())
    return bool(parses) and bool(_FUNCTION_WORDS & parses[0].tag.grammemes)


_WORD_GLUED = re.compile(r"[а-яё]{3,}(?=[А-ЯЁ][а-яё]{1,2}$)")


def _word_glued(word: str, following: str) -> int:
    """Where a lowercase dictionary word of three letters or more ends when a capitalised
    preposition, conjunction or particle of two or three letters is glued to it, before a
    space («без обращения в судПо словам…»: the next sentence opens with «По»); 0: not glued."""
    found = _WORD_GLUED.match(word)
    if found is None or not following.isspace():
        return 0
    from .models import morph_analyzer

    known = morph_analyzer().word_is_known(word[:found.end()])
    return found.end() if known and _function_word(word[found.end():]) else 0


def script_glued(last: str, word: str) -> bool:
    """A Cyrillic word with a capital right after a Latin letter («URA.RUМинистерство»,
    «SanchezМОСКВА»: a photo credit or a site's name glued to the next sentence) begins a
    sentence; razdel already made them two tokens."""
    return last.isascii() and last.isalpha() and len(word) >= 2 and \
        _CYRILLIC_CAPITAL.match(word) is not None


_CYRILLIC_CAPITAL = re.compile(r"[А-ЯЁ][А-ЯЁа-яё]")


# how an inflected Russian word ends (a case or verb ending), unlike the stems brands are
# built of («Полит-», «Федерал-», «Вымпел-»)
_INFLECTED_ENDINGS = (*"аяыиеуюоёэьй", "ов", "ев", "ах", "ях", "ом", "ем", "ам", "ям", "ых", "их",
                      "ым", "им", "ть")


def razdel_words(text: str, cuts: set[int] | None = None) -> tuple[list[str], list[bool]]:
    """Split ``text`` into spaCy ``words`` and ``spaces`` that rebuild it exactly; the
    offsets of glued sentences it cut go to ``cuts`` (:func:`razdel_tokens`)."""
    words: list[str] = []
    spaces: list[bool] = []
    position = 0
    known: dict[str, str] = {}  # one string object per distinct word (6 MB of one word: 1)

    def add_gap(gap: str) -> None:
        for run in _RUNS.findall(gap):
            if run[0].isspace():
                if words and not spaces[-1] and run[0] == " " and not words[-1].isspace():
                    spaces[-1] = True
                    run = run[1:]
                if not run:
                    continue
            words.append(run)
            spaces.append(False)

    for start, stop, word in razdel_tokens(text, cuts=cuts):
        if start > position:
            add_gap(text[position:start])
        words.append(known.setdefault(word, word))
        spaces.append(False)
        position = stop
    if position < len(text):
        add_gap(text[position:])
    return words, spaces


# no lookahead: a blank line's whitespace is taken whole, so a text ending in a long run of
# blank lines is read once (a lookahead for the next word rescanned the run from every line)
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n\s*")


def sentence_starts(text: str) -> set[int]:
    return {sentence.start for sentence in razdel.sentenize(text)}


def paragraph_starts(text: str) -> set[int]:
    """The first character after every blank line: a headline or a section title without a
    full stop («Путин посетил Казань», a blank line, «Президент России…») is a sentence of
    its own, not the beginning of the next one."""
    return {match.end() for match in _PARAGRAPH.finditer(text) if match.end() < len(text)}


class RazdelTokenizer:
    """Callable tokenizer: ``text -> Doc`` with razdel tokens and razdel sentence starts."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        glued: set[int] = set()  # where a sentence glued to the one before begins
        words, spaces = razdel_words(text, glued)
        razdel_starts = sentence_starts(text) | glued
        paragraphs = paragraph_starts(text) - razdel_starts
        starts = razdel_starts | paragraphs
        sent_starts: list[bool] = []
        offset = 0
        seen_word = False
        for word, space in zip(words, spaces, strict=True):
            is_word = not word.isspace()
            sent_starts.append(not sent_starts or (is_word and seen_word and offset in starts))
            seen_word = seen_word or is_word
            offset += len(word) + space
        doc = Doc(self.vocab, words=words, spaces=spaces, sent_starts=sent_starts)
        doc.user_data[TEXT_KEY] = text  # doc.text == text; components read it via doc_text()
        if paragraphs:
            doc.user_data[PARAGRAPH_STARTS_KEY] = sorted(paragraphs)
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    # serialisation hooks so ``nlp.to_disk`` / ``nlp.from_disk`` work: nothing to save
    def to_bytes(self, **_: Any) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **__: Any) -> RazdelTokenizer:
        return self

    def to_disk(self, _path: Any, **__: Any) -> None:
        return None

    def from_disk(self, _path: Any, **__: Any) -> RazdelTokenizer:
        return self


@spacy.registry.tokenizers("nlp_extract.razdel_tokenizer.v1")
def create_razdel_tokenizer() -> Any:
    def make(nlp: Any) -> RazdelTokenizer:
        return RazdelTokenizer(nlp.vocab)

    return make
