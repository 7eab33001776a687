"""AppTest tests of the Conflicts page: two news documents disagree on US aid to Pakistan in 2010;
the page shows both sources, and the analyst's pick decides what the Indicators chart draws."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from dashboard.conflict_charts import conflict_chart, with_note
from tests.dashboard.support import AppFactory, chart_points, chart_specs, html_text, no_errors
from warehouse import curation

PAGE = "conflicts_page.py"
GROUP = "aid|Pakistan, United States|2010|USD"


def _ids_by_quote(at) -> dict[str, str]:
    return {p[1]: p[0] for p in chart_points(chart_specs(at)["conf_chart"])}


def test_conflicts_page_shows_the_group_and_both_sources(app: AppFactory, conflict_db: Path) -> None:
    at = app(conflict_db, PAGE)
    no_errors(at)
    assert "1 group reported by two or more documents: 0 agree, 1 differ" in at.caption[0].value
    assert at.selectbox(key="conf_group").value == GROUP
    assert "from 1,500,000,000 to 1,800,000,000 USD (spread 17%)" in at.warning[0].value
    html = html_text(at)
    assert "US$1.5 billion</mark>" in html and "US$1.8 billion</mark>" in html
    assert "US aid to Pakistan after the floods" in html and "Flood relief tally" in html
    points = chart_points(chart_specs(at)["conf_chart"])
    assert sorted(p[1] for p in points) == ["US$1.5 billion", "US$1.8 billion"]
    assert at.query_params["group"] == GROUP


def test_a_wide_tolerance_makes_the_sources_agree(app: AppFactory, conflict_db: Path) -> None:
    at = app(conflict_db, PAGE)
    at.number_input(key="conf_tolerance").set_value(20.0).run()
    no_errors(at)
    assert "1 agree, 0 differ" in at.caption[0].value
    assert "agree (spread 16.7%)" in at.success[0].value


def test_the_pick_decides_what_the_indicators_chart_draws(app: AppFactory, conflict_db: Path) -> None:
    at = app(conflict_db, PAGE)
    ids = _ids_by_quote(at)
    at.radio(key=f"conf_pick_{GROUP}").set_value(ids["US$1.8 billion"]).run()
    no_errors(at)
    assert at.query_params["pick"] == ids["US$1.8 billion"]
    traces = {t["name"]: [c[1] for c in t["customdata"]] for t in chart_specs(at)["conf_chart"]["data"]}
    assert traces == {"picked": ["US$1.8 billion"], "other sources": ["US$1.5 billion"]}

    at.switch_page("indicators_page.py")
    at.query_params.clear()
    at.query_params.update({"indicator": "aid", "base": "USD"})
    at.run()
    no_errors(at)
    quotes = [p[1] for p in chart_points(chart_specs(at)["indicators_chart_by_year"])]
    assert "US$1.8 billion" in quotes and "US$1.5 billion" not in quotes
    assert any("1 figure left out" in c.value for c in at.caption)

    # Charting every source again brings the other one back.
    at.switch_page(PAGE)
    at.run()
    at.radio(key=f"conf_pick_{GROUP}").set_value("__all__").run()
    assert "pick" not in at.query_params
    at.switch_page("indicators_page.py")
    at.run()
    quotes = [p[1] for p in chart_points(chart_specs(at)["indicators_chart_by_year"])]
    assert {"US$1.8 billion", "US$1.5 billion"} <= set(quotes)


def test_a_pick_in_the_url_is_restored(app: AppFactory, conflict_db: Path) -> None:
    ids = _ids_by_quote(app(conflict_db, PAGE))
    at = app(conflict_db, PAGE, group=GROUP, pick=ids["US$1.5 billion"])
    no_errors(at)
    assert at.radio(key=f"conf_pick_{GROUP}").value == ids["US$1.5 billion"]


def test_rejected_figures_leave_their_group(app: AppFactory, review_db: Path) -> None:
    ids = _ids_by_quote(app(review_db, PAGE))
    curation.record(review_db, ids["US$1.5 billion"], "reject", who="Ana")
    at = app(review_db, PAGE)
    no_errors(at)
    assert "No two documents report" in at.info[0].value


def test_conflict_chart_marks_the_pick_and_traces_points() -> None:
    members = pl.DataFrame(
        {"figure_id": ["a", "b"], "quote": ["$1", "$2"], "doc": ["x.txt", "y.txt"], "value_base": [1e6, 2e6],
         "title": ["<b>X</b>", None]}
    )  # fmt: skip
    fig = conflict_chart(members, picked="b", unit_label="USD million", factor=1e-6)
    names = [t.name for t in fig.data]
    assert names == ["picked", "other sources"]
    assert list(fig.data[0].customdata[0][:3]) == ["b", "$2", "y.txt"] and list(fig.data[0].x) == [2.0]
    assert fig.layout.shapes[0].x0 == 2.0  # the dashed line at the picked value
    assert [t.name for t in conflict_chart(members, unit_label="USD").data] == ["sources"]
    noted = with_note(fig, "2 <kept>")
    assert noted.layout.annotations[-1].text == "2 &lt;kept&gt;" and fig.layout.annotations == ()
