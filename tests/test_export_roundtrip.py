"""``nlp-extract export`` → correct by hand → ``nlp-extract evaluate --gold``: the installed
command on the bundled samples, three factRuEval texts and a text with an emoji (Label Studio
counts offsets in UTF-16)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import conllu
import pytest
import yaml

from nlp_extract.lexicons.loader import load_lexicon_file
from nlp_extract.pipeline.labels import SCHEMA as LABELS_SCHEMA

from conftest import sample_corpus

SCRIPT = Path(sys.executable).parent / "nlp-extract"
FACTRU = ("book_100", "book_105", "book_115")
EMOJI_TEXT = "🚀 Илон Маск заявил, что SpaceX запустит ракету из Техаса.\n"
# a zero-width space inside a token, two spaces, a tab: CoNLL-U keeps them in SpacesAfter
SPACING_TEXT = "Глава\u200b Газпрома Алексей Миллер встретился  с\tмэром Москвы.\nКазань.\n"
FORMATS = ("brat", "conllu", "label-studio")
ADDED = "День гнева"  # book_100: «акция протеста «День гнева»», no mention of ours
EDITED = "book_100"


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), *map(str, args)], capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("export")
    corpus = sample_corpus(root / "corpus", FACTRU)
    (corpus / "emoji.txt").write_text(EMOJI_TEXT, encoding="utf-8")
    (corpus / "spacing.txt").write_text(SPACING_TEXT, encoding="utf-8")
    out = {}
    for layout, extra in (("json", ()), ("jsonl", ()), ("shards", ("--shard-size", "3"))):
        out[layout] = root / f"out_{layout}"
        done = cli("annotate", corpus, "--out", out[layout], "--format",
                   "json" if layout == "json" else "jsonl", "--workers", "1", *extra)
        assert done.returncode == 0, done.stderr
    assert len(list(out["shards"].glob("annotations-*.jsonl"))) == 3
    out["root"] = root
    return out


def records(run: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in
            (run / "annotations.jsonl").read_text(encoding="utf-8").splitlines()]


def scored_mentions(record: dict[str, Any]) -> list[tuple[int, int, str]]:
    return sorted({(m["start"], m["end"], m["label"]) for m in record["mentions"]
                   if m["label"] in ("PER", "LOC", "ORG") and not m["derived"]})


def export(runs: dict[str, Path], fmt: str, layout: str, name: str) -> Path:
    dest = runs["root"] / name
    done = cli("export", runs[layout], "--to", fmt, dest)
    assert done.returncode == 0, done.stderr
    return dest


def evaluate(gold: str, path: Path, *extra: str | Path) -> tuple[dict[str, Any], str]:
    report = path.parent / f"{path.name}-report.json"
    done = cli("evaluate", "--gold", gold, path, "--no-baseline", "--json", report, *extra)
    assert done.returncode == 0, done.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    return data["systems"]["nlp_extract"]["mentions"], done.stdout


@pytest.mark.parametrize(("fmt", "layout"), [("brat", "json"), ("conllu", "jsonl"),
                                             ("label-studio", "json"),
                                             ("label-studio", "jsonl")])
def test_unchanged_export_scores_every_mention(runs: dict[str, Path], fmt: str,
                                               layout: str) -> None:
    dest = export(runs, fmt, layout, f"same-{fmt}-{layout}")
    expected = sum(len(scored_mentions(r)) for r in records(runs["jsonl"]))
    mentions, stdout = evaluate(fmt, dest)
    assert mentions["micro"]["gold"] == expected > 80
    assert mentions["micro"]["correct"] == expected == mentions["micro"]["predicted"]
    for label in ("PER", "LOC", "ORG", "micro"):
        assert mentions[label]["f1"] == 1.0, (label, mentions[label])
    assert "micro    100.0 100.0 100.0" in stdout


@pytest.mark.parametrize("layout", ["jsonl", "shards"])
def test_json_and_jsonl_runs_export_the_same_bytes(runs: dict[str, Path], layout: str) -> None:
    for fmt in FORMATS:
        first = export(runs, fmt, "json", f"bytes-{fmt}-json-{layout}")
        second = export(runs, fmt, layout, f"bytes-{fmt}-{layout}")
        files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
        assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
        for name in files:
            assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_brat_folder_is_what_brat_opens(runs: dict[str, Path]) -> None:
    dest = export(runs, "brat", "json", "brat-files")
    conf = (dest / "annotation.conf").read_text(encoding="utf-8")
    assert "[entities]\nPER\nLOC\nORG\n" in conf and "[relations]" in conf
    record = next(r for r in records(runs["jsonl"]) if r["id"] == EDITED)
    assert (dest / f"{EDITED}.txt").read_bytes().decode("utf-8") == record["text"]
    lines = (dest / f"{EDITED}.ann").read_text(encoding="utf-8").splitlines()
    topics = f"#1\tAnnotatorNotes T{len(lines) - 1}\t" + ", ".join(
        t["id"] for t in record["topics"])
    assert lines.pop() == topics  # a note on the title: brat has no document annotation
    assert lines[-1].startswith(f"T{len(lines)}\tTopics 0 ")
    for line in lines:
        ident, kind, words = line.split("\t")
        label, *offsets = kind.replace(";", " ").split()
        assert ident.startswith("T") and label in ("PER", "LOC", "ORG", "Topics")
        pieces = [record["text"][int(a):int(b)] for a, b in zip(offsets[::2], offsets[1::2],
                                                                strict=True)]
        assert " ".join(pieces) == words


def test_conllu_parses_and_keeps_tokens_topics_and_text(runs: dict[str, Path]) -> None:
    dest = export(runs, "conllu", "jsonl", "conllu-files")
    record = next(r for r in records(runs["jsonl"]) if r["id"] == "000_a5760198d369cf0a")
    sentences = conllu.parse((dest / f"{record['id']}.conllu").read_text(encoding="utf-8"))
    assert sentences[0].metadata["newdoc id"] == record["id"]
    assert sentences[0].metadata["topics"].split(", ") == [t["id"] for t in record["topics"]]
    tokens = [token for sentence in sentences for token in sentence]
    assert [t["form"] for t in tokens] == [t["text"] for t in record["tokens"]]
    assert [t["lemma"] for t in tokens] == [t["lemma"] for t in record["tokens"]]
    assert [t["upos"] for t in tokens] == [t["pos"] for t in record["tokens"]]
    nested = [t for t in tokens if t["misc"]["NER"] == "I-ORG,B-LOC"]
    assert nested and nested[0]["form"] == "Кировского"  # «органах опеки Кировского района»
    assert tokens[6]["misc"]["SpacesAfter"] == "\\n\\n"  # title, blank line, body


def test_label_studio_tasks_count_utf16_and_config_lists_labels(runs: dict[str, Path]) -> None:
    dest = export(runs, "label-studio", "jsonl", "ls-files")
    tasks = json.loads((dest / "tasks.json").read_text(encoding="utf-8"))
    emoji = next(t for t in tasks if t["data"]["doc_id"] == "emoji")
    text = emoji["data"]["text"]
    musk = next(r["value"] for r in emoji["predictions"][0]["result"]
                if r["type"] == "labels" and r["value"]["text"] == "Илон Маск")
    assert musk["start"] == text.index("Илон") + 1  # 🚀 is two UTF-16 units
    assert musk["labels"] == ["PER"]
    config = (dest / "config.xml").read_text(encoding="utf-8")
    for label in ("PER", "LOC", "ORG"):
        assert f'<Label value="{label}"' in config
    sample = next(t for t in tasks if t["data"]["doc_id"] == "000_a5760198d369cf0a")
    topics = next(r for r in sample["predictions"][0]["result"] if r["type"] == "choices")
    assert "guardianship_child_welfare" in topics["value"]["choices"]
    assert 'alias="guardianship_child_welfare"' in config


# -- a person's corrections: one mention deleted, one added -----------------------------------
def _added_span(record: dict[str, Any]) -> tuple[int, int]:
    start = record["text"].index(f"«{ADDED}»") + 1
    end = start + len(ADDED)
    assert not any(m["start"] < end and start < m["end"] for m in record["mentions"])
    return start, end


def _deleted(record: dict[str, Any]) -> tuple[int, int, str]:
    """A PER mention with no other mention inside or around it."""
    for start, end, label in scored_mentions(record):
        if label == "PER" and not any(m["start"] < end and start < m["end"] and
                                      (m["start"], m["end"]) != (start, end)
                                      for m in record["mentions"]):
            return start, end, label
    raise AssertionError("no lone PER mention")


def edit_brat(dest: Path, record: dict[str, Any]) -> None:
    ann = dest / f"{EDITED}.ann"
    start, end, label = _deleted(record)
    lines = [line for line in ann.read_text(encoding="utf-8").splitlines()
             if line.split("\t")[1] != f"{label} {start} {end}"]
    added = _added_span(record)
    lines.append(f"T999\tORG {added[0]} {added[1]}\t{ADDED}")
    ann.write_text("\n".join(lines) + "\n", encoding="utf-8")


def edit_conllu(dest: Path, record: dict[str, Any]) -> None:
    path = dest / f"{EDITED}.conllu"
    start, end, _ = _deleted(record)
    added = _added_span(record)
    lines, position = [], None
    tokens = iter(record["tokens"])
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            token = next(tokens)
            assert token["text"] == line.split("\t")[1]
            position = token["start"]
            if start <= position < end:
                line = line.replace("NER=B-PER", "NER=O").replace("NER=I-PER", "NER=O")
            elif added[0] <= position < added[1]:
                tag = "B-ORG" if position == added[0] else "I-ORG"
                line = line.replace("NER=O", f"NER={tag}")
        lines.append(line)
    assert position is not None
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def edit_label_studio(dest: Path, record: dict[str, Any]) -> None:
    path = dest / "tasks.json"
    tasks = json.loads(path.read_text(encoding="utf-8"))
    task = next(t for t in tasks if t["data"]["doc_id"] == EDITED)
    start, end, _ = _deleted(record)
    result = [r for r in task["predictions"][0]["result"]
              if not (r["type"] == "labels" and (r["value"]["start"], r["value"]["end"])
                      == (start, end))]
    added = _added_span(record)
    result.append({"id": "added", "from_name": "label", "to_name": "text", "type": "labels",
                   "value": {"start": added[0], "end": added[1], "text": ADDED,
                             "labels": ["ORG"]}})
    task["annotations"] = [{"id": 1, "was_cancelled": False, "result": result}]
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")


EDITS = {"brat": edit_brat, "conllu": edit_conllu, "label-studio": edit_label_studio}


@pytest.mark.parametrize("fmt", FORMATS)
def test_corrections_move_precision_and_recall_and_suggest_the_missed_name(
        runs: dict[str, Path], fmt: str) -> None:
    dest = export(runs, fmt, "jsonl", f"edited-{fmt}")
    all_records = records(runs["jsonl"])
    record = next(r for r in all_records if r["id"] == EDITED)
    total = sum(len(scored_mentions(r)) for r in all_records)
    EDITS[fmt](dest, record)
    suggestions = dest.parent / f"edited-{fmt}.yaml"
    mentions, stdout = evaluate(fmt, dest, "--suggest-lexicon", suggestions)
    micro = mentions["micro"]
    # one gold mention gone (a prediction now wrong), one added (a gold mention not found)
    assert (micro["correct"], micro["predicted"], micro["gold"]) == (total - 1, total, total)
    assert micro["precision"] == micro["recall"] == round((total - 1) / total, 4)
    assert mentions["PER"]["precision"] < 1.0 == mentions["PER"]["recall"]
    assert mentions["ORG"]["recall"] < 1.0 == mentions["ORG"]["precision"]
    assert mentions["LOC"]["f1"] == 1.0
    assert "1 missed ORG/LOC name(s)" in stdout
    lexicon = load_lexicon_file(suggestions.resolve(), LABELS_SCHEMA)
    assert lexicon.table("labels") == {"ORG": [ADDED]}


def test_suggested_entry_makes_the_pipeline_find_the_name(runs: dict[str, Path],
                                                          tmp_path: Path) -> None:
    """What the README tells a user to do with the suggestions: add them to a copy of
    entity_labels.yaml and run with it."""
    from nlp_extract import Extractor
    from nlp_extract.resources import models_dir

    data = yaml.safe_load((models_dir() / "entity_labels.yaml").read_text(encoding="utf-8"))
    data["labels"]["ORG"].append(ADDED)
    labels = tmp_path / "entity_labels.yaml"
    labels.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    record = next(r for r in records(runs["jsonl"]) if r["id"] == EDITED)
    start, end = _added_span(record)
    extractor = Extractor(config={"entity_labels": {"labels": str(labels)}})
    found = extractor.extract(record["text"]).to_dict()["mentions"]
    assert (start, end, "ORG") in {(m["start"], m["end"], m["label"]) for m in found}


# -- refusals -------------------------------------------------------------------------------
def test_bad_runs_and_destinations_exit_2(runs: dict[str, Path], tmp_path: Path) -> None:
    parquet = tmp_path / "pq"
    parquet.mkdir()
    (parquet / "manifest.json").write_text(json.dumps({"config": {"format": "parquet"}}))
    done = cli("export", parquet, "--to", "brat", tmp_path / "a")
    assert done.returncode == 2 and "a --format parquet run with no parquet tables" in done.stderr
    assert not (tmp_path / "a").exists()
    full = tmp_path / "full"
    full.mkdir()
    (full / "keep.txt").write_text("x")
    done = cli("export", runs["json"], "--to", "brat", full)
    assert done.returncode == 2 and "not an empty folder" in done.stderr
    done = cli("export", runs["json"], "--to", "docx", tmp_path / "b")
    assert done.returncode == 2 and "brat, conllu, label-studio" in done.stderr
    done = cli("export", tmp_path / "missing", "--to", "brat", tmp_path / "c")
    assert done.returncode == 2 and "no such directory" in done.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("[{\"data\": {}}]", encoding="utf-8")
    done = cli("evaluate", "--gold", "label-studio", broken, "--no-baseline")
    assert done.returncode == 2 and "no data.text" in done.stderr


# -- what the formats must hold that the pipeline rarely gives --------------------------------
def test_line_breaks_and_crossing_mentions_survive_every_format(runs: dict[str, Path],
                                                                tmp_path: Path) -> None:
    """A mention across the title's line break (brat fragments), and one crossing another
    (a third CoNLL-U layer), read back as the same spans."""
    from nlp_extract.evaluate.brat import brat_gold, load_document
    from nlp_extract.evaluate.conllu_entities import load_conllu_entities
    from nlp_extract.evaluate.label_studio import load_label_studio
    from nlp_extract.evaluate.spans import Span
    from nlp_extract.export import brat, conllu, export_mentions, export_topics, label_studio

    record = next(r for r in records(runs["jsonl"]) if r["id"] == "000_a5760198d369cf0a")
    text = record["text"]
    body = text.index("\n\nВ органах") + 2
    extra = [{"start": text.index("тотальную"), "end": body + len("В органах"), "label": "ORG"},
             {"start": text.index("опеки Кировского"), "end": text.index(" Екатеринбурга"),
              "label": "PER"}]
    record = {**record, "mentions": [*record["mentions"], *extra]}
    mentions, topics = export_mentions(record), export_topics(record)
    expected = sorted({Span(m.start, m.end, m.label) for m in mentions})
    types = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}

    (tmp_path / "a.txt").write_text(text, encoding="utf-8", newline="")
    (tmp_path / "a.ann").write_text(brat.ann_text(text, mentions, topics), encoding="utf-8")
    assert ";" in (tmp_path / "a.ann").read_text(encoding="utf-8")  # fragments
    assert brat_gold(load_document(tmp_path / "a.txt"), types) == expected

    document, left_out = conllu.conllu_text(record, mentions, topics)
    assert not left_out and "NER=I-PER,I-ORG,B-LOC" in document  # three layers
    (tmp_path / "a.conllu").write_text(document, encoding="utf-8")
    [read] = load_conllu_entities(tmp_path / "a.conllu", types)
    assert read.text == text and read.spans == expected

    task = label_studio.task(record, mentions, topics, "test")
    (tmp_path / "tasks.json").write_text(json.dumps([task], ensure_ascii=False),
                                         encoding="utf-8")
    [read_task] = load_label_studio(tmp_path / "tasks.json", types)
    assert read_task.spans == expected
