"""Money amounts with their value and ISO 4217 currency: ``doc._.money``.

«1,5 млн рублей» → 1500000 RUB, «$100» → 100 USD, «300 руб.» → 300 RUB,
«5 млрд евро» → 5000000000 EUR. A range keeps both ends: «60—62 млн рублей», «от 60 до 62 млн
рублей», «$60–62 млн» → ``min`` 60000000, ``max`` 62000000, ``value`` the upper end (what a
reader that knows no ranges took before). A multiplier written only at the end applies to both
ends («60—62 млн»); «с 60 до 62 млн» is a change, not a range: only its result is an amount.
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
_RANGE_START = rf"(?P<num1>{_NUMBER})\s*(?:(?P<mult1>{_MULT})\s*)?"
_RANGE_LINK = r"(?:[—–-]|(?<=\s)до\s)\s*"
_AFTER_RANGE = re.compile(
    rf"(?:(?<![а-яё])(?P<from>от)\s+)?(?<![\d.,]){_RANGE_START}(?(from){_RANGE_LINK}|\s*[—–-]\s*)"
    rf"(?P<num>{_NUMBER})\s*(?:(?P<mult>{_MULT})\s*)?(?P<cur>{_CUR})(?![а-яёa-z])",
    re.IGNORECASE)
_BEFORE_RANGE = re.compile(
    rf"(?P<cur>[$€₽£])\s?(?P<num1>{_NUMBER})(?:\s*(?P<mult1>{_MULT}))?\s*[—–-]\s*"
    rf"(?P<num>{_NUMBER})(?:\s*(?P<mult>{_MULT}))?(?![а-яёa-z\d])", re.IGNORECASE)
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


def _amount(number: str, multiplier: str | None) -> float | int:
    amount = _number(number)
    if multiplier:
        amount *= _lookup(_MULTIPLIERS, multiplier.strip())
    return int(amount) if amount == int(amount) else round(amount, 2)


def _item(text: str, match: re.Match[str]) -> dict[str, Any] | None:
    """The amount a match names, or None for a range whose ends are not in order."""
    start, end = match.span()
    value = _amount(match["num"], match["mult"])
    item: dict[str, Any] = {"start": start, "end": end, "text": text[start:end], "value": value,
                            "currency": _lookup(_CURRENCIES, match["cur"].strip())}
    if "num1" in match.re.groupindex:
        # «60—62 млн»: the end's multiplier is the start's too, unless the start has its own
        low = _amount(match["num1"], match["mult1"] or match["mult"])
        if not low < value:
            return None
        item["min"], item["max"] = low, value
    return item


def find_money(text: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    taken = DisjointIntervals()  # a range wins over its end; «100 руб.» wins over «$100»
    for pattern in (_AFTER_RANGE, _BEFORE_RANGE, _AFTER, _BEFORE):
        for match in pattern.finditer(text):
            start, end = match.span()
            if taken.overlaps(start, end):
                continue
            item = _item(text, match)
            if item is None:
                continue
            taken.add(start, end)
            found.append(item)
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
