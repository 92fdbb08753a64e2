"""Component settings of ``Extractor(config=...)`` checked before any model loads.

spaCy checks only the types the factories declare, so ``{"slovnet_ner": {"batch_size": 0}}``
used to build a pipeline that failed with an IndexError on the first text. Every setting of
our components is described here (name → what it must be); a wrong one raises
:class:`BadArgumentError` naming the component, the setting and the value.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from spacy.language import Language

from .errors import BadArgumentError

PREFIX = "config: invalid component setting: "
Check = Callable[[Any], str | None]  # why the value is wrong, or None


def _whole(low: int) -> Check:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            return f"a whole number of at least {low}"
        return None
    return check


def _number(low: float, high: float = math.inf, *, above: bool = False) -> Check:
    def check(value: Any) -> str | None:
        if (isinstance(value, bool) or not isinstance(value, int | float)
                or not math.isfinite(value) or value < low or value > high
                or (above and value == low)):
            bound = f"above {low:g}" if above else f"at least {low:g}"
            return f"a number {bound}" + (f" and at most {high:g}" if high < math.inf else "")
        return None
    return check


def _optional(check: Check) -> Check:
    def optional(value: Any) -> str | None:
        return None if value is None else check(value)
    return optional


def _flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else "true or false"


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "a file name or path"


def _anything(_value: Any) -> str | None:
    return None  # checked where it is loaded (taxonomy, topic model)


SETTINGS: dict[str, dict[str, Check]] = {
    "slovnet_morph": {"batch_size": _whole(1)},
    "slovnet_ner": {"batch_size": _whole(1), "chunk_chars": _whole(1)},
    "slovnet_syntax": {"batch_size": _whole(1), "enabled": _flag},
    "pymorphy3_lemmatizer": {"cache_size": _whole(0)},
    "entity_labels": {"labels": _text, "places": _flag},
    "public_bodies": {"lexicon": _text, "describe": _flag},
    "craft_filter": {"lexicon": _text},
    "descriptive_marks": {"lexicon": _text},
    "nameless_orgs": {"lexicon": _text},
    "place_type_words": {"lexicon": _text},
    "entity_keys": {"lexicon": _text},
    "places": {"derived": _flag, "gazetteer_path": _optional(_text)},
    "keyphrase_extractor": {"max_keyphrases": _whole(0), "title_weight": _number(0),
                            "max_tail": _whole(0)},
    "topic_scorer": {
        "taxonomy": _anything, "topic_model": _anything,
        "threshold": _number(0, 1), "title_weight": _number(0), "semantic_weight": _number(0, 1),
        "density_scale": _number(0, above=True), "length_prior": _number(0),
        "max_topics": _whole(0), "max_evidence": _whole(0),
        "model_threshold": _optional(_number(0, 1)),
        "relative": _number(0, 1), "short_words": _whole(0), "short_threshold": _number(0, 1),
        "short_similarity": _number(-1, 1),
    },
}


def _factory_settings(component: str) -> tuple[str, ...]:
    try:
        return tuple(Language.get_factory_meta(component).default_config or ())
    except ValueError:  # not a registered factory
        return ()


def check_settings(config: Mapping[str, Mapping[str, Any]]) -> None:
    """Raise :class:`BadArgumentError` for the first setting that is unknown or out of range
    (component names are checked by the caller)."""
    for component, settings in config.items():
        known = {**dict.fromkeys(_factory_settings(component), _anything),
                 **SETTINGS.get(component, {})}  # a setting added to a factory: spaCy checks it
        for name, value in settings.items():
            if name not in known:
                listed = ", ".join(known) if known else "none"
                raise BadArgumentError(f"{PREFIX}{component}.{name}: {component} has no such "
                                       f"setting (its settings: {listed})")
            wrong = known[name](value)
            if wrong is not None:
                raise BadArgumentError(f"{PREFIX}{component}.{name}: {value!r} is not {wrong}")
