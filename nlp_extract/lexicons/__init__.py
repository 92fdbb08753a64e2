"""Every word list and lexicon of the entity layer, loaded and checked one way.

A lexicon file in ``models/`` is plain YAML (or JSON) with a ``format`` naming its schema, a
``version``, and only the keys its :class:`Schema` allows. Each list is checked on load: its
entries are non-empty strings, none repeated (after folding: lowercase, «ё» → «е»). The file's
sha256 is in the pipeline's provenance (``pipeline_info.resource_files``) and on the loaded
:class:`LexiconFile`.

Matching follows yargy's dictionary predicates: a token matches an entry word when its lemma
is any pymorphy3 reading's normal form of the entry word, or its surface form is any inflected
form of one («облдумы» matches «облдума» whatever lemma the tagger chose in context, and so does
«минприроды»). See :class:`WordSet` and :class:`PhraseTable`.
"""

from __future__ import annotations

from .loader import LexiconFile, Schema, load_lexicon_file
from .matching import PhraseTable, WordSet, entry_lemma, reading_lemmas, word_keys

__all__ = ["LexiconFile", "PhraseTable", "Schema", "WordSet", "entry_lemma",
           "load_lexicon_file", "reading_lemmas", "word_keys"]
