"""The `figures` command as a user runs it: real processes, real files."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

FIGURES = [sys.executable, "-m", "figures.cli"]


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from figures.cli import main; main()", *args],
        input=None if stdin is None else stdin.decode(),
        capture_output=True, text=True, timeout=120, cwd=cwd,
    )  # fmt: skip


def test_extract_jsonl_has_every_field_and_exact_quotes(corpus_dir: Path) -> None:
    r = run("extract", str(corpus_dir), "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(records) >= 20
    texts = {p.name: p.read_text(encoding="utf-8") for p in corpus_dir.glob("*.txt")}
    for rec in records:
        assert texts[rec["doc"]][rec["start"] : rec["end"]] == rec["quote"]


def test_extract_csv_and_table(corpus_dir: Path) -> None:
    path = str(corpus_dir / "002_e60b9748843ae0f5.txt")
    r = run("extract", path, "--format", "csv")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert any(row["quote"] == "over 80,000 lives" and row["unit"] == "person" for row in rows)
    t = run("extract", path, "--format", "table")
    assert t.returncode == 0 and "80,000 lives" in t.stdout


def test_extract_reads_stdin() -> None:
    text = b"Exports fell 12% to $4.6 billion in 2023, the ministry said."
    r = run("extract", "-", stdin=text)
    assert r.returncode == 0, r.stderr
    quotes = {json.loads(line)["quote"] for line in r.stdout.splitlines()}
    assert {"12%", "$4.6 billion"} <= quotes


def test_unreadable_file_is_named_and_skipped(tmp_path: Path, corpus_dir: Path) -> None:
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\xff\xfe\xfa not utf-8 \xc3")
    r = run("extract", str(bad), str(corpus_dir / "003_f76993662e59505e.txt"))
    assert r.returncode == 3
    assert "broken.txt" in r.stderr and "Traceback" not in r.stderr
    assert "24 soldiers" in r.stdout


def test_ingest_twice_changes_nothing_then_export_round_trips(tmp_path: Path, corpus_dir: Path) -> None:
    db = tmp_path / "w.duckdb"
    first = run("ingest", str(corpus_dir), "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert "5 added" in first.stdout
    second = run("ingest", str(corpus_dir), "--db", str(db))
    assert second.returncode == 0 and "5 unchanged" in second.stdout and "0 figures added" in second.stdout
    out = tmp_path / "f.parquet"
    e = run("export", "--format", "parquet", "--out", str(out), "--db", str(db))
    assert e.returncode == 0, e.stderr
    df = pl.read_parquet(out)
    extracted = [json.loads(x) for x in run("extract", str(corpus_dir)).stdout.splitlines()]
    assert sorted(df["figure_id"].to_list()) == sorted(r["figure_id"] for r in extracted)
    for col in ("doc", "title", "quote", "sentence", "start", "end", "doi", "url"):
        assert col in df.columns
    money = tmp_path / "money.csv"
    assert run("export", "--format", "csv", "--out", str(money), "--kind", "money", "--db", str(db)).returncode == 0
    kinds = {row["kind"] for row in csv.DictReader(money.open(encoding="utf-8"))}
    assert kinds == {"money"}


def test_ingest_replaces_a_changed_file(tmp_path: Path) -> None:
    doc = tmp_path / "news.txt"
    doc.write_text("In 2020, the IMF lent Pakistan $6 billion.", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    assert run("ingest", str(doc), "--db", str(db)).returncode == 0
    doc.write_text(
        "In 2021, the IMF lent Pakistan $7 billion and 3 million people lost work.",
        encoding="utf-8",
    )
    r = run("ingest", str(doc), "--db", str(db))
    assert r.returncode == 0 and "1 replaced" in r.stdout
    out = tmp_path / "x.csv"
    run("export", "--format", "csv", "--out", str(out), "--db", str(db))
    quotes = sorted(row["quote"] for row in csv.DictReader(out.open(encoding="utf-8")))
    assert quotes == ["$7 billion", "3 million people"]


def test_ingest_skips_bad_files_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Over 80,000 lives were lost.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    db = tmp_path / "w.duckdb"
    r = run("ingest", str(tmp_path), "--db", str(db))
    assert r.returncode == 3
    assert "1 added" in r.stdout and "empty.txt" in r.stderr


def test_export_without_database_is_one_clear_line(tmp_path: Path) -> None:
    r = run(
        "export",
        "--format",
        "csv",
        "--out",
        str(tmp_path / "x.csv"),
        "--db",
        str(tmp_path / "none.duckdb"),
    )
    assert r.returncode == 1
    assert "figures ingest" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("command", ["", "extract", "ingest", "export", "dashboard"])
def test_every_command_explains_itself(command: str) -> None:
    r = run(*([command] if command else []), "--help")
    assert r.returncode == 0
    assert "Usage:" in r.stdout and len(r.stdout.split()) > 20


def test_parallel_ingest_equals_single_process(tmp_path: Path, corpus_dir: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for i in range(4):
        for f in corpus_dir.glob("*.txt"):
            (src / f"{f.stem}_{i}.txt").write_text(f.read_text(encoding="utf-8") + f"\n{i}\n", encoding="utf-8")
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    assert run("ingest", str(src), "--db", str(one), "-j", "1").returncode == 0
    r = run("ingest", str(src), "--db", str(two), "-j", "2")
    assert r.returncode == 0 and "20 added" in r.stdout
    a, b = tmp_path / "a.parquet", tmp_path / "b.parquet"
    run("export", "--format", "parquet", "--out", str(a), "--db", str(one))
    run("export", "--format", "parquet", "--out", str(b), "--db", str(two))
    assert pl.read_parquet(a).sort("figure_id").equals(pl.read_parquet(b).sort("figure_id"))
