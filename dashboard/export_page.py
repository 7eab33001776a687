"""Export page: the current selection as CSV or Parquet with its source columns, and its chart
as PNG, SVG or standalone HTML."""

from __future__ import annotations

import streamlit as st

from dashboard import constant, data, exporting, filters, indicator_view

#: Above this many figures the browser download is refused in favour of the CLI.
MAX_ROWS = 1_000_000

st.title("Export")
version = data.require_data()
st.caption("The selection below starts from the one you made last on Indicators; change it here if needed.")

flt, (unit_slot, _) = filters.selection_filters(version, "exp")
flt, unit = indicator_view.resolve_unit(version, flt, prefix="exp", slot=unit_slot)
filters.remember(flt)
stats = data.filter_stats(version, flt)
n = int(stats["n"] or 0)
stem = exporting.file_stem(flt)

st.subheader("Figures")
if n == 0:
    st.info("No figures match these filters: widen the years, or clear an actor, document or qualifier.")
    st.stop()
st.write(
    f"**{n:,} figures**, each with its source columns (doc, title, quote, sentence, start, end, DOI and URL) "
    "and its review columns (review_status, reviewed_by, reviewed_at, review_note; corrections applied)."
)
constant_usd = None
if flt.kind == "money":
    left, right, _ = st.columns([2, 1, 3], vertical_alignment="bottom")
    with_const = left.toggle("Add constant-dollar columns", key="exp_const", help=constant.SOURCE)
    year = right.number_input(
        "Base year", min_value=constant.FIRST_BASE_YEAR, max_value=constant.LAST_BASE_YEAR,
        value=constant.LAST_BASE_YEAR, step=1, key="exp_base_year", disabled=not with_const,
    )  # fmt: skip
    if with_const:
        constant_usd = int(year)
        st.caption(
            f"Adds value_usd (nominal), value_usd_const ({constant_usd} dollars, {constant.SOURCE}) and usd_note "
            "(why a figure stayed in its own currency)."
        )
if n > MAX_ROWS:
    st.warning(
        f"That is more than {MAX_ROWS:,} figures: narrow the selection, or run "
        f"`figures export --format parquet --indicator {flt.indicator} --out FILE` on the server."
    )
else:
    reader = data.reader()
    table_options = {"reviews_of": data.db_path(), "constant_usd": constant_usd}
    for column, (fmt, label) in zip(st.columns(2), (("csv", "CSV"), ("parquet", "Parquet")), strict=True):
        column.download_button(
            f"Download {label}",
            data=exporting.deferred(exporting.table_bytes, reader, flt, fmt, **table_options),
            file_name=f"{stem}.{fmt}",
            mime=exporting.MIME[fmt],
            key=f"exp_{fmt}",
            on_click="ignore",
            icon=":material/download:",
        )

st.subheader("Chart")
blocks = indicator_view.blocks(version, flt, unit)
if not blocks:
    st.info("This selection has no chart.")
    st.stop()
by_key = {b.key: b for b in blocks}
key = filters.choice(
    "Chart", list(by_key), key="exp_chart", param_name="chart", default=blocks[0].key,
    format_func=lambda k: by_key[k].title,
)  # fmt: skip
block = by_key[key]
st.plotly_chart(block.figure, key="exp_preview", config={"displaylogo": False})
indicator_view.show_sources(version, block.points)

exported = exporting.with_caption(block.figure, indicator_view.sources_text(version, block.points))
problem = exporting.static_export_problem()
cols = st.columns(3)
for col, fmt in zip(cols, ("png", "svg", "html"), strict=True):
    disabled = fmt != "html" and problem is not None
    col.download_button(
        f"Download {fmt.upper()}",
        data=exporting.deferred(exporting.chart_bytes, exported, fmt),
        file_name=f"{stem}-{block.key}.{fmt}",
        mime=exporting.MIME[fmt],
        key=f"exp_{fmt}",
        on_click="ignore",
        disabled=disabled,
        icon=":material/image:" if fmt != "html" else ":material/code:",
    )
if problem:
    st.warning(problem)
else:
    st.caption("PNG and SVG are drawn by kaleido in the system Chromium; the first one takes a few seconds.")

st.subheader("Cite")
label = data.indicator_labels().get(flt.indicator or "", flt.indicator or "")
apa, bib, how = indicator_view.citation(version, block.points, f"{label}: {block.title}")
st.markdown("**How to cite this chart**")
st.code(how, language=None, wrap_lines=True)
st.markdown(f"**Sources of the chart (APA)**, {len(apa)} document{'s' if len(apa) != 1 else ''}")
st.code("\n".join(apa), language=None, wrap_lines=True)
cols = st.columns(2)
cols[0].download_button(
    "Download BibTeX (.bib)", data=bib.encode("utf-8"), file_name=f"{stem}.bib", mime=exporting.MIME["bib"],
    key="exp_bib", on_click="ignore", icon=":material/menu_book:",
)  # fmt: skip
cols[1].download_button(
    "Download APA text", data=("\n".join(apa) + "\n").encode("utf-8"), file_name=f"{stem}-sources.txt",
    mime=exporting.MIME["txt"], key="exp_apa", on_click="ignore", icon=":material/format_quote:",
)  # fmt: skip
