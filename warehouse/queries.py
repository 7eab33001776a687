"""Read queries over the warehouse, returning polars DataFrames with record column names.

In DuckDB 2.0 results of ``con.execute(q)`` have no ``.pl()`` (FINDINGS.md), so DataFrame
queries run as ``con.sql(q, params={...}).pl()``: named ``$parameters`` bind every value.
Scalar look-ups use ``con.execute(q, params).fetchall()``, never ``fetchone()``, which
would leave a result open and make the next ``con.sql`` raise ResourceInUseException.
Optional filters are written ``($kind::VARCHAR IS NULL OR f.kind = $kind)`` so each query
stays one constant and a missing filter binds NULL.
"""

from __future__ import annotations

import logging
from typing import Any

import duckdb
import polars as pl

from extract.record import FIGURE_FIELDS
from warehouse import summaries
from warehouse.selection import FIGURES_AS_F, WHERE, FigureFilter, frame, run
from warehouse.selection import MAX_FILTER_ACTORS as MAX_FILTER_ACTORS  # re-exported, like FigureFilter

log = logging.getLogger(__name__)

#: Document columns joined onto every figure row so it can be traced to its source.
SOURCE_COLUMNS: tuple[str, ...] = ("title", "doi", "url")

#: Columns `distinct_values` may list; the only identifiers a caller can choose.
DISTINCT_COLUMNS: frozenset[str] = frozenset({"kind", "indicator", "doc", "unit", "qualifier"})

_FIGURE_SELECT = ", ".join(f'f."{name}"' for name in FIGURE_FIELDS)

FIGURES = f"""
SELECT {_FIGURE_SELECT}, d.title, d.doi, d.url
FROM figures AS f
LEFT JOIN documents AS d USING (doc_id)
WHERE ($kind::VARCHAR IS NULL OR f.kind = $kind::VARCHAR)
  AND ($indicator::VARCHAR IS NULL OR f.indicator = $indicator::VARCHAR)
  AND ($doc::VARCHAR IS NULL OR f.doc = $doc::VARCHAR)
ORDER BY f.doc, f.start, f."end", f.figure_id
LIMIT $limit
"""

DOCUMENTS = """
SELECT d.doc_id, d.doc, d.path, d.format, d.title, d.authors, d.date, d.venue, d.doi, d.url,
       d.language, d.n_chars, d.ingested_seq, coalesce(c.n, 0)::BIGINT AS figures
FROM documents AS d
LEFT JOIN document_figures AS c USING (doc_id)
ORDER BY d.doc, d.doc_id
"""

DOCUMENT_TEXT = "SELECT text FROM documents WHERE doc_id = $doc_id"

#: One fixed statement per allow-listed column: identifiers never come from the caller.
DISTINCT_VALUES: dict[str, str] = {
    column: f"SELECT DISTINCT {column} FROM figures WHERE {column} IS NOT NULL ORDER BY 1"
    for column in sorted(DISTINCT_COLUMNS)
}

MONEY_BY_YEAR = """
SELECT figure_id, doc, quote, sentence, year, value, unit, value_base, unit_base,
       indicator, actors, low, high, qualifier
FROM figures
WHERE kind = 'money' AND year IS NOT NULL
  AND ($doc::VARCHAR IS NULL OR doc = $doc::VARCHAR)
ORDER BY year, doc, start, figure_id
"""

COUNT_DOCUMENTS = "SELECT count(*) FROM documents"

COUNT_FIGURES = "SELECT count(*) FROM figures"


def figures(
    con: duckdb.DuckDBPyConnection,
    *,
    kind: str | None = None,
    indicator: str | None = None,
    doc: str | None = None,
    limit: int | None = None,
) -> pl.DataFrame:
    """Return matching figures with their source columns (title, doi, url), by doc and offset."""
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be >= 0, got {limit}")
    params = {"kind": kind, "indicator": indicator, "doc": doc, "limit": limit}
    return frame(con.sql(FIGURES, params=params))


def documents(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Return every document's metadata and its number of figures (without the text)."""
    return frame(con.sql(DOCUMENTS))


def document_text(con: duckdb.DuckDBPyConnection, doc_id: str) -> str | None:
    """Return the stored text of a document, or None if no such document is stored."""
    rows = con.execute(DOCUMENT_TEXT, {"doc_id": doc_id}).fetchall()
    return rows[0][0] if rows else None


def distinct_values(con: duckdb.DuckDBPyConnection, column: str) -> list[str]:
    """Return the sorted distinct non-null values of an allow-listed figure column."""
    sql = DISTINCT_VALUES.get(column)
    if sql is None:
        raise ValueError(f"cannot list values of column {column!r}; choose one of {sorted(DISTINCT_COLUMNS)}")
    from_summaries = summaries.distinct_values(con, column)
    if from_summaries is not None:
        return from_summaries
    return [row[0] for row in con.execute(sql).fetchall()]


def money_by_year(con: duckdb.DuckDBPyConnection, *, doc: str | None = None) -> pl.DataFrame:
    """Return money figures that have a year, ordered by year, for timeline charts."""
    return frame(con.sql(MONEY_BY_YEAR, params={"doc": doc}))


def summary(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Return counts: ``documents``, ``figures``, and one entry per figure kind."""
    counts = {
        "documents": int(con.execute(COUNT_DOCUMENTS).fetchall()[0][0]),
        "figures": int(con.execute(COUNT_FIGURES).fetchall()[0][0]),
    }
    counts.update(summaries.count_by_kind(con))
    return counts


# --- Dashboard queries: filtered selections and chart data aggregated in DuckDB. -----------
#
# The filter's condition fills each query's WHERE slot (warehouse/selection.py). Functions
# that the summary tables can answer (warehouse/summaries.py) read them, unless the filter
# names documents or the caller asks for the figures (`direct=True`, for tests and the
# benchmark); both give the same rows.

#: The series a chart colours by: the first actor (the giver, where there is one).
_SERIES_SQL = summaries.SERIES_SQL

#: Columns of one chart point: enough to draw it, bound it, and trace it to its sentence.
_POINT_COLUMNS = f"""
f.figure_id, f.quote, f.doc, f.year, f.value_base, f.unit_base, f.low, f.high, f.qualifier,
f.value, f.unit, f.indicator, f.kind, f.subject, {_SERIES_SQL} AS series, 1::BIGINT AS n
"""

#: A page of a selection in load order (documents as ingested, figures by offset): $limit
#: figures after the first $offset, with their documents' columns. No sort, so DuckDB stops
#: scanning at the page's end.
FIRST_FIGURES = f"""
WITH sel AS (SELECT {_FIGURE_SELECT} {FIGURES_AS_F} WHERE {WHERE} LIMIT $limit OFFSET $offset)
SELECT sel.*, d.title, d.doi, d.url
FROM sel LEFT JOIN documents AS d USING (doc_id)
"""

#: Every figure of a selection by document and offset, with its documents' columns.
FILTERED_FIGURES = f"""
WITH sel AS (
    SELECT {_FIGURE_SELECT} {FIGURES_AS_F} WHERE {WHERE}
    ORDER BY f.doc, f.start, f."end", f.figure_id
    LIMIT $limit
)
SELECT sel.*, d.title, d.doi, d.url
FROM sel LEFT JOIN documents AS d USING (doc_id)
ORDER BY sel.doc, sel.start, sel."end", sel.figure_id
"""

#: Per base unit: how many figures, how many dated, the year span and the largest value.
SELECTION_SUMMARY = f"""
SELECT f.unit_base, count(*)::BIGINT AS n, count(f.year)::BIGINT AS dated,
       min(f.year) AS year_min, max(f.year) AS year_max, max(f.value_base) AS value_max
{FIGURES_AS_F}
WHERE {WHERE}
GROUP BY f.unit_base
ORDER BY n DESC, f.unit_base NULLS LAST
"""

#: Dated points, at most $limit, by year: for charts small enough to draw figure by figure.
DATED_POINTS = f"""
SELECT {_POINT_COLUMNS}
{FIGURES_AS_F}
WHERE {WHERE} AND f.year IS NOT NULL AND f.value_base IS NOT NULL
ORDER BY f.year, f.doc, f.start, f.figure_id
LIMIT $limit
"""

#: The figure that stands for a group: the largest value_base, then the largest figure_id
#: (as in the summary tables, schema._REPRESENTATIVE).
_REPRESENTATIVE = "(coalesce(f.value_base, '-infinity'::DOUBLE), f.figure_id)"

#: Dated figures summarised per (year, series): mean and spread; the largest figure of each
#: group stands for it, so even an aggregated mark traces to a sentence. A group of one figure
#: keeps its own qualifier and bounds.
DATED_BY_YEAR = f"""
SELECT f.year, {summaries.SERIES_SLOT} AS series, count(*)::BIGINT AS n,
       avg(f.value_base) AS value_base,
       CASE WHEN count(*) = 1 THEN min(f.low) ELSE min(coalesce(f.low, f.value_base)) END AS low,
       CASE WHEN count(*) = 1 THEN max(f.high) ELSE max(coalesce(f.high, f.value_base)) END AS high,
       CASE WHEN count(*) = 1 THEN any_value(f.qualifier) ELSE 'range' END AS qualifier,
       arg_max(f.figure_id, {_REPRESENTATIVE}) AS figure_id,
       arg_max(f.quote, {_REPRESENTATIVE}) AS quote,
       arg_max(f.doc, {_REPRESENTATIVE}) AS doc,
       any_value(f.unit_base) AS unit_base, any_value(f.indicator) AS indicator, any_value(f.kind) AS kind
{FIGURES_AS_F}
WHERE {WHERE} AND f.year IS NOT NULL AND f.value_base IS NOT NULL
GROUP BY f.year, series
ORDER BY f.year, series
"""

#: The largest $limit figures of a selection (dated or not), for comparison charts.
TOP_POINTS = f"""
SELECT {_POINT_COLUMNS}
{FIGURES_AS_F}
WHERE {WHERE} AND f.value_base IS NOT NULL
ORDER BY f.value_base DESC, f.figure_id
LIMIT $limit
"""

#: Undated figures only, largest first, at most $limit.
UNDATED_POINTS = f"""
SELECT {_POINT_COLUMNS}
{FIGURES_AS_F}
WHERE {WHERE} AND f.year IS NULL AND f.value_base IS NOT NULL
ORDER BY f.value_base DESC, f.figure_id
LIMIT $limit
"""

#: Chart points of figures named by id (bound one by one, so the key's index finds them).
POINTS_BY_ID = f"""
SELECT {_POINT_COLUMNS}
FROM figures AS f
WHERE f.figure_id IN (/*IDS*/)
ORDER BY f.value_base DESC, f.figure_id
"""

COUNT_BY_KIND_INDICATOR = f"""
SELECT f.kind, f.indicator, count(*)::BIGINT AS n, count(f.year)::BIGINT AS dated
{FIGURES_AS_F}
WHERE {WHERE}
GROUP BY f.kind, f.indicator
ORDER BY f.kind, n DESC, f.indicator
"""

#: Timeline marks: one per (indicator, year) with how many figures it stands for, and the
#: id, quote and doc of the group's largest figure.
TIMELINE = f"""
SELECT f.indicator, f.kind, f.year, count(*)::BIGINT AS n,
       arg_max(f.figure_id, {_REPRESENTATIVE}) AS figure_id,
       arg_max(f.quote, {_REPRESENTATIVE}) AS quote,
       arg_max(f.doc, {_REPRESENTATIVE}) AS doc
{FIGURES_AS_F}
WHERE {WHERE} AND f.year IS NOT NULL
GROUP BY f.indicator, f.kind, f.year
ORDER BY f.indicator, f.year
"""

ACTOR_VALUES = """
SELECT DISTINCT a FROM (SELECT unnest(actors) AS a FROM figures) WHERE a IS NOT NULL ORDER BY a
"""

FIGURE_DETAIL = f"""
SELECT {_FIGURE_SELECT}, d.title, d.authors, d.date, d.venue, d.doi, d.url, d.path
FROM figures AS f
LEFT JOIN documents AS d USING (doc_id)
WHERE f.figure_id = $figure_id
"""

DOCUMENT_RECORD = """
SELECT d.doc_id, d.doc, d.path, d.format, d.title, d.authors, d.date, d.venue, d.doi, d.url,
       d.language, d.n_chars, d.text, coalesce(c.n, 0)::BIGINT AS figures
FROM documents AS d
LEFT JOIN document_figures AS c USING (doc_id)
WHERE d.doc_id = $doc_id
"""

#: The figures of one document (a `doc_id` filter: read through the index on `doc`).
FIGURE_SPANS = f"""
SELECT f.figure_id, f.start, f."end", f.quote, f.kind, f.indicator, f.value, f.unit, f.qualifier, f.year
{FIGURES_AS_F}
WHERE {WHERE}
ORDER BY f.start, f."end", f.figure_id
"""

#: Figures named by id, with their source columns (bound one by one, so the key's index finds them).
FIGURES_BY_ID = f"""
SELECT {_FIGURE_SELECT}, d.title, d.doi, d.url
FROM figures AS f
LEFT JOIN documents AS d USING (doc_id)
WHERE f.figure_id IN (/*IDS*/)
ORDER BY f.doc, f.start, f."end", f.figure_id
"""


def filtered_figures(con: duckdb.DuckDBPyConnection, flt: FigureFilter, *, limit: int | None = None) -> pl.DataFrame:
    """Return the figures a filter selects, with source columns (title, doi, url), by doc and offset."""
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be >= 0, got {limit}")
    return run(con, FILTERED_FIGURES, flt, limit=limit)


def first_figures(con: duckdb.DuckDBPyConnection, flt: FigureFilter, *, limit: int, offset: int = 0) -> pl.DataFrame:
    """Return `limit` figures of a selection in load order after the first `offset`, with
    source columns.

    For tables that page through a large selection: unlike `filtered_figures` it does not
    sort, so it costs about the same for 500 rows of 10 million as of a thousand (a page far
    into a filtered selection costs a scan up to it).
    """
    if limit < 0 or offset < 0:
        raise ValueError(f"limit and offset must be >= 0, got {limit} and {offset}")
    return run(con, FIRST_FIGURES, flt, limit=limit, offset=offset)


def _summarised(flt: FigureFilter, direct: bool, limit: int | None = None) -> bool:
    return not direct and summaries.supports(flt, limit=limit)


def selection_summary(con: duckdb.DuckDBPyConnection, flt: FigureFilter, *, direct: bool = False) -> pl.DataFrame:
    """Return per base unit (commonest first): ``n``, ``dated``, year span and ``value_max``."""
    if _summarised(flt, direct):
        return summaries.selection_summary(con, flt)
    return run(con, SELECTION_SUMMARY, flt)


def filter_stats(con: duckdb.DuckDBPyConnection, flt: FigureFilter) -> dict[str, int | None]:
    """Return ``n`` (figures selected), ``dated`` (with a year), ``year_min`` and ``year_max``."""
    return stats_of(selection_summary(con, flt))


def stats_of(summary: pl.DataFrame) -> dict[str, int | None]:
    """Return `filter_stats` totals from rows of `selection_summary`."""
    if summary.is_empty():
        return {"n": 0, "dated": 0, "year_min": None, "year_max": None}
    lo, hi = summary["year_min"].min(), summary["year_max"].max()
    return {
        "n": int(summary["n"].sum()),
        "dated": int(summary["dated"].sum()),
        "year_min": int(lo) if isinstance(lo, int) else None,
        "year_max": int(hi) if isinstance(hi, int) else None,
    }


def unit_bases(con: duckdb.DuckDBPyConnection, flt: FigureFilter) -> pl.DataFrame:
    """Return the base units in a selection with their figure counts, commonest first."""
    return selection_summary(con, flt).filter(pl.col("unit_base").is_not_null()).select("unit_base", "n")


def dated_points(con: duckdb.DuckDBPyConnection, flt: FigureFilter, *, limit: int) -> pl.DataFrame:
    """Return up to `limit` dated figures of a selection as chart points (``n`` = 1 each)."""
    return run(con, DATED_POINTS, flt, limit=limit)


def dated_by_year(
    con: duckdb.DuckDBPyConnection, flt: FigureFilter, *, series: str = "actor", direct: bool = False
) -> pl.DataFrame:
    """Return dated figures aggregated per year and series (mean, low-high spread, ``n``),
    each group with the id, quote and doc of its largest figure.

    `series` is the first actor ("actor") or the indicator ("indicator").
    """
    if _summarised(flt, direct):
        return summaries.dated_by_year(con, flt, series=series)
    return run(con, summaries.with_series(DATED_BY_YEAR, series), flt).with_columns(
        subject=pl.lit(None, dtype=pl.String), value=pl.lit(None, dtype=pl.Float64), unit=pl.lit(None, dtype=pl.String)
    )


def top_points(con: duckdb.DuckDBPyConnection, flt: FigureFilter, *, limit: int, direct: bool = False) -> pl.DataFrame:
    """Return the `limit` largest figures of a selection (dated or not) as chart points."""
    if _summarised(flt, direct, limit):
        return summaries.rows_by_id(con, POINTS_BY_ID, summaries.top_ids(con, flt, limit=limit, undated_only=False))
    return run(con, TOP_POINTS, flt, limit=limit)


def undated_points(
    con: duckdb.DuckDBPyConnection, flt: FigureFilter, *, limit: int, direct: bool = False
) -> pl.DataFrame:
    """Return the `limit` largest undated figures of a selection as chart points."""
    if _summarised(flt, direct, limit):
        return summaries.rows_by_id(con, POINTS_BY_ID, summaries.top_ids(con, flt, limit=limit, undated_only=True))
    return run(con, UNDATED_POINTS, flt, limit=limit)


def counts_by_kind_indicator(
    con: duckdb.DuckDBPyConnection, flt: FigureFilter | None = None, *, direct: bool = False
) -> pl.DataFrame:
    """Return figure counts (``n``, ``dated``) per kind and indicator."""
    flt = flt or FigureFilter()
    if _summarised(flt, direct):
        return summaries.counts_by_kind_indicator(con, flt)
    return run(con, COUNT_BY_KIND_INDICATOR, flt)


def timeline(con: duckdb.DuckDBPyConnection, flt: FigureFilter | None = None, *, direct: bool = False) -> pl.DataFrame:
    """Return dated figures grouped per indicator and year, each with its largest figure's
    id, quote and doc."""
    flt = flt or FigureFilter()
    if _summarised(flt, direct):
        return summaries.timeline(con, flt)
    return run(con, TIMELINE, flt)


def actor_values(con: duckdb.DuckDBPyConnection, *, direct: bool = False) -> list[str]:
    """Return every actor named by any figure, sorted."""
    if not direct:
        return summaries.actor_values(con)
    return [row[0] for row in con.execute(ACTOR_VALUES).fetchall()]


def figure_detail(con: duckdb.DuckDBPyConnection, figure_id: str) -> dict[str, Any] | None:
    """Return one figure with its document's metadata as a dict, or None if no such figure."""
    rows = frame(con.sql(FIGURE_DETAIL, params={"figure_id": figure_id})).to_dicts()
    return rows[0] if rows else None


def document_record(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, Any] | None:
    """Return one document's metadata, text and figure count as a dict, or None."""
    rows = frame(con.sql(DOCUMENT_RECORD, params={"doc_id": doc_id})).to_dicts()
    return rows[0] if rows else None


def figure_spans(con: duckdb.DuckDBPyConnection, doc_id: str) -> pl.DataFrame:
    """Return the offsets and labels of every figure in one document, in text order."""
    return run(con, FIGURE_SPANS, FigureFilter(doc_id=doc_id))


def figures_by_id(con: duckdb.DuckDBPyConnection, ids: list[str]) -> pl.DataFrame:
    """Return the figures named by `ids` with their source columns, as `figures` returns them."""
    return summaries.rows_by_id(con, FIGURES_BY_ID, ids)
