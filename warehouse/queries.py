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
from dataclasses import dataclass
from typing import Any

import duckdb
import polars as pl

from extract.record import FIGURE_FIELDS

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
LEFT JOIN (SELECT doc_id, count(*) AS n FROM figures GROUP BY doc_id) AS c USING (doc_id)
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

COUNT_BY_KIND = "SELECT kind, count(*) FROM figures WHERE kind IS NOT NULL GROUP BY kind ORDER BY kind"


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
    return _frame(con.sql(FIGURES, params=params))


def documents(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Return every document's metadata and its number of figures (without the text)."""
    return _frame(con.sql(DOCUMENTS))


def document_text(con: duckdb.DuckDBPyConnection, doc_id: str) -> str | None:
    """Return the stored text of a document, or None if no such document is stored."""
    rows = con.execute(DOCUMENT_TEXT, {"doc_id": doc_id}).fetchall()
    return rows[0][0] if rows else None


def distinct_values(con: duckdb.DuckDBPyConnection, column: str) -> list[str]:
    """Return the sorted distinct non-null values of an allow-listed figure column."""
    sql = DISTINCT_VALUES.get(column)
    if sql is None:
        raise ValueError(f"cannot list values of column {column!r}; choose one of {sorted(DISTINCT_COLUMNS)}")
    return [row[0] for row in con.execute(sql).fetchall()]


def money_by_year(con: duckdb.DuckDBPyConnection, *, doc: str | None = None) -> pl.DataFrame:
    """Return money figures that have a year, ordered by year, for timeline charts."""
    return _frame(con.sql(MONEY_BY_YEAR, params={"doc": doc}))


def summary(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Return counts: ``documents``, ``figures``, and one entry per figure kind."""
    counts = {
        "documents": int(con.execute(COUNT_DOCUMENTS).fetchall()[0][0]),
        "figures": int(con.execute(COUNT_FIGURES).fetchall()[0][0]),
    }
    for kind, n in con.execute(COUNT_BY_KIND).fetchall():
        counts[str(kind)] = int(n)
    return counts


def _frame(relation: duckdb.DuckDBPyRelation) -> pl.DataFrame:
    """Return a relation's rows as a polars DataFrame (duckdb types `.pl()` loosely)."""
    df: pl.DataFrame = relation.pl()
    return df


# --- Dashboard queries: filtered selections and chart data aggregated in DuckDB. -----------
#
# Each query is a constant with a ``/*WHERE*/`` slot. `FigureFilter.where` fills it with the
# fragments of the filters that are set, taken from the fixed `_CLAUSES` table (no caller
# text ever reaches the SQL), and binds every value as a parameter. Leaving unset filters out,
# rather than writing ``($x IS NULL OR ...)``, lets DuckDB push them into the scan; testing
# an actor with one ``list_contains`` per actor is ~8x faster than ``list_has_any`` with a
# bound list on 10 M rows (benchmarks/dashboard_bench.py).

#: The most actors one filter may name (each binds its own parameter).
MAX_FILTER_ACTORS = 50

_CLAUSES: dict[str, str] = {
    "kind": "f.kind = $kind",
    "indicator": "f.indicator = $indicator",
    "docs": "list_contains($docs::VARCHAR[], f.doc)",
    "qualifiers": "list_contains($qualifiers::VARCHAR[], f.qualifier)",
    "year_from": "f.year >= $year_from",
    "year_to": "f.year <= $year_to",
    "unit_base": "f.unit_base = $unit_base",
    "doc_id": "f.doc_id = $doc_id",
}

_WHERE = "/*WHERE*/"


@dataclass(frozen=True, slots=True)
class FigureFilter:
    """A selection of figures, as the dashboard's filters set it; None or () means any.

    Hashable, so the dashboard can use it as a cache key. A year bound drops undated figures;
    several actors select figures naming any of them.
    """

    kind: str | None = None
    indicator: str | None = None
    docs: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    qualifiers: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    unit_base: str | None = None
    doc_id: str | None = None

    def where(self) -> tuple[str, dict[str, Any]]:
        """Return the SQL condition on `figures AS f` for the filters set, and its parameters.

        >>> FigureFilter(indicator="aid", actors=("Russia", "China")).where()[0]
        'f.indicator = $indicator AND (list_contains(f.actors, $actor_0) OR list_contains(f.actors, $actor_1))'
        >>> FigureFilter().where()
        ('TRUE', {})
        """
        values: dict[str, Any] = {
            "kind": self.kind,
            "indicator": self.indicator,
            "docs": list(self.docs) or None,
            "qualifiers": list(self.qualifiers) or None,
            "year_from": self.year_from,
            "year_to": self.year_to,
            "unit_base": self.unit_base,
            "doc_id": self.doc_id,
        }
        params = {name: value for name, value in values.items() if value is not None}
        parts = [_CLAUSES[name] for name in params]
        if len(self.actors) > MAX_FILTER_ACTORS:
            raise ValueError(f"a filter may name at most {MAX_FILTER_ACTORS} actors, got {len(self.actors)}")
        if self.actors:
            tests = [f"list_contains(f.actors, $actor_{i})" for i in range(len(self.actors))]
            parts.append("(" + " OR ".join(tests) + ")")
            params.update({f"actor_{i}": actor for i, actor in enumerate(self.actors)})
        return (" AND ".join(parts) or "TRUE"), params


def _filtered(con: duckdb.DuckDBPyConnection, sql: str, flt: FigureFilter, **extra: Any) -> pl.DataFrame:
    """Run a dashboard query with the filter's condition in its WHERE slot."""
    where, params = flt.where()
    return _frame(con.sql(sql.replace(_WHERE, where), params={**params, **extra}))


#: The series a chart colours by: the first actor (the giver, where there is one).
_SERIES_SQL = "coalesce(f.actors[1], '(no actor)')"

#: Columns of one chart point: enough to draw it, bound it, and trace it to its sentence.
_POINT_COLUMNS = f"""
f.figure_id, f.quote, f.doc, f.year, f.value_base, f.unit_base, f.low, f.high, f.qualifier,
f.value, f.unit, f.indicator, f.kind, f.subject, {_SERIES_SQL} AS series, 1::BIGINT AS n
"""

#: The first $limit figures of a selection in load order (documents as ingested, figures by
#: offset), with their documents' columns: no sort, so DuckDB stops scanning at the limit.
FIRST_FIGURES = f"""
WITH sel AS (SELECT {_FIGURE_SELECT} FROM figures AS f WHERE {_WHERE} LIMIT $limit)
SELECT sel.*, d.title, d.doi, d.url
FROM sel LEFT JOIN documents AS d USING (doc_id)
"""

#: Every figure of a selection by document and offset, with its documents' columns.
FILTERED_FIGURES = f"""
WITH sel AS (
    SELECT {_FIGURE_SELECT} FROM figures AS f WHERE {_WHERE}
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
FROM figures AS f
WHERE {_WHERE}
GROUP BY f.unit_base
ORDER BY n DESC, f.unit_base NULLS LAST
"""

#: Dated points, at most $limit, by year: for charts small enough to draw figure by figure.
DATED_POINTS = f"""
SELECT {_POINT_COLUMNS}
FROM figures AS f
WHERE {_WHERE} AND f.year IS NOT NULL AND f.value_base IS NOT NULL
ORDER BY f.year, f.doc, f.start, f.figure_id
LIMIT $limit
"""

#: Dated figures summarised per (year, series): mean and spread. The largest figure of
#: each group stands for it (its quote and doc are looked up by id: one string arg_max is
#: much cheaper than three), so even an aggregated mark traces to a sentence.
DATED_BY_YEAR = f"""
SELECT f.year, {_SERIES_SQL} AS series, count(*)::BIGINT AS n,
       avg(f.value_base) AS value_base,
       min(coalesce(f.low, f.value_base)) AS low,
       max(coalesce(f.high, f.value_base)) AS high,
       arg_max(f.figure_id, f.value_base) AS figure_id
FROM figures AS f
WHERE {_WHERE} AND f.year IS NOT NULL AND f.value_base IS NOT NULL
GROUP BY f.year, series
ORDER BY f.year, series
"""

#: The figures that stand for aggregated groups, looked up by id.
QUOTES_OF = """
SELECT figure_id, quote, doc, unit_base, indicator, kind, subject,
       qualifier AS figure_qualifier, low AS figure_low, high AS figure_high
FROM figures
WHERE list_contains($ids::VARCHAR[], figure_id)
"""

#: The largest $limit figures of a selection (dated or not), for comparison charts.
TOP_POINTS = f"""
SELECT {_POINT_COLUMNS}
FROM figures AS f
WHERE {_WHERE} AND f.value_base IS NOT NULL
ORDER BY f.value_base DESC, f.figure_id
LIMIT $limit
"""

#: Undated figures only, largest first, at most $limit.
UNDATED_POINTS = f"""
SELECT {_POINT_COLUMNS}
FROM figures AS f
WHERE {_WHERE} AND f.year IS NULL AND f.value_base IS NOT NULL
ORDER BY f.value_base DESC, f.figure_id
LIMIT $limit
"""

COUNT_BY_KIND_INDICATOR = f"""
SELECT f.kind, f.indicator, count(*)::BIGINT AS n, count(f.year)::BIGINT AS dated
FROM figures AS f
WHERE {_WHERE}
GROUP BY f.kind, f.indicator
ORDER BY f.kind, n DESC, f.indicator
"""

#: Timeline marks: one per (indicator, year) with how many figures it stands for, and the
#: id of the group's largest figure (its quote and doc are looked up by id, which is ~3x
#: cheaper on 10 M figures than carrying them through the aggregation).
TIMELINE = f"""
SELECT f.indicator, f.kind, f.year, count(*)::BIGINT AS n,
       arg_max(f.figure_id, coalesce(f.value_base, 0)) AS figure_id
FROM figures AS f
WHERE {_WHERE} AND f.year IS NOT NULL
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
       d.language, d.n_chars, d.text,
       (SELECT count(*) FROM figures AS f WHERE f.doc_id = d.doc_id)::BIGINT AS figures
FROM documents AS d
WHERE d.doc_id = $doc_id
"""

FIGURE_SPANS = """
SELECT figure_id, start, "end", quote, kind, indicator, value, unit, qualifier, year
FROM figures
WHERE doc_id = $doc_id
ORDER BY start, "end", figure_id
"""


def filtered_figures(con: duckdb.DuckDBPyConnection, flt: FigureFilter, *, limit: int | None = None) -> pl.DataFrame:
    """Return the figures a filter selects, with source columns (title, doi, url), by doc and offset."""
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be >= 0, got {limit}")
    return _filtered(con, FILTERED_FIGURES, flt, limit=limit)


def first_figures(con: duckdb.DuckDBPyConnection, flt: FigureFilter, *, limit: int) -> pl.DataFrame:
    """Return the first `limit` figures of a selection in load order, with source columns.

    For tables that show the start of a large selection: unlike `filtered_figures` it does
    not sort, so it costs about the same for 500 rows of 10 million as of a thousand.
    """
    if limit < 0:
        raise ValueError(f"limit must be >= 0, got {limit}")
    return _filtered(con, FIRST_FIGURES, flt, limit=limit)


def selection_summary(con: duckdb.DuckDBPyConnection, flt: FigureFilter) -> pl.DataFrame:
    """Return per base unit (commonest first): ``n``, ``dated``, year span and ``value_max``."""
    return _filtered(con, SELECTION_SUMMARY, flt)


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
    return _filtered(con, DATED_POINTS, flt, limit=limit)


def dated_by_year(con: duckdb.DuckDBPyConnection, flt: FigureFilter) -> pl.DataFrame:
    """Return dated figures aggregated per year and series (mean, low-high spread, ``n``),
    each group with the id, quote and doc of its largest figure."""
    groups = _filtered(con, DATED_BY_YEAR, flt)
    quotes = _frame(con.sql(QUOTES_OF, params={"ids": groups["figure_id"].to_list()}))
    single = pl.col("n") == 1  # a group of one is that figure, with its own bounds
    return (
        groups.join(quotes, on="figure_id", how="left")
        .with_columns(
            qualifier=pl.when(single).then(pl.col("figure_qualifier")).otherwise(pl.lit("range")),
            low=pl.when(single).then(pl.col("figure_low")).otherwise(pl.col("low")),
            high=pl.when(single).then(pl.col("figure_high")).otherwise(pl.col("high")),
            value=pl.lit(None, dtype=pl.Float64),
            unit=pl.lit(None, dtype=pl.String),
        )
        .drop("figure_qualifier", "figure_low", "figure_high")
    )


def top_points(con: duckdb.DuckDBPyConnection, flt: FigureFilter, *, limit: int) -> pl.DataFrame:
    """Return the `limit` largest figures of a selection (dated or not) as chart points."""
    return _filtered(con, TOP_POINTS, flt, limit=limit)


def undated_points(con: duckdb.DuckDBPyConnection, flt: FigureFilter, *, limit: int) -> pl.DataFrame:
    """Return the `limit` largest undated figures of a selection as chart points."""
    return _filtered(con, UNDATED_POINTS, flt, limit=limit)


def counts_by_kind_indicator(con: duckdb.DuckDBPyConnection, flt: FigureFilter | None = None) -> pl.DataFrame:
    """Return figure counts (``n``, ``dated``) per kind and indicator."""
    return _filtered(con, COUNT_BY_KIND_INDICATOR, flt or FigureFilter())


def timeline(con: duckdb.DuckDBPyConnection, flt: FigureFilter | None = None) -> pl.DataFrame:
    """Return dated figures grouped per indicator and year, each with its largest figure's
    id, quote and doc."""
    marks = _filtered(con, TIMELINE, flt or FigureFilter())
    ids = marks["figure_id"].to_list()
    quotes = _frame(con.sql(QUOTES_OF, params={"ids": ids})).select("figure_id", "quote", "doc")
    return marks.join(quotes, on="figure_id", how="left")


def actor_values(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Return every actor named by any figure, sorted."""
    return [row[0] for row in con.execute(ACTOR_VALUES).fetchall()]


def figure_detail(con: duckdb.DuckDBPyConnection, figure_id: str) -> dict[str, Any] | None:
    """Return one figure with its document's metadata as a dict, or None if no such figure."""
    rows = _frame(con.sql(FIGURE_DETAIL, params={"figure_id": figure_id})).to_dicts()
    return rows[0] if rows else None


def document_record(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, Any] | None:
    """Return one document's metadata, text and figure count as a dict, or None."""
    rows = _frame(con.sql(DOCUMENT_RECORD, params={"doc_id": doc_id})).to_dicts()
    return rows[0] if rows else None


def figure_spans(con: duckdb.DuckDBPyConnection, doc_id: str) -> pl.DataFrame:
    """Return the offsets and labels of every figure in one document, in text order."""
    return _frame(con.sql(FIGURE_SPANS, params={"doc_id": doc_id}))


# --- A roll-up of the figures, so filter changes on 10 M figures need no scan of them. ----

#: One row per (indicator, kind, unit, year, qualifier, actors) with counts, sums, bounds and
#: the group's largest figure. Built once per warehouse file; ~0.7 M rows for 10 M figures.
ROLLUP_BUILD = """
SELECT f.indicator, f.kind, f.unit_base, f.year, f.qualifier, f.actors,
       count(*)::BIGINT AS n, count(f.value_base)::BIGINT AS n_valued, sum(f.value_base) AS total,
       min(coalesce(f.low, f.value_base)) AS low, max(coalesce(f.high, f.value_base)) AS high,
       min(f.low) AS low_stated, max(f.high) AS high_stated, max(f.value_base) AS value_max,
       arg_max(f.figure_id, f.value_base) AS figure_id,
       arg_max(f.quote, f.value_base) AS quote,
       arg_max(f.doc, f.value_base) AS doc
FROM figures AS f
GROUP BY ALL
"""

#: `SELECTION_SUMMARY` answered from the roll-up (its table is also named ``figures``).
ROLLUP_SUMMARY = f"""
SELECT f.unit_base, sum(f.n)::BIGINT AS n,
       coalesce(sum(f.n) FILTER (WHERE f.year IS NOT NULL), 0)::BIGINT AS dated,
       min(f.year) AS year_min, max(f.year) AS year_max, max(f.value_max) AS value_max
FROM figures AS f
WHERE {_WHERE}
GROUP BY f.unit_base
ORDER BY n DESC, f.unit_base NULLS LAST
"""

#: `DATED_BY_YEAR` answered from the roll-up; a group of one figure keeps its own bounds.
ROLLUP_BY_YEAR = f"""
SELECT f.year, {_SERIES_SQL} AS series, sum(f.n)::BIGINT AS n,
       sum(f.total) / sum(f.n_valued) AS value_base,
       CASE WHEN sum(f.n) = 1 THEN min(f.low_stated) ELSE min(f.low) END AS low,
       CASE WHEN sum(f.n) = 1 THEN max(f.high_stated) ELSE max(f.high) END AS high,
       CASE WHEN sum(f.n) = 1 THEN any_value(f.qualifier) ELSE 'range' END AS qualifier,
       arg_max(f.figure_id, f.value_max) AS figure_id,
       arg_max(f.quote, f.value_max) AS quote,
       arg_max(f.doc, f.value_max) AS doc,
       any_value(f.unit_base) AS unit_base, any_value(f.indicator) AS indicator, any_value(f.kind) AS kind,
       NULL::VARCHAR AS subject, NULL::DOUBLE AS value, NULL::VARCHAR AS unit
FROM figures AS f
WHERE {_WHERE} AND f.year IS NOT NULL AND f.n_valued > 0
GROUP BY f.year, series
ORDER BY f.year, series
"""

#: The largest figure of each roll-up group, largest first: chart points for comparisons of
#: huge selections. Its own bounds are known only from its group's qualifier.
ROLLUP_TOP = f"""
SELECT f.figure_id, f.quote, f.doc, f.year, f.value_max AS value_base, f.unit_base,
       CASE WHEN f.qualifier = 'at_least' THEN f.value_max END AS low,
       CASE WHEN f.qualifier = 'at_most' THEN f.value_max END AS high,
       f.qualifier, NULL::DOUBLE AS value, NULL::VARCHAR AS unit, f.indicator, f.kind,
       NULL::VARCHAR AS subject, {_SERIES_SQL} AS series, 1::BIGINT AS n
FROM figures AS f
WHERE {_WHERE} AND f.value_max IS NOT NULL AND ($undated_only = FALSE OR f.year IS NULL)
ORDER BY f.value_max DESC, f.figure_id
LIMIT $limit
"""

_ROLLUP_SOURCE = "rollup_source"


class Rollup:
    """The figures of one warehouse file rolled up in an in-memory DuckDB database.

    Answers `selection_summary` and `dated_by_year` for filters on kind, indicator, unit,
    years, qualifiers and actors by scanning the roll-up instead of every figure; filters
    on documents need the figures themselves (`supports` says which). Thread-safe: each
    query takes its own cursor.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        """Build the roll-up from the warehouse connection `con` (one scan of the figures)."""
        frame = _frame(con.sql(ROLLUP_BUILD))
        self._db = duckdb.connect(":memory:")
        self._db.register(_ROLLUP_SOURCE, frame)
        self._db.execute(f"CREATE TABLE figures AS SELECT * FROM {_ROLLUP_SOURCE}")
        self._db.unregister(_ROLLUP_SOURCE)
        self.rows = frame.height
        log.info("rolled up figures into %d groups", self.rows)

    @staticmethod
    def supports(flt: FigureFilter) -> bool:
        """Return whether the roll-up can answer for `flt` (not when it names documents)."""
        return not flt.docs and flt.doc_id is None

    def selection_summary(self, flt: FigureFilter) -> pl.DataFrame:
        """Return what `selection_summary` returns, from the roll-up."""
        return self._run(ROLLUP_SUMMARY, flt)

    def dated_by_year(self, flt: FigureFilter) -> pl.DataFrame:
        """Return what `dated_by_year` returns, from the roll-up."""
        return self._run(ROLLUP_BY_YEAR, flt)

    def top_points(self, flt: FigureFilter, *, limit: int, undated_only: bool = False) -> pl.DataFrame:
        """Return the largest figure of each group, the `limit` largest first (chart points)."""
        return self._run(ROLLUP_TOP, flt, limit=limit, undated_only=undated_only)

    def close(self) -> None:
        """Free the in-memory database."""
        self._db.close()

    def _run(self, sql: str, flt: FigureFilter, **extra: Any) -> pl.DataFrame:
        if not self.supports(flt):
            raise ValueError("the roll-up cannot filter by document; query the figures instead")
        return _filtered(self._db.cursor(), sql, flt, **extra)
