"""Filter widgets shared by pages, kept in step with the URL so every view is a shareable link.

Each widget's first value comes from the URL (``st.query_params``), else from the selection
the reader last made on another page (``st.session_state["selection"]``), else a default.
After the widgets are read, the URL is rewritten to match them. Only the parameters named
in `PARAMS` are touched, so a page's other parameters (``figure``, ``doc_id``) survive.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import polars as pl
import streamlit as st

from dashboard import data
from warehouse.queries import FigureFilter

#: URL parameters the filters own: name -> whether it repeats (multi-valued).
PARAMS: dict[str, bool] = {
    "indicator": False,
    "kind": False,
    "doc": True,
    "actor": True,
    "qualifier": True,
    "from": False,
    "to": False,
    "unit": False,
    "axis": False,
}

QUALIFIERS: tuple[str, ...] = ("exact", "approx", "at_least", "at_most", "range")
_QUALIFIER_LABELS = {
    "exact": "exact",
    "approx": "approximate",
    "at_least": "at least",
    "at_most": "at most",
    "range": "range",
}

_SELECTION = "selection"


def param(name: str) -> str | None:
    """Return a single-valued URL parameter, or None."""
    value = st.query_params.get(name)
    return value or None


def params_all(name: str) -> list[str]:
    """Return every value of a repeated URL parameter."""
    return [v for v in st.query_params.get_all(name) if v]


def write_params(values: dict[str, Any]) -> None:
    """Set the filter parameters of the URL to `values` (None or empty removes a parameter)."""
    unknown = set(values) - set(PARAMS)
    if unknown:
        raise ValueError(f"not filter parameters: {sorted(unknown)}; known: {sorted(PARAMS)}")
    for name, value in values.items():
        empty = value is None or value == "" or (isinstance(value, (list, tuple)) and not value)
        current = st.query_params.get_all(name)
        if empty:
            if current:
                del st.query_params[name]
            continue
        wanted = [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]
        if current != wanted:
            st.query_params[name] = wanted if len(wanted) > 1 else wanted[0]


def remembered() -> FigureFilter:
    """Return the selection the reader last made on any page (empty if none)."""
    sel = st.session_state.get(_SELECTION)
    return sel if isinstance(sel, FigureFilter) else FigureFilter()


def remember(flt: FigureFilter) -> None:
    """Remember `flt` as the current selection, for the Export page and the next page opened."""
    st.session_state[_SELECTION] = flt


def seed(key: str, value: Any) -> None:
    """Give the widget `key` its first value, unless the reader has already set it."""
    if key not in st.session_state:
        st.session_state[key] = value


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def indicator_options(version: data.Stamp) -> pl.DataFrame:
    """Return the indicators present, with kind and counts, commonest money indicator first."""
    counts = data.counts_by_kind_indicator(version).filter(pl.col("indicator").is_not_null())
    return counts.sort(pl.col("kind") != "money", pl.col("dated"), pl.col("n"), descending=[False, True, True])


def selection_filters(version: data.Stamp, prefix: str, *, columns: int = 3) -> tuple[FigureFilter, list[Any]]:
    """Draw indicator, actor, document, qualifier and year widgets; return the filter they set
    and two empty slots beside them (for the page's unit and axis switches).

    `prefix` keeps each page's widget keys apart. The year bounds are set on the filter
    only when narrowed, so undated figures stay selected under the full span.
    """
    options = indicator_options(version)
    if options.is_empty():
        st.info("No figures in the database yet: add documents on the **Add documents** page.")
        st.stop()
    indicators: list[str] = options["indicator"].to_list()
    kinds = dict(zip(options["indicator"].to_list(), options["kind"].to_list(), strict=True))
    counts = dict(zip(options["indicator"].to_list(), options["n"].to_list(), strict=True))
    labels = data.indicator_labels()
    last = remembered()

    wanted = param("indicator") or last.indicator
    seed(f"{prefix}_indicator", wanted if wanted in indicators else indicators[0])
    actor_options = data.actors(version)
    seed(f"{prefix}_actors", _valid(params_all("actor") or list(last.actors), actor_options))
    doc_options = data.distinct(version, "doc")
    seed(f"{prefix}_docs", _valid(params_all("doc") or list(last.docs), doc_options))
    seed(f"{prefix}_qualifiers", _valid(params_all("qualifier") or list(last.qualifiers), QUALIFIERS))

    row = st.columns(columns)
    indicator = row[0].selectbox(
        "Indicator",
        indicators,
        key=f"{prefix}_indicator",
        format_func=lambda i: f"{labels.get(i, i)} ({kinds[i]}, {counts[i]})",
    )
    actors = row[1 % columns].multiselect("Actors", actor_options, key=f"{prefix}_actors", placeholder="any actor")
    docs = _document_picker(row[2 % columns], doc_options, key=f"{prefix}_docs")
    row2 = st.columns([3, 3, 3, 2])
    qualifiers = row2[0].multiselect(
        "Qualifier",
        QUALIFIERS,
        key=f"{prefix}_qualifiers",
        format_func=_QUALIFIER_LABELS.__getitem__,
        placeholder="any qualifier",
    )
    base = FigureFilter(
        kind=kinds[indicator], indicator=indicator, docs=tuple(docs), actors=tuple(actors), qualifiers=tuple(qualifiers)
    )
    year_from, year_to = _year_widget(version, base, row2[1], prefix, last)
    flt = replace(base, year_from=year_from, year_to=year_to)
    remember(flt)
    write_params(
        {
            "kind": None,
            "indicator": indicator,
            "actor": list(actors),
            "doc": list(docs),
            "qualifier": list(qualifiers),
            "from": year_from,
            "to": year_to,
        }
    )
    return flt, [row2[2], row2[3]]


#: Above this many documents the picker lists only the first ones (and those chosen) and takes
#: typed file names: a browser needs seconds to draw a list of 20,000 options.
MAX_DOC_OPTIONS = 500


def _document_picker(slot: Any, doc_options: list[str], *, key: str) -> list[str]:
    """Draw the documents multiselect; return the chosen documents that exist."""
    if len(doc_options) <= MAX_DOC_OPTIONS:
        return list(slot.multiselect("Documents", doc_options, key=key, placeholder="any document"))
    chosen = [d for d in st.session_state.get(key, []) if isinstance(d, str)]
    shown = list(dict.fromkeys([*chosen, *doc_options[:MAX_DOC_OPTIONS]]))
    picked = slot.multiselect(
        "Documents", shown, key=key, placeholder="any document: type a file name", accept_new_options=True,
        help=f"{len(doc_options):,} documents: the first {MAX_DOC_OPTIONS} are listed, type any other file name.",
    )  # fmt: skip
    return _valid(picked, doc_options)


def document_choice(
    label: str, doc_options: Sequence[str], *, key: str, param_name: str, any_label: str, slot: Any = st
) -> str:
    """Draw a one-document selectbox whose first value comes from the URL; return the chosen
    document, or `any_label`.

    Above `MAX_DOC_OPTIONS` documents it lists the first ones (and the one chosen) and takes a
    typed file name, as `_document_picker` does; a name that is not a document selects none.
    """
    if len(doc_options) <= MAX_DOC_OPTIONS:
        return str(
            choice(label, [any_label, *doc_options], key=key, param_name=param_name, default=any_label, slot=slot)
        )
    known = set(doc_options)
    seed(key, param(param_name) if param(param_name) in known else any_label)
    chosen = st.session_state[key]
    if chosen != any_label and chosen not in known:
        st.session_state[key] = chosen = any_label
    shown = list(dict.fromkeys([any_label, chosen, *doc_options[:MAX_DOC_OPTIONS]]))
    picked = slot.selectbox(
        label, shown, key=key, accept_new_options=True,
        help=f"{len(doc_options):,} documents: the first {MAX_DOC_OPTIONS} are listed, type any other file name.",
    )  # fmt: skip
    return str(picked) if picked in known else any_label


def _year_widget(
    version: data.Stamp, base: FigureFilter, slot: Any, prefix: str, last: FigureFilter
) -> tuple[int | None, int | None]:
    """Draw a year-range slider over the years the selection spans; return narrowed bounds."""
    stats = data.filter_stats(version, base)
    lo, hi = stats["year_min"], stats["year_max"]
    if lo is None or hi is None or lo == hi:
        slot.caption("Years: " + ("none stated" if lo is None else str(lo)))
        return None, None
    want_from = _int(param("from")) or last.year_from or lo
    want_to = _int(param("to")) or last.year_to or hi
    key = f"{prefix}_years_{base.indicator}"
    seed(key, (max(lo, min(want_from, hi)), min(hi, max(want_to, lo))))
    start, end = slot.slider("Years", min_value=int(lo), max_value=int(hi), key=key)
    if (start, end) == (lo, hi):
        return None, None
    return int(start), int(end)


def _valid(values: Sequence[str], allowed: Sequence[str]) -> list[str]:
    allowed_set = set(allowed)
    return [v for v in dict.fromkeys(values) if v in allowed_set]


def choice(
    label: str,
    options: Sequence[Any],
    *,
    key: str,
    param_name: str,
    default: Any,
    slot: Any = st,
    format_func: Callable[[Any], str] = str,
    to_param: Callable[[Any], str] = str,
    help: str | None = None,
) -> Any:
    """Draw a selectbox whose first value comes from the URL parameter `param_name`."""
    values = list(options)
    fallback = default if default in values else values[0]
    by_param = {to_param(v): v for v in values}
    seed(key, by_param.get(param(param_name) or "", fallback))
    if st.session_state[key] not in values:
        st.session_state[key] = fallback
    return slot.selectbox(label, values, key=key, format_func=format_func, help=help)
