"""A small real corpus for the report tests: the two sample articles, eight news-stories items
(JSONL with date, outlet and url) and one binary file that fails, annotated by the installed
`nlp-extract annotate`."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from conftest import DATA, SAMPLES

SCRIPT = Path(sys.executable).parent / "nlp-extract"
NEWS = DATA / "news-stories" / "news_8_noise3.csv"
NEWS_ROWS = range(0, 598, 75)  # 8 items of several outlets and months


def news_items() -> list[dict[str, str]]:
    with NEWS.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter=";"))
    items = []
    for number in NEWS_ROWS:
        row = rows[number]
        day, month, year = row["Дата"].split()[0].split(".")
        items.append({"id": row["ID сообщения"], "title": row["Заголовок"], "text": row["Текст"],
                      "published": f"{year}-{month}-{day}", "url": row["Url"],
                      "outlet": row["Источник"]})
    return items


def make_inputs(folder: Path) -> Path:
    corpus = folder / "corpus"
    corpus.mkdir(parents=True)
    for path in sorted(SAMPLES.glob("*.txt")):
        (corpus / path.name).write_bytes(path.read_bytes())
    with (corpus / "news.jsonl").open("w", encoding="utf-8") as stream:
        for item in news_items():
            stream.write(json.dumps(item, ensure_ascii=False) + "\n")
    (corpus / "broken.txt").write_bytes(bytes(range(256)) * 4)
    return corpus


def annotate(corpus: Path, out: Path, fmt: str) -> Path:
    done = subprocess.run([str(SCRIPT), "annotate", str(corpus), "--out", str(out), "--format",
                           fmt, "--no-progress", "--workers", "1"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr  # broken.txt fails, the rest is annotated
    return out


def report(out_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), "report", str(out_dir), *args], capture_output=True,
                          text=True, check=False)


def embedded(html: str, element_id: str) -> dict:
    start = html.index(f'<script type="application/json" id="{element_id}">')
    start = html.index(">", start) + 1
    return json.loads(html[start:html.index("</script>", start)])


def png_pixels(data: bytes) -> list[tuple[int, int, int]]:
    """The RGB pixels of an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes)."""
    import struct
    import zlib

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, [], b""
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0
    channels = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(b"".join(chunks)), width * channels
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc
                                      else corner)) & 255
        rows.append(line)
        previous = line
    return [(row[i], row[i + 1], row[i + 2]) for row in rows for i in range(0, stride, channels)]
