"""Label Studio: ``tasks.json`` (a list of tasks to import) and ``config.xml`` (the labelling
interface: Labels PER, LOC, ORG on the text, and a multiple-choice ``topics``).

Each task has ``data`` (``text``, ``doc_id``, ``title`` when known) and one ``predictions``
entry holding the record's mentions as ``labels`` results and its topics as a ``choices``
result, so Label Studio shows them as pre-annotations to accept or correct. Offsets are in
UTF-16 code units, as Label Studio counts them in the browser (the same as Python's for
Russian text; different only after characters outside the Basic Multilingual Plane).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import quoteattr

from ..evaluate.spans import LABELS
from .brat import COLOURS
from .mentions import ExportMention

LABELS_NAME = "label"
TEXT_NAME = "text"
TOPICS_NAME = "topics"


def utf16_offsets(text: str) -> list[int]:
    """``offsets[i]``: the UTF-16 position of Python position ``i`` (``len(text) + 1`` items)."""
    offsets, position = [0], 0
    for ch in text:
        position += 2 if ord(ch) > 0xFFFF else 1
        offsets.append(position)
    return offsets


def config_xml(topics: Sequence[tuple[str, str]]) -> str:
    lines = ["<View>",
             f'  <Labels name="{LABELS_NAME}" toName="{TEXT_NAME}">']
    lines += [f'    <Label value="{label}" background="{COLOURS[label]}"/>' for label in LABELS]
    lines += ["  </Labels>", f'  <Text name="{TEXT_NAME}" value="$text"/>']
    if topics:
        lines.append(f'  <Choices name="{TOPICS_NAME}" toName="{TEXT_NAME}" choice="multiple" '
                     'showInline="false">')
        lines += [f"    <Choice value={quoteattr(label)} alias={quoteattr(topic_id)}/>"
                  for topic_id, label in topics]
        lines.append("  </Choices>")
    lines.append("</View>")
    return "\n".join(lines) + "\n"


def task(record: dict[str, Any], mentions: Sequence[ExportMention],
         topics: Sequence[tuple[str, str]], model_version: str) -> dict[str, Any]:
    text = record["text"]
    offsets = utf16_offsets(text) if any(ord(ch) > 0xFFFF for ch in text) else None
    result: list[dict[str, Any]] = []
    for number, mention in enumerate(mentions, start=1):
        start, end = (offsets[mention.start], offsets[mention.end]) if offsets else \
            (mention.start, mention.end)
        result.append({"id": f"m{number}", "from_name": LABELS_NAME, "to_name": TEXT_NAME,
                       "type": "labels",
                       "value": {"start": start, "end": end, "text": mention.text,
                                 "labels": [mention.label]}})
    if topics:
        result.append({"id": "topics", "from_name": TOPICS_NAME, "to_name": TEXT_NAME,
                       "type": "choices",
                       "value": {"choices": [topic_id for topic_id, _ in topics]}})
    data: dict[str, Any] = {"doc_id": record["id"], "text": text}
    title = (record.get("meta") or {}).get("title")
    if isinstance(title, str) and title:
        data["title"] = title
    return {"data": data, "predictions": [{"model_version": model_version, "result": result}]}
