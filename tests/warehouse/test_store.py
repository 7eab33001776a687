"""Tests for warehouse.store: idempotent ingest, replacement, atomicity, locking, readers."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from extract.errors import WarehouseError
from extract.record import Document, Figure
from warehouse import store

Item = tuple[Document, list[Figure]]
ROOT = Path(__file__).resolve().parents[2]


def _snapshot(db: Path) -> dict[str, Any]:
    """Return every row of the data tables, sorted, read through a read-only connection."""
    con = store.connect(db, read_only=True)
    try:
        return {
            table: sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in ("documents", "figures", "curation", "migrations")
        }
    finally:
        con.close()


def _figure_ids(db: Path) -> list[str]:
    """Return the stored figure ids, sorted."""
    con = store.connect(db, read_only=True)
    try:
        return sorted(r[0] for r in con.execute("SELECT figure_id FROM figures").fetchall())
    finally:
        con.close()


def _temps(db: Path) -> list[Path]:
    """Return leftover temp files beside the database."""
    return sorted(db.parent.glob(f"{db.name}.tmp-*"))


def test_ingest_adds_documents_and_figures(db: Path, corpus: list[Item]) -> None:
    seen: list[tuple[str, str]] = []
    result = store.ingest(db, corpus, on_item=lambda d, s: seen.append((d.doc, s)))
    assert result == store.IngestResult(added=3, figures_added=4)
    assert seen == [(d.doc, "added") for d, _ in corpus]
    con = store.connect(db, read_only=True)
    assert store.doc_ids(con) == {d.doc_id for d, _ in corpus}
    assert store.paths(con) == {d.path: d.doc_id for d, _ in corpus}
    row = con.execute(
        "SELECT quote, start, \"end\", value, actors, year FROM figures WHERE doc = '001_loan.txt'"
    ).fetchall()
    assert row == [("US$3 million", 43, 55, 3_000_000.0, ["Soviet Union", "Pakistan"], 1961)]
    text, n_chars, authors = con.execute(
        "SELECT text, n_chars, authors FROM documents WHERE doc = '001_loan.txt'"
    ).fetchall()[0]
    assert text[43:55] == "US$3 million" and n_chars == len(text) and authors == ["A. Author"]
    con.close()
    assert _temps(db) == []
    assert db.with_name(db.name + ".lock").exists()


def test_reingest_changes_nothing(db: Path, corpus: list[Item]) -> None:
    store.ingest(db, corpus)
    before, ids, stat = _snapshot(db), _figure_ids(db), db.stat()
    seen: list[str] = []
    result = store.ingest(db, corpus, on_item=lambda d, s: seen.append(s))
    assert result == store.IngestResult(unchanged=len(corpus))
    assert seen == ["unchanged"] * len(corpus)
    assert _snapshot(db) == before
    assert _figure_ids(db) == ids
    # Nothing new: the live file was not even swapped, so readers keep their connection.
    assert (db.stat().st_ino, db.stat().st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)
    assert _temps(db) == []


def test_changed_document_replaces_its_figures(db: Path, corpus: list[Item], make_item) -> None:
    store.ingest(db, corpus)
    old_doc, old_figs = corpus[0]
    new_doc, new_figs = make_item(
        old_doc.doc,
        "In 1962, Pakistan was granted a further loan worth US$5 million for drilling.",
        [("US$5 million", {"value": 5e6, "unit": "USD", "kind": "money", "year": 1962})],
        path=old_doc.path,
    )
    assert new_doc.doc_id != old_doc.doc_id
    seen: list[str] = []
    result = store.ingest(db, [(new_doc, new_figs), *corpus[1:]], on_item=lambda d, s: seen.append(s))
    assert result == store.IngestResult(replaced=1, unchanged=2, figures_added=1, figures_removed=len(old_figs))
    assert seen == ["replaced", "unchanged", "unchanged"]
    con = store.connect(db, read_only=True)
    assert old_doc.doc_id not in store.doc_ids(con)
    assert store.paths(con)[old_doc.path] == new_doc.doc_id
    assert con.execute("SELECT count(*) FROM documents").fetchall() == [(3,)]
    quotes = con.execute("SELECT quote FROM figures WHERE doc_id = $d", {"d": new_doc.doc_id})
    assert quotes.fetchall() == [("US$5 million",)]
    stale = con.execute("SELECT count(*) FROM figures WHERE doc_id = $d", {"d": old_doc.doc_id})
    assert stale.fetchall() == [(0,)]
    con.close()


def test_failure_mid_ingest_leaves_live_file_untouched(db: Path, corpus: list[Item], make_item) -> None:
    store.ingest(db, corpus[:1])
    before = _snapshot(db)
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    changed = make_item(corpus[0][0].doc, "A new text of 12 pages.", [], path=corpus[0][0].path)
    calls: list[str] = []

    def explode_on_second(document: Document, status: str) -> None:
        calls.append(status)
        if len(calls) == 2:
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        store.ingest(db, [changed, corpus[1], corpus[2]], on_item=explode_on_second)
    assert calls == ["replaced", "added"]
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
    assert _snapshot(db) == before
    assert _temps(db) == []


def test_foreign_figure_is_rejected_and_nothing_changes(db: Path, corpus: list[Item], make_item) -> None:
    store.ingest(db, corpus[:1])
    before = _snapshot(db)
    document, _ = corpus[1]
    with pytest.raises(WarehouseError, match="doc_id"):
        store.ingest(db, [(document, corpus[0][1])])
    dup = make_item("dup.txt", "It cost US$9 million.", [("US$9 million", {})])
    with pytest.raises(WarehouseError, match="twice"):
        store.ingest(db, [(dup[0], dup[1] * 2)])
    assert _snapshot(db) == before
    assert _temps(db) == []


def test_second_ingest_while_locked_raises(db: Path, corpus: list[Item]) -> None:
    inside, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def hold(document: Document, status: str) -> None:
        inside.set()
        release.wait(10)

    def first() -> None:
        try:
            store.ingest(db, corpus[:1], on_item=hold)
        except BaseException as exc:  # reported to the main thread below
            errors.append(exc)

    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert inside.wait(10)
        started = time.monotonic()
        with pytest.raises(WarehouseError, match="another ingest is writing"):
            store.ingest(db, corpus[1:], lock_timeout=0.1)
        assert time.monotonic() - started < 5
    finally:
        release.set()
        thread.join(10)
    assert errors == []
    assert store.ingest(db, corpus[1:]).added == 2


def test_waiting_ingest_proceeds_when_lock_frees(db: Path, corpus: list[Item]) -> None:
    inside = threading.Event()

    def hold(document: Document, status: str) -> None:
        inside.set()
        time.sleep(0.3)

    thread = threading.Thread(target=store.ingest, args=(db, corpus[:1]), kwargs={"on_item": hold})
    thread.start()
    assert inside.wait(10)
    result = store.ingest(db, corpus, lock_timeout=10)
    thread.join(10)
    assert result == store.IngestResult(added=2, unchanged=1, figures_added=3)


def test_reader_sees_new_data_after_ingest(db: Path, corpus: list[Item]) -> None:
    store.ingest(db, corpus[:1])
    with store.ReadOnlyWarehouse(db) as reader:
        con = reader.con()
        assert con.execute("SELECT count(*) FROM documents").fetchall() == [(1,)]
        assert reader.con() is con  # unchanged file: same connection
        result = store.ingest(db, corpus[1:], lock_timeout=0)
        assert result.added == 2
        fresh = reader.con()
        assert fresh is not con
        assert fresh.execute("SELECT count(*) FROM documents").fetchall() == [(3,)]


def test_reader_in_another_process_does_not_block_ingest(db: Path, corpus: list[Item]) -> None:
    store.ingest(db, corpus[:1])
    script = textwrap.dedent(
        f"""
        import sys, duckdb
        con = duckdb.connect({str(db)!r}, read_only=True)
        print(con.execute("SELECT count(*) FROM documents").fetchall()[0][0], flush=True)
        sys.stdin.readline()
        print(con.execute("SELECT count(*) FROM documents").fetchall()[0][0], flush=True)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdin is not None
        assert proc.stdout.readline().strip() == "1"
        assert store.ingest(db, corpus[1:], lock_timeout=0).added == 2
        proc.stdin.write("\n")
        proc.stdin.flush()
        # The old reader keeps reading its consistent, pre-swap file.
        assert proc.stdout.readline().strip() == "1"
    finally:
        proc.kill()
        proc.wait(10)
    with store.ReadOnlyWarehouse(db) as reader:
        assert reader.con().execute("SELECT count(*) FROM documents").fetchall() == [(3,)]


def test_reader_on_missing_file_says_ingest_first(db: Path) -> None:
    with pytest.raises(WarehouseError, match="figures ingest"):
        store.open_reader(db).con()


def test_kill_mid_ingest_keeps_last_commit_and_next_ingest_cleans_up(db: Path, corpus: list[Item]) -> None:
    store.ingest(db, corpus[:1])
    before = _snapshot(db)
    script = textwrap.dedent(
        f"""
        import hashlib, sys, time
        from pathlib import Path
        from extract.record import Document
        from warehouse import store

        def doc(i):
            text = f"Document {{i}} mentions 5 ships."
            return Document(hashlib.sha256(text.encode()).hexdigest(), f"k{{i}}.txt",
                            f"/k/{{i}}.txt", "txt", text)

        def stall(document, status):
            print("loaded", flush=True)
            time.sleep(60)

        store.ingest(Path({str(db)!r}), [(doc(i), []) for i in range(3)], on_item=stall)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "loaded"
        assert len(_temps(db)) >= 1
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    assert _snapshot(db) == before
    assert _temps(db) != []  # the dead writer's temp file is still there ...
    result = store.ingest(db, corpus, lock_timeout=5)
    assert result == store.IngestResult(added=2, unchanged=1, figures_added=3)
    assert _temps(db) == []  # ... until the next ingest removes it
