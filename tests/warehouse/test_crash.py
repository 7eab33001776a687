"""kill -9 an ingest at random points: the warehouse stays whole and a re-run completes it."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

CLI = [sys.executable, "-c", "from figures.cli import main; main()"]


def _corpus(src: Path, corpus_dir: Path, n: int) -> None:
    paragraphs = [
        p.strip()
        for f in sorted(corpus_dir.glob("*.txt"))
        for p in f.read_text(encoding="utf-8").split("\n\n")
        if len(p.strip()) > 80
    ]
    rng = random.Random(11)
    src.mkdir()
    for i in range(n):
        body = "\n\n".join(rng.choice(paragraphs) for _ in range(rng.randint(3, 12)))
        (src / f"doc{i:04d}.txt").write_text(f"{body}\n\nDocument {i}: aid of ${i + 1} million.\n", encoding="utf-8")


def _state(db: Path) -> tuple[dict[str, int], list[tuple[object, ...]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        per_doc = dict(
            con.sql(
                "SELECT d.doc_id, count(f.figure_id) FROM documents d LEFT JOIN figures f USING (doc_id) GROUP BY 1"
            ).fetchall()
        )
        orphans = con.sql("SELECT count(*) FROM figures WHERE doc_id NOT IN (SELECT doc_id FROM documents)").fetchall()
        assert orphans[0][0] == 0
        rows = con.sql("SELECT * FROM figures ORDER BY figure_id").fetchall()
        return per_doc, rows
    finally:
        con.close()


def test_kill_nine_during_ingest_loses_nothing(tmp_path: Path, corpus_dir: Path) -> None:
    src = tmp_path / "src"
    _corpus(src, corpus_dir, 150)
    clean_db = tmp_path / "clean.duckdb"
    t0 = time.monotonic()
    r = subprocess.run([*CLI, "ingest", str(src), "--db", str(clean_db), "-j", "1"], capture_output=True, text=True)
    took = time.monotonic() - t0
    assert r.returncode == 0, r.stderr
    clean_counts, clean_rows = _state(clean_db)

    db = tmp_path / "crash.duckdb"
    # A first, partial corpus is committed, so kills interrupt an ingest that replaces live data.
    first = sorted(src.glob("*.txt"))[:40]
    assert subprocess.run([*CLI, "ingest", *map(str, first), "--db", str(db)], capture_output=True).returncode == 0
    rng = random.Random(5)
    kills = 0
    for _ in range(8):
        proc = subprocess.Popen([*CLI, "ingest", str(src), "--db", str(db), "-j", "1"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
        # Wait until the ingest is writing its new file, then kill it somewhere inside the load.
        deadline = time.monotonic() + 60
        while proc.poll() is None and not list(tmp_path.glob("crash.duckdb.tmp-*")) and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(rng.uniform(0.0, 0.5) * took)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait()
        counts, _rows = _state(db)  # opens, and every stored document has exactly its figures
        for doc_id, n in counts.items():
            assert clean_counts[doc_id] == n
    print(f"kill -9 survived: {kills} of 8 ingests killed mid-run")
    assert kills >= 4, "the ingest finished before it could be killed; make the corpus larger"

    r = subprocess.run([*CLI, "ingest", str(src), "--db", str(db), "-j", "1"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    counts, rows = _state(db)
    assert counts == clean_counts and rows == clean_rows
    assert not list(tmp_path.glob("crash.duckdb.tmp-*"))
