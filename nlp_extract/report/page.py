"""The report page: one HTML file holding its data, chart specs, styles and scripts (the
vega-embed bundle of vl-convert inlined), so it opens offline and from ``file://``."""

from __future__ import annotations

import json
from html import escape
from importlib import resources
from typing import Any

VEGA_LITE_VERSION = "6.4"  # the Vega-Lite altair 6 writes; older altair specs still compile


def _static(name: str) -> str:
    return resources.files("nlp_extract.report").joinpath("static", name).read_text("utf-8")


def _json(value: Any) -> str:
    """JSON safe inside a ``<script>`` element (no ``</script>``, no ``<!--``)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _script(code: str) -> str:
    return code.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def vega_bundle() -> str:
    import vl_convert

    versions = vl_convert.get_vegalite_versions()
    version = VEGA_LITE_VERSION if VEGA_LITE_VERSION in versions else None
    return vl_convert.javascript_bundle(vl_version=version)


def render(*, title: str, data: dict[str, Any], specs: dict[str, Any],
           about: list[str], failures: list[dict[str, Any]], skipped: list[str]) -> str:
    """The whole page. ``about``: lines under the title; ``failures``: the first error
    lines; ``skipped``: where records could not be read."""
    summary = data["summary"]
    failed_items = "".join(
        f"<li><code>{escape(str(f.get('path') or ''))}"
        f"{escape(':' + str(f['line'])) if f.get('line') else ''}</code> "
        f"{escape(str(f.get('reason') or ''))}</li>" for f in failures)
    failed_block = (f"<details><summary>{summary['failed']} input(s) failed "
                    f"(errors.jsonl; the first {len(failures)} listed)</summary>"
                    f"<ul>{failed_items}</ul></details>") if failures else ""
    skipped_block = (f"<p class=\"note\">{summary['skipped']} file(s) or line(s) in the folder "
                     f"are no record and were left out, e.g. "
                     f"{escape(', '.join(skipped))}.</p>") if summary["skipped"] else ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="nlp-extract report">
<title>{escape(title)}</title>
<style>{_static("report.css")}</style>
<script>{_script(vega_bundle())}</script>
</head>
<body>
<header>
<h1>{escape(title)}</h1>
{"".join(f'<p class="sub">{escape(line)}</p>' for line in about)}
</header>
<form id="filters" autocomplete="off">
<label>from <input type="date" id="f-from"></label>
<label>to <input type="date" id="f-to"></label>
<label id="f-undated-box"><input type="checkbox" id="f-undated" checked> undated
 (<span id="f-undated-count"></span>)</label>
<label>outlet <select id="f-outlet"><option value="all">all outlets</option></select></label>
<label>topic <select id="f-topic"><option value="all">all topics</option></select></label>
<span id="f-labels">label</span>
<label title="entities named only by what they are: «правительство», «полиция»">
<input type="checkbox" id="f-descriptive"> descriptive bodies</label>
<label>find <input id="f-find" list="entity-names" placeholder="an entity" size="18"></label>
<datalist id="entity-names"></datalist>
<button id="f-reset" type="button">reset</button>
<span id="shown-count"></span>
</form>
<main>
<section id="summary">
<h2>Corpus</h2>
<div class="cards" id="summary-cards"></div>
{failed_block}{skipped_block}
<h3>Articles by <span class="unit">month</span></h3>
<p class="empty" id="empty-articles_over_time" hidden>No dated article in the selection.</p>
<div class="chart" id="chart-articles_over_time"></div>
</section>
<section id="top">
<h2>Top people, bodies and places</h2>
<p class="note">Articles that name each entity (entities grouped across articles by their
<code>key</code>); click a name for its aliases and example sentences.</p>
<div class="lists" id="top-lists"></div>
</section>
<section id="topics">
<h2>Topics by <span class="unit">month</span></h2>
<p class="note">Articles with each of the most frequent topics of the selection, by month (by
week for a selection of up to a year, by day for up to 62 days).</p>
<p class="empty" id="empty-topics_over_time" hidden>No dated article with a topic in the
selection.</p>
<div class="chart" id="chart-topics_over_time"></div>
<h2>Topics by outlet</h2>
<p class="empty" id="empty-topics_by_outlet" hidden>No article with a topic in the
selection.</p>
<div class="chart" id="chart-topics_by_outlet"></div>
</section>
<section id="cooccurrence">
<h2>Entities that appear together</h2>
<p class="note">Articles naming both, for the most frequent entities of the selection.</p>
<p class="empty" id="empty-cooccurrence" hidden>Fewer than two entities in the selection.</p>
<div class="chart" id="chart-cooccurrence"></div>
</section>
<section id="entity">
<h2>Entity</h2>
<div id="entity-body"></div>
</section>
</main>
<script type="application/json" id="report-data">{_json(data)}</script>
<script type="application/json" id="report-specs">{_json(specs)}</script>
<script>{_script(_static("report.js"))}</script>
</body>
</html>
"""
