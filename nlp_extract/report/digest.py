"""One pass over the records → the compact data a report page filters in the browser.

Each article becomes a date (days since 1970-01-01), an outlet and its topics. Entities are
grouped across articles by their ``key`` (older records without one: label and name); each
keeps the articles it appears in, its names and aliases with counts, and a few example
sentences. Only the entities a page can show are embedded: the most frequent of each label in
the whole corpus, in each of the larger outlets and in each month (so the lists stay right
under those filters), capped so that the page stays small whatever the corpus size.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

TOP_PER_LABEL = 150  # entities of each label embedded for the whole corpus
TOP_DESCRIPTIVE = 30  # descriptive ones («правительство») of each label
TOP_PER_GROUP = 10  # ... and of each label in each outlet and each month
GROUPS_MAX = 40  # outlets (largest first) and months (latest first) looked into
EXAMPLES = 4  # example sentences per entity, from different articles
ALIASES = 12  # aliases shown per entity
SENTENCE_MAX = 240  # characters of an example sentence around its mention

_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_EPOCH = dt.date(1970, 1, 1).toordinal()
_SPACES = re.compile(r"\s+")


def day_number(published: Any) -> int | None:
    """Days since 1970-01-01 of an ISO 8601 date or time (a month alone is its first day)."""
    if not isinstance(published, str):
        return None
    found = _DATE.match(published.strip())
    if not found:
        return None
    try:
        day = dt.date(int(found[1]), int(found[2]), int(found[3] or 1))
    except ValueError:
        return None
    return day.toordinal() - _EPOCH


def outlet_of(meta: dict[str, Any]) -> str | None:
    """The outlet the record names (``meta.outlet``, a JSONL ``outlet``, ``source`` or
    ``site`` field), else the host of its url (``www.`` dropped)."""
    extra = meta.get("extra") if isinstance(meta.get("extra"), dict) else {}
    for value in (meta.get("outlet"), extra.get("outlet"), extra.get("source"), extra.get("site")):
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    url = meta.get("url")
    if isinstance(url, str) and url.strip():
        try:
            host = urlsplit(url.strip()).hostname or ""
        except ValueError:
            host = ""
        if host:
            return host.removeprefix("www.")
    return None


def example_sentence(text: str, sentences: list[tuple[int, int]], starts: list[int],
                     start: int, end: int) -> tuple[str, int, int]:
    """The sentence around ``text[start:end]`` (cut to :data:`SENTENCE_MAX` characters around
    the mention) and the mention's offsets in it."""
    index = bisect.bisect_right(starts, start) - 1
    low, high = sentences[index] if index >= 0 and sentences[index][1] >= end else (start, end)
    if high - low > SENTENCE_MAX:
        room = max(0, SENTENCE_MAX - (end - start)) // 2
        low, high = max(low, start - room), min(high, end + room)
    before, mention = _fold(text[low:start]).lstrip(), _fold(text[start:end])
    return (before + mention + _fold(text[end:high])).rstrip(), len(before), \
        len(before) + len(mention)


def _fold(text: str) -> str:
    return _SPACES.sub(" ", text)


@dataclass
class EntityTally:
    key: str
    label: str
    names: Counter[str] = field(default_factory=Counter)
    aliases: Counter[str] = field(default_factory=Counter)
    docs: array = field(default_factory=lambda: array("i"))
    mentions: int = 0
    descriptive: bool = True
    examples: list[list[Any]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return min(self.names.items(), key=lambda item: (-item[1], item[0]))[0]


@dataclass
class Digest:
    """Fill with :meth:`add` (one record at a time), read with :meth:`data`."""

    days: list[int | None] = field(default_factory=list)
    outlets: list[int] = field(default_factory=list)
    topics: list[list[int]] = field(default_factory=list)
    titles: list[tuple[str, str]] = field(default_factory=list)
    outlet_index: dict[str, int] = field(default_factory=dict)
    topic_index: dict[str, int] = field(default_factory=dict)
    topic_labels: dict[str, Counter[str]] = field(default_factory=dict)
    entities: dict[str, EntityTally] = field(default_factory=dict)

    def add_all(self, records: Iterable[dict[str, Any]]) -> Digest:
        for record in records:
            self.add(record)
        return self

    def add(self, record: dict[str, Any]) -> None:
        doc = len(self.days)
        meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
        self.days.append(day_number(meta.get("published")))
        outlet = outlet_of(meta)
        self.outlets.append(-1 if outlet is None else
                            self.outlet_index.setdefault(outlet, len(self.outlet_index)))
        self.topics.append(self._topics(record.get("topics")))
        title = meta.get("title") if isinstance(meta.get("title"), str) else ""
        self.titles.append((record["id"], title))
        self._entities(doc, record)

    def _topics(self, topics: Any) -> list[int]:
        found: set[int] = set()
        for topic in topics if isinstance(topics, list) else ():
            if not isinstance(topic, dict) or not isinstance(topic.get("id"), str):
                continue
            found.add(self.topic_index.setdefault(topic["id"], len(self.topic_index)))
            label = topic.get("label") if isinstance(topic.get("label"), str) else topic["id"]
            self.topic_labels.setdefault(topic["id"], Counter())[label] += 1
        return sorted(found)

    def _entities(self, doc: int, record: dict[str, Any]) -> None:
        text = record.get("text") if isinstance(record.get("text"), str) else ""
        first_mention: dict[str, tuple[int, int]] = {}
        for mention in record.get("mentions") or ():
            if (isinstance(mention, dict) and not mention.get("derived")
                    and isinstance(mention.get("start"), int)
                    and isinstance(mention.get("end"), int)):
                first_mention.setdefault(str(mention.get("entity")),
                                         (mention["start"], mention["end"]))
        sentences = [(s["start"], s["end"]) for s in record.get("sentences") or ()
                     if isinstance(s, dict) and isinstance(s.get("start"), int)
                     and isinstance(s.get("end"), int)]
        starts = [start for start, _ in sentences]
        seen: set[str] = set()
        for entity in record.get("entities") or ():
            if not isinstance(entity, dict):
                continue
            label, name = entity.get("label"), entity.get("name")
            if not isinstance(label, str) or not isinstance(name, str) or not name:
                continue
            key = entity.get("key") if isinstance(entity.get("key"), str) else \
                f"{label.lower()}:{name}"
            tally = self.entities.get(key)
            if tally is None:
                tally = self.entities[key] = EntityTally(key=key, label=label)
            tally.names[name] += 1
            for alias in entity.get("aliases") or ():
                if isinstance(alias, str) and alias != name:
                    tally.aliases[alias] += 1
            count = entity.get("count")
            tally.mentions += count if isinstance(count, int) else 1
            tally.descriptive = tally.descriptive and entity.get("descriptive") is True
            if key in seen:
                continue
            seen.add(key)
            tally.docs.append(doc)
            where = first_mention.get(str(entity.get("id")))
            if (len(tally.examples) < EXAMPLES and where and text
                    and 0 <= where[0] < where[1] <= len(text)):
                tally.examples.append([doc, *example_sentence(text, sentences, starts, *where)])

    # -- what the page gets ------------------------------------------------------------

    def chosen(self) -> list[EntityTally]:
        """The entities the page embeds (see the module's docstring), most frequent first."""
        keep: set[str] = set()
        overall: dict[tuple[str, bool], list[EntityTally]] = defaultdict(list)
        for tally in self.entities.values():
            overall[(tally.label, tally.descriptive)].append(tally)
        for (_, descriptive), tallies in overall.items():
            tallies.sort(key=_ranking)
            keep.update(t.key for t in tallies[:TOP_DESCRIPTIVE if descriptive else TOP_PER_LABEL])
        groups = self._groups()
        counts: dict[tuple[int, str, bool], Counter[str]] = defaultdict(Counter)
        for tally in self.entities.values():
            for doc in tally.docs:
                for group in groups[doc]:
                    counts[(group, tally.label, tally.descriptive)][tally.key] += 1
        for counter in counts.values():
            ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
            keep.update(key for key, _ in ranked[:TOP_PER_GROUP])
        return sorted((self.entities[key] for key in keep), key=_ranking)

    def _groups(self) -> list[tuple[int, ...]]:
        """Per article, the groups it counts in: its outlet (one of the largest
        :data:`GROUPS_MAX`, numbered from 0) and its month (one of the latest, numbered from
        -1 down)."""
        outlet_sizes = Counter(outlet for outlet in self.outlets if outlet >= 0)
        outlets = {outlet: number for number, (outlet, _) in enumerate(
            sorted(outlet_sizes.items(), key=lambda item: (-item[1], item[0]))[:GROUPS_MAX])}
        month_of = [None if day is None else _month_number(day) for day in self.days]
        latest = sorted({month for month in month_of if month is not None})[-GROUPS_MAX:]
        months = {month: -1 - number for number, month in enumerate(latest)}
        return [tuple(group for group in (outlets.get(outlet), months.get(month))
                      if group is not None)
                for outlet, month in zip(self.outlets, month_of, strict=True)]

    def data(self, *, summary: dict[str, Any]) -> dict[str, Any]:
        chosen = self.chosen()
        example_docs = sorted({example[0] for tally in chosen for example in tally.examples})
        topic_ids = sorted(self.topic_index, key=self.topic_index.__getitem__)
        return {
            "summary": summary,
            "outlets": sorted(self.outlet_index, key=self.outlet_index.__getitem__),
            "topics": [[topic, _most_common(self.topic_labels[topic])] for topic in topic_ids],
            "docs": {"day": self.days, "outlet": self.outlets, "topics": self.topics},
            "titles": {str(doc): list(self.titles[doc]) for doc in example_docs},
            "entities": [{
                "key": tally.key, "name": tally.name, "label": tally.label,
                "descriptive": tally.descriptive, "mentions": tally.mentions,
                "docs": _deltas(tally.docs),
                "aliases": [[alias, count] for alias, count in sorted(
                    _aliases(tally), key=lambda item: (-item[1], item[0]))[:ALIASES]],
                "examples": tally.examples,
            } for tally in chosen],
        }


def _aliases(tally: EntityTally) -> list[tuple[str, int]]:
    """Other names of the entity across articles (its names in other articles count too)."""
    found = Counter(tally.aliases)
    main = tally.name
    for name, count in tally.names.items():
        if name != main:
            found[name] += count
    found.pop(main, None)
    return list(found.items())


def _ranking(tally: EntityTally) -> tuple[int, int, str]:
    return (-len(tally.docs), -tally.mentions, tally.key)


def _most_common(counter: Counter[str]) -> str:
    return min(counter.items(), key=lambda item: (-item[1], item[0]))[0]


def _month_number(day: int) -> int:
    date = dt.date.fromordinal(day + _EPOCH)
    return date.year * 12 + date.month - 1


def _deltas(docs: array) -> list[int]:
    """Sorted article numbers as differences (the first as is): short numbers in the page."""
    out, previous = [], 0
    for doc in docs:
        out.append(doc - previous)
        previous = doc
    return out
