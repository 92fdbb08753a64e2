"""Corrections → lexicon: gold ORG and LOC names the pipeline missed entirely (no mention of
ours overlaps them), written as entries of ``models/entity_labels.yaml``.

That file is the project's lexicon of names (``format: nlp_extract.entity_labels``): an entry
written with a capital that no mention covers becomes a mention with its label, in any
inflected form («Голос Америки»), so it is where a missed name belongs. ``models/org_lexicon.yaml``
holds the common-noun heads of public bodies (министерство, департамент), not names.

The file written is a complete, valid lexicon of the suggested entries; a user copies the ones
they want into a copy of ``entity_labels.yaml`` and runs the pipeline with it
(``Extractor(config={"entity_labels": {"labels": "/abs/path/entity_labels.yaml"}})``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..folding import fold
from .systems import SystemOutput

if TYPE_CHECKING:
    from .runner import GoldDocument

SUGGESTED = ("ORG", "LOC")


@dataclass
class MissedName:
    label: str
    name: str
    documents: set[str] = field(default_factory=set)
    count: int = 0


@dataclass
class MissedNames:
    """Collects, as the ``seen`` hook of :func:`.runner.evaluate_documents`, the gold ORG/LOC
    spans no predicted mention overlaps."""

    found: dict[tuple[str, str], MissedName] = field(default_factory=dict)

    def __call__(self, documents: Sequence[GoldDocument],
                 outputs: Sequence[SystemOutput]) -> None:
        for document, output in zip(documents, outputs, strict=True):
            doc_id, text = document.id, document.text
            predicted = [m.span for m in output.mentions]
            for gold in document.mention_gold:
                if gold.label not in SUGGESTED or any(
                        p.start < gold.end and gold.start < p.end for p in predicted):
                    continue
                name = " ".join(text[gold.start:gold.end].split())
                if not name:
                    continue
                key = (gold.label, fold(name))
                missed = self.found.setdefault(key, MissedName(gold.label, name))
                missed.documents.add(doc_id)
                missed.count += 1

    def entries(self, known: set[tuple[str, ...]] | None = None) -> list[MissedName]:
        """The missed names, most frequent first; names whose lemmas the lexicon already
        lists (``known``) are left out: adding them again would change nothing."""
        from ..lexicons.matching import entry_lemma

        names = []
        for missed in self.found.values():
            lemmas = tuple(entry_lemma(word) for word in missed.name.split())
            if known is None or lemmas not in known:
                names.append(missed)
        return sorted(names, key=lambda m: (SUGGESTED.index(m.label), -m.count, fold(m.name),
                                            m.name))


def suggestion_yaml(entries: Sequence[MissedName], source: str, version: str) -> str:
    """A valid ``nlp_extract.entity_labels`` file of ``entries``, each with a comment saying
    how often and where it was missed."""
    lines = [f"# Gold ORG/LOC names nlp-extract missed entirely in {source}.",
             "# Copy the entries you want under labels: in a copy of models/entity_labels.yaml",
             "# and run with Extractor(config={\"entity_labels\": {\"labels\": \"<that file>\"}}).",
             "format: nlp_extract.entity_labels", f"version: {version}", "labels:"]
    for label in SUGGESTED:
        chosen = [entry for entry in entries if entry.label == label]
        if not chosen:
            continue
        lines.append(f"  {label}:")
        for entry in chosen:
            where = ", ".join(sorted(entry.documents)[:3])
            more = f" +{len(entry.documents) - 3}" if len(entry.documents) > 3 else ""
            lines.append(f"    - {json.dumps(entry.name, ensure_ascii=False)}  "
                         f"# missed {entry.count}x: {where}{more}")
    return "\n".join(lines) + "\n"


def write_suggestions(path: Path, missed: MissedNames, source: str) -> int:
    """Write the suggestions to ``path`` (when there are any); return how many."""
    from ..pipeline.labels import load_labels

    table = load_labels()
    entries = missed.entries(set(table.by_lemmas))
    if entries:
        path.write_text(suggestion_yaml(entries, source, table.version), encoding="utf-8")
    return len(entries)
