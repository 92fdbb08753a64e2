"""Exit status of ``nlp-extract evaluate`` and ``nlp-extract topics``: 0 ok, 2 usage or a
malformed input named on the command line, 3 when the run itself fails (a broken
installation, an output that cannot be written)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from nlp_extract.cli.evaluate import evaluate
from nlp_extract.cli.topics import topics_app
from nlp_extract.errors import (
    EXIT_RUN_FAILED,
    EXIT_USAGE,
    BadArgumentError,
    BadInputError,
    InternalError,
    RunError,
    exit_status,
)

evaluate_app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
evaluate_app.command("evaluate")(evaluate)
evaluate_app.command("unused")(lambda: None)  # keeps "evaluate" a subcommand


def test_exit_status_of_each_error_class():
    assert exit_status(BadArgumentError("x")) == EXIT_USAGE == 2
    assert exit_status(RunError("x")) == 3  # a run that failed part way

    class Refused(RunError):
        exit_code = 2

    assert exit_status(Refused("x")) == 2  # a run refused before it changed anything
    assert exit_status(BadInputError("x")) == 1
    assert exit_status(InternalError("x")) == EXIT_RUN_FAILED == 3
    assert exit_status(PermissionError("x")) == 3


def _brat(tmp_path: Path, ann: str) -> Path:
    (tmp_path / "doc.txt").write_text("Далер Бобиев приехал в Тюмень.", encoding="utf-8")
    (tmp_path / "doc.ann").write_text(ann, encoding="utf-8")
    return tmp_path


def test_evaluate_malformed_gold_is_a_usage_error(tmp_path: Path):
    gold = _brat(tmp_path, "T1\tPER\n")
    result = CliRunner().invoke(evaluate_app, ["evaluate", str(gold), "--gold", "brat"])
    assert result.exit_code == 2, result.output
    assert "doc.ann: line 1: bad offsets" in result.output
    assert "Traceback" not in result.output


def test_topics_evaluate_report_that_cannot_be_written_exits_3(tmp_path: Path):
    labelled = tmp_path / "labelled.jsonl"
    labelled.write_text("\n".join(json.dumps({"text": text, "labels": ["x"]}, ensure_ascii=False)
                                  for text in ["Врачи больницы провели операцию.",
                                               "Школа открыла новый класс."]) + "\n",
                        encoding="utf-8")
    unwritable = tmp_path / "no" / "such" / "dir" / "report.json"
    result = CliRunner().invoke(topics_app, ["evaluate", str(labelled), "--json",
                                             str(unwritable)])
    assert result.exit_code == 3, result.output
    assert "nlp-extract topics evaluate: failed:" in result.output
    assert "Traceback" not in result.output


BROKEN_INSTALL = """
import sys
from pathlib import Path
import nlp_extract.resources as resources
resources.natasha_data_dir = lambda: Path(sys.argv[1])  # natasha's model files are gone
from typer.testing import CliRunner
from nlp_extract.cli.topics import topics_app
result = CliRunner().invoke(topics_app, sys.argv[2:])
print(result.output)
sys.exit(result.exit_code)
"""


@pytest.mark.parametrize("command", ["evaluate", "discover"])
def test_topics_with_a_broken_installation_exits_3(tmp_path: Path, command: str):
    labelled = tmp_path / "labelled.jsonl"
    labelled.write_text(json.dumps({"text": "Школа открыла класс.", "labels": ["x"]},
                                   ensure_ascii=False) + "\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Школа открыла новый класс.", encoding="utf-8")
    args = [str(labelled)] if command == "evaluate" else [str(corpus), "--k", "1"]
    run = subprocess.run([sys.executable, "-c", BROKEN_INSTALL, str(tmp_path / "gone"),
                          command, *args], capture_output=True, text=True, timeout=300)
    assert run.returncode == 3, run.stdout + run.stderr
    assert "natasha model file missing" in run.stdout + run.stderr
