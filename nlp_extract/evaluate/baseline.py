"""Bare natasha, the baseline: Segmenter, NewsEmbedding, NewsMorphTagger, NewsNERTagger and
``span.normalize(MorphVocab)``, run on the same texts as our pipeline.

natasha imports pymorphy2, so it is imported here only, when the baseline runs. Its entity
names are the distinct normal forms of its spans (natasha does not group mentions); its
entity records are its mentions grouped by label and normal form.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from .records import records_by_normal
from .spans import LABELS, Mention
from .systems import SystemOutput

BASELINE = "natasha"


@cache
def _natasha() -> tuple[Any, Any, Any, Any]:
    from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    embedding = NewsEmbedding()
    return Segmenter(), NewsMorphTagger(embedding), NewsNERTagger(embedding), MorphVocab()


def natasha_output(text: str) -> SystemOutput:
    from natasha import Doc

    segmenter, morph_tagger, ner_tagger, morph_vocab = _natasha()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_morph(morph_tagger)
    doc.tag_ner(ner_tagger)
    mentions = []
    for span in doc.spans:
        if span.type not in LABELS:
            continue
        span.normalize(morph_vocab)
        mentions.append(Mention(span.start, span.stop, span.type, span.text, span.normal))
    names = list(dict.fromkeys((m.label, m.normal or m.text) for m in mentions))
    return SystemOutput(mentions, names, records_by_normal(mentions))


def run_natasha(texts: Sequence[tuple[str, str]]) -> list[SystemOutput]:
    return [natasha_output(text) for _doc_id, text in texts]
