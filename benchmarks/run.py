"""Speed and memory benchmarks (not tests): extraction MB per CPU-second, ingest MB/s on 1 and
2 cores, peak RSS at two corpus sizes, and the records-identical check.

    .venv/bin/python benchmarks/run.py                 # 40 MB corpus, every benchmark
    .venv/bin/python benchmarks/run.py --mb 400 --only memory
    .venv/bin/python benchmarks/run.py --only extract --check   # also hash the slow path's records

`extract` hashes the records `figures extract` prints; with --check it also computes them by
the straightforward slow path (benchmarks/reference.py, in this process) and fails unless the
two hashes are equal. RELEASE_SHA256 holds the hash release 0.1.0 printed for the default
40 MB corpus (seed 7), for comparison across versions (it changes whenever the rules do).

Each measurement runs the real `figures` command in a child process, so CPU time and peak
RSS (getrusage of the children) are those of the command alone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import build  # noqa: E402

FIGURES = [sys.executable, "-c", "from figures.cli import main; main()"]

#: sha256 prefix of `figures extract` on the default 40 MB corpus (seed 7) by release 0.1.0.
RELEASE_SHA256 = {40.0: "9fc2e6a7df919f47"}


def _run(args: list[str], *, stdout: int | None = subprocess.DEVNULL) -> tuple[float, float, int, bytes]:
    """Run one command; return (wall s, cpu s of the child, peak RSS MB of the child, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(args, stdout=subprocess.PIPE if stdout is None else stdout, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(args[3:])} failed: {proc.stderr.decode()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss // 1024, proc.stdout or b""


def corpus_size(path: Path) -> int:
    """Return the bytes of every document under `path`."""
    return sum(p.stat().st_size for p in path.glob("*.txt"))


def bench_extract(corpus: Path) -> dict[str, float]:
    """Time `figures extract DIR --format jsonl` end to end; hash its records."""
    size = corpus_size(corpus) / 1e6
    wall, cpu, rss, out = _run([*FIGURES, "extract", str(corpus), "--format", "jsonl"], stdout=None)
    records = out.count(b"\n")
    digest = hashlib.sha256(out).hexdigest()[:16]
    return {"mb": size, "wall_s": wall, "cpu_s": cpu, "mb_per_cpu_s": size / cpu, "figures": records,
            "records_sha256": digest, "peak_rss_mb": rss}  # fmt: skip


def bench_reference(corpus: Path) -> dict[str, float | str]:
    """Hash the records of the slow reference path, in this process."""
    sys.path.insert(0, str(HERE.parent))
    from reference import jsonl_digest, reference_records

    t0 = time.process_time()
    n, digest = jsonl_digest(reference_records(sorted(corpus.glob("*.txt"))))
    cpu = time.process_time() - t0
    return {"figures": n, "records_sha256": digest, "cpu_s": cpu, "mb_per_cpu_s": corpus_size(corpus) / 1e6 / cpu}


def bench_inprocess(corpus: Path) -> dict[str, float]:
    """Time load_document + find_figures in this process (no output), MB per CPU-second."""
    sys.path.insert(0, str(HERE.parent))
    from extract.documents import load_document
    from extract.pipeline import find_figures

    files = sorted(corpus.glob("*.txt"))
    load = find = 0.0
    n = 0
    for path in files:
        t0 = time.process_time()
        doc = load_document(path)
        t1 = time.process_time()
        n += len(find_figures(doc.text, doc.meta))
        load += t1 - t0
        find += time.process_time() - t1
    mb = corpus_size(corpus) / 1e6
    return {"mb": mb, "figures": n, "load_mb_per_cpu_s": mb / load, "find_mb_per_cpu_s": mb / find,
            "mb_per_cpu_s": mb / (load + find)}  # fmt: skip


def bench_ingest(corpus: Path, jobs: int) -> dict[str, float]:
    """Time `figures ingest DIR --jobs N` into a fresh database."""
    size = corpus_size(corpus) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        wall, cpu, rss, _ = _run([*FIGURES, "-q", "ingest", str(corpus), "--db", str(db), "--jobs", str(jobs)])
    return {"mb": size, "jobs": jobs, "wall_s": wall, "cpu_s": cpu, "mb_per_s": size / wall,
            "mb_per_s_per_core": size / wall / jobs, "peak_rss_mb": rss}  # fmt: skip


def bench_startup(sample: Path) -> dict[str, float]:
    """Time `figures extract` on one small file (best of five)."""
    best = min(_run([*FIGURES, "extract", str(sample)])[0] for _ in range(5))
    return {"wall_s": best}


def main() -> None:
    """Run the benchmarks and print one JSON object per measurement."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=40.0, help="corpus size in MB (default 40)")
    parser.add_argument("--only", choices=["extract", "ingest", "memory", "startup"], action="append")
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    parser.add_argument("--check", action="store_true", help="with extract: compare with the slow path's records")
    args = parser.parse_args()
    only = set(args.only or ["extract", "ingest", "memory", "startup"])
    work = args.keep or Path(tempfile.mkdtemp(prefix="figures-bench-"))
    corpus = work / f"corpus-{args.mb:g}mb"
    if not corpus.exists():
        files, total = build(corpus, args.mb)
        print(json.dumps({"corpus": str(corpus), "files": files, "mb": total / 1e6}), flush=True)
    try:
        if "startup" in only:
            sample = HERE.parent / "corpus" / "000_e323c1502e43e378.txt"
            print(json.dumps({"bench": "startup", **bench_startup(sample)}), flush=True)
        if "extract" in only:
            print(json.dumps({"bench": "extract_inprocess", **bench_inprocess(corpus)}), flush=True)
            fast = bench_extract(corpus)
            release = RELEASE_SHA256.get(args.mb)
            if release:
                fast["same_as_release_0_1_0"] = fast["records_sha256"] == release
            print(json.dumps({"bench": "extract", **fast}), flush=True)
            if args.check:
                slow = bench_reference(corpus)
                print(json.dumps({"bench": "extract_reference", **slow}), flush=True)
                if slow["records_sha256"] != fast["records_sha256"]:
                    raise SystemExit("the fast path's records differ from the slow path's")
        if "ingest" in only or "memory" in only:
            for jobs in (1, 2) if "ingest" in only else (os.cpu_count() or 2,):
                print(json.dumps({"bench": "ingest", **bench_ingest(corpus, jobs)}), flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
