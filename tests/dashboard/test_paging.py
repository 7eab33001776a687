"""Pages on a warehouse larger than their tables: each shows a page, says which, and pages on;
no query fetches more rows than a page (every warehouse read is counted)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
import streamlit as st

from tests.dashboard.support import LARGE_DOCS, LARGE_PER_DOC, AppFactory, chart_points, chart_specs, html_text
from warehouse import documents, queries, selection, summaries

N_FIGURES = LARGE_DOCS * LARGE_PER_DOC


@pytest.fixture
def fetched(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Return the row count of every DataFrame the warehouse reads from now on (caches cleared)."""
    heights: list[int] = []
    real = selection.frame

    def counting(relation):  # type: ignore[no-untyped-def]
        df = real(relation)
        heights.append(df.height)
        return df

    for module in (selection, queries, summaries, documents):
        monkeypatch.setattr(module, "frame", counting)

    def every_figure(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a page loaded every figure")

    monkeypatch.setattr(queries, "figures", every_figure)
    monkeypatch.setattr(queries, "documents", lambda *a, **k: every_figure())
    st.cache_data.clear()
    return heights


def _captions(at) -> str:  # type: ignore[no-untyped-def]
    return " ".join(c.value for c in at.caption)


def test_figures_page_shows_one_page_and_pages_on(app: AppFactory, large_db: Path, fetched: list[int]) -> None:
    at = app(large_db, "figures_page.py")
    assert not at.exception
    assert len(at.dataframe(key="figures_table").value) == 500
    assert f"figures 1 to 500 of {N_FIGURES:,}" in _captions(at)
    first = set(at.dataframe(key="figures_table").value["quote"])
    at.number_input(key="figures_page_no").set_value(5).run()
    assert not at.exception
    last = at.dataframe(key="figures_table").value
    assert len(last) == N_FIGURES - 2000 and not first & set(last["quote"])
    assert f"figures 2,001 to {N_FIGURES:,} of {N_FIGURES:,}" in _captions(at)
    at.selectbox(key="figures_kind").set_value("money").run()  # a new filter starts at its first page
    assert at.number_input(key="figures_page_no").value == 1
    assert max(fetched) <= 500


def test_figures_page_aggregates_a_money_chart_of_many_figures(
    app: AppFactory, large_db: Path, fetched: list[int]
) -> None:
    at = app(large_db, "figures_page.py")
    assert not at.exception
    points = chart_points(chart_specs(at)["figures_money_chart"])
    assert 0 < len(points) <= LARGE_PER_DOC  # one mark per year and indicator, not one per figure
    assert f"{N_FIGURES:,} dated money figures" in _captions(at)
    assert max(fetched) <= 500


def test_figures_page_of_one_document_needs_no_pager(app: AppFactory, large_db: Path, fetched: list[int]) -> None:
    at = app(large_db, "figures_page.py", doc="report_007.txt")
    assert not at.exception
    assert set(at.dataframe(key="figures_table").value["doc"]) == {"report_007.txt"}
    assert not [n for n in at.number_input if n.key == "figures_page_no"]
    assert f"{LARGE_PER_DOC} figures" in _captions(at)
    assert len(chart_points(chart_specs(at)["figures_money_chart"])) == LARGE_PER_DOC


def test_documents_page_shows_a_page_finds_and_opens(app: AppFactory, large_db: Path, fetched: list[int]) -> None:
    at = app(large_db, "documents_page.py")
    assert not at.exception
    table = at.dataframe(key="docs_table").value
    assert len(table) == 200 and table["doc"].iloc[0] == "report_000.txt"
    assert f"documents 1 to 200 of {LARGE_DOCS}" in _captions(at)
    at.number_input(key="docs_page_no").set_value(2).run()
    assert list(at.dataframe(key="docs_table").value["doc"]) == [f"report_{i}.txt" for i in range(200, LARGE_DOCS)]
    at.text_input(key="docs_search").set_value("annual REPORT 205").run()
    assert list(at.dataframe(key="docs_table").value["doc"]) == ["report_205.txt"]
    at.session_state["docs_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert html_text(at).count("<mark") == LARGE_PER_DOC and "Report 205." in html_text(at)
    at.text_input(key="docs_search").set_value("no such thing").run()
    assert "No document" in at.info[0].value
    assert max(fetched) <= 200


def test_documents_page_opens_on_the_page_of_a_linked_document(
    app: AppFactory, large_db: Path, fetched: list[int]
) -> None:
    probe = app(large_db, "documents_page.py")
    probe.number_input(key="docs_page_no").set_value(2).run()
    table = probe.dataframe(key="docs_table").value
    doc_id = documents_id(large_db, "report_203.txt")
    at = app(large_db, "documents_page.py", doc_id=doc_id)
    assert not at.exception
    assert at.number_input(key="docs_page_no").value == 2
    assert "report_203.txt" in set(table["doc"]) and "Report 203." in html_text(at)
    assert max(fetched) <= 200


def documents_id(db: Path, doc: str) -> str:
    """Return the doc_id of the document named `doc` (read outside the dashboard)."""
    from warehouse import store

    with store.ReadOnlyWarehouse(db) as reader:
        ids = documents.page(reader.con().cursor(), search=doc, limit=1)["doc_id"].to_list()
    return str(ids[0])


def test_figure_page_reads_one_figure_not_every_figure(app: AppFactory, large_db: Path, fetched: list[int]) -> None:
    figure_id = documents_figure(large_db)
    at = app(large_db, "figure_page.py", figure=figure_id)
    fetched.clear()  # count the Figure page's reads only, not the Overview's first run
    st.cache_data.clear()
    at.run()
    assert not at.exception
    assert "unreviewed" in html_text(at).lower()
    assert [b for b in at.button if "accept" in str(b.label).lower()]
    assert max(fetched) <= LARGE_PER_DOC


def documents_figure(db: Path) -> str:
    """Return the id of some figure of the large warehouse."""
    from warehouse import store

    with store.ReadOnlyWarehouse(db) as reader:
        con = reader.con().cursor()
        doc_id = documents.page(con, search="report_100", limit=1)["doc_id"][0]
        spans: pl.DataFrame = queries.figure_spans(con, doc_id)
    return str(spans["figure_id"][3])


def test_figures_page_lists_a_bounded_document_picker(
    app: AppFactory, large_db: Path, fetched: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard import filters

    monkeypatch.setattr(filters, "MAX_DOC_OPTIONS", 50)
    at = app(large_db, "figures_page.py", doc="report_199.txt")
    assert not at.exception
    picker = at.selectbox(key="figures_doc")
    assert picker.value == "report_199.txt" and len(picker.options) == 52  # All, the chosen one, the first 50
    assert set(at.dataframe(key="figures_table").value["doc"]) == {"report_199.txt"}
    at = app(large_db, "figures_page.py", doc="no_such.txt")  # not a document: selects none
    assert not at.exception
    assert at.selectbox(key="figures_doc").value == "All"
    assert len(at.dataframe(key="figures_table").value) == 500
