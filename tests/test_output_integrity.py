"""Output integrity (issue 12): a batch run never duplicates, overwrites, tears or silently
loses a record. Each reproduction of the issue is a test; kills inside each write phase and a
property test of random kills and resumes check byte identity with one clean run.

A kill is simulated in-process: the patched step raises :class:`Killed` (a BaseException, as
SIGKILL gives no chance to clean up) and the run's clean-up is switched off, so what is on disk
is what ``kill -9`` at that point leaves. Real signals and kills are in test_run_trust.py.
"""

from __future__ import annotations

import csv
import errno
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from nlp_extract.cli.app import app
from nlp_extract.corpus import ledger as ledger_module
from nlp_extract.corpus import runner as runner_module
from nlp_extract.corpus import writers

from conftest import DATA, SAMPLES

runner = CliRunner()
SCRIPT = str(Path(sys.executable).parent / "nlp-extract")
FORMATS = {"json": [], "jsonl": ["--shard-size", "3"], "parquet": ["--shard-size", "3"],
           "csv": ["--shard-size", "3"]}


class Killed(BaseException):  # noqa: N818
    """A simulated kill -9."""


def run_cli(*args: str) -> tuple[int, str]:
    try:
        result = runner.invoke(app, ["annotate", *args, "--no-progress", "--workers", "1",
                                     "--batch-size", "2"])
    except Killed:
        return -9, ""
    return result.exit_code, result.output


def outputs(out: Path) -> dict[str, bytes]:
    """The files a researcher reads (records, tables, manifest, error log) and the ledger."""
    found = {}
    for path in sorted(out.rglob("*")):
        relative = path.relative_to(out).as_posix()
        if path.is_file() and (not relative.startswith(".nlp_extract/")
                               or relative == ".nlp_extract/ledger.jsonl"):
            found[relative] = path.read_bytes()
    return found


def record_ids(out: Path, fmt: str) -> list[str]:
    if fmt == "json":
        return sorted(json.loads(path.read_text("utf-8"))["id"] for path in out.rglob("*.json")
                      if path.name != "manifest.json" and ".nlp_extract" not in path.parts)
    if fmt == "jsonl":
        return sorted(json.loads(line)["id"] for path in sorted(out.glob("annotations*.jsonl"))
                      for line in path.read_text("utf-8").splitlines())
    if fmt == "csv":
        return sorted(row["doc_id"] for path in sorted(out.glob("documents/documents-*.csv"))
                      for row in csv.DictReader(path.open(encoding="utf-8", newline="")))
    import pyarrow.parquet as pq

    return sorted(id_ for path in sorted(out.glob("documents/documents-*.parquet"))
                  for id_ in pq.read_table(path, columns=["doc_id"]).column("doc_id").to_pylist())


def hostile_corpus(root: Path) -> Path:
    """Texts under names that once broke a run: a name of 250 bytes, «manifest.txt» at the
    top, a file and a folder that map to one output name, a folder named like a run file,
    one JSONL name under two input folders, a symlink out of the corpus."""
    text = (DATA / "factru-dev" / "book_100.txt").read_text("utf-8")
    short = "Далер Бобиев приехал в Тюмень."
    root.mkdir(parents=True)
    (root / "manifest.txt").write_text(short, "utf-8")
    (root / ("д" * 121 + ".txt")).write_text(short, "utf-8")  # 242 bytes + .txt
    (root / "b.txt").write_text(text, "utf-8")
    (root / "b.json").mkdir()
    (root / "b.json" / "c.txt").write_text(short, "utf-8")
    (root / "errors.jsonl").mkdir()
    (root / "errors.jsonl" / "e.txt").write_text(short, "utf-8")
    for sample in SAMPLES.glob("*.txt"):
        shutil.copy(sample, root / sample.name)
    (root / "leak.txt").symlink_to("/etc/hostname")
    return root


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    return hostile_corpus(tmp_path / "corpus")


# -- 1. a rerun never duplicates -------------------------------------------------------------
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_a_plain_rerun_is_refused_and_overwrite_gives_one_record_each(corpus: Path,
                                                                      tmp_path: Path,
                                                                      fmt: str) -> None:
    out = tmp_path / "out"
    assert run_cli(str(corpus), "--out", str(out), "--format", fmt, *FORMATS[fmt])[0] == 1
    first = outputs(out)
    status, output = run_cli(str(corpus), "--out", str(out), "--format", fmt, *FORMATS[fmt])
    assert status == 2 and "not empty" in output
    assert outputs(out) == first
    assert run_cli(str(corpus), "--out", str(out), "--format", fmt, *FORMATS[fmt],
                   "--overwrite")[0] == 1
    assert outputs(out) == first
    ids = record_ids(out, fmt)
    assert len(ids) == len(set(ids)) == 7


# -- 3, 4, 5, 9. names ------------------------------------------------------------------------
def test_hostile_names_each_get_one_record_and_nothing_is_overwritten(corpus: Path,
                                                                      tmp_path: Path) -> None:
    out = tmp_path / "out"
    status, output = run_cli(str(corpus), "--out", str(out))
    assert status == 1, output  # the symlink leaving the corpus
    ids = record_ids(out, "json")
    assert sorted(ids) == sorted(["manifest.txt", "д" * 121, "b", "b.json/c",
                                  "_errors.jsonl/e", "000_a5760198d369cf0a",
                                  "002_0aca802ec92ce916"])
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["counts"] == {"inputs": 8, "done": 7, "failed": 1}
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text("utf-8").splitlines()]
    assert [(e["path"], "outside its input folder" in e["reason"]) for e in errors] == [
        ("leak.txt", True)]
    assert not list(out.rglob("leak*.json"))


def test_the_same_jsonl_under_two_inputs_keeps_both_records(tmp_path: Path) -> None:
    for day, text in (("day1", "Далер Бобиев приехал в Тюмень."),
                      ("day2", "Губернатор Тюменской области провёл совещание.")):
        (tmp_path / day).mkdir()
        (tmp_path / day / "news.jsonl").write_text(
            json.dumps({"id": "1", "text": text}, ensure_ascii=False) + "\n", "utf-8")
    for fmt in ("json", "jsonl"):
        out = tmp_path / f"out-{fmt}"
        status, output = run_cli(str(tmp_path / "day1"), str(tmp_path / "day2"), "--out",
                                 str(out), "--format", fmt)
        assert status == 0, output
        assert record_ids(out, fmt) == ["news/1", "news/1.jsonl"]


def test_a_name_of_255_bytes_and_a_path_over_the_limit(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    long_id = "/".join(["п" * 100] * 25)  # 5,000 bytes of path
    lines = [json.dumps({"id": long_id, "text": "Далер Бобиев приехал в Тюмень."},
                        ensure_ascii=False),
             json.dumps({"id": "ф" * 100, "text": "Губернатор провёл совещание."},
                        ensure_ascii=False)]
    (corpus / "feed.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    (corpus / ("я" * 125 + ".txt")).write_text("Путин прилетел в Тюмень.", "utf-8")
    out = tmp_path / "out"
    status, output = run_cli(str(corpus), "--out", str(out))
    assert status == 0, output
    ids = record_ids(out, "json")
    assert sorted(ids) == sorted([f"feed/{long_id}", "feed/" + "ф" * 100, "я" * 125])
    status, output = run_cli(str(corpus), "--out", str(out), "--resume")
    assert status == 0, output


def test_nothing_is_written_through_a_symlink_in_out(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "feed").mkdir(parents=True)
    (corpus / "feed" / "a.txt").write_text("Далер Бобиев приехал в Тюмень.", "utf-8")
    out = tmp_path / "out"
    assert run_cli(str(corpus), "--out", str(out))[0] == 0
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(out / "feed")
    (out / "feed").symlink_to(outside, target_is_directory=True)
    (out / ".nlp_extract" / "ledger.jsonl").write_bytes(b"")  # as if killed before the ledger
    status, output = run_cli(str(corpus), "--out", str(out), "--resume")
    assert status == 0, output
    assert list(outside.iterdir()) == []
    assert record_ids(out, "json") == ["feed/a"]


# -- 6. one run at a time ----------------------------------------------------------------------
def test_a_second_run_into_the_same_out_is_refused_naming_the_holder(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "factru").mkdir(parents=True)
    for path in sorted((DATA / "factru-dev").glob("*.txt"))[:30]:
        shutil.copy(path, corpus / "factru" / path.name)
    out = tmp_path / "out"
    first = subprocess.Popen([SCRIPT, "annotate", str(corpus), "--out", str(out), "--workers",
                              "1", "--batch-size", "1", "--no-progress"],
                             stderr=subprocess.PIPE, text=True)
    ledger = out / ".nlp_extract" / "ledger.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and first.poll() is None:
        if ledger.exists() and ledger.read_bytes().count(b"\n") >= 2:
            break
        time.sleep(0.02)
    assert first.poll() is None
    status, output = run_cli(str(corpus), "--out", str(out), "--resume")
    assert status == 2, output
    assert f"pid {first.pid}" in output
    assert first.wait(timeout=300) == 0, first.stderr.read() if first.stderr else ""
    assert len(record_ids(out, "json")) == 30


# -- 8. the run itself failing ----------------------------------------------------------------
@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway")
def test_a_read_only_out_exits_3(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    status, output = run_cli(str(SAMPLES), "--out", str(out))
    assert status == 3 and "permission denied" in output


def test_an_out_that_cannot_be_created_exits_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    def denied(self: Any) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(self.path))

    monkeypatch.setattr(runner_module.OutDirLock, "acquire", denied)
    status, output = run_cli(str(SAMPLES), "--out", str(tmp_path / "out"))
    assert status == 3, output
    assert "permission denied" in output and "Traceback" not in output


def test_a_torn_jsonl_line_after_a_full_disk_is_recovered(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    corpus = hostile_corpus(tmp_path / "corpus")
    args = ["--format", "jsonl", "--shard-size", "3"]
    clean = tmp_path / "clean"
    assert run_cli(str(corpus), "--out", str(clean), *args)[0] == 1
    real = writers.ShardedJsonlStore.write_text
    calls = {"n": 0}

    def tearing(self: Any, doc_id: str, text: str) -> None:
        calls["n"] += 1
        if calls["n"] == 5:  # half a line reaches the disk, then the disk is full
            self._stream.write(text[: len(text) // 2])
            self._stream.flush()
            raise OSError(errno.ENOSPC, "No space left on device")
        real(self, doc_id, text)

    monkeypatch.setattr(writers.ShardedJsonlStore, "write_text", tearing)
    out = tmp_path / "out"
    status, output = run_cli(str(corpus), "--out", str(out), *args)
    assert status == 3 and "no space left" in output
    monkeypatch.setattr(writers.ShardedJsonlStore, "write_text", real)
    assert run_cli(str(corpus), "--out", str(out), *args, "--resume")[0] == 1
    assert outputs(out) == outputs(clean)


# -- kills inside each write phase -------------------------------------------------------------
def _kill_at(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, call: int,
             after: bool = False) -> None:
    """Make the ``call``-th call of ``owner.name`` a kill (before or after it does its work),
    and switch off the run's clean-up, as SIGKILL would."""
    real = getattr(owner, name)
    count = {"n": 0}

    def killing(*args: Any, **kwargs: Any) -> Any:
        count["n"] += 1
        if count["n"] == call and not after:
            raise Killed
        result = real(*args, **kwargs)
        if count["n"] == call and after:
            raise Killed
        return result

    monkeypatch.setattr(owner, name, killing)
    monkeypatch.setattr(runner_module._Run, "_stop", lambda self, exc: None)


PHASES: dict[str, Callable[[pytest.MonkeyPatch, int], None]] = {
    # the batch's records written and synced, the ledger not yet
    "record written, ledger not": lambda mp, n: _kill_at(mp, ledger_module.Ledger, "sync", n),
    # the ledger written, the full shard not yet renamed or converted
    "ledger written, shard not renamed": lambda mp, n: _kill_at(
        mp, writers.ShardedJsonlStore, "checkpoint", n),
    # the shard renamed into place, (for parquet) not yet converted
    "shard renamed": lambda mp, n: _kill_at(mp, writers.os, "replace", n, after=True),
}


@pytest.mark.parametrize("phase", list(PHASES))
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_a_kill_in_each_write_phase_then_resume_is_byte_identical(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, phase: str) -> None:
    corpus = hostile_corpus(tmp_path / "corpus")
    args = ["--format", fmt, *FORMATS[fmt]]
    clean = tmp_path / "clean"
    assert run_cli(str(corpus), "--out", str(clean), *args)[0] == 1
    out = tmp_path / "out"
    with monkeypatch.context() as patch:
        PHASES[phase](patch, 2)
        status, _ = run_cli(str(corpus), "--out", str(out), *args)
    assert status in (-9, 1)  # json has no shards: the phase may never come
    status, output = run_cli(str(corpus), "--out", str(out), *args, "--resume")
    assert status == 1, output
    assert outputs(out) == outputs(clean)
    assert sorted(record_ids(out, fmt)) == sorted(record_ids(clean, fmt))


# -- any sequence of kills and resumes ----------------------------------------------------------
KILL_POINTS = [(ledger_module.Ledger, "sync", False), (writers.ShardedJsonlStore, "checkpoint",
                                                       False),
               (writers.os, "replace", True), (writers, "write_atomic", True)]


@pytest.fixture(scope="module")
def clean_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    root = tmp_path_factory.mktemp("clean")
    corpus = hostile_corpus(root / "corpus")
    runs = {}
    for fmt, extra in FORMATS.items():
        out = root / fmt
        assert run_cli(str(corpus), "--out", str(out), "--format", fmt, *extra)[0] == 1
        runs[fmt] = (corpus, out)
    return runs


@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fmt=st.sampled_from(list(FORMATS)),
       kills=st.lists(st.tuples(st.integers(0, len(KILL_POINTS) - 1), st.integers(1, 6)),
                      min_size=1, max_size=3))
def test_any_kills_and_resumes_end_byte_identical_to_one_clean_run(
        clean_runs: dict[str, tuple[Path, Path]], tmp_path_factory: pytest.TempPathFactory,
        fmt: str, kills: list[tuple[int, int]]) -> None:
    corpus, clean = clean_runs[fmt]
    out = tmp_path_factory.mktemp("killed") / "out"
    args = [str(corpus), "--out", str(out), "--format", fmt, *FORMATS[fmt]]
    for number, (point, call) in enumerate(kills):
        owner, name, after = KILL_POINTS[point]
        with pytest.MonkeyPatch.context() as patch:
            _kill_at(patch, owner, name, call, after)
            status, output = run_cli(*args, *(["--resume"] if number else []))
        assert status in (-9, 1), output
        if status == 1:
            break
    status, output = run_cli(*args, "--resume")
    assert status == 1, output
    assert outputs(out) == outputs(clean)
