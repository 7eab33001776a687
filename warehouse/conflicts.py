"""Find figures that report the same thing from different sources, and how far they agree."""

from __future__ import annotations

import polars as pl


def _key(df: pl.DataFrame) -> pl.DataFrame:
    return df.with_columns(
        pl.col("actors").list.sort().list.join(", ").alias("actor_key"),
    )


def groups(figures: pl.DataFrame, *, tolerance: float = 0.02) -> pl.DataFrame:
    """Return one row per (indicator, actors, year, unit_base) reported by two or more documents.

    `spread` is (max - min) / max of `value_base`; `agree` is True when it is within `tolerance`.
    """
    dated = _key(figures.filter(pl.col("year").is_not_null() & pl.col("value_base").is_not_null()))
    keys = ["indicator", "actor_key", "year", "unit_base"]
    return (
        dated.group_by(keys)
        .agg(
            pl.col("doc").n_unique().alias("sources"),
            pl.len().alias("figures"),
            pl.col("value_base").min().alias("min"),
            pl.col("value_base").max().alias("max"),
            pl.col("figure_id"),
        )
        .filter(pl.col("sources") >= 2)
        .with_columns(
            pl.when(pl.col("max") != 0)
            .then((pl.col("max") - pl.col("min")) / pl.col("max").abs())
            .otherwise(0.0)
            .alias("spread")
        )
        .with_columns((pl.col("spread") <= tolerance).alias("agree"))
        .sort(["agree", "spread", "sources"], descending=[False, True, True])
    )


def members(figures: pl.DataFrame, group: dict[str, object]) -> pl.DataFrame:
    """Return the figures of one group (a row of `groups`), each with its source quote."""
    keyed = _key(figures)
    return keyed.filter(
        (pl.col("indicator") == group["indicator"])
        & (pl.col("actor_key") == group["actor_key"])
        & (pl.col("year") == group["year"])
        & (pl.col("unit_base") == group["unit_base"])
    ).sort("value_base")
