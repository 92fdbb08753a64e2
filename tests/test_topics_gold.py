"""The topic gold set (data/topics-gold): its shape, its agreement, and floors under the
built-in taxonomy on its dev and test splits, full texts and headlines alone."""

from __future__ import annotations

import hashlib
import json

import pytest

from nlp_extract.topics import load_taxonomy, read_labelled
from nlp_extract.topics.agreement import agreement, cohen_kappa, read_labels
from nlp_extract.topics.io import CorpusDoc
from nlp_extract.topics.workflows import evaluate_labelled, predicted_topics

from conftest import DATA

GOLD = DATA / "topics-gold" / "gold.jsonl"
SECOND = DATA / "topics-gold" / "second.jsonl"
INDEPENDENT = DATA / "topics-gold" / "independent.jsonl"

# Measured (taxonomy revision 2026.12.2, scorer defaults): dev micro F1 0.715, macro 0.703;
# test micro F1 0.670 (P 0.615, R 0.736), macro 0.639. Before this revision (37 topics, no
# senses, no relative cut): dev 0.573 / 0.520, test 0.566 / 0.489. Cues were written from dev.
DEV_MICRO_F1_FLOOR = 0.68
TEST_MICRO_F1_FLOOR = 0.64
TEST_MACRO_F1_FLOOR = 0.60
# Headlines alone (first line of each labelled test text, 197): best topic right 0.594, no
# topic 8.1% (before: 0.431 and 32%).
HEADLINE_BEST_FLOOR = 0.55
HEADLINE_NONE_CEILING = 0.12


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]


def test_gold_set_shape(records) -> None:
    assert len(records) >= 400
    ids = [record["id"] for record in records]
    assert len(set(ids)) == len(ids)
    taxonomy = load_taxonomy()
    for record in records:
        assert set(record) == {"id", "source", "split", "text", "labels"}, record["id"]
        assert record["source"] in ("wikinews", "tgcontest", "samples")
        assert set(record["labels"]) <= set(taxonomy.ids), record["id"]
        digest = int(hashlib.sha256(record["id"].encode("utf-8")).hexdigest(), 16)
        assert record["split"] == ("test" if digest % 2 else "dev"), record["id"]
    splits = [record["split"] for record in records]
    assert splits.count("dev") >= 150 and splits.count("test") >= 150
    used = {label for record in records for label in record["labels"]}
    assert {"international_relations", "history_memory", "media_journalism",
            "protests_civil_society"} <= used


def test_double_labelled_subset_agrees(records) -> None:
    second = read_labels(SECOND)
    assert len(second) >= 100 and set(second) <= {record["id"] for record in records}
    report = agreement(read_labels(GOLD), second)
    assert report["texts"] == len(second)
    assert report["pooled_kappa"] >= 0.8, report  # measured 0.961 (one labeller, two passes)
    assert cohen_kappa(5, 0, 0, 5) == 1.0 and cohen_kappa(0, 5, 5, 0) == -1.0
    assert cohen_kappa(0, 0, 0, 10) is None


def test_independent_labeller_agrees(records) -> None:
    """The same 110 texts labelled by a second annotator from the guideline alone, without
    the first labels: inter-annotator agreement."""
    independent = read_labels(INDEPENDENT)
    assert set(independent) == set(read_labels(SECOND))
    labels = set(load_taxonomy().ids)
    assert all(set(topics) <= labels for topics in independent.values())
    report = agreement(read_labels(GOLD), independent)
    assert report["texts"] == 110
    assert report["pooled_kappa"] >= 0.8, report  # measured 0.854


@pytest.mark.parametrize(("split", "micro_floor", "macro_floor"),
                         [("dev", DEV_MICRO_F1_FLOOR, 0.0),
                          ("test", TEST_MICRO_F1_FLOOR, TEST_MACRO_F1_FLOOR)])
def test_taxonomy_on_the_gold_split(nlp, split: str, micro_floor: float,
                                    macro_floor: float) -> None:
    docs = read_labelled(GOLD, split=split)
    assert {doc.split for doc in docs} == {split}
    report = evaluate_labelled(docs, nlp, "taxonomy")
    assert report.micro_f1 >= micro_floor, report.format()
    assert report.macro_f1 >= macro_floor, report.format()


def test_headlines_get_their_best_topic(nlp) -> None:
    docs = [doc for doc in read_labelled(GOLD, split="test")
            if doc.labels and not doc.id.startswith("sample")]
    heads = [CorpusDoc(id=doc.id, text=doc.text.split("\n", 1)[0].strip(), labels=doc.labels)
             for doc in docs]
    predicted = predicted_topics(heads, nlp, "taxonomy")
    best = sum(1 for doc, ids in zip(heads, predicted, strict=True)
               if ids and ids[0] in doc.labels) / len(heads)
    none = sum(1 for ids in predicted if not ids) / len(heads)
    assert best >= HEADLINE_BEST_FLOOR and none <= HEADLINE_NONE_CEILING, (best, none)


def test_cli_evaluates_a_split_and_reports_agreement(tmp_path) -> None:
    from typer.testing import CliRunner

    from nlp_extract.cli.app import app

    runner = CliRunner()
    lines = [line for line in GOLD.read_text("utf-8").splitlines() if line.strip()][:12]
    small = tmp_path / "small.jsonl"
    small.write_text("\n".join(lines) + "\n", "utf-8")
    splits = [json.loads(line)["split"] for line in lines]
    result = runner.invoke(app, ["topics", "evaluate", str(small), "--split", "test"])
    assert result.exit_code == 0, result.output
    assert "split test" in result.output
    assert f"{splits.count('test')} documents" in result.output
    result = runner.invoke(app, ["topics", "evaluate", str(small), "--split", "nope"])
    assert result.exit_code == 2 and "no records with split 'nope'" in result.output
    result = runner.invoke(app, ["topics", "agreement", str(GOLD), str(SECOND)])
    assert result.exit_code == 0, result.output
    assert "pooled kappa" in result.output and "international_relations" in result.output
    result = runner.invoke(app, ["topics", "agreement", str(GOLD), str(tmp_path / "no.jsonl")])
    assert result.exit_code == 2 and "no such file" in result.output
