"""Score the extractor on the held-out news sentences (tests/heldout/news.toml).

Not a pytest test: run it by hand.

    .venv/bin/python tests/heldout/score.py [--topic X] [--no-failures]

A found figure matches a gold figure when their spans overlap and the values are equal within
1e-6 relative (value match); a value+unit match also needs the same unit string. Prints
precision, recall and F1 for both, a per-topic breakdown, agreement on the other fields among
value+unit matches, and then every failure (missed, spurious, wrong value, wrong unit, split)
with its sentence.
"""

from __future__ import annotations

import argparse
import math
import sys
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CASES = HERE / "news.toml"
CONTEXT = ("indicator", "year", "actors")


@dataclass
class Span:
    """A figure, annotated (gold) or found: where it is, its value and unit, its other fields."""

    start: int
    end: int
    quote: str
    value: float
    unit: str
    fields: dict[str, Any]


Gold = Span
Found = Span


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    value_hits: int = 0
    unit_hits: int = 0

    def prf(self, hits: int) -> tuple[float, float, float]:
        p = hits / self.found if self.found else 1.0
        r = hits / self.gold if self.gold else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


@dataclass
class CaseResult:
    topic: str
    text: str
    failures: list[tuple[str, str]] = field(default_factory=list)


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _overlap(a: Gold | Found, b: Gold | Found) -> bool:
    return a.start < b.end and b.start < a.end


def _gold(case: dict[str, Any]) -> list[Gold]:
    text = case["text"]
    out, pos = [], 0
    for fig in case["figures"]:
        start = text.find(fig["quote"], pos)
        if start < 0:
            start = text.find(fig["quote"])
        if start < 0:
            raise ValueError(f"quote {fig['quote']!r} not in {text!r}")
        end = start + len(fig["quote"])
        pos = start + 1
        rest = {k: v for k, v in fig.items() if k not in ("quote", "value", "unit")}
        out.append(Gold(start, end, fig["quote"], float(fig["value"]), fig["unit"], rest))
    return out


def _match(gold: list[Gold], found: list[Found], with_unit: bool) -> dict[int, int]:
    """Greedy one-to-one matching gold index -> found index (overlap, equal value, and unit)."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for gi, g in enumerate(gold):
        for fi, f in enumerate(found):
            if fi in used or not _overlap(g, f) or not _close(g.value, f.value):
                continue
            if with_unit and g.unit != f.unit:
                continue
            pairs[gi] = fi
            used.add(fi)
            break
    return pairs


def _fmt(x: Gold | Found) -> str:
    return f"{x.quote!r} = {x.value:g} {x.unit}"


def _diagnose(
    gold: list[Gold], found: list[Found], vpairs: dict[int, int], upairs: dict[int, int]
) -> list[tuple[str, str]]:
    failures: list[tuple[str, str]] = []
    vmatched_found = set(vpairs.values())
    reported_found: set[int] = set()
    for gi, g in enumerate(gold):
        if gi in vpairs:
            if gi not in upairs:
                f = found[vpairs[gi]]
                failures.append(("wrong unit", f"gold {_fmt(g)}  | found {_fmt(f)}"))
            continue
        over = [fi for fi, f in enumerate(found) if _overlap(g, f) and fi not in vmatched_found]
        if over:
            for fi in over:
                reported_found.add(fi)
            shown = "; ".join(_fmt(found[fi]) for fi in over)
            failures.append(("wrong value", f"gold {_fmt(g)}  | found {shown}"))
        else:
            failures.append(("missed", f"gold {_fmt(g)}"))
    for fi, f in enumerate(found):
        if fi in vmatched_found or fi in reported_found:
            continue
        over = [g for g in gold if _overlap(g, f)]
        if over:
            failures.append(("split/extra", f"found {_fmt(f)} overlapping gold {_fmt(over[0])}"))
        else:
            failures.append(("spurious", f"found {_fmt(f)}"))
    return failures


def _line(name: str, t: Tally) -> str:
    vp, vr, vf = t.prf(t.value_hits)
    up, ur, uf = t.prf(t.unit_hits)
    return (
        f"{name:<13} gold {t.gold:4d} found {t.found:4d} | value P {vp:.3f} R {vr:.3f} F1 {vf:.3f}"
        f" | value+unit P {up:.3f} R {ur:.3f} F1 {uf:.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--topic", help="score only this topic")
    parser.add_argument("--no-failures", action="store_true", help="print the scores only")
    parser.add_argument("--fields", action="store_true", help="also list qualifier/direction/bound/kind disagreements")
    parser.add_argument("--cases", type=Path, default=CASES, help="TOML file of cases (default: news.toml)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from extract.pipeline import find_figures
    from extract.record import DocumentMeta

    meta = DocumentMeta(doc="heldout.txt", doc_id="heldout")
    with args.cases.open("rb") as fh:
        cases = tomllib.load(fh)["case"]
    if args.topic:
        cases = [c for c in cases if c.get("topic") == args.topic]
        if not cases:
            parser.error(f"no cases with topic {args.topic!r}")

    total = Tally()
    per_topic: dict[str, Tally] = defaultdict(Tally)
    results: list[CaseResult] = []
    field_agree: Counter[str] = Counter()
    field_seen: Counter[str] = Counter()
    field_notes: list[str] = []
    for case in cases:
        topic = case.get("topic", "?")
        text = case["text"]
        gold = _gold(case)
        found = []
        try:
            figures = find_figures(text, meta)
        except Exception as exc:  # a crash is a finding: score the case as nothing found
            figures = []
            crash = f"{type(exc).__name__}: {exc}"
        else:
            crash = ""
        for f in figures:
            rest = {
                "kind": f.kind,
                "qualifier": f.qualifier,
                "low": f.low,
                "high": f.high,
                "direction": f.direction or "none",
                "indicator": f.indicator,
                "year": f.year,
                "actors": list(f.actors),
            }
            found.append(Found(f.start, f.end, f.quote, float(f.value), f.unit, rest))
        vpairs = _match(gold, found, with_unit=False)
        upairs = _match(gold, found, with_unit=True)
        for t in (total, per_topic[topic]):
            t.gold += len(gold)
            t.found += len(found)
            t.value_hits += len(vpairs)
            t.unit_hits += len(upairs)
        for gi, fi in upairs.items():
            g, f = gold[gi], found[fi]
            want = {"kind": g.fields.get("kind"), "qualifier": g.fields.get("qualifier", "exact")}
            want["direction"] = g.fields.get("direction", "none")
            want["low"], want["high"] = g.fields.get("low"), g.fields.get("high")
            for k in CONTEXT:  # scored only where the set annotates them (policy paragraphs)
                if k in g.fields or (k == "year" and "indicator" in g.fields):
                    want[k] = g.fields.get(k)
            for k, w in want.items():
                got = f.fields[k]
                same = (w is None and got is None) or (
                    isinstance(w, float) and isinstance(got, float) and _close(w, got)
                )
                same = same or w == got
                if k == "actors":
                    same = set(w or []) == set(got or [])  # as `figures eval`: giver order aside
                field_seen[k] += 1
                field_agree[k] += same
                if not same:
                    field_notes.append(f"[{topic}] {k}: gold {w!r} found {got!r} in {g.quote!r} | {text}")
        failures = _diagnose(gold, found, vpairs, upairs)
        if crash:
            failures.insert(0, ("crash", crash))
        if failures:
            results.append(CaseResult(topic, text, failures))

    print(f"held-out cases: {len(cases)}  ({args.cases.name})")
    print(_line("ALL", total))
    print()
    for topic in sorted(per_topic):
        print(_line(topic, per_topic[topic]))
    print()
    agree = ", ".join(f"{k} {field_agree[k]}/{field_seen[k]}" for k in sorted(field_seen))
    print(f"field agreement among value+unit matches: {agree}")

    if args.fields:
        for note in field_notes:
            print("    " + note)
    kinds = Counter(kind for r in results for kind, _ in r.failures)
    print("failures by type: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    if not args.no_failures:
        for r in results:
            print()
            print(f"[{r.topic}] {r.text}")
            for kind, detail in r.failures:
                print(f"    {kind:<12} {detail}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
