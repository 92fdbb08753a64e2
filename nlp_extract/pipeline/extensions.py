"""The custom attributes our components write on spaCy objects.

All values are plain JSON-like data (str, int, bool, list, dict) so Docs survive ``DocBin``
and multiprocessing.

- ``doc.spans["mentions"]``: every entity mention, nested ones included (an ORG «мэрия Москвы»
  and the LOC «Москвы» inside it); ``doc.ents`` is its flat, non-overlapping view.
- ``span._.normal``: canonical nominative name of a mention.
- ``span._.entity``: id of the entity record the mention belongs to (``e1``, ``e2``, ...).
- ``span._.derived``: the mention names a place indirectly (an adjective or a demonym).
- ``span._.descriptive``: an ORG named only by what it is and where, without a proper name
  («правительство Китая», «японское правительство»).
- ``span._.geo``: ``{iso, kind, name, region}`` of a place found in the gazetteer, else None
  (``name`` canonical; for a city ``iso`` is its region's code and ``region`` its name).
- ``span._.core``: ``[start_char, end_char]`` of the proper name inside a longer mention
  («Единая Россия» in «партии «Единая Россия»»); the normal form is the core's.
- ``span._.street``: the LOC is a street, avenue, square or embankment («проспекте Идриса
  Зязикова», «Тверская» in «на улицах Тверская, Новый Арбат»): no gazetteer place.
- ``doc._.entities``: ``[{id, label, name, count, ...}]``, the per-article entity records.
- ``doc._.dates``, ``doc._.money``: ``[{start, end, text, value, ...}]``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Span
from spacy.util import registry

from .arrays import RecentAnswers

MENTIONS = "mentions"

_SPAN_EXTENSIONS = {"normal": None, "entity": None, "derived": False, "geo": None,
                    "core": None, "descriptive": False, "street": False}


def register_extensions() -> None:
    for name, default in _SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    for name in ("entities", "dates", "money"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def mentions(doc: Doc) -> list[Span]:
    """All mentions in text order (longer first at the same start)."""
    if MENTIONS not in doc.spans:
        return _in_order(doc.ents)
    group = doc.spans[MENTIONS]
    # keyed by the group's id and the group: ids differ, or it is the same group object
    return list(_ORDERED.get((id(group), group), lambda: _in_order(group)))


def _in_order(spans: Iterable[Span]) -> list[Span]:
    return sorted(spans, key=lambda span: (span.start_char, -span.end_char, span.label_))


# The mentions of the last few docs in order, by their span group: the components ask for
# them about twenty times a doc, and a group is never changed in place (``set_mentions``
# stores a new one), so the same group object means the same mentions. Only a few are held
# (a Span keeps its Doc alive: a long article must not outlive its record), the group itself
# kept so that its id is not reused.
_ORDERED = RecentAnswers(size=4)


@registry.misc("nlp_extract.flat_mentions.v1")
def make_flat_mentions_filter() -> Callable[[Iterable[Span]], list[Span]]:
    """The overlap policy of ``doc.ents``, registered once (as spaCy's
    ``first_longest_spans_filter``): of overlapping mentions the longest stays, the first of
    equal ones; nested mentions stay in ``doc.spans["mentions"]``."""
    from spacy.util import filter_spans

    return filter_spans


flat_mentions = make_flat_mentions_filter()


def set_mentions(doc: Doc, spans: list[Span]) -> None:
    """Store ``spans`` as the mentions, de-duplicated, and refresh ``doc.ents`` through the
    registered overlap policy (:func:`make_flat_mentions_filter`). Two mentions of one span
    are one, the later given kept: spaCy keys a span's ``._`` attributes by its offsets, so
    an ORG and a LOC of the same words would share their normal form and their entity."""
    unique = {(span.start, span.end): span for span in spans}
    ordered = sorted(unique.values(), key=lambda span: (span.start_char, -span.end_char))
    doc.spans[MENTIONS] = ordered
    doc.ents = flat_mentions(ordered)
