"""Cached access to the warehouse for the pages: one read-only connection, queries keyed on the file.

Pages call these functions, never `warehouse` directly, so every query is cached and every
failure to open the database becomes an `st.error`/`st.info` with what to do next. Each
cached query takes the database file's stamp (inode, mtime) as an argument: an ingest swaps
the file (warehouse/store.py), the stamp changes, and the next rerun sees the new data
without a restart.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import polars as pl
import streamlit as st

from extract.errors import FiguresError
from figures.settings import Settings, load_settings
from warehouse import queries, store
from warehouse.queries import FigureFilter

log = logging.getLogger(__name__)

#: (path, inode, mtime_ns) of the database file: part of every cache key.
Stamp = tuple[str, int, int]

#: How long cached query results live; the stamp already invalidates them on every ingest.
_TTL = "10m"


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


@st.cache_data(show_spinner=False, ttl=_TTL)
def actors(version: Stamp) -> list[str]:
    """Return the actors a filter can name: those of the figures, or for a large warehouse
    (where listing them scans every figure's actors, ~1 s per 10 M) the catalogue's."""
    if summary(version).get("figures", 0) >= ROLLUP_MIN_FIGURES:
        names = sorted({a.name for a in _actor_catalogue()})
        if names:
            return names
    return queries.actor_values(cursor())


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=256)
def selection_summary(version: Stamp, flt: FigureFilter) -> pl.DataFrame:
    """Return per base unit: figures, dated figures, year span, largest value (one scan)."""
    ready = rollup(version)
    if ready is not None and ready.supports(flt):
        return ready.selection_summary(flt)
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
def first_figures(version: Stamp, flt: FigureFilter, limit: int) -> pl.DataFrame:
    """Return the first `limit` figures of a selection in load order (for tables)."""
    return queries.first_figures(cursor(), flt, limit=limit)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=128)
def dated_points(version: Stamp, flt: FigureFilter, limit: int) -> pl.DataFrame:
    """Return dated chart points of a selection, at most `limit`."""
    return queries.dated_points(cursor(), flt, limit=limit)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=128)
def dated_by_year(version: Stamp, flt: FigureFilter) -> pl.DataFrame:
    """Return dated figures aggregated per year and series (in DuckDB)."""
    ready = rollup(version)
    if ready is not None and ready.supports(flt):
        return ready.dated_by_year(flt)
    return queries.dated_by_year(cursor(), flt)


#: Warehouses with fewer figures are queried directly (fast enough, and simpler).
ROLLUP_MIN_FIGURES = 200_000
#: Build the roll-up in a background thread (False: on first use, for tests).
ROLLUP_IN_BACKGROUND = True


class _RollupSlot:
    """A roll-up being built in the background; `value` is None until it is ready."""

    def __init__(self) -> None:
        self.value: queries.Rollup | None = None
        self.failed: str | None = None

    def build(self, reader: store.ReadOnlyWarehouse) -> None:
        """Build the roll-up; on any failure keep querying the figures, and log why."""
        try:
            self.value = queries.Rollup(reader.con().cursor())
        except Exception as exc:  # a background thread must not die silently; pages fall back
            self.failed = f"{type(exc).__name__}: {exc}"
            log.exception("no roll-up of %s; charts query the figures directly", reader.path)


#: Roll-ups by warehouse version, at most one being built at a time (module state: shared
#: by every session of this server process, like st.cache_resource).
_SLOTS: dict[Stamp, _RollupSlot] = {}
_SLOTS_LOCK = threading.Lock()


def prepare_rollup(version: Stamp) -> None:
    """Start building the roll-up of a large warehouse, if not started yet.

    Pages call this at their end, after their own queries, so the build (one scan of every
    figure, ~8 s per 10 M on two cores) does not slow the page that starts it.
    """
    if summary(version).get("figures", 0) < ROLLUP_MIN_FIGURES:
        return
    with _SLOTS_LOCK:
        if version in _SLOTS:
            return
        for old in [v for v in _SLOTS if v[0] == version[0]]:
            del _SLOTS[old]  # an older file of the same path: its roll-up is stale
        slot = _SLOTS[version] = _RollupSlot()
    if ROLLUP_IN_BACKGROUND:
        threading.Thread(target=slot.build, args=(reader(),), name="figures-rollup", daemon=True).start()
    else:
        slot.build(reader())


def rollup(version: Stamp) -> queries.Rollup | None:
    """Return the roll-up of a large warehouse once it is built, else None (query the figures).

    Small warehouses never get one: their queries are already fast.
    """
    slot = _SLOTS.get(version)
    return slot.value if slot is not None else None


#: Above this many figures, comparison charts show the largest figure of each roll-up group
#: (year, actors, qualifier) instead of the largest figures themselves, when a roll-up exists.
ROLLUP_TOP_MIN_FIGURES = 50_000


def grouped_top(version: Stamp, flt: FigureFilter) -> bool:
    """Return whether comparison charts of `flt` come from the roll-up's group maxima."""
    ready = rollup(version)
    return ready is not None and ready.supports(flt) and (filter_stats(version, flt)["n"] or 0) > ROLLUP_TOP_MIN_FIGURES


def top_points(version: Stamp, flt: FigureFilter, limit: int) -> pl.DataFrame:
    """Return the largest figures of a selection as chart points (group maxima when huge)."""
    return _top_points(version, flt, limit, grouped_top(version, flt), undated_only=False)


def undated_points(version: Stamp, flt: FigureFilter, limit: int) -> pl.DataFrame:
    """Return the largest undated figures of a selection as chart points."""
    return _top_points(version, flt, limit, grouped_top(version, flt), undated_only=True)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=128)
def _top_points(version: Stamp, flt: FigureFilter, limit: int, grouped: bool, *, undated_only: bool) -> pl.DataFrame:
    """Return chart points; `grouped` is part of the cache key, so a chart and its note agree."""
    ready = rollup(version)
    if grouped and ready is not None:
        return ready.top_points(flt, limit=limit, undated_only=undated_only)
    if undated_only:
        return queries.undated_points(cursor(), flt, limit=limit)
    return queries.top_points(cursor(), flt, limit=limit)


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
def _actor_catalogue() -> tuple[Any, ...]:
    """Return the actor catalogue from extract/rules (read once per process)."""
    try:
        from extract.rules import ACTORS
    except (ImportError, FiguresError) as exc:
        log.warning("actor catalogue unavailable: %s", exc)
        return ()
    return tuple(ACTORS)


@st.cache_resource(show_spinner=False)
def _catalogue() -> tuple[Any, ...]:
    """Return the indicator catalogue from extract/rules (read once per process)."""
    try:
        from extract.rules import INDICATORS
    except (ImportError, FiguresError) as exc:
        log.warning("indicator catalogue unavailable: %s", exc)
        return ()
    return tuple(INDICATORS)
