"""Readers of the special forms of figures: ranks ("63rd-biggest"), fractions and ratios
("a third", "1 in 8", "a quarter of a percentage point"), exchange rates ("32.5 per dollar"),
ages ("died at 91") and times written in parts ("3min 49.04sec")."""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import replace
from decimal import Decimal

from extract import units
from extract.hits import Hit, bounds, lead_before, reject
from extract.numbers import parse_number, parse_ordinal
from extract.patterns import (
    AGE_AFTER,
    AGE_BEFORE,
    AGE_PHRASE_BEFORE,
    CURRENCY_NAMED,
    CURRENCY_SUFFIX,
    FRACTION_NEXT,
    FRACTION_POINT,
    FRACTION_UNIT,
    FRACTION_VALUE,
    FX_RULE,
    MULTIPLE_NEXT,
    NOT_FRACTION_BEFORE,
    PER_UNIT_OF,
    POINTS_NOT_PERCENT,
    QUALIFIER_RULE,
    RANK_VERB_BEFORE,
    STANDING_AFTER,
    STANDING_BEFORE,
    UNIT_OF,
    VERB_AUXILIARY,
    YEARLIKE,
    key,
)

log = logging.getLogger(__name__)

_RANKED_BEFORE = re.compile(r"(?i:top|the|first|last)[^\S\n]+$")

# A later age of a list: "two men, aged 19 and 22", "children aged 9, 12 and 15".
_AGED_LIST = re.compile(r"(?<![^\W_])(?i:aged)[^\S\n]+\d{1,3}(?:,[^\S\n]*\d{1,3})*(?:,|,?[^\S\n]+(?:and|or))[^\S\n]+$")


# The level an age is set to: "the retirement age to 64", "the pension age rises from 66 to 67",
# "the average age down to 52".
_AGE_SET = re.compile(
    r"(?<![^\W_])(?i:age)(?:[^\S\n]+[a-z]+){0,2}?[^\S\n]+(?i:to|from|at|of)"
    r"(?:[^\S\n]+\d{1,3}[^\S\n]+(?i:to|and))?[^\S\n]+$"
)

# "At 47, she ..." opening a sentence.
_AT_AGE = re.compile(r"(?:^|[.!?][\"'\u201d]?\s+)At[^\S\n]+$")


def is_age(text: str, start: int, num_end: int, value: Decimal) -> bool:
    """Return True when the bare number at text[start:num_end] is an age in years."""
    if not (0 < value <= 120 and value % 1 == 0):
        return False
    before = max(0, start - 24)
    if AGE_BEFORE.search(text, max(0, start - 12), start) or _AGED_LIST.search(text, before, start):
        return True
    if AGE_PHRASE_BEFORE.search(text, before, start) or AGE_AFTER.match(text, num_end):
        return True
    if _AGE_SET.search(text, max(0, start - 40), start):
        return True
    return bool(_AT_AGE.search(text, before, start) and text[num_end : num_end + 1] == ",")


_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n\s*\n")
_POINT_NOUNS = frozenset({"point", "points"})


def points_of_percent(text: str, hits: list[Hit]) -> list[Hit]:
    """Return `hits` with "points" read as percentage points when a percentage stands in their
    sentence and no index or game is named there: "Labor is on 31 per cent, two points
    behind", "won 55.8%, turning a 1.3-point deficit around"; "the Dow lost 626 points, or
    1.5%" and "scored 30 points" stay counts."""
    percents = [h.end for h in hits if h.unit == "percent"]
    if not percents:
        return hits
    out: list[Hit] = []
    for h in hits:
        if h.kind == "count" and h.noun is not None and h.noun.lower() in _POINT_NOUNS:
            s = _sentence_start(text, h.start)
            e_match = _SENTENCE_END.search(text, h.end)
            e = e_match.start() if e_match else len(text)
            k = bisect.bisect_left(percents, s)
            if k < len(percents) and percents[k] <= e and not POINTS_NOT_PERCENT.search(text, s, e):
                log.debug("unit.points_of_percent %r", text[h.start : h.end])
                h = replace(h, unit="percentage_point", unit_base="percentage_point", kind="share")
        out.append(h)
    return out


def _sentence_start(text: str, at: int) -> int:
    start = max(0, at - 600)
    for m in _SENTENCE_END.finditer(text, max(0, at - 600), at):
        start = m.end()
    return start


#: Units a figure may be written in parts of, smaller after larger: a race time "2hr 22min
#: 55sec", a height "7ft 4in", a weight "12st 6lb" or "7lb 4oz". Each maps to its family and
#: its size in the family's smallest unit. A time in parts is read in seconds; a length or a
#: weight in its last part's unit ("7ft 4in" is 88 inches).
_PARTS = {
    "hour": ("time", Decimal(3600)), "minute": ("time", Decimal(60)), "second": ("time", Decimal(1)),
    "foot": ("length", Decimal(12)), "inch": ("length", Decimal(1)),
    "stone": ("mass", Decimal(224)), "pound": ("mass", Decimal(16)), "ounce": ("mass", Decimal(1)),
}  # fmt: skip


_TIME_GAP = re.compile(r"[^\S\n]*(?:,?[^\S\n]*and[^\S\n]+|,[^\S\n]*)?")


def join_parts(text: str, hits: list[Hit]) -> list[Hit]:
    """Join figures written as parts of one amount, "3min 49.04sec", "2 hours and 35 seconds",
    "7ft 4in", into one figure: each part a smaller unit of the same family than the one before."""
    out: list[Hit] = []
    last: list[str] = []  # the unit of the last part of each hit in `out`
    totals: list[Decimal] = []  # each hit's value in its family's smallest unit
    for h in hits:
        prev = out[-1] if out else None
        if (
            prev is not None
            and h.kind == prev.kind != "money"
            and h.qualifier == "exact"
            and prev.qualifier in ("exact", "approx")
            and h.unit in _PARTS
            and last[-1] in _PARTS
            and _PARTS[h.unit][0] == _PARTS[last[-1]][0]
            and _PARTS[h.unit][1] < _PARTS[last[-1]][1]
            and _TIME_GAP.fullmatch(text, prev.end, h.start)
        ):
            family, size = _PARTS[h.unit]
            total = totals[-1] + h.value * size
            unit, value = ("second", total) if family == "time" else (h.unit, total / size)
            out[-1] = Hit(prev.start, h.end, value, None, None, prev.qualifier, unit, prev.unit_base,
                          prev.kind, prev.rule, None, (*prev.trail, *h.trail))  # fmt: skip
            last[-1], totals[-1] = h.unit, total
            continue
        out.append(h)
        last.append(h.unit)
        totals.append(h.value * _PARTS[h.unit][1] if h.unit in _PARTS else h.value)
    return out


def one_in(text: str, p: int, t: re.Match[str], m: re.Match[str], lead: re.Match[str] | None) -> list[Hit]:
    """Read "1 in 8" / "one in five" as the ratio 0.125 / 0.2."""
    try:
        num, den = parse_number(t.group("num")), parse_number(m.group("den"))
    except ValueError:
        return []
    if not 0 < num < den or YEARLIKE.fullmatch(m.group("den")) or _RANKED_BEFORE.search(text, max(0, p - 8), p):
        return []  # "the top 10 in 30 countries" is no ratio
    value = num / den
    start, qualifier, low, high, trail = p, "exact", None, None, ["ratio.one_in"]
    if lead and lead.group("qual"):
        start = lead.start("qual")
        qualifier, low, high = bounds(lead.group("qual"), value)
        trail.append(QUALIFIER_RULE[key(lead.group("qual"))])
    return [
        Hit(start, m.end("den"), value, low, high, qualifier, "dimensionless", "dimensionless",
            "ratio", "ratio.one_in", None, tuple(trail))
    ]  # fmt: skip


# "whichever comes first": an idiom of order, not a ranking.
_WHICHEVER = re.compile(r"(?<![^\W_])(?i:whichever|whatever)[^\S\n]+\w+[^\S\n]+$")


def is_rank(text: str, p: int, rank: re.Match[str]) -> bool:
    if rank.end() < len(text) and text[rank.end()].isalnum():
        return False
    if _WHICHEVER.search(text, max(0, p - 24), p):
        return False
    if rank.group("tail"):
        return True
    if STANDING_BEFORE.search(text, max(0, p - 30), p) and STANDING_AFTER.match(text, rank.end()):
        return True  # "Tottenham are 10th in the table"
    return bool(RANK_VERB_BEFORE.search(text, max(0, p - 30), p))


def rank(text: str, p: int, rank: re.Match[str]) -> list[Hit]:
    try:
        value = parse_ordinal(rank.group("ord"))
    except ValueError:
        return []
    rule = "rank.superlative" if rank.group("tail") else "rank.verb"
    trail = (rule,) if rank.group("ord")[0].isdigit() else (rule, "rank.ordinal_words")
    return [
        Hit(p, rank.end(), Decimal(value), None, None, "exact", "rank", "rank", "rank", rule,
            None, trail)
    ]  # fmt: skip


_ARTICLE_BEFORE = re.compile(r"(?<![^\W_])(?i:a|the)[^\S\n]+$")
_OF_AFTER = re.compile(r"[^\S\n]+of(?![^\W_])")


def fraction(text: str, p: int, end: int, word: str) -> list[Hit]:
    value, table_id = FRACTION_VALUE[word]
    if value < 1:
        of_unit = FRACTION_UNIT.match(text, end)
        point = None if of_unit else FRACTION_POINT.match(text, end)
        if of_unit or point:
            return fraction_of_unit(text, p, value, table_id, of_unit, point)
    if table_id == "ratio.verb":
        qual = lead_before(text, p)
        at = qual.start("qual") if qual and qual.group("qual") else p  # "to roughly double"
        noun = word.endswith("ing") and (_ARTICLE_BEFORE.search(text, max(0, at - 6), at) or _OF_AFTER.match(text, end))
        auxiliary = VERB_AUXILIARY.search(text, max(0, p - 16), p) or VERB_AUXILIARY.search(text, max(0, at - 16), at)
        if not word.endswith("d") and not noun and not auxiliary:
            return reject("ratio.verb.no_auxiliary", text, p)  # "a double murder"
        return _fraction_hit(text, p, end, value, table_id)
    nxt = MULTIPLE_NEXT if value >= 1 else FRACTION_NEXT
    lead = lead_before(text, p)
    at = lead.start("qual") if lead and lead.group("qual") else p
    by_half = text[max(0, at - 3) : at].lower() == "by "  # "fell by (more than) half"
    single = " " not in word and "-" not in word and word.isascii()  # "the second half"; never "and one-third", "and ½"
    # a hyphenated fraction is one on its own: "the two-thirds threshold", "above the one-third required";
    # so is a qualified one ending a clause: "accounting for nearly half,"
    alone = (not single and value < 1 and "-" in word) or bool(
        value < 1 and lead and lead.group("qual") and re.match(r"[^\S\n]*(?:[,.;:)]|$)", text[end : end + 2])
    )
    if not (nxt.match(text, end) or (by_half and value < 1) or word.endswith("fold") or alone):
        return reject(f"{table_id}.no_of", text, p)
    if value < 1 and single and NOT_FRACTION_BEFORE.search(text, max(0, p - 10), p) and not by_half:
        return reject(f"{table_id}.ordinal", text, p)
    return _fraction_hit(text, p, end, value, table_id)


_SLASH_FRACTION = re.compile(r"(\d{1,2})/(\d{1,3})(?=[^\S\n]+of[^\S\n])")


def slash_fraction(text: str, p: int, lead: re.Match[str] | None) -> list[Hit]:
    """Read "1/5 of voters" as the ratio 0.2: digits over digits, smaller over larger, before
    "of" (9/11 and 24/7 stay codes)."""
    m = _SLASH_FRACTION.match(text, p)
    if not m or not 0 < int(m.group(1)) < int(m.group(2)):
        return []
    value = Decimal(m.group(1)) / Decimal(m.group(2))
    return _fraction_hit(text, p, m.end(), value.quantize(Decimal("1e-10")).normalize(), "ratio.fraction")


def _fraction_hit(text: str, p: int, end: int, value: Decimal, table_id: str) -> list[Hit]:
    lead = lead_before(text, p)
    start, qualifier, low, high, trail = p, "exact", None, None, [table_id]
    if lead and lead.group("qual"):
        start = lead.start("qual")
        qualifier, low, high = bounds(lead.group("qual"), value)
        trail.append(QUALIFIER_RULE[key(lead.group("qual"))])
    return [
        Hit(start, end, value, low, high, qualifier, "dimensionless", "dimensionless", "ratio",
            table_id, None, tuple(trail))
    ]  # fmt: skip


def fraction_of_unit(
    text: str, p: int, value: Decimal, table_id: str, of_unit: re.Match[str] | None, point: re.Match[str] | None
) -> list[Hit]:
    """Read "a quarter of a percentage point", "half a mile", "a quarter-point cut" in that unit."""
    if of_unit:
        alias = of_unit.group("unit")
        expr, kind, base, group = UNIT_OF[alias if alias in UNIT_OF else key(alias)]
        end = of_unit.end()
    else:
        expr, kind, base, group = UNIT_OF["percentage point"]
        end = point.end()  # type: ignore[union-attr]
    lead = lead_before(text, p)
    start, qualifier, low, high, trail = p, "exact", None, None, [table_id, group]
    if lead and lead.group("qual"):
        start = lead.start("qual")
        qualifier, low, high = bounds(lead.group("qual"), value)
        trail.append(QUALIFIER_RULE[key(lead.group("qual"))])
    unit = units.canonical(expr)
    if unit in YEARS_IN:  # "half a century" is 50 years
        value, low, high = (None if v is None else v * YEARS_IN[unit] for v in (value, low, high))  # type: ignore[assignment]
        unit = "year"
    rule = group.replace("unit.", f"{kind}.", 1)
    return [Hit(start, end, value, low, high, qualifier, unit, base or expr, kind, rule, None, tuple(trail))]


#: Long spans of time a fraction of which is said in years ("half a century", "a quarter-century").
YEARS_IN = {"century": Decimal(100), "decade": Decimal(10), "decade_of_years": Decimal(10), "millennium": Decimal(1000)}


#: How far back a bare exchange rate looks for the currency it counts ("the lira slid to").
_FX_WINDOW = 60


_FX_BASE_BEFORE = re.compile(r"(?i:per|to\s+the|against\s+the|a)\s+$")


def exchange_rate(text: str, p: int, t: re.Match[str]) -> tuple[str, str] | None:
    """Return the unit of a bare exchange rate ("TRY / USD") and the currency name as written,
    else None: a number followed by per/to the/against the and a base currency, with another
    currency named just before it."""
    base_word = t.group("per") or t.group("fx")
    if not base_word:
        return None
    base, per_id = PER_UNIT_OF[key(base_word)]
    if per_id != FX_RULE:
        return None
    window = text[max(0, p - _FX_WINDOW) : p]
    cut = max(window.rfind(". "), window.rfind("\n\n"))
    # the currency counted, not the base of an earlier rate ("0.89 per dollar and 0.96 per euro")
    named = [
        m.group("cur")
        for m in CURRENCY_NAMED.finditer(window, cut + 1)
        if not _FX_BASE_BEFORE.search(window, 0, m.start())
    ]
    if not named:
        return None
    code = CURRENCY_SUFFIX[key(named[-1])]
    return None if code == base else (units.canonical(f"{code} / {base}"), named[-1])
