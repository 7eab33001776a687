"""Dashboard benchmark (not a test): a synthetic warehouse of 10 million figures, and the time
from a filter change to chart data ready, served by DuckDB aggregation.

    .venv/bin/python benchmarks/dashboard_bench.py                  # build (once) and measure
    .venv/bin/python benchmarks/dashboard_bench.py --figures 1000000 --changes 100
    .venv/bin/python benchmarks/dashboard_bench.py --paint          # also first paint in chromium
    .venv/bin/python benchmarks/dashboard_bench.py --paint --changes 0 --direct-changes 0   # paint only

The warehouse (~1.2 GB) is built in the system temp folder with a seeded generator (same seed, same
data) and reused on later runs. Figures are generated as Arrow columns and appended through
DuckDB's relation API (no row-by-row Python, no SQL outside warehouse/).

A "filter change" replays what the Indicators page asks the warehouse for after a widget
changes, with every cache cold (each change is a new filter): the selection's counts, year
span and base units, the chart data (figure by figure up to the page's MAX_POINTS, else
aggregated per year and actor, plus the largest undated figures), then the first rows of
the table. "chart ready" adds building the plotly figure. The changes run through the summary
tables that every ingest keeps (schema migration 3: what the dashboard does; document filters
read the figures through the index on `doc`); the first `--direct-changes` of them run again
querying the figures directly (`direct=True`), for comparison.

A warehouse built by an older version of this script is upgraded in place first (migration 3
builds the summary tables and the index from its figures: ~1-2 minutes for 10 M figures).
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

from dashboard import charts, indicator_view, scales  # noqa: E402
from extract.errors import WarehouseError  # noqa: E402
from warehouse import queries, schema, store  # noqa: E402
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
    con.begin()
    schema.rebuild_summaries(con)  # the figures went in around store.ingest, so their summaries too
    con.commit()
    con.checkpoint()
    con.close()
    os.replace(tmp, db)


def upgrade(db: Path) -> float | None:
    """Apply pending migrations to `db` if it has an older schema; return the seconds taken."""
    try:
        store.connect(db, read_only=True).close()
        return None
    except WarehouseError:
        t0 = time.perf_counter()
        store.connect(db).close()  # read-write: migrates in place (nobody else has it open)
        return round(time.perf_counter() - t0, 1)


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


def filter_change(con_factory, flt: FigureFilter, direct: bool) -> dict[str, float]:
    """Run what the Indicators page queries after a filter change; return the timings in ms.

    The page asks, in order: the selection without its year bounds (the year slider's span),
    the selection per base unit (counts, dated, largest value: one query, reused when the
    years are not narrowed), then the chart data, then the table's first rows.
    """
    t0 = time.perf_counter()
    base_flt = replace(flt, year_from=None, year_to=None)
    summary = queries.selection_summary(con_factory(), base_flt, direct=direct)
    if flt != base_flt:
        summary = queries.selection_summary(con_factory(), flt, direct=direct)
    summary = summary.filter(pl.col("unit_base").is_not_null())
    if summary.is_empty():
        return {"data_ms": (time.perf_counter() - t0) * 1e3, "chart_ms": 0.0, "table_ms": 0.0, "n": 0}
    row = summary.row(0, named=True)
    flt = replace(flt, unit_base=row["unit_base"])
    n, dated = row["n"], row["dated"]
    extra = None
    if flt.kind in ("money", "people") and dated:
        if dated <= indicator_view.MAX_POINTS:
            pts = queries.dated_points(con_factory(), flt, limit=indicator_view.MAX_POINTS)
        else:
            pts = queries.dated_by_year(con_factory(), flt, direct=direct)
        if n > dated:
            extra = queries.undated_points(con_factory(), flt, limit=indicator_view.TOP_N, direct=direct)
    else:
        pts = queries.top_points(con_factory(), flt, limit=indicator_view.TOP_N, direct=direct)
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


def measure(db: Path, changes: int, seed: int, direct_changes: int) -> dict[str, object]:
    """Replay `changes` random filter changes against `db`, through the summary tables and then
    querying the figures directly; return p50/p95 and the Overview page's queries' time."""
    out: dict[str, object] = {}
    with store.ReadOnlyWarehouse(db) as reader:
        con = reader.con()
        t0 = time.perf_counter()
        counts = queries.summary(con.cursor())
        queries.counts_by_kind_indicator(con.cursor())
        timeline = queries.timeline(con.cursor())
        docs = queries.documents(con.cursor())
        out["figures"] = counts["figures"]
        out["documents"] = docs.height
        out["timeline_marks"] = timeline.height
        out["overview_queries_ms"] = round((time.perf_counter() - t0) * 1e3, 1)
        scales.factor("USD", "megaUSD")  # load the pint registry once, as a running server has
        for mode, direct, count in (("summaries", False, changes), ("direct", True, direct_changes)):
            if not count:
                continue
            rng = random.Random(seed)  # the same filter changes in both modes
            for _ in range(3):  # warm DuckDB's buffer pool, as a running dashboard would be
                filter_change(con.cursor, random_filter(rng, (1950, 2024)), direct)
            runs = [filter_change(con.cursor, random_filter(rng, (1950, 2024)), direct) for _ in range(count)]
            result: dict[str, object] = {
                "changes": count,
                "selected_figures_median": int(statistics.median(r["n"] for r in runs)),
            }
            for key in ("data_ms", "chart_ms", "table_ms"):
                values = [r[key] for r in runs]
                result[key] = {"p50": round(_pct(values, 50), 1), "p95": round(_pct(values, 95), 1),
                               "max": round(max(values), 1)}  # fmt: skip
            out[mode] = result
    return out


#: The floor of first paint on this machine: a Streamlit page with one tiny plotly chart.
FLOOR_APP = """
import plotly.graph_objects as go
import streamlit as st

st.title("Floor")
st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2])))
"""


def first_paint(db: Path) -> dict[str, float]:
    """Time, in chromium, each page's first paint (until its first chart is drawn) on a fresh
    `figures dashboard` server over `db`, then a second visit with the server's caches warm;
    and the same for a one-chart Streamlit page (`FLOOR_APP`), what no dashboard page can beat."""
    from playwright.sync_api import sync_playwright

    out: dict[str, float] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=LAUNCH_ARGS)
        pages = [(name, path, db) for name, path in PAINT_PAGES] + [("floor", "", None)]
        for name, path, served in pages:
            with _server(served) as url:
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
def _server(db: Path | None) -> Iterator[str]:
    """Run `figures dashboard` over `db` (None: `FLOOR_APP`) on a free port; yield its URL;
    stop it (and its child)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    tmp = Path(tempfile.mkdtemp())
    if db is None:
        (tmp / "floor.py").write_text(FLOOR_APP, encoding="utf-8")
        cmd = [sys.executable, "-m", "streamlit", "run", str(tmp / "floor.py"), "--server.address", "127.0.0.1",
               "--server.port", str(port), "--server.headless", "true",
               "--browser.gatherUsageStats", "false"]  # fmt: skip
    else:
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
    parser.add_argument(
        "--direct-changes", type=int, default=40, help="changes replayed on the figures directly, for comparison"
    )
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
    upgraded = upgrade(db)
    if upgraded is not None:
        result["upgrade_s"] = upgraded
    result["db_mb"] = round(db.stat().st_size / 1e6)
    result["load_average"] = [round(x, 2) for x in os.getloadavg()]
    if args.changes or args.direct_changes:
        result.update(measure(db, args.changes, args.seed, args.direct_changes))
    if args.paint:
        result.update(first_paint(db))
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
