"""One loader and validator for the lexicon files of ``models/``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InternalError
from ..folding import fold
from ..resources import file_sha256, load_data_file, models_dir

LIST, TABLE = "list", "table"  # a list of strings; a mapping of name → list of strings


@dataclass(frozen=True)
class Schema:
    """What a lexicon file may hold: ``keys`` maps each allowed key to ``list`` or ``table``;
    ``required`` keys must be present. ``format`` and ``version`` are always required."""

    format: str
    keys: Mapping[str, str]
    required: frozenset[str] = field(default_factory=frozenset)
    table_keys: frozenset[str] | None = None  # the allowed names inside a ``table``


@dataclass(frozen=True)
class LexiconFile:
    path: Path
    format: str
    version: str
    sha256: str
    data: Mapping[str, Any]

    def words(self, key: str) -> list[str]:
        return list(self.data.get(key) or [])

    def table(self, key: str) -> dict[str, list[str]]:
        return {str(name): list(entries) for name, entries in (self.data.get(key) or {}).items()}


def _check_list(path: Path, where: str, entries: Any) -> None:
    if not isinstance(entries, list) or not entries:
        raise InternalError(f"{path}: {where} must be a non-empty list of strings")
    seen: dict[str, str] = {}
    for entry in entries:
        if not isinstance(entry, str) or not entry.strip():
            raise InternalError(f"{path}: {where} has an empty or non-string entry {entry!r}")
        key = fold(entry)
        if key in seen:
            raise InternalError(f"{path}: {where} lists {entry!r} twice"
                                + (f" (as {seen[key]!r})" if seen[key] != entry else ""))
        seen[key] = entry


def validate(path: Path, data: Mapping[str, Any], schema: Schema) -> None:
    allowed = {"format", "version", *schema.keys}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise InternalError(f"{path}: unknown key(s) {', '.join(unknown)}; allowed: "
                            f"{', '.join(sorted(allowed))}")
    missing = sorted(schema.required - set(data))
    if missing:
        raise InternalError(f"{path}: missing key(s) {', '.join(missing)}")
    for key, kind in schema.keys.items():
        if key not in data:
            continue
        value = data[key]
        if kind == LIST:
            _check_list(path, key, value)
            continue
        if not isinstance(value, Mapping) or not value:
            raise InternalError(f"{path}: {key} must be a non-empty mapping of lists")
        for name, entries in value.items():
            if schema.table_keys is not None and name not in schema.table_keys:
                raise InternalError(f"{path}: {key} has an unknown name {name!r}; allowed: "
                                    f"{', '.join(sorted(schema.table_keys))}")
            _check_list(path, f"{key}.{name}", entries)


def load_lexicon_file(relative: str | Path, schema: Schema) -> LexiconFile:
    """Load ``relative`` (under ``models/``, or an absolute path), check its format, version
    and schema; raise :class:`InternalError` naming the file and the fault otherwise."""
    data = load_data_file(relative, schema.format)
    path = Path(relative)
    if not path.is_absolute():
        path = models_dir() / path
    validate(path, data, schema)
    return LexiconFile(path=path, format=schema.format, version=str(data["version"]),
                       sha256=file_sha256(path), data=data)
