"""Slim records: ``--fields``, ``--no-tokens``, ``--slim-provenance`` (and the library's
``slim_record`` / ``Annotation.to_dict(fields=...)``). Slim records validate against the
schema, are smaller, keep the rest of the record unchanged, and are part of what ``--resume``
checks."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from nlp_extract import Extractor
from nlp_extract.errors import BadArgumentError
from nlp_extract.record import dumps, record_schema
from nlp_extract.record_fields import RecordShape, parse_fields, slim_record

from conftest import DATA, SAMPLES

SCRIPT = str(Path(sys.executable).parent / "nlp-extract")
VALIDATOR = jsonschema.Draft202012Validator(record_schema())


def annotate(*args: str, stdin: str | None = None, workers: int = 1
             ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, "annotate", *args, "--no-progress", "--workers",
                           str(workers)], capture_output=True, text=True, timeout=600,
                          input=stdin)


def lines(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in
            (out / "annotations.jsonl").read_text("utf-8").splitlines()]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("slim") / "corpus"
    root.mkdir()
    for sample in SAMPLES.glob("*.txt"):
        shutil.copy(sample, root / sample.name)
    for path in sorted((DATA / "factru-dev").glob("*.txt"))[:3]:
        shutil.copy(path, root / path.name)
    return root


@pytest.fixture(scope="module")
def full(corpus: Path) -> Path:
    out = corpus.parent / "full"
    assert annotate(str(corpus), "--out", str(out), "--format", "jsonl").returncode == 0
    return out


def run_slim(corpus: Path, name: str, *flags: str) -> Path:
    out = corpus.parent / name
    done = annotate(str(corpus), "--out", str(out), "--format", "jsonl", *flags)
    assert done.returncode == 0, done.stderr
    return out


def test_fields_keep_only_what_is_named(corpus: Path, full: Path) -> None:
    out = run_slim(corpus, "fields", "--fields", "entities,topics,meta")
    slim, whole = lines(out), lines(full)
    assert len(slim) == len(whole) == 5
    for small, big in zip(slim, whole, strict=True):
        VALIDATOR.validate(small)
        assert set(small) == {"schema_version", "id", "meta", "entities", "topics", "omitted"}
        assert small["omitted"] == sorted(set(big) - {"meta", "entities", "topics", "id",
                                                      "schema_version"})
        assert {key: small[key] for key in ("id", "meta", "entities", "topics")} == \
            {key: big[key] for key in ("id", "meta", "entities", "topics")}
    assert (out / "annotations.jsonl").stat().st_size * 5 < (full / "annotations.jsonl"
                                                            ).stat().st_size
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["config"]["fields"] == ["schema_version", "id", "meta", "entities",
                                            "topics"]  # in record order
    assert "pipeline" in manifest and manifest["config"]["tokens"] is True


def test_no_tokens_drops_only_the_tokens(corpus: Path, full: Path) -> None:
    out = run_slim(corpus, "no-tokens", "--no-tokens")
    for small, big in zip(lines(out), lines(full), strict=True):
        VALIDATOR.validate(small)
        assert small["omitted"] == ["tokens"]
        assert {key: value for key, value in small.items() if key != "omitted"} == \
            {key: value for key, value in big.items() if key != "tokens"}
    before = (full / "annotations.jsonl").stat().st_size
    after = (out / "annotations.jsonl").stat().st_size
    assert after < 0.75 * before


def test_worker_processes_write_the_same_slim_records(corpus: Path) -> None:
    one = run_slim(corpus, "one-worker", "--no-tokens", "--slim-provenance")
    two = corpus.parent / "two-workers"
    done = annotate(str(corpus), "--out", str(two), "--format", "jsonl", "--no-tokens",
                    "--slim-provenance", "--batch-size", "2", workers=2)
    assert done.returncode == 0, done.stderr
    assert (two / "annotations.jsonl").read_bytes() == (one / "annotations.jsonl").read_bytes()
    assert "tokens" not in lines(two)[0]


def test_slim_provenance_puts_the_pipeline_once_in_the_manifest(corpus: Path,
                                                                full: Path) -> None:
    out = run_slim(corpus, "provenance", "--slim-provenance", "--no-tokens")
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    digest = hashlib.sha256(dumps(manifest["pipeline"]).encode("utf-8")).hexdigest()
    assert manifest["pipeline_id"] == digest
    assert manifest["config"]["slim_provenance"] is True
    assert manifest["config"]["tokens"] is False
    for small, big in zip(lines(out), lines(full), strict=True):
        VALIDATOR.validate(small)
        assert "pipeline" not in small and small["pipeline_id"] == digest
        assert big["pipeline"] == manifest["pipeline"]
        assert small["omitted"] == ["pipeline", "tokens"]


def test_the_schema_still_requires_what_a_record_does_not_say_it_omits(full: Path) -> None:
    record = lines(full)[0]
    VALIDATOR.validate(record)
    without_text = {key: value for key, value in record.items() if key != "text"}
    assert not VALIDATOR.is_valid(without_text)
    assert VALIDATOR.is_valid({**without_text, "omitted": ["text"]})
    assert not VALIDATOR.is_valid({**without_text, "omitted": ["tokens"]})
    assert not VALIDATOR.is_valid({**record, "pipeline_id": "not a digest"})


def test_json_records_slim_too_and_runs_are_byte_identical(corpus: Path) -> None:
    outs = [run_slim(corpus, f"json-{index}", "--format", "json", "--fields", "mentions,text",
                     "--slim-provenance") for index in range(2)]
    first = sorted(path for path in outs[0].glob("*.json") if path.name != "manifest.json")
    assert len(first) == 5
    for path in first:
        record = json.loads(path.read_text("utf-8"))
        VALIDATOR.validate(record)
        assert set(record) == {"schema_version", "id", "text", "mentions", "omitted",
                               "pipeline_id"}
        assert (outs[1] / path.name).read_bytes() == path.read_bytes()


def test_an_unknown_field_is_a_usage_error_naming_the_valid_ones(corpus: Path) -> None:
    done = annotate(str(corpus), "--out", str(corpus.parent / "bad"), "--format", "jsonl",
                    "--fields", "entities,entitys")
    assert done.returncode == 2
    assert "'entitys'" in done.stderr and "valid fields: schema_version, id" in done.stderr
    assert not (corpus.parent / "bad").exists()
    done = annotate(str(corpus), "--out", str(corpus.parent / "bad"), "--format", "parquet",
                    "--no-tokens")
    assert done.returncode == 2 and "--format parquet tables always hold every field" in \
        done.stderr


def test_resume_with_other_fields_is_refused(corpus: Path) -> None:
    out = run_slim(corpus, "resumed", "--fields", "entities")
    before = (out / "annotations.jsonl").read_bytes()
    done = annotate(str(corpus), "--out", str(out), "--format", "jsonl", "--fields",
                    "entities,topics", "--resume")
    assert done.returncode == 2
    assert "fields: ['schema_version', 'id', 'entities'] → ['schema_version', 'id', " \
           "'entities', 'topics']" in done.stderr
    done = annotate(str(corpus), "--out", str(out), "--format", "jsonl", "--fields",
                    "entities", "--no-tokens", "--resume")
    assert done.returncode == 2 and "tokens: True → False" in done.stderr
    done = annotate(str(corpus), "--out", str(out), "--format", "jsonl", "--fields",
                    "entities", "--resume")
    assert done.returncode == 0, done.stderr
    assert (out / "annotations.jsonl").read_bytes() == before


def test_stdin_prints_a_slim_record() -> None:
    done = annotate("-", "--fields", "entities", stdin="Далер Бобиев приехал в Тюмень.")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    VALIDATOR.validate(record)
    assert [entity["name"] for entity in record["entities"]] == ["Далер Бобиев", "Тюмень"]
    assert set(record) == {"schema_version", "id", "entities", "omitted"}


def test_library_slim_records(extractor: Extractor) -> None:
    annotation = extractor.extract("Губернатор Тюменской области провёл совещание.", "a1")
    slim = annotation.to_dict(fields="entities,meta", tokens=False, provenance=False)
    VALIDATOR.validate(slim)
    assert set(slim) == {"schema_version", "id", "entities", "meta", "omitted", "pipeline_id"}
    assert annotation.to_dict() is annotation.record  # the full record, as before
    assert json.loads(annotation.to_json(fields=["topics"]))["topics"] == \
        annotation.record["topics"]
    assert slim_record(annotation.record, ["entities"]) == \
        annotation.to_dict(fields=["entities"])
    assert parse_fields(" topics , id") == ("schema_version", "id", "topics")
    with pytest.raises(BadArgumentError, match="unknown record field.*'tokenz'.*valid fields"):
        annotation.to_dict(fields="tokenz")
    with pytest.raises(BadArgumentError, match="choose one"):
        RecordShape.make("tokens", tokens=False)
