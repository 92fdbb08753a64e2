"""A label map: how the taxonomy's topics read in another scheme's labels, so the taxonomy can
be scored on any labelled set («healthcare» → «science» in tgcontest's categories).

The map is a small YAML file (``models/topic_maps/tgcontest.yaml`` is an example)::

    format: nlp_extract.label_map
    version: 1
    labels:            # topic id → one label or a list of labels
      sports: sports
      economy_business: economy
    unmapped: other    # optional: the label of an article none of whose topics maps

A topic that is not listed takes its parent's labels (then the grandparent's, ...), so mapping
the top of the taxonomy is enough. Every key must be a topic of the taxonomy scored: a typo is
an error that names the file and the topic, not a silent zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..resources import models_dir
from .errors import TaxonomyError
from .taxonomy import Taxonomy

FORMAT = "nlp_extract.label_map"
SUPPORTED_VERSIONS = frozenset({1})
_FIELDS = frozenset({"format", "version", "name", "description", "labels", "unmapped"})


class LabelMapError(TaxonomyError):
    """A label map file is unusable; the message names the file and the topic or field."""


@dataclass(frozen=True)
class LabelMap:
    labels: Mapping[str, tuple[str, ...]]  # topic id → labels, parents resolved
    unmapped: str | None = None

    def apply(self, topic_ids: Iterable[str]) -> set[str]:
        """The labels of an article with these topics."""
        labels = {label for topic_id in topic_ids for label in self.labels.get(topic_id, ())}
        if not labels and self.unmapped:
            labels.add(self.unmapped)
        return labels


def builtin_label_map(name: str) -> Path:
    return models_dir() / "topic_maps" / f"{name}.yaml"


def load_label_map(path: str | Path, taxonomy: Taxonomy) -> LabelMap:
    """Read and check a label map against the taxonomy it maps. A bare name («tgcontest»)
    means a map shipped in ``models/topic_maps/``."""
    source = Path(path)
    if not source.suffix and not source.exists():
        source = builtin_label_map(str(path))
    shown = f"label map {path}"
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise LabelMapError(f"{shown}: no such file") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LabelMapError(f"{shown}: cannot read it: {exc}") from None
    return validate_label_map(data, taxonomy, shown)


def validate_label_map(data: Any, taxonomy: Taxonomy, shown: str = "label map") -> LabelMap:
    if not isinstance(data, dict):
        raise LabelMapError(f"{shown}: expected a mapping with 'labels'")
    if data.get("format") != FORMAT:
        raise LabelMapError(f"{shown}: field 'format' must be {FORMAT!r}")
    if data.get("version") not in SUPPORTED_VERSIONS:
        raise LabelMapError(f"{shown}: field 'version' must be one of "
                            f"{sorted(SUPPORTED_VERSIONS)}, got {data.get('version')!r}")
    unknown = sorted(set(data) - _FIELDS)
    if unknown:
        raise LabelMapError(f"{shown}: unknown field(s) {', '.join(unknown)}")
    raw = data.get("labels")
    if not isinstance(raw, dict) or not raw:
        raise LabelMapError(f"{shown}: field 'labels' must map topic ids to labels")
    given: dict[str, tuple[str, ...]] = {}
    for topic_id, labels in raw.items():
        if topic_id not in taxonomy:
            raise LabelMapError(f"{shown}: topic {topic_id!r} is not in the taxonomy")
        labels = [labels] if isinstance(labels, str) else labels
        if not isinstance(labels, list) or not all(isinstance(x, str) and x for x in labels):
            raise LabelMapError(f"{shown}: topic {topic_id!r}: expected a label or a list of "
                                f"labels, got {labels!r}")
        given[topic_id] = tuple(sorted(set(labels)))
    unmapped = data.get("unmapped")
    if unmapped is not None and (not isinstance(unmapped, str) or not unmapped):
        raise LabelMapError(f"{shown}: field 'unmapped' must be a label, got {unmapped!r}")
    return LabelMap(labels=_with_parents(given, taxonomy), unmapped=unmapped)


def _with_parents(given: Mapping[str, tuple[str, ...]], taxonomy: Taxonomy
                  ) -> dict[str, tuple[str, ...]]:
    resolved = {}
    for topic_id in taxonomy.ids:
        current: str | None = topic_id
        while current is not None and current not in given:
            current = taxonomy[current].parent
        if current is not None:
            resolved[topic_id] = given[current]
    return resolved
