"""The JSON record: schema, offsets, determinism, library contract."""

from __future__ import annotations

import threading

import jsonschema
import pytest
from spacy.tokens import Doc, DocBin

from nlp_extract import BadArgumentError, BadInputError, Extractor
from nlp_extract.pipeline.arrays import TEXT_KEY, doc_text
from nlp_extract.record import record_schema

from conftest import SAMPLES

TEXTS = [
    (SAMPLES / "000_a5760198d369cf0a.txt").read_text(encoding="utf-8"),
    (SAMPLES / "002_0aca802ec92ce916.txt").read_text(encoding="utf-8"),
    "",
    "   \n\t ",
    "Москва",
    "  В  Тюмени\u00a0прошёл\n\n\nсовет. Его провёл Александр Моор.  ",
    "Emoji 😀 и ударе́ние, zero\u200bwidth, \u05e9\u05dc\u05d5\u05dd, «кавычки»",
    # a quoted place adjective NER calls an ORG: no LOC of the same words beside it (spaCy
    # keys a span's ._ attributes by its offsets: they shared the entity and the normal form)
    "Станции метро «Войковская» предлагают и другие новые наименования: «Петербургская» и "
    "«Северо-Западная».",
]


@pytest.fixture(scope="module")
def records(extractor):
    return [extractor.extract(text, doc_id=f"t{i}").to_dict() for i, text in enumerate(TEXTS)]


def test_records_validate_against_schema(records) -> None:
    for record in records:
        jsonschema.validate(record, record_schema())


def test_text_is_the_input_and_offsets_round_trip(records) -> None:
    for text, record in zip(TEXTS, records, strict=True):
        assert record["text"] == text
        for key in ("tokens", "mentions"):
            for item in record[key]:
                assert text[item["start"]:item["end"]] == item["text"]
        for sentence in record["sentences"]:
            chunk = text[sentence["start"]:sentence["end"]]
            assert chunk and chunk == chunk.strip()


def test_mentions_point_to_their_entities(records) -> None:
    for record in records:
        ids = {entity["id"]: entity for entity in record["entities"]}
        for mention in record["mentions"]:
            assert ids[mention["entity"]]["label"] == mention["label"]
        for entity in record["entities"]:
            assert entity["count"] == sum(m["entity"] == entity["id"] for m in record["mentions"])


def test_tokens_cover_all_non_space_text(records) -> None:
    for text, record in zip(TEXTS, records, strict=True):
        covered = "".join(token["text"] for token in record["tokens"])
        assert covered == "".join(text.split())


def test_blank_text_gives_an_empty_record(records) -> None:
    for record in records[2:4]:
        assert record["tokens"] == record["mentions"] == record["entities"] == []


def test_same_input_same_bytes(extractor) -> None:
    first = extractor.extract(TEXTS[0], doc_id="x").to_json()
    assert Extractor().extract(TEXTS[0], doc_id="x").to_json() == first


def test_extract_many_equals_extract(extractor, records) -> None:
    pairs = [(f"t{i}", text) for i, text in enumerate(TEXTS)]
    batched = [ann.to_dict() for ann in extractor.extract_many(pairs, batch_size=3)]
    assert batched == records


def test_extract_many_in_two_processes_equals_serial(extractor, records) -> None:
    pairs = [(f"t{i}", text) for i, text in enumerate(TEXTS)]
    parallel = [ann.to_dict() for ann in extractor.extract_many(pairs, batch_size=2, n_process=2)]
    assert parallel == records


def test_plain_texts_get_their_position_as_id(extractor) -> None:
    assert [ann.id for ann in extractor.extract_many(["а", "б"])] == ["0", "1"]


def test_threads_give_the_same_records(extractor, records) -> None:
    results: dict[int, dict] = {}

    def work(index: int) -> None:
        results[index] = extractor.extract(TEXTS[index % len(TEXTS)],
                                           doc_id=f"t{index % len(TEXTS)}").to_dict()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(results[i] == records[i % len(TEXTS)] for i in range(8))


def test_nlp_is_a_spacy_language_with_lemmas_and_ents(extractor) -> None:
    doc = extractor.nlp("Губернатор Тюменской области Александр Моор провёл совещание.")
    assert isinstance(doc, Doc)
    assert {(ent.label_, ent._.normal) for ent in doc.ents} >= {
        ("LOC", "Тюменская область"), ("PER", "Александр Моор")}
    assert [token.lemma_ for token in doc][-2] == "совещание"
    restored = list(DocBin(docs=[doc], store_user_data=True).get_docs(extractor.nlp.vocab))[0]
    assert [ent.text for ent in restored.ents] == [ent.text for ent in doc.ents]


def test_doc_text_is_read_once_and_never_stale(extractor) -> None:
    """Components read the text the tokenizer stored; a Doc made elsewhere, or one whose
    stored text does not fit its tokens, gets its own text."""
    text = "  В  Тюмени\u00a0прошёл совет. "
    doc = extractor.nlp(text)
    assert doc_text(doc) == doc.text == text
    plain = Doc(extractor.nlp.vocab, words=["Курган", "вырос"], spaces=[True, False])
    assert doc_text(plain) == "Курган вырос"
    plain.user_data[TEXT_KEY] = text  # e.g. user data copied from another Doc
    assert doc_text(plain) == "Курган вырос"
    assert doc_text(Doc(extractor.nlp.vocab, words=[])) == ""


def test_pipeline_explains_itself(extractor) -> None:
    analysis = extractor.nlp.analyze_pipes(pretty=False)
    assert all(not problems for problems in analysis["problems"].values())
    assert extractor.nlp.pipe_names[:3] == ["slovnet_morph", "pymorphy3_lemmatizer",
                                            "slovnet_ner"]
    assert {"public_bodies", "entity_normalizer", "entity_grouper"} <= set(
        extractor.nlp.pipe_names)


def test_pipeline_versions_are_recorded(records) -> None:
    pipeline = records[0]["pipeline"]
    assert set(pipeline["models"]) == {"navec", "slovnet_morph", "slovnet_ner"}
    assert all(len(model["sha256"]) == 64 for model in pipeline["models"].values())


def test_bad_arguments_raise_documented_errors(extractor) -> None:
    with pytest.raises(BadArgumentError):
        extractor.extract(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(BadArgumentError):
        list(extractor.extract_many([42]))  # type: ignore[list-item]
    with pytest.raises(BadInputError, match="over the limit"):
        Extractor(max_chars=10).extract("очень длинный текст")


def test_ner_tags_read_as_slovnet_reads_them() -> None:
    """BIO tags → spans exactly as slovnet's ``bio_spans``: O closes, B opens, I extends what
    is open (a stray I opens nothing)."""
    from slovnet.bio import bio_spans as slovnet_bio_spans
    from slovnet.token import Token as SlovnetToken

    from nlp_extract.pipeline.ner import bio_spans

    tags = ["I-PER", "B-PER", "I-PER", "O", "B-LOC", "B-ORG", "I-ORG", "I-LOC", "O", "B-PER"]
    ours = bio_spans(tags)
    tokens = [SlovnetToken(index, index + 1, "w") for index in range(len(tags))]
    theirs = [(span.start, span.stop - 1, span.type) for span in slovnet_bio_spans(tokens, tags)]
    assert ours == theirs == [(1, 2, "PER"), (4, 4, "LOC"), (5, 7, "ORG"), (9, 9, "PER")]
