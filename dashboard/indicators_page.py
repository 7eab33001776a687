"""Indicators page: one indicator, filtered by actor, document, year and qualifier, in charts
that fit its kind; a click on a point or a table row shows the figure with its sentence."""

from __future__ import annotations

import streamlit as st

from dashboard import data, detail, filters, indicator_view

PAGE = "indicators"
TABLE_LIMIT = 500

st.title("Indicators")
version = data.require_data()

flt, (unit_slot, axis_slot) = filters.selection_filters(version, "ind", columns=3)
flt, unit = indicator_view.resolve_unit(version, flt, prefix="ind", slot=unit_slot)
filters.remember(flt)

stats = data.filter_stats(version, flt)
if not stats["n"]:
    st.info("No figures match these filters: widen the years, or clear an actor, document or qualifier.")
    st.stop()
st.caption(
    f"{stats['n']:,} figure{'s' if stats['n'] != 1 else ''} selected, {stats['dated']:,} of them dated"
    + (f", {stats['year_min']} to {stats['year_max']}" if stats["year_min"] is not None else "")
    + f". Values in {unit.label or flt.unit_base}."
)

log_choice = filters.choice(
    "Value axis", ["auto", "linear", "log"], key="ind_axis", param_name="axis", default="auto", slot=axis_slot,
    help="auto: a log axis when the values span more than 1000 times",
)  # fmt: skip
filters.write_params({"axis": None if log_choice == "auto" else log_choice})
base_year = indicator_view.constant_switch(flt, prefix="ind") if flt.kind == "money" else None
blocks = indicator_view.blocks(
    version, flt, unit, log=None if log_choice == "auto" else log_choice == "log", base_year=base_year
)
indicator_view.render_blocks(version, PAGE, blocks, cite_as=data.indicator_labels().get(flt.indicator or "", ""))

detail_slot = st.container()

st.subheader("Figures")
table = data.first_figures(version, flt, TABLE_LIMIT)
if stats["n"] > TABLE_LIMIT:
    st.caption(f"The first {TABLE_LIMIT} of {stats['n']:,}; download them all on the **Export** page.")
ids = table["figure_id"].to_list()
event = st.dataframe(
    table.select("quote", "value", "unit", "year", "qualifier", "actors", "subject", "doc", "sentence"),
    hide_index=True,
    placeholder="",
    key="ind_table",
    on_select="rerun",
    selection_mode="single-row",
    column_config={"sentence": st.column_config.TextColumn(width="large")},
)
detail.table_event(PAGE, "ind_table", event, ids)

figure_id = detail.selected(PAGE)
if figure_id:
    with detail_slot:
        st.subheader("Selected figure")
        detail.render(version, figure_id)
