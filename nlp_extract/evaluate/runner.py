"""Run our pipeline and the natasha baseline over a gold corpus and score both."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import brat, conllu_entities, factru, label_studio, nerel
from .baseline import BASELINE, run_natasha
from .errors import ErrorLog, log_mention_errors, log_name_errors, log_record_errors
from .records import GoldReferent, RecordScores
from .report import EvaluationReport, SystemScores
from .scoring import MENTIONS, TOKENS, NameShare, mention_scores, name_scores, token_scores
from .spans import LABELS, Span, filter_overlapping
from .splits import ALL, select
from .systems import PIPELINE, SystemOutput, run_pipeline

GoldEntity = tuple[str, Sequence[str], Sequence[Span]]
System = Callable[[Sequence[tuple[str, str]]], list[SystemOutput]]
Seen = Callable[[Sequence["GoldDocument"], Sequence[SystemOutput]], None]


@dataclass
class GoldDocument:
    """What the scorers need of one gold article, whatever the corpus format."""

    id: str
    text: str
    token_gold: list[Span]
    mention_gold: list[Span]
    names: list[GoldEntity] | None = None  # None: the corpus has no normal forms
    quirks: tuple[str, ...] = ()
    referents: list[GoldReferent] | None = None  # None: the corpus groups no mentions
    derived_places: bool = False  # the gold marks places named by adjectives («киргизских»)


def factru_gold(document: factru.FactruDocument) -> GoldDocument:
    names = [(g.label, g.names, g.spans) for g in factru.gold_names(document)]
    return GoldDocument(document.id, document.text, factru.naeval_gold(document),
                        factru.mention_gold(document), names, tuple(document.quirks),
                        factru.gold_referents(document))


def brat_gold(document: brat.BratDocument, types: dict[str, str]) -> GoldDocument:
    return GoldDocument(document.id, document.text, brat.brat_token_gold(document, types),
                        brat.brat_gold(document, types), None, tuple(document.quirks))


def spans_gold(doc_id: str, text: str, spans: Sequence[Span],
               quirks: Sequence[str] = ()) -> GoldDocument:
    """Gold given as labelled spans only (Label Studio, CoNLL-U tags): mentions as they are,
    the token protocol's view with overlaps dropped (outer, earlier span wins)."""
    return GoldDocument(doc_id, text, filter_overlapping(spans), sorted(set(spans)), None,
                        tuple(quirks))


def nerel_gold(document: nerel.NerelDocument) -> GoldDocument:
    types = nerel.NEREL_TYPES
    return GoldDocument(document.id, document.document.text,
                        brat.brat_token_gold(document.document, types),
                        brat.brat_gold(document.document, types), None,
                        tuple(document.document.quirks), nerel.gold_referents(document),
                        derived_places=True)


def default_systems(extractor: Any | None = None, batch_size: int = 16,
                    baseline: bool = True) -> dict[str, System]:
    systems: dict[str, System] = {
        PIPELINE: lambda texts: run_pipeline(texts, extractor, batch_size)}
    if baseline:
        systems[BASELINE] = run_natasha
    return systems


def score_system(documents: Sequence[GoldDocument], outputs: Sequence[SystemOutput],
                 log: ErrorLog | None = None) -> SystemScores:
    scores = SystemScores()
    with_names = all(d.names is not None for d in documents)
    names = {label: NameShare() for label in LABELS} if with_names else None
    for document, output in zip(documents, outputs, strict=True):
        predicted = [m.span for m in output.mentions]
        names_only = [span for m in output.mentions if (span := m.name_span) is not None]
        for protocol, found in (
                (TOKENS, token_scores(document.text, names_only, document.token_gold)),
                (MENTIONS, mention_scores(predicted, document.mention_gold))):
            for label, score in found.items():
                scores.protocols[protocol][label].add(score)
        if names is not None and document.names is not None:
            produced = [name for _label, name in output.names]
            for label, share in name_scores(document.names, produced, predicted).items():
                names[label].add(share)
        if log is not None:
            log_mention_errors(log, document.id, document.text, document.mention_gold, output)
            if document.names is not None:
                log_name_errors(log, document.id, document.names, output)
            if document.referents is not None and output.records is not None:
                log_record_errors(log, document.id, document.text, document.referents, output,
                                  document.derived_places)
    scores.names = names
    if all(d.referents is not None for d in documents) and all(
            o.records is not None for o in outputs):
        records = RecordScores()
        for document, output in zip(documents, outputs, strict=True):
            records.add_article(document.id, output.records or [], document.referents or [],
                                document.derived_places)
        scores.records = records
    return scores


def evaluate_documents(corpus: str, path: str, documents: Sequence[GoldDocument],
                       systems: dict[str, System], examples: int = 0,
                       split: str = ALL, seen: Seen | None = None) -> EvaluationReport:
    """Score every system on ``documents``; error examples are collected for the first one,
    and ``seen`` (when given) is called with the documents and the first system's outputs."""
    documents = select(documents, [d.id for d in documents], split)
    if not documents:
        raise FileNotFoundError(f"{path}: no documents in the {split!r} split")
    texts = [(document.id, document.text) for document in documents]
    results: dict[str, SystemScores] = {}
    log = ErrorLog(limit=examples) if examples else None
    for index, (name, run) in enumerate(systems.items()):
        outputs = run(texts)
        if index == 0 and seen is not None:
            seen(documents, outputs)
        results[name] = score_system(documents, outputs, log if index == 0 else None)
    quirks = {d.id: list(d.quirks) for d in documents if d.quirks}
    return EvaluationReport(corpus, path, len(documents), results, quirks,
                            log.to_dict() if log else {}, split)


Paths = str | Path | Sequence[str | Path]


def _paths(path: Paths) -> list[Path]:
    return [Path(path)] if isinstance(path, str | Path) else [Path(p) for p in path]


def _label(paths: list[Path]) -> str:
    return ", ".join(str(p) for p in paths)


def evaluate_factru(path: Paths, *, extractor: Any | None = None, baseline: bool = True,
                    batch_size: int = 16, examples: int = 0,
                    systems: dict[str, System] | None = None, split: str = ALL,
                    seen: Seen | None = None) -> EvaluationReport:
    """Evaluate on factRuEval folders (``book_N.txt`` + ``.spans``/``.objects``/``.coref``).

    ``examples`` > 0 collects up to that many examples of each error class of our pipeline;
    ``split`` (dev, heldout, all: :mod:`.splits`) picks the documents scored.
    Gold is read (and a bad path reported) before any model is loaded.
    """
    paths = _paths(path)
    documents = [factru_gold(d) for p in paths for d in factru.load_factru(p)]
    systems = systems or default_systems(extractor, batch_size, baseline)
    return evaluate_documents("factru", _label(paths), documents, systems, examples, split,
                              seen)


def evaluate_brat(path: Paths, types: str | dict[str, str] | None = None, *,
                  extractor: Any | None = None, baseline: bool = True, batch_size: int = 16,
                  examples: int = 0, systems: dict[str, System] | None = None,
                  split: str = ALL, seen: Seen | None = None) -> EvaluationReport:
    """Evaluate on BRAT folders; ``types`` maps our labels to the corpus types
    (``"PER=PERSON,LOC=LOCATION,ORG=ORGANIZATION"`` or the parsed corpus type → label dict)."""
    mapping = types if isinstance(types, dict) else brat.parse_type_map(types)
    paths = _paths(path)
    documents = [brat_gold(d, mapping) for p in paths for d in brat.load_brat(p)]
    systems = systems or default_systems(extractor, batch_size, baseline)
    return evaluate_documents("brat", _label(paths), documents, systems, examples, split, seen)


def evaluate_nerel(path: Paths, *, extractor: Any | None = None, baseline: bool = True,
                   batch_size: int = 16, examples: int = 0,
                   systems: dict[str, System] | None = None, split: str = ALL,
                   seen: Seen | None = None) -> EvaluationReport:
    """Evaluate on NEREL folders (BRAT with Wikidata links, :mod:`.nerel`): mentions as
    ``--gold brat`` with NEREL's types mapped, plus entity records and identity across
    articles against the Wikidata ids."""
    paths = _paths(path)
    documents = [nerel_gold(d) for p in paths for d in nerel.load_nerel(p)]
    systems = systems or default_systems(extractor, batch_size, baseline)
    return evaluate_documents("nerel", _label(paths), documents, systems, examples, split,
                              seen)


def evaluate_label_studio(path: Paths, types: str | dict[str, str] | None = None, *,
                          extractor: Any | None = None, baseline: bool = True,
                          batch_size: int = 16, examples: int = 0,
                          systems: dict[str, System] | None = None, split: str = ALL,
                          seen: Seen | None = None) -> EvaluationReport:
    """Evaluate on Label Studio JSON (an export of a project, or the tasks of ``nlp-extract
    export --to label-studio``); ``types`` maps our labels to the project's as for brat."""
    mapping = types if isinstance(types, dict) else brat.parse_type_map(types)
    paths = _paths(path)
    documents = [spans_gold(d.id, d.text, d.spans, d.quirks) for p in paths
                 for d in label_studio.load_label_studio(p, mapping)]
    systems = systems or default_systems(extractor, batch_size, baseline)
    return evaluate_documents("label-studio", _label(paths), documents, systems, examples,
                              split, seen)


def evaluate_conllu_entities(path: Paths, types: str | dict[str, str] | None = None, *,
                             extractor: Any | None = None, baseline: bool = True,
                             batch_size: int = 16, examples: int = 0,
                             systems: dict[str, System] | None = None, split: str = ALL,
                             seen: Seen | None = None) -> EvaluationReport:
    """Evaluate on CoNLL-U files with ``NER=`` BIO tags in MISC (:mod:`.conllu_entities`)."""
    mapping = types if isinstance(types, dict) else brat.parse_type_map(types)
    paths = _paths(path)
    documents = [spans_gold(d.id, d.text, d.spans) for p in paths
                 for d in conllu_entities.load_conllu_entities(p, mapping)]
    systems = systems or default_systems(extractor, batch_size, baseline)
    return evaluate_documents("conllu", _label(paths), documents, systems, examples, split,
                              seen)
