"""Export figures with their source columns as CSV or Parquet, written by polars."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Literal

import duckdb
import polars as pl

from extract.record import FIGURE_FIELDS
from warehouse import queries

log = logging.getLogger(__name__)

ExportFormat = Literal["csv", "parquet"]

#: Source columns first, so a reader sees where each figure came from; then the record.
_LEADING = ("doc", "title", "quote", "sentence", "start", "end", "doi", "url")
EXPORT_COLUMNS: tuple[str, ...] = _LEADING + tuple(f for f in FIGURE_FIELDS if f not in _LEADING)

#: A spreadsheet treats a cell starting with one of these as a formula (OWASP CSV injection).
_FORMULA_START = r"^[=+\-@\t\r]"


def export_figures(
    con: duckdb.DuckDBPyConnection,
    out: Path,
    fmt: ExportFormat,
    *,
    kind: str | None = None,
    indicator: str | None = None,
    doc: str | None = None,
    reviews_of: Path | None = None,
    constant_usd: int | None = None,
) -> int:
    """Write every matching figure with its source columns to `out`; return the row count.

    With `reviews_of` (the warehouse path), the review log is applied and its columns added
    (review_status, reviewed_by, reviewed_at, review_note); with `constant_usd` (a base
    year), money figures get value_usd, value_usd_const and usd_note.
    """
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"unknown export format {fmt!r}; choose 'csv' or 'parquet'")
    df = queries.figures(con, kind=kind, indicator=indicator, doc=doc).select(EXPORT_COLUMNS)
    if reviews_of is not None:
        from warehouse import curation

        df = curation.apply(df, reviews_of)
    if constant_usd is not None:
        from warehouse import money

        df = money.with_usd(df, base_year=constant_usd)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target and rename, so a failed export never leaves half a file.
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    try:
        if fmt == "csv":
            csv_safe(df).write_csv(tmp)
        else:
            df.write_parquet(tmp)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    log.info("exported %d figures to %s", df.height, out)
    return df.height


def csv_safe(df: pl.DataFrame) -> pl.DataFrame:
    """Return `df` with lists joined by '; ' and formula-like text cells prefixed with a quote."""
    lists = [name for name, dtype in df.schema.items() if isinstance(dtype, pl.List)]
    df = df.with_columns(pl.col(name).list.join("; ") for name in lists)
    texts = [name for name, dtype in df.schema.items() if dtype == pl.String]
    return df.with_columns(
        pl.when(pl.col(name).str.contains(_FORMULA_START))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in texts
    )
