"""Inputs of the corpus-level commands: labelled JSONL, and corpora to discover topics in.

- Labelled JSONL (``topics train`` / ``topics evaluate``): one object per line with ``text``
  and ``labels`` (a list of strings, or one string; an empty list: no topic fits), optional
  ``id``, ``title`` (put before the text, as the readers do) and ``split`` (``dev``/``test``:
  ``read_labelled(path, split="test")`` keeps only those lines). A CSV/TSV table with a
  label column (``labels``, ``label``, ``GOLDEN:res``, ``Инфоповод``: one label per row)
  works too.
- A corpus for ``topics discover``: files and folders read by the project's readers (.txt,
  .html, .jsonl), or a CSV/TSV table with a text column (``text``/``Текст``) and optional
  title and id columns (``title``/``Заголовок``, ``id``/``ID сообщения``), like the
  news-stories set.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..readers.decode import decode_bytes
from .errors import LabelledDataError

TABLE_SUFFIXES = frozenset({".csv", ".tsv"})
TEXT_COLUMNS = ("text", "Текст", "INPUT:text")
TITLE_COLUMNS = ("title", "Заголовок", "INPUT:title")
ID_COLUMNS = ("id", "ID сообщения", "INPUT:url")
LABEL_COLUMNS = ("labels", "label", "GOLDEN:res", "Инфоповод")


@dataclass(frozen=True)
class CorpusDoc:
    id: str
    text: str  # the title (when known) and a blank line first, then the body
    title: str = ""
    labels: tuple[str, ...] = field(default=())
    split: str = ""


def with_title(title: str, text: str) -> str:
    title, text = title.strip(), text.strip()
    if title and not text.startswith(title):
        return f"{title}\n\n{text}"
    return text


# -- labelled JSONL ---------------------------------------------------------------------------
def read_labelled(path: str | Path, split: str | None = None) -> list[CorpusDoc]:
    """Every record of a labelled JSONL file (or CSV/TSV table); a bad line raises with its
    number. With ``split``, only the JSONL records whose ``split`` field equals it."""
    source = Path(path)
    if source.suffix.lower() in TABLE_SUFFIXES:
        if split is not None:
            raise LabelledDataError(f"{source}: a table has no split column; --split needs "
                                    f"JSONL with a 'split' field")
        if not source.is_file():
            raise LabelledDataError(f"{source}: no such file")
        docs = list(read_table(source, labelled=True))
        if not docs:
            raise LabelledDataError(f"{source}: no rows with text")
        return docs
    try:
        content, _ = decode_bytes(source.read_bytes())
    except FileNotFoundError:
        raise LabelledDataError(f"{source}: no such file") from None
    except (OSError, ValueError) as exc:
        raise LabelledDataError(f"{source}: cannot read it: {exc}") from None
    docs: list[CorpusDoc] = []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}, line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LabelledDataError(f"{where}: not valid JSON: {exc.msg}") from None
        if not isinstance(record, dict):
            raise LabelledDataError(f"{where}: expected an object with text and labels")
        text, labels = record.get("text"), record.get("labels")
        if not isinstance(text, str) or not text.strip():
            raise LabelledDataError(f"{where}: field 'text' must be a non-empty string")
        if isinstance(labels, str):
            labels = [labels]
        if not isinstance(labels, list) or not all(isinstance(x, str) and x for x in labels):
            raise LabelledDataError(f"{where}: field 'labels' must be a list of label strings")
        title = record.get("title") if isinstance(record.get("title"), str) else ""
        doc_id = str(record.get("id", f"line-{number}"))
        part = record.get("split") if isinstance(record.get("split"), str) else ""
        if split is not None and part != split:
            continue
        docs.append(CorpusDoc(id=doc_id, text=with_title(title, text), title=title.strip(),
                              labels=tuple(sorted(set(labels))), split=part))
    if not docs:
        raise LabelledDataError(f"{source}: no records" + (f" with split {split!r}"
                                                           if split is not None else ""))
    return docs


# -- corpora ----------------------------------------------------------------------------------
def read_table(path: Path, labelled: bool = False) -> Iterator[CorpusDoc]:
    """Rows of a CSV/TSV file with a header naming a text column (see the module doc); with
    ``labelled``, a label column is required and each row's label is kept."""
    content, _ = decode_bytes(path.read_bytes())
    content = content.lstrip("\ufeff")
    header = content.split("\n", 1)[0]
    delimiter = max(("\t", ";", ","), key=header.count)
    reader = csv.DictReader(io.StringIO(content), delimiter=delimiter)
    columns = reader.fieldnames or []
    text_column = next((name for name in TEXT_COLUMNS if name in columns), None)
    if text_column is None:
        raise LabelledDataError(f"{path}: no text column (one of {', '.join(TEXT_COLUMNS)}) "
                                f"in the header {columns}")
    title_column = next((name for name in TITLE_COLUMNS if name in columns), None)
    id_column = next((name for name in ID_COLUMNS if name in columns), None)
    label_column = next((name for name in LABEL_COLUMNS if name in columns), None)
    if labelled and label_column is None:
        raise LabelledDataError(f"{path}: no label column (one of {', '.join(LABEL_COLUMNS)}) "
                                f"in the header {columns}")
    for number, row in enumerate(reader, start=1):
        text = row.get(text_column) or ""
        if not text.strip():
            continue
        title = (row.get(title_column) or "") if title_column else ""
        doc_id = (row.get(id_column) or "") if id_column else ""
        label = (row.get(label_column) or "").strip() if label_column else ""
        if labelled and not label:
            raise LabelledDataError(f"{path}, row {number}: empty label")
        yield CorpusDoc(id=doc_id or f"row-{number}", text=with_title(title, text),
                        title=title.strip(), labels=(label,) if label else ())


def read_corpus(paths: Iterable[Path], failures: list[Any] | None = None
                ) -> Iterator[CorpusDoc]:
    """Articles of files and folders (project readers) and CSV/TSV tables, in a stable order.
    Inputs a reader cannot use are skipped (topic discovery wants the readable majority) and,
    when ``failures`` is given, appended to it as ReadFailure objects."""
    from ..corpus import iter_inputs
    from ..readers import SUPPORTED_SUFFIXES, read_path
    from ..readers.article import Article

    for given in paths:
        if given.is_file() and given.suffix.lower() in TABLE_SUFFIXES:
            yield from read_table(given)
            continue
        for item in iter_inputs([given], SUPPORTED_SUFFIXES | TABLE_SUFFIXES):
            if item.path.suffix.lower() in TABLE_SUFFIXES:
                yield from read_table(item.path)
                continue
            for article in read_path(item.path, item.root):
                if not isinstance(article, Article):
                    if failures is not None:
                        failures.append(article)
                    continue
                if article.text.strip():
                    title = str(article.meta.get("title") or "")
                    yield CorpusDoc(id=article.id, text=with_title(title, article.text),
                                    title=title)
