"""AppTest tests of Overview, Figures, Figure detail and Documents: selections trace to sentences."""

from __future__ import annotations

from pathlib import Path

from tests.dashboard.support import AppFactory, chart_points, chart_specs, html_text, no_errors


def test_overview_timeline_traces_every_mark_to_a_quote(app: AppFactory, hand_db: Path) -> None:
    at = app(hand_db)
    no_errors(at)
    points = chart_points(chart_specs(at)["overview_timeline"])
    assert {p[1] for p in points} >= {"US$100 million", "US$2 billion", "around 3.5 quadrillion BTU"}
    rows = {t["y"][0] for t in chart_specs(at)["overview_timeline"]["data"]}
    assert "Aid and assistance" in rows or "aid" in rows
    (docs,) = [df.value for df in at.dataframe if "doc" in df.value.columns]
    assert set(docs["doc"]) == {"aid_report.txt", "loan_note.txt"}


def test_overview_shows_a_figure_named_in_the_url(app: AppFactory, hand_db: Path) -> None:
    at = app(hand_db)
    figure_id = chart_points(chart_specs(at)["overview_timeline"])[0][0]
    at = app(hand_db, figure=figure_id)
    no_errors(at)
    assert "</mark>" in html_text(at)


def test_figures_page_row_selection_and_filters_in_url(app: AppFactory, hand_db: Path) -> None:
    at = app(hand_db, "figures_page.py", kind="money")
    no_errors(at)
    assert at.selectbox(key="figures_kind").value == "money"
    table = at.dataframe(key="figures_table").value
    assert set(table["kind"]) == {"money"}
    row = list(table["quote"]).index("US$2 billion")
    at.session_state["figures_table"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    no_errors(at)
    assert "US$2 billion</mark>" in html_text(at)
    at.selectbox(key="figures_doc").set_value("aid_report.txt").run()
    assert at.query_params["doc"] == "aid_report.txt"
    assert set(at.dataframe(key="figures_table").value["doc"]) == {"aid_report.txt"}


def test_figure_page_without_selection_says_how_to_pick_one(app: AppFactory, hand_db: Path) -> None:
    at = app(hand_db, "figure_page.py")
    no_errors(at)
    assert "No figure selected" in at.info[0].value


def test_figure_page_shows_sentence_paragraph_source_rule_and_bounds(app: AppFactory, hand_db: Path) -> None:
    probe = app(hand_db, "figures_page.py")
    table = probe.dataframe(key="figures_table").value
    at = app(hand_db, "figures_page.py")
    quotes = list(table["quote"])
    at.session_state["figures_table"] = {"selection": {"rows": [quotes.index("over US$400 million")], "columns": []}}
    at.run()
    figure_id = at.query_params["figure"]
    at = app(hand_db, "figure_page.py", figure=figure_id)
    no_errors(at)
    html = html_text(at)
    assert html.count("over US$400 million</mark>") == 2  # the sentence and the paragraph
    assert "Aid &lt;b&gt;report&lt;/b&gt;" in html  # the title is text, not markup
    assert 'href="https://doi.org/10.1234/aid.1"' in html and 'href="https://example.org/aid"' in html
    assert "A. Author" in html and "2020-01-02" in html
    assert "test.hand_built" in html and "at least: low 400,000,000 USD, no upper bound" in html
    (fields,) = [df.value for df in at.dataframe if "field" in df.value.columns]
    assert dict(zip(fields["field"], fields["value"], strict=True))["figure_id"] == figure_id


def test_figure_page_with_an_unknown_id_warns(app: AppFactory, hand_db: Path) -> None:
    at = app(hand_db, "figure_page.py", figure="<nope>")
    assert not at.exception
    assert "&lt;nope&gt;" in at.warning[0].value or "nope" in at.warning[0].value


def test_documents_page_lists_documents_and_opens_one_escaped(app: AppFactory, hand_db: Path) -> None:
    at = app(hand_db, "documents_page.py")
    no_errors(at)
    table = at.dataframe(key="docs_table").value
    assert list(table["doc"]) == ["aid_report.txt", "loan_note.txt"]
    assert "<mark" not in html_text(at)
    at.session_state["docs_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    no_errors(at)
    html = html_text(at)
    assert html.count("<mark") == 9  # every figure of the document, marked
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html and "<script>" not in html
    assert 'href="figure?figure=' in html
    assert at.query_params["doc_id"]


def test_documents_page_refuses_a_javascript_url(app: AppFactory, hand_db: Path) -> None:
    at = app(hand_db, "documents_page.py")
    urls = at.dataframe(key="docs_table").value["url"].tolist()
    assert urls[0] == "https://example.org/aid" and not isinstance(urls[1], str)
    at.session_state["docs_table"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    at.run()
    no_errors(at)
    assert "javascript:" not in html_text(at)
    assert "US$2 billion</mark>" in html_text(at)


def test_figures_page_empty_filter_keeps_the_money_chart_of_the_document(app: AppFactory, hand_db: Path) -> None:
    at = app(hand_db, "figures_page.py", kind="share", doc="loan_note.txt")
    no_errors(at)
    assert "No figures match" in at.info[0].value
    assert [p[1] for p in chart_points(chart_specs(at)["figures_money_chart"])] == ["US$2 billion"]
