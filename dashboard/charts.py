"""Pure chart builders: a polars DataFrame in, a plotly Figure out; no streamlit, no queries.

Every trace puts ``figure_id``, ``quote`` and ``doc`` first in ``customdata`` (`CUSTOMDATA`),
so a selected or hovered point always traces back to its sentence; a fourth column holds
the hover note (bounds, or how many figures an aggregated mark stands for).

Point frames have the columns of `warehouse.queries.dated_points` / `top_points`:
figure_id, quote, doc, year, value_base, low, high, qualifier, series, subject, n.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go  # type: ignore[import-untyped]  # plotly ships no type hints
import polars as pl

#: The customdata columns every point starts with; pages read a selection by these indexes.
CUSTOMDATA: tuple[str, ...] = ("figure_id", "quote", "doc")

#: How a figure's bounds are drawn: marker symbol on a vertical value axis, on a horizontal
#: one, and the legend text. Open-ended bounds are arrows, never plain point estimates.
BOUNDS: dict[str, tuple[str, str, str]] = {
    "exact": ("circle", "circle", "exact"),
    "approx": ("circle-open", "circle-open", "approximate (about, nearly)"),
    "range": ("diamond", "diamond", "range (bar: low to high)"),
    "at_least": ("triangle-up", "triangle-right", "at least (arrow: no upper bound)"),
    "at_most": ("triangle-down", "triangle-left", "at most (arrow: no lower bound)"),
    "aggregate": ("square", "square", "several figures (bar: lowest to highest)"),
}

_HOVER = "<b>%{customdata[1]}</b><br>%{customdata[2]}<br>%{customdata[3]}"

#: The words before a value in the hover, per bound kind.
_NOTES = {
    "exact": "",
    "approx": "about",
    "range": "range;",
    "at_least": "at least",
    "at_most": "at most",
    "aggregate": "",
}
_LAYOUT = {
    "font": {"size": 13},
    "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
    "clickmode": "event+select",
    "hoverlabel": {"align": "left"},
    "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0},
}
_GREY = "#9aa0a6"
#: Series colours (plotly's D3 palette): distinct, and readable on white and in print.
_PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)


def empty_chart(message: str) -> go.Figure:
    """Return a blank figure that says why it is blank."""
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, font={"size": 15}, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(height=220, margin={"l": 10, "r": 10, "t": 30, "b": 10})
    return fig


def bound_kind(df: pl.DataFrame) -> pl.Series:
    """Return how each point's bounds are drawn: a key of `BOUNDS`."""
    n = df["n"] if "n" in df.columns else pl.Series([1] * df.height)
    frame = df.select("qualifier", "low", "high").with_columns(n=n)
    return frame.select(
        pl.when(pl.col("n") > 1)
        .then(pl.lit("aggregate"))
        .when((pl.col("qualifier") == "range") | (pl.col("low").is_not_null() & pl.col("high").is_not_null()))
        .then(pl.lit("range"))
        .when((pl.col("qualifier") == "at_least") | pl.col("low").is_not_null())
        .then(pl.lit("at_least"))
        .when((pl.col("qualifier") == "at_most") | pl.col("high").is_not_null())
        .then(pl.lit("at_most"))
        .when(pl.col("qualifier") == "approx")
        .then(pl.lit("approx"))
        .otherwise(pl.lit("exact"))
        .alias("bound")
    )["bound"]


def _prepared(df: pl.DataFrame, factor: float) -> pl.DataFrame:
    """Return points with display values, error-bar lengths, bound kind and the hover note."""
    if "n" not in df.columns:
        df = df.with_columns(n=pl.lit(1, dtype=pl.Int64))
    if "series" not in df.columns:
        df = df.with_columns(series=pl.lit(""))
    df = df.with_columns(bound=bound_kind(df))
    v = pl.col("value_base") * factor
    lo = pl.col("low") * factor
    hi = pl.col("high") * factor
    draw_bar = pl.col("bound").is_in(["range", "aggregate"])
    return df.with_columns(
        y=v,
        err_plus=pl.when(draw_bar).then((hi - v).clip(lower_bound=0)).otherwise(0.0).fill_null(0.0),
        err_minus=pl.when(draw_bar).then((v - lo).clip(lower_bound=0)).otherwise(0.0).fill_null(0.0),
        note=pl.concat_str(
            pl.col("bound").replace_strict(_NOTES, default=""),
            pl.when(pl.col("n") > 1).then(pl.format(" {} figures, median", pl.col("n"))).otherwise(pl.lit("")),
        ),
    )


def _customdata(part: pl.DataFrame) -> list[tuple[object, ...]]:
    return part.select(*CUSTOMDATA, "note").rows()


def _marker_sizes(n: pl.Series, bound: pl.Series | None = None) -> list[float]:
    """Return marker sizes: 11 px for one figure (14 for a bound's triangle), growing with the
    log of a group's count."""
    bounds = bound.to_list() if bound is not None else [None] * len(n)
    return [
        (14 if b in ("at_least", "at_most") else 11) + 4 * math.log10(max(int(k), 1))
        for k, b in zip(n.to_list(), bounds, strict=True)
    ]


#: Open-ended bounds beyond this many get no arrow (the marker shape still says which way).
_MAX_ARROWS = 300


def _open_bound_arrows(
    fig: go.Figure, data: pl.DataFrame, *, x: str, y: str, horizontal: bool, log: bool = False
) -> None:
    """Draw an arrow from each open-ended figure toward its open side (up/right for "at least")."""
    open_ended = data.filter(pl.col("bound").is_in(["at_least", "at_most"])).head(_MAX_ARROWS)
    arrows = []
    for xv, yv, bound in open_ended.select(x, y, "bound").rows():
        sign = 1 if bound == "at_least" else -1
        # Plotly places annotations on a log axis by the log10 of the value.
        if log and horizontal:
            xv = math.log10(xv) if xv and xv > 0 else None
        elif log:
            yv = math.log10(yv) if yv and yv > 0 else None
        if xv is None or yv is None:
            continue
        arrows.append(
            {
                "x": xv,
                "y": yv,
                # ax/ay place the tail (where arrowside="start" draws the head) in pixels, y down.
                "ax": sign * 36 if horizontal else 0,
                "ay": 0 if horizontal else -sign * 36,
                "arrowside": "start",
                "arrowhead": 2,
                "arrowsize": 1.2,
                "arrowwidth": 1.5,
                "arrowcolor": _GREY,
                "standoff": 7,
                "startstandoff": 0,
                "text": "",
            }
        )
    # One layout update: add_annotation per arrow re-validates the figure each time (slow).
    fig.update_layout(annotations=[*fig.layout.annotations, *arrows])


def _legend_for_bounds(fig: go.Figure, used: set[str], horizontal: bool) -> None:
    """Add grey legend-only entries explaining the marker shapes that appear."""
    for key, (vsym, hsym, text) in BOUNDS.items():
        if key in used and key != "exact":
            fig.add_trace(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="markers",
                    name=text,
                    marker={"symbol": hsym if horizontal else vsym, "size": 11, "color": _GREY},
                    legendgroup="bounds",
                    hoverinfo="skip",
                    showlegend=True,
                )
            )


def _series_traces(fig: go.Figure, data: pl.DataFrame, *, horizontal: bool, hover: str) -> None:
    """Add the points of each series (actor): its own colour, a marker shape per bound, bars
    for ranges and groups, and a plain circle in the legend (shapes have their own entries).

    Points with a bar and points without go in separate traces: plotly draws the caps of
    a zero-length bar, which would put a dash through every exact figure.
    """
    value_axis, other_axis = ("x", "y") if horizontal else ("y", "x")
    position = "label" if horizontal else "year"
    has_bar = (pl.col("err_plus") + pl.col("err_minus")) > 0
    for i, ((series,), part) in enumerate(data.group_by(["series"], maintain_order=True)):
        colour = _PALETTE[i % len(_PALETTE)]
        name = str(series) or "figures"
        for points, bars in ((part.filter(~has_bar), False), (part.filter(has_bar), True)):
            if points.is_empty():
                continue
            error = {
                "visible": bars,
                "type": "data",
                "symmetric": False,
                "array": points["err_plus"].to_list(),
                "arrayminus": points["err_minus"].to_list(),
                "thickness": 1.5,
                "width": 4,
                "color": colour,
            }
            fig.add_trace(
                go.Scatter(
                    **{value_axis: points["y"].to_list(), other_axis: points[position].to_list()},
                    mode="markers",
                    name=name,
                    legendgroup=name,
                    showlegend=False,
                    marker={
                        "size": _marker_sizes(points["n"], points["bound"]),
                        "symbol": [BOUNDS[b][1 if horizontal else 0] for b in points["bound"].to_list()],
                        "color": colour,
                        "line": {"width": 1.5, "color": colour},
                    },
                    **{f"error_{value_axis}": error},
                    customdata=_customdata(points),
                    hovertemplate=hover,
                )
            )
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=name,
                legendgroup=name,
                marker={"symbol": "circle", "size": 10, "color": colour},
                hoverinfo="skip",
            )
        )


def time_chart(df: pl.DataFrame, *, unit_label: str, factor: float = 1.0, log_y: bool = False) -> go.Figure:
    """Return figures as points by year, one colour per series (actor), bounds drawn.

    A range or an aggregated group gets an error bar from low to high; "at least" and
    "at most" get arrows pointing into the open side; marker size grows with ``n``.
    """
    if df.is_empty():
        return empty_chart("No dated figures for this filter")
    data = _prepared(df, factor).sort("year")
    fig = go.Figure()
    hover = f"{_HOVER} %{{y:,.4~g}} {unit_label}<br>year %{{x}}<extra>%{{fullData.name}}</extra>"
    _series_traces(fig, data, horizontal=False, hover=hover)
    _legend_for_bounds(fig, set(data["bound"].to_list()), horizontal=False)
    _open_bound_arrows(fig, data, x="year", y="y", horizontal=False, log=log_y)
    fig.update_layout(**_LAYOUT, xaxis_title="year", yaxis_title=unit_label, legend_title_text="")
    _year_axis(fig, data["year"])
    fig.update_yaxes(type="log" if log_y else "linear", rangemode="tozero" if not log_y else None, automargin=True)
    return fig


def money_by_year_chart(df: pl.DataFrame, *, unit_label: str = "USD", factor: float = 1.0) -> go.Figure:
    """Return `money_by_year` rows as points by year, one colour per indicator, bounds drawn."""
    if df.is_empty():
        return empty_chart("No dated money figures for this filter")
    return time_chart(df.with_columns(series=pl.col("indicator")), unit_label=unit_label, factor=factor)


def _labels(df: pl.DataFrame, width: int = 48) -> list[str]:
    """Return one distinct, short axis label per point: subject (or quote) and document."""
    out: list[str] = []
    seen: dict[str, int] = {}
    for subject, quote, doc, year in df.select("subject", "quote", "doc", "year").rows():
        head = (subject or quote or "").strip()
        if len(head) > width:
            head = head[: width - 1] + "…"
        tail = f"{year}, " if year is not None else ""
        label = f"{head} ({tail}{str(doc)[:12]})"
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            label = f"{label} #{seen[label]}"
        out.append(label)
    return out


def comparison_chart(df: pl.DataFrame, *, unit_label: str, factor: float = 1.0, log_x: bool = False) -> go.Figure:
    """Return figures compared side by side: one row per figure, largest on top, bounds drawn."""
    if df.is_empty():
        return empty_chart("No figures for this filter")
    data = _prepared(df, factor).sort("y", nulls_last=True)
    labels = _labels(data)
    data = data.with_columns(label=pl.Series(labels))
    fig = go.Figure()
    hover = f"{_HOVER} %{{x:,.4~g}} {unit_label}<extra>%{{fullData.name}}</extra>"
    _series_traces(fig, data, horizontal=True, hover=hover)
    _legend_for_bounds(fig, set(data["bound"].to_list()), horizontal=True)
    _open_bound_arrows(fig, data, x="y", y="label", horizontal=True, log=log_x)
    fig.update_layout(**_LAYOUT, xaxis_title=unit_label, height=_row_height(data.height, minimum=220))
    fig.update_yaxes(categoryorder="array", categoryarray=labels, automargin=True)
    fig.update_xaxes(type="log" if log_x else "linear", rangemode="tozero" if not log_x else None, automargin=True)
    return fig


def share_chart(df: pl.DataFrame) -> go.Figure:
    """Return shares as composition bars: each figure's percent against the rest of 100 %."""
    if df.is_empty():
        return empty_chart("No shares for this filter")
    data = _prepared(df, 1.0).sort("y", nulls_last=True)
    labels = _labels(data)
    data = data.with_columns(label=pl.Series(labels), rest=(100 - pl.col("y")).clip(lower_bound=0))
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=data["y"].to_list(),
            y=labels,
            orientation="h",
            name="share",
            text=[f"{v:,.3g}%" for v in data["y"].to_list()],
            textposition="inside",
            customdata=_customdata(data),
            hovertemplate=f"{_HOVER} %{{x:,.4~g}}%<extra></extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            x=data["rest"].to_list(),
            y=labels,
            orientation="h",
            name="rest of 100 %",
            marker={"color": "#e8eaed"},
            hoverinfo="skip",
        )
    )
    fig.update_layout(**_LAYOUT, barmode="stack", xaxis_title="percent", height=_row_height(data.height, minimum=220))
    fig.update_yaxes(categoryorder="array", categoryarray=labels, automargin=True)
    fig.update_xaxes(range=[0, max(100.0, _max(data["y"]))])
    return fig


def rank_chart(df: pl.DataFrame) -> go.Figure:
    """Return ranks as a dot plot with the axis inverted, so 1st is on top."""
    if df.is_empty():
        return empty_chart("No ranks for this filter")
    data = _prepared(df, 1.0).sort("value_base")
    labels = _labels(data)
    fig = go.Figure(
        go.Scatter(
            x=labels,
            y=data["y"].to_list(),
            mode="markers+text",
            text=[_ordinal(int(v)) for v in data["y"].to_list()],
            textposition="middle right",
            marker={"size": 13, "symbol": [BOUNDS[b][0] for b in data["bound"].to_list()]},
            customdata=_customdata(data),
            hovertemplate=f"{_HOVER} rank %{{y}}<extra></extra>",
            name="rank",
        )
    )
    top = _max(data["y"]) or 1.0
    fig.update_layout(**_LAYOUT, yaxis_title="rank (1st on top)", showlegend=False)
    fig.update_yaxes(range=[top * 1.1 + 1, 0])
    fig.update_xaxes(automargin=True, tickangle=-20)
    return fig


def timeline_chart(df: pl.DataFrame, *, labels: dict[str, str] | None = None) -> go.Figure:
    """Return every dated figure on one timeline: a row per indicator, a mark per (year, group).

    `df` holds `warehouse.queries.timeline` rows (indicator, kind, year, n, figure_id, quote,
    doc); a mark standing for several figures is larger and says how many in its hover.
    """
    if df.is_empty():
        return empty_chart("No dated figures yet")
    labels = labels or {}
    data = df.sort("indicator", "year").with_columns(
        label=pl.col("indicator").replace_strict(labels, default=pl.col("indicator")),
        note=pl.when(pl.col("n") > 1)
        .then(pl.format("{} figures this year (the largest shown)", pl.col("n")))
        .otherwise(pl.lit("")),
    )
    fig = go.Figure()
    for (kind,), part in data.group_by(["kind"], maintain_order=True):
        fig.add_trace(
            go.Scatter(
                x=part["year"].to_list(),
                y=part["label"].to_list(),
                mode="markers",
                name=str(kind),
                marker={"size": _marker_sizes(part["n"]), "line": {"width": 1}},
                customdata=part.select(*CUSTOMDATA, "note").rows(),
                hovertemplate=f"{_HOVER}<br>year %{{x}}<extra>%{{y}}</extra>",
            )
        )
    fig.update_layout(**_LAYOUT, xaxis_title="year", height=_row_height(data["label"].n_unique(), minimum=260))
    _year_axis(fig, data["year"])
    fig.update_yaxes(automargin=True)
    return fig


def kind_indicator_chart(df: pl.DataFrame, *, labels: dict[str, str] | None = None) -> go.Figure:
    """Return figure counts as horizontal bars, one per indicator, coloured by kind."""
    if df.is_empty():
        return empty_chart("No figures yet")
    labels = labels or {}
    data = df.with_columns(label=pl.col("indicator").replace_strict(labels, default=pl.col("indicator"))).sort(
        "kind", "n", descending=[False, False]
    )
    fig = go.Figure()
    for (kind,), part in data.group_by(["kind"], maintain_order=True):
        fig.add_trace(
            go.Bar(
                x=part["n"].to_list(),
                y=part["label"].to_list(),
                orientation="h",
                name=str(kind),
                hovertemplate="%{y}: %{x} figures<extra>%{fullData.name}</extra>",
            )
        )
    layout = {**_LAYOUT, "clickmode": "event"}
    fig.update_layout(**layout, xaxis_title="figures", height=_row_height(data.height, minimum=260))
    fig.update_yaxes(automargin=True)
    return fig


def _year_axis(fig: go.Figure, years: pl.Series) -> None:
    """Label a year axis with whole years, padded by a year each side."""
    lo, hi = int(years.min()), int(years.max())  # type: ignore[arg-type]
    span = hi - lo
    fig.update_xaxes(
        automargin=True,
        tickformat="d",
        range=[lo - 1 - span * 0.03, hi + 1 + span * 0.03],
        dtick=None if span > 12 else 1,
    )


def wide_range(df: pl.DataFrame, *, ratio: float = 1000.0) -> bool:
    """Return whether positive values span more than `ratio` (then a log axis reads better).

    >>> wide_range(pl.DataFrame({"value_base": [3e6, 1.2e11]})), wide_range(pl.DataFrame({"value_base": [1.0, 9.0]}))
    (True, False)
    """
    if df.is_empty() or "value_base" not in df.columns:
        return False
    positive = df.filter(pl.col("value_base") > 0)["value_base"]
    if positive.is_empty():
        return False
    return float(positive.max()) / float(positive.min()) > ratio  # type: ignore[arg-type]


def _max(values: pl.Series) -> float:
    """Return the largest value of a numeric column as a float (0.0 when empty or all null)."""
    top = values.max()
    return float(top) if isinstance(top, (int, float)) else 0.0


def _row_height(rows: int, *, minimum: int = 300) -> int:
    """Return a chart height that gives each category row room to be read."""
    return max(minimum, min(1400, 120 + 34 * rows))


def _ordinal(n: int) -> str:
    """Return 1st, 2nd, 3rd, 4th...

    >>> [_ordinal(k) for k in (1, 2, 3, 4, 11, 12, 13, 21, 63)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '63rd']
    """
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
