"""AppTest smoke tests of the Figures page: the table, its filters, the money chart, empty states."""

from __future__ import annotations

import json
from pathlib import Path

from tests.dashboard.support import AppFactory

PAGE = "figures_page.py"


def _chart_spec(at, key: str) -> dict:
    charts = [el for el in at.get("plotly_chart") if el.key == key]
    assert charts, f"no plotly chart with key {key!r}"
    return json.loads(charts[0].proto.spec)


def test_table_lists_every_figure_and_money_chart_has_sources(app: AppFactory, corpus_db: Path) -> None:
    at = app(corpus_db, PAGE)
    assert not at.exception
    assert at.title[0].value == "Figures"
    table = at.dataframe[0].value
    assert len(table) > 10
    assert {"quote", "doc", "sentence"} <= set(table.columns)
    spec = _chart_spec(at, "figures_money_chart")
    points = [cd for trace in spec["data"] for cd in trace.get("customdata", [])]
    assert points, "the corpus has dated money figures"
    figure_id, quote, doc = points[0][:3]
    assert quote in set(table["quote"]) and doc.endswith(".txt") and len(figure_id) == 16


def test_kind_filter_narrows_the_table(app: AppFactory, corpus_db: Path) -> None:
    at = app(corpus_db, PAGE)
    at.selectbox(key="figures_kind").set_value("money").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert set(table["kind"]) == {"money"}


def test_document_filter_narrows_table_and_chart(app: AppFactory, corpus_db: Path) -> None:
    at = app(corpus_db, PAGE)
    doc = at.selectbox(key="figures_doc").options[-1]
    at.selectbox(key="figures_doc").set_value(doc).run()
    assert not at.exception
    assert set(at.dataframe[0].value["doc"]) == {doc}


def test_missing_database_says_what_to_do(app: AppFactory, tmp_path: Path) -> None:
    at = app(tmp_path / "nowhere.duckdb", PAGE)
    assert not at.exception
    assert "figures ingest" in at.error[0].value


def test_empty_database_says_what_to_do(app: AppFactory, empty_db: Path) -> None:
    at = app(empty_db, PAGE)
    assert not at.exception
    assert "no documents" in at.info[0].value
