"""Cached access to the warehouse for the pages: one read-only connection, queries keyed on the file.

Pages call these functions, never `warehouse` directly, so every query is cached and every
failure to open the database becomes an `st.error`/`st.info` with what to do next. Each
cached query takes the database file's stamp (inode, mtime) as an argument: an ingest swaps
the file (warehouse/store.py), the stamp changes, and the next rerun sees the new data
without a restart.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

import polars as pl
import streamlit as st

from extract.errors import FiguresError
from figures.settings import Settings, load_settings
from warehouse import documents as document_list
from warehouse import queries, store
from warehouse.queries import FigureFilter

log = logging.getLogger(__name__)

#: (path, inode, mtime_ns) of the database file: part of every cache key.
Stamp = tuple[str, int, int]

#: How long cached query results live; the stamp already invalidates them on every ingest.
_TTL = "10m"

#: The Overview lists at most this many documents (those with the most figures).
OVERVIEW_DOCUMENTS = 100


def settings() -> Settings:
    """Return the settings the `figures dashboard` command passed in FIGURES_* variables."""
    return load_settings()


@st.cache_resource(show_spinner=False)
def _reader(path: str) -> store.ReadOnlyWarehouse:
    """Return the process-wide read-only warehouse for `path` (reopens itself after an ingest)."""
    return store.ReadOnlyWarehouse(Path(path))


def db_path() -> Path:
    """Return the path of the DuckDB file this dashboard serves."""
    return settings().db


def stamp() -> Stamp | None:
    """Return the database file's (path, inode, mtime_ns), or None when there is no file yet."""
    path = db_path()
    try:
        st_ = path.stat()
    except FileNotFoundError:
        return None
    return (str(path), st_.st_ino, st_.st_mtime_ns)


def reader() -> store.ReadOnlyWarehouse:
    """Return this process's read-only warehouse (safe to use from other threads)."""
    return _reader(str(db_path()))


def cursor() -> Any:
    """Return a fresh cursor on the read-only connection (one per query, thread-safe)."""
    return reader().con().cursor()


def require_data() -> Stamp:
    """Return the database stamp, or show what to do and stop the page when there is no data.

    A missing file, an unreadable one and an empty one each get a message naming the
    file and the next step; never a traceback.
    """
    path = db_path()
    current = stamp()
    if current is None:
        st.error(
            f"No database at `{path}`. Load documents with `figures ingest PATH --db {path}`, "
            "or upload some on the **Add documents** page."
        )
        st.stop()
    try:
        counts = summary(current)
    except FiguresError as exc:
        st.error(f"Cannot read the database: {exc}")
        st.stop()
    if counts.get("documents", 0) == 0:
        st.info(
            f"The database `{path}` holds no documents yet. Upload some on the **Add documents** "
            "page, or run `figures ingest PATH`."
        )
        st.stop()
    return current


@st.cache_data(show_spinner=False, ttl=_TTL)
def summary(version: Stamp) -> dict[str, int]:
    """Return document, figure and per-kind counts."""
    return queries.summary(cursor())


@st.cache_data(show_spinner=False, ttl=_TTL)
def distinct(version: Stamp, column: str) -> list[str]:
    """Return the distinct values of an allow-listed figure column."""
    return queries.distinct_values(cursor(), column)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=64)
def figures(
    version: Stamp,
    *,
    kind: str | None = None,
    indicator: str | None = None,
    doc: str | None = None,
    limit: int | None = None,
) -> pl.DataFrame:
    """Return figures with their source columns, filtered by kind, indicator and document."""
    return queries.figures(cursor(), kind=kind, indicator=indicator, doc=doc, limit=limit)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=64)
def money_by_year(version: Stamp, *, doc: str | None = None) -> pl.DataFrame:
    """Return dated money figures, for the money-by-year chart."""
    return queries.money_by_year(cursor(), doc=doc)


@st.cache_data(show_spinner=False, ttl=_TTL)
def documents(version: Stamp) -> pl.DataFrame:
    """Return every document's metadata and figure count."""
    return queries.documents(cursor())


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=64)
def document_page(version: Stamp, search: str | None, limit: int, offset: int) -> pl.DataFrame:
    """Return at most `limit` documents matching `search` after the first `offset`, by file name."""
    return document_list.page(cursor(), search=search, limit=limit, offset=offset)


@st.cache_data(show_spinner=False, ttl=_TTL)
def documents_with_most_figures(version: Stamp, limit: int) -> pl.DataFrame:
    """Return the `limit` documents with the most figures (doc_id, doc, title, figures)."""
    return document_list.most_figures(cursor(), limit=limit)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=64)
def document_count(version: Stamp, search: str | None) -> int:
    """Return how many documents match `search` (every document without one)."""
    return document_list.count(cursor(), search=search)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=64)
def document_position(version: Stamp, doc_id: str, search: str | None) -> int | None:
    """Return the place of `doc_id` among the documents matching `search`, or None."""
    return document_list.position(cursor(), doc_id, search=search)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=128)
def document_titles(version: Stamp, docs: tuple[str, ...]) -> dict[str, str | None]:
    """Return the title of each named document (file name -> title)."""
    return document_list.titles(cursor(), list(docs))


@st.cache_data(show_spinner=False, ttl=_TTL)
def actors(version: Stamp) -> list[str]:
    """Return the actors a filter can name: those of the figures."""
    return queries.actor_values(cursor())


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=256)
def selection_summary(version: Stamp, flt: FigureFilter) -> pl.DataFrame:
    """Return per base unit: figures, dated figures, year span, largest value (one query)."""
    return queries.selection_summary(cursor(), flt)


def _summary_for(version: Stamp, flt: FigureFilter) -> pl.DataFrame:
    """Return the summary rows of `flt`; a unit filter reads its row of the unit-less summary,
    so choosing a unit costs no query."""
    if flt.unit_base is None:
        return selection_summary(version, flt)
    rows = selection_summary(version, replace(flt, unit_base=None))
    return rows.filter(pl.col("unit_base") == flt.unit_base)


def filter_stats(version: Stamp, flt: FigureFilter) -> dict[str, int | None]:
    """Return how many figures a filter selects, how many are dated, and their year span."""
    return queries.stats_of(_summary_for(version, flt))


def unit_bases(version: Stamp, flt: FigureFilter) -> pl.DataFrame:
    """Return the base units of a selection with counts and largest value, commonest first."""
    return _summary_for(version, flt).filter(pl.col("unit_base").is_not_null())


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=128)
def selected_figures(version: Stamp, flt: FigureFilter, limit: int | None) -> pl.DataFrame:
    """Return the figures a filter selects, with source columns, at most `limit`."""
    return queries.filtered_figures(cursor(), flt, limit=limit)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=128)
def first_figures(version: Stamp, flt: FigureFilter, limit: int, offset: int = 0) -> pl.DataFrame:
    """Return `limit` figures of a selection in load order after the first `offset` (for tables)."""
    return queries.first_figures(cursor(), flt, limit=limit, offset=offset)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=128)
def dated_points(version: Stamp, flt: FigureFilter, limit: int) -> pl.DataFrame:
    """Return dated chart points of a selection, at most `limit`."""
    return queries.dated_points(cursor(), flt, limit=limit)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=128)
def dated_by_year(version: Stamp, flt: FigureFilter, series: str = "actor") -> pl.DataFrame:
    """Return dated figures aggregated per year and series ("actor" or "indicator"), in DuckDB."""
    return queries.dated_by_year(cursor(), flt, series=series)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=128)
def top_points(version: Stamp, flt: FigureFilter, limit: int) -> pl.DataFrame:
    """Return the `limit` largest figures of a selection as chart points."""
    return queries.top_points(cursor(), flt, limit=limit)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=128)
def undated_points(version: Stamp, flt: FigureFilter, limit: int) -> pl.DataFrame:
    """Return the `limit` largest undated figures of a selection as chart points."""
    return queries.undated_points(cursor(), flt, limit=limit)


@st.cache_data(show_spinner=False, ttl=_TTL)
def counts_by_kind_indicator(version: Stamp) -> pl.DataFrame:
    """Return figure counts per kind and indicator."""
    return queries.counts_by_kind_indicator(cursor())


@st.cache_data(show_spinner=False, ttl=_TTL)
def timeline(version: Stamp) -> pl.DataFrame:
    """Return dated figures grouped per indicator and year, for the overview timeline."""
    return queries.timeline(cursor())


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=256)
def figure_detail(version: Stamp, figure_id: str) -> dict[str, Any] | None:
    """Return one figure with its document's metadata, or None."""
    return queries.figure_detail(cursor(), figure_id)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=32)
def document_record(version: Stamp, doc_id: str) -> dict[str, Any] | None:
    """Return one document's metadata and text, or None."""
    return queries.document_record(cursor(), doc_id)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=32)
def figure_spans(version: Stamp, doc_id: str) -> pl.DataFrame:
    """Return the offsets of every figure in one document."""
    return queries.figure_spans(cursor(), doc_id)


def indicator_labels() -> dict[str, str]:
    """Return the catalogue's label for each indicator id (empty if the catalogue is unreadable)."""
    return {i.id: i.label for i in _catalogue()}


def indicator_units() -> dict[str, str]:
    """Return the catalogue's display unit for each indicator id."""
    return {i.id: i.unit for i in _catalogue()}


@st.cache_resource(show_spinner=False)
def _catalogue() -> tuple[Any, ...]:
    """Return the indicator catalogue from extract/rules (read once per process)."""
    try:
        from extract.rules import INDICATORS
    except (ImportError, FiguresError) as exc:
        log.warning("indicator catalogue unavailable: %s", exc)
        return ()
    return tuple(INDICATORS)
