"""Run the same pure extraction on a Dask cluster, writing Parquet partitions, then load them.

`extract_to_parquet` maps `extract.batch.process_path` over the input files with dask.bag on
a `distributed` cluster (a LocalCluster when no scheduler address is given) and writes one
Parquet file of documents and one of figures per partition under OUT (a local folder or any
fsspec URL the workers can reach, e.g. s3://bucket/run). `load_parquet` loads such a folder
into DuckDB through the same `store.ingest` as the local path, so both give the same ids.
DuckDB and the dashboard can also query the folder directly (`read_parquet('OUT/figures/*.parquet')`).

Workers must be able to import this package: install it on them (`pip install figures`
from the same source), or ship it with `client.upload_file`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type hints
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from extract.batch import process_path
from extract.record import Document, Figure
from warehouse import store

log = logging.getLogger(__name__)

DOCUMENTS_DIR = "documents"
FIGURES_DIR = "figures"


def _document_schema() -> pa.Schema:
    """Return the Arrow schema of document rows: every column a string but these few."""
    special = {"authors": pa.list_(pa.string()), "n_chars": pa.int64()}
    names = list(Document(doc_id="", doc="", path="", format="txt", text="").to_dict())
    return pa.schema([(name, special.get(name, pa.string())) for name in names])


def _document_rows(docs: Sequence[Document]) -> pa.Table:
    """Return document rows with one fixed schema, so partitions with all-empty columns still match."""
    return pa.Table.from_pylist([d.to_dict() for d in docs], schema=_document_schema())


def _write_partition(paths: Sequence[str], out: str, known: frozenset[str]) -> list[tuple[str, str]]:
    """Extract one partition of files and write its Parquet pair; return the skipped files."""
    import fsspec

    docs: list[Document] = []
    figures: list[Figure] = []
    skipped: list[tuple[str, str]] = []
    for path in paths:
        result = process_path(path, known)
        if result.document is None:
            skipped.append((path, result.error or "unreadable"))
            continue
        if result.document.doc_id in known:
            continue
        docs.append(result.document)
        figures.extend(result.figures)
    if not paths:
        return skipped
    name = "part-" + hashlib.sha256("\0".join(paths).encode()).hexdigest()[:16] + ".parquet"
    fs, root = fsspec.core.url_to_fs(out)
    for sub in (DOCUMENTS_DIR, FIGURES_DIR):
        fs.makedirs(f"{root}/{sub}", exist_ok=True)
    pq.write_table(_document_rows(docs), f"{root}/{DOCUMENTS_DIR}/{name}", filesystem=fs)
    pq.write_table(store.figures_table(figures), f"{root}/{FIGURES_DIR}/{name}", filesystem=fs)
    return skipped


def extract_to_parquet(
    paths: Sequence[str],
    out: str,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    known: frozenset[str] = frozenset(),
    files_per_partition: int = 64,
) -> list[tuple[str, str]]:
    """Extract `paths` on a Dask cluster into Parquet under `out`; return the skipped files."""
    import dask.bag as dbag
    from distributed import Client, LocalCluster

    if not log.isEnabledFor(logging.DEBUG):
        logging.getLogger("distributed").setLevel(logging.WARNING)
    if scheduler:
        client = Client(scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")
        client = Client(cluster)
    try:
        npartitions = max(1, -(-len(paths) // files_per_partition))
        bag = dbag.from_sequence(list(paths), npartitions=npartitions)
        skipped = bag.map_partitions(_write_partition, out, known).compute()
        log.info("dask: %d files in %d partitions on %s", len(paths), npartitions, scheduler or "a LocalCluster")
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return list(skipped)


def _document_from_row(row: dict[str, Any]) -> Document:
    kwargs: dict[str, Any] = {}
    for field in dataclasses.fields(Document):
        if field.name in row:
            value = row[field.name]
            kwargs[field.name] = tuple(value) if isinstance(value, list) else value
    return Document(**kwargs)


def _iter_items(out: str) -> Iterator[tuple[Document, list[Figure]]]:
    import fsspec

    fs, root = fsspec.core.url_to_fs(out)
    for doc_file in sorted(fs.glob(f"{root}/{DOCUMENTS_DIR}/*.parquet")):
        name = doc_file.rsplit("/", 1)[-1]
        docs = pq.read_table(doc_file, filesystem=fs).to_pylist()
        by_doc: dict[str, list[Figure]] = {}
        for row in pq.read_table(f"{root}/{FIGURES_DIR}/{name}", filesystem=fs).to_pylist():
            row["actors"] = tuple(row["actors"] or ())
            by_doc.setdefault(row["doc_id"], []).append(Figure(**row))
        for row in docs:
            if "text" not in row:
                continue
            yield _document_from_row(row), by_doc.get(row["doc_id"], [])


def load_parquet(
    db_path: Path, out: str, *, on_item: Callable[[Document, str], None] | None = None
) -> store.IngestResult:
    """Load a Parquet folder written by `extract_to_parquet` into the warehouse."""
    return store.ingest(db_path, _iter_items(out), on_item=on_item)
