"""The optional ``slovnet_syntax`` component (natasha's syntax model) and the ORG tail rule
that reads its parse (``syntax_detached``), on real models and real Russian text."""

from __future__ import annotations

import pytest

from nlp_extract import Extractor
from nlp_extract.errors import BadArgumentError
from nlp_extract.pipeline.syntax import HEAD, REL, parsed

ON = {"slovnet_syntax": {"enabled": True}}
SENTENCE = ("Министерство социальной политики Свердловской области сообщило Ивану Петрову о "
            "решении.")


@pytest.fixture(scope="module")
def with_syntax() -> Extractor:
    return Extractor(config=ON)


def _heads(doc) -> dict[str, tuple[str | None, str]]:
    return {token.text: (doc[token._.get(HEAD)].text if token._.get(HEAD) is not None
                         else None, token._.get(REL)) for token in doc}


def test_off_by_default_loads_no_model_and_parses_nothing() -> None:
    extractor = Extractor()
    assert extractor.nlp.get_pipe("slovnet_syntax").parser is None
    doc = extractor.nlp(SENTENCE)
    assert not parsed(doc)
    assert {token._.get(REL) for token in doc} == {None}


def test_every_word_gets_a_head_in_its_sentence(with_syntax: Extractor) -> None:
    doc = with_syntax.nlp(SENTENCE + " Минобороны США и НАТО провели учения.")
    assert parsed(doc)
    for sentence in doc.sents:
        for token in sentence:
            head = token._.get(HEAD)
            assert token._.get(REL)
            assert head is None or sentence.start <= head < sentence.end
        assert [token.text for token in sentence if token._.get(HEAD) is None] == \
            [next(t for t in sentence if t._.get(REL) == "root").text]
    heads = _heads(doc)
    assert heads["Ивану"] == ("сообщило", "iobj")
    assert heads["области"] == ("Министерство", "nmod")
    assert heads["социальной"] == ("политики", "amod")


def test_a_batch_parses_as_single_docs(with_syntax: Extractor) -> None:
    texts = [SENTENCE, "Комитет Государственной думы по бюджету одобрил поправки.", ""]
    alone = [_heads(with_syntax.nlp(text)) for text in texts]
    assert [_heads(doc) for doc in with_syntax.nlp.pipe(texts, batch_size=3)] == alone


def test_sentences_stay_those_of_the_tokenizer(with_syntax: Extractor) -> None:
    text = SENTENCE + " Минобороны США и НАТО провели учения."
    plain = [sentence.text for sentence in Extractor().nlp(text).sents]
    assert [sentence.text for sentence in with_syntax.nlp(text).sents] == plain


@pytest.mark.parametrize("settings", [{"enabled": "yes"}, {"batch_size": 0}])
def test_bad_settings_are_refused(settings: dict[str, object]) -> None:
    with pytest.raises(BadArgumentError, match="slovnet_syntax"):
        Extractor(config={"slovnet_syntax": settings})


# golden rows of the tail rule ``syntax_detached`` (it needs a real parse, so real text):
# sentence | ORG mentions without the parse | with it
DETACHED = [
    ("Бывший сенатор впервые предстал перед судом по эпизоду о мошенничестве.",
     ["судом по эпизоду"], []),  # «по эпизоду» depends on «предстал»: no court's name
]


@pytest.mark.parametrize(("text", "without", "with_parse"), DETACHED)
def test_syntax_detached_cuts_what_depends_on_the_verb(
        with_syntax: Extractor, text: str, without: list[str], with_parse: list[str]) -> None:
    def orgs(extractor: Extractor) -> list[str]:
        doc = extractor.nlp(text)
        return [span.text for span in doc.spans["mentions"] if span.label_ == "ORG"]

    assert orgs(Extractor()) == without
    assert orgs(with_syntax) == with_parse


def test_syntax_detached_is_traced(with_syntax: Extractor) -> None:
    explained = with_syntax.explain("Министерство социальной политики региона сообщило Ивану "
                                    "Петрову о решении.")
    [body] = [mention for mention in explained.mentions if mention["label"] == "ORG"]
    assert body["text"] == "Министерство социальной политики региона"
    tail = [event["detail"] for event in body["history"] if event["component"] == "public_bodies"]
    assert tail[-1].endswith("syntax_detached@сообщило")
