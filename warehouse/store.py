"""Open the warehouse, and load documents into it by building a new file and swapping it in.

DuckDB lets one process hold a read-write connection, and that connection blocks every
reader (FINDINGS.md). So `ingest` never writes the live file: under an exclusive
``<db>.lock`` it copies the live file to ``<db>.tmp-<pid>``, loads into the copy (whole documents,
batched per transaction), checkpoints, closes, fsyncs and `os.replace`s it over the live
file. Readers (`ReadOnlyWarehouse`) open the live file read-only and reopen it when its
inode or mtime changes, so they never block an ingest and never see half a load; a crash
mid-ingest leaves the last committed file untouched.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Literal

import duckdb
import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type hints

from extract.errors import WarehouseError
from extract.record import FIGURE_FIELDS, Document, Figure
from warehouse import schema

log = logging.getLogger(__name__)

Status = Literal["added", "replaced", "unchanged"]

#: Arrow types of the figure columns, matching the `figures` table in schema.py.
FIGURE_ARROW_SCHEMA: pa.Schema = pa.schema(
    [
        ("figure_id", pa.string()),
        ("doc", pa.string()),
        ("doc_id", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("quote", pa.string()),
        ("value", pa.float64()),
        ("unit", pa.string()),
        ("low", pa.float64()),
        ("high", pa.float64()),
        ("qualifier", pa.string()),
        ("direction", pa.string()),
        ("subject", pa.string()),
        ("value_base", pa.float64()),
        ("unit_base", pa.string()),
        ("kind", pa.string()),
        ("indicator", pa.string()),
        ("actors", pa.list_(pa.string())),
        ("year", pa.int32()),
        ("sentence", pa.string()),
        ("rule", pa.string()),
    ]
)
if tuple(FIGURE_ARROW_SCHEMA.names) != FIGURE_FIELDS:
    raise ImportError("warehouse.store: FIGURE_ARROW_SCHEMA is out of step with FIGURE_FIELDS")

_POLL_SECONDS = 0.05


@dataclass(frozen=True, slots=True)
class IngestResult:
    """Counts of what one `ingest` run did."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    figures_added: int = 0
    figures_removed: int = 0

    @property
    def changed(self) -> bool:
        """Return whether the run added or replaced any document."""
        return bool(self.added or self.replaced)


def connect(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse at `path`; read-write creates it and applies pending migrations."""
    path = Path(path)
    if read_only and not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `figures ingest` first")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        raise WarehouseError(
            f"cannot open {path}{' read-only' if read_only else ''}: {exc}; "
            "if another process holds it open for writing, try again when it finishes"
        ) from exc
    try:
        if read_only:
            if schema.LATEST not in schema.applied_migrations(con):
                raise WarehouseError(
                    f"{path} has an older schema than this version expects; run `figures ingest` to upgrade it"
                )
        else:
            schema.migrate(con)
    except BaseException:
        con.close()
        raise
    return con


def doc_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Return the ids (content hashes) of every stored document."""
    return {row[0] for row in con.execute(schema.SELECT_DOC_IDS).fetchall()}


def paths(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Return a map from each stored document's path to its doc_id."""
    return {row[0]: row[1] for row in con.execute(schema.SELECT_PATHS).fetchall()}


def ingest(
    db_path: Path,
    items: Iterable[tuple[Document, Sequence[Figure]]],
    *,
    on_item: Callable[[Document, str], None] | None = None,
    lock_timeout: float = 600.0,
) -> IngestResult:
    """Load documents and their figures into a copy of the warehouse, then swap it in."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(db_path, lock_timeout):
        _remove_stale_temps(db_path)
        tmp = db_path.with_name(f"{db_path.name}.tmp-{os.getpid()}")
        try:
            _copy_live(db_path, tmp)
            con = duckdb.connect(str(tmp))
            try:
                migrated = schema.migrate(con)
                result = _load(con, items, on_item)
                con.execute(schema.CHECKPOINT)
            finally:
                con.close()
            if db_path.exists() and not migrated and not result.changed:
                # Nothing new: keep the live file (and readers' connections) as they are.
                _remove_file_and_wal(tmp)
            else:
                _fsync(tmp)
                os.replace(tmp, db_path)
                _fsync(db_path.parent)
        except BaseException:
            _remove_file_and_wal(tmp)
            raise
    log.info("ingest into %s: %s", db_path, result)
    return result


class ReadOnlyWarehouse:
    """A read-only connection to the live file that reopens when an ingest swaps the file.

    Share one per process; for concurrent threads take ``.con().cursor()`` per query.
    """

    def __init__(self, path: Path) -> None:
        """Remember the path; the connection opens on the first `con()`."""
        self._path = Path(path)
        self._con: duckdb.DuckDBPyConnection | None = None
        self._stamp: tuple[int, int] | None = None
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        """Return the path of the live warehouse file."""
        return self._path

    def con(self) -> duckdb.DuckDBPyConnection:
        """Return a read-only connection to the newest committed warehouse file."""
        with self._lock:
            # Stat before connecting: if the file is swapped in between, the stamp is stale
            # and the next call reopens once more, rather than keeping an old file forever.
            stamp = self._file_stamp()
            if self._con is None or stamp != self._stamp:
                self._close_locked()
                self._con = connect(self._path, read_only=True)
                self._stamp = stamp
                log.debug("opened %s read-only at %s", self._path, stamp)
            return self._con

    def close(self) -> None:
        """Close the connection, if open."""
        with self._lock:
            self._close_locked()

    def __enter__(self) -> ReadOnlyWarehouse:
        """Return self, for use in a `with` block."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the connection at the end of a `with` block."""
        self.close()

    def _file_stamp(self) -> tuple[int, int]:
        """Return the live file's (inode, mtime_ns), or raise if it is missing."""
        try:
            st = self._path.stat()
        except FileNotFoundError as exc:
            raise WarehouseError(f"no warehouse at {self._path}: run `figures ingest` first") from exc
        return (st.st_ino, st.st_mtime_ns)

    def _close_locked(self) -> None:
        """Close the connection; the caller holds `_lock`."""
        if self._con is not None:
            self._con.close()
            self._con = None
            self._stamp = None


def open_reader(path: Path) -> ReadOnlyWarehouse:
    """Return a `ReadOnlyWarehouse` for the live file at `path`."""
    return ReadOnlyWarehouse(path)


#: A load commits every this many documents, or sooner once their texts reach `_BATCH_CHARS`:
#: one transaction per document cost ~10 ms each (DuckDB's commit), more than the load itself.
_BATCH_DOCS = 128
_BATCH_CHARS = 32 * 1024 * 1024


def _load(
    con: duckdb.DuckDBPyConnection,
    items: Iterable[tuple[Document, Sequence[Figure]]],
    on_item: Callable[[Document, str], None] | None,
) -> IngestResult:
    """Insert each new or changed document with its figures, whole documents per transaction.

    Documents are committed in batches of whole documents (each with all its figures, a
    changed one together with the removal of its old version), so a document is in the file
    whole or not at all; the file is only swapped in after the last batch anyway. The last
    transaction also recomputes the summary tables' rows of every group the load touched
    (schema.refresh_summaries), so the swapped-in file's summaries equal its figures.
    """
    con.execute(schema.CREATE_TOUCHED)
    stored = doc_ids(con)
    by_path = paths(con)
    seq = int(con.execute(schema.SELECT_MAX_SEQ).fetchall()[0][0])
    added = replaced = unchanged = figures_added = figures_removed = 0
    batch: list[tuple[Document, int]] = []
    tables: list[pa.Table] = []
    deletes: list[str] = []
    chars = 0

    def flush(*, last: bool = False) -> int:
        nonlocal chars
        removed = 0
        if not batch and not deletes and not last:
            return 0
        con.begin()
        try:
            for old_id in deletes:
                removed += _delete_document(con, old_id)
            for document, doc_seq in batch:
                _insert_document_row(con, document, doc_seq)
            _insert_figures(con, [t for t in tables if t.num_rows])
            if last:
                schema.refresh_summaries(con)
        except BaseException:
            con.rollback()
            raise
        con.commit()
        batch.clear()
        tables.clear()
        deletes.clear()
        chars = 0
        return removed

    for document, figures in items:
        status: Status
        if document.doc_id in stored:
            status = "unchanged"
            unchanged += 1
        else:
            table = _figures_table(document, figures)
            old_id = by_path.get(document.path)
            if old_id is not None and any(d.doc_id == old_id for d, _ in batch):
                figures_removed += flush()  # the old version is in this batch: commit it first
            seq += 1
            if old_id is not None:
                deletes.append(old_id)
                stored.discard(old_id)
                status = "replaced"
                replaced += 1
            else:
                status = "added"
                added += 1
            batch.append((document, seq))
            tables.append(table)
            chars += len(document.text)
            stored.add(document.doc_id)
            by_path[document.path] = document.doc_id
            figures_added += table.num_rows
            if len(batch) >= _BATCH_DOCS or chars >= _BATCH_CHARS:
                figures_removed += flush()
        log.debug("%s: %s", document.doc, status)
        if on_item is not None:
            on_item(document, status)
    figures_removed += flush(last=True)
    return IngestResult(added, replaced, unchanged, figures_added, figures_removed)


def _delete_document(con: duckdb.DuckDBPyConnection, doc_id: str) -> int:
    """Delete a stored document and its figures; return how many figures went."""
    con.execute(schema.TOUCH_DOCUMENT, {"doc_id": doc_id}).fetchall()
    con.execute(schema.DELETE_DOCUMENT_COUNT, {"doc_id": doc_id}).fetchall()
    removed = int(con.execute(schema.DELETE_FIGURES_OF_DOCUMENT, {"doc_id": doc_id}).fetchall()[0][0])
    con.execute(schema.DELETE_DOCUMENT, {"doc_id": doc_id}).fetchall()
    return removed


def _insert_document_row(con: duckdb.DuckDBPyConnection, document: Document, seq: int) -> None:
    """Insert one document row."""
    row = document.to_dict()
    row["ingested_seq"] = seq
    con.execute(schema.INSERT_DOCUMENT, row).fetchall()


def _insert_figures(con: duckdb.DuckDBPyConnection, tables: list[pa.Table]) -> None:
    """Insert figure rows in bulk, through one Arrow table; note their groups and counts."""
    if not tables:
        return
    con.register(schema.FIGURES_BATCH, pa.concat_tables(tables))
    try:
        con.execute(schema.INSERT_FIGURES_FROM_BATCH).fetchall()
        con.execute(schema.TOUCH_BATCH).fetchall()
        con.execute(schema.INSERT_DOCUMENT_COUNTS_FROM_BATCH).fetchall()
    finally:
        con.unregister(schema.FIGURES_BATCH)


def _figures_table(document: Document, figures: Sequence[Figure]) -> pa.Table:
    """Return the figures of one document as an Arrow table, after checking they belong to it."""
    seen: set[str] = set()
    for fig in figures:
        if fig.doc_id != document.doc_id:
            raise WarehouseError(
                f"figure {fig.figure_id} has doc_id {fig.doc_id}, not that of {document.doc} "
                f"({document.doc_id}); the extractor mixed up documents"
            )
        if fig.figure_id in seen:
            raise WarehouseError(
                f"figure {fig.figure_id} appears twice in {document.doc}; the extractor emitted the same span twice"
            )
        seen.add(fig.figure_id)
    return figures_table(figures)


def figures_table(figures: Sequence[Figure]) -> pa.Table:
    """Return figure records as an Arrow table with the warehouse's column types."""
    columns = {name: [getattr(fig, name) for fig in figures] for name in FIGURE_FIELDS}
    columns["actors"] = [list(actors) for actors in columns["actors"]]
    return pa.Table.from_pydict(columns, schema=FIGURE_ARROW_SCHEMA)


@contextlib.contextmanager
def _exclusive_lock(db_path: Path, timeout: float) -> Iterator[None]:
    """Hold an exclusive flock on ``<db>.lock``, waiting up to `timeout` seconds for it."""
    lock_path = db_path.with_name(f"{db_path.name}.lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        waited = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise WarehouseError(f"another ingest is writing {db_path}; try again when it finishes") from None
                if not waited:
                    log.info("waiting up to %.0f s for another ingest into %s", timeout, db_path)
                    waited = True
                time.sleep(min(_POLL_SECONDS, remaining))
        yield
    finally:
        # Closing the descriptor releases the lock. The lock file stays: unlinking it would
        # let two writers lock two different inodes.
        os.close(fd)


def _remove_stale_temps(db_path: Path) -> None:
    """Delete temp files left by a writer that died; only the lock holder writes temps."""
    for stale in db_path.parent.glob(f"{db_path.name}.tmp-*"):
        log.warning("removing %s left by an interrupted ingest", stale)
        stale.unlink(missing_ok=True)


def _copy_live(db_path: Path, tmp: Path) -> None:
    """Copy the live file (and a WAL, if a direct writer left one) to the temp name."""
    if not db_path.exists():
        return
    shutil.copyfile(db_path, tmp)
    wal = db_path.with_name(f"{db_path.name}.wal")
    if wal.exists():
        shutil.copyfile(wal, tmp.with_name(f"{tmp.name}.wal"))


def _remove_file_and_wal(path: Path) -> None:
    """Delete `path` and its DuckDB WAL, if present."""
    path.unlink(missing_ok=True)
    path.with_name(f"{path.name}.wal").unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    """Flush a file or directory to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
