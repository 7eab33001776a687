"""The list of documents a page shows: a page at a time, filtered by a search, never all of them.

A warehouse may hold tens of thousands of documents; a page asks for `page` (at most its page
size of rows), `count` (how many match) and `position` (which page holds a chosen document),
each one bounded query over the documents table. A search matches the file name or the title,
case-insensitively, as plain text (no wildcards): it is bound as a parameter.
"""

from __future__ import annotations

import duckdb
import polars as pl

from warehouse.selection import frame


def _match(alias: str) -> str:
    """Return the search condition on the documents table named `alias` (a fixed identifier)."""
    return (
        f"($search::VARCHAR IS NULL OR contains(lower({alias}.doc), lower($search::VARCHAR))"
        f" OR contains(lower(coalesce({alias}.title, '')), lower($search::VARCHAR)))"
    )


#: One page of documents in file-name order, with their figure counts (no text).
DOCUMENT_PAGE = f"""
SELECT d.doc_id, d.doc, d.path, d.format, d.title, d.authors, d.date, d.venue, d.doi, d.url,
       d.language, d.n_chars, d.ingested_seq, coalesce(c.n, 0)::BIGINT AS figures
FROM documents AS d
LEFT JOIN document_figures AS c USING (doc_id)
WHERE {_match("d")}
ORDER BY d.doc, d.doc_id
LIMIT $limit OFFSET $offset
"""

#: The documents with the most figures (then by file name), with their figure counts.
MOST_FIGURES = """
SELECT d.doc_id, d.doc, d.title, coalesce(c.n, 0)::BIGINT AS figures
FROM documents AS d
LEFT JOIN document_figures AS c USING (doc_id)
ORDER BY figures DESC, d.doc, d.doc_id
LIMIT $limit
"""

COUNT_MATCHING = f"SELECT count(*) FROM documents AS d WHERE {_match('d')}"

#: How many matching documents come before `$doc_id` in file-name order (no row if it does not match).
POSITION = f"""
SELECT (SELECT count(*) FROM documents AS o
        WHERE {_match("o")} AND (o.doc < d.doc OR (o.doc = d.doc AND o.doc_id < d.doc_id)))
FROM documents AS d
WHERE d.doc_id = $doc_id AND {_match("d")}
"""

#: The titles of the documents named (a bound list: the documents table is small).
TITLES = """
SELECT doc, any_value(title) AS title FROM documents
WHERE list_contains($docs::VARCHAR[], doc)
GROUP BY doc ORDER BY doc
"""


def _search(search: str | None) -> str | None:
    text = (search or "").strip()
    return text or None


def page(con: duckdb.DuckDBPyConnection, *, search: str | None = None, limit: int, offset: int = 0) -> pl.DataFrame:
    """Return at most `limit` documents matching `search` after the first `offset`, by file name."""
    if limit < 0 or offset < 0:
        raise ValueError(f"limit and offset must be >= 0, got {limit} and {offset}")
    params = {"search": _search(search), "limit": limit, "offset": offset}
    return frame(con.sql(DOCUMENT_PAGE, params=params))


def most_figures(con: duckdb.DuckDBPyConnection, *, limit: int) -> pl.DataFrame:
    """Return the `limit` documents with the most figures (doc_id, doc, title, figures)."""
    if limit < 0:
        raise ValueError(f"limit must be >= 0, got {limit}")
    return frame(con.sql(MOST_FIGURES, params={"limit": limit}))


def count(con: duckdb.DuckDBPyConnection, *, search: str | None = None) -> int:
    """Return how many documents match `search` (all of them without one)."""
    return int(con.execute(COUNT_MATCHING, {"search": _search(search)}).fetchall()[0][0])


def position(con: duckdb.DuckDBPyConnection, doc_id: str, *, search: str | None = None) -> int | None:
    """Return the 0-based place of `doc_id` among the documents matching `search`, or None."""
    rows = con.execute(POSITION, {"doc_id": doc_id, "search": _search(search)}).fetchall()
    return int(rows[0][0]) if rows else None


def titles(con: duckdb.DuckDBPyConnection, docs: list[str]) -> dict[str, str | None]:
    """Return the title of each named document (file name -> title; unknown names left out)."""
    if not docs:
        return {}
    return {doc: title for doc, title in con.execute(TITLES, {"docs": docs}).fetchall()}
