"""Export an annotate run's records for correction by hand: brat standoff, CoNLL-U, Label
Studio tasks (``nlp-extract export OUT_DIR --to FORMAT DIR``). What a person corrects there
comes back as gold through ``nlp-extract evaluate --gold brat|conllu|label-studio``."""

from __future__ import annotations

from .mentions import ExportMention, export_mentions, export_topics
from .records import read_records
from .writer import FORMATS, export_run

__all__ = ["FORMATS", "ExportMention", "export_mentions", "export_run", "export_topics",
           "read_records"]
