"""Encoding detection: mac-cyrillic told apart from cp1251 (they share the lower-case letters
а-ю), and detection work bounded by a sample whatever the size of the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp_extract.readers import decode as decode_module
from nlp_extract.readers import read_path
from nlp_extract.readers.decode import decode_bytes, decoded_length

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "000_a5760198d369cf0a.txt"

RUSSIAN = (
    "Губернатор Тюменской области открыл новый мост через Туру\n\n"
    "Движение по мосту запустили в четверг. «Мост разгрузит центр Тюмени», — заявил "
    "губернатор Александр Моор. Ямальские и югорские делегации приехали на открытие. "
    "Я уверен, что история моста только начинается, добавил он. Следующий мост построят "
    "через три года; Федеральное дорожное агентство обещает выделить деньги.\n")
KOI8 = RUSSIAN.replace("«", '"').replace("»", '"').replace("—", "-")  # koi8-r has no «» —

CASES = [
    ("mac_cyrillic", RUSSIAN, "mac-cyrillic"),
    ("cp1251", RUSSIAN, "cp1251"),
    ("koi8_r", KOI8, "koi8-r"),
    ("utf-8", RUSSIAN, "utf-8"),
]


@pytest.mark.parametrize(("codec", "text", "encoding"), CASES, ids=[c[2] for c in CASES])
def test_each_encoding_round_trips_and_is_named(tmp_path: Path, codec: str, text: str,
                                                encoding: str) -> None:
    data = text.encode(codec)
    assert decode_bytes(data) == (text, encoding)
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    (article,) = read_path(path, tmp_path)
    assert article.meta["encoding"] == encoding
    assert "Движение по мосту запустили в четверг." in article.text


@pytest.mark.parametrize("codec", ["mac_cyrillic", "cp1251", "koi8_r"])
def test_a_real_article_in_single_byte_encodings(codec: str) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    data = text.encode(codec, errors="replace")
    decoded, encoding = decode_bytes(data)
    assert decoded == data.decode(codec)
    assert encoding == decode_module._NAMES[codec]


MAC_LINES = ["Около трети бюджетных доходов обеспечены поступлениями от компаний.",
             "Сотрудники свердловской опеки попали под тотальную слежку",
             "Я думаю, что моя семья приедет в Тюмень.",
             "Шёл дождь", "Новости дня", "МВД сообщило", "Путин посетил Тюмень."]


@pytest.mark.parametrize("text", MAC_LINES)
@pytest.mark.parametrize("codec", ["mac_cyrillic", "cp1251"])
def test_short_lines_in_mac_cyrillic_and_cp1251(text: str, codec: str) -> None:
    assert decode_bytes(text.encode(codec))[0] == text


def test_detection_scores_a_bounded_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    big = text * (3_000_000 // len(text))
    data = big.encode("cp1251", errors="replace")
    scored: list[int] = []
    score = decode_module.russian_score
    monkeypatch.setattr(decode_module, "russian_score",
                        lambda part: scored.append(len(part)) or score(part))
    decoded, encoding = decode_bytes(data)
    assert encoding == "cp1251" and decoded == data.decode("cp1251")
    assert scored and max(scored) <= decode_module._SAMPLE_BYTES + 2
    assert decoded_length(data) == len(decoded)


@pytest.mark.parametrize("data", [RUSSIAN.encode("utf-8"), RUSSIAN.encode("utf-16"),
                                  RUSSIAN.encode("mac_cyrillic"), b"plain ascii",
                                  "caf\u00e9".encode("latin-1") + b"\x98"],
                         ids=["utf-8", "utf-16", "mac-cyrillic", "ascii", "latin-1"])
def test_decoded_length_is_the_decoded_text_length(data: bytes) -> None:
    assert decoded_length(data) == len(decode_bytes(data)[0])
