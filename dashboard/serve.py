"""Start the dashboard's Streamlit server, warming the process while the server starts.

`figures dashboard` runs ``python -m dashboard.serve run APP [OPTIONS]``: the same arguments
as ``streamlit run``. Streamlit imports a page's modules only when the first reader opens
it, and the first page then also loads the rule catalogue (extract.rules, for indicator
labels), builds the pint registry (unit switches) and loads plotly's validators: 2-4 s on a
busy 2-core machine. A
thread does that work here, while the server starts, so the first reader finds it done.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def _warm() -> None:
    """Import the pages' modules and load the catalogues the first page run needs."""
    try:
        import plotly.graph_objects as go  # type: ignore[import-untyped]

        import extract.rules  # noqa: F401  # the indicator and actor catalogues
        from dashboard import charts, indicator_view, scales  # noqa: F401

        scales.display_units("USD")  # builds the unit registry once per process
        go.Figure([go.Scatter(x=[1], y=[1]), go.Bar(x=[1], y=[1])]).to_json()  # loads plotly's validators
    except Exception:  # only an optimisation: the page itself reports a real failure
        log.warning("warming the dashboard process failed", exc_info=True)


def main() -> None:
    """Start warming in a thread, then run Streamlit's own command line (``streamlit ...``)."""
    import threading

    from streamlit.web.cli import main as streamlit_main

    threading.Thread(target=_warm, name="figures-warm-up", daemon=True).start()
    streamlit_main()


if __name__ == "__main__":
    main()
