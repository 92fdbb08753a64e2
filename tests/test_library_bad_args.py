"""Bad arguments to the library are refused with a reason (issue 12, item 11): a cyclic or very
deep ``meta`` raised RecursionError, ``config={'slovnet_ner': {'batch_size': 0}}`` constructed
and then failed with an IndexError, and an HTML page whose ``<meta charset>`` lies, or a UTF-16
byte-order mark before UTF-8 bytes, was annotated as gibberish."""

from __future__ import annotations

import codecs
import random
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from nlp_extract import BadArgumentError, Extractor
from nlp_extract.config_check import SETTINGS, check_settings
from nlp_extract.extractor import MAX_META_DEPTH, sanitize_value
from nlp_extract.pipeline import PIPE_NAMES
from nlp_extract.readers import Article, ReadFailure, read_path
from nlp_extract.readers.decode import DecodeError, decode_bytes
from nlp_extract.readers.html import decode_html

RUSSIAN = ("Губернатор Тюменской области Александр Моор открыл новую школу на 1200 мест в "
           "микрорайоне Ожогина. Это важный день для всех жителей, сказал он журналистам.")


# --- meta ---------------------------------------------------------------------------------------

def _nested(depth: int) -> dict[str, Any]:
    meta: dict[str, Any] = {"leaf": "Тюмень"}
    for _ in range(depth - 1):
        meta = {"child": meta}
    return meta


def _cyclic_dict() -> dict[str, Any]:
    meta: dict[str, Any] = {"title": "Школа"}
    meta["self"] = {"back": meta}
    return meta


def _cyclic_list() -> dict[str, Any]:
    items: list[Any] = ["Тюмень"]
    items.append(items)
    return {"tags": items}


@pytest.mark.parametrize(("meta", "match"), [
    (_cyclic_dict(), "meta contains itself"),
    (_cyclic_list(), "meta contains itself"),
    (_nested(MAX_META_DEPTH + 1), f"nested more than {MAX_META_DEPTH} levels"),
    (_nested(100_000), f"nested more than {MAX_META_DEPTH} levels"),
])
def test_cyclic_or_deep_meta_is_a_bad_argument(extractor: Extractor, meta: Any,
                                               match: str) -> None:
    with pytest.raises(BadArgumentError, match=match):
        extractor.extract("Мэр Тюмени открыл школу.", meta=meta)


def test_deep_and_shared_meta_within_the_limit_is_fine() -> None:
    shared = {"name": "Тюмень"}
    assert sanitize_value(_nested(MAX_META_DEPTH)) == _nested(MAX_META_DEPTH)
    value = sanitize_value({"a": shared, "b": [shared, shared],
                            "deep": _nested(MAX_META_DEPTH - 1)})  # 100 levels with the top
    assert value["a"] == value["b"][0] == value["b"][1] == {"name": "Тюмень"}
    depth, node = 0, value["deep"]
    while "child" in node:
        depth, node = depth + 1, node["child"]
    assert depth == MAX_META_DEPTH - 2 and node == {"leaf": "Тюмень"}


# --- component settings -------------------------------------------------------------------------

@pytest.mark.parametrize(("config", "match"), [
    ({"slovnet_ner": {"batch_size": 0}}, r"slovnet_ner\.batch_size: 0 is not a whole number "
                                         r"of at least 1"),
    ({"slovnet_morph": {"batch_size": -3}}, r"slovnet_morph\.batch_size: -3 is not"),
    ({"slovnet_ner": {"batch_size": 2.5}}, r"slovnet_ner\.batch_size: 2\.5 is not"),
    ({"slovnet_ner": {"batch_size": True}}, r"slovnet_ner\.batch_size: True is not"),
    ({"slovnet_ner": {"chunk_chars": 0}}, r"slovnet_ner\.chunk_chars: 0 is not"),
    ({"pymorphy3_lemmatizer": {"cache_size": -1}}, r"pymorphy3_lemmatizer\.cache_size"),
    ({"topic_scorer": {"threshold": 1.5}}, r"topic_scorer\.threshold: 1\.5 is not a number at "
                                           r"least 0 and at most 1"),
    ({"topic_scorer": {"density_scale": 0}}, r"topic_scorer\.density_scale: 0 is not a number "
                                             r"above 0"),
    ({"topic_scorer": {"threshold": float("nan")}}, r"topic_scorer\.threshold: nan is not"),
    ({"keyphrase_extractor": {"max_keyphrases": -1}}, r"keyphrase_extractor\.max_keyphrases"),
    ({"places": {"derived": "yes"}}, r"places\.derived: 'yes' is not true or false"),
    ({"slovnet_ner": {"batchsize": 8}}, r"slovnet_ner\.batchsize: slovnet_ner has no such "
                                        r"setting \(its settings: batch_size, chunk_chars\)"),
    ({"mention_cleanup": {"strict": True}}, r"mention_cleanup\.strict: .*its settings: none"),
])
def test_bad_component_settings_are_refused_before_loading(config: dict[str, Any],
                                                           match: str) -> None:
    with pytest.raises(BadArgumentError, match="config: invalid component setting: " + match):
        Extractor(config=config)


def test_settings_table_matches_the_factories() -> None:
    for name in PIPE_NAMES:
        defaults = dict(Language.get_factory_meta(name).default_config or {})
        assert set(SETTINGS.get(name, {})) == set(defaults), name
        check_settings({name: defaults})  # the defaults pass
    check_settings({"slovnet_ner": {"batch_size": 1, "chunk_chars": 500},
                    "topic_scorer": {"threshold": 0, "model_threshold": None, "title_weight": 1},
                    "places": {"gazetteer_path": "/tmp/gazetteer"}})


# --- lying charsets and byte-order marks --------------------------------------------------------

def _page(charset: str) -> str:
    return (f'<html><head><meta charset="{charset}"><title>Новая школа</title></head>'
            f"<body><article><h1>В Тюмени открыли школу</h1><p>{RUSSIAN}</p></article>"
            "</body></html>")


@pytest.mark.parametrize(("declared", "actual"), [
    ("koi8-r", "cp1251"), ("windows-1251", "koi8-r"), ("iso-8859-1", "cp1251"),
    ("windows-1252", "cp1251"), ("iso-8859-5", "cp1251"), ("cp866", "cp1251"),
])
def test_a_lying_meta_charset_is_overruled(tmp_path: Path, declared: str, actual: str) -> None:
    text, encoding = decode_html(_page(declared).encode(actual))
    assert RUSSIAN in text
    assert encoding.startswith(actual.replace("windows-", "cp")) and "does not fit" in encoding
    path = tmp_path / "page.html"
    path.write_bytes(_page(declared).encode(actual))
    [article] = read_path(path, tmp_path)
    assert isinstance(article, Article)
    assert "Александр Моор открыл новую школу" in article.text


@pytest.mark.parametrize("charset", ["windows-1251", "koi8-r", "cp866"])
def test_a_truthful_meta_charset_is_kept(charset: str) -> None:
    assert decode_html(_page(charset).encode(charset)) == (_page(charset),
                                                           codecs.lookup(charset).name)
    latin = '<meta charset="iso-8859-1"><p>Café crème brûlée, déjà vu</p>'
    assert decode_html(latin.encode("latin-1")) == (latin, "iso8859-1")


def test_a_page_that_is_gibberish_in_its_charset_and_undetectable_is_refused() -> None:
    rng = random.Random(3)
    noise = bytes(rng.randrange(0x80, 0x100) for _ in range(400))  # random high bytes
    data = b'<html><head><meta charset="koi8-r"></head><body><p>' + noise + b"</p></body></html>"
    with pytest.raises(DecodeError, match="declares charset koi8-r but reads as gibberish"):
        decode_html(data)


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE],
                         ids=["utf-16-le", "utf-16-be", "utf-32-le"])
@pytest.mark.parametrize("actual", ["utf-8", "cp1251", "koi8-r"])
def test_a_false_byte_order_mark_is_ignored(tmp_path: Path, bom: bytes, actual: str) -> None:
    for body in (RUSSIAN, RUSSIAN + "!"):  # an odd and an even number of bytes
        text, encoding = decode_bytes(bom + body.encode(actual))
        assert text == body
        assert encoding.startswith(actual) and "false utf-" in encoding
    path = tmp_path / "news.txt"
    path.write_bytes(bom + RUSSIAN.encode(actual))
    [article] = read_path(path, tmp_path)
    assert isinstance(article, Article) and article.text == RUSSIAN


def test_a_true_byte_order_mark_is_believed() -> None:
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        assert decode_bytes(bom + RUSSIAN.encode(codec)) == (RUSSIAN, "utf-16")
    chinese = "中文新闻报道。" * 30
    assert decode_bytes(codecs.BOM_UTF16_BE + chinese.encode("utf-16-be")) == (chinese, "utf-16")


def test_a_false_mark_before_undetectable_bytes_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(codecs.BOM_UTF8 + b"\xff\xfe\xfd broken")
    [failure] = read_path(path, tmp_path)
    assert isinstance(failure, ReadFailure) and "byte-order mark" in failure.reason
