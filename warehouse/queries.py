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

COUNT_BY_KIND = (
    "SELECT kind, count(*) FROM figures WHERE kind IS NOT NULL GROUP BY kind ORDER BY kind"
)


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
        raise ValueError(
            f"cannot list values of column {column!r}; choose one of {sorted(DISTINCT_COLUMNS)}"
        )
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
