"""Bytes to text: the encoding is detected from the bytes, never from the locale.

Order: byte-order marks; UTF-16 without a BOM (told by its 0x00/0x04 high bytes); binary content is
refused; strict UTF-8; then the single-byte Cyrillic encodings Russian sites use (cp1251,
koi8-r, cp866, iso8859-5, mac-cyrillic) scored by Russian letter frequencies, letter case and
typography, which separates cp1251 from koi8-r even on a few words, and cp1251 from
mac-cyrillic (they share the lower-case letters а-ю; mac-cyrillic has its capitals where
cp1251 has punctuation, and «я» where cp1251 has «Я»: read the wrong way, capitals become
dashes, quotes and Serbian letters glued to words and «я» a capital inside words); text without
any Cyrillic reading falls back to cp1251 (or Latin-1 for bytes cp1251 does not define). Bytes
that read as gibberish in every Cyrillic code page are refused: their encoding cannot be
determined.

Detection scores a bounded sample of the bytes (start, middle and end), so its cost does not
grow with the file; the bytes are then decoded once, in the winning encoding.
"""

from __future__ import annotations

import codecs
import math
from collections.abc import Callable
from dataclasses import dataclass

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

# How the text after each mark is decoded (to check the mark tells the truth).
_BOM_CODECS = {codecs.BOM_UTF8: "utf-8", codecs.BOM_UTF32_LE: "utf-32-le",
               codecs.BOM_UTF32_BE: "utf-32-be", codecs.BOM_UTF16_LE: "utf-16-le",
               codecs.BOM_UTF16_BE: "utf-16-be"}

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
GIBBERISH = -5.2
# Detection scores at most this many bytes of a file (its start, middle and end).
_SAMPLE_BYTES = 32768

# Typography Russian text uses; other non-ASCII symbols cost.
_TYPOGRAPHY = frozenset("«»—–…№©®°§„“”‘’·•€")
# ... but not glued to a Cyrillic letter on that side (what capitals of mac-cyrillic read as
# cp1251, and capitals and «я» of cp1251 read as mac-cyrillic, look like: «…сли», «мо€»).
_NO_LETTER_AFTER = frozenset("»—–…№©®°§·•€")
_NO_LETTER_BEFORE = frozenset("«„—–№©®°§·•€")
# A no-break space or a quote that English uses opening a word in lower case («\xa0осмос»,
# «‘ледующее»: К and С of cp1251 read as mac-cyrillic and of mac-cyrillic read as cp1251).
_QUOTES = frozenset("‘’“”")
_GLUED = 4.0
_SYMBOL = math.log(0.03)

# Single-byte candidates with a small preference (per letter) for the common ones.
_SINGLE_BYTE = (("cp1251", 0.0), ("koi8_r", 0.05), ("mac_cyrillic", 0.05), ("cp866", 0.5),
                ("iso8859_5", 1.0))
_NAMES = {"cp1251": "cp1251", "koi8_r": "koi8-r", "cp866": "cp866", "iso8859_5": "iso8859-5",
          "mac_cyrillic": "mac-cyrillic"}


def looks_binary(data: bytes) -> bool:
    """True when the bytes hold control characters that text files do not contain."""
    sample = data[:8192]
    if not sample:
        return False
    bad = len(sample) - len(sample.translate(None, _BINARY_BYTES))
    return bad / len(sample) > 0.01


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """('utf-16-le' or 'utf-16-be', text) when every other byte is mostly 0x00 or 0x04
    (Latin/Cyrillic)."""
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
                return name, text
    return None


def russian_score(text: str) -> float:
    """Mean plausibility per Cyrillic letter of ``text`` read as Russian (higher is better).

    Letter frequencies plus case: a capital inside a lower-case word (what koi8-r read as
    cp1251 looks like) costs; so do characters that Russian text does not use, and dashes,
    closing quotes and symbols glued to a Cyrillic letter (what mac-cyrillic read as cp1251
    looks like, and the other way round).
    """
    total = 0.0
    letters = 0
    before = previous = ""
    for char in text:
        lower = char.lower()
        if lower in _LOG_FREQ:
            letters += 1
            total += _LOG_FREQ[lower]
            if char != lower and previous.isalpha():
                # Capitals inside words: rare in Russian, common in mis-decoded koi8-r/cp1251.
                total -= 4.0 if previous == previous.lower() else 0.5
            elif previous in _NO_LETTER_AFTER or (char == lower and (
                    (previous in _QUOTES and not before.isalnum())
                    or (previous == "\xa0" and (not before or before.isspace())))):
                total -= _GLUED
            elif previous.isalpha() and ord(previous) > 0x7F and previous.lower() not in _LOG_FREQ:
                total -= _GLUED  # a non-Russian letter heading a Russian word («Ћколо»)
        elif char.isalpha():
            if ord(char) > 0x7F:
                total -= 3.0 + (_GLUED if previous.lower() in _LOG_FREQ else 0.0)
        elif ord(char) > 0x7F and not char.isspace():
            if char not in _TYPOGRAPHY:
                total -= 6.0
            else:
                # weighs like a letter, so that a reading turning letters into
                # punctuation gains nothing by it
                letters += 1
                total += _SYMBOL
                if char in _NO_LETTER_BEFORE and previous.lower() in _LOG_FREQ:
                    total -= _GLUED
        before, previous = previous, char
    if letters == 0:
        return -math.inf
    # «» come in pairs (З and И of cp1251 read as mac-cyrillic do not)
    total -= _GLUED * abs(text.count("«") - text.count("»"))
    return total / letters


def _cyrillic_letters(text: str) -> int:
    return sum(1 for char in text if char.lower() in _LOG_FREQ)


def _cyrillic_share(text: str) -> float:
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for char in letters if "а" <= char.lower() <= "я" or char in "ёЁ") / len(letters)


def _sample(data: bytes) -> bytes:
    """What detection scores: all of a short text; the start, middle and end of a long one
    (a cut splits no character of a single-byte encoding)."""
    if len(data) <= _SAMPLE_BYTES:
        return data
    quarter = _SAMPLE_BYTES // 4
    middle = len(data) // 2
    return b"\n".join((data[:2 * quarter], data[middle - quarter // 2:middle + quarter // 2],
                       data[-quarter:]))


def _utf8_counts(text: str) -> tuple[int, int]:
    """(broken, multibyte): U+FFFD and other non-ASCII characters (counted in C)."""
    broken = text.count("\ufffd")
    return broken, len(text) - len(text.encode("ascii", "ignore")) - broken


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken bytes (a truncated or patched file): decode with replacement."""
    sample = _sample(data)
    if sample is not data:  # cheap refusal first: cuts of the sample break a few characters
        broken, multibyte = _utf8_counts(sample.decode("utf-8", errors="replace"))
        if multibyte < 20 or broken > multibyte // 20 + 6:
            return None
    text = data.decode("utf-8", errors="replace")
    broken, multibyte = _utf8_counts(text)
    if multibyte >= 20 and broken <= multibyte // 100 + 1:
        return text
    return None


def _single_byte_ranking(sample: bytes) -> list[str]:
    """Single-byte codecs with a Cyrillic reading of ``sample``, best first.

    Raises :class:`DecodeError` when even the best reads as gibberish."""
    scored: list[tuple[float, int, str, str]] = []
    for rank, (codec, prior) in enumerate(_SINGLE_BYTE):
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        if _cyrillic_share(text) < 0.3:
            continue
        scored.append((russian_score(text) - prior, -rank, codec, text))
    scored.sort(reverse=True)
    if scored:
        best = scored[0][3]
        if russian_score(best) < GIBBERISH and _cyrillic_letters(best) >= 10:
            raise DecodeError(
                "the encoding cannot be determined: the bytes are not UTF-8 and read as "
                "gibberish in every Cyrillic code page (cp1251, koi8-r, cp866, iso8859-5, "
                "mac-cyrillic); re-save the file as UTF-8")
    return [codec for _score, _rank, codec, _text in scored]


@dataclass(frozen=True)
class _Detected:
    codec: str  # what to decode with
    encoding: str  # what meta.encoding says
    text: str | None = None  # when telling already meant decoding it all (UTF-8, UTF-16)


def text_sample(text: str, size: int = _SAMPLE_BYTES) -> str:
    """The start, middle and end of a long decoded text (all of a short one), for scoring."""
    if len(text) <= size:
        return text
    quarter = size // 4
    middle = len(text) // 2
    return "\n".join((text[:2 * quarter], text[middle - quarter // 2:middle + quarter // 2],
                      text[-quarter:]))


def reads_as_russian(text: str) -> bool:
    """Whether ``text`` (a sample of it) holds enough Cyrillic letters (10) that read as Russian,
    not as gibberish, for :func:`russian_score`."""
    score = reading_score(text)
    return score is not None and score >= GIBBERISH


def reading_score(text: str) -> float | None:
    """:func:`russian_score` of (a sample of) ``text``; None with fewer than 10 Cyrillic
    letters, too few to judge. Below :data:`GIBBERISH` the text reads as no Russian."""
    sample = text_sample(text)
    return russian_score(sample) if _cyrillic_letters(sample) >= 10 else None


# Characters a UTF-16 text in a European language is made of: Latin, Cyrillic, general
# punctuation, currency and letterlike symbols. UTF-8 bytes read as UTF-16 are CJK ideographs,
# Hangul and private use characters instead.
def _usual_share(text: str) -> float:
    if not text:
        return 1.0
    usual = sum(1 for char in text if ord(char) < 0x0530 or 0x2000 <= ord(char) < 0x2200)
    return usual / len(text)


def _bom_contradicted(data: bytes, bom: bytes, name: str) -> _Detected | None:
    """What the bytes after a byte-order mark are, when the mark lies: they do not read as its
    encoding (or, for UTF-16 and UTF-32, read as anything but European text) while without the
    mark they read as Russian. None: the mark is believed."""
    sample = data[len(bom):len(bom) + _SAMPLE_BYTES]
    try:  # a character the sample cuts at its end is no error
        marked = codecs.getincrementaldecoder(_BOM_CODECS[bom])().decode(sample, final=False)
    except UnicodeDecodeError:
        marked = None
    if marked is not None and (name == "utf-8-sig" or _usual_share(marked) >= 0.5):
        return None
    try:
        found = _detect(data[len(bom):], boms=False)
    except DecodeError:
        return None
    text = found.text if found.text is not None else _decoded_or_none(data[len(bom):],
                                                                       found.codec)
    if text is None or not reads_as_russian(text):
        return None
    note = f"{found.encoding} (a false {name.removesuffix('-sig')} byte-order mark ignored)"
    return _Detected(found.codec, note, text)


def _decoded_or_none(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _detect(data: bytes, *, boms: bool = True) -> _Detected:
    for bom, name in _BOMS if boms else ():
        if data.startswith(bom):
            return _bom_contradicted(data, bom, name) or _Detected(name, name)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _Detected(utf16[0], utf16[0], utf16[1])
    if looks_binary(data):
        raise DecodeError("binary content, not text (control bytes found)")
    try:
        return _Detected("utf-8", "utf-8", data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return _Detected("utf-8", "utf-8 (invalid bytes replaced)", mostly)
    for codec in _single_byte_ranking(_sample(data)):
        if _defines_all(data, codec):  # the sample may miss a byte the codec lacks
            return _Detected(codec, _NAMES[codec])
    # No Cyrillic letters in any reading: the code page Russian sites use, else Latin-1.
    if _defines_all(data, "cp1251"):
        return _Detected("cp1251", "cp1251")
    return _Detected("latin-1", "latin-1")


_UNDEFINED: dict[str, bytes] = {}


def _defines_all(data: bytes, codec: str) -> bool:
    """Whether every byte of ``data`` stands for a character in the single-byte ``codec``
    (cp1251 leaves 0x98 undefined), checked in C without decoding."""
    if codec not in _UNDEFINED:
        _UNDEFINED[codec] = bytes(byte for byte in range(256)
                                  if not _decodes(bytes([byte]), codec))
    undefined = _UNDEFINED[codec]
    return not undefined or len(data.translate(None, undefined)) == len(data)


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``.

    Raises :class:`DecodeError` for binary content, a broken byte-order-marked file or bytes
    whose encoding cannot be determined.
    """
    detected = _detect(data)
    if detected.text is not None:
        return detected.text, detected.encoding
    try:
        return data.decode(detected.codec), detected.encoding
    except UnicodeDecodeError as exc:  # only a byte-order mark can promise what is not there
        name = detected.encoding
        raise DecodeError(f"starts with a {name} byte-order mark but is not {name}") from exc


def decoded_length(data: bytes) -> int:
    """``len(decode_bytes(data)[0])``, without building the text of a single-byte file."""
    detected = _detect(data)
    if detected.text is not None:
        return len(detected.text)
    if detected.codec in _NAMES or detected.codec in ("cp1251", "latin-1"):
        return len(data)
    return len(decode_bytes(data)[0])


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
