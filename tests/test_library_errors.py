"""The library's error contract: the exception hierarchy, ``errors="return"`` on items that
are no text, the exported names, and Docs that survive a DocBin into a fresh process."""

from __future__ import annotations

import subprocess
import sys

import pytest
from spacy.tokens import DocBin

import nlp_extract
from nlp_extract import (
    BadArgumentError,
    BadInputError,
    ExtractionFailure,
    InternalError,
    NlpExtractError,
    RunError,
)
from nlp_extract.corpus.walk import MissingInputError, iter_inputs
from nlp_extract.evaluate.brat import BratFormatError, parse_type_map
from nlp_extract.evaluate.conllu import ConlluFormatError
from nlp_extract.evaluate.factru import FactruFormatError
from nlp_extract.readers.article import Article
from nlp_extract.readers.decode import DecodeError, decode_bytes


def test_extraction_failure_is_exported():
    assert "ExtractionFailure" in nlp_extract.__all__
    assert "RunError" in nlp_extract.__all__
    for name in nlp_extract.__all__:
        assert hasattr(nlp_extract, name), name


@pytest.mark.parametrize("error, bases", [
    (MissingInputError, (BadArgumentError, ValueError)),
    (DecodeError, (BadInputError, ValueError)),
    (FactruFormatError, (BadArgumentError, ValueError)),
    (BratFormatError, (BadArgumentError, ValueError)),
    (ConlluFormatError, (BadArgumentError, ValueError)),
    (RunError, (NlpExtractError, RuntimeError)),
    (InternalError, (NlpExtractError, RuntimeError)),
])
def test_error_hierarchy(error, bases):
    assert issubclass(error, NlpExtractError)
    for base in bases:
        assert issubclass(error, base)


def test_raised_errors_are_nlp_extract_errors(tmp_path):
    with pytest.raises(BadArgumentError, match="input not found"):
        list(iter_inputs([tmp_path / "nope"]))
    with pytest.raises(BadInputError, match="binary"):
        decode_bytes(b"\x00\x01\x02\x03" * 100)
    with pytest.raises(BadArgumentError, match="--types"):
        parse_type_map("PER")


BAD_ITEMS = [42, None, b"\xd0\x9c\xd0\xb8\xd1\x80", {"id": "x", "text": "Мир"}, ("a", 5)]


def test_errors_return_yields_a_failure_for_each_non_text_item(extractor):
    items = ["Далер Бобиев приехал в Тюмень.", *BAD_ITEMS,
             Article(id="art", text=7), ("p", "Губернатор Тюменской области провёл совещание.")]
    results = list(extractor.extract_many(items, batch_size=3, errors="return"))
    assert len(results) == len(items)
    assert [e["name"] for e in results[0].entities] == ["Далер Бобиев", "Тюмень"]
    for index, (item, result) in enumerate(zip(BAD_ITEMS, results[1:6], strict=True), start=1):
        assert isinstance(result, ExtractionFailure), item
        assert result.id == str(index)
        assert type(item).__name__ in result.reason
        assert "expected a text, an (id, text) pair of strings or an Article" in result.reason
    assert isinstance(results[6], ExtractionFailure)
    assert results[6].id == "art" and "text must be a str, got int" in results[6].reason
    assert results[7].id == "p" and results[7].entities


def test_errors_return_with_worker_processes(extractor):
    results = list(extractor.extract_many(["Мир.", None, "Тюмень."], n_process=2,
                                          errors="return"))
    assert [type(result).__name__ for result in results] == [
        "Annotation", "ExtractionFailure", "Annotation"]


@pytest.mark.parametrize("item", BAD_ITEMS, ids=lambda item: type(item).__name__)
def test_errors_raise_keeps_bad_argument_error(extractor, item):
    with pytest.raises(BadArgumentError, match="item 1"):
        list(extractor.extract_many(["Мир.", item], errors="raise"))


FRESH_PROCESS = """
import sys
import spacy
import nlp_extract
from spacy.tokens import DocBin

docs = list(DocBin().from_bytes(sys.stdin.buffer.read()).get_docs(spacy.blank("ru").vocab))
doc = docs[0]
print([e["name"] for e in doc._.entities])
print([(span.text, span._.normal, (span._.geo or {}).get("iso")) for span in doc.spans["mentions"]])
print(doc._.dates is not None, doc._.money is not None)
"""


def test_docbin_readable_in_a_fresh_process(extractor):
    doc = extractor.nlp("Далер Бобиев приехал в Тюмень 5 марта.")
    data = DocBin(docs=[doc], store_user_data=True).to_bytes()
    run = subprocess.run([sys.executable, "-c", FRESH_PROCESS], input=data,
                         capture_output=True, timeout=300)
    assert run.returncode == 0, run.stderr.decode()
    lines = run.stdout.decode().splitlines()
    assert lines[0] == "['Далер Бобиев', 'Тюмень']"
    assert "('Тюмень', 'Тюмень', 'RU-TYU')" in lines[1]
    assert lines[2] == "True True"


def test_register_extensions_is_idempotent():
    nlp_extract.register_extensions()
    nlp_extract.register_extensions()
