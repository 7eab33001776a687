"""Tests for warehouse.export: CSV and Parquet round trips, and CSV formula neutralising."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import polars as pl
import pytest

from extract.record import FIGURE_FIELDS, Document, Figure
from warehouse import export, store

Item = tuple[Document, list[Figure]]
HYPERLINK = '=HYPERLINK("http://example.com/x","40%")'  # the quote of conftest's formula_item
LEADING = ["doc", "title", "quote", "sentence", "start", "end", "doi", "url"]


@pytest.fixture
def con(db: Path, corpus: list[Item]) -> Iterator[duckdb.DuckDBPyConnection]:
    """Return a read-only connection to a warehouse holding the hand-built corpus."""
    store.ingest(db, corpus)
    connection = store.connect(db, read_only=True)
    yield connection
    connection.close()


def _by_id(df: pl.DataFrame) -> dict[str, dict]:
    """Return rows keyed by figure_id."""
    return {row["figure_id"]: row for row in df.iter_rows(named=True)}


def test_export_columns(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    out = tmp_path / "out" / "figures.parquet"
    assert export.export_figures(con, out, "parquet") == 4
    df = pl.read_parquet(out)
    assert df.columns[: len(LEADING)] == LEADING
    assert set(df.columns) == {*FIGURE_FIELDS, "title", "doi", "url"}


def test_parquet_round_trip_keeps_true_text(con: duckdb.DuckDBPyConnection, corpus: list[Item], tmp_path: Path) -> None:
    out = tmp_path / "figures.parquet"
    export.export_figures(con, out, "parquet")
    rows = _by_id(pl.read_parquet(out))
    for document, figures in corpus:
        for fig in figures:
            row = rows[fig.figure_id]
            assert {k: row[k] for k in FIGURE_FIELDS} == fig.to_dict()
            assert document.text[row["start"] : row["end"]] == row["quote"]
            assert (row["title"], row["doi"], row["url"]) == (
                document.title,
                document.doi,
                document.url,
            )
    formula = next(r for r in rows.values() if r["doc"] == "003_formula.txt")
    assert formula["quote"] == HYPERLINK
    assert formula["subject"] == "-share of imports"


def test_csv_round_trip_neutralises_formulas(
    con: duckdb.DuckDBPyConnection, corpus: list[Item], tmp_path: Path
) -> None:
    out = tmp_path / "figures.csv"
    assert export.export_figures(con, out, "csv") == 4
    df = pl.read_csv(out)
    assert df.columns[: len(LEADING)] == LEADING
    rows = _by_id(df)
    for _, figures in corpus:
        for fig in figures:
            row = rows[fig.figure_id]
            assert (row["start"], row["end"]) == (fig.start, fig.end)
            assert row["value"] == pytest.approx(fig.value)
            assert row["actors"] == "; ".join(fig.actors)
            if fig.quote == HYPERLINK:
                assert row["quote"] == "'" + HYPERLINK
                assert row["subject"] == "'-share of imports"
            else:
                assert row["quote"] == fig.quote
    assert rows[corpus[0][1][0].figure_id]["actors"] == "Soviet Union; Pakistan"


def test_export_filters(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    out = tmp_path / "money.csv"
    assert export.export_figures(con, out, "csv", kind="money") == 2
    assert export.export_figures(con, out, "csv", doc="002_trade.txt", indicator="loan") == 0
    assert pl.read_csv(out).height == 0
    assert export.export_figures(con, out, "csv", kind="x' OR 1=1 --") == 0


def test_unknown_format_is_rejected(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export.export_figures(con, tmp_path / "f.xlsx", "xlsx")  # type: ignore[arg-type]
    assert not (tmp_path / "f.xlsx").exists()


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("US$3 million", "US$3 million"),
        ("a=b", "a=b"),
        (None, None),
    ],
)
def test_csv_safe(cell: str | None, safe: str | None) -> None:
    df = pl.DataFrame({"quote": [cell], "value": [-2.0]}, schema={"quote": pl.String, "value": pl.Float64})
    assert export.csv_safe(df).row(0) == (safe, -2.0)
