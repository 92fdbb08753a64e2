"""Lemma and POS accuracy against a CoNLL-U treebank (UD Russian-GSD dev ships in ``data/``).

Each sentence's ``# text`` is analysed as a whole; gold tokens are located in it in order, and
tokens on which our tokenizer agrees (same start and end) are scored. Lemmas compare case-
insensitively with ё → е. Bare natasha (its morph tagger and MorphVocab lemmas on pymorphy2)
runs on the same sentences for comparison.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BadArgumentError
from ..folding import fold
from .scoring import share


class ConlluFormatError(BadArgumentError):
    """The file is not CoNLL-U with ``# text`` lines."""


@dataclass(frozen=True)
class GoldToken:
    start: int
    end: int
    form: str
    lemma: str
    upos: str


@dataclass
class GoldSentence:
    text: str
    tokens: list[GoldToken] = field(default_factory=list)


def read_conllu(path: Path) -> list[GoldSentence]:
    sentences: list[GoldSentence] = []
    text: str | None = None
    rows: list[list[str]] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("# text = "):
            text = line[len("# text = "):]
        elif line and not line.startswith("#"):
            columns = line.split("\t")
            if len(columns) != 10:
                raise ConlluFormatError(f"{path}: a token line without 10 columns: {line!r}")
            if columns[0].isdigit():
                rows.append(columns)
        elif not line and rows:
            if text is None:
                raise ConlluFormatError(f"{path}: a sentence without '# text = '")
            sentences.append(_align(text, rows))
            text, rows = None, []
    return sentences


def _align(text: str, rows: list[list[str]]) -> GoldSentence:
    sentence, position = GoldSentence(text), 0
    for columns in rows:
        form = columns[1]
        start = text.find(form, position)
        if start < 0:
            continue
        sentence.tokens.append(GoldToken(start, start + len(form), form, columns[2], columns[3]))
        position = start + len(form)
    return sentence


@dataclass
class Accuracy:
    gold: int = 0
    aligned: int = 0
    lemma: int = 0
    pos: int = 0

    def to_dict(self) -> dict[str, float | int]:
        return {"gold_tokens": self.gold, "aligned": self.aligned,
                "lemma_accuracy": round(share(self.lemma, self.aligned), 4),
                "pos_accuracy": round(share(self.pos, self.aligned), 4)}


def score(sentences: Sequence[GoldSentence],
          predicted: Iterable[dict[tuple[int, int], tuple[str, str]]]) -> Accuracy:
    """``predicted``: per sentence, (start, end) → (lemma, upos)."""
    accuracy = Accuracy()
    for sentence, tokens in zip(sentences, predicted, strict=True):
        for gold in sentence.tokens:
            accuracy.gold += 1
            found = tokens.get((gold.start, gold.end))
            if found is None:
                continue
            accuracy.aligned += 1
            accuracy.lemma += fold(found[0]) == fold(gold.lemma)
            accuracy.pos += found[1] == gold.upos
    return accuracy


def ours(sentences: Sequence[GoldSentence], nlp: Any = None
         ) -> list[dict[tuple[int, int], tuple[str, str]]]:
    if nlp is None:
        from ..pipeline import build_pipeline

        nlp = build_pipeline()
    with nlp.select_pipes(enable=["slovnet_morph", "pymorphy3_lemmatizer"]):
        docs = nlp.pipe((sentence.text for sentence in sentences), batch_size=256)
        return [{(t.idx, t.idx + len(t)): (t.lemma_, t.pos_) for t in doc} for doc in docs]


def natasha(sentences: Sequence[GoldSentence]) -> list[dict[tuple[int, int], tuple[str, str]]]:
    from natasha import Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, Segmenter

    segmenter, vocab = Segmenter(), MorphVocab()
    tagger = NewsMorphTagger(NewsEmbedding())
    result = []
    for sentence in sentences:
        doc = Doc(sentence.text)
        doc.segment(segmenter)
        doc.tag_morph(tagger)
        tokens = {}
        for token in doc.tokens:
            token.lemmatize(vocab)
            tokens[(token.start, token.stop)] = (token.lemma, token.pos)
        result.append(tokens)
    return result


def evaluate_conllu(path: Path, baseline: bool = True) -> dict[str, Any]:
    sentences = read_conllu(path)
    report = {"corpus": str(path), "sentences": len(sentences),
              "systems": {"nlp_extract": score(sentences, ours(sentences)).to_dict()}}
    if baseline:
        report["systems"]["natasha"] = score(sentences, natasha(sentences)).to_dict()
    return report


def format_conllu_report(report: dict[str, Any]) -> str:
    lines = [f"conllu: {report['corpus']} ({report['sentences']} sentences)",
             f"{'system':12} {'tokens':>7} {'aligned':>8} {'lemma':>7} {'POS':>7}"]
    for name, numbers in report["systems"].items():
        lines.append(f"{name:12} {numbers['gold_tokens']:7d} {numbers['aligned']:8d} "
                     f"{numbers['lemma_accuracy'] * 100:7.1f} {numbers['pos_accuracy'] * 100:7.1f}")
    return "\n".join(lines)
