"""The custom attributes our components write on spaCy objects.

All values are plain JSON-like data (str, int, list, dict) so Docs survive ``DocBin`` and
multiprocessing.

- ``span._.normal``: canonical nominative name of an entity mention.
- ``span._.entity``: id of the entity record the mention belongs to (``e1``, ``e2``, ...).
- ``doc._.entities``: ``[{id, label, name, count}]``, the per-article entity records.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span


def register_extensions() -> None:
    if not Span.has_extension("normal"):
        Span.set_extension("normal", default=None)
    if not Span.has_extension("entity"):
        Span.set_extension("entity", default=None)
    if not Doc.has_extension("entities"):
        Doc.set_extension("entities", default=None)
