"""`figures review` records decisions that exports carry, and that survive re-ingest."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl

CLI = [sys.executable, "-c", "from figures.cli import main; main()"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120)


def test_review_accept_correct_reject_then_export(tmp_path: Path, corpus_dir: Path) -> None:
    db = tmp_path / "w.duckdb"
    assert run("ingest", str(corpus_dir), "--db", str(db)).returncode == 0
    queue = run("review", "queue", "--db", str(db), "--limit", "3")
    assert queue.returncode == 0, queue.stderr
    ids = [line.split()[0] for line in queue.stdout.splitlines()]
    assert len(ids) == 3
    assert run("review", "accept", ids[0], "--db", str(db), "--who", "ana").returncode == 0
    fix = run(
        "review", "correct", ids[1], "--set", "year=1967", "--note", "from the previous sentence", "--db", str(db)
    )
    assert fix.returncode == 0, fix.stderr
    assert run("review", "reject", ids[2], "--db", str(db)).returncode == 0
    bad = run("review", "correct", ids[1], "--set", "colour=red", "--db", str(db))
    assert bad.returncode == 2 and "cannot correct" in bad.stderr
    missing = run("review", "accept", "ffffffffffffffff", "--db", str(db))
    assert missing.returncode == 1 and "no figure" in missing.stderr

    # Re-ingesting the same files changes nothing, and the decisions still apply.
    assert run("ingest", str(corpus_dir), "--db", str(db)).returncode == 0
    out = tmp_path / "x.parquet"
    assert (
        run("export", "--format", "parquet", "--out", str(out), "--db", str(db), "--constant-usd", "2020").returncode
        == 0
    )
    df = pl.read_parquet(out)
    status = dict(zip(df["figure_id"], df["review_status"], strict=True))
    assert (status[ids[0]], status[ids[1]], status[ids[2]]) == ("accepted", "corrected", "rejected")
    assert df.filter(pl.col("figure_id") == ids[1])["year"][0] == 1967
    assert df.filter(pl.col("review_status") == "unreviewed").height == df.height - 3
    loan = df.filter(pl.col("quote") == "US$3 million").row(0, named=True)
    assert loan["value_usd_const"] > loan["value_usd"] == 3e6
    rules = run("review", "rules", "--db", str(db))
    assert rules.returncode == 0 and "precision" in rules.stdout
