"""The summary tables stay equal to GROUP BYs over the figures through every kind of ingest."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.warehouse.conftest import Item, _make_item
from warehouse import queries, schema, store
from warehouse.queries import FigureFilter

TABLES = ("figure_rollup", "figure_top", "document_figures")

#: An independent statement of what figure_rollup holds (counts and bounds per group).
ROLLUP_REFERENCE = """
SELECT indicator, kind, unit_base, year, qualifier, actors, count(*) AS n, count(value_base) AS n_valued,
       sum(value_base) AS total, max(value_base) AS value_max, min(low) AS low_stated, max(high) AS high_stated
FROM figures GROUP BY ALL ORDER BY ALL
"""
ROLLUP_COLUMNS = (
    "SELECT indicator, kind, unit_base, year, qualifier, actors, n, n_valued, total, value_max, low_stated, "
    "high_stated FROM figure_rollup ORDER BY ALL"
)


def _rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[Any, ...]]:
    return con.sql(f"SELECT * FROM {table} ORDER BY ALL").fetchall()


def _summaries(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = store.connect(db, read_only=True)
    try:
        return {t: _rows(con, t) for t in TABLES}
    finally:
        con.close()


def _rebuilt(db: Path, tmp: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Return the summary tables recomputed from scratch from a copy of `db`'s figures."""
    copy = tmp / "rebuilt.duckdb"
    shutil.copyfile(db, copy)
    con = duckdb.connect(str(copy))
    try:
        con.begin()
        schema.rebuild_summaries(con)
        con.commit()
        return {t: _rows(con, t) for t in TABLES}
    finally:
        con.close()
        copy.unlink()


def _check(db: Path, tmp: Path) -> None:
    assert _summaries(db) == _rebuilt(db, tmp)
    con = store.connect(db, read_only=True)
    try:
        assert con.sql(ROLLUP_COLUMNS).fetchall() == con.sql(ROLLUP_REFERENCE).fetchall()
        per_doc = "SELECT doc_id, doc, count(*) FROM figures GROUP BY ALL ORDER BY ALL"
        assert con.sql(per_doc).fetchall() == _rows(con, "document_figures")
    finally:
        con.close()


def _money(quote: str, value: float, year: int | None, actors: tuple[str, ...], **extra: Any) -> tuple[str, dict]:
    fields = {"value": value, "value_base": value, "unit": "USD", "unit_base": "USD", "kind": "money"}
    return quote, {**fields, "indicator": "aid", "year": year, "actors": actors, **extra}


def test_summaries_follow_ingest_replace_and_removal(db: Path, corpus: list[Item], tmp_path: Path) -> None:
    store.ingest(db, corpus)
    _check(db, tmp_path)
    old_doc, _ = corpus[0]
    text = "In 1962 the loan was US$5 million; in 1963, A$7 and B$9."
    changed = _make_item(
        old_doc.doc,
        text,
        [
            _money("US$5 million", 5e6, 1962, ("Soviet Union",)),
            _money("A$7", 7.0, 1963, ()),
            _money("B$9", 9.0, None, ()),
        ],
        path=old_doc.path,
    )
    store.ingest(db, [changed, *corpus[1:]])
    _check(db, tmp_path)
    emptied = _make_item(old_doc.doc, "Nothing left to count here.", [], path=old_doc.path)
    store.ingest(db, [emptied])  # the document stays, its figures and their groups go
    _check(db, tmp_path)
    con = store.connect(db, read_only=True)
    docs = queries.documents(con)
    assert docs.filter(docs["doc"] == old_doc.doc)["figures"].to_list() == [0]
    con.close()


def test_top_groups_keep_their_largest_figures_across_ingests(db: Path, tmp_path: Path) -> None:
    many = schema.TOP_PER_GROUP + 5
    text = " ".join(f"X{i:03d}." for i in range(many))
    first = _make_item("a.txt", text, [_money(f"X{i:03d}", float(i), 2000, ("Russia",)) for i in range(many)])
    store.ingest(db, [first])
    _check(db, tmp_path)
    text2 = " ".join(f"Y{i:03d}." for i in range(10))
    second = _make_item("b.txt", text2, [_money(f"Y{i:03d}", 100.0 + i, 2000, ("Russia", "China")) for i in range(10)])
    store.ingest(db, [second])
    _check(db, tmp_path)
    con = store.connect(db, read_only=True)
    for flt in (FigureFilter(), FigureFilter(actors=("Russia",)), FigureFilter(actors=("China", "Russia"))):
        top = queries.top_points(con, flt, limit=schema.TOP_PER_GROUP)
        assert top.equals(queries.top_points(con, flt, limit=schema.TOP_PER_GROUP, direct=True))
    con.close()


def test_migration_builds_summaries_of_an_older_warehouse(db: Path, corpus: list[Item], tmp_path: Path) -> None:
    store.ingest(db, corpus)
    expected = _summaries(db)
    con = duckdb.connect(str(db))  # make it a version-2 warehouse that holds the same figures
    con.execute("DROP INDEX figures_doc")
    for table in TABLES:
        con.execute(f"DROP TABLE {table}")
    con.execute("DELETE FROM migrations WHERE number = 3")
    con.close()
    store.connect(db).close()  # read-write: applies migration 3, which fills the summaries
    assert _summaries(db) == expected


_ACTORS = st.lists(st.sampled_from(["Russia", "China", "Pakistan"]), max_size=2).map(tuple)
_FIGURE = st.tuples(
    st.sampled_from([1.0, 2.0, 3.0, None]),
    st.sampled_from([2001, 2002, None]),
    _ACTORS,
    st.sampled_from(["aid", "loan"]),
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    versions=st.lists(
        st.tuples(st.sampled_from(["p.txt", "q.txt", "r.txt"]), st.lists(_FIGURE, max_size=6)), max_size=5
    )
)
def test_summaries_equal_a_rebuild_after_any_ingests(tmp_path_factory, versions) -> None:
    tmp = tmp_path_factory.mktemp("prop")
    db = tmp / "figures.duckdb"
    for n, (name, figures) in enumerate(versions):
        quotes = [f"Q{n}x{i}" for i in range(len(figures))]
        text = f"Version {n}. " + " ".join(quotes)
        fields = [
            (q, {"value": v or 0.0, "value_base": v, "unit_base": "USD", "kind": "money", "indicator": ind,
                 "year": year, "actors": actors})
            for q, (v, year, actors, ind) in zip(quotes, figures, strict=True)
        ]  # fmt: skip
        store.ingest(db, [_make_item(name, text, fields)])
        _check(db, tmp)
