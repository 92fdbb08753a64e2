"""Lemma and POS accuracy on UD Russian-GSD dev (data/ud-gsd-dev), against bare natasha."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from nlp_extract.cli.app import app
from nlp_extract.evaluate.conllu import evaluate_conllu, read_conllu

from conftest import DATA

GSD_DEV = DATA / "ud-gsd-dev" / "ru_gsd-ud-dev.conllu"


@pytest.fixture(scope="module")
def report() -> dict:
    return evaluate_conllu(GSD_DEV)


def test_reader_locates_every_token() -> None:
    sentences = read_conllu(GSD_DEV)
    assert len(sentences) == 579
    for sentence in sentences:
        for token in sentence.tokens:
            assert sentence.text[token.start:token.end] == token.form


def test_lemma_and_pos_accuracy(report: dict) -> None:
    ours = report["systems"]["nlp_extract"]
    # measured: lemma 97.3, POS 94.8 on 11216 aligned tokens of 11709
    assert ours["aligned"] / ours["gold_tokens"] >= 0.95
    assert ours["lemma_accuracy"] >= 0.965
    assert ours["pos_accuracy"] >= 0.94


def test_lemmas_not_worse_than_natasha(report: dict) -> None:
    ours, natasha = report["systems"]["nlp_extract"], report["systems"]["natasha"]
    assert ours["lemma_accuracy"] >= natasha["lemma_accuracy"]


def test_cli_conllu(tmp_path) -> None:
    sample = tmp_path / "tiny.conllu"
    sample.write_text("# text = Стали известны подробности.\n"
                      "1\tСтали\tстать\tVERB\t_\t_\t0\troot\t_\t_\n"
                      "2\tизвестны\tизвестный\tADJ\t_\t_\t1\tx\t_\t_\n"
                      "3\tподробности\tподробность\tNOUN\t_\t_\t1\tx\t_\tSpaceAfter=No\n"
                      "4\t.\t.\tPUNCT\t_\t_\t1\tpunct\t_\t_\n\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", "--gold", "conllu", "--no-baseline",
                                      str(sample)])
    assert result.exit_code == 0, result.output
    assert "100.0   100.0" in result.output
