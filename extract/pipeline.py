"""Turn a document's text into Figure records: a pure function of text and metadata."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from decimal import Decimal

from extract import context, units
from extract.numbers import parse_number, parse_ordinal
from extract.patterns import (
    CURRENCY_PREFIX,
    CURRENCY_SUFFIX,
    FIGURE,
    NEGATIVE_BEFORE,
    NEGATIVE_WORD_BEFORE,
    NOUN_OF,
    QUALIFIER_OF,
    RANK,
    SCALE_FACTOR,
    SHORT_SCALE_FACTOR,
    UNIT_OF,
)
from extract.record import DocumentMeta, Figure, figure_id

log = logging.getLogger(__name__)

_BASE_OF_KIND = {
    "money": None,
    "share": "percent",
    "people": "person",
    "count": "count",
    "rank": "rank",
}
_YEARLIKE = re.compile(r"(1[5-9]\d\d|20\d\d)")


@dataclass(frozen=True, slots=True)
class _Hit:
    """A matched figure before context is attached."""

    start: int
    end: int
    value: Decimal
    low: Decimal | None
    high: Decimal | None
    qualifier: str
    unit: str
    unit_base: str
    kind: str
    rule: str
    noun: str | None


def find_figures(text: str, meta: DocumentMeta) -> list[Figure]:
    """Return every figure in `text`, in document order; same input, same output and ids."""
    hits = _non_overlapping([*_money_and_units(text), *_ranks(text)])
    if not hits:
        return []
    sentences = context.Sentences.of(text)
    spans = [(h.start, h.end) for h in hits]
    figures = []
    for h in hits:
        idx = sentences.index(h.start)
        s, e = sentences.spans[idx]
        s, e = min(s, h.start), max(e, h.end)
        indicator, cue = context.choose_indicator(text, h.kind, (s, e), (h.start, h.end))
        value = float(h.value)
        figures.append(
            Figure(
                figure_id=figure_id(meta.doc_id, h.start, h.end),
                doc=meta.doc,
                doc_id=meta.doc_id,
                start=h.start,
                end=h.end,
                quote=text[h.start : h.end],
                value=value,
                unit=h.unit,
                low=None if h.low is None else float(h.low),
                high=None if h.high is None else float(h.high),
                qualifier=h.qualifier,  # type: ignore[arg-type]
                direction=context.direction_before(text, s, h.start),  # type: ignore[arg-type]
                subject=context.subject_of(text, h.end, e, h.noun, cue),
                value_base=units.to_base(value, h.unit, h.unit_base),
                unit_base=units.canonical(h.unit_base),
                kind=h.kind,  # type: ignore[arg-type]
                indicator=indicator,
                actors=context.actors_in(text, s, e, spans),
                year=context.resolve_year(text, sentences, idx, h.start, h.end),
                sentence=context.collapse(text[s:e]),
                rule=h.rule,
            )
        )
        log.debug("%s %r -> %s %s", h.rule, figures[-1].quote, value, h.unit)
    return figures


def _non_overlapping(hits: list[_Hit]) -> list[_Hit]:
    """Keep the longest of overlapping hits, then return them in document order."""
    kept: list[_Hit] = []
    for h in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if all(h.end <= k.start or h.start >= k.end for k in kept):
            kept.append(h)
    return sorted(kept, key=lambda h: h.start)


def _money_and_units(text: str) -> list[_Hit]:
    out = []
    for m in FIGURE.finditer(text):
        hit = _read_figure(text, m)
        if hit is not None:
            out.append(hit)
    return out


def _scale(m: re.Match[str], word: str, short: str) -> Decimal:
    if m.group(word):
        return SCALE_FACTOR[" ".join(m.group(word).lower().split())]
    if m.group(short):
        return SHORT_SCALE_FACTOR[m.group(short)]
    return Decimal(1)


def _read_figure(text: str, m: re.Match[str]) -> _Hit | None:
    """Return the hit a FIGURE match stands for, or None when it is not a figure."""
    num, cur, cur2 = m.group("num"), m.group("cur"), m.group("cur2")
    unit_alias, cursuf, noun = m.group("unit"), m.group("cursuf"), m.group("noun")
    if not (cur or cur2 or unit_alias or cursuf or noun):
        return None
    currency = CURRENCY_PREFIX.get(cur or cur2 or "") or (
        CURRENCY_SUFFIX.get(" ".join(cursuf.lower().split())) if cursuf else None
    )
    if (m.group("short") or m.group("short2")) and not currency:
        return None  # "5m" without a currency is metres or a typo, not five million
    lead = m.start("num") - (len(cur) if cur else 0)
    if NEGATIVE_BEFORE.search(text, max(0, lead - 20), lead):
        return None
    if (
        not num[0].isdigit()
        and not m.group("qual")
        and NEGATIVE_WORD_BEFORE.search(text, max(0, lead - 12), lead)
    ):
        return None
    try:
        value = parse_number(num) * _scale(m, "scale", "short")
        value2 = (
            parse_number(m.group("num2")) * _scale(m, "scale2", "short2")
            if m.group("num2")
            else None
        )
    except ValueError:
        return None
    if (
        value2 is not None
        and not m.group("scale")
        and not m.group("short")
        and value2 >= Decimal(1000)
    ):
        # "3-4 million": the scale word after the second number applies to both.
        value = parse_number(num) * _scale(m, "scale2", "short2")
    start = m.start()
    if m.group("between") and value2 is None:
        start = m.start("cur") if cur else m.start("num")
        if m.group("qual"):
            start = m.start("qual")
    if value2 is not None and value2 <= value:
        return None  # "2019-20 budget" and such: not a range of one quantity
    if currency:
        kind, unit, base, rule = "money", currency, currency, "money.currency"
        rule = "money.symbol" if (cur or cur2) else "money.name"
    elif unit_alias:
        key = unit_alias if unit_alias in UNIT_OF else " ".join(unit_alias.lower().split())
        expr, kind, base, group = UNIT_OF[key]
        unit, rule = units.canonical(expr), group.replace("unit.", f"{kind}.", 1)
    else:
        group_ = NOUN_OF[" ".join(noun.lower().split())]
        kind, unit, base, rule = group_.kind, group_.unit, group_.unit, group_.id
        if _YEARLIKE.fullmatch(num) and value2 is None:
            return None  # "1947 people" is rarer than "the 1947 partition"; years are not counts
    qualifier, low, high = _bounds(m, value, value2)
    if value2 is not None:
        rule += ".range"
        value = (value + value2) / 2
    return _Hit(
        start=start,
        end=m.end(),
        value=value,
        low=low,
        high=high,
        qualifier=qualifier,
        unit=unit,
        unit_base=base or unit,
        kind=kind,
        rule=rule,
        noun=(f"{m.group('mod')} {noun}" if m.group("mod") else noun) if noun else None,
    )


def _bounds(
    m: re.Match[str], value: Decimal, value2: Decimal | None
) -> tuple[str, Decimal | None, Decimal | None]:
    if value2 is not None:
        return "range", value, value2
    qual = m.group("qual")
    if not qual:
        return "exact", None, None
    q = QUALIFIER_OF[" ".join(qual.lower().split())]
    if q == "at_least":
        return q, value, None
    if q == "at_most":
        return q, None, value
    return q, None, None


def _ranks(text: str) -> list[_Hit]:
    out = []
    for m in RANK.finditer(text):
        ordinal = m.group("ord") or m.group("ord2")
        try:
            rank = parse_ordinal(ordinal)
        except ValueError:
            continue
        start = m.start("ord") if m.group("ord") else m.start("ord2")
        end = m.end("tail") if m.group("ord") else m.end("ord2")
        out.append(
            _Hit(
                start=start,
                end=end,
                value=Decimal(rank),
                low=None,
                high=None,
                qualifier="exact",
                unit="rank",
                unit_base="rank",
                kind="rank",
                rule="rank.superlative" if m.group("ord") else "rank.verb",
                noun=None,
            )
        )
    return out
