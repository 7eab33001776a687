"""The extractor against tables of real sentences (tests/cases/*.toml).

Each `[[case]]` holds a sentence (`text`, optionally the corpus `doc` it comes from) and
the figures expected in it, in order: `quote`, `value`, `unit`, `kind`, `qualifier`, and
where given `low`, `high`, `direction` ("none" = no direction), `indicator`, `year`
(0 = no year) and `actors`. A case with `figures = []` expects nothing (negatives). A known
gap carries `xfail = "why"` and runs as a strict xfail, so a fix forces it into the table.
Every case also checks `text[start:end] == quote`.
"""

from __future__ import annotations

import logging
import math
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from extract import rules
from extract.context import INDICATOR_IDS
from extract.pipeline import find_figures
from extract.record import DocumentMeta

CASES_DIR = Path(__file__).resolve().parents[1] / "cases"
META = DocumentMeta(doc="case.txt", doc_id="case")
_CASE_KEYS = {"text", "doc", "figures", "xfail"}
_FIGURE_KEYS = {"quote", "value", "unit", "kind", "qualifier", "low", "high", "direction",
                "indicator", "year", "actors"}  # fmt: skip


def _load() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(CASES_DIR.glob("*.toml")):
        with path.open("rb") as fh:
            for case in tomllib.load(fh)["case"]:
                out.append((path.stem, case))
    return out


CASES = _load()


def _params() -> list[Any]:
    params = []
    for group, case in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else []
        params.append(pytest.param(case, id=f"{group}: {case['text'][:70]}", marks=marks))
    return params


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


@pytest.mark.parametrize("case", _params())
def test_case(case: dict[str, Any]) -> None:
    text = case["text"]
    found = find_figures(text, META)
    for f in found:
        assert text[f.start : f.end] == f.quote
    expected = case["figures"]
    assert [f.quote for f in found] == [e["quote"] for e in expected]
    for f, e in zip(found, expected, strict=True):
        got = {
            "value": f.value, "unit": f.unit, "kind": f.kind, "qualifier": f.qualifier,
            "low": f.low, "high": f.high, "direction": f.direction or "none",
            "indicator": f.indicator, "year": f.year or 0, "actors": list(f.actors),
        }  # fmt: skip
        for k, want in e.items():
            if k == "quote":
                continue
            if k in ("value", "low", "high"):
                assert _close(got[k], want), (f.quote, k, got[k], want)
            else:
                assert got[k] == want, (f.quote, k, got[k], want)


def test_case_tables_are_well_formed() -> None:
    assert len(CASES) >= 400
    for group, case in CASES:
        assert set(case) <= _CASE_KEYS, (group, case["text"])
        for fig in case["figures"]:
            assert {"quote", "value", "unit", "kind", "qualifier"} <= set(fig), case["text"]
            assert set(fig) <= _FIGURE_KEYS, (group, case["text"])
            if "indicator" in fig:
                assert fig["indicator"] in INDICATOR_IDS, fig["indicator"]


def _table_entries() -> dict[str, Any]:
    tables = (
        rules.SCALES, rules.QUALIFIERS, rules.DIRECTIONS, rules.CURRENCIES, rules.UNITS,
        rules.NOUNS, rules.NUMBER_WORDS, rules.VAGUE_WORDS, rules.FRACTION_WORDS,
        rules.ORDINAL_WORDS, rules.PER_UNITS, rules.NEGATIVES, rules.YEAR_CUES,
        rules.SOURCE_CUES,
    )  # fmt: skip
    entries: dict[str, Any] = {}
    for table in tables:
        for entry in table:
            assert entry.id not in entries, f"rule id {entry.id!r} is used twice"
            entries[entry.id] = entry
    return entries


def test_rule_ids_are_unique_and_dotted() -> None:
    entries = _table_entries()
    ids = [*entries, *(i.id for i in rules.INDICATORS), *(a.id for a in rules.ACTORS)]
    assert len(ids) == len(set(ids))
    for rule_id in entries:
        assert re.fullmatch(r"[a-z]+(?:\.[a-z0-9_]+)+", rule_id), rule_id


def test_every_indicator_reference_resolves() -> None:
    kinds = {i.kind for i in rules.INDICATORS}
    for group in (*rules.UNITS, *rules.NOUNS):
        assert group.kind in kinds, group.id
    for kind in kinds:
        assert sum(1 for i in rules.INDICATORS if i.kind == kind and i.fallback) == 1, kind
    for _group, case in CASES:
        for fig in case["figures"]:
            if "indicator" in fig:
                assert fig["indicator"] in INDICATOR_IDS


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_every_rule_id_fires_in_a_case() -> None:
    """Every table entry is exercised: its id shows in a figure's rule or in a DEBUG decision."""
    handler = _Collect()
    logger = logging.getLogger("extract")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    fired: set[str] = set()
    try:
        for _group, case in CASES:
            fired |= {f.rule for f in find_figures(case["text"], META)}
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    blob = " ".join([*handler.messages, *fired])
    missing = [rule_id for rule_id in _table_entries() if not re.search(rf"(?<![\w.]){re.escape(rule_id)}(?!\w)", blob)]
    assert not missing, f"rule ids with no case: {missing}"
