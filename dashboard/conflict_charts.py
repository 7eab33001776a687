"""Pure chart builders for sources that disagree, and notes written on a chart; no streamlit.

Like `charts`, every point carries ``figure_id``, ``quote`` and ``doc`` first in its customdata.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go  # type: ignore[import-untyped]  # plotly ships no type hints
import polars as pl

from dashboard.charts import CUSTOMDATA, empty_chart

_PICKED = "#ff7f0e"
_OTHER = "#1f77b4"


def conflict_chart(
    members: pl.DataFrame, *, picked: str | None = None, unit_label: str, factor: float = 1.0
) -> go.Figure:
    """Return one row per source of a conflict group, its value as a dot; the picked figure stands out.

    `members` has figure_id, quote, doc, value_base and optionally title; a dashed line marks
    the picked value (or nothing when no figure is picked).
    """
    if members.is_empty():
        return empty_chart("No figures in this group")
    if "title" not in members.columns:
        members = members.with_columns(title=pl.lit(None, dtype=pl.String))
    data = members.with_columns(
        x=pl.col("value_base") * factor,
        label=pl.concat_str(pl.coalesce("title", "doc").str.slice(0, 40), pl.lit(" ("), pl.col("doc").str.slice(0, 24),
                            pl.lit(")")),
        note=pl.when(pl.col("figure_id") == (picked or "")).then(pl.lit("picked")).otherwise(pl.lit("")),
    ).sort("x")  # fmt: skip
    labels = _unique(data["label"].to_list())
    data = data.with_columns(label=pl.Series(labels))
    fig = go.Figure()
    for name, part, colour, size in (
        ("picked", data.filter(pl.col("figure_id") == (picked or "")), _PICKED, 18),
        ("other sources" if picked else "sources", data.filter(pl.col("figure_id") != (picked or "")), _OTHER, 13),
    ):
        if part.is_empty():
            continue
        fig.add_trace(
            go.Scatter(
                x=part["x"].to_list(),
                y=part["label"].to_list(),
                mode="markers",
                name=name,
                marker={"size": size, "color": colour, "line": {"width": 1, "color": "#fff"}},
                customdata=part.select(*CUSTOMDATA, "note").rows(),
                hovertemplate="<b>%{customdata[1]}</b><br>%{customdata[2]}<br>"
                f"%{{x:,.4~g}} {html.escape(unit_label)}<extra>%{{fullData.name}}</extra>",
            )
        )
    if picked and picked in data["figure_id"].to_list():
        value = float(data.filter(pl.col("figure_id") == picked)["x"].item())
        fig.add_vline(x=value, line_dash="dash", line_color=_PICKED, opacity=0.6)
    low, high = float(data["x"].fill_null(0).min() or 0), float(data["x"].fill_null(0).max() or 0)  # type: ignore[arg-type]
    pad = (high - low) * 0.15 or abs(high) * 0.1 or 1.0
    fig.update_layout(
        height=max(180, 60 * data.height + 90),
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        xaxis_title=unit_label,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0},
        clickmode="event+select",
        font={"size": 13},
    )
    fig.update_xaxes(range=[min(0.0, low - pad), high + pad], automargin=True)
    fig.update_yaxes(automargin=True, categoryorder="array", categoryarray=labels)
    return fig


def _unique(labels: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} #{seen[label]}")
    return out


def with_note(fig: go.Figure, note: str) -> go.Figure:
    """Return a copy of `fig` with `note` written above the plot area (escaped; empty note: unchanged)."""
    if not note:
        return fig
    out = go.Figure(fig)
    out.add_annotation(
        text=html.escape(note if len(note) <= 160 else note[:159] + "…"),
        xref="paper",
        yref="paper",
        x=1,
        y=1,
        xanchor="right",
        yanchor="bottom",
        yshift=28,
        showarrow=False,
        align="right",
        font={"size": 12, "color": "#b06000"},
        bgcolor="#fff8e1",
    )
    top = out.layout.margin.t or 40
    out.update_layout(margin={"t": max(top, 80)})
    return out
