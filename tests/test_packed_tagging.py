"""The taggers run slovnet's networks over sentences packed end to end
(``pipeline/packed_tagging.py``): the tags must be exactly those of slovnet's own executor
(padded batches), whatever sentences share a batch."""

from __future__ import annotations

from pathlib import Path

import pytest
import razdel

from nlp_extract.pipeline.models import morph_tagger, ner_tagger
from nlp_extract.pipeline.packed_tagging import packed_tags, unpackable

FACTRU = Path(__file__).resolve().parent.parent / "data" / "factru-dev"


def slovnet_own_tags(tagger, items):
    """slovnet's executor: padded batches of ``batch_size`` sentences."""
    infer = tagger.infer
    return list(infer.decoder(infer.process(infer.encoder(items))))


@pytest.fixture(scope="module")
def sentences() -> list[list[str]]:
    found = []
    for path in sorted(FACTRU.glob("*.txt"))[:12]:
        for sentence in razdel.sentenize(path.read_text(encoding="utf-8")):
            words = [token.text for token in razdel.tokenize(sentence.text)]
            if words:
                found.append(words)
    # short and odd items beside the news: one word, punctuation, Latin, numbers
    return found + [["Москва"], ["."], ["Apple", "и", "Samsung"], ["В", "2018", "году", "ООН"]]


@pytest.mark.parametrize("load", [morph_tagger, ner_tagger], ids=["morph", "ner"])
@pytest.mark.parametrize("batch_size", [16, 3])
def test_packed_tags_are_slovnets(load, batch_size, sentences):
    tagger = load(16)
    expected = slovnet_own_tags(tagger, sentences)
    assert packed_tags(tagger, sentences, batch_size) == expected
    assert any(tag not in {"O"} for tags in expected for tag in tags)


@pytest.mark.parametrize("load", [morph_tagger, ner_tagger], ids=["morph", "ner"])
def test_a_sentence_tags_alike_alone_and_packed(load, sentences):
    """Neighbours in the packed rows never leak into a sentence: each tagged alone gives
    what the batch gave (the zero rows between sentences are reset after every layer)."""
    tagger = load(16)
    packed = packed_tags(tagger, sentences[:40], 16)
    assert [packed_tags(tagger, [sentence], 16)[0] for sentence in sentences[:40]] == packed


def test_empty_items_get_no_tags_and_keep_their_place():
    tagger = ner_tagger(16)
    tags = packed_tags(tagger, [[], ["Владимир", "Путин", "прилетел", "в", "Казань"], []], 16)
    assert tags == [[], ["B-PER", "I-PER", "O", "O", "B-LOC"], []]


def test_an_item_longer_than_a_batch_is_tagged_alone():
    tagger = morph_tagger(16)
    long_item = ["Мэр", "Москвы", "Сергей", "Собянин", "открыл", "школу", "."] * 10
    short = ["Он", "приехал", "."]
    tags = packed_tags(tagger, [short, long_item, short], 1)  # at most 256 words at once
    assert tags == slovnet_own_tags(tagger, [short, long_item, short])
    assert len(tags[1]) == 70


def test_natashas_taggers_run_packed():
    assert unpackable(morph_tagger(16)) is None
    assert unpackable(ner_tagger(16)) is None


def test_a_pad_that_does_not_embed_to_zero_is_not_packed():
    """Packing relies on the pad rows being zero; a network whose pad shape embeds to
    something else would tag differently packed, so it is not packed."""
    tagger = ner_tagger(16)
    weight = tagger.infer.model.emb.shape.weight
    original = weight.array  # read-only (the model file's buffer): swapped, then put back
    changed = original.copy()
    changed[tagger.infer.encoder.shapes_vocab.pad_id] = 0.5
    try:
        weight.array = changed
        assert unpackable(tagger) == "the pad word or shape does not embed to zero"
    finally:
        weight.array = original
    assert unpackable(tagger) is None


def test_an_unpackable_tagger_runs_on_slovnets_executor(monkeypatch, sentences):
    import nlp_extract.pipeline.packed_tagging as packed

    tagger = morph_tagger(16)
    monkeypatch.setattr(packed, "packed_network", lambda _tagger: None)
    assert packed.packed_tags(tagger, sentences[:30], 16) == slovnet_own_tags(tagger,
                                                                              sentences[:30])
    assert unpackable(object()) == "not slovnet's CNN tagger: NoneType"
