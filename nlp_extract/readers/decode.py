"""Bytes to text: the encoding is detected from the bytes, never from the locale.

Order: byte-order marks; UTF-16 without a BOM (told by its 0x00/0x04 high bytes); binary content is
refused; strict UTF-8; then the single-byte Cyrillic encodings Russian sites use (cp1251,
koi8-r, cp866, iso8859-5, mac-cyrillic) scored by Russian letter frequencies and letter case,
which separates cp1251 from koi8-r even on a few words; text without any Cyrillic reading
falls back to cp1251 (or Latin-1 for bytes cp1251 does not define). Bytes that read as
gibberish in every Cyrillic code page are refused: their encoding cannot be determined.
"""

from __future__ import annotations

import codecs
import math
from collections.abc import Callable

from ..errors import BadInputError
from .article import ReadFailure


class DecodeError(BadInputError):
    """The bytes are not text in any encoding we can determine."""


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control characters that never occur in a text file, whatever the encoding.
_BINARY_BYTES = bytes([*range(0, 9), 11, *range(14, 32)])

# Relative frequencies (per mille) of Russian letters in running text.
_RUSSIAN_FREQ = {
    "о": 109.7, "е": 84.5, "а": 80.1, "и": 73.5, "н": 67.0, "т": 62.6, "с": 54.7, "р": 47.3,
    "в": 45.3, "л": 44.0, "к": 34.9, "м": 32.1, "д": 29.8, "п": 28.1, "у": 26.2, "я": 20.1,
    "ы": 19.0, "ь": 17.4, "г": 17.0, "з": 16.5, "б": 15.9, "ч": 14.4, "й": 12.1, "х": 9.7,
    "ж": 9.4, "ш": 7.3, "ю": 6.4, "ц": 4.8, "щ": 3.6, "э": 3.2, "ф": 2.6, "ъ": 0.4, "ё": 0.4,
}
_LOG_FREQ = {letter: math.log(freq / 1000) for letter, freq in _RUSSIAN_FREQ.items()}
_UNSEEN = math.log(0.0001)
# Below this mean score per letter (with 10 letters or more) a single-byte reading is
# gibberish: real Russian lines score above -4.8 even when short (measured on data/), random
# high bytes and CJK multibyte text read as Cyrillic below -5.4.
_GIBBERISH = -5.2

# Single-byte candidates with a small preference (per letter) for the common ones.
_SINGLE_BYTE = (("cp1251", 0.0), ("koi8_r", 0.05), ("cp866", 0.5), ("iso8859_5", 1.0),
                ("mac_cyrillic", 1.0))
_NAMES = {"cp1251": "cp1251", "koi8_r": "koi8-r", "cp866": "cp866", "iso8859_5": "iso8859-5",
          "mac_cyrillic": "mac-cyrillic"}


def looks_binary(data: bytes) -> bool:
    """True when the bytes hold control characters that text files do not contain."""
    sample = data[:8192]
    if not sample:
        return False
    bad = len(sample) - len(sample.translate(None, _BINARY_BYTES))
    return bad / len(sample) > 0.01


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte is mostly 0x00 or 0x04 (Latin/Cyrillic)."""
    sample = data[:4096]
    if len(sample) < 2 or len(data) % 2:
        return None
    for name, high, low in (("utf-16-le", sample[1::2], sample[0::2]),
                            ("utf-16-be", sample[0::2], sample[1::2])):
        if (len(high) - len(high.translate(None, b"\x00\x04\x20"))) / len(high) > 0.9 \
                and low.count(0) / len(low) < 0.5:
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                continue
            if all(char.isprintable() or char in "\r\n\t" for char in text[:2048]):
                return name
    return None


def russian_score(text: str) -> float:
    """Mean plausibility per Cyrillic letter of ``text`` read as Russian (higher is better).

    Letter frequencies plus case: a capital inside a lower-case word (what koi8-r read as
    cp1251 looks like) costs; so do characters that Russian text does not use.
    """
    total = 0.0
    letters = 0
    previous = ""
    for char in text:
        lower = char.lower()
        if lower in _LOG_FREQ:
            letters += 1
            total += _LOG_FREQ[lower]
            if char != lower and previous.isalpha():
                # Capitals inside words: rare in Russian, common in mis-decoded koi8-r/cp1251.
                total -= 4.0 if previous == previous.lower() else 0.5
        elif char.isalpha():
            total -= 3.0 if ord(char) > 0x7F else 0.0
        elif ord(char) > 0x7F and not char.isspace() and char not in "«»—–…№©®°§„“”‘’·•€":
            total -= 6.0
        previous = char
    if letters == 0:
        return -math.inf
    return total / letters


def _cyrillic_letters(text: str) -> int:
    return sum(1 for char in text if char.lower() in _LOG_FREQ)


def _cyrillic_share(text: str) -> float:
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for char in letters if "а" <= char.lower() <= "я" or char in "ёЁ") / len(letters)


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken bytes (a truncated or patched file): decode with replacement."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    multibyte = sum(1 for char in text if ord(char) > 0x7F) - broken
    if multibyte >= 20 and broken <= multibyte // 100 + 1:
        return text
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``.

    Raises :class:`DecodeError` for binary content or a broken byte-order-marked file.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                reason = f"starts with a {name} byte-order mark but is not {name}"
                raise DecodeError(reason) from exc
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return data.decode(utf16), utf16
    if looks_binary(data):
        raise DecodeError("binary content, not text (control bytes found)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly, "utf-8 (invalid bytes replaced)"
    best: tuple[float, str, str] | None = None
    for codec, prior in _SINGLE_BYTE:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _cyrillic_share(text) < 0.3:
            continue
        score = russian_score(text) - prior
        if best is None or score > best[0]:
            best = (score, text, _NAMES[codec])
    if best is not None:
        if russian_score(best[1]) < _GIBBERISH and _cyrillic_letters(best[1]) >= 10:
            raise DecodeError(
                "the encoding cannot be determined: the bytes are not UTF-8 and read as "
                "gibberish in every Cyrillic code page (cp1251, koi8-r, cp866, iso8859-5, "
                "mac-cyrillic); re-save the file as UTF-8")
        return best[1], best[2]
    # No Cyrillic letters in any reading: the code page Russian sites use, else Latin-1.
    try:
        return data.decode("cp1251"), "cp1251"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def decode_or_fail(data: bytes, *, doc_id: str, path: str,
                   decoder: Callable[[bytes], tuple[str, str]] = decode_bytes,
                   ) -> tuple[str, str] | ReadFailure:
    """Decoded ``(text, encoding)``, or the failure explaining why there is nothing to read."""
    if not data:
        return ReadFailure(path=path, reason="empty file: nothing to annotate", id=doc_id)
    try:
        text, encoding = decoder(data)
    except DecodeError as exc:
        return ReadFailure(path=path, reason=f"cannot decode the file: {exc}", id=doc_id)
    if not text.strip():
        return ReadFailure(path=path, reason="file holds only whitespace: nothing to annotate",
                           id=doc_id)
    return text, encoding
