"""Evaluation of the entity extractor on gold corpora (factRuEval-2016, NEREL, BRAT standoff,
Label Studio exports, CoNLL-U with NER= tags),
side by side with bare natasha.

>>> report = evaluate_factru("data/factru-dev")  # doctest: +SKIP
>>> print(format_report(report))  # doctest: +SKIP
"""

from __future__ import annotations

from .records import RecordCounts, RecordScores
from .report import EvaluationReport, SystemScores, format_report
from .runner import (
    evaluate_brat,
    evaluate_conllu_entities,
    evaluate_factru,
    evaluate_label_studio,
    evaluate_nerel,
)
from .scoring import PRF, NameShare

__all__ = ["PRF", "EvaluationReport", "NameShare", "RecordCounts", "RecordScores",
           "SystemScores", "evaluate_brat", "evaluate_conllu_entities", "evaluate_factru",
           "evaluate_label_studio", "evaluate_nerel", "format_report"]
