"""Trusting a corpus run (issue 11): missing extras, determinism, resume safety, interrupts,
a record that cannot reach a worker, a full disk, stdin.

Runs use the installed ``nlp-extract`` command where a user would (signals, kills, a real
terminal elsewhere in test_terminal.py) and the typer app in-process where a fault is injected.
"""

from __future__ import annotations

import csv
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlp_extract.cli.app import app
from nlp_extract.workers import available_cpus

from conftest import DATA, SAMPLES

runner = CliRunner()
SCRIPT = str(Path(sys.executable).parent / "nlp-extract")


def run_cli(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["annotate", *args, "--no-progress"])
    return result.exit_code, result.output


def outputs(out: Path) -> dict[str, bytes]:
    """Every file a run leaves, the lock (empty once released) included."""
    return {path.relative_to(out).as_posix(): path.read_bytes()
            for path in sorted(out.rglob("*")) if path.is_file()}


def story_rows(count: int) -> list[dict[str, str]]:
    with (DATA / "news-stories" / "news_8_noise3.csv").open(encoding="utf-8-sig") as stream:
        rows = list(csv.DictReader(stream, delimiter=";"))
    return rows[:count]


def write_corpus(root: Path, stories: int = 0, factru: int = 0) -> Path:
    """A corpus as researchers keep one: .txt files in folders and a JSONL feed."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "factru").mkdir(exist_ok=True)
    for path in sorted((DATA / "factru-dev").glob("*.txt"))[:factru]:
        shutil.copy(path, root / "factru" / path.name)
    for path in SAMPLES.glob("*.txt"):
        shutil.copy(path, root / path.name)
    if stories:
        lines = [json.dumps({"id": row["ID сообщения"], "title": row["Заголовок"],
                             "text": row["Текст"], "url": row["Url"]}, ensure_ascii=False)
                 for row in story_rows(stories)]
        (root / "stories.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return root


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("big") / "corpus", stories=240, factru=60)


@pytest.fixture(scope="module")
def serial_run(big_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("serial") / "out"
    status, output = run_cli(str(big_corpus), "--out", str(out), "--format", "jsonl",
                             "--workers", "1")
    assert status == 0, output
    return out


# -- determinism ------------------------------------------------------------------------------
def test_a_few_hundred_articles_are_byte_identical_with_1_and_2_workers(
        big_corpus: Path, serial_run: Path, tmp_path: Path) -> None:
    records = (serial_run / "annotations.jsonl").read_bytes()
    assert records.count(b"\n") == 302
    out = tmp_path / "two"
    status, output = run_cli(str(big_corpus), "--out", str(out), "--format", "jsonl",
                             "--workers", "2", "--batch-size", "7")
    assert status == 0, output
    assert (out / "annotations.jsonl").read_bytes() == records
    assert outputs(out) == outputs(serial_run)


def test_relative_and_absolute_corpus_paths_give_the_same_output(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", factru=3)
    absolute = tmp_path / "abs"
    status, _ = run_cli(str(corpus), "--out", str(absolute), "--workers", "1")
    assert status == 0
    done = subprocess.run([SCRIPT, "annotate", "corpus", "--out", "rel", "--workers", "1"],
                          cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert outputs(tmp_path / "rel") == outputs(absolute)
    record = json.loads((absolute / "factru" / "book_100.json").read_text("utf-8"))
    assert record["source"]["path"] == "factru/book_100.txt"
    manifest = json.loads((absolute / "manifest.json").read_text("utf-8"))
    assert manifest["config"]["inputs"] == [str(corpus)]


# -- optional packages ------------------------------------------------------------------------
@pytest.mark.parametrize(("args", "extra"), [(["--format", "parquet"], "parquet"),
                                             (["--dask", "tcp://127.0.0.1:1"], "dask")])
def test_a_missing_extra_is_named_before_any_work(tmp_path: Path, args: list[str],
                                                   extra: str) -> None:
    blocked = {"parquet": "pyarrow", "dask": "distributed"}[extra]
    code = (f"import sys; sys.modules[{blocked!r}] = None; "
            "from nlp_extract.cli.app import main; sys.argv[0] = 'nlp-extract'; main()")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-c", code, "annotate", str(SAMPLES), "--out",
                           str(out), "--no-progress", *args],
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 2, done.stderr
    assert f"pip install 'nlp-extract[{extra}]'" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()  # refused before anything was written


# -- owning --out -----------------------------------------------------------------------------
def test_a_non_empty_out_is_refused_unless_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli(str(SAMPLES), "--out", str(out), "--workers", "1")[0] == 0
    first = outputs(out)
    status, output = run_cli(str(SAMPLES), "--out", str(out), "--workers", "1")
    assert status == 2 and "not empty" in output and "--overwrite" in output
    assert outputs(out) == first
    (out / "stale.json").write_text("{}", "utf-8")
    status, output = run_cli(str(SAMPLES), "--out", str(out), "--workers", "1", "--overwrite")
    assert status == 0, output
    assert outputs(out) == first  # cleared, then written again
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.docx").write_bytes(b"keep me")
    status, output = run_cli(str(SAMPLES), "--out", str(foreign), "--overwrite")
    assert status == 2 and "not written by nlp-extract" in output
    assert (foreign / "thesis.docx").read_bytes() == b"keep me"


def test_out_inside_the_input_folder_is_never_read(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    out = corpus / "out"
    for flags in ([], ["--overwrite"], ["--overwrite"]):
        status, output = run_cli(str(corpus), "--out", str(out), "--workers", "1", *flags)
        assert status == 0, output
        assert "annotated 2 article(s), 0 failed" in output
    assert (out / "errors.jsonl").read_text("utf-8") == ""


# -- resume -----------------------------------------------------------------------------------
@pytest.mark.parametrize("change", ["edited", "appended", "removed", "settings", "format"])
def test_resume_refuses_what_changed_and_says_what(tmp_path: Path, change: str) -> None:
    corpus = write_corpus(tmp_path / "corpus", factru=2)
    out = tmp_path / "out"
    assert run_cli(str(corpus), "--out", str(out), "--workers", "1", "--format", "jsonl")[0] == 0
    before = outputs(out)
    args = ["--format", "jsonl"]
    if change == "edited":
        with (corpus / "factru" / "book_100.txt").open("a", encoding="utf-8") as stream:
            stream.write("\nДобавлен абзац.")
        expected = "changed factru/book_100.txt"
    elif change == "appended":
        (corpus / "new.txt").write_text("Далер Бобиев приехал в Тюмень.", "utf-8")
        expected = "added new.txt"
    elif change == "removed":
        (corpus / "factru" / "book_100.txt").unlink()
        expected = "removed factru/book_100.txt"
    elif change == "settings":
        args += ["--max-chars", "5000"]
        expected = "max_chars"
    else:
        args = ["--format", "json"]
        expected = "wrote --format jsonl"
    status, output = run_cli(str(corpus), "--out", str(out), "--workers", "1", "--resume",
                             *args)
    assert status == 2, output
    assert expected in output
    assert "Traceback" not in output
    assert outputs(out) == before


def test_a_touched_but_unchanged_input_resumes(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", factru=1)
    out = tmp_path / "out"
    assert run_cli(str(corpus), "--out", str(out), "--workers", "1")[0] == 0
    os.utime(corpus / "factru" / "book_100.txt", ns=(1, 1))
    status, output = run_cli(str(corpus), "--out", str(out), "--workers", "1", "--resume")
    assert status == 0, output


def _start(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen([SCRIPT, "annotate", *args, "--no-progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_lines(process: subprocess.Popen[str], ledger: Path, lines: int) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and process.poll() is None:
        if ledger.exists() and ledger.read_bytes().count(b"\n") >= lines:
            return
        time.sleep(0.02)
    pytest.fail("the run ended or stalled before it could be stopped")


@pytest.mark.parametrize(("sent", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupt_then_resume_is_byte_identical(big_corpus: Path, serial_run: Path,
                                                 tmp_path: Path, sent: int, status: int
                                                 ) -> None:
    out = tmp_path / "out"
    args = [str(big_corpus), "--out", str(out), "--format", "jsonl", "--workers", "2",
            "--batch-size", "4"]
    process = _start(args)
    _wait_for_lines(process, out / ".nlp_extract" / "ledger.jsonl", 10)
    process.send_signal(sent)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == status, stderr
    assert "Traceback" not in stderr
    command = stderr.strip().splitlines()[-1].split("to finish the run: ", 1)[1]
    assert command.endswith("--resume")
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["complete"] is False and manifest["stopped"]
    assert manifest["counts"]["done"] >= 10
    resumed = subprocess.run(command, shell=True, capture_output=True, text=True, check=False)
    assert resumed.returncode == 0, resumed.stderr
    assert outputs(out) == outputs(serial_run)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.extend(int(child) for child in text)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_workers_exit_when_the_parent_is_killed(big_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    process = _start([str(big_corpus), "--out", str(out), "--format", "jsonl", "--workers", "2",
                      "--batch-size", "4"])
    _wait_for_lines(process, out / ".nlp_extract" / "ledger.jsonl", 4)
    workers = _children(process.pid)
    assert len(workers) >= 2
    process.kill()
    process.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(map(_alive, workers)):
        time.sleep(0.1)
    assert not any(map(_alive, workers)), "workers outlived their parent"


# -- one input cannot end a run ----------------------------------------------------------------
def _deep(depth: int) -> object:
    value: object = "дно"
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_deeply_nested_jsonl_field_costs_only_its_line(tmp_path: Path, workers: str) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good = {"text": "Далер Бобиев приехал в Тюмень."}
    lines = [json.dumps({"id": f"ok-{i}", **good}, ensure_ascii=False) for i in range(4)]
    deep = json.dumps({"id": "deep", "text": "Губернатор провёл совещание.",
                       "extra": _deep(800)}, ensure_ascii=False)
    lines.insert(2, deep)
    (corpus / "feed.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    out = tmp_path / "out"
    status, output = run_cli(str(corpus), "--out", str(out), "--format", "jsonl",
                             "--workers", workers, "--batch-size", "2")
    assert status in (0, 1), output
    ids = [json.loads(line)["id"] for line in
           (out / "annotations.jsonl").read_text("utf-8").splitlines()]
    assert [i for i in ids if i.startswith("feed/ok-")] == [f"feed/ok-{i}" for i in range(4)]
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text("utf-8").splitlines()]
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["complete"] is True
    assert manifest["counts"]["done"] + manifest["counts"]["failed"] == 5
    assert len(ids) + len(errors) == 5  # every line annotated or explained


def test_a_full_disk_stops_cleanly_and_resume_finishes(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = write_corpus(tmp_path / "corpus", factru=8)
    clean = tmp_path / "clean"
    assert run_cli(str(corpus), "--out", str(clean), "--workers", "1", "--batch-size", "1")[0] == 0
    from nlp_extract.corpus import writers

    real, calls = writers.write_atomic, {"n": 0}

    def filling_disk(path: Path, data: str) -> None:
        calls["n"] += 1
        if calls["n"] > 4:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data)

    monkeypatch.setattr(writers, "write_atomic", filling_disk)
    out = tmp_path / "out"
    status, output = run_cli(str(corpus), "--out", str(out), "--workers", "1",
                             "--batch-size", "1")
    assert status == 3, output
    assert "no space left" in output and "--resume" in output
    assert "Traceback" not in output
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["complete"] is False
    assert manifest["counts"]["done"] == 4
    assert manifest["stopped"] == "no space left on the device"
    assert (out / "errors.jsonl").read_text("utf-8") == ""  # written, though the run stopped
    monkeypatch.setattr(writers, "write_atomic", real)  # space freed
    status, output = run_cli(str(corpus), "--out", str(out), "--workers", "1",
                             "--batch-size", "1", "--resume")
    assert status == 0, output
    assert outputs(out) == outputs(clean)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_article_timeout_turns_a_slow_article_into_an_error_line(tmp_path: Path,
                                                                 workers: str) -> None:
    out = tmp_path / "out"
    status, output = run_cli(str(SAMPLES), "--out", str(out), "--workers", workers,
                             "--article-timeout", "0.001")
    assert status == 1, output
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text("utf-8").splitlines()]
    assert len(errors) == 2
    assert all("--article-timeout" in entry["reason"] for entry in errors)


# -- stdin and smaller things ----------------------------------------------------------------
def test_stdin_jsonl_gives_one_record_per_line() -> None:
    feed = "\n".join(json.dumps({"id": str(i), "text": text}, ensure_ascii=False) for i, text in
                     enumerate(["Далер Бобиев приехал в Тюмень.", "Далер Бобиев уехал в Казань."]))
    result = runner.invoke(app, ["annotate", "-"], input=feed.encode("utf-8"))
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["stdin/0", "stdin/1"]
    assert records[0]["meta"]["reader"] == "jsonl"
    assert [e["name"] for e in records[1]["entities"]] == ["Далер Бобиев", "Казань"]


def test_stdin_text_says_its_reader_and_encoding() -> None:
    result = runner.invoke(app, ["annotate", "-"],
                           input="Далер Бобиев приехал в Тюмень.".encode("cp1251"))
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert (record["meta"]["reader"], record["meta"]["encoding"]) == ("txt", "cp1251")


@pytest.mark.parametrize("data", [b"", b"   \n"], ids=["empty", "blank"])
def test_empty_stdin_is_an_error_not_an_empty_record(data: bytes) -> None:
    result = runner.invoke(app, ["annotate", "-"], input=data)
    assert result.exit_code == 1
    assert result.stdout == ""


def test_stdin_over_max_bytes_is_refused() -> None:
    result = runner.invoke(app, ["annotate", "-", "--max-bytes", "10"],
                           input="Далер Бобиев приехал в Тюмень.".encode())
    assert result.exit_code == 1
    assert "--max-bytes" in result.output


def test_stdin_with_out_writes_a_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["annotate", "-", "--out", str(out)],
                           input="Далер Бобиев приехал в Тюмень.".encode())
    assert result.exit_code == 0, result.output
    record = json.loads((out / "stdin.json").read_text("utf-8"))
    assert [e["name"] for e in record["entities"]] == ["Далер Бобиев", "Тюмень"]
    assert json.loads((out / "manifest.json").read_text("utf-8"))["complete"] is True


def test_default_workers_are_the_cpus_this_process_may_use() -> None:
    assert available_cpus() <= len(os.sched_getaffinity(0))
    code = ("import os; os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}); "
            "from nlp_extract.workers import available_cpus; print(available_cpus())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "1"


def test_help_lists_the_formats() -> None:
    result = runner.invoke(app, ["annotate", "--help"], env={"COLUMNS": "200"})
    assert "json|jsonl|parquet" in result.output
    assert "pip install 'nlp-extract[parquet]'" in result.output


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_a_stopped_worker_is_replaced_and_its_article_is_an_error_line(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", factru=24)
    out = tmp_path / "out"
    process = _start([str(corpus), "--out", str(out), "--format", "jsonl", "--workers", "2",
                      "--batch-size", "1", "--article-timeout", "2"])
    _wait_for_lines(process, out / ".nlp_extract" / "ledger.jsonl", 3)
    stopped = _children(process.pid)[0]
    os.kill(stopped, signal.SIGSTOP)
    try:
        _, stderr = process.communicate(timeout=240)
    finally:
        if _alive(stopped):
            os.kill(stopped, signal.SIGKILL)
    assert process.returncode == 1, stderr
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text("utf-8").splitlines()]
    assert 1 <= len(errors) <= 2
    assert all("stopped answering" in entry["reason"] for entry in errors)
    records = (out / "annotations.jsonl").read_text("utf-8").splitlines()
    assert len(records) + len(errors) == 26
    assert not _alive(stopped)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_a_killed_worker_fails_the_run_with_exit_3_and_resume_finishes_it(
        big_corpus: Path, serial_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    process = _start([str(big_corpus), "--out", str(out), "--format", "jsonl", "--workers", "2",
                      "--batch-size", "4"])
    _wait_for_lines(process, out / ".nlp_extract" / "ledger.jsonl", 8)
    os.kill(_children(process.pid)[0], signal.SIGKILL)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 3, stderr
    assert "worker process was lost" in stderr and "Traceback" not in stderr
    assert (out / "errors.jsonl").exists()
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["complete"] is False and manifest["counts"]["done"] >= 8
    command = stderr.strip().splitlines()[-1].split("to finish it: ", 1)[1]
    resumed = subprocess.run(command, shell=True, capture_output=True, text=True, check=False)
    assert resumed.returncode == 0, resumed.stderr
    assert outputs(out) == outputs(serial_run)


def test_spawned_workers_give_the_same_records_as_forked_ones(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", factru=4)
    runs = {}
    for method in ("fork", "spawn"):
        out = tmp_path / method
        status, output = run_cli(str(corpus), "--out", str(out), "--format", "jsonl",
                                 "--workers", "2", "--batch-size", "2", "--start-method", method)
        assert status == 0, output
        runs[method] = (out / "annotations.jsonl").read_bytes()
    assert runs["spawn"] == runs["fork"]
    assert runs["fork"].count(b"\n") == 6


@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs (needs root, as on the CI machine; skipped where it cannot be mounted)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, check=False)


def test_a_full_tmpfs_stops_the_run_cleanly_and_resume_finishes_it(tmp_path: Path,
                                                                   small_disk: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", factru=40)
    args = ["--format", "jsonl", "--shard-size", "5", "--workers", "2", "--batch-size", "4"]
    clean = tmp_path / "clean"
    assert run_cli(str(corpus), "--out", str(clean), *args)[0] == 0
    out = small_disk / "out"
    done = subprocess.run([SCRIPT, "annotate", str(corpus), "--out", str(out), *args,
                           "--no-progress"], capture_output=True, text=True, check=False)
    assert done.returncode == 3, done.stderr
    assert "no space left" in done.stderr and "Traceback" not in done.stderr
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["complete"] is False and manifest["stopped"] == "no space left on the device"
    assert 0 < manifest["counts"]["done"] < 42
    assert (out / "errors.jsonl").exists()
    subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
    command = done.stderr.strip().splitlines()[-1].split("to finish it: ", 1)[1]
    resumed = subprocess.run(command, shell=True, capture_output=True, text=True, check=False)
    assert resumed.returncode == 0, resumed.stderr
    assert outputs(out) == outputs(clean)


def test_a_timeout_swallowed_inside_the_block_is_raised_as_it_ends() -> None:
    """The budget's exception can land where Python swallows it (a garbage-collector
    callback, as hypothesis installs one, or a ``__del__``): the article still times out."""
    import time

    from nlp_extract.article_timeout import ArticleTimeout, time_budget

    swallowed = []
    with pytest.raises(ArticleTimeout), time_budget(0.01):
        try:
            time.sleep(5)
        except ArticleTimeout:
            swallowed.append(True)  # what a callback that ignores exceptions does
    assert swallowed == [True]
    with time_budget(5):
        pass  # a block that ends in time raises nothing
