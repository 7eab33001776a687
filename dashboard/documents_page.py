"""Documents page: the loaded documents with their metadata, a page at a time, found by file
name or title; open one to read it, figures marked."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import data, detail, filters, paging, text

PAGE = "documents"
#: Rows of the table per page: each page is one query with a LIMIT.
PAGE_SIZE = 200

st.title("Documents")
version = data.require_data()

filters.seed("doc_id", filters.param("doc_id"))
doc_id = st.session_state.get("doc_id")
search = st.text_input("Find a document", key="docs_search", placeholder="part of a file name or title").strip() or None
total = data.document_count(version, search)
# A document named in the URL opens on the page that lists it.
place = data.document_position(version, doc_id, search) if doc_id else None
first = 1 if place is None else place // PAGE_SIZE + 1
offset = paging.pager(total, PAGE_SIZE, key="docs_page_no", scope=search, first=first)
docs = data.document_page(version, search, PAGE_SIZE, offset)
doc_ids = docs["doc_id"].to_list()
if docs.is_empty():
    st.info("No document's file name or title contains that text: try another.")
else:
    st.caption(f"{paging.showing(offset, docs.height, total, 'documents')}. Select a row to read it.")
    event = st.dataframe(
        docs.select("doc", "title", "figures", "date", "doi", "url", "n_chars").with_columns(
            pl.col("title").fill_null(""),
            # Only web links are clickable: a javascript: or data: URL from a document is dropped.
            pl.when(pl.col("url").str.contains(r"^https?://")).then(pl.col("url")).otherwise(None).alias("url"),
        ),
        hide_index=True,
        key="docs_table",
        on_select="rerun",
        selection_mode="single-row",
        selection_default={"selection": {"rows": [doc_ids.index(doc_id)]}} if doc_id in doc_ids else None,
        placeholder="",
        column_config={"url": st.column_config.LinkColumn(), "n_chars": st.column_config.NumberColumn("characters")},
    )
    rows = event.selection.rows if event else []
    picked = doc_ids[rows[0]] if rows and 0 <= rows[0] < len(doc_ids) else None
    # A row number means a document only on the page it was chosen on: after a page or search
    # change the old selection is remembered, not followed.
    view = (search, offset, tuple(rows))
    seen = st.session_state.get("_seen_docs_table")
    if picked and seen != view and (seen is None or seen[:2] == view[:2]):
        st.session_state["doc_id"] = picked
    st.session_state["_seen_docs_table"] = view
doc_id = st.session_state.get("doc_id")
if not doc_id:
    st.stop()
record = data.document_record(version, doc_id)
if record is None:
    st.warning("That document is no longer in the database; choose another.")
    st.stop()
st.query_params["doc_id"] = doc_id

st.divider()
st.html(text.source_html(record))
st.caption(
    f"{record['figures']} figures · {record['n_chars']:,} characters · format {record['format']} · "
    "click a highlighted figure to open it"
)
spans = data.figure_spans(version, doc_id)
marks = [
    text.Span(start, end, fid, f"{kind} · {indicator} · {text.number(value)} {unit}")
    for fid, start, end, kind, indicator, value, unit in spans.select(
        "figure_id", "start", "end", "kind", "indicator", "value", "unit"
    ).iter_rows()
]
with st.container(height=600 if len(record["text"] or "") > 2500 else "content", key="doc_text"):
    st.html(text.highlight(record["text"] or "", marks, active=detail.last_selected()))
