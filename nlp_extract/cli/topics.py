"""``nlp-extract topics discover|train|evaluate``: thin wrappers over
:mod:`nlp_extract.topics.workflows`. Registered by the app as
``app.add_typer(topics_app, name="topics")``.

Exit status: 0 on success, 2 for usage errors (missing input, bad option, a taxonomy or model
that does not validate: the message names the file, topic and field), 3 when the run itself
fails (a broken installation, an output that cannot be written).
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ..errors import BadArgumentError
from .evaluate import exit_on_failure

topics_app = typer.Typer(
    name="topics",
    help="Corpus-level topics: discover them, train a model, evaluate on labelled data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _usage_error(command: str, message: str) -> typer.Exit:
    typer.echo(f"nlp-extract topics {command}: error: {message}", err=True)
    return typer.Exit(2)


def _extractor(command: str, taxonomy: Path | None = None, topic_model: Path | None = None):
    from ..extractor import Extractor

    try:
        return Extractor(taxonomy=str(taxonomy) if taxonomy else None,
                         topic_model=str(topic_model) if topic_model else None)
    except BadArgumentError as exc:
        raise _usage_error(command, str(exc)) from None


@topics_app.command("discover")
@exit_on_failure("topics discover")
def discover(
    corpus: list[Path] = typer.Argument(..., metavar="CORPUS...",
                                        help="Folders or files (.txt, .html, .jsonl, .csv)."),
    k: int = typer.Option(..., "--k", min=1, help="Number of topics."),
    seed: int = typer.Option(0, "--seed", help="Random seed (used by --init random)."),
    init: str = typer.Option("nndsvda", "--init",
                             help="NMF initialisation: nndsvda|nndsvd|random."),
    out: Path | None = typer.Option(None, "--out", "-o",
                                    help="Write a draft taxonomy YAML here."),
    top: int = typer.Option(15, "--top", min=1, help="Lemmas shown and kept per topic."),
    examples: int = typer.Option(3, "--examples", min=0, help="Example titles per topic."),
    batch_size: int = typer.Option(32, "--batch-size", min=1, help="Articles per model batch."),
) -> None:
    """Find K topics without a taxonomy (NMF on lemma TF-IDF); print their top lemmas and
    example titles; write a draft taxonomy to edit and use with --taxonomy."""
    from ..topics.errors import LabelledDataError
    from ..topics.io import read_corpus
    from ..topics.taxonomy import dump_taxonomy
    from ..topics.workflows import discover_corpus

    missing = [str(path) for path in corpus if not path.exists()]
    if missing:
        raise _usage_error("discover", f"no such file or directory: {', '.join(missing)}")
    if out is not None and out.is_dir():
        raise _usage_error("discover", f"--out {out} is a directory; give a .yaml file name")
    failures: list = []
    try:
        docs = list(read_corpus(corpus, failures))
    except (LabelledDataError, ValueError, OSError) as exc:
        raise _usage_error("discover", str(exc)) from None
    if failures:
        typer.echo(f"skipped {len(failures)} unreadable input(s), e.g. {failures[0].path}: "
                   f"{failures[0].reason}", err=True)
    if not docs:
        raise _usage_error("discover", "no readable articles in the corpus")
    nlp = _extractor("discover").nlp
    try:
        result = discover_corpus(docs, nlp, k=k, seed=seed, init=init, top_terms=top,
                                 examples=examples, batch_size=batch_size)
    except BadArgumentError as exc:
        raise _usage_error("discover", str(exc)) from None
    typer.echo(result.format(examples))
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(dump_taxonomy(result.draft), encoding="utf-8")
        typer.echo(f"draft taxonomy written to {out}", err=True)


@topics_app.command("train")
@exit_on_failure("topics train")
def train(
    labelled: Path = typer.Argument(..., metavar="LABELLED.jsonl",
                                    help="One JSON object per line with text and labels."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder to write the model to."),
    c: float = typer.Option(10.0, "--c", min=1e-6, help="Inverse regularisation strength."),
    threshold: float = typer.Option(0.5, "--threshold", min=0.0, max=1.0,
                                    help="Probability at which a label is predicted."),
    min_df: int = typer.Option(2, "--min-df", min=1, help="Keep terms in at least N texts."),
    bigrams: bool = typer.Option(True, "--bigrams/--no-bigrams", help="Lemma pairs as terms."),
    seed: int = typer.Option(0, "--seed", help="Random seed of the solver."),
    batch_size: int = typer.Option(32, "--batch-size", min=1, help="Articles per model batch."),
) -> None:
    """Train a linear topic model (one-vs-rest logistic regression on lemma TF-IDF) and save
    it as plain data (model.json + weights.npz) for --topic-model."""
    from ..topics.io import read_labelled
    from ..topics.workflows import train_labelled

    if out.exists() and not out.is_dir():
        raise _usage_error("train", f"--out {out} exists and is not a directory")
    try:
        docs = read_labelled(labelled)
        model = train_labelled(docs, _extractor("train").nlp, bigrams=bigrams,
                               batch_size=batch_size, c=c, threshold=threshold, min_df=min_df,
                               seed=seed)
    except BadArgumentError as exc:
        raise _usage_error("train", str(exc)) from None
    model.save(out)
    counts = ", ".join(f"{label} {count}" for label, count in
                       model.info.get("label_counts", {}).items())
    typer.echo(f"trained on {len(docs)} texts ({counts}); {len(model.space.vocabulary)} terms; "
               f"saved to {out}")


@topics_app.command("evaluate")
@exit_on_failure("topics evaluate")
def evaluate(
    labelled: Path = typer.Argument(..., metavar="LABELLED.jsonl",
                                    help="One JSON object per line with text and labels."),
    taxonomy: Path | None = typer.Option(None, "--taxonomy", help="Taxonomy YAML to score."),
    topic_model: Path | None = typer.Option(None, "--topic-model",
                                            help="Trained model folder to score."),
    label_map: str | None = typer.Option(
        None, "--label-map", metavar="FILE|NAME",
        help="Read the taxonomy's topics as the set's labels through this map (YAML; a bare "
             "name is a map shipped in models/topic_maps/, e.g. tgcontest)."),
    top: int | None = typer.Option(None, "--top", min=1,
                                   help="Score only the N best topics of each article."),
    split: str | None = typer.Option(None, "--split",
                                     help="Only the JSONL lines whose 'split' is this "
                                          "(dev, test)."),
    json_out: Path | None = typer.Option(None, "--json", help="Also write the report as JSON."),
    batch_size: int = typer.Option(32, "--batch-size", min=1, help="Articles per model batch."),
) -> None:
    """Micro and macro F1 of the taxonomy (default: the built-in one) or of a trained model
    against the labels of a labelled set."""
    from ..topics.io import read_labelled
    from ..topics.label_map import load_label_map
    from ..topics.taxonomy import load_taxonomy
    from ..topics.workflows import evaluate_labelled

    if taxonomy is not None and topic_model is not None:
        raise _usage_error("evaluate", "give --taxonomy or --topic-model, not both")
    if label_map is not None and topic_model is not None:
        raise _usage_error("evaluate", "--label-map maps taxonomy topics: not with --topic-model")
    try:
        docs = read_labelled(labelled, split=split)
        mapping = load_label_map(label_map, load_taxonomy(taxonomy)) if label_map else None
    except BadArgumentError as exc:
        raise _usage_error("evaluate", str(exc)) from None
    nlp = _extractor("evaluate", taxonomy, topic_model).nlp
    source = "model" if topic_model is not None else "taxonomy"
    report = evaluate_labelled(docs, nlp, source, batch_size=batch_size, label_map=mapping,
                               top=top)
    shown = f"{topic_model or taxonomy or 'built-in taxonomy'}"
    if label_map:
        shown += f", read through the label map {label_map}"
    if top:
        shown += f", best {top} topic(s) per article"
    if split:
        shown += f", split {split}"
    typer.echo(f"{source}: {shown}")
    typer.echo(report.format())
    if json_out is not None:
        json_out.write_text(json.dumps({"source": source, **report.to_dict()},
                                       ensure_ascii=False, sort_keys=True, indent=2) + "\n",
                            encoding="utf-8")


@topics_app.command("agreement")
@exit_on_failure("topics agreement")
def agreement_command(
    first: Path = typer.Argument(..., metavar="FIRST.jsonl",
                                 help="Labels of the first pass ({id, labels} lines)."),
    second: Path = typer.Argument(..., metavar="SECOND.jsonl",
                                  help="Labels of the second pass, same ids."),
    json_out: Path | None = typer.Option(None, "--json", help="Also write the report as JSON."),
) -> None:
    """Cohen's kappa per topic between two labellings of the same texts."""
    from ..topics.agreement import agreement, format_agreement, read_labels

    missing = [str(path) for path in (first, second) if not path.is_file()]
    if missing:
        raise _usage_error("agreement", f"no such file: {', '.join(missing)}")
    try:
        report = agreement(read_labels(first), read_labels(second))
    except BadArgumentError as exc:
        raise _usage_error("agreement", str(exc)) from None
    if not report["texts"]:
        raise _usage_error("agreement", "the two files share no ids")
    typer.echo(format_agreement(report))
    if json_out is not None:
        json_out.write_text(json.dumps(report, ensure_ascii=False, sort_keys=True, indent=2)
                            + "\n", encoding="utf-8")
