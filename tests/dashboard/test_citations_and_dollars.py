"""AppTest tests of constant dollars (Indicators, Export) and of citations under charts and on Export."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest

from dashboard import constant, exporting
from tests.dashboard.support import AppFactory, chart_specs, no_errors
from warehouse import curation, money
from warehouse.queries import FigureFilter
from warehouse.store import ReadOnlyWarehouse

PAGE = "indicators_page.py"


def _values(at) -> dict[str, float]:
    """Return the plotted value of each figure on the by-year chart, by quote."""
    out = {}
    for trace in chart_specs(at)["indicators_chart_by_year"]["data"]:
        for custom, y in zip(trace.get("customdata") or [], trace.get("y") or [], strict=False):
            out[custom[1]] = y
    return out


def test_constant_dollars_switch_changes_the_plotted_values(app: AppFactory, conflict_db: Path) -> None:
    at = app(conflict_db, PAGE, indicator="aid", base="USD")
    no_errors(at)
    assert at.toggle(key="ind_const").value is False and "usd" not in at.query_params
    nominal = _values(at)
    at.toggle(key="ind_const").set_value(True).run()
    no_errors(at)
    assert at.query_params["usd"] == "2024"
    real = _values(at)
    assert set(real) == set(nominal)  # every dated aid figure is in USD
    assert real["US$519 million"] / nominal["US$519 million"] == pytest.approx(money.deflator(1961, 2024))
    assert real["US$1.8 billion"] / nominal["US$1.8 billion"] == pytest.approx(money.deflator(2010, 2024))
    captions = " ".join(c.value for c in at.caption)
    assert money.CPI_SOURCE in captions and "without a year not shown" in captions
    at.number_input(key="ind_base_year").set_value(1990).run()
    assert at.query_params["usd"] == "1990"
    assert _values(at)["US$519 million"] / nominal["US$519 million"] == pytest.approx(money.deflator(1961, 1990))
    at.toggle(key="ind_const").set_value(False).run()
    assert _values(at) == nominal and "usd" not in at.query_params


def test_a_currency_without_a_rate_stays_and_the_chart_says_so(app: AppFactory, conflict_db: Path) -> None:
    at = app(conflict_db, PAGE, indicator="aid", base="EUR", usd="2020")
    no_errors(at)
    assert at.toggle(key="ind_const").value is True and at.number_input(key="ind_base_year").value == 2020
    spec = chart_specs(at)["indicators_chart_by_year"]
    notes = [a["text"] for a in spec["layout"].get("annotations", [])]
    assert any("1 figure not in constant dollars (no EUR-&gt;USD rate for 2010: kept in EUR)" in n for n in notes)


def test_deflate_scales_bounds_and_keeps_unconvertible_points() -> None:
    pts = pl.DataFrame(
        {"figure_id": ["a", "b"], "year": [2010, 2010], "value_base": [2e7, 1.0], "low": [1e7, None],
         "high": [3e7, None]}, schema_overrides={"year": pl.Int32, "low": pl.Float64, "high": pl.Float64},
    )  # fmt: skip
    done, kept = constant.deflate(pts, unit_base="USD", base_year=2020)
    f = money.deflator(2010, 2020)
    assert done.row(0, named=True)["low"] == pytest.approx(1e7 * f)
    assert done.row(0, named=True)["high"] == pytest.approx(3e7 * f) and kept.is_empty()
    done, kept = constant.deflate(pts, unit_base="PKR", base_year=2020)
    assert done.is_empty() and constant.kept_note(kept).startswith("2 figures not in constant dollars (no PKR->USD")


def test_citations_under_the_indicators_chart(app: AppFactory, conflict_db: Path) -> None:
    at = app(conflict_db, PAGE, indicator="aid", base="USD")
    no_errors(at)
    assert any(e.label.startswith("Cite this chart (") for e in at.expander)
    code = "\n".join(c.value for c in at.code)
    assert "Khan, S. (2010). US aid to Pakistan after the floods. Dawn. https://example.org/dawn/aid-2010" in code
    assert "@article{khan2010us," in code and "journal = {The Express Tribune}" in code
    assert '"Aid and assistance: By year and actor", figures extracted from' in code


def test_export_offers_bibtex_apa_and_constant_columns(app: AppFactory, conflict_db: Path) -> None:
    at = app(conflict_db, "export_page.py", indicator="aid", base="USD")
    no_errors(at)
    labels = {b.label for b in at.download_button}
    assert {"Download BibTeX (.bib)", "Download APA text"} <= labels
    assert any("Smith, J. (2010). Flood relief tally. The Express Tribune." in c.value for c in at.code)
    at.toggle(key="exp_const").set_value(True).run()
    no_errors(at)
    assert "value_usd_const (2024 dollars" in " ".join(c.value for c in at.caption)


def test_table_bytes_add_review_and_constant_columns(review_db: Path) -> None:
    flt = FigureFilter(indicator="aid", unit_base="USD")
    with ReadOnlyWarehouse(review_db) as reader:
        plain = pl.read_csv(io.BytesIO(exporting.table_bytes(reader, flt, "csv")))
        fid = plain.filter(pl.col("quote") == "US$1.5 billion")["figure_id"][0]
        curation.record(review_db, fid, "reject", who="Ana", note="double-counted")
        data = exporting.table_bytes(reader, flt, "csv", reviews_of=review_db, constant_usd=2020)
    df = pl.read_csv(io.BytesIO(data))
    assert {"review_status", "reviewed_by", "value_usd", "value_usd_const", "usd_note"} <= set(df.columns)
    row = df.filter(pl.col("figure_id") == fid).row(0, named=True)
    assert (row["review_status"], row["reviewed_by"], row["review_note"]) == ("rejected", "Ana", "double-counted")
    assert row["value_usd_const"] == pytest.approx(1.5e9 * money.deflator(2010, 2020))
