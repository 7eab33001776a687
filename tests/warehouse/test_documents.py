"""The document list a page at a time, and the per-document and per-page figure queries: each
returns at most a page, so a page never loads every row of a warehouse larger than the page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.warehouse.conftest import Item, MakeItem
from warehouse import documents, queries, store
from warehouse.queries import FigureFilter

N_DOCS = 12
PER_DOC = 5


def _items(make_item: MakeItem) -> list[Item]:
    """Return `N_DOCS` documents of `PER_DOC` dated money figures each (report_00 ... report_11)."""
    items = []
    for i in range(N_DOCS):
        quotes = [f"US${i * PER_DOC + j + 1} thousand" for j in range(PER_DOC)]
        text = f"Report {i}. " + " ".join(f"In {2000 + j}, aid was {q} (item {j})." for j, q in enumerate(quotes))
        fields = [
            (q, {"value": 1e3 * (i * PER_DOC + j + 1), "unit": "USD", "kind": "money", "indicator": "aid",
                 "value_base": 1e3 * (i * PER_DOC + j + 1), "unit_base": "USD", "year": 2000 + j})
            for j, q in enumerate(quotes)
        ]  # fmt: skip
        items.append(make_item(f"report_{i:02d}.txt", text, fields, title=f"Annual report {i} 100%_done"))
    return items


class Recorder:
    """A connection that records each statement run on it (the SQL text and its parameters)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con
        self.statements: list[tuple[str, dict[str, Any]]] = []

    def sql(self, query: str, params: dict[str, Any] | None = None) -> duckdb.DuckDBPyRelation:
        self.statements.append((query, params or {}))
        return self._con.sql(query, params=params)

    def execute(self, query: str, params: Any = None) -> duckdb.DuckDBPyConnection:
        self.statements.append((query, params or {}))
        return self._con.execute(query, params)


@pytest.fixture
def con(db: Path, make_item: MakeItem) -> Iterator[duckdb.DuckDBPyConnection]:
    store.ingest(db, _items(make_item))
    connection = store.connect(db, read_only=True)
    yield connection
    connection.close()


def test_page_returns_at_most_a_page_in_file_name_order(con: duckdb.DuckDBPyConnection) -> None:
    first = documents.page(con, limit=5)
    last = documents.page(con, limit=5, offset=10)
    assert first["doc"].to_list() == [f"report_{i:02d}.txt" for i in range(5)]
    assert last["doc"].to_list() == ["report_10.txt", "report_11.txt"]
    assert set(first["figures"]) == {PER_DOC} and "text" not in first.columns
    assert documents.count(con) == N_DOCS
    with pytest.raises(ValueError, match="offset"):
        documents.page(con, limit=5, offset=-1)


def test_search_matches_file_name_or_title_as_plain_text(con: duckdb.DuckDBPyConnection) -> None:
    assert documents.page(con, search="REPORT_03", limit=50)["doc"].to_list() == ["report_03.txt"]
    assert documents.page(con, search="annual report 1", limit=50)["doc"].to_list() == [
        "report_01.txt", "report_10.txt", "report_11.txt"
    ]  # fmt: skip
    assert documents.count(con, search="  ") == N_DOCS  # blank: no search
    assert documents.count(con, search="0%_d") == N_DOCS  # % and _ are text, not wildcards
    assert documents.count(con, search="1%d") == 0
    assert documents.count(con, search="' OR 1=1 --") == 0


def test_position_names_the_page_of_a_document(con: duckdb.DuckDBPyConnection) -> None:
    doc_ids = dict(documents.page(con, limit=50).select("doc", "doc_id").iter_rows())
    assert documents.position(con, doc_ids["report_07.txt"]) == 7
    assert documents.position(con, doc_ids["report_11.txt"], search="annual report 1") == 2
    assert documents.position(con, doc_ids["report_07.txt"], search="report_1") is None
    assert documents.position(con, "no-such-id") is None


def test_most_figures_returns_the_top_documents_only(con: duckdb.DuckDBPyConnection) -> None:
    top = documents.most_figures(con, limit=3)
    assert top["doc"].to_list() == ["report_00.txt", "report_01.txt", "report_02.txt"]  # ties: by name
    assert set(top["figures"]) == {PER_DOC}


def test_titles_of_the_named_documents_only(con: duckdb.DuckDBPyConnection) -> None:
    assert documents.titles(con, ["report_02.txt", "nope.txt"]) == {"report_02.txt": "Annual report 2 100%_done"}
    assert documents.titles(con, []) == {}


def test_first_figures_pages_through_a_selection_without_overlap(con: duckdb.DuckDBPyConnection) -> None:
    flt = FigureFilter(kind="money")
    pages = [queries.first_figures(con, flt, limit=25, offset=offset) for offset in range(0, 75, 25)]
    assert [p.height for p in pages] == [25, 25, N_DOCS * PER_DOC - 50]
    ids = [i for p in pages for i in p["figure_id"].to_list()]
    assert len(ids) == len(set(ids)) == N_DOCS * PER_DOC
    recorder = Recorder(con)
    queries.first_figures(recorder, flt, limit=25, offset=25)  # type: ignore[arg-type]
    ((sql, params),) = recorder.statements
    assert "LIMIT $limit OFFSET $offset" in sql and (params["limit"], params["offset"]) == (25, 25)
    with pytest.raises(ValueError, match="offset"):
        queries.first_figures(con, flt, limit=25, offset=-1)


def _plan(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]) -> str:
    return "\n".join(str(row[1]) for row in con.sql("EXPLAIN ANALYZE " + sql, params=params).fetchall())


def test_figures_of_a_document_are_read_through_the_doc_index(con: duckdb.DuckDBPyConnection) -> None:
    doc_id = documents.page(con, search="report_04", limit=1)["doc_id"][0]
    recorder = Recorder(con)
    spans = queries.figure_spans(recorder, doc_id)  # type: ignore[arg-type]
    assert spans.height == PER_DOC and spans["start"].is_sorted()
    sql, params = recorder.statements[-1]
    assert "WHERE doc IN ($doc_0)" in sql and params["doc_0"] == "report_04.txt"
    assert re.search(r"index.scan", _plan(con, sql, params), re.IGNORECASE), "a per-document list scans every figure"
    by_id = queries.filtered_figures(con, FigureFilter(doc_id=doc_id), limit=3)
    assert by_id.height == 3 and set(by_id["doc"]) == {"report_04.txt"}
    assert queries.figure_spans(con, "no-such-id").is_empty()


def test_figures_by_id_equal_the_figures_query(con: duckdb.DuckDBPyConnection) -> None:
    every = queries.figures(con)
    ids = every["figure_id"].to_list()[3:5]
    assert queries.figures_by_id(con, ids).to_dicts() == every.filter(every["figure_id"].is_in(ids)).to_dicts()
    assert queries.figures_by_id(con, []).is_empty()


def test_dated_by_year_groups_by_indicator_or_actor(con: duckdb.DuckDBPyConnection) -> None:
    flt = FigureFilter(kind="money", unit_base="USD")
    by_indicator = queries.dated_by_year(con, flt, series="indicator")
    assert by_indicator.height == PER_DOC and set(by_indicator["series"]) == {"aid"}
    assert set(by_indicator["n"]) == {N_DOCS}
    direct = queries.dated_by_year(con, flt, series="indicator", direct=True)
    assert by_indicator.select("year", "series", "n", "figure_id").equals(
        direct.select("year", "series", "n", "figure_id")
    )
    assert set(queries.dated_by_year(con, flt)["series"]) == {"(no actor)"}
    with pytest.raises(ValueError, match="series"):
        queries.dated_by_year(con, flt, series="doc; DROP TABLE figures")
