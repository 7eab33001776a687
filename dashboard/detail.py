"""The selected figure: read it from chart and table selections, show it with its sources.

A click on a chart point or a table row names a figure (``customdata[0]`` of the point,
the ``figure_id`` of the row). Selection callbacks store it per page and globally, and the
page writes it to the URL as ``?figure=ID`` so the view can be shared.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from dashboard import data, text

FIGURE_PAGE_FILE = "figure_page.py"
DOCUMENTS_PAGE_FILE = "documents_page.py"
_GLOBAL = "figure"


def figure_from_selection(state: Mapping[str, Any] | None) -> str | None:
    """Return the figure id of the first selected chart point, or None.

    >>> figure_from_selection({"selection": {"points": [{"customdata": ["f1", "US$3", "a.txt"]}]}})
    'f1'
    >>> figure_from_selection({"selection": {"points": []}}) is None
    True
    """
    if not state:
        return None
    selection = state.get("selection") or {}
    for point in selection.get("points") or []:
        custom = point.get("customdata")
        if isinstance(custom, Sequence) and not isinstance(custom, str) and custom and custom[0]:
            return str(custom[0])
    return None


def figure_from_rows(state: Mapping[str, Any] | None, ids: Sequence[str]) -> str | None:
    """Return the figure id of the first selected table row, or None.

    >>> figure_from_rows({"selection": {"rows": [1]}}, ["a", "b"])
    'b'
    """
    if not state:
        return None
    rows = (state.get("selection") or {}).get("rows") or []
    for row in rows:
        if 0 <= int(row) < len(ids):
            return ids[int(row)]
    return None


def _page_key(page: str) -> str:
    return f"figure@{page}"


def select(page: str, figure_id: str | None) -> None:
    """Make `figure_id` the selected figure of `page` (and of the Figure page)."""
    st.session_state[_page_key(page)] = figure_id
    if figure_id:
        st.session_state[_GLOBAL] = figure_id


def _track(page: str, key: str, figure_id: str | None) -> None:
    """Select `figure_id` when the widget `key` reports a selection it did not report last run.

    Comparing with the last run (rather than using callbacks) makes the newest click win
    between a page's charts and tables, and lets tests set a table's selection directly.
    """
    seen = f"_seen_{key}"
    if st.session_state.get(seen) != figure_id:
        st.session_state[seen] = figure_id
        if figure_id:
            select(page, figure_id)


def chart_event(page: str, key: str, event: Mapping[str, Any] | None) -> None:
    """Handle a chart's selection event: select the clicked point's figure."""
    _track(page, key, figure_from_selection(event))


def table_event(page: str, key: str, event: Mapping[str, Any] | None, ids: Sequence[str]) -> None:
    """Handle a table's selection event: select the figure of the clicked row."""
    _track(page, key, figure_from_rows(event, ids))


def selected(page: str) -> str | None:
    """Return the figure selected on `page`: from a click, else from ``?figure=`` in the URL."""
    key = _page_key(page)
    if key not in st.session_state:
        from_url = st.query_params.get("figure")
        st.session_state[key] = from_url or None
        if from_url:
            st.session_state[_GLOBAL] = from_url
    figure_id = st.session_state.get(key)
    if figure_id:
        st.query_params["figure"] = figure_id
    elif "figure" in st.query_params:
        del st.query_params["figure"]
    return figure_id


def last_selected() -> str | None:
    """Return the figure selected last on any page, or in the URL."""
    from_url = st.query_params.get("figure")
    if from_url:
        st.session_state[_GLOBAL] = from_url
    return st.session_state.get(_GLOBAL)


def bounds_text(record: Mapping[str, Any]) -> str:
    """Return the qualifier and bounds of a figure in words.

    >>> bounds_text({"qualifier": "at_least", "low": 80000.0, "high": None, "unit": "person"})
    'at least: low 80,000 person, no upper bound'
    >>> bounds_text({"qualifier": "exact", "low": None, "high": None, "unit": "USD"})
    'exact: no bounds stated'
    """
    qualifier = str(record.get("qualifier") or "exact")
    unit = record.get("unit") or ""
    low, high = record.get("low"), record.get("high")
    parts = []
    if low is not None:
        parts.append(f"low {text.number(low)} {unit}".rstrip())
    if high is not None:
        parts.append(f"high {text.number(high)} {unit}".rstrip())
    if low is not None and high is None:
        parts.append("no upper bound")
    if high is not None and low is None:
        parts.append("no lower bound")
    return f"{qualifier.replace('_', ' ')}: {', '.join(parts) if parts else 'no bounds stated'}"


def render(version: data.Stamp, figure_id: str, *, full: bool = False) -> None:
    """Show a figure: sentence with the quote highlighted, source, rule, qualifier and bounds.

    `full` adds the paragraph around the quote and every field of the record.
    """
    record = data.figure_detail(version, figure_id)
    if record is None:
        st.warning(f"No figure `{text.escape(figure_id)}` in this database: it may have been re-extracted.")
        return
    with st.container(border=True, key=f"detail_{'full' if full else 'panel'}"):
        st.html(
            f'<div style="font-size:1.35rem;font-weight:700">{text.escape(record["quote"])}</div>'
            f'<div style="color:#5f6368">{text.escape(record.get("kind"))} · '
            f"{text.escape(data.indicator_labels().get(record.get('indicator') or '', record.get('indicator')))}"
            f" · value {text.number(record.get('value'))} {text.escape(record.get('unit'))}"
            f"{' · year ' + str(record['year']) if record.get('year') is not None else ''}</div>"
        )
        st.html(text.sentence_html(record.get("sentence") or "", record["quote"]))
        if full:
            doc_record = data.document_record(version, record["doc_id"])
            if doc_record and doc_record.get("text"):
                st.markdown("**Paragraph**")
                st.html(text.paragraph_html(doc_record["text"], int(record["start"]), int(record["end"])))
        left, right = st.columns([3, 2])
        with left:
            st.html(text.source_html(record))
        with right:
            st.html(
                f"<div><b>Qualifier</b> {text.escape(bounds_text(record))}</div>"
                f"<div><b>Rule</b> <code>{text.escape(record.get('rule'))}</code></div>"
                f"<div><b>Actors</b> {text.escape(', '.join(record.get('actors') or []) or 'none')}</div>"
                f"<div><b>Offsets</b> {int(record['start'])} to {int(record['end'])}</div>"
            )
        if full:
            st.page_link(
                DOCUMENTS_PAGE_FILE,
                label="Read the whole document, every figure marked",
                icon=":material/description:",
                query_params={"doc_id": record["doc_id"]},
            )
            rows = [{"field": k, "value": "" if v is None else str(v)} for k, v in record.items() if k != "sentence"]
            st.dataframe(rows, hide_index=True, key="detail_fields", height=35 * (len(rows) + 1) + 3)
        else:
            st.page_link(
                FIGURE_PAGE_FILE,
                label="Open the figure page (paragraph, all fields)",
                icon=":material/open_in_new:",
                query_params={"figure": figure_id},
            )
