"""Figure page: one figure with its sentence, paragraph, document and the rule that found it."""

from __future__ import annotations

import streamlit as st

from dashboard import data, detail, review_view

st.title("Figure detail")
version = data.require_data()

figure_id = detail.last_selected()
if not figure_id:
    st.info(
        "No figure selected. Click a point on a chart (Overview, Indicators) or a row of a table, "
        "or a highlighted figure in a document; its sentence and source show here."
    )
    st.page_link("indicators_page.py", label="Go to Indicators", icon=":material/monitoring:")
    st.stop()

st.query_params["figure"] = figure_id
detail.render(version, figure_id, full=True)

review_view.panel(version, figure_id, prefix="figure")
