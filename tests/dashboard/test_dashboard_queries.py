"""The warehouse queries the dashboard added: filters bind as parameters, aggregation in DuckDB."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dashboard.support import make_item
from warehouse import queries, store, summaries
from warehouse.queries import FigureFilter


@pytest.fixture
def con(hand_db: Path):
    with store.ReadOnlyWarehouse(hand_db) as reader:
        yield reader.con().cursor()


@pytest.mark.parametrize(
    ("flt", "quotes"),
    [
        (FigureFilter(indicator="aid", actors=("Russia",)), {"US$250 million", "up to US$50 million"}),
        (FigureFilter(kind="money", docs=("loan_note.txt",)), {"US$2 billion"}),
        (FigureFilter(indicator="aid", qualifiers=("range",)), {"between US$10 million and US$30 million"}),
        (FigureFilter(kind="money", year_from=2004, year_to=2005), {"US$2 billion", "over US$400 million"}),
        (FigureFilter(unit_base="joule"), {"around 3.5 quadrillion BTU"}),
        (FigureFilter(actors=("Nobody",)), set()),
        (FigureFilter(docs=("x' OR 1=1 --",)), set()),
    ],
)
def test_filters(con, flt: FigureFilter, quotes: set[str]) -> None:
    assert set(queries.filtered_figures(con, flt)["quote"]) == quotes
    assert queries.filter_stats(con, flt)["n"] == len(quotes)


def test_filtered_figures_carry_source_columns_and_limit(con) -> None:
    df = queries.filtered_figures(con, FigureFilter(kind="money"), limit=2)
    assert df.height == 2 and {"title", "doi", "url", "sentence", "start", "end"} <= set(df.columns)
    with pytest.raises(ValueError, match="limit"):
        queries.filtered_figures(con, FigureFilter(), limit=-1)


def test_stats_and_units(con) -> None:
    stats = queries.filter_stats(con, FigureFilter(kind="money"))
    assert stats == {"n": 6, "dated": 6, "year_min": 2001, "year_max": 2009}
    assert queries.unit_bases(con, FigureFilter(kind="money")).to_dicts() == [{"unit_base": "USD", "n": 6}]


def test_chart_points_and_top_points(con) -> None:
    pts = queries.dated_points(con, FigureFilter(indicator="aid"), limit=3)
    assert pts["year"].to_list() == [2001, 2003, 2005] and set(pts["n"]) == {1}
    assert pts["series"].to_list() == ["United States", "Russia", "United States"]
    top = queries.top_points(con, FigureFilter(kind="money"), limit=1)
    assert top["quote"].to_list() == ["US$2 billion"]
    undated = queries.undated_points(con, FigureFilter(), limit=10)
    assert set(undated["quote"]) == {"55%", "44th largest", "Over 80,000 lives"}


def test_dated_by_year_aggregates_per_year_and_series(tmp_path: Path) -> None:
    text = "In 2001 the US gave A1 and A2 and A3; Russia gave B1."
    figures = [
        (q, {"value": v, "unit": "USD", "kind": "money", "indicator": "aid", "year": 2001, "actors": (a,), **extra})
        for q, v, a, extra in [
            ("A1", 10.0, "United States", {}),
            ("A2", 30.0, "United States", {"low": 25.0, "high": 40.0, "qualifier": "range"}),
            ("A3", 20.0, "United States", {}),
            ("B1", 5.0, "Russia", {}),
        ]
    ]
    db = tmp_path / "agg.duckdb"
    store.ingest(db, [make_item("agg.txt", text, figures)])
    with store.ReadOnlyWarehouse(db) as reader:
        agg = queries.dated_by_year(reader.con().cursor(), FigureFilter(indicator="aid"))
    rows = {r["series"]: r for r in agg.to_dicts()}
    us = rows["United States"]
    assert us["n"] == 3 and us["value_base"] == 20.0 and us["low"] == 10.0 and us["high"] == 40.0
    assert us["quote"] == "A2"  # the largest figure stands for the group, so the mark traces to it
    assert rows["Russia"]["n"] == 1


def test_overview_queries(con) -> None:
    counts = queries.counts_by_kind_indicator(con)
    assert dict(zip(counts["indicator"], counts["n"], strict=True))["aid"] == 5
    timeline = queries.timeline(con)
    assert set(timeline["indicator"]) == {"aid", "loan", "energy_consumption"}
    assert queries.actor_values(con) == ["China", "Pakistan", "Russia", "United States"]


def test_figure_and_document_lookups(con) -> None:
    fid = queries.top_points(con, FigureFilter(indicator="loan"), limit=1)["figure_id"][0]
    record = queries.figure_detail(con, fid)
    assert record is not None and record["title"] == "Loan note" and record["doc"] == "loan_note.txt"
    assert queries.figure_detail(con, "missing") is None
    doc = queries.document_record(con, record["doc_id"])
    assert doc is not None and doc["figures"] == 1 and doc["text"].startswith("Loan note.")
    assert queries.document_record(con, "missing") is None
    spans = queries.figure_spans(con, record["doc_id"])
    assert spans["figure_id"].to_list() == [fid]


@pytest.mark.parametrize(
    "flt",
    [
        FigureFilter(indicator="aid"),
        FigureFilter(indicator="aid", actors=("Russia",)),
        FigureFilter(indicator="aid", actors=("United States", "Russia"), qualifiers=("range", "at_least")),
        FigureFilter(kind="money", year_from=2003, year_to=2005),
        FigureFilter(unit_base="USD"),
        FigureFilter(actors=("Pakistan",)),
        FigureFilter(),
    ],
)
def test_summary_tables_answer_like_the_figures(con, flt: FigureFilter) -> None:
    cols = ["year", "series", "n", "value_base", "low", "high", "qualifier", "figure_id", "quote", "doc"]
    direct = queries.dated_by_year(con, flt, direct=True).select(cols).sort("year", "series")
    summed = queries.dated_by_year(con, flt).select(cols).sort("year", "series")
    assert summed.equals(direct)
    assert queries.selection_summary(con, flt).equals(queries.selection_summary(con, flt, direct=True))
    assert queries.counts_by_kind_indicator(con, flt).equals(queries.counts_by_kind_indicator(con, flt, direct=True))
    assert queries.timeline(con, flt).equals(queries.timeline(con, flt, direct=True))
    for limit in (1, 2, 10):
        top = queries.top_points(con, flt, limit=limit)
        assert top.equals(queries.top_points(con, flt, limit=limit, direct=True))
        undated = queries.undated_points(con, flt, limit=limit)
        assert undated.equals(queries.undated_points(con, flt, limit=limit, direct=True))
    assert queries.actor_values(con) == queries.actor_values(con, direct=True)


def test_summary_tables_refuse_document_filters(con) -> None:
    assert not summaries.supports(FigureFilter(docs=("aid_report.txt",)))
    assert not summaries.supports(FigureFilter(), limit=summaries.TOP_PER_GROUP + 1)
    with pytest.raises(ValueError, match="document"):
        summaries.dated_by_year(con, FigureFilter(doc_id="x"))
    # queries.* send them to the figures, through the document index
    flt = FigureFilter(kind="money", docs=("aid_report.txt",))
    assert queries.filter_stats(con, flt)["n"] == 5
    assert queries.top_points(con, flt, limit=1)["quote"].to_list() == ["over US$400 million"]
    assert queries.first_figures(con, flt, limit=10).height == 5


def test_filter_condition_binds_every_value() -> None:
    where, params = FigureFilter(kind="money", actors=("x' OR 1=1 --",), year_from=2000).where()
    assert "OR 1=1" not in where and params["actor_0"] == "x' OR 1=1 --"
    with pytest.raises(ValueError, match="at most"):
        FigureFilter(actors=tuple(str(i) for i in range(queries.MAX_FILTER_ACTORS + 1))).where()
