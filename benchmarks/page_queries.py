"""Page benchmark (not a test): the warehouse calls the Figures, Documents and Figure pages make,
timed on the synthetic warehouse that benchmarks/dashboard_bench.py builds (10 M figures).

    .venv/bin/python benchmarks/dashboard_bench.py --changes 0 --direct-changes 0   # build it once
    .venv/bin/python benchmarks/page_queries.py                                     # then time

Each call runs `--repeat` times on a fresh cursor (as the dashboard's cold cache would) and its
median is printed with the rows it returned; a page's total is the sum of its calls' medians.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from warehouse import curation, documents, queries, store  # noqa: E402
from warehouse.queries import FigureFilter  # noqa: E402

DEFAULT_DB = Path(tempfile.gettempdir()) / "figures-dashboard-bench" / "dashboard-10000000.duckdb"
#: The pages' sizes (dashboard/figures_page.py, documents_page.py): what one page asks for.
FIGURES_PAGE = 500
DOCUMENTS_PAGE = 200
MONEY_POINTS = 2000


def _rows(out: Any) -> int:
    height = getattr(out, "height", None)
    return int(height) if height is not None else len(out) if hasattr(out, "__len__") else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    con = store.connect(args.db, read_only=True)
    con.execute("SET enable_progress_bar = false")
    totals: dict[str, float] = {}

    def timed(page: str, label: str, call: Callable[[], Any]) -> Any:
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            out = call()
            times.append((time.perf_counter() - t0) * 1e3)
        median = statistics.median(times)
        totals[page] = totals.get(page, 0.0) + median
        print(f"  {label:55s} {median:8.1f} ms  {_rows(out):>6,} rows")
        return out

    first = documents.page(con.cursor(), limit=1, offset=123)
    doc_id, doc = str(first["doc_id"][0]), str(first["doc"][0])
    money = FigureFilter(kind="money", unit_base="USD")

    print("Figures page, no filter, first page")
    timed("figures", "distinct documents (for the picker)", lambda: queries.distinct_values(con.cursor(), "doc"))
    timed("figures", "filter_stats", lambda: queries.filter_stats(con.cursor(), FigureFilter()))
    timed(
        "figures",
        f"first_figures {FIGURES_PAGE}",
        lambda: queries.first_figures(con.cursor(), FigureFilter(), limit=FIGURES_PAGE),
    )
    timed("figures", "filter_stats money USD", lambda: queries.filter_stats(con.cursor(), money))
    pts = timed(
        "figures",
        "dated_by_year money USD per indicator",
        lambda: queries.dated_by_year(con.cursor(), money, series="indicator"),
    )
    timed("figures", "titles of the chart's documents", lambda: documents.titles(con.cursor(), sorted(set(pts["doc"]))))
    print(f"  total {totals['figures']:.0f} ms")
    print("Figures page, later pages (one query each)")
    timed(
        "later",
        "first_figures, page 10,000",
        lambda: queries.first_figures(con.cursor(), FigureFilter(), limit=FIGURES_PAGE, offset=4_999_500),
    )
    timed(
        "later",
        "first_figures kind=money, page 4,000",
        lambda: queries.first_figures(con.cursor(), FigureFilter(kind="money"), limit=FIGURES_PAGE, offset=1_999_500),
    )
    print("Figures page, one document")
    one = FigureFilter(docs=(doc,))
    timed("doc", "filter_stats", lambda: queries.filter_stats(con.cursor(), one))
    timed("doc", f"first_figures {FIGURES_PAGE}", lambda: queries.first_figures(con.cursor(), one, limit=FIGURES_PAGE))
    timed(
        "doc",
        f"dated_points money {MONEY_POINTS}",
        lambda: queries.dated_points(
            con.cursor(), FigureFilter(kind="money", docs=(doc,), unit_base="USD"), limit=MONEY_POINTS
        ),
    )
    print(f"  total {totals['doc']:.0f} ms")
    print("Documents page, a document opened from a link")
    timed("documents", "count", lambda: documents.count(con.cursor()))
    timed("documents", "position of the linked document", lambda: documents.position(con.cursor(), doc_id))
    timed("documents", f"page of {DOCUMENTS_PAGE}", lambda: documents.page(con.cursor(), limit=DOCUMENTS_PAGE))
    timed("documents", "document_record", lambda: queries.document_record(con.cursor(), doc_id))
    timed("documents", "figure_spans", lambda: queries.figure_spans(con.cursor(), doc_id))
    print(f"  total {totals['documents']:.0f} ms")
    print("Figure page: the figure, its document, its review status")
    figure_id = str(queries.figure_spans(con.cursor(), doc_id)["figure_id"][0])
    timed("figure", "figure_detail", lambda: queries.figure_detail(con.cursor(), figure_id))
    timed("figure", "document_record", lambda: queries.document_record(con.cursor(), doc_id))
    timed(
        "figure",
        "figures_by_id + curation.apply",
        lambda: curation.apply(queries.figures_by_id(con.cursor(), [figure_id]), args.db),
    )
    print(f"  total {totals['figure']:.0f} ms")
    con.close()


if __name__ == "__main__":
    main()
