"""natasha's slovnet syntax model as a spaCy component: a head and a UD relation per word.

Off by default (``{"slovnet_syntax": {"enabled": true}}`` turns it on): measured on both
corpora it did not pay for its time (README, "Syntax (slovnet) tried").

The parse goes to ``token._.syntax_head`` (the doc index of the head word, None for a root)
and ``token._.syntax_rel`` (``nsubj``, ``nmod``, ``conj``, …), not to spaCy's ``token.head``:
writing spaCy's HEAD makes every tree a sentence of its own, so a second root in a sentence
or a run-on sentence cut in pieces would change ``doc.sents`` for the components after it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from .arrays import TokenTable, token_table
from .batching import BatchedComponent, map_sorted_by_length, slovnet_tags, windows
from .models import syntax_parser
from .morph import WINDOW_TOKENS, sentence_words

HEAD = "syntax_head"
REL = "syntax_rel"
PARSED_KEY = "nlp_extract.parsed"


def register_token_extensions() -> None:
    for name in (HEAD, REL):
        if not Token.has_extension(name):
            Token.set_extension(name, default=None)


def parsed(doc: Doc) -> bool:
    """Whether the syntax component parsed ``doc`` (its words have relations): it marks the doc
    so, which the doc keeps through a copy and a DocBin (no Token made to ask)."""
    return bool(doc.user_data.get(PARSED_KEY))


def head_of(token: Token) -> int | None:
    return token._.get(HEAD)


class SlovnetSyntax(BatchedComponent):
    def __init__(self, name: str, batch_size: int, enabled: bool) -> None:
        register_token_extensions()
        self.name = name
        self.batch_size = batch_size
        self.enabled = enabled
        self.parser = syntax_parser(batch_size) if enabled else None

    def _tag(self, docs: list[Doc]) -> None:
        if self.parser is None:
            return
        tables = [token_table(doc) for doc in docs]
        jobs = [(number, indices) for number in range(len(docs))
                for indices in sentence_words(tables[number])]
        for window in windows(jobs, lambda job: len(job[1]), WINDOW_TOKENS):
            self._parse_window(docs, tables, window)

    def _parse_window(self, docs: list[Doc], tables: list[TokenTable],
                      window: list[tuple[int, list[int]]]) -> None:
        items = [[tables[number].word(index) for index in indices] for number, indices in window]
        parses = map_sorted_by_length(items, self._parse, len)
        for (number, indices), (heads, rels) in zip(window, parses, strict=True):
            doc = docs[number]
            doc.user_data[PARSED_KEY] = True
            for index, head, rel in zip(indices, heads, rels, strict=True):
                token = doc[index]
                # slovnet's heads count words of the sentence from 1; 0 is the root
                token._.set(HEAD, indices[head - 1] if 0 < head <= len(indices) else None)
                token._.set(REL, rel)

    def _parse(self, items: list[list[str]]) -> list[tuple[list[int], list[str]]]:
        return [([int(head) for head in heads], list(rels))
                for _ids, heads, rels in slovnet_tags(self.parser, items)]


@Language.factory(
    "slovnet_syntax",
    default_config={"batch_size": 16, "enabled": False},
    assigns=["token._.syntax_head", "token._.syntax_rel"],
)
def make_slovnet_syntax(nlp: Language, name: str, batch_size: int,
                        enabled: bool) -> SlovnetSyntax:
    return SlovnetSyntax(name, batch_size, enabled)
