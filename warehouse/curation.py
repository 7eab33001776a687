"""Curation: an append-only log of analysts' decisions on figures, applied on read.

The log is a JSON-lines file beside the warehouse (`<db>.reviews.jsonl`), not a DuckDB
table: the warehouse file is rebuilt and swapped by every ingest and has a single writer,
while a review must be recorded at once, from the dashboard or the CLI, without waiting for
or copying the warehouse. Appends take an exclusive flock and are written whole with one
`write`, so two reviewers never interleave. Decisions are keyed by `figure_id` (a hash of the
document and span), so they survive re-extraction; a decision whose figure no longer exists
(the document changed under it) is reported as orphaned, never silently dropped.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import polars as pl

Action = Literal["accept", "reject", "correct"]

#: Fields an analyst may correct, with the type each correction is parsed as.
CORRECTABLE: dict[str, type] = {"value": float, "unit": str, "indicator": str, "actors": list, "year": int}

_REVIEW_SCHEMA = {
    "figure_id": pl.String,
    "action": pl.String,
    "changes": pl.String,
    "note": pl.String,
    "who": pl.String,
    "at": pl.String,
}


@dataclass(frozen=True, slots=True)
class Review:
    """One decision on one figure."""

    figure_id: str
    action: Action
    changes: dict[str, Any]
    note: str
    who: str
    at: str


def log_path(db_path: Path) -> Path:
    """Return the review log that belongs to the warehouse at `db_path`."""
    return db_path.with_name(db_path.name + ".reviews.jsonl")


def _parse_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, raw in changes.items():
        if name not in CORRECTABLE:
            raise ValueError(f"cannot correct {name!r}; correctable fields: {', '.join(CORRECTABLE)}")
        kind = CORRECTABLE[name]
        if kind is list:
            out[name] = [a.strip() for a in raw.split(";") if a.strip()] if isinstance(raw, str) else list(raw)
        else:
            try:
                out[name] = kind(raw)
            except (TypeError, ValueError) as exc:
                raise ValueError(f"{name} must be a {kind.__name__}, got {raw!r}") from exc
    return out


def record(
    db_path: Path,
    figure_id: str,
    action: Action,
    *,
    changes: Mapping[str, Any] | None = None,
    note: str = "",
    who: str = "",
    at: datetime | None = None,
) -> Review:
    """Append one decision to the log and return it; a correction needs at least one change."""
    if action not in ("accept", "reject", "correct"):
        raise ValueError(f"action must be accept, reject or correct, not {action!r}")
    parsed = _parse_changes(changes or {})
    if action == "correct" and not parsed:
        raise ValueError("a correction needs at least one changed field")
    if action != "correct" and parsed:
        raise ValueError("only a correction carries changed fields")
    stamp = (at or datetime.now(UTC)).isoformat(timespec="seconds")
    review = Review(figure_id, action, parsed, note, who or os.environ.get("USER", ""), stamp)
    line = json.dumps({**asdict(review), "changes": json.dumps(parsed)}, ensure_ascii=False) + "\n"
    path = log_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return review


def reviews(db_path: Path) -> pl.DataFrame:
    """Return every decision in the log, oldest first (an empty frame when there is none)."""
    path = log_path(db_path)
    if not path.exists() or path.stat().st_size == 0:
        return pl.DataFrame(schema=_REVIEW_SCHEMA)
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
    return pl.DataFrame(rows, schema=_REVIEW_SCHEMA, orient="row").with_row_index("seq")


def latest(db_path: Path) -> pl.DataFrame:
    """Return the current decision per figure: status, who, when, note and merged corrections."""
    log = reviews(db_path)
    if log.is_empty():
        return pl.DataFrame(
            schema={
                "figure_id": pl.String,
                "review_status": pl.String,
                "reviewed_by": pl.String,
                "reviewed_at": pl.String,
                "review_note": pl.String,
                "corrections": pl.String,
            }
        )
    rows = []
    for (fid,), group in log.sort("seq").group_by(["figure_id"], maintain_order=True):
        merged: dict[str, Any] = {}
        status = "unreviewed"
        last: dict[str, Any] = {}
        for rec in group.iter_rows(named=True):
            last = rec
            if rec["action"] == "correct":
                merged.update(json.loads(rec["changes"] or "{}"))
                status = "corrected"
            elif rec["action"] == "accept":
                status = "corrected" if merged else "accepted"
            else:
                status = "rejected"
        rows.append(
            {
                "figure_id": fid,
                "review_status": status,
                "reviewed_by": last["who"],
                "reviewed_at": last["at"],
                "review_note": last["note"],
                "corrections": json.dumps(merged),
            }
        )
    return pl.DataFrame(rows)


def apply(figures: pl.DataFrame, db_path: Path) -> pl.DataFrame:
    """Return `figures` with the log applied: corrected values in place, review columns added."""
    decisions = latest(db_path)
    out = figures.join(decisions, on="figure_id", how="left").with_columns(
        pl.col("review_status").fill_null("unreviewed"),
        (pl.col("review_status").is_not_null() & (pl.col("review_status") != "unreviewed")).alias("reviewed"),
    )
    if decisions.is_empty() or "corrections" not in out.columns:
        return out.drop("corrections", strict=False)
    corrected = out.filter(pl.col("corrections").is_not_null() & (pl.col("corrections") != "{}"))
    if corrected.is_empty():
        return out.drop("corrections")
    for name in CORRECTABLE:
        if name not in out.columns:
            continue
        values = {
            row["figure_id"]: json.loads(row["corrections"]).get(name)
            for row in corrected.select("figure_id", "corrections").iter_rows(named=True)
        }
        values = {k: v for k, v in values.items() if v is not None}
        if not values:
            continue
        patch = pl.DataFrame(
            {"figure_id": list(values), f"__{name}": list(values.values())},
            schema={"figure_id": pl.String, f"__{name}": out.schema[name]},
        )
        out = (
            out.join(patch, on="figure_id", how="left")
            .with_columns(pl.coalesce(f"__{name}", name).alias(name))
            .drop(f"__{name}")
        )
    return out.drop("corrections")


def orphans(figures: pl.DataFrame, db_path: Path) -> pl.DataFrame:
    """Return decisions whose figure is no longer in the warehouse (its document changed)."""
    decisions = latest(db_path)
    return decisions.join(figures.select("figure_id"), on="figure_id", how="anti")


def uncertainty(figures: pl.DataFrame) -> pl.Expr:
    """Return an expression scoring how unsure the rules were about each figure (higher = review first)."""
    fallbacks = {"economic_cost", "share_other", "other_count", "population", "economy_rank", "physical_quantity"}
    score = (
        pl.col("year").is_null().cast(pl.Int32) * 2
        + pl.col("qualifier").is_in(["approx", "range"]).cast(pl.Int32)
        + pl.col("indicator").is_in(sorted(fallbacks)).cast(pl.Int32) * 2
        + (pl.col("actors").list.len() == 0).cast(pl.Int32)
        + pl.col("kind").is_in(["count", "duration", "quantity"]).cast(pl.Int32)
    )
    return score.alias("uncertainty")


def review_queue(figures: pl.DataFrame, db_path: Path, *, limit: int = 50) -> pl.DataFrame:
    """Return unreviewed figures, the most uncertain first."""
    applied = apply(figures, db_path)
    return (
        applied.filter(~pl.col("reviewed"))
        .with_columns(uncertainty(applied))
        .sort(["uncertainty", "doc", "start"], descending=[True, False, False])
        .head(limit)
    )


def rule_quality(figures: pl.DataFrame, db_path: Path) -> pl.DataFrame:
    """Return per rule: figures, accepted, corrected, rejected and precision of reviewed ones."""
    applied = apply(figures, db_path)
    return (
        applied.group_by("rule")
        .agg(
            pl.len().alias("figures"),
            (pl.col("review_status") == "accepted").sum().alias("accepted"),
            (pl.col("review_status") == "corrected").sum().alias("corrected"),
            (pl.col("review_status") == "rejected").sum().alias("rejected"),
        )
        .with_columns(
            pl.when(pl.col("accepted") + pl.col("corrected") + pl.col("rejected") > 0)
            .then(
                (pl.col("accepted") + pl.col("corrected"))
                / (pl.col("accepted") + pl.col("corrected") + pl.col("rejected"))
            )
            .otherwise(None)
            .alias("precision")
        )
        .sort(["precision", "figures"], descending=[False, True], nulls_last=True)
    )
