"""The charts that fit an indicator's kind, built from DuckDB-aggregated data.

Shared by the Indicators and Export pages, so an exported chart is the one on screen.
Chart data never grows with the warehouse: a selection of more than `MAX_POINTS` dated
figures is aggregated per year and series in DuckDB, and comparison charts show the
`TOP_N` largest figures, said so in the chart's note.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

import plotly.graph_objects as go  # type: ignore[import-untyped]  # plotly ships no type hints
import polars as pl
import streamlit as st

from dashboard import charts, conflict_charts, constant, curated, data, scales, text
from warehouse import citations
from warehouse.queries import FigureFilter

#: Above this many dated figures a time chart shows one mark per (year, series) instead.
MAX_POINTS = 1500
#: Comparison and composition charts show at most this many figures (the largest).
TOP_N = 40

#: Kinds drawn over time when dated; the others are compared side by side.
_OVER_TIME = {"money", "people"}


@dataclass(frozen=True, slots=True)
class ChartBlock:
    """One chart of a page: its heading, the figure, the points it draws, and a note."""

    key: str
    title: str
    figure: go.Figure
    points: pl.DataFrame
    note: str = ""


def blocks(
    version: data.Stamp,
    flt: FigureFilter,
    unit: scales.DisplayUnit,
    *,
    log: bool | None = None,
    base_year: int | None = None,
) -> list[ChartBlock]:
    """Return the charts for a selection (its `unit_base` set), drawn in `unit`.

    `log` None means: a log axis when values span more than three orders of magnitude.
    `base_year` draws money in constant US dollars of that year (dated figures only).
    Figures the analyst left out on the Conflicts page (another source picked) are not drawn.
    """
    if base_year is not None and flt.kind == "money":
        return _constant_blocks(version, flt, unit, log=log, base_year=base_year)
    kind = flt.kind or ""
    base = flt.unit_base or ""
    f = scales.factor(base, unit.expr)
    stats = data.filter_stats(version, flt)
    n, dated = int(stats["n"] or 0), int(stats["dated"] or 0)
    out: list[ChartBlock] = []
    if n == 0:
        return out
    if kind == "share":
        pts = data.top_points(version, flt, TOP_N)
        fig = charts.share_chart(pts)
        out.append(ChartBlock("composition", "Shares against the whole", fig, pts, _top_note(version, flt, n, pts)))
    elif kind == "rank":
        pts = data.top_points(version, flt, TOP_N)
        out.append(
            ChartBlock("ranks", "Ranks (1st on top)", charts.rank_chart(pts), pts, _top_note(version, flt, n, pts))
        )
    elif kind in _OVER_TIME and dated:
        if dated <= MAX_POINTS:
            pts, note = _without_left_out(data.dated_points(version, flt, MAX_POINTS))
        else:
            pts = data.dated_by_year(version, flt)
            note = (
                f"{dated:,} dated figures, drawn as one mark per year and actor (median, bar from lowest "
                "to highest); each mark opens its largest figure."
            )
        use_log = charts.wide_range(pts) if log is None else log
        fig = charts.time_chart(pts, unit_label=unit.label, factor=f, log_y=use_log)
        out.append(ChartBlock("by_year", "By year and actor", fig, pts, note))
        if n > dated:
            undated = data.undated_points(version, flt, TOP_N)
            use_log = charts.wide_range(undated) if log is None else log
            fig = charts.comparison_chart(undated, unit_label=unit.label, factor=f, log_x=use_log)
            out.append(
                ChartBlock(
                    "undated", "Figures without a year", fig, undated, _top_note(version, flt, n - dated, undated)
                )
            )
    else:
        pts = data.top_points(version, flt, TOP_N)
        use_log = charts.wide_range(pts) if log is None else log
        fig = charts.comparison_chart(pts, unit_label=unit.label, factor=f, log_x=use_log)
        out.append(ChartBlock("comparison", "Compared", fig, pts, _top_note(version, flt, n, pts)))
    return out


def _without_left_out(points: pl.DataFrame) -> tuple[pl.DataFrame, str]:
    """Return the points without the figures left out by a pick on the Conflicts page, and a note."""
    out = curated.left_out()
    if not out or points.is_empty():
        return points, ""
    kept = points.filter(~pl.col("figure_id").is_in(sorted(out)))
    gone = points.height - kept.height
    if not gone:
        return points, ""
    plural = "s" if gone != 1 else ""
    whose = "their" if gone != 1 else "its"
    return kept, f"{gone} figure{plural} left out: you picked another source for {whose} group on **Conflicts**."


def _constant_blocks(
    version: data.Stamp, flt: FigureFilter, unit: scales.DisplayUnit, *, log: bool | None, base_year: int
) -> list[ChartBlock]:
    """Return the time chart of a money selection in constant US dollars of `base_year`."""
    stats = data.filter_stats(version, flt)
    n, dated = int(stats["n"] or 0), int(stats["dated"] or 0)
    title = f"By year and actor, constant {base_year} US dollars"
    undated = f"{n - dated:,} figure{'s' if n - dated != 1 else ''} without a year not shown." if n > dated else ""
    if not dated:
        fig = charts.empty_chart("No dated figures: constant dollars need a figure's year")
        return [ChartBlock("by_year", title, fig, pl.DataFrame(), f"Deflated with {constant.SOURCE}.{undated}")]
    if dated <= MAX_POINTS:
        pts, left_note = _without_left_out(data.dated_points(version, flt, MAX_POINTS))
    else:
        pts, left_note = data.dated_by_year(version, flt), ""
    base = flt.unit_base or "USD"
    done, kept = constant.deflate(pts, unit_base=base, base_year=base_year)
    if base == "USD":
        shown = replace(unit, label=f"{unit.label} ({base_year} dollars)")
        f = scales.factor("USD", unit.expr)
    else:
        top = float(done["value_base"].max() or 0) if not done.is_empty() else None
        usd = scales.default_unit("USD", top)
        shown, f = replace(usd, label=f"{usd.label} ({base_year} dollars)"), scales.factor("USD", usd.expr)
    use_log = charts.wide_range(done) if log is None else log
    fig = charts.time_chart(done, unit_label=shown.label, factor=f, log_y=use_log)
    if kept.height and done.is_empty():
        fig = charts.empty_chart(f"No figure could be converted to US dollars of {base_year}")
    fig = conflict_charts.with_note(fig, constant.kept_note(kept))
    note = " ".join(
        part
        for part in (f"Constant {base_year} US dollars, deflated with the {constant.SOURCE}.", undated, left_note)
        if part
    )
    return [ChartBlock("by_year", title, fig, done, note)]


def _top_note(version: data.Stamp, flt: FigureFilter, total: int, shown: pl.DataFrame) -> str:
    if total > shown.height:
        return f"Showing the {shown.height} largest of {total:,} figures."
    return ""


def source_docs(version: data.Stamp, points: pl.DataFrame) -> list[tuple[str, str]]:
    """Return (doc, title) of the documents a chart draws from, most figures first."""
    if points.is_empty():
        return []
    docs = points.group_by("doc").len().sort("len", "doc", descending=[True, False])["doc"].to_list()
    titles = data.document_titles(version, tuple(docs))
    return [(d, titles.get(d) or d) for d in docs]


def sources_text(version: data.Stamp, points: pl.DataFrame, *, limit: int = 4) -> str:
    """Return "Sources: title (doc); ..." as plain text, for a caption inside an exported chart."""
    docs = source_docs(version, points)
    items = [f"{title} ({doc})" for doc, title in docs[:limit]]
    more = f"; and {len(docs) - limit} more" if len(docs) > limit else ""
    return f"Sources: {'; '.join(items)}{more}" if items else ""


def sources_html(version: data.Stamp, points: pl.DataFrame, *, limit: int = 6) -> str:
    """Return "Sources: title (doc); ..." for the documents a chart draws from, escaped."""
    docs = source_docs(version, points)
    if not docs:
        return ""
    items = [f"<i>{text.escape(title)}</i> (<code>{text.escape(doc)}</code>)" for doc, title in docs[:limit]]
    more = f"; and {len(docs) - limit} more" if len(docs) > limit else ""
    return f'<div style="font-size:0.85rem;color:#5f6368">Sources: {"; ".join(items)}{more}</div>'


def show_sources(version: data.Stamp, points: pl.DataFrame) -> None:
    """Name the documents a chart draws from, under it (nothing when it draws nothing)."""
    html = sources_html(version, points)
    if html:
        st.html(html)


def resolve_unit(
    version: data.Stamp, flt: FigureFilter, *, prefix: str, slot: object
) -> tuple[FigureFilter, scales.DisplayUnit]:
    """Draw the stored-unit and display-unit switches; return the filter with its unit and the unit."""
    from dashboard import filters

    bases = data.unit_bases(version, flt)
    base_options = bases["unit_base"].to_list() if not bases.is_empty() else ["count"]
    cols = slot.columns(2) if len(base_options) > 1 else [None, slot]  # type: ignore[attr-defined]
    base = base_options[0]
    if cols[0] is not None:
        base = filters.choice(
            "Stored unit", base_options, key=f"{prefix}_base_{flt.indicator}", param_name="base", default=base,
            slot=cols[0],
        )  # fmt: skip
    flt = replace(flt, unit_base=base)
    options = scales.display_units(base)
    row = bases.filter(pl.col("unit_base") == base)
    top = row["value_max"][0] if not row.is_empty() else None
    typical = float(top) if isinstance(top, (int, float)) else None
    preferred = data.indicator_units().get(flt.indicator or "")
    if preferred == base or scales.find(base, preferred) is None:
        preferred = None  # the catalogue names the base unit: pick a readable scale instead
    default = scales.default_unit(base, typical, preferred)
    if len(options) == 1:
        return flt, options[0]
    by_expr = {u.expr: u for u in options}
    expr = filters.choice(
        "Unit", list(by_expr), key=f"{prefix}_unit_{base}", param_name="unit", default=default.expr, slot=cols[1],
        format_func=lambda e: by_expr[e].label,
    )  # fmt: skip
    filters.write_params({"unit": expr if expr != default.expr else None})
    return flt, by_expr[expr]


def citation(version: data.Stamp, points: pl.DataFrame, chart_title: str) -> tuple[list[str], str, str]:
    """Return a chart's sources as APA references, as BibTeX, and its "how to cite this chart" line."""
    docs = [doc for doc, _ in source_docs(version, points)]
    records = curated.citation_records(version, docs)
    accessed = datetime.date.today().isoformat()
    return (
        curated.apa_list(records),
        curated.bibtex_text(records),
        citations.how_to_cite(chart_title, records, accessed=accessed),
    )


#: Charts drawing from more documents than this build their citations only once the reader
#: opens "Cite this chart": hundreds of BibTeX entries take the browser seconds to highlight.
EAGER_CITATIONS = 30


def show_citations(version: data.Stamp, points: pl.DataFrame, chart_title: str, *, key: str) -> None:
    """Draw an expander with the chart's sources in APA and BibTeX, and how to cite the chart."""
    if points.is_empty():
        return
    n_docs = points["doc"].n_unique()
    if n_docs > EAGER_CITATIONS:
        label = f"Cite this chart ({n_docs:,} source{'s' if n_docs != 1 else ''})"
        box = st.expander(label, key=key, on_change="rerun")
        if not box.open:
            return
        with box:
            _citation_blocks(*citation(version, points, chart_title))
        return
    apa, bib, how = citation(version, points, chart_title)
    with st.expander(f"Cite this chart ({len(apa)} source{'s' if len(apa) != 1 else ''})"):
        _citation_blocks(apa, bib, how)


def _citation_blocks(apa: list[str], bib: str, how: str) -> None:
    st.markdown("**How to cite this chart**")
    st.code(how, language=None, wrap_lines=True)
    st.markdown("**Sources (APA)**")
    st.code("\n".join(apa), language=None, wrap_lines=True)
    st.markdown("**BibTeX**")
    st.code(bib, language="bibtex")


def render_blocks(version: data.Stamp, page: str, chart_blocks: list[ChartBlock], *, cite_as: str = "") -> None:
    """Draw each chart with its sources and citations under it; a click on a point selects its figure."""
    from dashboard import detail

    for block in chart_blocks:
        st.markdown(f"**{block.title}**")
        key = f"{page}_chart_{block.key}"
        event = st.plotly_chart(
            block.figure, key=key, on_select="rerun", selection_mode="points", config={"displaylogo": False}
        )
        detail.chart_event(page, key, event)
        if block.note:
            st.caption(block.note)
        show_sources(version, block.points)
        title = f"{cite_as}: {block.title}" if cite_as else block.title
        show_citations(version, block.points, title, key=f"{page}_cite_{block.key}")


def constant_switch(flt: FigureFilter, *, prefix: str) -> int | None:
    """Draw the "nominal / constant US dollars of base year N" switch; return the base year when on.

    Off by default; ``?usd=YEAR`` in the URL turns it on with that base year.
    """
    from dashboard import filters

    from_url = filters.param("usd")
    url_year = int(from_url) if from_url and from_url.isdigit() else None
    if url_year is not None and not constant.FIRST_BASE_YEAR <= url_year <= constant.LAST_BASE_YEAR:
        url_year = None
    filters.seed(f"{prefix}_const", url_year is not None)
    filters.seed(f"{prefix}_base_year", url_year or constant.LAST_BASE_YEAR)
    left, right, _ = st.columns([2, 1, 3], vertical_alignment="bottom")
    on = left.toggle(
        "Constant US dollars", key=f"{prefix}_const",
        help=f"Off: nominal values as the sources state them. On: US dollars of the base year ({constant.SOURCE}).",
    )  # fmt: skip
    year = right.number_input(
        "Base year", min_value=constant.FIRST_BASE_YEAR, max_value=constant.LAST_BASE_YEAR, step=1,
        key=f"{prefix}_base_year", disabled=not on,
    )  # fmt: skip
    if on:
        st.query_params["usd"] = str(int(year))
        return int(year)
    if "usd" in st.query_params:
        del st.query_params["usd"]
    return None
