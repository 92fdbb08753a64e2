"""Corpus runs at scale (issue 6): workers, shards, Parquet, resume after kill -9, dask."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlp_extract.cli.app import app

from conftest import DATA, SAMPLES

runner = CliRunner()
SCRIPT = str(Path(sys.executable).parent / "nlp-extract")


def _corpus(root: Path, count: int) -> Path:
    corpus = root / "corpus"
    (corpus / "factru").mkdir(parents=True)
    for path in sorted((DATA / "factru-dev").glob("*.txt"))[:count]:
        shutil.copy(path, corpus / "factru" / path.name)
    for path in SAMPLES.glob("*.txt"):
        shutil.copy(path, corpus / path.name)
    (corpus / "empty.txt").write_bytes(b"")
    return corpus


def _files(out: Path) -> dict[str, bytes]:
    return {path.relative_to(out).as_posix(): path.read_bytes()
            for path in sorted(out.rglob("*")) if path.is_file()}


def _annotate(*args: str) -> None:
    result = runner.invoke(app, ["annotate", *args, "--no-progress"])
    assert result.exit_code in (0, 1), result.output


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _corpus(tmp_path_factory.mktemp("scale"), 12)


@pytest.fixture(scope="module")
def serial_jsonl(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("serial") / "out"
    _annotate(str(corpus), "--out", str(out), "--format", "jsonl", "--workers", "1",
              "--batch-size", "3")
    return out


def test_output_does_not_depend_on_workers(corpus: Path, serial_jsonl: Path,
                                           tmp_path: Path) -> None:
    out = tmp_path / "two"
    _annotate(str(corpus), "--out", str(out), "--format", "jsonl", "--workers", "2",
              "--batch-size", "2")
    assert _files(out) == _files(serial_jsonl)
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["complete"] and manifest["counts"]["done"] == 14


def test_shards_concatenate_to_the_single_file(corpus: Path, serial_jsonl: Path,
                                               tmp_path: Path) -> None:
    out = tmp_path / "shards"
    _annotate(str(corpus), "--out", str(out), "--format", "jsonl", "--shard-size", "4",
              "--workers", "1")
    shards = sorted(out.glob("annotations-*.jsonl"))
    assert [path.name for path in shards] == [f"annotations-0000{i}.jsonl" for i in range(4)]
    joined = b"".join(path.read_bytes() for path in shards)
    assert joined == (serial_jsonl / "annotations.jsonl").read_bytes()


def test_parquet_tables(corpus: Path, serial_jsonl: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "parquet"
    _annotate(str(corpus), "--out", str(out), "--format", "parquet", "--shard-size", "10",
              "--workers", "1")
    records = [json.loads(line) for line in
               (serial_jsonl / "annotations.jsonl").read_text("utf-8").splitlines()]

    def table(name: str):
        return pq.read_table(out / name)  # a table's folder reads as one table

    documents = table("documents")
    assert documents.column("doc_id").to_pylist() == [r["id"] for r in records]
    assert table("mentions").num_rows == sum(len(r["mentions"]) for r in records)
    entities = table("entities").to_pylist()
    assert {"doc_id", "entity_id", "name", "label", "geo_iso"} <= set(entities[0])
    assert len(sorted((out / "documents").glob("documents-*.parquet"))) == 2
    assert not list((out / ".nlp_extract").glob("shard-*.jsonl"))  # converted, removed


def _kill_after(args: list[str], ledger: Path, lines: int) -> None:
    process = subprocess.Popen([SCRIPT, "annotate", *args, "--no-progress"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if ledger.exists() and ledger.read_bytes().count(b"\n") >= lines:
            break
        time.sleep(0.01)
    assert process.poll() is None, "the run ended before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_resume_after_kill_is_byte_identical(tmp_path: Path, fmt: str) -> None:
    corpus = _corpus(tmp_path, 60)
    common = ["--format", fmt, "--shard-size", "7", "--workers", "1", "--batch-size", "1"]
    clean = tmp_path / "clean"
    _annotate(str(corpus), "--out", str(clean), *common)
    killed = tmp_path / "killed"
    ledger = killed / ".nlp_extract" / "ledger.jsonl"
    _kill_after([str(corpus), "--out", str(killed), *common], ledger, 20)
    partial = ledger.read_bytes().count(b"\n")
    assert 20 <= partial < 63
    manifest = json.loads((killed / "manifest.json").read_text("utf-8"))
    assert manifest["complete"] is False
    result = runner.invoke(app, ["annotate", str(corpus), "--out", str(killed), *common,
                                 "--resume", "--no-progress"])
    assert result.exit_code == 1  # the empty file
    assert "done before resuming" in result.output
    assert _files(killed) == _files(clean)
    ids = [json.loads(line)["id"] for line in ledger.read_text("utf-8").splitlines()]
    assert len(ids) == len(set(ids)) == 63


def test_resume_refuses_changed_inputs(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, 3)
    out = tmp_path / "out"
    _annotate(str(corpus), "--out", str(out), "--format", "jsonl", "--workers", "1")
    (corpus / "factru" / "book_100.txt").rename(corpus / "factru" / "zz.txt")
    result = runner.invoke(app, ["annotate", str(corpus), "--out", str(out), "--format",
                                 "jsonl", "--resume", "--workers", "1", "--no-progress"])
    assert result.exit_code == 2
    assert "inputs changed since the earlier run in this --out" in result.output
    assert "interrupted" not in result.output  # that run was complete


def test_dask_local_cluster_equals_local_run(corpus: Path, serial_jsonl: Path,
                                             tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        out = tmp_path / "dask"
        _annotate(str(corpus), "--out", str(out), "--format", "jsonl", "--dask",
                  cluster.scheduler_address, "--batch-size", "3")
    assert _files(out) == _files(serial_jsonl)


def test_a_long_run_on_text_is_tagged_in_pieces(extractor) -> None:
    text = "жители Тюмени и Екатеринбурга " * 3000  # 90k characters, no sentence end
    record = extractor.extract(text).to_dict()
    assert len(record["tokens"]) == 12000
    assert all(text[m["start"]:m["end"]] == m["text"] for m in record["mentions"])
    assert sum(m["normal"] == "Тюмень" for m in record["mentions"]) >= 2900
