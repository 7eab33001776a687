"""Pure parts of the dashboard: chart builders, safe HTML, display units, selection parsing."""

from __future__ import annotations

import ast
import doctest
import importlib
from pathlib import Path

import polars as pl
import pytest

from dashboard import charts, detail, scales, text

ROOT = Path(__file__).resolve().parents[2]

PURE_MODULES = ["charts", "text", "scales", "uploads", "exporting"]


def _points(**overrides: list) -> pl.DataFrame:
    base = {
        "figure_id": ["f1", "f2", "f3", "f4"],
        "quote": ["US$5 million", "over 80,000 lives", "up to $7m", "between 1 and 3 bn"],
        "doc": ["a.txt", "b.txt", "a.txt", "c.txt"],
        "year": [2001, 2002, 2003, 2004],
        "value_base": [5e6, 8e4, 7e6, 2e9],
        "unit_base": ["USD"] * 4,
        "low": [None, 8e4, None, 1e9],
        "high": [None, None, 7e6, 3e9],
        "qualifier": ["exact", "at_least", "at_most", "range"],
        "series": ["Russia", "Russia", "United States", "United States"],
        "subject": ["aid", "lives", None, "loans"],
        "n": [1, 1, 1, 1],
    }
    base.update(overrides)
    return pl.DataFrame(base, schema_overrides={"low": pl.Float64, "high": pl.Float64})


@pytest.mark.parametrize("module", PURE_MODULES)
def test_doctests(module: str) -> None:
    result = doctest.testmod(importlib.import_module(f"dashboard.{module}"))
    assert result.failed == 0 and result.attempted > 0


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_modules_do_not_import_streamlit(module: str) -> None:
    tree = ast.parse((ROOT / "dashboard" / f"{module}.py").read_text())
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert "streamlit" not in imported and "duckdb" not in imported


def test_dashboard_holds_no_sql() -> None:
    for path in (ROOT / "dashboard").glob("*.py"):
        source = path.read_text()
        assert "SELECT " not in source and "import duckdb" not in source, path.name


def test_time_chart_traces_points_and_draws_bounds() -> None:
    fig = charts.time_chart(_points(), unit_label="USD million", factor=1e-6)
    traces = [t for t in fig.data if t.customdata is not None]
    assert {t.name for t in traces} == {"Russia", "United States"}
    by_id = {}
    for t in traces:
        for i, cd in enumerate(t.customdata):
            by_id[cd[0]] = (t, i)
    t, i = by_id["f2"]
    assert t.marker.symbol[i] == "triangle-up" and t.customdata[i][3] == "at least"
    t, i = by_id["f3"]
    assert t.marker.symbol[i] == "triangle-down"
    t, i = by_id["f4"]
    assert t.y[i] == pytest.approx(2000) and t.error_y.array[i] == pytest.approx(1000)
    assert t.error_y.arrayminus[i] == pytest.approx(1000)
    assert fig.layout.yaxis.title.text == "USD million"
    assert "at least (arrow: no upper bound)" in {t.name for t in fig.data}
    arrows = [a for a in fig.layout.annotations if a.arrowside == "start"]
    assert sorted(a.ay for a in arrows) == [-36, 36]  # up from "over", down from "up to"


def test_aggregated_marks_grow_and_say_how_many() -> None:
    fig = charts.time_chart(_points(n=[1, 1, 1, 40]), unit_label="USD")
    t = next(t for t in fig.data if t.customdata is not None and "f4" in [c[0] for c in t.customdata])
    i = [c[0] for c in t.customdata].index("f4")
    assert t.marker.size[i] > 11 and "40 figures" in t.customdata[i][3] and t.marker.symbol[i] == "square"


def test_comparison_chart_orders_largest_on_top_and_labels_each_row() -> None:
    fig = charts.comparison_chart(_points(), unit_label="USD", log_x=True)
    labels = list(fig.layout.yaxis.categoryarray)
    assert len(labels) == len(set(labels)) == 4
    assert labels[-1].startswith("loans")  # the largest value is drawn last, at the top
    assert fig.layout.xaxis.type == "log"


def test_share_chart_is_a_composition_against_100() -> None:
    df = _points(value_base=[55.0, 20.0, 80.0, 10.0], low=[None] * 4, high=[None] * 4, qualifier=["exact"] * 4)
    fig = charts.share_chart(df)
    share, rest = fig.data
    assert fig.layout.barmode == "stack"
    assert [a + b for a, b in zip(share.x, rest.x, strict=True)] == [100.0] * 4


def test_rank_chart_puts_first_on_top() -> None:
    df = _points(value_base=[1.0, 44.0, 3.0, 63.0], low=[None] * 4, high=[None] * 4, qualifier=["exact"] * 4)
    fig = charts.rank_chart(df)
    low, high = fig.layout.yaxis.range
    assert low > high and "1st" in fig.data[0].text


def test_timeline_and_kind_charts() -> None:
    timeline = pl.DataFrame(
        {
            "indicator": ["aid", "aid", "loan"],
            "kind": ["money"] * 3,
            "year": [2001, 2002, 2001],
            "n": [1, 3, 1],
            "figure_id": ["a", "b", "c"],
            "quote": ["q1", "q2", "q3"],
            "doc": ["d"] * 3,
        }
    )
    fig = charts.timeline_chart(timeline, labels={"aid": "Aid and assistance"})
    assert set(fig.data[0].y) == {"Aid and assistance", "loan"}
    assert "3 figures" in fig.data[0].customdata[1][3]
    counts = pl.DataFrame({"kind": ["money", "share"], "indicator": ["aid", "export_share"], "n": [5, 2]})
    assert {t.name for t in charts.kind_indicator_chart(counts).data} == {"money", "share"}


@pytest.mark.parametrize(
    "build",
    [
        lambda df: charts.time_chart(df, unit_label="x"),
        lambda df: charts.comparison_chart(df, unit_label="x"),
        charts.share_chart,
        charts.rank_chart,
        charts.money_by_year_chart,
    ],
)
def test_empty_frames_give_a_chart_that_says_so(build) -> None:
    fig = build(_points().clear())
    assert fig.layout.annotations and "No" in fig.layout.annotations[0].text


def test_highlight_escapes_everything_and_marks_spans() -> None:
    body = 'A <script>x</script> "B" costs $5m & more'
    start = body.index("$5m")
    html = text.highlight(body, [text.Span(start, start + 3, "f<1>", 't"itle')])
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; more" in html
    assert 'data-figure="f&lt;1&gt;"' in html and 'title="t&quot;itle"' in html
    assert 'href="figure?figure=f%3C1%3E"' in html
    assert html.count("<mark") == 1


def test_highlight_ignores_overlapping_and_out_of_range_spans() -> None:
    html = text.highlight("abcdef", [text.Span(0, 3, "a"), text.Span(2, 4, "b"), text.Span(5, 99, "c")], link=False)
    assert html.count("<mark") == 1


def test_source_html_links_only_safe_urls() -> None:
    html = text.source_html({"title": "<T>", "doc": "d.txt", "url": "javascript:alert(1)", "doi": "10.1/x y"})
    assert "javascript" not in html and "&lt;T&gt;" in html and 'href="https://doi.org/10.1/x%20y"' in html


def test_display_units_and_factors() -> None:
    assert [u.expr for u in scales.display_units("USD")][:3] == ["USD", "kiloUSD", "megaUSD"]
    assert {u.label for u in scales.display_units("joule")} >= {"quadrillion Btu", "EJ", "TWh", "Mtoe"}
    assert scales.factor("joule", "EJ") == pytest.approx(1e-18)
    assert scales.factor("USD", "gigaUSD") == pytest.approx(1e-9)
    assert scales.default_unit("person", 80_000).label == "thousand people"
    assert scales.display_units("not_a_unit")[0].expr == "not_a_unit"
    assert scales.factor("USD", "EJ") == 1.0  # a wrong pair never converts silently


def test_selection_parsing() -> None:
    event = {"selection": {"points": [{"customdata": ["f9", "q", "d", ""]}], "point_indices": [0]}}
    assert detail.figure_from_selection(event) == "f9"
    assert detail.figure_from_selection({"selection": {"points": [{"x": 1}]}}) is None
    assert detail.figure_from_selection(None) is None
    assert detail.figure_from_rows({"selection": {"rows": [5]}}, ["a"]) is None
