"""Bytes to text: the encoding is detected from the bytes, never from the locale."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can determine."""


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control characters that never occur in a text file, whatever the encoding.
_BINARY_BYTES = frozenset(range(0, 9)) | {11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
                                          27, 28, 29, 30, 31}


def looks_binary(data: bytes) -> bool:
    """True when the bytes hold control characters that text files do not contain."""
    sample = data[:8192]
    if not sample:
        return False
    bad = sum(1 for byte in sample if byte in _BINARY_BYTES)
    return bad / len(sample) > 0.01


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``.

    BOMs win; then strict UTF-8; then charset detection restricted to what Russian sites use.
    Raises :class:`DecodeError` for binary content or undeterminable encodings.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise DecodeError(f"starts with a {name} byte-order mark but is not {name}") from exc
    if looks_binary(data):
        raise DecodeError("binary content, not text (control bytes found)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=["cp1251", "koi8_r", "utf_16", "mac_cyrillic", "cp866",
                                          "iso8859_5"]).best()
    if best is None:
        raise DecodeError("cannot determine the text encoding")
    return str(best), best.encoding
