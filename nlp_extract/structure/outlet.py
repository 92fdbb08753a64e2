"""The outlet a page names in its own © line («© Служба новостей «URA.RU»» → URA.RU)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .provenance import is_site_copyright, plausible_outlet

_QUOTED = re.compile(r"[«\"“„]([^«»\"“”„]{2,60})[»\"”“]")
_DOMAIN = re.compile(
    r"\b[\w-]+(?:\.[\w-]+)*\.(?:ru|рф|su|com|net|org|info|media|news|tv|ua|by|kz)\b", re.IGNORECASE
)
_NOISE = re.compile(r"\b(?:19|20)\d{2}\b(?:\s*[-–—]\s*(?:19|20)\d{2})?|все права защищены\.?"
                    r"|all rights reserved\.?", re.IGNORECASE)
_COPYRIGHT = re.compile(r"©|\([cс]\)|copyright", re.IGNORECASE)


def outlet_from_credit(text: str) -> str | None:
    """The outlet named after the last © of a credit or caption line, or None."""
    marks = list(_COPYRIGHT.finditer(text))
    if not marks:
        return None
    rest = _NOISE.sub(" ", text[marks[-1].end():]).strip(" ,.;:-–—|/")
    if not rest:
        return None
    quoted = _QUOTED.search(rest)
    if quoted:
        return quoted.group(1).strip()
    domain = _DOMAIN.search(rest)
    if domain:
        return domain.group(0)
    name = re.split(r"[,;|/(]", rest, maxsplit=1)[0].strip(" .-–—")
    return name if name and len(name.split()) <= 5 else None


def outlet_from_byline(text: str) -> str | None:
    """The outlet named by the site's own copyright line («© Служба новостей «URA.RU»», «© 2023
    Курган.ру. Все права защищены.»), or None: a photo credit («Фото: Анна Майорова © URA.RU»,
    «© ZUMAPRESS.com», «© РИА Новости / Сергей Бобылев») never names the outlet, nor does a
    place («© Москва») or a person's name."""
    if not is_site_copyright(text):
        return None
    outlet = outlet_from_credit(text)
    return outlet if plausible_outlet(outlet) else None


def find_outlet(lines: Iterable[str]) -> str | None:
    """The outlet of the first site copyright line among ``lines`` (credit lines of the page)."""
    for text in lines:
        outlet = outlet_from_byline(text)
        if outlet:
            return outlet
    return None
