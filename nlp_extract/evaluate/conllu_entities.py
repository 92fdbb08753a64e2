"""Reader of entity spans from CoNLL-U, as ``nlp-extract export --to conllu`` writes them
(and as a person leaves them after correcting the tags).

Each ``# newdoc id`` starts a document (a file without one is one document named after the
file). Its text is rebuilt from the token forms and UDPipe's whitespace marks in MISC
(``SpaceAfter=No``, ``SpacesAfter``, ``SpacesBefore``; one space after a token otherwise), so
offsets are those of the exported record. Entities are IOB2 tags in MISC ``NER=``, nested
mentions as comma-separated layers, outermost first (``NER=I-ORG,B-LOC``); an ``I-`` tag with
no open mention of its label starts one (as conlleval reads IOB1).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BadArgumentError
from .spans import Span

NER_KEY = "NER"
_UNESCAPES = {"s": " ", "t": "\t", "n": "\n", "r": "\r", "p": "|", "\\": "\\"}
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|.)")


class ConlluEntityFormatError(BadArgumentError):
    """A CoNLL-U line or an ``NER=`` tag does not follow the format."""


@dataclass
class ConlluToken:
    form: str
    misc: dict[str, str]


@dataclass
class ConlluDocument:
    id: str
    tokens: list[ConlluToken] = field(default_factory=list)
    text: str = ""
    starts: list[int] = field(default_factory=list)  # each token's offset in ``text``
    spans: list[Span] = field(default_factory=list)


def unescape_spaces(value: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        if code.startswith("u") and len(code) == 5:
            return chr(int(code[1:], 16))
        return _UNESCAPES.get(code, code)

    return _ESCAPE.sub(replace, value)


def _misc(value: str) -> dict[str, str]:
    if value == "_":
        return {}
    items = {}
    for item in value.split("|"):
        key, _, val = item.partition("=")
        items[key] = val
    return items


def has_entity_tags(path: Path) -> bool:
    """Whether a CoNLL-U file carries ``NER=`` tags in MISC."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line and not line.startswith("#") and "\t" in line:
                misc = line.rstrip("\r\n").split("\t")[-1]
                if misc.startswith(f"{NER_KEY}=") or f"|{NER_KEY}=" in misc:
                    return True
    return False


def _tags(path: Path, number: int, value: str) -> list[tuple[str, str]]:
    tags = []
    for tag in value.split(","):
        tag = tag.strip()
        if tag == "O" or not tag:
            tags.append(("O", ""))
            continue
        prefix, sep, label = tag.partition("-")
        if not sep or prefix not in ("B", "I") or not label:
            raise ConlluEntityFormatError(f"{path}: line {number}: bad {NER_KEY} tag {tag!r} "
                                          "(expected O, B-LABEL or I-LABEL)")
        tags.append((prefix, label))
    return tags


def _rebuild(document: ConlluDocument) -> None:
    pieces, starts = [], []
    position = 0
    for index, token in enumerate(document.tokens):
        if index == 0 and "SpacesBefore" in token.misc:
            before = unescape_spaces(token.misc["SpacesBefore"])
            pieces.append(before)
            position += len(before)
        starts.append(position)
        pieces.append(token.form)
        position += len(token.form)
        if "SpacesAfter" in token.misc:
            after = unescape_spaces(token.misc["SpacesAfter"])
        elif token.misc.get("SpaceAfter") == "No" or index == len(document.tokens) - 1:
            after = ""
        else:
            after = " "
        pieces.append(after)
        position += len(after)
    document.text = "".join(pieces)
    document.starts = starts


def _decode(path: Path, document: ConlluDocument, lines: list[int], types: dict[str, str]
            ) -> None:
    starts = document.starts
    layers = [_tags(path, lines[i], token.misc.get(NER_KEY, "O"))
              for i, token in enumerate(document.tokens)]
    depth = max((len(tags) for tags in layers), default=0)
    spans: set[Span] = set()
    for layer in range(depth):
        open_label, open_start, open_end = "", 0, 0
        for index, tags in enumerate(layers):
            prefix, label = tags[layer] if layer < len(tags) else ("O", "")
            if prefix == "I" and label == open_label:
                open_end = index
                continue
            if open_label in types:
                spans.add(Span(starts[open_start], starts[open_end]
                               + len(document.tokens[open_end].form), types[open_label]))
            open_label, open_start, open_end = (label, index, index) if prefix != "O" else \
                ("", 0, 0)
        if open_label in types:
            spans.add(Span(starts[open_start], starts[open_end]
                           + len(document.tokens[open_end].form), types[open_label]))
    document.spans = sorted(spans)


def read_conllu_entities(path: Path, types: dict[str, str]) -> list[ConlluDocument]:
    documents: list[ConlluDocument] = []
    line_numbers: list[list[int]] = []

    def start(doc_id: str) -> None:
        documents.append(ConlluDocument(doc_id))
        line_numbers.append([])

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConlluEntityFormatError(f"{path}: not UTF-8 ({exc})") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("# newdoc"):
            _, _, doc_id = line.partition("=")
            start(doc_id.strip() or f"{path.stem}-{len(documents) + 1}")
        elif line.startswith("#") or not line.strip():
            continue
        else:
            columns = line.split("\t")
            if len(columns) != 10:
                raise ConlluEntityFormatError(f"{path}: line {number}: a token line without "
                                              "10 tab-separated columns")
            if not columns[0].isdigit():
                continue  # multiword token ranges and empty nodes carry no text of their own
            if not documents:
                start(path.stem)
            documents[-1].tokens.append(ConlluToken(columns[1], _misc(columns[9])))
            line_numbers[-1].append(number)
    for document, lines in zip(documents, line_numbers, strict=True):
        _rebuild(document)
        _decode(path, document, lines, types)
    return [document for document in documents if document.tokens]


def conllu_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise FileNotFoundError(f"{path}: no such file or directory")
    return sorted(p for p in path.rglob("*.conllu") if p.is_file())


def iter_conllu_entities(path: Path, types: dict[str, str]) -> Iterator[ConlluDocument]:
    for file in conllu_files(path):
        yield from read_conllu_entities(file, types)


def load_conllu_entities(path: str | Path, types: dict[str, str]) -> list[ConlluDocument]:
    documents = list(iter_conllu_entities(Path(path), types))
    if not documents:
        raise FileNotFoundError(f"{path}: no .conllu documents with tokens found")
    return documents
