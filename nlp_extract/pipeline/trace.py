"""Which component and rule created, extended, relabelled or dropped each mention.

Tracing is off unless a Doc carries a trace list in ``doc.user_data[TRACE_KEY]`` (set by
:func:`explain`); components then :func:`note` the rules that made a span. :func:`explain` runs
the pipeline one component at a time, compares the mentions before and after each, and names
each change by the rule the component noted for the span, else by the component.

An event: ``{"component", "rule", "action", "start", "end", "label", "text", "from"}`` with
``action`` one of created, extended, trimmed, split, relabelled, replaced, dropped, marked
(a rule set an attribute of a mention it kept, e.g. a street) (and
``from``: ``[start, end, label, text]`` of the mention it came from, when there was one).
Candidates a rule refused before they became mentions are listed apart (``vetoed``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from .extensions import MENTIONS

TRACE_KEY = "nlp_extract.trace"
VETO = "veto:"  # a note on a candidate a rule refused: it never became a mention
MARK = "mark:"  # a note on a mention a rule kept but marked (``span._.street``)
Key = tuple[int, int, str]


def tracing(doc: Doc) -> bool:
    return TRACE_KEY in doc.user_data


def note(doc: Doc, rule: str, span: Span | Key, detail: str = "") -> None:
    """Say that ``rule`` made ``span`` (a no-op unless the doc is traced)."""
    notes = doc.user_data.get(TRACE_KEY)
    if notes is None:
        return
    key = (span.start, span.end, span.label_) if isinstance(span, Span) else span
    notes.append((key, rule, detail))


def mark(doc: Doc, rule: str, span: Span, detail: str = "") -> None:
    """Say that ``rule`` set an attribute of ``span`` it kept (a no-op unless traced);
    ``detail``: what else to show, e.g. the smaller rules it used."""
    note(doc, MARK + rule, span, detail)


def _snapshot(doc: Doc) -> dict[Key, Span]:
    spans = doc.spans[MENTIONS] if MENTIONS in doc.spans else doc.ents  # noqa: SIM401
    return {(span.start, span.end, span.label_): span for span in spans}


@dataclass
class Explanation:
    text: str
    mentions: list[dict[str, Any]] = field(default_factory=list)  # final, each with history
    dropped: list[dict[str, Any]] = field(default_factory=list)  # events of dropped mentions
    vetoed: list[dict[str, Any]] = field(default_factory=list)  # candidates a rule refused

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "mentions": self.mentions, "dropped": self.dropped,
                "vetoed": self.vetoed}

    def render(self) -> str:
        lines = [] if self.mentions else ["no mentions found"]
        for mention in self.mentions:
            core = f" core «{mention['core']}»" if mention.get("core") else ""
            normal = f" → {mention['normal']}" if mention.get("normal") else ""
            lines.append(f"{mention['label']} «{mention['text']}» [{mention['start_char']}:"
                         f"{mention['end_char']}]{normal}{core}")
            for event in mention["history"]:
                lines.append("    " + _event_line(event))
        if self.dropped:
            lines.append("dropped:")
            for event in self.dropped:
                lines.append("    " + _event_line(event, with_span=True))
                for earlier in event.get("history", []):
                    lines.append("        after " + _event_line(earlier))
        if self.vetoed:
            lines.append("vetoed:")
            for event in self.vetoed:
                lines.append(f"    {event['label']} «{event['text']}» {event['component']}."
                             f"{event['rule']}")
        return "\n".join(lines)


def _event_line(event: dict[str, Any], with_span: bool = False) -> str:
    origin = event.get("from")
    source = f" from {origin[2]} «{origin[3]}»" if origin and event["action"] != "dropped" \
        else ""
    span = f"{event['label']} «{event['text']}» " if with_span else ""
    detail = f" ({event['detail']})" if event.get("detail") else ""
    return f"{span}{event['action']:<10} {event['component']}.{event['rule']}{source}{detail}"


def _overlap(a: Key, b: Key) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _classify(added: Key, removed: Iterable[Key]) -> tuple[str, Key | None]:
    removed = list(removed)
    for old in removed:
        if old[:2] == added[:2]:
            return "relabelled", old
    for old in removed:
        if _overlap(old, added):
            if added[0] <= old[0] and old[1] <= added[1]:
                return "extended", old
            if old[0] <= added[0] and added[1] <= old[1]:
                return "trimmed", old
            return "replaced", old
    return "created", None


def _mark_splits(events: list[dict[str, Any]]) -> None:
    """Two or more mentions trimmed out of one were split from it."""
    origins: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for event in events:
        if event["action"] == "trimmed":
            origins.setdefault(tuple(event["from"]), []).append(event)
    for pieces in origins.values():
        if len(pieces) > 1:
            for event in pieces:
                event["action"] = "split"


def explain(nlp: Language, text: str) -> Explanation:
    """Run ``nlp`` on ``text`` component by component and say where each mention came from."""
    doc = nlp.make_doc(text)
    doc.user_data[TRACE_KEY] = []
    history: dict[Key, list[dict[str, Any]]] = {}
    dropped: list[dict[str, Any]] = []
    vetoed: list[dict[str, Any]] = []
    for name, component in nlp.pipeline:
        before = _snapshot(doc)
        doc.user_data[TRACE_KEY] = []
        doc = component(doc)
        after = _snapshot(doc)
        rules: dict[Key, tuple[str, str]] = {}
        marks: dict[Key, tuple[str, str]] = {}
        for key, rule, detail in doc.user_data[TRACE_KEY]:
            if rule.startswith(VETO):
                vetoed.append({"component": name, "rule": rule.removeprefix(VETO),
                               "action": "vetoed", "start": key[0], "end": key[1],
                               "label": key[2], "text": doc[key[0]:key[1]].text})
                continue
            if rule.startswith(MARK):
                marks.setdefault(key, (rule.removeprefix(MARK), detail))
                continue
            rules.setdefault(key, (rule, detail))
        removed = [key for key in before if key not in after]
        used: set[Key] = set()
        for key in sorted(set(after) - set(before)):
            action, origin = _classify(key, removed)
            rule, detail = rules.get(key, (name, ""))
            span = after[key]
            event = {"component": name, "rule": rule, "action": action, "start": key[0],
                     "end": key[1], "label": key[2], "text": span.text, "detail": detail}
            if origin is not None:
                used.add(origin)
                event["from"] = [*origin, before[origin].text]
            history[key] = [*history.get(origin, []), event] if origin else [event]
        _mark_splits([history[key][-1] for key in set(after) - set(before)])
        for key in sorted(set(marks) & set(after)):
            rule, detail = marks[key]  # a rule that marked a mention it kept («a street»),
            # or one another rule of the component made («Казаряну» renamed after it was found)
            if history.get(key, [{}])[-1].get("rule") == rule:
                continue
            history.setdefault(key, []).append({
                "component": name, "rule": rule, "action": "marked", "start": key[0],
                "end": key[1], "label": key[2], "text": after[key].text, "detail": detail})
        for key in removed:
            if key in used:
                continue
            rule, detail = rules.get(key, (name, ""))
            event = {"component": name, "rule": rule, "action": "dropped", "start": key[0],
                     "end": key[1], "label": key[2], "text": before[key].text,
                     "detail": detail}
            dropped.append({**event, "history": history.get(key, [])})
    del doc.user_data[TRACE_KEY]
    explanation = Explanation(text=doc.text)
    for key, span in sorted(_snapshot(doc).items(), key=lambda item: (item[0][0], -item[0][1])):
        core = span._.core
        explanation.mentions.append({
            "start_char": span.start_char, "end_char": span.end_char, "label": span.label_,
            "text": span.text, "normal": span._.normal, "entity": span._.entity,
            "core": doc.text[core[0]:core[1]] if core else None,
            "descriptive": bool(span._.descriptive),
            "history": history.get(key, [])})
    explanation.dropped = dropped
    explanation.vetoed = vetoed
    return explanation
