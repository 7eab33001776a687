"""Many files in worker processes: the same outcomes as one process, in input order."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

from extract import batch

ROOT = Path(__file__).resolve().parents[2]


def test_workers_give_what_one_process_gives_in_order(tmp_path: Path) -> None:
    files = [str(p) for p in sorted((ROOT / "corpus").glob("*.txt"))]
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    paths = [files[0], str(tmp_path / "missing.txt"), *files[1:3], str(empty), *files[3:]]
    alone = list(batch.extract_paths(paths, jobs=1))
    with mock.patch.object(batch, "_CHUNK_FILES", 2):
        pooled = list(batch.extract_paths(paths, jobs=2))
    assert [r.name for r in pooled] == paths
    assert pooled == alone  # documents compare without their views
    assert [r.error is None for r in pooled] == [True, False, True, True, False, True, True]
    assert all(r.document is None or r.document.view is None for r in pooled)


def test_chunks_hold_few_files_and_few_bytes(tmp_path: Path) -> None:
    sizes = [10, 10, 10, 10, 10, 2_000_000, 10, 600_000, 600_000]
    paths = []
    for i, n in enumerate(sizes):
        path = tmp_path / f"{i}.txt"
        path.write_bytes(b"x" * n)
        paths.append(str(path))
    chunks = list(batch._chunks([*paths, str(tmp_path / "missing.txt")]))
    assert [len(c) for c in chunks] == [4, 1, 1, 2, 2]
    assert [p for c in chunks for p in c] == [*paths, str(tmp_path / "missing.txt")]
