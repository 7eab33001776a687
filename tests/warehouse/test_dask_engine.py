"""The Dask engine gives exactly the figures of the local path (LocalCluster, 2 workers)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

pytest.importorskip("distributed")

from extract.batch import extract_paths
from warehouse import dask_engine, store


def _figures(db: Path) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.sql("SELECT * FROM figures ORDER BY figure_id").fetchall()
    finally:
        con.close()


def test_dask_local_cluster_equals_local_path(tmp_path: Path, corpus_dir: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for i in range(3):  # a few copies so several partitions run on both workers
        for f in corpus_dir.glob("*.txt"):
            (src / f"{f.stem}_{i}.txt").write_text(f.read_text(encoding="utf-8") + f"\ncopy {i}\n", encoding="utf-8")
    (src / "bad.txt").write_bytes(b"\xc3\x28 broken")
    files = sorted(str(p) for p in src.glob("*.txt"))

    local_db = tmp_path / "local.duckdb"
    items = [(r.document, r.figures) for r in extract_paths(files, jobs=1) if r.document is not None]
    store.ingest(local_db, items)

    out = tmp_path / "parquet"
    skipped = dask_engine.extract_to_parquet(files, str(out), workers=2, files_per_partition=4)
    assert [name for name, _ in skipped] == [str(src / "bad.txt")]
    dask_db = tmp_path / "dask.duckdb"
    result = dask_engine.load_parquet(dask_db, str(out))
    assert result.added == 15
    assert _figures(dask_db) == _figures(local_db)

    # The Parquet folder is queryable directly, without loading.
    n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}/figures/*.parquet')").fetchall()[0][0]
    assert n == len(_figures(local_db))
    docs = pl.read_parquet(out / "documents")
    assert docs.height == 15 and "text" in docs.columns
    shutil.rmtree(out)
