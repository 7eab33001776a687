"""Dashboard benchmark (not a test): a synthetic warehouse of 10 million figures, and the time
from a filter change to chart data ready, served by DuckDB aggregation.

    .venv/bin/python benchmarks/dashboard_bench.py                  # build (once) and measure
    .venv/bin/python benchmarks/dashboard_bench.py --figures 1000000 --changes 100
    .venv/bin/python benchmarks/dashboard_bench.py --paint          # also first paint in chromium

The warehouse (~1 GB) is built in the system temp folder with a seeded generator (same seed, same
data) and reused on later runs. Figures are generated as Arrow columns and appended through
DuckDB's relation API (no row-by-row Python, no SQL outside warehouse/).

A "filter change" replays what the Indicators page asks the warehouse for after a widget
changes, with every cache cold (each change is a new filter): the selection's counts, year
span and base units, the chart data (figure by figure up to the page's MAX_POINTS, else
aggregated per year and actor, plus the largest undated figures), then the first rows of
the table. "chart ready" adds building the plotly figure. Each change is measured twice:
querying the figures directly (what a page does before the roll-up is built, and for
document filters) and through the in-memory roll-up (warehouse.queries.Rollup) that the
dashboard builds in the background for warehouses of 200 000 figures or more.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
# The dashboard's data module decorates with st.cache_data; outside a server Streamlit warns
# about the missing runtime. The benchmark calls the warehouse directly: that is noise.
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")

from dashboard import charts, data, indicator_view, scales  # noqa: E402
from warehouse import queries, store  # noqa: E402
from warehouse.queries import FigureFilter  # noqa: E402

#: Outside the checkout, so a 1 GB file never lands in a commit.
CACHE = Path(tempfile.gettempdir()) / "figures-dashboard-bench"


#: (indicator, kind, unit_base, typical value) of the synthetic figures, with their weights.
INDICATORS = [
    ("aid", "money", "USD", 5e8, 12),
    ("loan", "money", "USD", 1e9, 10),
    ("trade_value", "money", "USD", 2e9, 10),
    ("investment", "money", "USD", 8e8, 8),
    ("economic_cost", "money", "USD", 3e9, 6),
    ("export_share", "share", "percent", 30.0, 8),
    ("price_change", "share", "percent", 8.0, 6),
    ("energy_consumption", "energy", "joule", 3e19, 5),
    ("casualties", "people", "person", 5e4, 8),
    ("population", "people", "person", 2e7, 4),
    ("market_rank", "rank", "rank", 40.0, 3),
    ("economy_rank", "rank", "rank", 30.0, 3),
    ("project_count", "count", "count", 20.0, 5),
    ("duration", "duration", "year", 10.0, 12),
]
ACTORS = ["Pakistan", "Russia", "United States", "China", "India", "Afghanistan", "Soviet Union",
          "International Monetary Fund", "World Bank", "Ukraine", "Iran", "Saudi Arabia"]  # fmt: skip
QUALIFIERS = ["exact", "approx", "at_least", "at_most", "range"]
N_DOCS = 20_000
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]  # fmt: skip
PAINT_PAGES = [("overview", ""), ("indicators", "indicators"), ("indicators_loan", "indicators?indicator=loan")]
CHUNK = 1_000_000


def build(db: Path, n: int, seed: int) -> None:
    """Write a warehouse of `n` synthetic figures over `N_DOCS` documents to `db`."""
    rng = np.random.default_rng(seed)
    db.parent.mkdir(parents=True, exist_ok=True)
    tmp = db.with_name(db.name + ".building")
    tmp.unlink(missing_ok=True)
    con = store.connect(tmp)  # creates the file and applies the migrations
    doc_cols = con.table("documents").columns
    docs = {
        "doc_id": [f"{i:064x}" for i in range(N_DOCS)],
        "doc": [f"{i:06d}_synthetic.txt" for i in range(N_DOCS)],
        "path": [f"/synthetic/{i:06d}.txt" for i in range(N_DOCS)],
        "format": ["txt"] * N_DOCS,
        "title": [f"Synthetic report {i}" for i in range(N_DOCS)],
        "n_chars": [2000] * N_DOCS,
        "text": ["Synthetic text."] * N_DOCS,
        "ingested_seq": list(range(1, N_DOCS + 1)),
    }
    types = {c: t for c, t in zip(doc_cols, con.table("documents").types, strict=True)}
    table = pa.table({c: pa.array(docs.get(c, [None] * N_DOCS), type=_arrow_type(str(types[c]))) for c in doc_cols})
    con.from_arrow(table).insert_into("documents")
    weights = np.array([w for *_, w in INDICATORS], dtype=float)
    weights /= weights.sum()
    fig_cols = con.table("figures").columns
    done = 0
    while done < n:
        m = min(CHUNK, n - done)
        chunk = _chunk(rng, done, m, weights)
        con.from_arrow(chunk.select(fig_cols).to_arrow()).insert_into("figures")
        done += m
        print(f"  {done:,} figures", file=sys.stderr)
    con.checkpoint()
    con.close()
    os.replace(tmp, db)


def _arrow_type(duck: str) -> pa.DataType:
    return {"BIGINT": pa.int64(), "INTEGER": pa.int32(), "VARCHAR[]": pa.list_(pa.string())}.get(duck, pa.string())


def _chunk(rng: np.random.Generator, offset: int, m: int, weights: np.ndarray) -> pl.DataFrame:
    """Return `m` synthetic figures as a DataFrame with the record's columns."""
    ind = rng.choice(len(INDICATORS), size=m, p=weights)
    doc = rng.integers(0, N_DOCS, size=m)
    typical = np.array([t for _, _, _, t, _ in INDICATORS])[ind]
    value = typical * rng.lognormal(0.0, 1.0, size=m)
    qual = rng.choice(len(QUALIFIERS), size=m, p=[0.6, 0.2, 0.1, 0.05, 0.05])
    year = rng.integers(1950, 2025, size=m)
    dated = rng.random(m) < 0.8
    a1 = rng.integers(0, len(ACTORS), size=m)
    a2 = (a1 + rng.integers(1, len(ACTORS), size=m)) % len(ACTORS)
    two = rng.random(m) < 0.6
    start = rng.integers(0, 1900, size=m)
    df = pl.DataFrame(
        {
            "figure_id": pl.int_range(offset, offset + m, eager=True).cast(pl.String).str.zfill(16),
            "doc_n": doc,
            "start": start.astype(np.int32),
            "value": value,
            "ind": ind,
            "qual": qual,
            "year": np.where(dated, year, -1).astype(np.int32),
            "a1": a1,
            "a2": a2,
            "two": two,
        }
    )
    doc_ids = pl.Series([f"{i:064x}" for i in range(N_DOCS)])
    names = pl.Series([i for i, *_ in INDICATORS])
    kinds = pl.Series([k for _, k, *_ in INDICATORS])
    units = pl.Series([u for _, _, u, *_ in INDICATORS])
    actors = pl.Series(ACTORS)
    quals = pl.Series(QUALIFIERS)
    first = pl.col("a1").map_batches(lambda s: actors.gather(s))
    second = pl.col("a2").map_batches(lambda s: actors.gather(s))
    return df.select(
        "figure_id",
        pl.format("{}_synthetic.txt", pl.col("doc_n").cast(pl.String).str.zfill(6)).alias("doc"),
        pl.col("doc_n").map_batches(lambda s: doc_ids.gather(s)).alias("doc_id"),
        "start",
        (pl.col("start") + 12).alias("end"),
        pl.format("about {} units", pl.col("value").round(1)).alias("quote"),
        "value",
        pl.col("ind").map_batches(lambda s: units.gather(s)).alias("unit"),
        pl.when(pl.col("qual").is_in([2, 4])).then(pl.col("value") * 0.8).alias("low"),
        pl.when(pl.col("qual").is_in([3, 4])).then(pl.col("value") * 1.2).alias("high"),
        pl.col("qual").map_batches(lambda s: quals.gather(s)).alias("qualifier"),
        pl.lit(None, dtype=pl.String).alias("direction"),
        pl.lit("synthetic subject").alias("subject"),
        pl.col("value").alias("value_base"),
        pl.col("ind").map_batches(lambda s: units.gather(s)).alias("unit_base"),
        pl.col("ind").map_batches(lambda s: kinds.gather(s)).alias("kind"),
        pl.col("ind").map_batches(lambda s: names.gather(s)).alias("indicator"),
        pl.when(pl.col("two"))
        .then(pl.concat_list(first, second))
        .otherwise(pl.concat_list(first))
        .alias("actors"),
        pl.when(pl.col("year") >= 0).then(pl.col("year")).alias("year"),
        pl.lit("A synthetic sentence that states about so many units of something.").alias("sentence"),
        pl.lit("synthetic.generator").alias("rule"),
    )  # fmt: skip


def random_filter(rng: random.Random, years: tuple[int, int]) -> FigureFilter:
    """Return a filter a reader might set: an indicator, and sometimes actors, years, qualifiers."""
    indicator, kind, *_ = rng.choice(INDICATORS)
    flt = FigureFilter(kind=kind, indicator=indicator)
    if rng.random() < 0.5:
        flt = replace(flt, actors=tuple(rng.sample(ACTORS, rng.choice([1, 1, 2]))))
    if rng.random() < 0.4:
        lo = rng.randint(years[0], years[1] - 5)
        flt = replace(flt, year_from=lo, year_to=rng.randint(lo + 1, years[1]))
    if rng.random() < 0.3:
        flt = replace(flt, qualifiers=tuple(rng.sample(QUALIFIERS, 2)))
    if rng.random() < 0.1:
        flt = replace(flt, docs=(f"{rng.randrange(N_DOCS):06d}_synthetic.txt",))
    return flt


def filter_change(con_factory, flt: FigureFilter, rollup: queries.Rollup | None = None) -> dict[str, float]:
    """Run what the Indicators page queries after a filter change; return the timings in ms.

    The page asks, in order: the selection without its year bounds (the year slider's span),
    the selection per base unit (counts, dated, largest value: one scan, reused when the
    years are not narrowed), then the chart data, then the table's first rows.
    """
    t0 = time.perf_counter()
    use_rollup = rollup is not None and rollup.supports(flt)

    def selection_summary(f: FigureFilter) -> pl.DataFrame:
        return rollup.selection_summary(f) if use_rollup else queries.selection_summary(con_factory(), f)

    base_flt = replace(flt, year_from=None, year_to=None)
    summary = selection_summary(base_flt)
    if flt != base_flt:
        summary = selection_summary(flt)
    summary = summary.filter(pl.col("unit_base").is_not_null())
    if summary.is_empty():
        return {"data_ms": (time.perf_counter() - t0) * 1e3, "chart_ms": 0.0, "table_ms": 0.0, "n": 0}
    row = summary.row(0, named=True)
    flt = replace(flt, unit_base=row["unit_base"])
    n, dated = row["n"], row["dated"]
    grouped = use_rollup and n > data.ROLLUP_TOP_MIN_FIGURES  # as dashboard/data.py decides
    extra = None
    if flt.kind in ("money", "people") and dated:
        if dated <= indicator_view.MAX_POINTS:
            pts = queries.dated_points(con_factory(), flt, limit=indicator_view.MAX_POINTS)
        else:
            pts = rollup.dated_by_year(flt) if use_rollup else queries.dated_by_year(con_factory(), flt)
        if n > dated:
            if grouped:
                extra = rollup.top_points(flt, limit=indicator_view.TOP_N, undated_only=True)
            else:
                extra = queries.undated_points(con_factory(), flt, limit=indicator_view.TOP_N)
    elif grouped:
        pts = rollup.top_points(flt, limit=indicator_view.TOP_N)
    else:
        pts = queries.top_points(con_factory(), flt, limit=indicator_view.TOP_N)
    t1 = time.perf_counter()
    unit = scales.default_unit(row["unit_base"], row["value_max"])
    f = scales.factor(row["unit_base"], unit.expr)
    if flt.kind in ("money", "people") and dated:
        charts.time_chart(pts, unit_label=unit.label, factor=f, log_y=charts.wide_range(pts))
        if extra is not None:
            charts.comparison_chart(extra, unit_label=unit.label, factor=f)
    elif flt.kind == "share":
        charts.share_chart(pts)
    elif flt.kind == "rank":
        charts.rank_chart(pts)
    else:
        charts.comparison_chart(pts, unit_label=unit.label, factor=f)
    t2 = time.perf_counter()
    queries.first_figures(con_factory(), flt, limit=500)
    t3 = time.perf_counter()
    return {"data_ms": (t1 - t0) * 1e3, "chart_ms": (t2 - t0) * 1e3, "table_ms": (t3 - t2) * 1e3, "n": n}


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(db: Path, changes: int, seed: int) -> dict[str, object]:
    """Replay `changes` random filter changes against `db`, first querying the figures directly,
    then through the roll-up the dashboard builds for large warehouses; return p50/p95."""
    out: dict[str, object] = {"changes": changes}
    with store.ReadOnlyWarehouse(db) as reader:
        con = reader.con()
        t0 = time.perf_counter()
        counts = queries.counts_by_kind_indicator(con.cursor())
        timeline = queries.timeline(con.cursor())
        out["figures"] = int(counts["n"].sum())
        out["timeline_marks"] = timeline.height
        out["overview_queries_ms"] = round((time.perf_counter() - t0) * 1e3, 1)
        scales.factor("USD", "megaUSD")  # load the pint registry once, as a running server has
        t0 = time.perf_counter()
        rollup = queries.Rollup(con.cursor())
        out["rollup_build_s"] = round(time.perf_counter() - t0, 2)
        out["rollup_rows"] = rollup.rows
        for mode, used in (("direct", None), ("rollup", rollup)):
            rng = random.Random(seed)  # the same filter changes in both modes
            for _ in range(3):  # warm DuckDB's buffer pool, as a running dashboard would be
                filter_change(con.cursor, random_filter(rng, (1950, 2024)), used)
            runs = [filter_change(con.cursor, random_filter(rng, (1950, 2024)), used) for _ in range(changes)]
            result: dict[str, object] = {"selected_figures_median": int(statistics.median(r["n"] for r in runs))}
            for key in ("data_ms", "chart_ms", "table_ms"):
                values = [r[key] for r in runs]
                result[key] = {"p50": round(_pct(values, 50), 1), "p95": round(_pct(values, 95), 1),
                               "max": round(max(values), 1)}  # fmt: skip
            out[mode] = result
        rollup.close()
    return out


def first_paint(db: Path) -> dict[str, float]:
    """Time, in chromium, each page's first paint (until its first chart is drawn) on a fresh
    `figures dashboard` server over `db`, then a second visit with the server's caches warm."""
    from playwright.sync_api import sync_playwright

    out: dict[str, float] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=LAUNCH_ARGS)
        for name, path in PAINT_PAGES:
            with _server(db) as url:
                for visit in ("first_paint_s", "warm_paint_s"):
                    page = browser.new_page(viewport={"width": 1280, "height": 1000})
                    t0 = time.perf_counter()
                    page.goto(f"{url}/{path}")
                    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=120_000)
                    out[f"{name}_{visit}"] = round(time.perf_counter() - t0, 2)
                    page.close()
        browser.close()
    return out


@contextlib.contextmanager
def _server(db: Path) -> Iterator[str]:
    """Run `figures dashboard` over `db` on a free port; yield its URL; stop it (and its child)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    tmp = Path(tempfile.mkdtemp())
    cmd = [sys.executable, "-c", "from figures.cli import main; main()", "dashboard", "--db", str(db),
           "--port", str(port), "--host", "127.0.0.1"]  # fmt: skip
    env = {**os.environ, "FIGURES_DATA_DIR": str(tmp), "FIGURES_CONFIG": str(tmp / "none.toml")}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    """Build the synthetic warehouse if needed, measure, print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", type=int, default=10_000_000)
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--db", type=Path, help="warehouse to use (default: TMPDIR/figures-dashboard-bench/dashboard-N.duckdb)"
    )
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--paint", action="store_true", help="also time first paint in chromium")
    args = parser.parse_args()
    db = args.db or CACHE / f"dashboard-{args.figures}.duckdb"
    result: dict[str, object] = {"db": str(db)}
    if args.rebuild or not db.exists():
        t0 = time.perf_counter()
        build(db, args.figures, args.seed)
        result["build_s"] = round(time.perf_counter() - t0, 1)
    result["db_mb"] = round(db.stat().st_size / 1e6)
    result.update(measure(db, args.changes, args.seed))
    if args.paint:
        result.update(first_paint(db))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
