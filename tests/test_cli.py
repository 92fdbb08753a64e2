"""``nlp-extract annotate`` end to end on a temporary corpus."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from nlp_extract.cli.app import app
from nlp_extract.record import record_schema

from conftest import SAMPLES

runner = CliRunner()


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "ural").mkdir(parents=True)
    for sample in SAMPLES.glob("*.txt"):
        shutil.copy(sample, root / "ural" / sample.name)
    (root / "short.txt").write_text("Губернатор Тюменской области провёл совещание.", "utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "image.txt").write_bytes(bytes(range(256)) * 8)
    (root / "notes.md").write_text("not an input", "utf-8")
    return root


def _errors(out: Path) -> dict[str, str]:
    lines = (out / "errors.jsonl").read_text("utf-8").splitlines()
    return {Path(entry["path"]).name: entry["reason"] for entry in map(json.loads, lines)}


def test_annotate_directory_reports_bad_files_and_writes_the_rest(corpus: Path, tmp_path: Path
                                                                  ) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["annotate", str(corpus), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "annotated 3 article(s), 2 failed" in result.output
    errors = _errors(out)
    assert set(errors) == {"empty.txt", "image.txt"}
    assert "empty" in errors["empty.txt"] and "binary" in errors["image.txt"]
    written = sorted(path.relative_to(out).as_posix() for path in out.rglob("*.json")
                     if ".nlp_extract" not in path.parts)
    assert written == ["manifest.json", "short.json", "ural/000_a5760198d369cf0a.json",
                       "ural/002_0aca802ec92ce916.json"]
    record = json.loads((out / "short.json").read_text("utf-8"))
    jsonschema.validate(record, record_schema())
    assert record["id"] == "short"
    assert record["source"]["path"].endswith("short.txt")
    assert [e["name"] for e in record["entities"]] == ["Тюменская область"]
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["counts"] == {"inputs": 5, "done": 3, "failed": 2}
    assert manifest["pipeline"]["nlp_extract"]


def test_jsonl_output_is_deterministic(corpus: Path, tmp_path: Path) -> None:
    outputs = []
    for name in ("a", "b"):
        out = tmp_path / name
        result = runner.invoke(app, ["annotate", str(corpus), "--out", str(out),
                                     "--format", "jsonl", "--batch-size", "2"])
        assert result.exit_code == 1
        outputs.append((out / "annotations.jsonl").read_bytes())
    assert outputs[0] == outputs[1]
    ids = [json.loads(line)["id"] for line in outputs[0].decode("utf-8").splitlines()]
    assert ids == ["short", "ural/000_a5760198d369cf0a", "ural/002_0aca802ec92ce916"]


def test_all_good_inputs_exit_zero(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["annotate", str(SAMPLES), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "errors.jsonl").read_text("utf-8") == ""


def test_stdin_prints_one_record() -> None:
    result = runner.invoke(app, ["annotate", "-"], input="Далер Бобиев уехал в Тюмень.".encode())
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert [e["name"] for e in record["entities"]] == ["Далер Бобиев", "Тюмень"]


@pytest.mark.parametrize("args", [
    ["annotate", "missing-dir", "--out", "OUT"],
    ["annotate", "SAMPLES", "--out", "FILE"],
    ["annotate", "SAMPLES", "--out", "OUT", "--no-such-flag"],
    ["annotate", "SAMPLES"],
    ["annotate", "SAMPLES", "--out", "OUT", "--format", "xml"],
])
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    afile = tmp_path / "file.txt"
    afile.write_text("x", "utf-8")
    values = {"OUT": str(tmp_path / "out"), "FILE": str(afile), "SAMPLES": str(SAMPLES)}
    result = runner.invoke(app, [values.get(arg, arg) for arg in args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_console_script_is_installed(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "nlp-extract"
    done = subprocess.run([str(script), "annotate", str(tmp_path / "nothing"), "--out",
                           str(tmp_path / "o")], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "input not found" in done.stderr


def test_mixed_folder_says_which_reader_and_encoding(tmp_path: Path) -> None:
    fixtures = Path(__file__).parent / "fixtures_readers"
    corpus = tmp_path / "mixed"
    corpus.mkdir()
    shutil.copy(fixtures / "news.html", corpus / "page.html")
    shutil.copy(fixtures / "corpus.jsonl", corpus / "feed.jsonl")
    text = (SAMPLES / "000_a5760198d369cf0a.txt").read_text("utf-8")
    (corpus / "legacy.txt").write_bytes(text.encode("cp1251"))
    out = tmp_path / "out"
    result = runner.invoke(app, ["annotate", str(corpus), "--out", str(out),
                                 "--format", "jsonl"])
    records = [json.loads(line) for line in
               (out / "annotations.jsonl").read_text("utf-8").splitlines()]
    readers = {(r["meta"]["reader"], r["meta"]["encoding"]) for r in records}
    assert {("html", "utf-8"), ("txt", "cp1251")} <= readers
    assert any(reader == "jsonl" for reader, _encoding in readers)
    legacy = next(r for r in records if r["id"] == "legacy")
    assert legacy["meta"]["title"] == "Сотрудники свердловской опеки попали под тотальную слежку"
    assert legacy["meta"]["published"].startswith("2024-07-25T18:33")
    errors = (out / "errors.jsonl").read_text("utf-8").splitlines()
    assert result.exit_code == (1 if errors else 0)
    assert all("line" in json.loads(line) for line in errors)  # only the bad jsonl lines


def test_ids_never_clash_so_no_output_overwrites_another(tmp_path: Path) -> None:
    """Same stem, two suffixes; a .jsonl record and a file in the folder named like the
    .jsonl; the same relative path under two inputs: every article keeps its own output."""
    first, second = tmp_path / "first", tmp_path / "second"
    (first / "feed").mkdir(parents=True)
    second.mkdir()
    text = "Губернатор Тюменской области Александр Моор провёл совещание в Тюмени."
    (first / "a.txt").write_text(text, encoding="utf-8")
    (first / "a.html").write_text(f"<html><body><p>{text}</p></body></html>", encoding="utf-8")
    (first / "feed.jsonl").write_text(json.dumps({"id": "ok-1", "text": text}) + "\n",
                                      encoding="utf-8")
    (first / "feed" / "ok-1.txt").write_text(text, encoding="utf-8")
    (second / "a.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["annotate", str(first), str(second), "--out", str(out),
                                 "--workers", "1", "--no-progress"])
    assert result.exit_code == 0, result.output
    ids = sorted(json.loads(path.read_text(encoding="utf-8"))["id"]
                 for path in out.rglob("*.json")
                 if path.name != "manifest.json" and ".nlp_extract" not in path.parts)
    assert ids == ["a", "a.txt", "a.txt.2", "feed/ok-1", "feed/ok-1.txt"]


def test_command_list_gives_each_command_its_summary_on_one_line() -> None:
    """The command list shows each docstring's first paragraph as one line of text (typer
    would keep the docstring's line breaks in the middle of it)."""
    import typer

    from nlp_extract.cli.app import _summary
    from nlp_extract.cli.evaluate import evaluate

    listing = CliRunner().invoke(app, ["--help"]).output
    assert "and exact whole mentions, the share" in listing  # a docstring line break before
    assert typer.main.get_command(app).commands["evaluate"].short_help == _summary(evaluate)
    assert "\n" not in _summary(evaluate) and len(_summary(evaluate)) > 100
