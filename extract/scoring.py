"""Score extracted figures against an analyst's gold annotations: precision, recall, F1.

A gold row has the figure record's fields (at least `doc`, `start`, `end`, `value`, `unit`,
`kind`) and a `required` flag (default true). A prediction matches a gold figure of the same
document whose span overlaps it; matching is one-to-one, preferring equal values, then the
larger overlap. Scores are given per kind for value (equal within `rel_tol`) and for value
and unit together; attribute accuracy (indicator, year, actors, qualifier) is measured on
the value matches where the gold row states the attribute. A prediction that overlaps a
gold row with `required: false` is neither a hit nor a false positive; missing it costs
nothing. Pure functions: reading the files is the caller's job.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

ATTRIBUTES: tuple[str, ...] = ("indicator", "year", "actors", "qualifier")
REQUIRED_FIELDS: tuple[str, ...] = ("doc", "start", "end", "value", "unit", "kind")


@dataclass(slots=True)
class Counts:
    """True positives, false positives and false negatives of one kind."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """Return tp / (tp + fp), 1.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Return tp / (tp + fn), 1.0 when nothing was to be found."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Return the harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Report:
    """Scores per kind (value, value+unit) and attribute accuracy on value matches."""

    value: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    value_unit: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    attributes: dict[str, list[int]] = field(
        default_factory=lambda: {a: [0, 0] for a in ATTRIBUTES}
    )  # attribute -> [right, compared]
    misses: list[Mapping[str, Any]] = field(default_factory=list)
    false_positives: list[Mapping[str, Any]] = field(default_factory=list)
    wrong: list[tuple[Mapping[str, Any], Mapping[str, Any], str]] = field(default_factory=list)

    def total(self, which: str = "value") -> Counts:
        """Return the counts summed over every kind."""
        out = Counts()
        for c in getattr(self, which).values():
            out.tp, out.fp, out.fn = out.tp + c.tp, out.fp + c.fp, out.fn + c.fn
        return out

    def accuracy(self, attribute: str) -> tuple[float, int]:
        """Return (share right, number compared) for one attribute."""
        right, n = self.attributes[attribute]
        return (right / n if n else 1.0), n


def _same_value(a: float, b: float, rel_tol: float) -> bool:
    return math.isclose(float(a), float(b), rel_tol=rel_tol, abs_tol=1e-9)


def _overlap(a: Mapping[str, Any], b: Mapping[str, Any]) -> int:
    return min(int(a["end"]), int(b["end"])) - max(int(a["start"]), int(b["start"]))


def _same_attribute(name: str, gold: Any, pred: Any) -> bool:
    if name == "actors":
        return set(gold or []) == set(pred or [])
    if name == "year":
        return (gold or None) == (pred or None)
    return bool(gold == pred)


def check_gold(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """Return one message per gold row that lacks a required field (empty when all is well)."""
    problems = []
    for i, row in enumerate(rows, 1):
        missing = [f for f in REQUIRED_FIELDS if f not in row]
        if missing:
            problems.append(f"gold row {i}: missing {', '.join(missing)}")
    return problems


def score(
    gold: Iterable[Mapping[str, Any]],
    predicted: Iterable[Mapping[str, Any]],
    *,
    rel_tol: float = 0.005,
) -> Report:
    """Return the scores of `predicted` figures against `gold` rows (both as record dicts)."""
    report = Report()
    by_doc_gold: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    by_doc_pred: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for g in gold:
        by_doc_gold[str(g["doc"])].append(g)
    for p in predicted:
        by_doc_pred[str(p["doc"])].append(p)
    for doc in sorted(set(by_doc_gold) | set(by_doc_pred)):
        _score_doc(report, by_doc_gold.get(doc, []), by_doc_pred.get(doc, []), rel_tol)
    return report


def _score_doc(
    report: Report,
    gold: list[Mapping[str, Any]],
    pred: list[Mapping[str, Any]],
    rel_tol: float,
) -> None:
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            ov = _overlap(g, p)
            if ov > 0:
                equal = _same_value(g["value"], p["value"], rel_tol)
                pairs.append((not equal, -ov, gi, pi))
    pairs.sort()
    g_used: dict[int, int] = {}
    p_used: set[int] = set()
    for _, _, gi, pi in pairs:
        if gi in g_used or pi in p_used:
            continue
        g_used[gi] = pi
        p_used.add(pi)
    for gi, g in enumerate(gold):
        required = bool(g.get("required", True))
        kind = str(g["kind"])
        match = g_used.get(gi)
        found = pred[match] if match is not None else None
        value_ok = found is not None and _same_value(g["value"], found["value"], rel_tol)
        unit_ok = value_ok and found is not None and str(found["unit"]) == str(g["unit"])
        if not required:
            continue
        if value_ok:
            report.value[kind].tp += 1
        else:
            report.value[kind].fn += 1
            report.misses.append(g)
        if unit_ok:
            report.value_unit[kind].tp += 1
        else:
            report.value_unit[kind].fn += 1
        if value_ok and found is not None:
            for name in ATTRIBUTES:
                if name in g:
                    right = _same_attribute(name, g[name], found.get(name))
                    report.attributes[name][0] += right
                    report.attributes[name][1] += 1
                    if not right:
                        report.wrong.append((g, found, name))
    optional = {g_used[k] for k, g in enumerate(gold) if not g.get("required", True) and k in g_used}
    gold_of = {v: k for k, v in g_used.items()}
    for pi, p in enumerate(pred):
        if pi in optional:
            continue
        hit = gold[gold_of[pi]] if pi in gold_of else None
        kind = str(p["kind"])
        value_ok = hit is not None and _same_value(hit["value"], p["value"], rel_tol)
        unit_ok = value_ok and hit is not None and str(p["unit"]) == str(hit["unit"])
        if not value_ok:
            report.value[kind].fp += 1
            report.false_positives.append(p)
        if not unit_ok:
            report.value_unit[kind].fp += 1


def format_report(report: Report) -> str:
    """Return the report as a plain-text table: per kind, overall, then attribute accuracy."""
    lines = [
        f"{'kind':<10} {'gold':>5} {'found':>5} {'P':>6} {'R':>6} {'F1':>6}"
        f"   {'P+unit':>6} {'R+unit':>6} {'F1+unit':>7}"
    ]
    kinds = sorted(set(report.value) | set(report.value_unit))
    rows = [(k, report.value[k], report.value_unit[k]) for k in kinds]
    rows.append(("all", report.total("value"), report.total("value_unit")))
    for k, v, vu in rows:
        gold_n, found_n = v.tp + v.fn, v.tp + v.fp
        lines.append(
            f"{k:<10} {gold_n:>5} {found_n:>5} {v.precision:>6.3f} {v.recall:>6.3f} {v.f1:>6.3f}"
            f"   {vu.precision:>6.3f} {vu.recall:>6.3f} {vu.f1:>7.3f}"
        )
    lines.append("")
    for name in ATTRIBUTES:
        acc, n = report.accuracy(name)
        lines.append(f"{name:<10} accuracy {acc:.3f} (n={n})")
    return "\n".join(lines)
