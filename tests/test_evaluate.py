"""Evaluation: scorers on hand-made tables, the factRuEval and BRAT readers, the CLI command,
and a regression run of our pipeline and bare natasha on data/factru-dev."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from nlp_extract.cli.evaluate import evaluate
from nlp_extract.evaluate import EvaluationReport, evaluate_brat, evaluate_factru, format_report
from nlp_extract.evaluate import runner as evaluate_runner
from nlp_extract.evaluate.alignment import Anchor, align_text
from nlp_extract.evaluate.brat import BratFormatError, load_brat, parse_type_map
from nlp_extract.evaluate.factru import (
    FactruCoref,
    close_quote,
    gold_names,
    load_factru,
    mention_gold,
    naeval_gold,
    person_names,
)
from nlp_extract.evaluate.scoring import (
    MENTIONS,
    MICRO,
    PRF,
    TOKENS,
    io_tags,
    mention_scores,
    micro,
    name_scores,
    token_scores,
)
from nlp_extract.evaluate.spans import Mention, Span, filter_overlapping, fold_name
from nlp_extract.evaluate.systems import SystemOutput

FACTRU_DEV = Path(__file__).resolve().parent.parent / "data" / "factru-dev"


# -- scorers ----------------------------------------------------------------------------------
def test_prf_arithmetic() -> None:
    score = PRF(correct=3, predicted=4, gold=6)
    assert score.precision == 0.75
    assert score.recall == 0.5
    assert score.f1 == pytest.approx(0.6)
    assert PRF().f1 == 0.0 and PRF(gold=2).recall == 0.0


def test_mention_scores_count_exact_matches_per_label() -> None:
    gold = [Span(0, 11, "PER"), Span(20, 26, "LOC"), Span(30, 40, "ORG")]
    pred = [Span(0, 11, "PER"), Span(20, 25, "LOC"), Span(30, 40, "LOC"), Span(50, 55, "ORG")]
    scores = mention_scores(pred, gold)
    assert (scores["PER"].correct, scores["PER"].predicted, scores["PER"].gold) == (1, 1, 1)
    assert (scores["LOC"].correct, scores["LOC"].predicted, scores["LOC"].gold) == (0, 2, 1)
    assert (scores["ORG"].correct, scores["ORG"].predicted, scores["ORG"].gold) == (0, 1, 1)
    total = micro(scores)
    assert (total.correct, total.predicted, total.gold) == (1, 4, 3)


def test_token_scores_count_tokens_and_credit_partial_overlap() -> None:
    text = "Юрий Лужков приехал в мэрию Москвы ."
    #       0    5      12      20 22    28     35
    gold = [Span(0, 11, "PER"), Span(28, 34, "LOC")]
    pred = [Span(5, 11, "PER"), Span(22, 34, "LOC")]  # surname only; «мэрию Москвы» as LOC
    scores = token_scores(text, pred, gold)
    assert (scores["PER"].correct, scores["PER"].predicted, scores["PER"].gold) == (1, 1, 2)
    assert scores["PER"].precision == 1.0 and scores["PER"].recall == 0.5
    assert (scores["LOC"].correct, scores["LOC"].predicted, scores["LOC"].gold) == (1, 2, 1)
    assert scores["ORG"].f1 == 0.0 and scores["ORG"].gold == 0


def test_token_scores_drop_misaligned_and_overlapping_predictions() -> None:
    text = "Юрий Лужков приехал"
    gold = [Span(0, 11, "PER")]
    misaligned = token_scores(text, [Span(0, 3, "PER")], gold)["PER"]
    assert (misaligned.predicted, misaligned.correct) == (0, 0)
    overlapping = token_scores(text, [Span(0, 11, "PER"), Span(5, 19, "LOC")], gold)
    assert overlapping["PER"].f1 == 1.0 and overlapping["LOC"].predicted == 0


def test_token_scores_let_the_innermost_of_nested_mentions_win() -> None:
    text = "у здания мэрии Москвы"
    gold = [Span(15, 21, "LOC")]
    nested = token_scores(text, [Span(9, 21, "ORG"), Span(15, 21, "LOC")], gold)
    assert (nested["LOC"].correct, nested["LOC"].predicted) == (1, 1)
    assert (nested["ORG"].predicted, nested["ORG"].gold) == (1, 0)


def test_io_tags_follow_naeval() -> None:
    tokens = [(0, 4), (5, 11), (12, 19), (20, 21)]
    assert io_tags(tokens, [Span(5, 19, "ORG")]) == [False, True, True, False]
    assert io_tags(tokens, [Span(0, 4, "PER"), Span(12, 21, "PER")]) == [True, False, True, True]


def test_filter_overlapping_keeps_earlier_then_longer() -> None:
    spans = [Span(4, 10, "LOC"), Span(0, 10, "ORG"), Span(0, 3, "PER"), Span(12, 14, "PER")]
    assert filter_overlapping(spans) == [Span(0, 10, "ORG"), Span(12, 14, "PER")]


def test_fold_name_rule() -> None:
    assert fold_name("  Пётр  ЁЛКИН ") == "петр елкин"
    assert fold_name("Саишвили - Чантурия") == fold_name("саишвили-чантурия")
    assert fold_name("Юрий Лужков") != fold_name("Юрия Лужкова")


def test_name_scores_share_of_all_and_of_found() -> None:
    gold = [("PER", ["Юрий Лужков"], [Span(0, 11, "PER")]),
            ("LOC", ["Москва"], [Span(20, 26, "LOC")]),
            ("ORG", ["мэрия Москвы"], [Span(14, 26, "ORG")]),
            ("ORG", ["Мосгордума"], [Span(40, 50, "ORG")])]
    mentions = [Span(0, 11, "PER"), Span(20, 26, "LOC")]
    scores = name_scores(gold, ["юрий лужков", "Москва"], mentions)
    assert (scores["PER"].produced, scores["PER"].total) == (1, 1)
    assert (scores["LOC"].produced, scores["LOC"].found) == (1, 1)
    org = scores["ORG"]
    assert (org.produced, org.total, org.found, org.produced_found) == (0, 2, 1, 0)
    assert org.share == 0.0 and org.share_found == 0.0


# -- factRuEval reader ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def factru_docs() -> list:
    return load_factru(FACTRU_DEV)


def _squeeze(text: str) -> str:
    return "".join(text.split())


def test_factru_reads_all_documents(factru_docs: list) -> None:
    assert len(factru_docs) == 122
    assert [d.id for d in factru_docs[:2]] == ["book_58", "book_61"]
    assert sum(len(d.objects) for d in factru_docs) == 2611
    # one span in book_367 («Жан-Мари Ле Пен») is commented with fewer tokens than it covers
    assert {d.id for d in factru_docs if d.quirks} == {"book_367"}


def test_factru_offsets_slice_to_commented_words(factru_docs: list) -> None:
    """Every object's spans, in order, slice the text to the words commented in .objects."""
    checked = 0
    for document in factru_docs:
        path = FACTRU_DEV / f"{document.id}.objects"
        comments = {line.split()[0]: line.partition("#")[2]
                    for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
        for obj in document.objects:
            sliced = "".join(document.text[s.start:s.end] for s in obj.spans)
            if document.id != "book_367":
                assert _squeeze(sliced) == _squeeze(comments[obj.id]), (document.id, obj.id)
            checked += 1
    assert checked == 2611


def test_factru_book_100(factru_docs: list) -> None:
    doc = next(d for d in factru_docs if d.id == "book_100")
    assert doc.text[313:325] == "Юрия Лужкова"
    labels = {(doc.text[s.start:s.end], s.label) for s in naeval_gold(doc)}
    assert ("Юрия Лужкова", "PER") in labels and ("Мосгордумы", "ORG") in labels
    assert ("Москвы", "LOC") in labels and ("мэрии Москвы", "ORG") not in labels
    whole = {(doc.text[s.start:s.end], s.label) for s in mention_gold(doc)}
    assert ("мэрии Москвы", "ORG") in whole and ("Москвы", "LOC") in whole
    assert ("движения «Солидарность»", "ORG") in whole
    names = {(g.label, g.names[0]) for g in gold_names(doc)}
    assert {("PER", "Юрий Лужков"), ("LOC", "Москва"), ("ORG", "мэрия Москвы")} <= names
    assert all(g.names for g in gold_names(doc))


def test_factru_naeval_gold_prefers_org_name_over_inner_loc(factru_docs: list) -> None:
    doc = factru_docs[0]  # book_58: «миде Грузии» = Org(org_name миде, loc_name Грузии)
    spans = [(doc.text[s.start:s.end], s.label) for s in naeval_gold(doc)]
    assert spans[:3] == [("Италии", "LOC"), ("миде", "ORG"), ("Грузии", "LOC")]


def test_person_names_variants() -> None:
    def coref(*slots: tuple[str, str]) -> FactruCoref:
        return FactruCoref("1", ("10",), slots)

    assert person_names(coref(("firstname", "Борис"), ("patronymic", "Николаевич"),
                              ("lastname", "Ельцин"))) == ["Борис Николаевич Ельцин"]
    assert person_names(coref(("firstname", "Цзиньтао"), ("lastname", "Ху"))) == [
        "Цзиньтао Ху", "Ху Цзиньтао"]
    assert "Ирина Саишвили-Чантурия" in person_names(
        coref(("firstname", "Ирина"), ("lastname", "Саишвили"), ("lastname1", "Чантурия")))
    assert person_names(coref(("nickname", "zyalt"))) == ["zyalt"]


def test_close_quote() -> None:
    text = "движения «Солидарность» и «Яблоко»"
    assert close_quote(text, 0, 22) == 23
    assert close_quote(text, 26, 33) == 34
    assert close_quote(text, 26, 34) == 34  # balanced already
    assert close_quote(text, 27, 33) == 33  # no quote inside
    assert close_quote(text, 0, 8) == 8


def test_align_text_handles_bom_and_crlf() -> None:
    raw = "\ufeffИван\r\nМосква"
    text, quirks = align_text(raw, [Anchor(0, 4, "Иван"), Anchor(5, 11, "Москва")])
    assert text == "Иван\nМосква" and quirks == ["BOM removed", "CRLF read as LF"]
    text, quirks = align_text(raw, [Anchor(1, 5, "Иван"), Anchor(7, 13, "Москва")])
    assert text == " Иван\r\nМосква" and quirks == ["BOM kept as a space"]


# -- BRAT reader ------------------------------------------------------------------------------
BRAT_TEXT = "Далер Бобиев приехал в Тюмень.\r\nОн работает в «Газпроме»."
BRAT_ANN = ("T1\tPERSON 0 12\tДалер Бобиев\n"
            "T2\tLOCATION 23 29\tТюмень\n"
            "T3\tORGANIZATION 46 53\tГазпром\n"  # offsets count \r\n as one character
            "R1\tWorks Arg1:T1 Arg2:T3\n"
            "T4\tEVENT 13 20\tприехал\n")


@pytest.fixture()
def brat_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "a1.txt").write_bytes(BRAT_TEXT.encode("utf-8"))
    (folder / "a1.ann").write_text(BRAT_ANN, encoding="utf-8")
    (folder / "notes.txt").write_text("no .ann: ignored", encoding="utf-8")
    return folder


def test_brat_reader(brat_dir: Path) -> None:
    [doc] = load_brat(brat_dir)
    assert doc.quirks == ["CRLF read as LF"]
    assert [(e.type, doc.text[e.start:e.end]) for e in doc.entities] == [
        ("PERSON", "Далер Бобиев"), ("LOCATION", "Тюмень"), ("ORGANIZATION", "Газпром"),
        ("EVENT", "приехал")]


def test_parse_type_map() -> None:
    assert parse_type_map("PER=PERSON, LOC=LOCATION,LOC=GPE") == {
        "PERSON": "PER", "LOCATION": "LOC", "GPE": "LOC"}
    assert parse_type_map(None) == {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}
    for bad in ("PERSON", "MISC=THING", "PER=", "PER=X,LOC=X"):
        with pytest.raises(BratFormatError):
            parse_type_map(bad)


def _fake_system(outputs: dict[str, SystemOutput]):
    def run(texts: Sequence[tuple[str, str]]) -> list[SystemOutput]:
        return [outputs.get(doc_id, SystemOutput()) for doc_id, _text in texts]
    return run


def test_evaluate_brat_with_fake_systems(brat_dir: Path) -> None:
    good = SystemOutput([Mention(0, 12, "PER", "Далер Бобиев"), Mention(23, 29, "LOC", "Тюмень"),
                         Mention(46, 54, "ORG", "Газпроме")])
    report = evaluate_brat(brat_dir, "PER=PERSON,LOC=LOCATION,ORG=ORGANIZATION",
                           systems={"ours": _fake_system({"a1": good}),
                                    "none": _fake_system({})}, examples=5)
    assert report.documents == 1
    assert report.f1("ours", MENTIONS, "PER") == 1.0
    assert report.f1("ours", MENTIONS, "ORG") == 0.0  # «Газпроме» vs gold «Газпром»
    tokens = report.systems["ours"].score(TOKENS, MICRO)  # «Газпром» is not a whole token
    assert (tokens.correct, tokens.predicted, tokens.gold) == (3, 4, 3)
    assert report.systems["none"].score(TOKENS, MICRO).predicted == 0
    assert "boundary ORG" in report.examples
    text = format_report(report)
    assert "ours" in text and "none" in text and "normal forms" not in text


# -- CLI --------------------------------------------------------------------------------------
@pytest.fixture()
def cli() -> typer.Typer:
    app = typer.Typer()
    app.command("evaluate")(evaluate)

    @app.command("noop")
    def noop() -> None:
        """A second command so that ``evaluate`` is a subcommand, as in the real app."""

    return app


def test_cli_rejects_bad_arguments(cli: typer.Typer, brat_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    cases = [
        ["evaluate", "--gold", "factru", str(tmp_path / "missing")],
        ["evaluate", "--gold", "conll", str(brat_dir)],
        ["evaluate", "--gold", "brat", "--types", "PER=PERSON,FOO=BAR", str(brat_dir)],
        ["evaluate", "--gold", "brat", "--types", "PERSON", str(brat_dir)],
        ["evaluate", "--gold", "factru", "--types", "PER=PERSON", str(brat_dir)],
        ["evaluate", "--gold", "factru", str(brat_dir)],  # no book_N.txt there
    ]
    for args in cases:
        result = runner.invoke(cli, args)
        assert result.exit_code == 2, (args, result.output)
        assert "error" in result.output.lower(), args


def test_cli_brat_report_and_json(cli: typer.Typer, brat_dir: Path, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    good = SystemOutput([Mention(0, 12, "PER", "Далер Бобиев")])
    monkeypatch.setattr(evaluate_runner, "default_systems",
                        lambda *args, **kwargs: {"ours": _fake_system({"a1": good})})
    out = tmp_path / "report.json"
    result = CliRunner().invoke(cli, ["evaluate", "--gold", "brat", "--types",
                                      "PER=PERSON,LOC=LOCATION,ORG=ORGANIZATION",
                                      "--json", str(out), str(brat_dir)])
    assert result.exit_code == 0, result.output
    assert "whole mentions" in result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["systems"]["ours"]["mentions"]["PER"]["f1"] == 1.0
    assert data["systems"]["ours"]["mentions"]["LOC"]["recall"] == 0.0


# -- regression on factRuEval dev -------------------------------------------------------------
@pytest.fixture(scope="session")
def factru_report() -> EvaluationReport:
    report = evaluate_factru(FACTRU_DEV)
    print("\n" + format_report(report))
    return report


# F1 (and name shares) measured on data/factru-dev, minus about 1.5 points. Measured:
# tokens PER 98.0 LOC 93.9 ORG 82.0; mentions PER 96.5 LOC 93.8 ORG 80.3;
# names PER 93.2 LOC 94.2 ORG 85.0 (all 91.1). naeval's ORG counts names only (org_name): it
# scores a mention's core, and nothing of a descriptive one («правительство Китая»).
MIN_F1 = {
    TOKENS: {"PER": 0.965, "LOC": 0.925, "ORG": 0.805},
    MENTIONS: {"PER": 0.95, "LOC": 0.92, "ORG": 0.785},
}
MIN_NAME_SHARE = {"PER": 0.915, "LOC": 0.925, "ORG": 0.835}
# issue 4's goal, kept exactly: the canonical name of at least 90% of all gold entities
GOAL_NAME_SHARE = 0.90


@pytest.mark.parametrize("protocol", [TOKENS, MENTIONS])
@pytest.mark.parametrize("label", ["PER", "LOC", "ORG"])
def test_factru_pipeline_f1(factru_report: EvaluationReport, protocol: str, label: str) -> None:
    f1 = factru_report.f1("nlp_extract", protocol, label)
    assert f1 >= MIN_F1[protocol][label], f"{protocol} {label} F1 {f1:.3f}"


@pytest.mark.parametrize("label", ["PER", "LOC", "ORG"])
def test_factru_pipeline_normal_forms(factru_report: EvaluationReport, label: str) -> None:
    share = factru_report.systems["nlp_extract"].name_share(label)
    assert share is not None and share.total > 0
    assert share.share >= MIN_NAME_SHARE[label], f"{label} names {share.share:.3f}"


@pytest.mark.parametrize("protocol", [TOKENS, MENTIONS])
@pytest.mark.parametrize("label", ["PER", "LOC", "ORG"])
def test_factru_pipeline_not_worse_than_natasha(factru_report: EvaluationReport,
                                                protocol: str, label: str) -> None:
    ours = factru_report.f1("nlp_extract", protocol, label)
    natasha = factru_report.f1("natasha", protocol, label)
    assert ours >= natasha, f"{protocol} {label}: ours {ours:.3f}, natasha {natasha:.3f}"


def test_factru_whole_mention_org_beats_natasha_by_five_points(
        factru_report: EvaluationReport) -> None:
    ours = factru_report.f1("nlp_extract", MENTIONS, "ORG")
    natasha = factru_report.f1("natasha", MENTIONS, "ORG")
    assert ours >= natasha + 0.05, f"ORG: ours {ours:.3f}, natasha {natasha:.3f}"


def test_factru_normal_forms_meet_the_goal(factru_report: EvaluationReport) -> None:
    share = factru_report.systems["nlp_extract"].name_share("all")
    assert share is not None and share.total > 1000
    assert share.share >= GOAL_NAME_SHARE, f"names {share.share:.3f} of {share.total}"


def test_factru_normal_forms_beat_natasha(factru_report: EvaluationReport) -> None:
    ours = factru_report.systems["nlp_extract"].name_share("all")
    natasha = factru_report.systems["natasha"].name_share("all")
    assert ours is not None and natasha is not None
    assert ours.share >= natasha.share + 0.05


def test_token_scores_do_not_depend_on_the_order_of_equal_spans() -> None:
    """Two mentions of one span with two labels: the score is the same whatever order (and
    so whatever string hashes) they come in."""
    text = "Кремль заявил о переговорах."
    gold = [Span(0, 6, "ORG")]
    both = [Span(0, 6, "LOC"), Span(0, 6, "ORG")]
    first = token_scores(text, both, gold)
    second = token_scores(text, list(reversed(both)), gold)
    assert {label: score.to_dict() for label, score in first.items()} == \
        {label: score.to_dict() for label, score in second.items()}
    assert filter_overlapping(both) == filter_overlapping(list(reversed(both))) == [both[0]]
