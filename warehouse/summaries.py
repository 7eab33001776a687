"""Dashboard queries answered from the summary tables instead of the figures.

``figure_rollup``, ``figure_top`` and ``document_figures`` (schema migration 3) are kept equal
to GROUP BYs over the figures by every ingest, so these answers equal the queries over the
figures in warehouse.queries (tests/warehouse/test_summaries.py checks both ways) while
reading ~0.7 M and ~2.4 M small rows for 10 M figures instead of every figure. They cannot
filter by document (`supports`); queries.py sends such filters to the figures.
"""

from __future__ import annotations

from typing import Any

import duckdb
import polars as pl

from warehouse.schema import TOP_PER_GROUP
from warehouse.selection import WHERE, FigureFilter, frame, in_list, run

#: The series a chart colours by: the first actor (the giver, where there is one).
SERIES_SQL = "coalesce(f.actors[1], '(no actor)')"

#: What `dated_by_year` may group by beside the year: the only identifiers a caller can choose.
SERIES: dict[str, str] = {"actor": SERIES_SQL, "indicator": "f.indicator"}

#: The slot of a per-year query that `with_series` fills.
SERIES_SLOT = "/*SERIES*/"

#: A roll-up row's representative, ordered as schema._REPRESENTATIVE orders figures.
_REPRESENTATIVE = "(coalesce(f.value_max, '-infinity'::DOUBLE), f.figure_id)"

#: `queries.SELECTION_SUMMARY` from the roll-up.
SELECTION_SUMMARY = f"""
SELECT f.unit_base, sum(f.n)::BIGINT AS n,
       coalesce(sum(f.n) FILTER (WHERE f.year IS NOT NULL), 0)::BIGINT AS dated,
       min(f.year) AS year_min, max(f.year) AS year_max, max(f.value_max) AS value_max
FROM figure_rollup AS f
WHERE {WHERE}
GROUP BY f.unit_base
ORDER BY n DESC, f.unit_base NULLS LAST
"""

#: `queries.DATED_BY_YEAR` from the roll-up; a group of one figure keeps its own bounds.
DATED_BY_YEAR = f"""
SELECT f.year, {SERIES_SLOT} AS series, sum(f.n)::BIGINT AS n,
       sum(f.total) / sum(f.n_valued) AS value_base,
       CASE WHEN sum(f.n) = 1 THEN min(f.low_stated) ELSE min(f.low) END AS low,
       CASE WHEN sum(f.n) = 1 THEN max(f.high_stated) ELSE max(f.high) END AS high,
       CASE WHEN sum(f.n) = 1 THEN any_value(f.qualifier) ELSE 'range' END AS qualifier,
       arg_max(f.figure_id, {_REPRESENTATIVE}) AS figure_id,
       arg_max(f.quote, {_REPRESENTATIVE}) AS quote,
       arg_max(f.doc, {_REPRESENTATIVE}) AS doc,
       any_value(f.unit_base) AS unit_base, any_value(f.indicator) AS indicator, any_value(f.kind) AS kind
FROM figure_rollup AS f
WHERE {WHERE} AND f.year IS NOT NULL AND f.n_valued > 0
GROUP BY f.year, series
ORDER BY f.year, series
"""

COUNT_BY_KIND_INDICATOR = f"""
SELECT f.kind, f.indicator, sum(f.n)::BIGINT AS n,
       coalesce(sum(f.n) FILTER (WHERE f.year IS NOT NULL), 0)::BIGINT AS dated
FROM figure_rollup AS f
WHERE {WHERE}
GROUP BY f.kind, f.indicator
ORDER BY f.kind, n DESC, f.indicator
"""

TIMELINE = f"""
SELECT f.indicator, f.kind, f.year, sum(f.n)::BIGINT AS n,
       arg_max(f.figure_id, {_REPRESENTATIVE}) AS figure_id,
       arg_max(f.quote, {_REPRESENTATIVE}) AS quote,
       arg_max(f.doc, {_REPRESENTATIVE}) AS doc
FROM figure_rollup AS f
WHERE {WHERE} AND f.year IS NOT NULL
GROUP BY f.indicator, f.kind, f.year
ORDER BY f.indicator, f.year
"""

COUNT_BY_KIND = """
SELECT kind, sum(n)::BIGINT FROM figure_rollup WHERE kind IS NOT NULL GROUP BY kind ORDER BY kind
"""

ACTOR_VALUES = """
SELECT DISTINCT a FROM (SELECT unnest(actors) AS a FROM figure_rollup) WHERE a IS NOT NULL ORDER BY a
"""

#: Distinct values of the allow-listed columns the summaries hold.
DISTINCT_VALUES: dict[str, str] = {
    **{
        column: f"SELECT DISTINCT {column} FROM figure_rollup WHERE {column} IS NOT NULL ORDER BY 1"
        for column in ("kind", "indicator", "qualifier")
    },
    "doc": "SELECT DISTINCT doc FROM document_figures WHERE doc IS NOT NULL AND n > 0 ORDER BY 1",
}

#: The `$limit` largest figures of a selection, by id: one row per figure of `figure_top`
#: (``first``) without an actor filter, else the rows of the actors named (deduplicated).
_TOP_IDS = f"""
SELECT /*DISTINCT*/ f.figure_id, f.value_base
FROM figure_top AS f
WHERE {WHERE} /*FIRST*/ AND ($undated_only = FALSE OR f.year IS NULL)
ORDER BY f.value_base DESC, f.figure_id
LIMIT $limit
"""


def with_series(sql: str, series: str) -> str:
    """Return `sql` grouping by the allow-listed `series` ("actor" or "indicator")."""
    expr = SERIES.get(series)
    if expr is None:
        raise ValueError(f"cannot group by series {series!r}; choose one of {sorted(SERIES)}")
    return sql.replace(SERIES_SLOT, expr)


def supports(flt: FigureFilter, *, limit: int | None = None) -> bool:
    """Return whether the summaries can answer for `flt` (not when it names documents), and
    for `limit` largest figures (at most `TOP_PER_GROUP`)."""
    return not flt.names_documents and (limit is None or 0 <= limit <= TOP_PER_GROUP)


def _run(con: duckdb.DuckDBPyConnection, sql: str, flt: FigureFilter, **extra: Any) -> pl.DataFrame:
    if not supports(flt):
        raise ValueError("the summary tables cannot filter by document; query the figures instead")
    return run(con, sql, flt, **extra)


def selection_summary(con: duckdb.DuckDBPyConnection, flt: FigureFilter) -> pl.DataFrame:
    """Return what `queries.selection_summary` returns, from the roll-up."""
    return _run(con, SELECTION_SUMMARY, flt)


def dated_by_year(con: duckdb.DuckDBPyConnection, flt: FigureFilter, *, series: str = "actor") -> pl.DataFrame:
    """Return what `queries.dated_by_year` returns, from the roll-up."""
    return _run(con, with_series(DATED_BY_YEAR, series), flt).with_columns(
        subject=pl.lit(None, dtype=pl.String), value=pl.lit(None, dtype=pl.Float64), unit=pl.lit(None, dtype=pl.String)
    )


def counts_by_kind_indicator(con: duckdb.DuckDBPyConnection, flt: FigureFilter) -> pl.DataFrame:
    """Return figure counts (``n``, ``dated``) per kind and indicator, from the roll-up."""
    return _run(con, COUNT_BY_KIND_INDICATOR, flt)


def timeline(con: duckdb.DuckDBPyConnection, flt: FigureFilter) -> pl.DataFrame:
    """Return timeline marks per indicator and year, from the roll-up."""
    return _run(con, TIMELINE, flt)


def count_by_kind(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    """Return (kind, figures) for every kind."""
    return [(str(kind), int(n)) for kind, n in con.execute(COUNT_BY_KIND).fetchall()]


def actor_values(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Return every actor named by any figure, sorted."""
    return [row[0] for row in con.execute(ACTOR_VALUES).fetchall()]


def distinct_values(con: duckdb.DuckDBPyConnection, column: str) -> list[str] | None:
    """Return the sorted distinct values of `column`, or None if the summaries do not hold it."""
    sql = DISTINCT_VALUES.get(column)
    return None if sql is None else [row[0] for row in con.execute(sql).fetchall()]


def top_ids(con: duckdb.DuckDBPyConnection, flt: FigureFilter, *, limit: int, undated_only: bool) -> list[str]:
    """Return the ids of the `limit` largest figures of a selection (value_base, then id)."""
    if not supports(flt, limit=limit):
        raise ValueError(f"the summary tables answer for at most {TOP_PER_GROUP} figures and no document filter")
    sql = _TOP_IDS.replace("/*DISTINCT*/", "DISTINCT" if len(flt.actors) > 1 else "")
    sql = sql.replace("/*FIRST*/", "" if flt.actors else 'AND f."first"')
    ids = run(con, sql, flt, actor_column=True, limit=limit, undated_only=undated_only)
    return [str(i) for i in ids["figure_id"].to_list()]


def rows_by_id(con: duckdb.DuckDBPyConnection, sql: str, ids: list[str]) -> pl.DataFrame:
    """Run `sql`, whose ``/*IDS*/`` slot lists figure ids, with `ids` bound (by the key index)."""
    names, params = in_list("id", ids)
    return frame(con.sql(sql.replace("/*IDS*/", names), params=params))
