"""Tests for warehouse.schema: numbered migrations, applied once, and the table shapes."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.errors import WarehouseError
from extract.record import FIGURE_FIELDS
from warehouse import schema, store


def _columns(con: object, table: str) -> list[str]:
    """Return the column names of `table` in order."""
    rows = con.execute(  # type: ignore[attr-defined]
        "SELECT column_name FROM information_schema.columns WHERE table_name = $t ORDER BY ordinal_position",
        {"t": table},
    ).fetchall()
    return [r[0] for r in rows]


def test_migrations_apply_once(db: Path) -> None:
    con = store.connect(db)
    assert db.exists()
    assert schema.applied_migrations(con) == [n for n, _ in schema.MIGRATIONS]
    assert schema.migrate(con) == []
    con.close()
    con = store.connect(db)
    rows = con.execute("SELECT number, count(*) FROM migrations GROUP BY number").fetchall()
    assert rows == [(n, 1) for n, _ in schema.MIGRATIONS]
    con.close()


def test_tables_have_contract_columns(db: Path) -> None:
    con = store.connect(db)
    assert tuple(_columns(con, "figures")) == FIGURE_FIELDS
    assert _columns(con, "documents") == [
        "doc_id", "doc", "path", "format", "title", "authors", "date", "venue", "doi",
        "url", "language", "n_chars", "text", "ingested_seq", "sections",
    ]  # fmt: skip
    assert _columns(con, "curation") == [
        "figure_id", "action", "field", "new_value", "note", "who", "at",
    ]  # fmt: skip
    con.close()


def test_curation_rejects_unknown_action(db: Path) -> None:
    con = store.connect(db)
    con.execute("INSERT INTO curation (figure_id, action) VALUES ('f1', 'accept')")
    with pytest.raises(Exception, match="CHECK"):
        con.execute("INSERT INTO curation (figure_id, action) VALUES ('f1', 'delete')")
    con.close()


def test_read_only_connect_to_missing_file_says_ingest_first(db: Path) -> None:
    with pytest.raises(WarehouseError, match="figures ingest"):
        store.connect(db, read_only=True)
    assert not db.exists()
