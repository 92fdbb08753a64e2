"""Token facts read in one pass through spaCy's arrays, without creating a Token object per
token per question (the pipeline asks the same things in several components)."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import IDX, IS_SPACE, LEMMA, LENGTH, ORTH, POS, SENT_START
from spacy.tokens import Doc, Token

from ..folding import fold
from .lemmatizer import INVISIBLE_CHARACTERS, cyrillic_lookalikes

TEXT_KEY = "nlp_extract.text"
# offsets of the sentences the tokenizer begins at a blank line where razdel saw none: the NER
# packs its chunks from razdel's sentences, as bare natasha reads the text
PARAGRAPH_STARTS_KEY = "nlp_extract.paragraph_starts"


def doc_text(doc: Doc) -> str:
    """``doc.text``, read once: spaCy joins every token again on each access, and the
    pipeline's components each need the text. The tokenizer stores it; a Doc made elsewhere
    gets it on first use (a Doc's text never changes, retokenizing included)."""
    text = doc.user_data.get(TEXT_KEY)
    length = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    if not isinstance(text, str) or len(text) != length:  # absent, or stale in a copied Doc
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


DOUBLE_APOSTROPHE = "''"  # a quote mark typed as two apostrophes (wiki markup, plain ASCII)
INVISIBLE = str.maketrans("", "", INVISIBLE_CHARACTERS)  # «Ми\u00adнистерство» → Министерство
_UNREAD = re.compile(f"[A-Za-z{INVISIBLE_CHARACTERS}]")  # what word() may change


@dataclass(frozen=True)
class TokenTable:
    text: str  # doc.text, read once
    starts: Sequence[int]  # compact arrays: 8 bytes a token, not a list of int objects
    ends: Sequence[int]
    space: Sequence[bool]
    sentence_starts: list[int]  # token indices where a sentence begins

    def word(self, index: int) -> str:
        """The token as the taggers see it: a quote typed as two apostrophes is «"» (slovnet's
        vocabulary has no «''»); invisible characters inside a word are not there
        («Ми\u00adнистерство» is read as «Министерство»), nor are Latin look-alike letters in a
        Cyrillic word («Tвиттере» with a Latin «T»: :func:`.lemmatizer.cyrillic_lookalikes`)."""
        word = self.text[self.starts[index]:self.ends[index]]
        if word == DOUBLE_APOSTROPHE:
            return '"'
        if word.isascii() or not _UNREAD.search(word):
            return word
        return cyrillic_lookalikes(word.translate(INVISIBLE) or word)

    def first_token_from(self, char: int) -> int:
        """The index of the first token that starts at or after character ``char`` (the number
        of tokens when none does): tokens ``first_token_from(a)`` to ``first_token_from(b)``
        are those starting in ``[a, b)``."""
        return bisect_left(self.starts, char)

    def sentences(self) -> list[list[int]]:
        """Indices of the non-space tokens of each sentence."""
        return list(self.iter_sentences())

    def iter_sentences(self) -> Iterator[list[int]]:
        """:meth:`sentences` one at a time (a long text need not hold them all)."""
        bounds = [*self.sentence_starts, len(self.starts)]
        space = self.space
        for start, end in zip(bounds, bounds[1:], strict=False):
            words = [i for i in range(start, end) if not space[i]]
            if words:
                yield words


def token_table(doc: Doc) -> TokenTable:
    if not len(doc):
        return TokenTable(doc_text(doc), array("q"), array("q"), [], [])
    columns = doc.to_array([IDX, LENGTH, IS_SPACE, SENT_START])  # one row of 4 per token
    text = doc_text(doc)
    return _RECENT_TABLES.get((text, columns.tobytes()), lambda: _table(text, columns))


class RecentAnswers:
    """The last few answers of a computation, most recent first, by the key each was computed
    from (an equal key, the same answer): the components after the taggers take a doc one
    after another and several ask the same question of it. Read through a copy, so threads
    may share one."""

    def __init__(self, size: int = 2) -> None:
        self.size = size
        self._answers: list[tuple[Any, Any]] = []

    def get(self, key: Any, compute: Callable[[], Any]) -> Any:
        for known, answer in list(self._answers):
            if known == key:
                return answer
        answer = compute()
        self._answers.insert(0, (key, answer))
        del self._answers[self.size:]
        return answer


# token tables by the text and the columns they were read from; a table never changes
_RECENT_TABLES = RecentAnswers()


def _table(text: str, columns: numpy.ndarray) -> TokenTable:
    starts = array("q", columns[:, 0].astype(numpy.int64).tobytes())
    ends = array("q", (columns[:, 0] + columns[:, 1]).astype(numpy.int64).tobytes())
    space = columns[:, 2].astype(bool).tolist()
    opens = columns[:, 3].astype(numpy.int64) == 1
    opens[0] = True
    return TokenTable(text, starts, ends, space, numpy.flatnonzero(opens).tolist())


def folded_lemmas(doc: Doc) -> list[str]:
    """Every token's lemma, folded (lowercase, ё → е), read from spaCy's arrays in one pass."""
    return _folded_strings(doc, LEMMA)


def folded_texts(doc: Doc) -> list[str]:
    """Every token's surface form, folded (for lexicon matching by inflected form), read from
    spaCy's arrays in one pass."""
    return _folded_strings(doc, ORTH)


# a string's id is the hash of its text, the same in every Doc and Vocab: its folded form is
# looked up once (a dict read per token, not a fold per token); cleared when full
_FOLDED: dict[int, str] = {}
_FOLDED_SIZE = 50_000


# folded strings per attribute, by the string ids they were read from
_RECENT_FOLDED = {LEMMA: RecentAnswers(), ORTH: RecentAnswers()}


def _folded_strings(doc: Doc, attribute: int) -> list[str]:
    if not len(doc):
        return []
    keys = doc.to_array([attribute]).ravel().tolist()
    return list(_RECENT_FOLDED[attribute].get(keys, lambda: _folded_keys(doc, keys)))


def _folded_keys(doc: Doc, keys: list[int]) -> list[str]:
    known = _FOLDED
    if len(known) > _FOLDED_SIZE:
        known.clear()
    strings = doc.vocab.strings
    folded = {}  # this doc's own, so that another thread clearing the table harms nothing
    for key in set(keys):
        value = known.get(key)
        if value is None:
            value = known[key] = fold(strings[key])
        folded[key] = value
    return [folded[key] for key in keys]


def capitalised(doc: Doc) -> list[int]:
    """Indices of the tokens that start with a capital letter, found without making a Token
    object per token (components look for names among them)."""
    if not len(doc):
        return []
    text = doc_text(doc)
    return [index for index, start in enumerate(doc.to_array([IDX]).ravel().tolist())
            if text[start].isupper()]


def token_texts(doc: Doc) -> list[str]:
    """Every token's text, sliced from the doc's text without making a Token object per token
    (components look for a few marks among them: quotes, brackets)."""
    table = token_table(doc)
    text = table.text
    return [text[start:end] for start, end in zip(table.starts, table.ends, strict=True)]


# the words of the last few docs, by the doc itself (its identity) and its length
_RECENT_WORDS = RecentAnswers()


def non_space_tokens(doc: Doc) -> list[Token]:
    """The doc's tokens that are not white space, made once for the components that read them
    one after another (keyphrases, topics): a Token object per token is the costly part."""
    def make() -> list[Token]:
        space = token_table(doc).space
        return [doc[index] for index in range(len(doc)) if not space[index]]

    return list(_RECENT_WORDS.get((doc, len(doc)), make))


def tagged(doc: Doc, tags: Iterable[str]) -> list[int]:
    """Indices of the tokens whose part of speech is one of ``tags`` («NOUN», «ADJ»), found
    without making a Token object per token."""
    if not len(doc):
        return []
    wanted = {doc.vocab.strings[tag] for tag in tags}
    return [index for index, pos in enumerate(doc.to_array([POS]).ravel().tolist())
            if pos in wanted]
