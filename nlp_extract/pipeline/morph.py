"""slovnet's news morph tagger as a spaCy component: ``token.pos_`` and ``token.morph``."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .batching import BatchedComponent, map_sorted_by_length
from .models import morph_tagger

MAX_TAGGED_TOKENS = 256


def sentence_words(doc: Doc, max_tokens: int = MAX_TAGGED_TOKENS) -> list[list[int]]:
    """Token indices of the non-space tokens of each sentence; a run-on "sentence" (a list, a
    text without punctuation) is cut into pieces of ``max_tokens`` so memory stays bounded."""
    groups: list[list[int]] = []
    for sent in doc.sents:
        indices = [token.i for token in sent if not token.is_space]
        groups.extend(indices[start:start + max_tokens]
                      for start in range(0, len(indices), max_tokens))
    return groups


def format_feats(feats: dict[str, str]) -> str:
    return "|".join(f"{key}={feats[key]}" for key in sorted(feats))


class SlovnetMorph(BatchedComponent):
    def __init__(self, nlp: Language, name: str, batch_size: int) -> None:
        self.name = name
        self.batch_size = batch_size
        self.tagger = morph_tagger(batch_size)

    def _tag(self, docs: list[Doc]) -> None:
        jobs: list[tuple[Doc, list[int]]] = []
        for doc in docs:
            for token in doc:
                if token.is_space:
                    token.pos_ = "SPACE"
            jobs.extend((doc, indices) for indices in sentence_words(doc))
        if not jobs:
            return
        items = [[doc[index].text for index in indices] for doc, indices in jobs]
        markups = map_sorted_by_length(items, lambda batch: self.tagger.map(batch), len)
        for (doc, indices), markup in zip(jobs, markups, strict=True):
            for index, tagged in zip(indices, markup.tokens, strict=True):
                token = doc[index]
                token.pos_ = tagged.pos
                token.set_morph(format_feats(tagged.feats) or None)


@Language.factory(
    "slovnet_morph",
    default_config={"batch_size": 16},
    assigns=["token.pos", "token.morph"],
)
def make_slovnet_morph(nlp: Language, name: str, batch_size: int) -> SlovnetMorph:
    return SlovnetMorph(nlp, name, batch_size)
