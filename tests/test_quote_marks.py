"""A quote typed as two apostrophes («''Bild''», wiki markup and plain-ASCII news) is one quote
mark: one token, read by the taggers as «"», so quoted names are found as with «ёлочек»."""

from __future__ import annotations

import pytest

from nlp_extract.pipeline.tokenizer import razdel_tokens

# text | tokens («·» between them)
TOKENS = """
газеты ''Bild''         | газеты·''·Bild·''
''Netflix Inc.''        | ''·Netflix·Inc·.·''
O'Brien                 | O·'·Brien
' '                     | '·'
"""


@pytest.mark.parametrize("row", [line for line in TOKENS.strip().splitlines()])
def test_two_apostrophes_are_one_token(row: str) -> None:
    text, tokens = (cell.strip() for cell in row.split("|"))
    assert "·".join(token for _, _, token in razdel_tokens(text)) == tokens


# text ⇒ the ORG mentions (text → normal form) ⇒ the ORG records' names
GOLDEN = [
    ("По данным газеты ''The Washington Post'', он преуспел.",
     ["газеты ''The Washington Post'' → The Washington Post"], ["The Washington Post"]),
    ("Она работала в магазине ''Gucci'' и руководила фондом ''Color Your Life''.",
     ["магазине ''Gucci'' → Gucci", "фондом ''Color Your Life'' → Color Your Life"],
     ["Gucci", "Color Your Life"]),
]


@pytest.mark.parametrize(("text", "mentions", "names"), GOLDEN)
def test_names_in_two_apostrophes(extractor, text: str, mentions: list[str],
                                  names: list[str]) -> None:
    data = extractor.extract(text).to_dict()
    assert [f"{m['text']} → {m['normal']}" for m in data["mentions"]
            if m["label"] == "ORG"] == mentions
    assert [e["name"] for e in data["entities"] if e["label"] == "ORG"] == names


def test_a_bare_common_noun_does_not_name_a_latin_organisation(extractor) -> None:
    """«Компания» capitalised later in the article joins «Netflix Inc» but does not name it,
    though the record's other names are Latin."""
    data = extractor.extract("Губернатор Мартин О’Мэлли\nКомпания ''Netflix Inc.'' объявила о "
                             "том, что один из самых популярных её сериалов продлён. Netflix "
                             "сообщил, что Компания довольна.").to_dict()
    assert [(e["name"], e["aliases"]) for e in data["entities"] if e["label"] == "ORG"] == \
        [("Netflix Inc", ["Netflix", "Компания"])]
