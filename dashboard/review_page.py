"""Review page: accept, reject or correct figures, the ones the rules were least sure of first;
decisions already made (who, when), decisions whose figure disappeared, and each rule's precision."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import curated, data, review_view

PAGE = "review"

st.title("Review")
version = data.require_data()
log = curated.log_stamp()
st.caption(
    "Each decision is appended to the review log beside the database, keyed by figure, so it survives "
    "re-extraction; exports carry the review columns. `figures review` does the same from the command line."
)
review_view.flash()

top = st.columns([2, 1, 3], vertical_alignment="bottom")
review_view.reviewer_input(top[0])
limit = top[1].selectbox("Show", [10, 25, 50], key="review_limit", format_func=lambda n: f"{n} figures")

applied = curated.reviewed(version, log)
done = applied.filter(pl.col("reviewed"))
todo = applied.height - done.height
top[2].caption(f"{done.height:,} of {applied.height:,} figures reviewed, {todo:,} to go.")

tab_queue, tab_done, tab_rules = st.tabs(["Queue", f"Decided ({done.height})", "Rule precision"])

with tab_queue:
    queue = curated.queue(version, log, int(limit))
    if queue.is_empty():
        st.success("Every figure has been reviewed.")
    else:
        st.caption("Most uncertain first: no year, a vague or approximate quantity, a fallback indicator, no actors.")
    for row in queue.iter_rows(named=True):
        review_view.card(row, prefix=PAGE, score=int(row["uncertainty"]))

with tab_done:
    if done.is_empty():
        st.info("No decisions yet: accept, reject or correct figures in the queue.")
    else:
        st.dataframe(
            done.sort("reviewed_at", descending=True).select(
                "review_status", "quote", "value", "unit", "indicator", "year", "reviewed_by", "reviewed_at",
                "review_note", "doc", "rule",
            ),
            hide_index=True,
            key="review_done",
        )  # fmt: skip
    lost = curated.orphans(version, log)
    if not lost.is_empty():
        st.warning(
            f"{lost.height} decision{'s' if lost.height != 1 else ''} name a figure that is no longer in the "
            "database (its document changed, so the figure's span moved or vanished). They are kept in the log; "
            "review the document's new figures."
        )
        st.dataframe(
            lost.select("figure_id", "review_status", "reviewed_by", "reviewed_at", "review_note"),
            hide_index=True,
            key="review_orphans",
        )

with tab_rules:
    quality = curated.rule_quality(version, log)
    st.caption(
        "Precision = (accepted + corrected) / reviewed, per rule; rules with the lowest precision first. "
        "Rules nobody has reviewed have no precision yet."
    )
    st.dataframe(
        quality,
        hide_index=True,
        key="review_rules",
        column_config={"precision": st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1)},
    )
