"""Faults: whatever a corpus folder holds, the run never crashes or blocks, every bad input is
reported in ``errors.jsonl`` with its path and a reason a person understands, the good inputs
are still annotated (exit status 1); the library raises its documented exception types with
messages that say what to do, bounds memory on huge inputs and is safe from many threads.
"""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import time
import tracemalloc
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from nlp_extract import BadArgumentError, BadInputError, Extractor, InternalError
from nlp_extract.cli.app import app
from nlp_extract.corpus import RunConfig, annotate_corpus, iter_inputs
from nlp_extract.extractor import ExtractionFailure
from nlp_extract.readers import Article, ReadFailure, read_path
from nlp_extract.readers import files as reader_files
from nlp_extract.record import record_schema

from conftest import DATA, SAMPLES

runner = CliRunner()
GOOD = "Губернатор Тюменской области Александр Моор провёл совещание в Тюмени."
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail (instead of hanging forever) if something blocks, e.g. on opening a FIFO."""
    def timeout(_signum: int, _frame: Any) -> None:
        raise TimeoutError(f"blocked for {seconds} s: an input must never block the run")

    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture()
def no_hang() -> Iterator[None]:
    with deadline(60):
        yield


def read_all(path: Path, root: Path | None = None, **options: Any) -> list[Any]:
    return list(read_path(path, root or path.parent, **options))


def only_failure(path: Path, **options: Any) -> ReadFailure:
    results = read_all(path, **options)
    assert len(results) == 1 and isinstance(results[0], ReadFailure), results
    assert results[0].path == str(path)
    return results[0]


def errors_of(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "errors.jsonl").read_text("utf-8").splitlines()]


def records_of(out: Path) -> dict[str, dict[str, Any]]:
    records = {}
    for path in out.rglob("*.json"):
        if path.name != "manifest.json" and ".nlp_extract" not in path.parts:
            record = json.loads(path.read_text("utf-8"))
            records[record["id"]] = record
    return records


# -- one corpus folder with every fault, annotated by the CLI --------------------------------
FEED = "\n".join([
    json.dumps({"id": "ok-1", "text": "Далер Бобиев приехал в Тюмень."}, ensure_ascii=False),
    '{"id": "broken", "text": "no closing quote}',
    json.dumps({"id": "no-text", "title": "Заголовок без текста"}, ensure_ascii=False),
    "[1, 2, 3]",
    json.dumps({"id": "ok-2", "text": "Владимир Путин посетил Москву."}, ensure_ascii=False),
    json.dumps({"id": "blank-text", "text": "   "}),
    '{"id": "ok-3", "text": "Тюмень \\ud800 и Курган", "title": "Заголовок \\udfff"}',
    json.dumps({"id": "../../outside", "text": "Москва"}),
    "[" * 100_000 + "]" * 100_000,
    json.dumps({"id": "ok-4", "text": "МЧС России сообщило о пожаре."}, ensure_ascii=False),
]) + "\n"
GOOD_IDS = {"good", "feed/ok-1", "feed/ok-2", "feed/ok-3", "feed/ok-4", "nested/deep/good"}


def build_corpus(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "good.txt").write_text(GOOD, "utf-8")
    (root / "nested" / "deep").mkdir(parents=True)
    (root / "nested" / "deep" / "good.txt").write_bytes(GOOD.encode("cp1251"))
    (root / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16)
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.txt").write_bytes(b"  \r\n\t\n \x0c ")
    noise = random.Random(7)
    (root / "undetermined.txt").write_bytes(bytes(noise.randrange(0x80, 0x100)
                                                  for _ in range(2000)))
    (root / "feed.jsonl").write_text(FEED, "utf-8")
    os.mkfifo(root / "pipe.txt")
    (root / "a.txt").symlink_to("b.txt")
    (root / "b.txt").symlink_to("a.txt")
    (root / "dangling.txt").symlink_to("nowhere.txt")
    (root / "nested" / "up").symlink_to("..", target_is_directory=True)
    (root / "folder.txt").mkdir()  # a directory named like a text is walked, not an error
    (root / "page.html").write_bytes(b"\x00\x01\x02" * 500)
    return root


EXPECTED = {  # file (and jsonl line) -> words the reason must hold
    ("binary.txt", None): "binary content",
    ("empty.txt", None): "empty file",
    ("blank.txt", None): "only whitespace",
    ("undetermined.txt", None): "encoding cannot be determined",
    ("feed.jsonl", 2): "line 2 is not valid JSON",
    ("feed.jsonl", 3): 'has no "text" field',
    ("feed.jsonl", 4): "not a JSON object",
    ("feed.jsonl", 6): 'empty or non-string "text"',
    ("feed.jsonl", 8): "cannot name an output file",
    ("feed.jsonl", 9): "nested too deeply",
    ("pipe.txt", None): "named pipe (FIFO), not a regular file",
    ("a.txt", None): "symbolic link loop",
    ("b.txt", None): "symbolic link loop",
    ("dangling.txt", None): "broken symbolic link",
    ("up", None): "symbolic link loop",
    ("page.html", None): "binary content",
}


@pytest.fixture(scope="module")
def faulty_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path, Path]:
    base = tmp_path_factory.mktemp("faults")
    corpus = build_corpus(base / "corpus")
    out = base / "out"
    with deadline(180):
        result = runner.invoke(app, ["annotate", str(corpus), "--out", str(out),
                                     "--workers", "1", "--no-progress"])
    return result, corpus, out


def test_faulty_corpus_exits_1_and_annotates_the_good_inputs(faulty_run) -> None:
    result, _corpus, out = faulty_run
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    records = records_of(out)
    assert set(records) == GOOD_IDS
    for record in records.values():
        jsonschema.validate(record, record_schema())
    # the title is the text's first line (analysed like the body), lone surrogates replaced
    assert records["feed/ok-3"]["text"] == "Заголовок \ufffd\n\nТюмень \ufffd и Курган"
    assert records["feed/ok-3"]["meta"]["title"] == "Заголовок \ufffd"
    assert records["nested/deep/good"]["meta"]["encoding"] == "cp1251"
    assert not (out.parent / "outside.json").exists()
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["counts"]["done"] == len(GOOD_IDS)
    assert manifest["counts"]["failed"] == len(EXPECTED)


@pytest.mark.parametrize(("where", "words"), list(EXPECTED.items()),
                         ids=[f"{name}:{line}" if line else name for name, line in EXPECTED])
def test_each_fault_is_reported_with_path_and_reason(faulty_run, where: tuple[str, int | None],
                                                     words: str) -> None:
    _result, corpus, out = faulty_run
    name, line = where
    found = [entry for entry in errors_of(out)
             if Path(entry["path"]).name == name and entry.get("line") == line]
    assert len(found) == 1, errors_of(out)
    entry = found[0]
    assert words in entry["reason"], entry
    # relative to its input (the manifest names it), so error logs do not depend on how the
    # corpus was named on the command line
    assert not Path(entry["path"]).is_absolute(), entry
    assert (corpus / entry["path"]).exists() or (corpus / entry["path"]).is_symlink(), entry
    assert "Traceback" not in entry["reason"] and len(entry["reason"]) < 300


def test_every_error_line_is_expected(faulty_run) -> None:
    _result, _corpus, out = faulty_run
    reported = {(Path(entry["path"]).name, entry.get("line")) for entry in errors_of(out)}
    assert reported == set(EXPECTED)


# -- faults that need a simulation or a limit -----------------------------------------------
@pytest.mark.skipif(IS_ROOT, reason="running as root: chmod 000 does not stop root from "
                                    "reading (see the simulated test below)")
def test_unreadable_file_chmod(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(GOOD, "utf-8")
    path.chmod(0)
    try:
        assert "permission denied" in only_failure(path).reason
    finally:
        path.chmod(0o644)


def _deny(target: Path, code: int = errno.EACCES) -> Any:
    real_open = os.open

    def fake_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(path) == target:
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)

    return fake_open


def test_unreadable_file_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(GOOD, "utf-8")
    monkeypatch.setattr(os, "open", _deny(path))
    reason = only_failure(path).reason
    assert "permission denied" in reason and "check the file's permissions" in reason


def test_unreadable_file_in_a_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  extractor: Extractor) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, "utf-8")
    (corpus / "secret.txt").write_text(GOOD, "utf-8")
    monkeypatch.setattr(os, "open", _deny(corpus / "secret.txt"))
    summary = annotate_corpus(RunConfig(inputs=[corpus], out_dir=tmp_path / "out",
                                        learn_boilerplate=False), extractor)
    assert (summary.done, summary.failed, summary.exit_code) == (1, 1, 1)
    [entry] = errors_of(tmp_path / "out")
    assert entry["path"].endswith("secret.txt") and "permission denied" in entry["reason"]


@pytest.mark.skipif(IS_ROOT, reason="running as root: chmod 000 does not stop root from "
                                    "listing a directory")
def test_unlistable_directory_is_reported(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "locked" / "x.txt").write_text(GOOD, "utf-8")
    (corpus / "locked").chmod(0)
    try:
        items = list(iter_inputs([corpus]))
        assert [item.path.name for item in items] == ["locked"]
        assert "cannot list this directory" in only_failure(items[0].path).reason
    finally:
        (corpus / "locked").chmod(0o755)


def test_unlistable_directory_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                        ) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "locked" / "x.txt").write_text(GOOD, "utf-8")
    (corpus / "open.txt").write_text(GOOD, "utf-8")
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path) == corpus / "locked":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(iter_inputs([corpus]))
    assert [item.path.name for item in items] == ["open.txt", "locked"]
    reason = only_failure(items[1].path).reason
    assert reason.startswith("cannot list this directory: permission denied"), reason


def test_file_that_disappears_after_listing(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    path.write_text(GOOD, "utf-8")
    [item] = list(iter_inputs([tmp_path]))
    path.unlink()
    reason = only_failure(item.path).reason
    assert "not found" in reason and "deleted after the inputs were listed" in reason


def test_file_that_disappears_between_stat_and_open(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "gone.txt"
    path.write_text(GOOD, "utf-8")
    monkeypatch.setattr(os, "open", _deny(path, errno.ENOENT))
    assert "not found" in only_failure(path).reason


def test_file_that_disappears_during_a_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           extractor: Extractor) -> None:
    """The walk lists the folder, then the file is deleted before its turn to be read."""
    from nlp_extract.corpus import runner as corpus_runner

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a.txt", "b-gone.txt", "c.txt"):
        (corpus / name).write_text(GOOD, "utf-8")
    walk = corpus_runner.iter_inputs

    def deleting_walk(*args: Any, **kwargs: Any) -> Iterator[Any]:
        for item in walk(*args, **kwargs):
            if item.path.name == "b-gone.txt":
                item.path.unlink()
            yield item

    monkeypatch.setattr(corpus_runner, "iter_inputs", deleting_walk)
    summary = annotate_corpus(RunConfig(inputs=[corpus], out_dir=tmp_path / "out",
                                        learn_boilerplate=False), extractor)
    assert (summary.done, summary.failed) == (2, 1)
    [entry] = errors_of(tmp_path / "out")
    assert entry["path"].endswith("b-gone.txt") and "not found" in entry["reason"]


def test_fifo_is_never_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              no_hang: None) -> None:
    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)
    assert [item.path for item in iter_inputs([tmp_path])] == [fifo]
    assert [item.path for item in iter_inputs([fifo])] == [fifo]  # named directly
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, *a, **k: opened.append(str(path))
                        or real_open(path, *a, **k))
    assert "named pipe" in only_failure(fifo).reason
    assert str(fifo) not in opened


def test_path_swapped_for_a_fifo_after_stat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            no_hang: None) -> None:
    """A regular file at stat time replaced by a FIFO before open: the descriptor is
    non-blocking and checked again, so the read neither blocks nor happens."""
    path = tmp_path / "x.txt"
    path.write_text(GOOD, "utf-8")
    real_open = os.open

    def swap_then_open(target: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(target) == path:
            path.unlink()
            os.mkfifo(path)
        return real_open(target, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", swap_then_open)
    assert "named pipe" in only_failure(path).reason


def test_text_over_the_character_limit_in_a_run(tmp_path: Path, limited: Extractor) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, "utf-8")
    (corpus / "long.txt").write_text(("Москва. " * 130_000)[:1_000_050], "utf-8")
    (corpus / "feed.jsonl").write_text(
        json.dumps({"id": "long", "text": "а " * 600_000}) + "\n"
        + json.dumps({"id": "short", "text": GOOD}, ensure_ascii=False) + "\n", "utf-8")
    out = tmp_path / "out"
    summary = annotate_corpus(RunConfig(inputs=[corpus], out_dir=out, learn_boilerplate=False),
                              limited)
    assert (summary.done, summary.failed, summary.exit_code) == (2, 2, 1)
    assert set(records_of(out)) == {"good", "feed/short"}
    errors = {entry["id"]: entry for entry in errors_of(out)}
    assert set(errors) == {"long", "feed/long"}
    for entry in errors.values():
        assert "over the limit of 1000000" in entry["reason"] and entry["path"], entry
        assert "max_chars" in entry["reason"]


def test_file_over_the_byte_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(GOOD * 50_000, "utf-8")  # 6 450 000 bytes
    reason = only_failure(path, max_bytes=2_000_000).reason
    assert reason.startswith("file is 6.5 MB, over the limit of 2.0 MB"), reason
    assert isinstance(read_all(path, max_bytes=7_000_000)[0], Article)


def test_reader_limits_are_reported_in_words() -> None:
    assert reader_files.size_text(52_428_800) == "52.4 MB"
    assert reader_files.size_text(512) == "512 bytes"
    assert reader_files.DEFAULT_MAX_BYTES >= 100_000_000


# -- memory stays bounded on a 50 MB input --------------------------------------------------
@pytest.fixture(scope="module")
def fifty_mb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "huge.txt"
    block = (GOOD + "\n\n").encode("utf-8") * 8_000
    with path.open("wb") as stream:
        while stream.tell() < 50_000_000:
            stream.write(block)
    return path


@pytest.mark.parametrize("limit", [{"max_bytes": 1_000_000}, {"max_chars": 1_000_000}],
                         ids=["max_bytes", "max_chars"])
def test_50_mb_input_is_refused_without_being_read(fifty_mb: Path, limit: dict[str, int]
                                                   ) -> None:
    tracemalloc.start()
    try:
        failure = only_failure(fifty_mb, **limit)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert failure.reason.startswith("file is 50.0 MB"), failure.reason
    assert "over the limit" in failure.reason
    assert peak < 2_000_000, f"peak {peak} bytes while refusing a 50 MB file"


@pytest.fixture(scope="module")
def limited() -> Extractor:
    return Extractor(max_chars=1_000_000)


@pytest.mark.parametrize("structure", [False, True])
def test_text_over_max_chars_is_refused_quickly(limited: Extractor, structure: bool) -> None:
    text = "Губернатор провёл совещание. " * 70_000  # 2 030 000 characters
    started = time.perf_counter()
    with pytest.raises(BadInputError, match="over the limit of 1000000; raise max_chars"):
        limited.extract(text, structure=structure)
    assert time.perf_counter() - started < 1.0


def test_extract_many_returns_or_raises_on_a_text_over_max_chars(limited: Extractor) -> None:
    items = [("short", GOOD), ("long", "а" * 1_000_001)]
    results = list(limited.extract_many(items, errors="return"))
    assert results[0].id == "short" and isinstance(results[1], ExtractionFailure)
    assert "over the limit" in results[1].reason
    with pytest.raises(BadInputError, match="long: text has 1000001 characters"):
        list(limited.extract_many(items))


# -- one Extractor, many threads -------------------------------------------------------------
def real_texts() -> list[str]:
    texts = [path.read_text("utf-8") for path in sorted(SAMPLES.glob("*.txt"))]
    texts += [path.read_text("utf-8") for path in sorted((DATA / "factru-dev").glob("*.txt"))]
    return texts[:16]


def test_eight_threads_give_the_same_records_as_serial_calls(extractor: Extractor) -> None:
    texts = real_texts()
    assert len(texts) == 16 and len(set(texts)) == 16
    jobs = [(f"t{index}", text, structure) for index, text in enumerate(texts)
            for structure in (False, True)]
    serial = {(doc_id, structure): extractor.extract(text, doc_id, structure=structure).to_json()
              for doc_id, text, structure in jobs}
    random.Random(3).shuffle(jobs)

    def work(job: tuple[str, str, bool]) -> tuple[tuple[str, bool], str]:
        doc_id, text, structure = job
        return (doc_id, structure), extractor.extract(text, doc_id,
                                                      structure=structure).to_json()

    def many(start: int) -> list[tuple[tuple[str, bool], str]]:
        pairs = [(f"t{index}", texts[index]) for index in range(start, start + 4)]
        return [((ann.id, False), ann.to_json())
                for ann in extractor.extract_many(pairs, batch_size=2)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        single = list(pool.map(work, jobs))
        batched = [pool.submit(many, start) for start in (0, 4, 8, 12)]
        concurrent = single + [result for future in batched for result in future.result()]
    assert len(concurrent) == len(jobs) + 16
    for key, record in concurrent:
        assert record == serial[key], key
    assert any(json.loads(record)["mentions"] for record in serial.values())


# -- documented exception types with messages that say what to do ----------------------------
@pytest.mark.parametrize(("call", "match"), [
    (lambda ex: ex.extract(b"bytes"), "text must be a str, got bytes"),
    (lambda ex: ex.extract(None), "text must be a str, got NoneType"),
    (lambda ex: ex.extract("x", doc_id=7), "doc_id must be a str, got int"),
    (lambda ex: ex.extract("x", meta=["a"]), "meta must be a dict, got list"),
    (lambda ex: ex.extract("x", meta={"tags": {"a"}}), "meta must hold JSON values only .*set"),
    (lambda ex: list(ex.extract_many(["a"], batch_size=-1)), "batch_size must be .* at least 1"),
    (lambda ex: list(ex.extract_many(["a"], batch_size="8")), "batch_size must be .*'8'"),
    (lambda ex: list(ex.extract_many(["a"], n_process=0)), "n_process must be .* at least 1"),
    (lambda ex: list(ex.extract_many(["a"], errors="ignore")), 'errors must be "raise" or'),
    (lambda ex: list(ex.extract_many([42])), "item 0: expected a text, an .id, text. pair"),
    (lambda ex: list(ex.extract_many(None)), "items must be an iterable"),
    (lambda ex: list(ex.extract_many("one text")), "for one text use extract"),
], ids=["bytes", "none", "doc_id", "meta", "meta-set", "batch_size", "batch_size-str",
        "n_process", "errors", "item", "items-none", "items-str"])
def test_bad_calls_raise_bad_argument(extractor: Extractor, call: Any, match: str) -> None:
    with pytest.raises(BadArgumentError, match=match):
        call(extractor)


@pytest.mark.parametrize(("options", "match"), [
    ({"disable": ["slovnet_nerr"]}, "unknown component 'slovnet_nerr'; the components are "
                                    "slovnet_morph, .*slovnet_ner"),
    ({"disable": 5}, "disable must be a list of component names"),
    ({"config": {"ner": {}}}, "config: unknown component 'ner'; the components are"),
    ({"config": ["slovnet_ner"]}, "config must map component names to dicts"),
    ({"config": {"slovnet_ner": {"batch_size": "many"}}},
     "config: invalid component setting: slovnet_ner.batch_size: 'many' is not"),
    ({"max_chars": 0}, "max_chars must be a positive number"),
    ({"max_chars": "10"}, "max_chars must be a positive number of characters, got '10'"),
    ({"max_chars": True}, "max_chars must be a positive number"),
])
def test_bad_extractor_options_raise_bad_argument(options: dict[str, Any], match: str) -> None:
    with pytest.raises(BadArgumentError, match=match):
        Extractor(**options)


def test_one_component_name_may_be_given_alone() -> None:
    without_ner = Extractor(disable="slovnet_ner")
    assert "slovnet_ner" not in without_ner.nlp.pipe_names
    record = without_ner.extract(GOOD).to_dict()
    assert "PER" not in {mention["label"] for mention in record["mentions"]}
    assert record["tokens"]
    jsonschema.validate(record, record_schema())


def test_errors_are_value_and_runtime_errors() -> None:
    assert issubclass(BadArgumentError, ValueError) and issubclass(BadInputError, ValueError)
    assert issubclass(InternalError, RuntimeError)


def test_missing_model_files_are_internal_errors(tmp_path: Path) -> None:
    from nlp_extract import resources

    with pytest.raises(InternalError, match="natasha model file missing: .*; reinstall natasha"):
        resources.natasha_file("model/no_such_model.tar")
    with pytest.raises(InternalError, match="cannot read data file .*missing.yaml"):
        resources.load_data_file(tmp_path / "missing.yaml", "whatever")


@pytest.mark.parametrize(("name", "content"), [
    ("broken.yaml", "format: [unclosed\n"),
    ("broken.json", "{not json"),
    ("wrong.yaml", "format: something-else\nversion: 1\n"),
    ("unversioned.yaml", "format: lexicon\n"),
])
def test_corrupt_data_files_are_internal_errors(tmp_path: Path, name: str, content: str) -> None:
    from nlp_extract import resources

    path = tmp_path / name
    path.write_text(content, "utf-8")
    with pytest.raises(InternalError, match=str(path)):
        resources.load_data_file(path, "lexicon")


def test_corrupt_model_file_is_an_internal_error(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from nlp_extract.pipeline import models

    corrupt = tmp_path / "slovnet_ner_news_v1.tar"
    corrupt.write_bytes(b"this is not a tar archive" * 40)
    monkeypatch.setattr(models, "natasha_file", lambda relative: corrupt)
    with pytest.raises(InternalError, match="damaged: reinstall natasha"):
        models.ner_tagger.__wrapped__(16)  # the loader itself, not its cached copy


def test_jsonl_text_with_unicode_line_separators_is_one_record(tmp_path: Path) -> None:
    """JSON strings may hold U+2028, U+2029 and U+0085 unescaped (json.dumps with
    ensure_ascii=False writes them so): they do not end a JSON Lines record."""
    text = "Первая строка\u2028вторая\x85третья\u2029конец"
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "a", "text": text}, ensure_ascii=False) + "\r\n"
                    + '{"broken\r' + json.dumps({"id": "b", "text": GOOD}, ensure_ascii=False)
                    + "\n", "utf-8")
    results = read_all(path)
    assert [type(result).__name__ for result in results] == ["Article", "ReadFailure",
                                                             "Article"]
    assert results[0].text == text and results[0].meta["line"] == 1
    assert results[1].line == 2 and results[2].meta["line"] == 3


def test_jsonl_lines_python_json_chokes_on_cost_only_themselves(tmp_path: Path) -> None:
    """An integer of 5000 digits makes json.loads raise a plain ValueError; NaN and Infinity
    are read by Python but are not JSON: the record is kept with null in their place."""
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join([
        '{"id": 1' + "0" * 5000 + ', "text": "Москва"}',
        '{"id": "b", "text": "Москва", "score": NaN, "x": [1e999, -Infinity, 1.5]}',
        json.dumps({"id": "c", "text": GOOD}, ensure_ascii=False),
    ]) + "\n", "utf-8")
    first, second, third = read_all(path)
    assert isinstance(first, ReadFailure) and first.line == 1
    assert "cannot be read as JSON: Exceeds the limit (4300 digits)" in first.reason
    assert second.meta["extra"] == {"score": None, "x": [None, None, 1.5]}
    assert third.id == "feed/c"


def test_caller_meta_is_made_fit_for_json(extractor: Extractor) -> None:
    """A datetime is what a service has at hand: it is written as ISO 8601 and used to
    resolve «вчера»; NaN becomes null and keys become strings, so to_json() is valid JSON."""
    meta = {"published": datetime(2024, 7, 25, 10, 0), "score": float("nan"), 1: "one"}
    annotation = extractor.extract("Вчера губернатор приехал в Тюмень.", meta=meta)
    assert annotation.record["meta"] == {"published": "2024-07-25T10:00:00", "score": None,
                                         "1": "one"}
    assert annotation.record["dates"][0]["value"] == "2024-07-24"
    assert json.loads(annotation.to_json()) == annotation.record
    assert "NaN" not in annotation.to_json()


def test_file_names_that_are_not_utf8(tmp_path: Path, extractor: Extractor) -> None:
    """Linux file names are bytes: «caf\\xe9.txt» (Latin-1) must not crash the run when its
    id, path and error are written as UTF-8 JSON."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    try:
        for name, data in ((b"caf\xe9.txt", GOOD.encode()), (b"bad\xff.txt", b"")):
            with open(os.path.join(os.fsencode(corpus), name), "wb") as stream:
                stream.write(data)
    except OSError as exc:
        pytest.skip(f"this file system refuses non-UTF-8 names: {exc}")
    out = tmp_path / "out"
    summary = annotate_corpus(RunConfig(inputs=[corpus], out_dir=out, learn_boilerplate=False),
                              extractor)
    assert (summary.done, summary.failed) == (1, 1)
    [record] = records_of(out).values()
    assert record["id"] == "caf\\xe9" and record["source"]["path"].endswith("caf\\xe9.txt")
    [entry] = errors_of(out)
    assert entry["path"].endswith("bad\\xff.txt") and "empty file" in entry["reason"]
