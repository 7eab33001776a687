"""Figures page: every figure as a table, a page at a time, filterable by kind and document,
and money by year."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, data, detail, filters, indicator_view, paging, scales
from warehouse.queries import FigureFilter

PAGE = "figures"
ALL = "All"
#: Rows of the table per page: each page is one query with a LIMIT.
PAGE_SIZE = 500
#: Up to this many dated money figures the chart draws each; more, one mark per year and indicator.
MONEY_POINTS = 2000

st.title("Figures")
version = data.require_data()

left, right = st.columns(2)
kind = filters.choice("Kind", [ALL, *data.distinct(version, "kind")], key="figures_kind", param_name="kind",
                      default=ALL, slot=left)  # fmt: skip
doc = filters.document_choice("Document", data.distinct(version, "doc"), key="figures_doc", param_name="doc",
                              any_label=ALL, slot=right)  # fmt: skip
filters.write_params({"kind": None if kind == ALL else kind, "doc": None if doc == ALL else doc})

flt = FigureFilter(kind=None if kind == ALL else kind, docs=() if doc == ALL else (doc,))
n = int(data.filter_stats(version, flt)["n"] or 0)
offset = paging.pager(n, PAGE_SIZE, key="figures_page_no", scope=flt)
table = data.first_figures(version, flt, PAGE_SIZE, offset)
if table.is_empty():
    st.info("No figures match this filter: choose another kind or document.")
else:
    st.caption(f"{paging.showing(offset, table.height, n, 'figures')} · select a row to read its sentence")
    ids = table["figure_id"].to_list()
    rows = st.dataframe(
        table.select("quote", "value", "unit", "kind", "indicator", "year", "qualifier", "doc", "sentence"),
        hide_index=True,
        placeholder="",
        key="figures_table",
        on_select="rerun",
        selection_mode="single-row",
    )
    detail.table_event(PAGE, "figures_table", rows, ids)

detail_slot = st.container()

st.subheader("Money by year")
money_flt = FigureFilter(kind="money", docs=flt.docs, unit_base="USD")
dated = int(data.filter_stats(version, money_flt)["dated"] or 0)
if dated <= MONEY_POINTS:
    money = data.dated_points(version, money_flt, MONEY_POINTS)
else:
    money = data.dated_by_year(version, money_flt, "indicator")
    st.caption(
        f"{dated:,} dated money figures, drawn as one mark per year and indicator (mean, bar from lowest "
        "to highest); each mark opens its largest figure."
    )
top = money["value_base"].max() if not money.is_empty() else None
typical = float(top) if isinstance(top, (int, float)) else None
unit = scales.default_unit("USD", typical)
event = st.plotly_chart(
    charts.money_by_year_chart(money, unit_label=unit.label, factor=scales.factor("USD", unit.expr)),
    key="figures_money_chart",
    on_select="rerun",
    selection_mode="points",
    config={"displaylogo": False},
)
detail.chart_event(PAGE, "figures_money_chart", event)
indicator_view.show_sources(version, money)

figure_id = detail.selected(PAGE)
if figure_id:
    with detail_slot:
        detail.render(version, figure_id)
