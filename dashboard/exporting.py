"""Bytes for downloads: the selected figures as CSV or Parquet, a chart as PNG, SVG or HTML.

No streamlit here: the Export page hands these functions to ``st.download_button`` as
deferred callables, which Streamlit runs on another thread when the reader clicks.
"""

from __future__ import annotations

import functools
import html
import importlib.util
import io
import logging
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import plotly.graph_objects as go  # type: ignore[import-untyped]  # plotly ships no type hints

from warehouse import curation, money, queries
from warehouse.export import EXPORT_COLUMNS, csv_safe
from warehouse.queries import FigureFilter
from warehouse.store import ReadOnlyWarehouse

log = logging.getLogger(__name__)

#: Browsers kaleido can drive; it finds them by itself (FINDINGS.md), we only check one exists.
_CHROMIUMS = ("chromium", "chromium-browser", "google-chrome", "chrome")

MIME = {
    "csv": "text/csv",
    "parquet": "application/vnd.apache.parquet",
    "png": "image/png",
    "svg": "image/svg+xml",
    "html": "text/html",
    "bib": "application/x-bibtex",
    "txt": "text/plain",
}


def table_bytes(
    reader: ReadOnlyWarehouse,
    flt: FigureFilter,
    fmt: str,
    *,
    reviews_of: Path | None = None,
    constant_usd: int | None = None,
) -> bytes:
    """Return every figure `flt` selects, source columns first, as CSV or Parquet bytes.

    With `reviews_of` (the warehouse path) the review log is applied and the review columns
    added; with `constant_usd` (a base year) money figures get value_usd, value_usd_const and
    usd_note, as `figures export` writes them. CSV cells that a spreadsheet would run as
    formulas are defused (`csv_safe`).
    """
    df = queries.filtered_figures(reader.con().cursor(), flt).select(EXPORT_COLUMNS)
    if reviews_of is not None:
        df = curation.apply(df, reviews_of)
    if constant_usd is not None:
        df = money.with_usd(df, base_year=constant_usd)
    buf = io.BytesIO()
    if fmt == "csv":
        csv_safe(df).write_csv(buf)
    elif fmt == "parquet":
        df.write_parquet(buf)
    else:
        raise ValueError(f"unknown table format {fmt!r}; choose 'csv' or 'parquet'")
    return buf.getvalue()


def chart_bytes(fig: go.Figure, fmt: str, *, width: int = 1200, height: int | None = None) -> bytes:
    """Return a chart as PNG or SVG (drawn by kaleido in the system chromium) or standalone HTML."""
    if fmt == "html":
        # Plotly's JavaScript is embedded, so the file opens offline.
        return fig.to_html(include_plotlyjs=True, full_html=True).encode("utf-8")
    if fmt not in ("png", "svg"):
        raise ValueError(f"unknown chart format {fmt!r}; choose 'png', 'svg' or 'html'")
    h = height or int(fig.layout.height or 550)
    data: bytes = fig.to_image(format=fmt, width=width, height=h, scale=2 if fmt == "png" else 1)
    return data


def with_caption(fig: go.Figure, caption: str) -> go.Figure:
    """Return a copy of `fig` with `caption` (its sources) written under the plot.

    The caption is escaped: plotly renders a few HTML tags inside annotation text.
    """
    if not caption:
        return fig
    out = go.Figure(fig)
    out.add_annotation(
        text=html.escape(caption if len(caption) <= 220 else caption[:219] + "…"),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-70,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        font={"size": 11, "color": "#5f6368"},
    )
    margin = out.layout.margin
    out.update_layout(margin={"b": max(margin.b or 0, 110)}, height=int(out.layout.height or 550) + 60)
    return out


def deferred(func: Callable[..., bytes], *args: object, **kwargs: object) -> Callable[[], bytes]:
    """Return a no-argument callable for ``st.download_button(data=...)`` that logs failures."""

    def run() -> bytes:
        try:
            return func(*args, **kwargs)
        except Exception:
            log.exception("download %s failed", getattr(func, "__name__", func))
            raise

    return run


@functools.cache
def static_export_problem() -> str | None:
    """Return why PNG/SVG export cannot work here (kaleido or a browser missing), or None."""
    if importlib.util.find_spec("kaleido") is None:
        return "PNG and SVG export needs the `kaleido` package: `pip install kaleido`."
    if not any(shutil.which(name) for name in _CHROMIUMS):
        return "PNG and SVG export needs Chromium: `apt-get install chromium` (kaleido drives it)."
    return None


def file_stem(flt: FigureFilter) -> str:
    """Return a file name stem that says what the selection is.

    >>> file_stem(FigureFilter(indicator="aid", year_from=1960, year_to=1970))
    'figures-aid-1960-1970'
    """
    parts = ["figures", flt.indicator or flt.kind or "all"]
    if flt.year_from or flt.year_to:
        parts.append(f"{flt.year_from or ''}-{flt.year_to or ''}".strip("-"))
    return re.sub(r"[^A-Za-z0-9._-]+", "_", "-".join(parts))
