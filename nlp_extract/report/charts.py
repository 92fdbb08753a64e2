"""The report's charts as Vega-Lite specs, written with altair.

Every chart reads one named dataset, ``rows``, which the page fills (and refills when a filter
changes) with ``view.data("rows", ...)``; the fields each expects are listed in its function.
"""

from __future__ import annotations

from typing import Any

DATA = "rows"
WIDTH = 640
# the page's time units: a selection of up to 62 days is shown by day, of up to a year by week
TIME_UNITS = {"day": ("utcyearmonthdate", "%Y-%m-%d"), "week": ("utcyearweek", "%Y-%m-%d"),
              "month": ("utcyearmonth", "%Y-%m")}


def _period_axis() -> Any:
    import altair as alt

    return alt.X("period:T", timeUnit="utcyearmonth", title=None,
                 axis=alt.Axis(format="%Y-%m", labelOverlap=True))


def _period_tooltip() -> Any:
    import altair as alt

    return alt.Tooltip("period:T", timeUnit="utcyearmonth", title="from")


def articles_over_time() -> dict[str, Any]:
    """Rows: ``period`` (its first day, YYYY-MM-DD), ``n`` articles. The page sets the time
    unit (day, week or month: see :data:`TIME_UNITS`) from the span of the selection."""
    import altair as alt

    return alt.Chart(alt.Data(name=DATA)).mark_bar(color="#4c78a8").encode(
        x=_period_axis(),
        y=alt.Y("n:Q", title="articles"),
        tooltip=[_period_tooltip(), alt.Tooltip("n:Q", title="articles")],
    ).properties(width=WIDTH, height=120).to_dict()


def topics_over_time() -> dict[str, Any]:
    """Rows: ``period``, ``topic`` (label), ``order`` (rank of the topic), ``n`` articles (a
    line per topic: the most frequent of the selection)."""
    import altair as alt

    return alt.Chart(alt.Data(name=DATA)).mark_line(point=True, strokeWidth=2).encode(
        x=_period_axis(),
        y=alt.Y("n:Q", title="articles"),
        color=alt.Color("topic:N", title="topic", sort=alt.EncodingSortField("order", op="min"),
                        scale=alt.Scale(scheme="tableau10"),
                        legend=alt.Legend(labelLimit=280)),
        tooltip=[_period_tooltip(), alt.Tooltip("topic:N"), alt.Tooltip("n:Q", title="articles")],
    ).properties(width=WIDTH, height=260).to_dict()


def topics_by_outlet() -> dict[str, Any]:
    """Rows: ``outlet``, ``topic``, ``orow``/``ocol`` (ranks), ``n`` articles of the outlet
    with the topic, ``share`` of the outlet's articles."""
    import altair as alt

    return alt.Chart(alt.Data(name=DATA)).mark_rect().encode(
        x=alt.X("topic:N", title=None, sort=alt.EncodingSortField("ocol", op="min"),
                axis=alt.Axis(labelAngle=-35, labelLimit=160)),
        y=alt.Y("outlet:N", title=None, sort=alt.EncodingSortField("orow", op="min"),
                axis=alt.Axis(labelLimit=200)),
        color=alt.Color("share:Q", title="share of the outlet's articles",
                        scale=alt.Scale(scheme="blues"), legend=alt.Legend(format="%")),
        tooltip=[alt.Tooltip("outlet:N"), alt.Tooltip("topic:N"),
                 alt.Tooltip("n:Q", title="articles"),
                 alt.Tooltip("share:Q", format=".0%", title="share")],
    ).properties(width={"step": 34}, height={"step": 20}).to_dict()


def cooccurrence() -> dict[str, Any]:
    """Rows: ``a``, ``b`` (entity names), ``arank``/``brank``, ``n`` articles with both."""
    import altair as alt

    base = alt.Chart(alt.Data(name=DATA)).encode(
        x=alt.X("a:N", title=None, sort=alt.EncodingSortField("arank", op="min"),
                axis=alt.Axis(labelAngle=-40, labelLimit=160)),
        y=alt.Y("b:N", title=None, sort=alt.EncodingSortField("brank", op="min"),
                axis=alt.Axis(labelLimit=200)),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("n:Q", title="articles with both", scale=alt.Scale(scheme="oranges")),
        tooltip=[alt.Tooltip("a:N", title="entity"), alt.Tooltip("b:N", title="with"),
                 alt.Tooltip("n:Q", title="articles")],
    )
    labels = base.mark_text(fontSize=10).encode(
        text=alt.Text("n:Q"),
        color=alt.condition("datum.n > datum.max * 0.6", alt.value("white"), alt.value("#333")),
    )
    return (cells + labels).properties(width={"step": 34}, height={"step": 22}).to_dict()


def all_specs() -> dict[str, dict[str, Any]]:
    return {"articles_over_time": articles_over_time(), "topics_over_time": topics_over_time(),
            "topics_by_outlet": topics_by_outlet(), "cooccurrence": cooccurrence(),
            "time_units": TIME_UNITS}
