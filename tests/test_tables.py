"""``nlp-extract annotate --format parquet|csv``: one folder per table, typed columns, every
field of the JSON records, readable with one ``pd.read_parquet(folder)``.

Real runs of the installed command on the sample articles, some factRuEval texts and a JSONL
file with its own ids, dates, a URL and an extra field; the tables are checked column by
column against a golden table of names and types, and value by value against the JSON records
of a run on the same corpus."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, SAMPLES, read_table

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

SCRIPT = str(Path(sys.executable).parent / "nlp-extract")
TABLES = ["documents", "mentions", "entities", "topics", "keyphrases", "dates", "money"]

# table | column | Arrow type (the golden data dictionary; README lists the same)
GOLDEN_COLUMNS = read_table("""
documents | doc_id | string
documents | record_id | string
documents | schema_version | string
documents | title | string
documents | published | timestamp[ms]
documents | published_date | date32[day]
documents | published_iso | string
documents | outlet | string
documents | url | string
documents | title_source | string
documents | published_source | string
documents | outlet_source | string
documents | url_source | string
documents | reader | string
documents | encoding | string
documents | line | int64
documents | meta_other | string
documents | source_path | string
documents | source_sha256 | string
documents | n_chars | int64
documents | n_sentences | int64
documents | n_tokens | int64
documents | n_mentions | int64
documents | n_entities | int64
documents | n_topics | int64
documents | n_keyphrases | int64
documents | n_dates | int64
documents | n_money | int64
documents | sentences | list<element: struct<start: int64, end: int64>>
documents | parts | list<element: struct<kind: string, text: string, start: int64, end: int64>>
documents | text | string
mentions | doc_id | string
mentions | record_id | string
mentions | mention_id | string
mentions | entity_id | string
mentions | start | int64
mentions | end | int64
mentions | text | string
mentions | label | string
mentions | normal | string
mentions | derived | bool
mentions | descriptive | bool
mentions | core_start | int64
mentions | core_end | int64
mentions | core_text | string
mentions | source_start | int64
mentions | source_end | int64
entities | doc_id | string
entities | record_id | string
entities | entity_id | string
entities | key | string
entities | label | string
entities | name | string
entities | count | int64
entities | aliases | list<element: string>
entities | descriptive | bool
entities | geo_iso | string
entities | geo_kind | string
entities | geo_name | string
entities | geo_region | string
topics | doc_id | string
topics | record_id | string
topics | topic_id | string
topics | rank | int64
topics | label | string
topics | score | double
topics | source | string
topics | evidence | list<element: struct<cue: string, start: int64, end: int64>>
keyphrases | doc_id | string
keyphrases | record_id | string
keyphrases | rank | int64
keyphrases | text | string
keyphrases | normal | string
keyphrases | score | double
dates | doc_id | string
dates | record_id | string
dates | start | int64
dates | end | int64
dates | text | string
dates | kind | string
dates | value | string
dates | resolved | bool
dates | value_start | string
dates | value_end | string
dates | first_day | date32[day]
dates | last_day | date32[day]
money | doc_id | string
money | record_id | string
money | start | int64
money | end | int64
money | text | string
money | value | double
money | currency | string
money | min | double
money | max | double
""")

JSONL_LINES = [
    {"id": "r-1", "title": "Бюджет Тюмени",
     "text": "Дума Тюмени утвердила бюджет на 2021—2024 годы. На ремонт дорог выделят от 60 до "
             "62 млн рублей, сообщил мэр Руслан Кухарук.",
     "published": "2024-07-25T18:33:00+05:00", "url": "https://example.ru/1", "rubric": "город"},
    {"id": 7, "text": "Сергей Лавров встретился с Энтони Блинкеном в Женеве 14—15 сентября.",
     "published": "2023-09-16"},
]


def annotate(*args: str) -> None:
    done = subprocess.run([SCRIPT, "annotate", *args, "--no-progress", "--workers", "1"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tables") / "corpus"
    (root / "factru").mkdir(parents=True)
    for sample in SAMPLES.glob("*.txt"):
        shutil.copy(sample, root / sample.name)
    for path in sorted((DATA / "factru-dev").glob("*.txt"))[:5]:
        shutil.copy(path, root / "factru" / path.name)
    (root / "feed.jsonl").write_text(
        "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in JSONL_LINES), "utf-8")
    return root


@pytest.fixture(scope="module")
def runs(corpus: Path) -> dict[str, Path]:
    """The same corpus as JSONL records, Parquet tables (shards of 4) and CSV tables."""
    out = corpus.parent
    annotate(str(corpus), "--out", str(out / "jsonl"), "--format", "jsonl")
    annotate(str(corpus), "--out", str(out / "parquet"), "--format", "parquet",
             "--shard-size", "4")
    annotate(str(corpus), "--out", str(out / "csv"), "--format", "csv", "--shard-size", "4")
    return {name: out / name for name in ("jsonl", "parquet", "csv")}


@pytest.fixture(scope="module")
def records(runs: dict[str, Path]) -> list[dict[str, Any]]:
    text = (runs["jsonl"] / "annotations.jsonl").read_text("utf-8")
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture(scope="module")
def frames(runs: dict[str, Path]) -> dict[str, Any]:
    return {name: pd.read_parquet(runs["parquet"] / name) for name in TABLES}


def test_one_folder_per_table_and_nothing_else_at_the_top(runs: dict[str, Path]) -> None:
    top = sorted(path.name for path in runs["parquet"].iterdir())
    assert top == sorted([".nlp_extract", *TABLES, "errors.jsonl", "manifest.json"])
    for name in TABLES:  # 9 articles in shards of 4
        assert sorted(path.name for path in (runs["parquet"] / name).iterdir()) == \
            [f"{name}-0000{i}.parquet" for i in range(3)]
    manifest = json.loads((runs["parquet"] / "manifest.json").read_text("utf-8"))
    assert manifest["outputs"]["entities"] == [f"entities/entities-0000{i}.parquet"
                                               for i in range(3)]


def test_columns_and_types_match_the_golden_table(runs: dict[str, Path]) -> None:
    found = [[table, field.name, str(field.type)] for table in TABLES
             for field in pq.read_schema(next((runs["parquet"] / table).iterdir()))]
    assert found == GOLDEN_COLUMNS


def test_each_folder_reads_with_pandas_typed(frames: dict[str, Any],
                                             records: list[dict[str, Any]]) -> None:
    documents = frames["documents"]
    assert documents["doc_id"].tolist() == [record["id"] for record in records]
    assert pd.api.types.is_datetime64_any_dtype(documents["published"])
    for table, column in (("mentions", "derived"), ("mentions", "descriptive"),
                          ("entities", "descriptive"), ("dates", "resolved")):
        assert pd.api.types.is_bool_dtype(frames[table][column]), (table, column)
    assert all(isinstance(list(aliases), list) for aliases in frames["entities"]["aliases"])
    for table in TABLES:  # no bare `id`: joins and flattening never clash on it
        assert "id" not in frames[table].columns
    joined = frames["mentions"].merge(frames["entities"], on=["doc_id", "entity_id"],
                                      suffixes=("", "_entity"))
    assert len(joined) == len(frames["mentions"])


def test_documents_keep_the_inputs_own_id_and_a_typed_date(frames: dict[str, Any]) -> None:
    documents = frames["documents"].set_index("doc_id")
    first, second = documents.loc["feed/r-1"], documents.loc["feed/7"]
    assert first["record_id"] == "r-1" and second["record_id"] == "7"
    assert first["published"] == pd.Timestamp("2024-07-25 18:33:00")  # wall-clock time
    assert first["published_iso"] == "2024-07-25T18:33:00+05:00"
    assert first["published_date"] == date(2024, 7, 25)
    assert second["published"] == pd.Timestamp("2023-09-16")  # a date alone: its midnight
    assert json.loads(first["meta_other"]) == {"extra": {"rubric": "город"}}
    assert first["url"] == "https://example.ru/1" and first["url_source"] == "input"
    assert first["line"] == 1 and second["line"] == 2
    for table in TABLES[1:]:  # the input's id in every table
        rows = frames[table][frames[table]["doc_id"] == "feed/r-1"]
        assert set(rows["record_id"]) <= {"r-1"}
    assert frames["money"][frames["money"]["doc_id"] == "feed/r-1"]["record_id"].tolist() \
        == ["r-1"]


def _rows(frame: Any) -> list[dict[str, Any]]:
    return [{key: _plain(value) for key, value in row.items()}
            for row in frame.to_dict("records")]


def _plain(value: Any) -> Any:
    """pandas' cell values as JSON-like values (NaN → None, arrays → lists)."""
    if hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, float) and value != value:
        return None
    return value


def test_entities_hold_every_field_of_the_json(frames: dict[str, Any],
                                               records: list[dict[str, Any]]) -> None:
    table = {(row["doc_id"], row["entity_id"]): row for row in _rows(frames["entities"])}
    expected = 0
    for record in records:
        for entity in record["entities"]:
            row = table[(record["id"], entity["id"])]
            geo = entity["geo"] or {}
            assert row["key"] == entity["key"] and row["name"] == entity["name"]
            assert (row["label"], row["count"], row["descriptive"]) == \
                (entity["label"], entity["count"], entity["descriptive"])
            assert row["aliases"] == entity["aliases"]
            assert [row[f"geo_{name}"] for name in ("iso", "kind", "name", "region")] == \
                [geo.get(name) for name in ("iso", "kind", "name", "region")]
            expected += 1
    assert expected == len(table) > 40
    keys = {row["key"] for row in table.values()}
    assert {"loc:RU-SVE", "loc:city:Тюмень", "per:Сергей Лавров"} <= keys
    region = [row for row in table.values() if row["key"] == "loc:city:Тюмень"][0]
    assert (region["geo_name"], region["geo_region"]) == ("Тюмень", "Тюменская область")


def test_mentions_hold_core_descriptive_and_derived(frames: dict[str, Any],
                                                    records: list[dict[str, Any]]) -> None:
    rows = _rows(frames["mentions"])
    expected = []
    for record in records:
        for index, mention in enumerate(record["mentions"], start=1):
            core = mention["core"] or {}
            expected.append({
                "doc_id": record["id"], "record_id": record["meta"].get("record_id"),
                "mention_id": f"m{index}", "entity_id": mention["entity"],
                "start": mention["start"], "end": mention["end"], "text": mention["text"],
                "label": mention["label"], "normal": mention["normal"],
                "derived": mention["derived"], "descriptive": mention["descriptive"],
                "core_start": core.get("start"), "core_end": core.get("end"),
                "core_text": record["text"][core["start"]:core["end"]] if core else None,
                "source_start": mention["source_start"], "source_end": mention["source_end"]})
    for row in expected:
        if row["record_id"] is not None:
            row["record_id"] = str(row["record_id"])
    assert rows == expected
    assert any(row["core_text"] for row in rows) and any(row["derived"] for row in rows)
    assert any(row["descriptive"] for row in rows)


def test_topics_keyphrases_dates_and_money_match_the_json(
        frames: dict[str, Any], records: list[dict[str, Any]]) -> None:
    topics = [(row["doc_id"], row["topic_id"], row["rank"], row["label"], row["score"],
               row["source"], row["evidence"]) for row in _rows(frames["topics"])]
    assert topics == [(record["id"], topic["id"], rank, topic["label"], topic["score"],
                       topic["source"], topic["evidence"])
                      for record in records
                      for rank, topic in enumerate(record["topics"], start=1)]
    keyphrases = [(row["doc_id"], row["rank"], row["text"], row["normal"], row["score"])
                  for row in _rows(frames["keyphrases"])]
    assert keyphrases == [(record["id"], rank, item["text"], item["normal"], item["score"])
                          for record in records
                          for rank, item in enumerate(record["keyphrases"], start=1)]
    dates = [(row["doc_id"], row["start"], row["end"], row["text"], row["kind"], row["value"],
              row["resolved"]) for row in _rows(frames["dates"])]
    assert dates == [(record["id"], item["start"], item["end"], item["text"], item["kind"],
                      item["value"], item["resolved"])
                     for record in records for item in record["dates"]]
    money = [(row["doc_id"], row["text"], row["value"], row["currency"], row["min"],
              row["max"]) for row in _rows(frames["money"])]
    assert money == [(record["id"], item["text"], item["value"], item["currency"],
                      item.get("min"), item.get("max"))
                     for record in records for item in record["money"]]
    assert ("feed/r-1", "от 60 до 62 млн рублей", 62e6, "RUB", 60e6, 62e6) in money


def test_date_ranges_have_both_ends_and_the_days_they_cover(frames: dict[str, Any]) -> None:
    rows = {(row["doc_id"], row["value"]): row for row in _rows(frames["dates"])}
    years = rows[("feed/r-1", "2021/2024")]
    assert (years["value_start"], years["value_end"]) == ("2021", "2024")
    assert (years["first_day"], years["last_day"]) == (date(2021, 1, 1), date(2024, 12, 31))
    days = rows[("feed/7", "2023-09-14/2023-09-15")]
    assert (days["first_day"], days["last_day"]) == (date(2023, 9, 14), date(2023, 9, 15))
    no_year = [row for row in rows.values() if row["value"].startswith("--")]
    assert no_year and all(row["first_day"] is None for row in no_year)


def test_csv_tables_hold_the_same_rows(runs: dict[str, Path], frames: dict[str, Any]) -> None:
    for name in TABLES:
        files = sorted((runs["csv"] / name).glob(f"{name}-*.csv"))
        assert len(files) == 3
        table = pd.concat([pd.read_csv(path, keep_default_na=False, dtype=str)
                           for path in files])
        assert list(table.columns) == list(frames[name].columns)
        assert table["doc_id"].tolist() == frames[name]["doc_id"].tolist()
    entities = pd.read_csv(runs["csv"] / "entities" / "entities-00000.csv",
                           keep_default_na=False)
    parquet = frames["entities"].head(len(entities))
    assert [json.loads(value) for value in entities["aliases"]] == \
        [list(value) for value in parquet["aliases"]]
    documents = pd.concat([pd.read_csv(path, keep_default_na=False) for path in
                           sorted((runs["csv"] / "documents").glob("*.csv"))])
    published = dict(zip(documents["doc_id"], documents["published"], strict=True))
    assert datetime.fromisoformat(published["feed/r-1"]) == datetime(2024, 7, 25, 18, 33)


def test_tables_are_byte_identical_across_runs(runs: dict[str, Path], corpus: Path) -> None:
    again = corpus.parent / "parquet-again"
    annotate(str(corpus), "--out", str(again), "--format", "parquet", "--shard-size", "4")
    for name in TABLES:
        for path in sorted((runs["parquet"] / name).iterdir()):
            assert (again / name / path.name).read_bytes() == path.read_bytes(), path


def test_the_readme_data_dictionary_is_the_one_the_tables_are_made_from() -> None:
    from nlp_extract.corpus.tables import data_dictionary

    from conftest import ROOT

    assert data_dictionary() in (ROOT / "README.md").read_text("utf-8")
