"""``nlp-extract report OUT_DIR``: one self-contained HTML page about an annotated corpus.

:func:`build_report` streams the records of an ``annotate`` out dir (any ``--format``: JSON
records or the tables) once into a compact digest (:mod:`.digest`), writes it into a page with
Vega-Lite charts (:mod:`.charts`, drawn by the inlined vega-embed bundle) and a script that
filters it in the browser (:mod:`.page`, ``static/report.js``). Needs the ``report`` extra (altair,
vl-convert-python).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..corpus.atomic import write_atomic
from ..corpus.extras import require_extra
from .digest import Digest
from .source import ReportInputError, open_out_dir

__all__ = ["ReportInputError", "ReportSummary", "build_report"]


@dataclass(frozen=True)
class ReportSummary:
    output: Path
    articles: int
    failed: int
    skipped: int
    entities: int
    bytes: int


def build_report(out_dir: Path, output: Path | None = None) -> ReportSummary:
    """Write the report of ``out_dir`` to ``output`` (default ``OUT_DIR/report.html``)."""
    for extra in ("report", "report_charts"):
        require_extra(extra)
    from . import charts, page

    source = open_out_dir(out_dir)
    output = output if output is not None else out_dir / "report.html"
    if output.is_dir():
        raise ReportInputError(f"--output {output} is a folder: give a file name")
    digest = Digest().add_all(source.records())
    failed, failures = source.failures()
    articles = len(digest.days)
    if not articles:
        raise ReportInputError(
            f"{out_dir} holds no annotated record ({failed} failed input(s) in errors.jsonl"
            + (f", {source.skipped} unreadable file(s) or line(s)" if source.skipped else "")
            + "): nothing to report")
    manifest = source.manifest
    summary = {"articles": articles, "failed": failed, "skipped": source.skipped,
               "complete": manifest.get("complete"), "format": source.fmt}
    data = digest.data(summary=summary)
    version = (manifest.get("pipeline") or {}).get("nlp_extract")
    about = [f"{articles} articles annotated"
             + (f" by nlp_extract {version}" if isinstance(version, str) else "")
             + f", --format {source.fmt}"
             + ("" if manifest.get("complete", True) else
                f"; the run is not complete ({manifest.get('stopped') or 'stopped early'})"),
             f"{len(data['entities'])} of {len(digest.entities)} distinct entities embedded "
             "(the most frequent of each label, overall, per outlet and per month)"]
    html = page.render(title=f"nlp-extract report: {out_dir.resolve().name}", data=data,
                       specs=charts.all_specs(), about=about, failures=failures,
                       skipped=source.skipped_examples)
    write_atomic(output, html)
    return ReportSummary(output=output, articles=articles, failed=failed,
                         skipped=source.skipped, entities=len(data["entities"]),
                         bytes=len(html.encode("utf-8")))
