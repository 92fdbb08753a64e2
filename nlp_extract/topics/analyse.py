"""Running only the pipeline steps the corpus-level commands need (tokens, POS, lemmas)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from .features import doc_terms

LEMMA_PIPES = ("slovnet_morph", "pymorphy3_lemmatizer")


def analyse(nlp: Language, texts: Iterable[str], *, keep: Iterable[str] = (),
            batch_size: int = 32) -> Iterator[Doc]:
    """Docs with tokens, POS and lemmas; the components named in ``keep`` run too, the rest
    (NER, entity steps, ...) are skipped for speed."""
    wanted = set(LEMMA_PIPES) | set(keep)
    disable = [name for name in nlp.pipe_names if name not in wanted]
    yield from nlp.pipe(texts, batch_size=batch_size, disable=disable)


def corpus_terms(nlp: Language, texts: Iterable[str], *, bigrams: bool = True,
                 batch_size: int = 32) -> list[list[str]]:
    """The lemma terms of each text (see :func:`nlp_extract.topics.features.doc_terms`)."""
    return [doc_terms(doc, bigrams=bigrams) for doc in analyse(nlp, texts,
                                                              batch_size=batch_size)]
