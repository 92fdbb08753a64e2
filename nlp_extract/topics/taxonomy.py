"""The topic taxonomy: a versioned YAML file (or mapping) a researcher reads and edits.

:func:`load_taxonomy` reads and validates it into a :class:`Taxonomy`. Every mistake raises a
:class:`~nlp_extract.topics.errors.TaxonomyError` whose message names the file, the topic and
the field («taxonomy my.yaml: topic 'health' (topic 3), field 'cues': weight of 'врач' must be
a number > 0, got 'high'»). The file format is described at the top of ``models/topics.yaml``.

Version 2 lets a cue carry a context instead of a bare weight (a sense): ``{weight, requires,
blocked_by, scope}``. ``requires`` lists lemmas of which at least one must stand in the same
``scope`` (``sentence``, the default, or ``article``) for the cue to count; ``blocked_by`` lists
lemmas whose presence there cancels it («звезда» counts for show business beside «певица», not
beside «телескоп»). Version 1 files, bare weights only, still load.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..resources import models_dir
from .errors import TaxonomyError
from .text import fold

FORMAT = "nlp_extract.taxonomy"
SUPPORTED_VERSIONS = frozenset({1, 2})
#: the first version whose cues may carry a context
CONTEXT_VERSION = 2
CONTEXT_FIELDS = frozenset({"weight", "requires", "blocked_by", "scope"})
SCOPES = ("sentence", "article")
DEFAULT_FILE = "topics.yaml"
CUE_FIELDS = ("cues", "phrases", "negative")
_TOP_FIELDS = frozenset({"format", "version", "revision", "name", "language", "topics"})
_TOPIC_FIELDS = frozenset({"id", "label", "description", "parent", *CUE_FIELDS})
_REQUIRED_TOPIC_FIELDS = ("id", "label", "description", "parent", "cues")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_WEIGHT = 100.0


@dataclass(frozen=True)
class CueContext:
    """When a cue counts: one of ``requires`` nearby (if any is given) and none of
    ``blocked_by``, within ``scope`` (a sentence or the whole article). Words are lemmas."""

    requires: tuple[str, ...] = ()
    blocked_by: tuple[str, ...] = ()
    scope: str = "sentence"

    def to_dict(self, weight: float) -> dict[str, Any]:
        data: dict[str, Any] = {"weight": weight}
        if self.requires:
            data["requires"] = list(self.requires)
        if self.blocked_by:
            data["blocked_by"] = list(self.blocked_by)
        if self.scope != "sentence":
            data["scope"] = self.scope
        return data


@dataclass(frozen=True)
class Topic:
    """One topic. Cue maps go from a word or phrase (lowercase, as written) to its weight."""

    id: str
    label_ru: str
    label_en: str
    description: str
    parent: str | None
    cues: dict[str, float] = field(default_factory=dict)
    phrases: dict[str, float] = field(default_factory=dict)
    negative: dict[str, float] = field(default_factory=dict)
    #: cue or phrase (as in ``cues``/``phrases``) → its context, for the cues that have one
    contexts: dict[str, CueContext] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        def cue_map(cues: dict[str, float]) -> dict[str, Any]:
            return {text: self.contexts[text].to_dict(weight) if text in self.contexts
                    else weight for text, weight in cues.items()}
        return {"id": self.id, "label": {"ru": self.label_ru, "en": self.label_en},
                "description": self.description, "parent": self.parent,
                "cues": cue_map(self.cues), "phrases": cue_map(self.phrases),
                "negative": dict(self.negative)}


@dataclass(frozen=True)
class Taxonomy:
    """A validated taxonomy. ``source`` is the file it came from, or ``<mapping>``."""

    version: int
    revision: str
    name: str
    topics: tuple[Topic, ...]
    source: str
    sha256: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {topic.id: topic for topic in self.topics})

    def __getitem__(self, topic_id: str) -> Topic:
        return self._by_id[topic_id]  # type: ignore[attr-defined]

    def __contains__(self, topic_id: object) -> bool:
        return topic_id in self._by_id  # type: ignore[attr-defined]

    @property
    def ids(self) -> list[str]:
        return [topic.id for topic in self.topics]

    def info(self) -> dict[str, Any]:
        """What a record or manifest says about the taxonomy used."""
        return {"name": self.name, "revision": self.revision, "format": FORMAT,
                "version": self.version, "topics": len(self.topics), "sha256": self.sha256,
                "source": self.source}

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": self.version, "revision": self.revision,
                "name": self.name, "language": "ru",
                "topics": [topic.to_dict() for topic in self.topics]}


# -- loading ----------------------------------------------------------------------------------
def default_taxonomy_path() -> Path:
    return models_dir() / DEFAULT_FILE


def load_taxonomy(source: str | Path | Mapping[str, Any] | Taxonomy | None = None) -> Taxonomy:
    """Read and validate a taxonomy: a YAML/JSON path, an already parsed mapping, a Taxonomy
    (returned as is), or None / "" for the built-in ``models/topics.yaml``."""
    if isinstance(source, Taxonomy):
        return source
    if source is None or source == "":
        return _load_file(default_taxonomy_path(), f"models/{DEFAULT_FILE}")
    if isinstance(source, Mapping):
        return validate_taxonomy(source, "<mapping>")
    if not isinstance(source, str | Path):
        raise TaxonomyError(f"taxonomy must be a path or a mapping, got {type(source).__name__}")
    return _load_file(Path(source), str(source))


def _load_file(path: Path, shown: str) -> Taxonomy:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise TaxonomyError(f"taxonomy {shown}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TaxonomyError(f"taxonomy {shown}: cannot read it: {exc}") from None
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"taxonomy {shown}: not valid YAML: {exc}") from None
    return validate_taxonomy(data, shown)


def dump_taxonomy(data: Mapping[str, Any]) -> str:
    """YAML text of a taxonomy mapping, in the order given, Cyrillic kept readable."""
    return yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False, width=100)


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader that refuses a key given twice in one mapping (PyYAML keeps the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str | int | float | bool) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} appears twice in one mapping",
                    key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


# -- validation -------------------------------------------------------------------------------
def validate_taxonomy(data: Any, source: str) -> Taxonomy:
    where = f"taxonomy {source}"
    if not isinstance(data, Mapping):
        raise TaxonomyError(f"{where}: expected a mapping with format, version and topics, "
                            f"got {type(data).__name__}")
    unknown = sorted(set(map(str, data)) - _TOP_FIELDS)
    if unknown:
        raise TaxonomyError(f"{where}: unknown top-level field {unknown[0]!r} "
                            f"(allowed: {', '.join(sorted(_TOP_FIELDS))})")
    if data.get("format") != FORMAT:
        raise TaxonomyError(f"{where}: field 'format' must be {FORMAT!r}, "
                            f"got {data.get('format')!r}")
    version = data.get("version")
    if isinstance(version, bool) or version not in SUPPORTED_VERSIONS:
        raise TaxonomyError(f"{where}: field 'version' {version!r} is not supported; this "
                            f"nlp_extract reads version {', '.join(map(str, SUPPORTED_VERSIONS))}")
    revision = _optional_text(data, "revision", where)
    name = _optional_text(data, "name", where)
    raw_topics = data.get("topics")
    if not isinstance(raw_topics, list) or not raw_topics:
        raise TaxonomyError(f"{where}: field 'topics' must be a non-empty list of topics")
    topics = tuple(_topic(raw, index, where, version)
                   for index, raw in enumerate(raw_topics, start=1))
    _check_ids_and_parents(topics, where)
    taxonomy_data = {"format": FORMAT, "version": version, "revision": revision, "name": name,
                     "topics": [topic.to_dict() for topic in topics]}
    digest = hashlib.sha256(json.dumps(taxonomy_data, ensure_ascii=False, sort_keys=True)
                            .encode("utf-8")).hexdigest()
    return Taxonomy(version=version, revision=revision, name=name, topics=topics,
                    source=source, sha256=digest)


def _optional_text(data: Mapping[str, Any], key: str, where: str) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise TaxonomyError(f"{where}: field {key!r} must be text, got {type(value).__name__}")
    return str(value)


def _topic(raw: Any, index: int, where: str, version: int = 1) -> Topic:
    if not isinstance(raw, Mapping):
        raise TaxonomyError(f"{where}: topic {index}: expected a mapping with "
                            f"{', '.join(_REQUIRED_TOPIC_FIELDS)}, got {type(raw).__name__}")
    raw_id = raw.get("id")
    topic_where = f"{where}: topic {raw_id!r} (topic {index})" if raw_id is not None else \
        f"{where}: topic {index}"
    unknown = sorted(set(map(str, raw)) - _TOPIC_FIELDS)
    if unknown:
        raise TaxonomyError(f"{topic_where}: unknown field {unknown[0]!r} "
                            f"(allowed: {', '.join(sorted(_TOPIC_FIELDS))})")
    for key in _REQUIRED_TOPIC_FIELDS:
        if key not in raw:
            raise TaxonomyError(f"{topic_where}, field {key!r} is missing")
    if not isinstance(raw_id, str) or not _ID.match(raw_id):
        raise TaxonomyError(f"{topic_where}, field 'id' must be lowercase Latin letters, digits "
                            f"and _, starting with a letter, got {raw_id!r}")
    label = raw["label"]
    if not isinstance(label, Mapping) or not all(_text(label.get(lang)) for lang in ("ru", "en")):
        raise TaxonomyError(f"{topic_where}, field 'label' must be a mapping with non-empty "
                            f"'ru' and 'en' labels, got {label!r}")
    description = raw["description"]
    if not _text(description):
        raise TaxonomyError(f"{topic_where}, field 'description' must be a non-empty text")
    parent = raw["parent"]
    if parent is not None and not isinstance(parent, str):
        raise TaxonomyError(f"{topic_where}, field 'parent' must be a topic id or null, "
                            f"got {parent!r}")
    contexts: dict[str, CueContext] = {}
    cues = _weights(raw.get("cues"), "cues", topic_where, words=(1, 1), version=version,
                    contexts=contexts)
    phrases = _weights(raw.get("phrases") or {}, "phrases", topic_where, words=(2, 12),
                       version=version, contexts=contexts)
    negative = _weights(raw.get("negative") or {}, "negative", topic_where, words=(1, 12))
    if not cues and not phrases:
        raise TaxonomyError(f"{topic_where}, field 'cues': a topic needs at least one cue")
    return Topic(id=raw_id, label_ru=label["ru"].strip(), label_en=label["en"].strip(),
                 description=" ".join(description.split()), parent=parent, cues=cues,
                 phrases=phrases, negative=negative, contexts=contexts)


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _weights(raw: Any, key: str, where: str, words: tuple[int, int], version: int = 1,
             contexts: dict[str, CueContext] | None = None) -> dict[str, float]:
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise TaxonomyError(f"{where}, field {key!r} must be a mapping of "
                            f"{'word' if key == 'cues' else 'phrase'} → weight, "
                            f"got {type(raw).__name__}")
    result: dict[str, float] = {}
    folded: dict[str, str] = {}
    for cue, weight in raw.items():
        if not isinstance(cue, str) or not cue.strip():
            raise TaxonomyError(f"{where}, field {key!r}: cue {cue!r} must be a non-empty text "
                                f"(put quotes around it in YAML)")
        text = " ".join(cue.lower().split())
        count = len(text.split())
        if count < words[0] or count > words[1]:
            hint = {"cues": "a single word (put multi-word cues under 'phrases')",
                    "phrases": "two or more words (put single words under 'cues')"}.get(
                        key, f"{words[0]} to {words[1]} words")
            raise TaxonomyError(f"{where}, field {key!r}: {cue!r} must be {hint}")
        if not any(char.isalnum() for char in text):
            raise TaxonomyError(f"{where}, field {key!r}: cue {cue!r} has no letters")
        if isinstance(weight, Mapping):
            if contexts is None:
                raise TaxonomyError(f"{where}, field {key!r}: {cue!r} must have a plain weight "
                                    f"(a context is allowed on cues and phrases only)")
            if version < CONTEXT_VERSION:
                raise TaxonomyError(f"{where}, field {key!r}: {cue!r} has a context "
                                    f"({', '.join(map(str, weight))}); contexts need "
                                    f"'version: {CONTEXT_VERSION}' at the top of the file")
            weight, contexts[text] = _context(weight, cue, key, where)
        if isinstance(weight, bool) or not isinstance(weight, int | float) \
                or not 0 < weight <= MAX_WEIGHT:
            raise TaxonomyError(f"{where}, field {key!r}: weight of {cue!r} must be a number "
                                f"> 0 and ≤ {MAX_WEIGHT:g}, got {weight!r}")
        if fold(text) in folded:
            raise TaxonomyError(f"{where}, field {key!r}: {cue!r} repeats "
                                f"{folded[fold(text)]!r} (ё and е are the same letter here)")
        folded[fold(text)] = cue
        result[text] = float(weight)
    return result


def _context(raw: Mapping[Any, Any], cue: str, key: str, where: str
             ) -> tuple[Any, CueContext]:
    at = f"{where}, field {key!r}: context of {cue!r}"
    unknown = sorted(set(map(str, raw)) - CONTEXT_FIELDS)
    if unknown:
        raise TaxonomyError(f"{at}: unknown field {unknown[0]!r} "
                            f"(allowed: {', '.join(sorted(CONTEXT_FIELDS))})")
    if "weight" not in raw:
        raise TaxonomyError(f"{at}: field 'weight' is missing")
    lists: dict[str, tuple[str, ...]] = {}
    for name in ("requires", "blocked_by"):
        value = raw.get(name) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(_text(word) and len(word.split()) == 1
                                                  for word in value):
            raise TaxonomyError(f"{at}: field {name!r} must be a list of single words "
                                f"(lemmas), got {value!r}")
        lists[name] = tuple(dict.fromkeys(" ".join(word.lower().split()) for word in value))
    if not lists["requires"] and not lists["blocked_by"]:
        raise TaxonomyError(f"{at}: give 'requires' or 'blocked_by' (or write the bare weight)")
    scope = raw.get("scope", "sentence")
    if scope not in SCOPES:
        raise TaxonomyError(f"{at}: field 'scope' must be one of {', '.join(SCOPES)}, "
                            f"got {scope!r}")
    return raw["weight"], CueContext(lists["requires"], lists["blocked_by"], scope)


def _check_ids_and_parents(topics: tuple[Topic, ...], where: str) -> None:
    seen: dict[str, int] = {}
    for index, topic in enumerate(topics, start=1):
        if topic.id in seen:
            raise TaxonomyError(f"{where}: topic {topic.id!r} (topic {index}), field 'id': "
                                f"the id is already used by topic {seen[topic.id]}")
        seen[topic.id] = index
    for index, topic in enumerate(topics, start=1):
        if topic.parent is None:
            continue
        if topic.parent not in seen:
            raise TaxonomyError(f"{where}: topic {topic.id!r} (topic {index}), field 'parent': "
                                f"no topic has the id {topic.parent!r}")
        chain, current = [topic.id], topic.parent
        parents = {t.id: t.parent for t in topics}
        while current is not None:
            if current in chain:
                raise TaxonomyError(f"{where}: topic {topic.id!r} (topic {index}), field "
                                    f"'parent': a cycle {' → '.join([*chain, current])}")
            chain.append(current)
            current = parents[current]
