"""Tests for warehouse.queries: filters, joins, allow-lists and injection-proof parameters."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import polars as pl
import pytest

from extract.record import FIGURE_FIELDS, Document, Figure
from warehouse import queries, store

Item = tuple[Document, list[Figure]]
PAYLOADS = ["x' OR 1=1 --", "money' OR '1'='1", "'; DROP TABLE figures; --", "%", "*"]


@pytest.fixture
def con(db: Path, corpus: list[Item]) -> Iterator[duckdb.DuckDBPyConnection]:
    """Return a read-only connection to a warehouse holding the hand-built corpus."""
    store.ingest(db, corpus)
    connection = store.connect(db, read_only=True)
    yield connection
    connection.close()


def test_figures_has_record_and_source_columns(con: duckdb.DuckDBPyConnection) -> None:
    df = queries.figures(con)
    assert df.columns == [*FIGURE_FIELDS, "title", "doi", "url"]
    assert df.height == 4
    assert df["doc"].to_list() == [
        "001_loan.txt",
        "002_trade.txt",
        "002_trade.txt",
        "003_formula.txt",
    ]
    assert df["start"].to_list()[1:3] == sorted(df["start"].to_list()[1:3])
    loan = df.row(0, named=True)
    assert loan["quote"] == "US$3 million"
    assert loan["actors"] == ["Soviet Union", "Pakistan"]
    assert loan["title"] == "Title of 001_loan.txt"
    assert loan["doi"] == "10.1000/001_loan.txt"
    assert loan["url"] == "https://example.org/001_loan.txt"
    assert df.schema["value"] == pl.Float64 and df.schema["year"] == pl.Int32


@pytest.mark.parametrize(
    ("filters", "quotes"),
    [
        ({"kind": "money"}, ["US$3 million", "over US$700 million"]),
        ({"indicator": "loan"}, ["US$3 million"]),
        ({"doc": "002_trade.txt"}, ["2.1%", "over US$700 million"]),
        ({"kind": "share", "doc": "002_trade.txt"}, ["2.1%"]),
        ({"kind": "money", "indicator": "export_share"}, []),
        ({"limit": 2}, ["US$3 million", "2.1%"]),
        ({"limit": 0}, []),
    ],
    ids=repr,
)
def test_figures_filters(con: duckdb.DuckDBPyConnection, filters: dict, quotes: list[str]) -> None:
    assert queries.figures(con, **filters)["quote"].to_list() == quotes


def test_figures_rejects_negative_limit(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(ValueError, match="limit"):
        queries.figures(con, limit=-1)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_injection_payloads_match_nothing(con: duckdb.DuckDBPyConnection, payload: str) -> None:
    for field in ("kind", "indicator", "doc"):
        assert queries.figures(con, **{field: payload}).height == 0
    assert queries.money_by_year(con, doc=payload).height == 0
    assert queries.document_text(con, payload) is None
    assert queries.summary(con)["figures"] == 4  # and nothing was dropped


def test_documents_lists_metadata_and_counts(con: duckdb.DuckDBPyConnection, corpus: list[Item]) -> None:
    df = queries.documents(con)
    assert "text" not in df.columns
    assert df["doc"].to_list() == [d.doc for d, _ in corpus]
    assert df["figures"].to_list() == [1, 2, 1]
    assert df["n_chars"].to_list() == [len(d.text) for d, _ in corpus]
    assert df["authors"].to_list()[0] == ["A. Author"]


def test_document_text(con: duckdb.DuckDBPyConnection, corpus: list[Item]) -> None:
    document, figures = corpus[0]
    text = queries.document_text(con, document.doc_id)
    assert text == document.text
    assert text[figures[0].start : figures[0].end] == figures[0].quote
    assert queries.document_text(con, "0" * 64) is None


def test_distinct_values(con: duckdb.DuckDBPyConnection) -> None:
    assert queries.distinct_values(con, "kind") == ["money", "share"]
    assert queries.distinct_values(con, "unit") == ["USD", "percent"]
    assert queries.distinct_values(con, "qualifier") == ["at_least", "exact"]
    assert len(queries.distinct_values(con, "doc")) == 3
    assert "loan" in queries.distinct_values(con, "indicator")


@pytest.mark.parametrize("column", ["quote", "text", "kind; DROP TABLE figures", "KIND", ""])
def test_distinct_values_rejects_other_columns(con: duckdb.DuckDBPyConnection, column: str) -> None:
    with pytest.raises(ValueError, match="cannot list values"):
        queries.distinct_values(con, column)


def test_money_by_year(con: duckdb.DuckDBPyConnection) -> None:
    df = queries.money_by_year(con)
    assert df.columns == [
        "figure_id", "doc", "quote", "sentence", "year", "value", "unit", "value_base",
        "unit_base", "indicator", "actors", "low", "high", "qualifier",
    ]  # fmt: skip
    assert df["year"].to_list() == [1961, 2019]
    assert df["low"].to_list() == [None, 700_000_000.0]
    assert queries.money_by_year(con, doc="001_loan.txt")["quote"].to_list() == ["US$3 million"]
    assert queries.money_by_year(con, doc="003_formula.txt").height == 0


def test_summary(con: duckdb.DuckDBPyConnection) -> None:
    assert queries.summary(con) == {"documents": 3, "figures": 4, "money": 2, "share": 2}


def test_queries_on_empty_warehouse(db: Path) -> None:
    store.connect(db).close()
    con = store.connect(db, read_only=True)
    assert queries.figures(con).columns == [*FIGURE_FIELDS, "title", "doi", "url"]
    assert queries.figures(con).height == 0
    assert queries.documents(con).height == 0
    assert queries.summary(con) == {"documents": 0, "figures": 0}
    assert queries.distinct_values(con, "kind") == []
    con.close()
