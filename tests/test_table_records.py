"""``nlp-extract report`` and ``nlp-extract export`` on the tables of ``annotate --format
parquet|csv``: the records are rebuilt from the tables (:mod:`nlp_extract.corpus.table_records`)
and give the same report data and the same export files as the JSON records of the same corpus.

Real runs of the installed command: the sample articles, factRuEval texts, news items with
dates, outlets and urls (JSONL), and a binary file that fails."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from report_corpus import SCRIPT, embedded, make_inputs, report

from nlp_extract.corpus.table_records import TableRecordsError, read_table_records

from conftest import DATA, sample_corpus

pytest.importorskip("pyarrow.parquet")

FACTRU = ("book_100", "book_105", "book_115")
TABLES = ("parquet", "csv")


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), *map(str, args)], capture_output=True, text=True,
                          timeout=600)


def annotate(corpus: Path, out: Path, fmt: str, expected: int) -> Path:
    extra = ("--shard-size", "3") if fmt in TABLES else ()
    done = cli("annotate", corpus, "--out", out, "--format", fmt, "--no-progress",
               "--workers", "1", *extra)
    assert done.returncode == expected, done.stderr
    return out


@pytest.fixture(scope="module")
def news_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Samples, news items (JSONL) and a failing file, plus two factRuEval texts in a
    sub-folder; tables in shards of 3."""
    folder = tmp_path_factory.mktemp("table-records")
    corpus = make_inputs(folder)
    (corpus / "factru").mkdir()
    for name in FACTRU[:2]:
        shutil.copy(DATA / "factru-dev" / f"{name}.txt", corpus / "factru" / f"{name}.txt")
    return {fmt: annotate(corpus, folder / f"out-{fmt}", fmt, 1)
            for fmt in ("jsonl", *TABLES)}


@pytest.fixture(scope="module")
def text_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Plain texts at the top of the input, so a json run's files sort in the run's order."""
    folder = tmp_path_factory.mktemp("table-export")
    corpus = sample_corpus(folder / "corpus", FACTRU)
    return {fmt: annotate(corpus, folder / f"out-{fmt}", fmt, 0)
            for fmt in ("json", "jsonl", *TABLES)}


def jsonl_records(run: Path) -> list[dict[str, Any]]:
    lines = (run / "annotations.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines]


def manifest(run: Path) -> dict[str, Any]:
    return json.loads((run / "manifest.json").read_text("utf-8"))


@pytest.mark.parametrize("fmt", TABLES)
def test_records_rebuilt_from_tables_equal_the_json_records_but_tokens(
        news_runs: dict[str, Path], fmt: str) -> None:
    expected = jsonl_records(news_runs["jsonl"])
    rebuilt = list(read_table_records(news_runs[fmt], fmt, manifest(news_runs[fmt])))
    assert [r["id"] for r in rebuilt] == [r["id"] for r in expected]
    assert len(rebuilt) == 12  # 2 samples, 8 news items, 2 factRuEval texts
    assert {len(list((news_runs[fmt] / "mentions").iterdir()))} == {4}  # shards of 3
    for found, record in zip(rebuilt, expected, strict=True):
        assert record.pop("tokens")
        assert "tokens" not in found
        assert found == record, record["id"]
    news = next(r for r in rebuilt if r["meta"].get("reader") == "jsonl")
    assert news["meta"]["extra"]["outlet"] and news["meta"]["url"].startswith("http")
    assert any(m["core"] for r in rebuilt for m in r["mentions"])
    assert any(e["geo"] and e["geo"]["iso"] == "RU-SVE" for r in rebuilt for e in r["entities"])


@pytest.mark.parametrize("fmt", TABLES)
def test_report_from_tables_embeds_the_same_data_as_from_jsonl(
        news_runs: dict[str, Path], fmt: str, tmp_path: Path) -> None:
    pages = {}
    for name in ("jsonl", fmt):
        done = report(news_runs[name], "--output", str(tmp_path / f"{name}.html"))
        assert done.returncode == 0, done.stderr
        assert "report of 12 article(s) (1 failed input(s)" in done.stdout
        assert done.stderr == ""
        pages[name] = embedded((tmp_path / f"{name}.html").read_text("utf-8"), "report-data")
    assert pages[fmt]["summary"].pop("format") == fmt
    assert pages["jsonl"]["summary"].pop("format") == "jsonl"
    assert pages[fmt] == pages["jsonl"]
    assert len(pages[fmt]["outlets"]) >= 3 and pages[fmt]["entities"]
    assert any(e["examples"] for e in pages[fmt]["entities"])


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("target", ["brat", "label-studio"])
@pytest.mark.parametrize("fmt", TABLES)
def test_export_from_tables_is_byte_identical_to_json_and_jsonl(
        text_runs: dict[str, Path], fmt: str, target: str, tmp_path: Path) -> None:
    exported = {}
    for name in ("json", "jsonl", fmt):
        done = cli("export", text_runs[name], "--to", target, tmp_path / name)
        assert done.returncode == 0, done.stderr
        assert f"exported {len(FACTRU) + 2} document(s)" in done.stdout
        exported[name] = tree(tmp_path / name)
    assert exported[fmt] == exported["json"] == exported["jsonl"]
    names = set(exported[fmt])
    assert ({"book_100.ann", "book_100.txt", "annotation.conf"} <= names if target == "brat"
            else names == {"tasks.json", "config.xml"})


@pytest.mark.parametrize("fmt", TABLES)
def test_conllu_from_tables_exits_2_naming_the_way_out(text_runs: dict[str, Path], fmt: str,
                                                       tmp_path: Path) -> None:
    done = cli("export", text_runs[fmt], "--to", "conllu", tmp_path / "conllu")
    assert done.returncode == 2
    assert f"--format {fmt} run keeps no tokens" in done.stderr
    assert "--to brat" in done.stderr and "--format json" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "conllu").exists() and list(tmp_path.iterdir()) == []


def copy_run(run: Path, target: Path) -> Path:
    shutil.copytree(run, target)
    return target


def test_tables_are_read_one_shard_at_a_time(news_runs: dict[str, Path], tmp_path: Path) -> None:
    """A damaged last shard stops the reading only when it is reached: the first shards'
    records have come out by then."""
    run = copy_run(news_runs["parquet"], tmp_path / "run")
    (run / "documents" / "documents-00003.parquet").write_bytes(b"PAR1 not a table PAR1")
    records = read_table_records(run, "parquet")
    first = [next(records)["id"] for _ in range(9)]
    assert first == [r["id"] for r in jsonl_records(news_runs["jsonl"])][:9]
    with pytest.raises(TableRecordsError, match="documents-00003.parquet: not a readable"):
        next(records)


def _missing_table(run: Path) -> str:
    (run / "mentions" / f"mentions-00001.{_suffix(run)}").unlink()
    return "mentions-00001"


def _damaged_parquet(run: Path) -> str:
    path = run / "entities" / "entities-00002.parquet"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return "not a readable Parquet table"


def _row_removed(run: Path) -> str:
    path = run / "mentions" / "mentions-00000.csv"
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows(rows[:3] + rows[4:])
    return "the tables do not line up"


def _suffix(run: Path) -> str:
    return "parquet" if any((run / "documents").glob("*.parquet")) else "csv"


@pytest.mark.parametrize(("fmt", "damage"), [("parquet", _missing_table),
                                             ("csv", _missing_table),
                                             ("parquet", _damaged_parquet),
                                             ("csv", _row_removed)])
def test_damaged_tables_exit_2_with_what_is_wrong(news_runs: dict[str, Path], tmp_path: Path,
                                                  fmt: str, damage: Any) -> None:
    run = copy_run(news_runs[fmt], tmp_path / "run")
    expected = damage(run)
    done = report(run, "--output", str(tmp_path / "page.html"))
    assert done.returncode == 2, done.stdout
    assert expected in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "page.html").exists()
    done = cli("export", run, "--to", "brat", tmp_path / "brat")
    assert done.returncode == 2, done.stdout
    assert expected in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "brat").exists()


@pytest.mark.parametrize("fmt", TABLES)
def test_a_run_without_tables_exits_2(tmp_path: Path, fmt: str) -> None:
    run = tmp_path / "run"
    run.mkdir()
    (run / "manifest.json").write_text(json.dumps({"config": {"format": fmt}}), "utf-8")
    done = report(run)
    assert done.returncode == 2 and f"--format {fmt} run but holds no" in done.stderr
    done = cli("export", run, "--to", "label-studio", tmp_path / "ls")
    assert done.returncode == 2 and f"--format {fmt} run with no {fmt} tables" in done.stderr
