"""Reader of Label Studio JSON exports (and of the tasks ``nlp-extract export --to
label-studio`` writes) as gold: each task's text and its ``labels`` results.

A task's gold is its last annotation that was not cancelled; a task nobody annotated yet is
scored against its pre-annotations (its last prediction), and the report says so in its
quirks. Offsets are UTF-16 code units (Label Studio counts in the browser) and are turned into
Python's. Labels are mapped to ours as for brat (``--types PER=Person,...``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BadArgumentError
from .spans import Span

TEXT_KEY = "text"


class LabelStudioFormatError(BadArgumentError):
    """A file is not a Label Studio task list (or a task lacks its text or offsets)."""


@dataclass
class LabelStudioDocument:
    id: str
    text: str
    spans: list[Span]
    quirks: list[str] = field(default_factory=list)


def python_offsets(text: str) -> dict[int, int] | None:
    """UTF-16 position → Python position, or None when the two agree (no astral character)."""
    if all(ord(ch) <= 0xFFFF for ch in text):
        return None
    table, position = {0: 0}, 0
    for index, ch in enumerate(text, start=1):
        position += 2 if ord(ch) > 0xFFFF else 1
        table[position] = index
    return table


def _gold_result(task: dict[str, Any]) -> tuple[list[Any], list[str]]:
    annotations = [a for a in task.get("annotations") or [] if isinstance(a, dict)
                   and not a.get("was_cancelled")]
    if annotations:
        return list(annotations[-1].get("result") or []), []
    predictions = [p for p in task.get("predictions") or [] if isinstance(p, dict)]
    if predictions:
        return list(predictions[-1].get("result") or []), [
            "not annotated: scored against its pre-annotations"]
    return [], ["neither annotations nor predictions: no entities"]


def _spans(where: str, text: str, result: list[Any], types: dict[str, str]) -> list[Span]:
    offsets = python_offsets(text)
    spans = set()
    for item in result:
        if not isinstance(item, dict) or item.get("type") != "labels":
            continue  # choices (topics), relations, ...
        value = item.get("value") or {}
        start, end, labels = value.get("start"), value.get("end"), value.get("labels")
        if not isinstance(start, int) or not isinstance(end, int) or not isinstance(labels, list):
            raise LabelStudioFormatError(f"{where}: a labels result without integer start, "
                                         f"end and a labels list: {value!r}")
        if offsets is not None:
            if start not in offsets or end not in offsets:
                raise LabelStudioFormatError(f"{where}: offsets {start}-{end} split a "
                                             "character")
            start, end = offsets[start], offsets[end]
        if not 0 <= start < end <= len(text):
            raise LabelStudioFormatError(f"{where}: span {start}-{end} is outside the text")
        spans.update(Span(start, end, types[label]) for label in labels if label in types)
    return sorted(spans)


def _tasks(path: Path) -> list[Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise LabelStudioFormatError(f"{path}: not valid JSON ({exc})") from None
    tasks = data if isinstance(data, list) else [data]
    if not all(isinstance(task, dict) for task in tasks):
        raise LabelStudioFormatError(f"{path}: expected a list of Label Studio tasks")
    return tasks


def task_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise FileNotFoundError(f"{path}: no such file or directory")
    return sorted(p for p in path.rglob("*.json") if p.is_file())


def iter_label_studio(path: Path, types: dict[str, str]) -> Iterator[LabelStudioDocument]:
    for file in task_files(path):
        for number, task in enumerate(_tasks(file), start=1):
            data = task.get("data")
            text = data.get(TEXT_KEY) if isinstance(data, dict) else None
            if not isinstance(text, str):
                raise LabelStudioFormatError(f"{file}: task {number} has no data.{TEXT_KEY}")
            doc_id = str(data.get("doc_id") or task.get("id") or f"{file.stem}-{number}")
            where = f"{file}: task {number} ({doc_id})"
            result, quirks = _gold_result(task)
            yield LabelStudioDocument(doc_id, text, _spans(where, text, result, types), quirks)


def load_label_studio(path: str | Path, types: dict[str, str]) -> list[LabelStudioDocument]:
    documents = list(iter_label_studio(Path(path), types))
    if not documents:
        raise FileNotFoundError(f"{path}: no Label Studio tasks found (*.json)")
    return documents
