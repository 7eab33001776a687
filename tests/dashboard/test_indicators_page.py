"""AppTest tests of the Indicators page: every filter and switch changes the query and the URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import indicator_view
from tests.dashboard.support import AppFactory, chart_points, chart_specs, html_text, no_errors

PAGE = "indicators_page.py"


def _table_quotes(at) -> set[str]:
    return set(at.dataframe(key="ind_table").value["quote"]) if _has_table(at) else set()


def _has_table(at) -> bool:
    return any(df.key == "ind_table" for df in at.dataframe)


def test_default_is_the_money_indicator_with_most_dated_figures(app: AppFactory, hand_db: Path) -> None:
    at = app(hand_db, PAGE)
    no_errors(at)
    assert at.selectbox(key="ind_indicator").value == "aid"
    assert at.query_params["indicator"] == "aid"
    spec = chart_specs(at)["indicators_chart_by_year"]
    quotes = {p[1] for p in chart_points(spec)}
    assert quotes == {
        "US$100 million",
        "US$250 million",
        "over US$400 million",
        "up to US$50 million",
        "between US$10 million and US$30 million",
    }
    assert spec["layout"]["yaxis"]["title"]["text"] == "USD million"
    assert "Sources:" in html_text(at) and "aid_report.txt" in html_text(at)


def test_bounds_are_drawn_as_bounds(app: AppFactory, hand_db: Path) -> None:
    at = app(hand_db, PAGE, axis="linear")
    spec = chart_specs(at)["indicators_chart_by_year"]
    symbols = {}
    for trace in spec["data"]:
        for cd, sym in zip(trace.get("customdata") or [], trace["marker"].get("symbol") or [], strict=False):
            symbols[cd[1]] = sym
    assert symbols["over US$400 million"] == "triangle-up"
    assert symbols["up to US$50 million"] == "triangle-down"
    assert symbols["between US$10 million and US$30 million"] == "diamond"
    legend = {t["name"] for t in spec["data"]}
    assert "at least (arrow: no upper bound)" in legend and "range (bar: low to high)" in legend


def test_range_has_an_error_bar_from_low_to_high(app: AppFactory, hand_db: Path) -> None:
    at = app(hand_db, PAGE, actor="United States", axis="linear")
    spec = chart_specs(at)["indicators_chart_by_year"]
    quote = "between US$10 million and US$30 million"
    (trace,) = [t for t in spec["data"] if any(cd[1] == quote for cd in t.get("customdata") or [])]
    i = [cd[1] for cd in trace["customdata"]].index(quote)
    assert trace["error_y"]["visible"]
    others = [t for t in spec["data"] if t.get("customdata") and t is not trace]
    assert others and not any(t["error_y"]["visible"] for t in others)  # exact figures get no bar
    assert trace["y"][i] == pytest.approx(20.0)
    assert trace["error_y"]["array"][i] == pytest.approx(10.0)
    assert trace["error_y"]["arrayminus"][i] == pytest.approx(10.0)


def test_changing_the_indicator_changes_chart_and_url(app: AppFactory, hand_db: Path) -> None:
    at = app(hand_db, PAGE)
    at.selectbox(key="ind_indicator").set_value("loan").run()
    no_errors(at)
    assert at.query_params["indicator"] == "loan"
    points = chart_points(chart_specs(at)["indicators_chart_by_year"])
    assert [p[1] for p in points] == ["US$2 billion"]
    assert _table_quotes(at) == {"US$2 billion"}


def _reversed_y(spec) -> bool:
    low, high = spec["layout"]["yaxis"]["range"]
    return low > high


@pytest.mark.parametrize(
    ("indicator", "chart_key", "check"),
    [
        ("export_share", "indicators_chart_composition", lambda s: s["data"][1]["name"] == "rest of 100 %"),
        ("economy_rank", "indicators_chart_ranks", _reversed_y),
        (
            "energy_consumption",
            "indicators_chart_comparison",
            lambda s: s["layout"]["xaxis"]["title"]["text"] == "quadrillion Btu",
        ),
        ("casualties", "indicators_chart_comparison", lambda s: s["data"][0]["marker"]["symbol"] == ["triangle-right"]),
    ],
)
def test_each_kind_gets_its_chart(app: AppFactory, hand_db: Path, indicator: str, chart_key: str, check) -> None:
    at = app(hand_db, PAGE, indicator=indicator)
    no_errors(at)
    spec = chart_specs(at)[chart_key]
    assert check(spec), spec["layout"]


def test_actor_filter_narrows_chart_and_table(app: AppFactory, hand_db: Path) -> None:
    at = app(hand_db, PAGE)
    at.multiselect(key="ind_actors").set_value(["Russia"]).run()
    no_errors(at)
    assert _table_quotes(at) == {"US$250 million", "up to US$50 million"}
    assert at.query_params["actor"] == "Russia"


def test_document_and_qualifier_filters(app: AppFactory, hand_db: Path) -> None:
    at = app(hand_db, PAGE)
    at.multiselect(key="ind_qualifiers").set_value(["at_least", "range"]).run()
    no_errors(at)
    assert _table_quotes(at) == {"over US$400 million", "between US$10 million and US$30 million"}
    assert at.query_params["qualifier"] == ["at_least", "range"]
    at.multiselect(key="ind_docs").set_value(["loan_note.txt"]).run()
    no_errors(at)
    assert "No figures match" in at.info[0].value


def test_year_range_narrows_and_goes_to_the_url(app: AppFactory, hand_db: Path) -> None:
    at = app(hand_db, PAGE)
    slider = at.slider(key="ind_years_aid")
    assert slider.value == (2001, 2009)
    slider.set_value((2003, 2007)).run()
    no_errors(at)
    assert _table_quotes(at) == {"US$250 million", "over US$400 million", "up to US$50 million"}
    assert (at.query_params["from"], at.query_params["to"]) == ("2003", "2007")


def test_url_restores_the_view(app: AppFactory, hand_db: Path) -> None:
    at = app(hand_db, PAGE, indicator="aid", actor="United States", **{"from": "2004", "to": "2009"}, unit="gigaUSD")
    no_errors(at)
    assert at.multiselect(key="ind_actors").value == ["United States"]
    assert at.slider(key="ind_years_aid").value == (2004, 2009)
    assert at.selectbox(key="ind_unit_USD").value == "gigaUSD"
    assert _table_quotes(at) == {"over US$400 million", "between US$10 million and US$30 million"}


def test_unit_switch_converts_values(app: AppFactory, hand_db: Path) -> None:
    at = app(hand_db, PAGE, axis="linear")
    before = chart_specs(at)["indicators_chart_by_year"]
    at.selectbox(key="ind_unit_USD").set_value("gigaUSD").run()
    no_errors(at)
    after = chart_specs(at)["indicators_chart_by_year"]
    assert after["layout"]["yaxis"]["title"]["text"] == "USD billion"
    assert at.query_params["unit"] == "gigaUSD"
    ys_before = sorted(y for t in before["data"] if t.get("customdata") for y in t["y"])
    ys_after = sorted(y for t in after["data"] if t.get("customdata") for y in t["y"])
    assert ys_after == pytest.approx([y / 1000 for y in ys_before])


def test_energy_unit_switch(app: AppFactory, hand_db: Path) -> None:
    at = app(hand_db, PAGE, indicator="energy_consumption")
    at.selectbox(key="ind_unit_joule").set_value("EJ").run()
    no_errors(at)
    spec = chart_specs(at)["indicators_chart_comparison"]
    assert spec["layout"]["xaxis"]["title"]["text"] == "EJ"
    assert spec["data"][0]["x"][0] == pytest.approx(3.69)


def test_log_axis_switch(app: AppFactory, hand_db: Path) -> None:
    at = app(hand_db, PAGE)
    at.selectbox(key="ind_axis").set_value("log").run()
    no_errors(at)
    assert chart_specs(at)["indicators_chart_by_year"]["layout"]["yaxis"]["type"] == "log"
    assert at.query_params["axis"] == "log"


def test_table_row_selection_shows_the_figure(app: AppFactory, hand_db: Path) -> None:
    at = app(hand_db, PAGE)
    table = at.dataframe(key="ind_table").value
    row = list(table["quote"]).index("over US$400 million")
    at.session_state["ind_table"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    no_errors(at)
    html = html_text(at)
    assert "<mark" in html and "over US$400 million</mark>" in html
    assert "at least: low 400,000,000 USD, no upper bound" in html
    assert at.query_params["figure"]


def test_figure_in_the_url_opens_the_detail_panel(app: AppFactory, hand_db: Path) -> None:
    at = app(hand_db, PAGE)
    figure_id = chart_points(chart_specs(at)["indicators_chart_by_year"])[0][0]
    at2 = app(hand_db, PAGE, indicator="aid", figure=figure_id)
    no_errors(at2)
    assert "Selected figure" in [h.value for h in at2.subheader]
    assert any(link.proto.page.endswith("figure") or "figure" in link.proto.page for link in at2.get("page_link"))


def test_many_dated_figures_are_aggregated_in_duckdb(
    app: AppFactory, hand_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indicator_view, "MAX_POINTS", 2)
    at = app(hand_db, PAGE)
    no_errors(at)
    assert "5 dated figures, drawn as one mark per year and actor" in " ".join(c.value for c in at.caption)
    points = chart_points(chart_specs(at)["indicators_chart_by_year"])
    assert len(points) == 5  # one figure per (year, actor) here, each still tracing to its quote
    assert all(len(p[0]) == 16 for p in points)


def test_many_documents_are_typed_rather_than_listed(
    app: AppFactory, hand_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard import filters

    monkeypatch.setattr(filters, "MAX_DOC_OPTIONS", 1)
    at = app(hand_db, PAGE)
    no_errors(at)
    assert at.multiselect(key="ind_docs").options == ["aid_report.txt"]
    at.multiselect(key="ind_docs").set_value(["loan_note.txt", "no_such_file.txt"]).run()
    no_errors(at)
    assert at.query_params["doc"] == "loan_note.txt"  # a typed name that exists; the other is dropped
    assert "No figures match" in at.info[0].value


def test_citations_of_many_sources_wait_until_opened(
    app: AppFactory, hand_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indicator_view, "EAGER_CITATIONS", 0)
    at = app(hand_db, PAGE)
    no_errors(at)
    assert any(e.label == "Cite this chart (1 source)" for e in at.expander)
    assert not at.code  # nothing built while it is closed
