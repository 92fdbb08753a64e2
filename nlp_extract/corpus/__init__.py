"""Batch runs over a corpus: input walking, writers, manifest, error log."""

from .runner import RunConfig, RunSummary, annotate_corpus
from .walk import InputFile, MissingInputError, iter_inputs

__all__ = ["InputFile", "MissingInputError", "RunConfig", "RunSummary", "annotate_corpus",
           "iter_inputs"]
