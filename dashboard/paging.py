"""Paging for tables of a large warehouse: a page picker, and the "showing N of M" line.

A table shows one page of rows; its query asks for that page only (LIMIT and OFFSET in
DuckDB), so what reaches Python and the browser never grows with the warehouse.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import Any

import streamlit as st


def pages(total: int, page_size: int) -> int:
    """Return how many pages `total` rows fill (at least one).

    >>> pages(0, 500), pages(500, 500), pages(501, 500)
    (1, 1, 2)
    """
    return max(1, math.ceil(total / page_size))


def showing(offset: int, shown: int, total: int, noun: str) -> str:
    """Return which rows a page shows, in words.

    >>> showing(0, 12, 12, "figures")
    '12 figures'
    >>> showing(500, 500, 10_000_000, "figures")
    'figures 501 to 1,000 of 10,000,000'
    """
    if offset == 0 and shown >= total:
        return f"{total:,} {noun}"
    return f"{noun} {offset + 1:,} to {offset + shown:,} of {total:,}"


def pager(total: int, page_size: int, *, key: str, scope: Hashable, first: int = 1, slot: Any = st) -> int:
    """Draw a page picker when `total` rows fill more than one page; return the page's offset.

    The picker goes back to page `first` whenever `scope` (the table's filter) changes, and
    never points past the last page.
    """
    last = pages(total, page_size)
    seen = f"_{key}_scope"
    if st.session_state.get(seen) != scope or key not in st.session_state:
        st.session_state[seen] = scope
        st.session_state[key] = first
    st.session_state[key] = min(max(1, int(st.session_state[key])), last)
    if last == 1:
        return 0
    page = slot.number_input(f"Page (of {last:,})", min_value=1, max_value=last, step=1, key=key)
    return (int(page) - 1) * page_size
