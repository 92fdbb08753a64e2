"""Money amounts with their value and ISO 4217 currency: ``doc._.money``.

«1,5 млн рублей» → 1500000 RUB, «$100» → 100 USD, «300 руб.» → 300 RUB,
«5 млрд евро» → 5000000000 EUR.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .arrays import doc_text
from .extensions import register_extensions
from .intervals import DisjointIntervals

# at most 8 groups of thousands (10^27): an unbounded run «000 000 000 …» would be rescanned
# from each of its groups, quadratic in its length
_NUMBER = r"\d{1,3}(?:[ \u00a0\u202f]\d{3}){1,8}(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_MULTIPLIERS = (
    (r"тыс(?:\.|яч[аиуе]?|ячами|ячах)?", 1_000),
    (r"млн\.?|миллион(?:а|ов|ами|ах)?", 1_000_000),
    (r"млрд\.?|миллиард(?:а|ов|ами|ах)?", 1_000_000_000),
    (r"трлн\.?|триллион(?:а|ов|ами|ах)?", 1_000_000_000_000),
)
_CURRENCIES = (
    (r"руб(?:\.|л(?:ь|я|ей|ям|ями|ях|е|ю))?|₽", "RUB"),
    (r"доллар(?:ов|а|ы|ам|ами|ах)?|долл\.?|\$", "USD"),
    (r"евро|€", "EUR"),
    (r"юан(?:ь|я|ей|ям|ями|ях)", "CNY"),
    (r"фунт(?:ов|а|ы)?\s+стерлингов|£", "GBP"),
    (r"тенге", "KZT"),
    (r"грив(?:на|ны|ен|нам|нами|нах)", "UAH"),
)
_MULT = "|".join(f"(?:{pattern})" for pattern, _ in _MULTIPLIERS)
_CUR = "|".join(f"(?:{pattern})" for pattern, _ in _CURRENCIES)
_AFTER = re.compile(
    rf"(?<![\d.,])(?P<num>{_NUMBER})\s*(?:(?P<mult>{_MULT})\s*)?(?P<cur>{_CUR})(?![а-яёa-z])",
    re.IGNORECASE)
_BEFORE = re.compile(rf"(?P<cur>[$€₽£])\s?(?P<num>{_NUMBER})(?:\s*(?P<mult>{_MULT}))?"
                     r"(?![а-яёa-z\d])", re.IGNORECASE)


def _lookup(table: tuple[tuple[str, Any], ...], word: str) -> Any:
    for pattern, value in table:
        if re.fullmatch(pattern, word, re.IGNORECASE):
            return value
    raise KeyError(word)


def _number(text: str) -> float:
    return float(re.sub(r"[ \u00a0\u202f]", "", text).replace(",", "."))


def find_money(text: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    taken = DisjointIntervals()  # an amount written «100 руб.» wins over «$100»
    for pattern in (_AFTER, _BEFORE):
        for match in pattern.finditer(text):
            start, end = match.span()
            if taken.overlaps(start, end):
                continue
            amount = _number(match["num"])
            if match["mult"]:
                amount *= _lookup(_MULTIPLIERS, match["mult"].strip())
            value: float | int = int(amount) if amount == int(amount) else round(amount, 2)
            taken.add(start, end)
            found.append({"start": start, "end": end, "text": text[start:end], "value": value,
                          "currency": _lookup(_CURRENCIES, match["cur"].strip())})
        taken.close_round()
    return sorted(found, key=lambda item: item["start"])


class MoneyFinder:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        doc._.money = find_money(doc_text(doc))
        return doc


@Language.factory("money_finder", assigns=["doc._.money"])
def make_money_finder(nlp: Language, name: str) -> MoneyFinder:
    return MoneyFinder(nlp, name)
