"""Chart points in constant US dollars of a base year; no streamlit, no queries.

The conversion itself is `warehouse.money.with_usd` (BLS CPI-U, dated exchange rates);
this module applies its per-figure factor to a chart's value, low and high, and says which
points could not be converted and why.
"""

from __future__ import annotations

import polars as pl

from warehouse import money

#: Base years the CPI-U table covers (the number input's bounds).
FIRST_BASE_YEAR = 1947
LAST_BASE_YEAR = 2024

SOURCE = money.CPI_SOURCE


def deflate(points: pl.DataFrame, *, unit_base: str, base_year: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return (points in constant `base_year` US dollars, points left as they were with `usd_note`).

    Points need ``year``, ``value_base``, ``low`` and ``high``; they are all in `unit_base`.
    A point converts when its currency has a rate for its year (USD always does) and the
    CPI table has its year.

    >>> pts = pl.DataFrame({"figure_id": ["a", "b"], "year": [1961, None], "value_base": [3e6, 5.0],
    ...                     "low": [None, None], "high": [None, None]}, schema_overrides={"year": pl.Int32,
    ...                     "low": pl.Float64, "high": pl.Float64})
    >>> done, kept = deflate(pts, unit_base="USD", base_year=2020)
    >>> round(done["value_base"][0] / 3e6, 3), kept["figure_id"].to_list()
    (8.656, ['b'])
    """
    probe = pl.DataFrame(
        {
            "kind": ["money"] * points.height,
            "value_base": [1.0] * points.height,
            "unit_base": [unit_base] * points.height,
            "year": points["year"],
        }
    )
    rates = money.with_usd(probe, base_year=base_year)
    with_factor = points.with_columns(rates["value_usd_const"].alias("__factor"), rates["usd_note"].alias("usd_note"))
    ok = with_factor.filter(pl.col("__factor").is_not_null())
    converted = ok.with_columns(
        pl.col("value_base") * pl.col("__factor"),
        pl.col("low") * pl.col("__factor"),
        pl.col("high") * pl.col("__factor"),
    ).drop("__factor", "usd_note")
    kept = with_factor.filter(pl.col("__factor").is_null()).drop("__factor")
    return converted, kept


def kept_note(kept: pl.DataFrame) -> str:
    """Return one line saying how many figures stayed in their own currency, and why.

    >>> kept_note(pl.DataFrame({"usd_note": ["no EUR->USD rate for 2010: kept in EUR"]}))
    '1 figure not in constant dollars (no EUR->USD rate for 2010: kept in EUR)'
    """
    if kept.is_empty():
        return ""
    reasons = sorted({r for r in kept["usd_note"].to_list() if r})
    shown = "; ".join(reasons[:2]) + (f"; and {len(reasons) - 2} more reasons" if len(reasons) > 2 else "")
    plural = "s" if kept.height != 1 else ""
    return f"{kept.height} figure{plural} not in constant dollars ({shown})"
