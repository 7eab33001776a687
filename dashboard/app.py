"""The dashboard's entry point: page config and the pages, registered with st.navigation.

Run it with `figures dashboard` (which passes the settings in FIGURES_* variables), or
``streamlit run dashboard/app.py``. Each page is a script beside this one; the url paths
below are part of the shareable URLs (``/indicators?indicator=aid&actor=Pakistan``); the
Overview is the default page, at ``/``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import streamlit as st

from extract.errors import FiguresError

log = logging.getLogger(__name__)

_HERE = Path(__file__).resolve().parent

st.set_page_config(page_title="figures", page_icon=":material/query_stats:", layout="wide")


def _page(file: str, title: str, icon: str, url_path: str | None, *, default: bool = False) -> Any:
    return st.Page(_HERE / file, title=title, icon=icon, url_path=url_path, default=default)


PAGES = {
    "Explore": [
        _page("overview_page.py", "Overview", ":material/dashboard:", None, default=True),
        _page("indicators_page.py", "Indicators", ":material/monitoring:", "indicators"),
        _page("figures_page.py", "Figures", ":material/table:", "figures"),
        _page("figure_page.py", "Figure detail", ":material/format_quote:", "figure"),
        _page("documents_page.py", "Documents", ":material/description:", "documents"),
    ],
    "Curate": [
        _page("review_page.py", "Review", ":material/fact_check:", "review"),
        _page("conflicts_page.py", "Conflicts", ":material/compare_arrows:", "conflicts"),
    ],
    "Data": [
        _page("export_page.py", "Export", ":material/download:", "export"),
        _page("upload_page.py", "Add documents", ":material/upload_file:", "add"),
    ],
}

page = st.navigation(PAGES)
try:
    page.run()
except FiguresError as exc:
    st.error(str(exc))
except Exception as exc:
    # st.stop and st.rerun raise BaseException subclasses, so they pass through untouched.
    log.exception("page %s failed", page.title)
    st.error(
        f"This page failed ({type(exc).__name__}: {exc}). The server log has the details; "
        "reload the page, or report the URL and that message."
    )
