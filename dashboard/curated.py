"""Cached access to what analysts add on top of the figures: review decisions, conflicts, citations.

The review log is a file beside the warehouse (warehouse/curation.py), written by the
dashboard and the CLI; every cached read here takes its stamp (size, mtime) as well as the
warehouse's, so a decision shows on the next rerun without clearing any cache.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl
import streamlit as st

from dashboard import data
from warehouse import citations, conflicts, curation

#: (path, size, mtime_ns) of the review log, or None when nobody has reviewed anything yet.
LogStamp = tuple[str, int, int] | None

_TTL = "10m"


def log_stamp() -> LogStamp:
    """Return the review log's (path, size, mtime_ns), or None when there is no log yet."""
    path = curation.log_path(data.db_path())
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return (str(path), info.st_size, info.st_mtime_ns)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=4)
def all_figures(version: data.Stamp) -> pl.DataFrame:
    """Return every figure with its source columns (the review and conflict views need them all)."""
    from warehouse import queries

    return queries.figures(data.cursor())


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=8)
def reviewed(version: data.Stamp, log: LogStamp) -> pl.DataFrame:
    """Return every figure with the review log applied (corrections in place, review columns)."""
    return curation.apply(all_figures(version), data.db_path())


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=64)
def reviewed_figure(version: data.Stamp, log: LogStamp, figure_id: str) -> pl.DataFrame:
    """Return one figure with the review log applied (no row if it is gone): what `reviewed`
    holds for it, read by its key instead of loading every figure."""
    from warehouse import queries

    return curation.apply(queries.figures_by_id(data.cursor(), [figure_id]), data.db_path())


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=8)
def queue(version: data.Stamp, log: LogStamp, limit: int) -> pl.DataFrame:
    """Return unreviewed figures, the most uncertain first."""
    return curation.review_queue(all_figures(version), data.db_path(), limit=limit)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=8)
def orphans(version: data.Stamp, log: LogStamp) -> pl.DataFrame:
    """Return decisions whose figure is no longer in the warehouse."""
    return curation.orphans(all_figures(version), data.db_path())


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=8)
def rule_quality(version: data.Stamp, log: LogStamp) -> pl.DataFrame:
    """Return each rule's figures, accepted, corrected, rejected and precision."""
    return curation.rule_quality(all_figures(version), data.db_path())


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=8)
def history(log: LogStamp, figure_id: str) -> pl.DataFrame:
    """Return every decision on one figure, oldest first."""
    log_df = curation.reviews(data.db_path())
    return log_df.filter(pl.col("figure_id") == figure_id).select("action", "changes", "note", "who", "at")


def decide(
    figure_id: str, action: curation.Action, *, changes: Mapping[str, Any] | None = None, note: str = "", who: str = ""
) -> curation.Review:
    """Append one decision to the review log (raises ValueError for a bad correction)."""
    return curation.record(data.db_path(), figure_id, action, changes=changes, note=note, who=who)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=8)
def conflict_groups(version: data.Stamp, log: LogStamp, tolerance: float) -> pl.DataFrame:
    """Return groups of figures on the same indicator, actors, year and unit from 2+ documents.

    Reviewed figures count with their corrections; rejected ones are left out.
    """
    figures = reviewed(version, log).filter(pl.col("review_status") != "rejected")
    return conflicts.groups(figures, tolerance=tolerance)


def group_members(version: data.Stamp, log: LogStamp, group: Mapping[str, Any]) -> pl.DataFrame:
    """Return the figures of one conflict group, each with its quote and document."""
    figures = reviewed(version, log).filter(pl.col("review_status") != "rejected")
    return conflicts.members(figures, dict(group))


def group_key(group: Mapping[str, Any]) -> str:
    """Return a stable text key for a conflict group (indicator, actors, year, unit).

    >>> group_key({"indicator": "aid", "actor_key": "Pakistan, United States", "year": 2010, "unit_base": "USD"})
    'aid|Pakistan, United States|2010|USD'
    """
    return f"{group['indicator']}|{group['actor_key']}|{group['year']}|{group['unit_base']}"


def citation_records(version: data.Stamp, docs: Sequence[str]) -> list[dict[str, Any]]:
    """Return the metadata records of the named documents, in the order given."""
    table = data.documents(version)
    by_doc = {row["doc"]: row for row in table.iter_rows(named=True)}
    return [by_doc[d] for d in docs if d in by_doc]


def apa_list(records: Sequence[Mapping[str, Any]]) -> list[str]:
    """Return the APA reference of each record, alphabetically (as a reference list is sorted)."""
    return sorted({citations.apa(r) for r in records})


def bibtex_text(records: Sequence[Mapping[str, Any]]) -> str:
    """Return the BibTeX entries of the records, one blank line apart."""
    return "\n\n".join(citations.bibtex(r) for r in records) + ("\n" if records else "")


#: Session key of the analyst's picks: group key -> (picked figure_id, the group's other figure_ids).
PICKS = "conflict_picks"


def picks() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Return the figures the analyst picked to chart, per conflict group."""
    value = st.session_state.get(PICKS)
    return value if isinstance(value, dict) else {}


def set_pick(key: str, picked: str | None, members: Sequence[str]) -> None:
    """Chart `picked` for the group `key` (None: chart every source of the group again)."""
    current = dict(picks())
    if picked:
        current[key] = (picked, tuple(m for m in members if m != picked))
    else:
        current.pop(key, None)
    st.session_state[PICKS] = current


def left_out() -> set[str]:
    """Return the figures charts leave out: the other sources of every group with a pick."""
    return {fid for _, others in picks().values() for fid in others}
