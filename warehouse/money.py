"""Nominal and constant US dollars for money figures, through explicit, sourced tables.

`warehouse/data/cpi_u.csv` holds the BLS CPI-U annual averages; `warehouse/data/fx_usd.csv`
holds dated exchange rates with their source. A figure converts to USD only when its
currency and year have a row; otherwise it stays in its own currency, and `usd_note` says why.
"""

from __future__ import annotations

import functools
from pathlib import Path

import polars as pl

DATA = Path(__file__).with_name("data")
CPI_SOURCE = "US BLS CPI-U annual average (series CUUR0000SA0), 1982-84=100"


@functools.cache
def cpi() -> dict[int, float]:
    """Return the CPI-U annual average by year."""
    table = pl.read_csv(DATA / "cpi_u.csv", comment_prefix="#")
    return dict(zip(table["year"].to_list(), table["cpi"].to_list(), strict=True))


@functools.cache
def fx() -> dict[tuple[str, int], tuple[float, str]]:
    """Return (usd_per_unit, source) by (currency, year)."""
    table = pl.read_csv(DATA / "fx_usd.csv", comment_prefix="#")
    return {(c, y): (r, s) for c, y, r, s in table.select("currency", "year", "usd_per_unit", "source").iter_rows()}


def deflator(year: int, base_year: int) -> float | None:
    """Return the factor that turns dollars of `year` into dollars of `base_year`, or None.

    >>> round(deflator(1961, 2020), 3)
    8.656
    """
    table = cpi()
    if year not in table or base_year not in table:
        return None
    return table[base_year] / table[year]


def with_usd(figures: pl.DataFrame, *, base_year: int | None = None) -> pl.DataFrame:
    """Add `value_usd` (nominal), `value_usd_const` (in `base_year` dollars) and `usd_note` to money rows."""
    rates = fx()
    prices = cpi()
    nominal: list[float | None] = []
    constant: list[float | None] = []
    notes: list[str | None] = []
    for kind, value, unit, year in figures.select("kind", "value_base", "unit_base", "year").iter_rows():
        if kind != "money" or value is None:
            nominal.append(None)
            constant.append(None)
            notes.append(None)
            continue
        usd: float | None
        if unit == "USD":
            usd, note = value, None
        elif year is not None and (unit, year) in rates:
            rate, source = rates[(unit, year)]
            usd, note = value * rate, f"{unit}->USD at {rate} ({source})"
        else:
            usd, note = None, f"no {unit}->USD rate for {year or 'an unknown year'}: kept in {unit}"
        nominal.append(usd)
        if usd is None or base_year is None:
            constant.append(None)
        elif year is None or year not in prices or base_year not in prices:
            constant.append(None)
            note = (note + "; " if note else "") + "no year or CPI for constant dollars"
        else:
            constant.append(usd * prices[base_year] / prices[year])
        notes.append(note)
    return figures.with_columns(
        pl.Series("value_usd", nominal, dtype=pl.Float64),
        pl.Series("value_usd_const", constant, dtype=pl.Float64),
        pl.Series("usd_note", notes, dtype=pl.String),
    )
