"""Two ingests at once take turns; a reader keeps answering while an ingest writes."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from warehouse import queries, store

CLI = [sys.executable, "-c", "from figures.cli import main; main()"]


def test_two_ingests_at_once_take_turns(tmp_path: Path, corpus_dir: Path) -> None:
    db = tmp_path / "w.duckdb"
    procs = [
        subprocess.Popen([*CLI, "ingest", str(corpus_dir), "--db", str(db)], stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    assert sorted("5 added" in o for o in outs) == [False, True]  # one loaded, the other found it done
    con = store.connect(db, read_only=True)
    try:
        assert queries.summary(con)["documents"] == 5
    finally:
        con.close()


def test_reader_keeps_answering_during_ingest(tmp_path: Path, corpus_dir: Path) -> None:
    db = tmp_path / "w.duckdb"
    first = sorted(corpus_dir.glob("*.txt"))[:2]
    assert subprocess.run([*CLI, "ingest", *map(str, first), "--db", str(db)], capture_output=True).returncode == 0
    reader = store.ReadOnlyWarehouse(db)
    seen: list[int] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def poll() -> None:
        while not stop.is_set():
            try:
                seen.append(queries.summary(reader.con().cursor())["documents"])
            except BaseException as exc:  # the test reports any failure
                errors.append(exc)
            time.sleep(0.01)

    thread = threading.Thread(target=poll)
    thread.start()
    try:
        r = subprocess.run([*CLI, "ingest", str(corpus_dir), "--db", str(db)], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        time.sleep(0.2)
    finally:
        stop.set()
        thread.join()
        reader.close()
    assert not errors
    assert seen and set(seen) <= {2, 5} and seen[-1] == 5
