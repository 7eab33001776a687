"""Overview page: what the warehouse holds, and a timeline of every dated figure."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import charts, data, detail

PAGE = "overview"

st.title("Overview")
version = data.require_data()

counts = data.summary(version)
by_indicator = data.counts_by_kind_indicator(version)
timeline = data.timeline(version)
labels = data.indicator_labels()

span = "none stated"
if not timeline.is_empty():
    span = f"{int(timeline['year'].min())} to {int(timeline['year'].max())}"  # type: ignore[arg-type]
cols = st.columns(4)
cols[0].metric("Documents", f"{counts.get('documents', 0):,}")
cols[1].metric("Figures", f"{counts.get('figures', 0):,}")
cols[2].metric("Indicators", f"{by_indicator['indicator'].n_unique():,}")
cols[3].metric("Years covered", span)

st.subheader("Every dated figure")
st.caption(
    "One row per indicator, a mark per figure (larger marks stand for several). Click a mark to read its sentence."
)
event = st.plotly_chart(
    charts.timeline_chart(timeline, labels=labels),
    key="overview_timeline",
    on_select="rerun",
    selection_mode="points",
    config={"displaylogo": False},
)
detail.chart_event(PAGE, "overview_timeline", event)

figure_id = detail.selected(PAGE)
if figure_id:
    detail.render(version, figure_id)

left, right = st.columns([3, 2])
with left:
    st.subheader("Figures by indicator")
    st.plotly_chart(
        charts.kind_indicator_chart(by_indicator, labels=labels), key="overview_kinds", config={"displaylogo": False}
    )
with right:
    st.subheader("Documents")
    n_docs = counts.get("documents", 0)
    if n_docs > data.OVERVIEW_DOCUMENTS:  # 20,000 rows take seconds to send; Documents pages through them
        st.caption(f"The {data.OVERVIEW_DOCUMENTS} with the most figures, of {n_docs:,}.")
        docs = data.documents_with_most_figures(version, data.OVERVIEW_DOCUMENTS)
    else:
        docs = data.document_page(version, None, data.OVERVIEW_DOCUMENTS, 0)
    st.dataframe(
        docs.select("doc", "title", "figures").with_columns(pl.col("title").fill_null("")),
        hide_index=True,
        placeholder="",
        key="overview_docs",
    )
    st.page_link("documents_page.py", label="Read the documents", icon=":material/description:")
