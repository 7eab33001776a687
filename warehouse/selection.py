"""A selection of figures as the dashboard's filters set it, and how a query runs with it.

Each dashboard query is a constant with a ``/*WHERE*/`` slot. `FigureFilter.where` fills it
with the fragments of the filters that are set, taken from the fixed `_CLAUSES` table (no
caller text ever reaches the SQL), and binds every value as a parameter. Leaving unset
filters out, rather than writing ``($x IS NULL OR ...)``, lets DuckDB push them into the scan;
testing an actor with one ``list_contains`` per actor is ~8x faster than ``list_has_any``
with a bound list on 10 M rows (benchmarks/dashboard_bench.py).

A filter on documents reads the figures of those documents through the ``figures_doc`` index
(schema migration 3) first: DuckDB uses an index only for a filter on the indexed column
alone, so `run` puts that filter in a materialised CTE and the rest of the query reads it
(~10 ms for a document of 10 M figures instead of ~150 ms for a scan). A filter on one
``doc_id`` looks up that document's ``doc`` first (the documents' key) and reads the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import duckdb
import polars as pl

from extract.record import FIGURE_FIELDS

#: The most actors one filter may name (each binds its own parameter).
MAX_FILTER_ACTORS = 50

#: Up to this many documents a filter reads them through the index; more, a scan.
MAX_INDEXED_DOCS = 64

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

WHERE = "/*WHERE*/"

#: How dashboard queries name the figures table; a document filter swaps in its CTE.
FIGURES_AS_F = "FROM figures AS f"
_DOC_FIGURES = "doc_figures"
_F_COLUMN = re.compile(r'\bf\."?(\w+)"?')

#: The file name of a document, so a `doc_id` filter can read its figures by the `doc` index.
DOC_OF_ID = "SELECT doc FROM documents WHERE doc_id = $doc_id"


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

    def where(self, *, actor_column: bool = False) -> tuple[str, dict[str, Any]]:
        """Return the SQL condition on `figures AS f` for the filters set, and its parameters.

        `actor_column` tests actors against a single ``f.actor`` column (the summary table
        ``figure_top``) instead of the ``f.actors`` list.

        >>> FigureFilter(indicator="aid", actors=("Russia", "China")).where()[0]
        'f.indicator = $indicator AND (list_contains(f.actors, $actor_0) OR list_contains(f.actors, $actor_1))'
        >>> FigureFilter(actors=("Russia",)).where(actor_column=True)[0]
        '(f.actor = $actor_0)'
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
            test = "f.actor = $actor_{}" if actor_column else "list_contains(f.actors, $actor_{})"
            parts.append("(" + " OR ".join(test.format(i) for i in range(len(self.actors))) + ")")
            params.update({f"actor_{i}": actor for i, actor in enumerate(self.actors)})
        return (" AND ".join(parts) or "TRUE"), params

    @property
    def names_documents(self) -> bool:
        """Return whether the filter selects documents (which the summary tables cannot)."""
        return bool(self.docs) or self.doc_id is not None


def frame(relation: duckdb.DuckDBPyRelation) -> pl.DataFrame:
    """Return a relation's rows as a polars DataFrame (duckdb types `.pl()` loosely)."""
    df: pl.DataFrame = relation.pl()
    return df


def run(
    con: duckdb.DuckDBPyConnection, sql: str, flt: FigureFilter, *, actor_column: bool = False, **extra: Any
) -> pl.DataFrame:
    """Run a dashboard query with the filter's condition in its WHERE slot.

    With a few documents named, or one `doc_id`, ``figures AS f`` reads only their figures, by
    the index.
    """
    where, params = flt.where(actor_column=actor_column)
    sql = sql.replace(WHERE, where)
    docs = flt.docs
    if not docs and flt.doc_id is not None and FIGURES_AS_F in sql:
        docs = tuple(str(row[0]) for row in con.execute(DOC_OF_ID, {"doc_id": flt.doc_id}).fetchall())
    if docs and len(docs) <= MAX_INDEXED_DOCS and FIGURES_AS_F in sql:
        sql, doc_params = _through_doc_index(sql, docs)
        params.update(doc_params)
    return frame(con.sql(sql, params={**params, **extra}))


def _through_doc_index(sql: str, docs: tuple[str, ...]) -> tuple[str, dict[str, Any]]:
    """Return `sql` reading the figures of `docs` from a CTE filled by an index scan.

    The CTE fetches only the columns `sql` names (``f.name``): each fetched row is a random
    read, and the long ``sentence`` column would cost more than the rest together.
    """
    names = ", ".join(f"$doc_{i}" for i in range(len(docs)))
    wanted = {m.group(1) for m in _F_COLUMN.finditer(sql)} | {"doc"}
    columns = ", ".join(f'"{c}"' for c in FIGURE_FIELDS if c in wanted)
    cte = f"{_DOC_FIGURES} AS MATERIALIZED (SELECT {columns} FROM figures WHERE doc IN ({names}))"
    body = sql.replace(FIGURES_AS_F, f"FROM {_DOC_FIGURES} AS f")
    stripped = body.lstrip()
    has_with = stripped[:4].upper() == "WITH"
    body = f"WITH {cte}, {stripped[4:].lstrip()}" if has_with else f"WITH {cte}\n{body}"
    return body, {f"doc_{i}": doc for i, doc in enumerate(docs)}


def in_list(name: str, values: list[str]) -> tuple[str, dict[str, Any]]:
    """Return ``$name_0, $name_1, ...`` and its parameters, for an ``IN (...)`` the planner can
    answer from an index (a bound list is scanned instead)."""
    if not values:
        return "NULL", {}
    return ", ".join(f"${name}_{i}" for i in range(len(values))), {
        f"{name}_{i}": value for i, value in enumerate(values)
    }
