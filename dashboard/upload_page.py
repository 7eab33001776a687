"""Add documents page: upload text files, extract and ingest them with a progress bar.

The ingest builds a new database file and swaps it in (warehouse/store.py), so other
readers keep working, and every page sees the new documents on its next rerun.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import data, uploads
from extract.errors import FiguresError
from warehouse.queries import FigureFilter

st.title("Add documents")
settings = data.settings()
max_mb = settings.upload_max_mb
st.caption(
    f"Documents as {', '.join('.' + t for t in uploads.ACCEPTED_TYPES)} files, "
    f"up to {max_mb} MB each. Figures are found with the same rules as `figures ingest`; "
    "a file already loaded is left as it is, and a changed file with the same name replaces its old version."
)

files = st.file_uploader(
    "Documents",
    type=list(uploads.ACCEPTED_TYPES),
    accept_multiple_files=True,
    max_upload_size=max_mb,
    key="upload_files",
)
if st.button("Load the documents", type="primary", disabled=not files, key="upload_go"):
    batch = [uploads.Upload(f.name, f.getvalue()) for f in files or []]
    bar = st.progress(0.0, text="starting")

    def progress(done: int, total: int, message: str) -> None:
        bar.progress(done / total if total else 1.0, text=f"{done}/{total} · {message}")

    try:
        result = uploads.ingest_uploads(settings.db, batch, max_bytes=max_mb * 1024 * 1024, on_progress=progress)
    except FiguresError as exc:
        st.error(f"Nothing was loaded: {exc}")
        st.stop()
    st.session_state["upload_outcome"] = result

outcome = st.session_state.get("upload_outcome")
if outcome is None:
    st.stop()
for name, reason in outcome.refused:
    st.error(f"{uploads.safe_name(name)}: {reason}")
if not outcome.loaded:
    st.stop()
new = sum(1 for *_, status in outcome.loaded if status != "unchanged")
n = len(outcome.loaded)
st.success(f"{n} document{'s' if n != 1 else ''} read, {new} added or replaced.")
st.dataframe(
    pl.DataFrame(outcome.loaded, schema=["doc", "doc_id", "figures", "status"], orient="row").drop("doc_id"),
    hide_index=True,
    placeholder="",
    key="upload_result",
)
version = data.stamp()
if version is None:
    st.stop()
for doc, doc_id, count, _status in outcome.loaded:
    st.subheader(doc)
    if count == 0:
        st.info("No figures found in this document.")
        continue
    figures = data.selected_figures(version, FigureFilter(doc_id=doc_id), 1000)
    st.dataframe(
        figures.select("quote", "value", "unit", "kind", "indicator", "year", "sentence"),
        hide_index=True,
        placeholder="",
        key=f"upload_figures_{doc_id}",
    )
    st.page_link("documents_page.py", label=f"Read {doc} with its figures marked", query_params={"doc_id": doc_id})
