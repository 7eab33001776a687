"""What a number counts: money, a unit, a counted noun, a multiple, or a bare count.

`scan._figure` reads the number (or the two ends of a range) and its qualifier; the functions
here decide, from the matched tail `t` (patterns.TAIL), the figure's kind, unit, base unit and
rule id, or reject it. Each appends the ids of the table entries it used to `trail`, and returns
either a `Counted` or a list of hits (empty when the number is no figure).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from extract import forms, guards, units
from extract.hits import Hit, reject
from extract.patterns import (
    AGE_AFTER,
    AGE_BEFORE,
    ATTACHED_UNIT_OF,
    COUNT_ALONE_AFTER,
    COUNT_ALONE_BEFORE,
    CURRENCY_ID,
    DENOMINATION_AFTER,
    FX_RULE,
    MULTIPLE_NEXT,
    NOT_HYPHEN_NOUN,
    NOUN_OF,
    PEOPLE_BEFORE,
    PEOPLE_HYPHEN_NOUN,
    PER_UNIT_OF,
    PERIOD_TO,
    REPORTING_AFTER,
    REPORTING_BEFORE,
    UNIT_OF,
    key,
)

#: Short scale letters that stand for a scale before a generic counted noun ("40k jobs").
SAFE_SHORT = frozenset({"k", "bn", "mn", "mln", "tn", "trn", "bln"})
SCORE_AFTER = re.compile(r"[\-\u2013]\d")
_AGO = re.compile(r"[^\S\n]+(?i:ago)(?![^\W_])")
_COORDINATE = re.compile(r"[^\S\n]?[NSEW](?![^\W_])")
_FACTOR_OF = re.compile(r"(?<![^\W_])(?i:a)[^\S\n]+(?i:factor)[^\S\n]+(?i:of)[^\S\n]+$")
# An equipment designation among a noun's modifiers (F-16, Su-30MKI): the noun counts machines.
_DESIGNATION = re.compile(r"(?<![\w-])[A-Z][A-Za-z]{0,3}-?\d")


@dataclass(frozen=True, slots=True)
class Counted:
    """What a figure counts, and where its quote ends (and starts, when words before count)."""

    kind: str
    unit: str
    base: str
    rule: str
    end: int
    alias: str = ""
    start: int | None = None


def money(
    text: str, t: re.Match[str], p: int, currency: str, end: int, *, written: str, symbol: bool, trail: list[str]
) -> Counted | list[Hit]:
    """Money in `currency`, per a unit when one follows ("$60 a barrel", "32.5 per dollar");
    a banknote's denomination ("the ₹2,000 notes") is no sum."""
    if DENOMINATION_AFTER.match(text, end) and not (t.group("scale") or t.group("short")):
        return reject("money.denomination", text, p)  # "a $900 billion bill" is a sum
    trail.append(CURRENCY_ID[currency])
    unit, base, rule = currency, currency, "money.symbol" if symbol else "money.name"
    per_group = next((g for g in ("per", "per2", "per3", "fx") if t.group(g)), None)
    if per_group:
        expr, per_id = PER_UNIT_OF[key(t.group(per_group))]
        if expr != currency:  # "$1.08 per dollar" is no rate
            unit = units.canonical(f"{currency} / {expr}")
            base, rule, end = unit, per_id, t.end(per_group)
    return Counted("money", unit, base, rule, end, written)


def measure(
    text: str,
    t: re.Match[str],
    p: int,
    main_end: int,
    end: int,
    unit_alias: str | None,
    att: str | None,
    trail: list[str],
) -> Counted | list[Hit]:
    """A unit of measure ("12 km", "5,000m", "52.95p per litre")."""
    if _COORDINATE.match(text, main_end):
        return reject("negative.code", text, p)  # 12.5833° N: a position, not a temperature
    if att:
        expr, kind, base, group = ATTACHED_UNIT_OF[att]
    else:
        k = unit_alias if unit_alias in UNIT_OF else key(unit_alias or "")
        expr, kind, base, group = UNIT_OF[k]
    unit, rule = units.canonical(expr), group.replace("unit.", f"{kind}.", 1)
    base = base or expr
    if kind == "duration" and PERIOD_TO.match(text, end):
        return reject("negative.date_before", text, p)  # "in the three months to March"
    if kind == "duration" and _AGO.match(text, end):
        return reject("negative.date_before", text, p)  # "two years ago" dates a comparison
    if unit in ("month", "quarter") and (
        REPORTING_BEFORE.search(text, max(0, p - 16), p)
        or (text[end - 6 : end] == "-month" and REPORTING_AFTER.match(text, end))
    ):
        return reject("negative.date_before", text, p)  # "the first nine months", "nine-month net profit"
    trail.append(group)
    per = t.group("per") or t.group("per2")
    if kind in ("money", "quantity", "energy") and per:  # "52.95p per litre", "300 µg per cubic metre"
        per_expr, per_id = PER_UNIT_OF[key(per)]
        unit = base = units.canonical(f"{expr} / {per_expr}")
        rule, end = per_id, t.end("per" if t.group("per") else "per2")
    return Counted(kind, unit, base, rule, end)


def noun(
    text: str, t: re.Match[str], p: int, end: int, *, yearlike: bool, ranged: bool, qual: str | None, trail: list[str]
) -> Counted | list[Hit]:
    """A counted noun from the tables ("24 soldiers", "four airports", "200 F-16 fighters")."""
    entry = NOUN_OF[key(t.group("noun"))]
    if yearlike and not ranged and not qual:
        return reject("negative.year", text, p)  # the 1947 partition, 2019 elections
    kind, unit, rule = entry.kind, entry.unit, entry.id
    if kind == "people" and t.group("mod") and _DESIGNATION.search(t.group("mod")):
        kind, unit, rule = "count", "count", "count.noun"  # "200 F-16 fighters": aircraft
    trail.append(entry.id)
    return Counted(kind, unit, unit, rule, end)


def times(text: str, t: re.Match[str], value: Decimal, end: int) -> Counted:
    """ "8.7 times", "tenfold": a multiple; "three times a week" is a count."""
    # "8.7 times average earnings": a fraction of a time is no frequency
    multiple = "fold" in t.group("times") or MULTIPLE_NEXT.match(text, t.end("times")) or value % 1 != 0
    if multiple:
        return Counted("ratio", "dimensionless", "dimensionless", "ratio.times", end)
    return Counted("count", "count", "count", "count.times", end)


def other_noun(
    text: str, t: re.Match[str], p: int, end: int, *, short: str | None, yearlike: bool, qual: str | None
) -> Counted | list[Hit]:
    """A noun after a hyphen ("336-member") or any plural noun ("17 arrests")."""
    hnoun = t.group("hnoun")
    if yearlike and not qual:
        return reject("negative.year", text, p)
    if hnoun and (key(hnoun) in NOT_HYPHEN_NOUN or key(t.group("num") or "") == "zero"):
        return reject("count.hyphen_noun.stop", text, p)  # one-off; zero-dose, zero-sum: labels
    if short and short not in SAFE_SHORT:
        return reject("scale.short_alone", text, p)  # "100m hurdles": metres, not millions
    if hnoun and key(hnoun) in PEOPLE_HYPHEN_NOUN:
        return Counted("people", "person", "person", "people.hyphen_noun", end)  # a 336-member house
    return Counted("count", "count", "count", "count.hyphen_noun" if hnoun else "count.noun", end)


def bare(
    text: str,
    t: re.Match[str],
    p: int,
    end: int,
    lead_start: int,
    *,
    value: Decimal,
    ranged: bool,
    qual: str | None,
    between: str | None,
    is_digit: bool,
    yearlike: bool,
) -> Counted | list[Hit]:
    """A number with nothing after it that it counts: a count, an exchange rate ("slid to
    32.5 per dollar"), a multiple ("by a factor of 15") or an age ("aged 65")."""
    if t.group("of"):
        end = t.start("of")
    counted = (
        bool(t.group("of") and value >= 2)
        or bool(value >= 2 and not t.group("of") and COUNT_ALONE_BEFORE.search(text, max(0, p - 16), p))
        or bool(COUNT_ALONE_AFTER.match(text, t.end("num")))
    )
    if not is_digit and not t.group("vague") and not counted and not qual:
        return []  # a spelled-out number alone ("one of them") is not a figure; "nine of their last 10" is
    if yearlike and not qual:
        return reject("negative.year", text, p)  # 2019, "between 2019 and 2023"
    age_first = AGE_BEFORE.search(text, max(0, p - 12), p) or AGE_AFTER.match(text, t.end("num"))
    if is_digit and not ranged and not age_first:
        why = guards.bare_rejected(text, p, t.end("num"))
        if why == "negative.name" and qual:
            why = None  # "more than 40,000 SU7 cars": no name takes a qualifier
        if why:
            return reject(why, text, p)
        if not qual and guards.is_age_apposition(text, p, t.end("num")):
            return [
                Hit(p, t.end("num"), value, None, None, "exact", "year", "year", "duration",
                    "duration.age_apposition", None, ("unit.age",))
            ]  # fmt: skip
        if SCORE_AFTER.match(text, t.end("num")):
            return reject("negative.score", text, p)
    dash = ranged and key(t.group("sep")) not in ("to", "and", "or")
    scaled = t.group("scale") or t.group("scale2") or t.group("short") or t.group("short2")
    if dash and not between and not scaled and not _big(t.group("num"), t.group("num2")):
        return reject("negative.score", text, p)  # 3-1, 1234-5678; 40,000-50,000 is a range
    rate = forms.exchange_rate(text, p, t)
    if rate:  # "the lira slid to 32.5 per dollar"
        return Counted("money", rate[0], rate[0], FX_RULE, t.end("per" if t.group("per") else "fx"), rate[1])
    if _FACTOR_OF.search(text, max(0, lead_start - 16), lead_start):  # by a factor of 15
        start = text.rindex("factor", 0, lead_start) - 2
        return Counted("ratio", "dimensionless", "dimensionless", "ratio.times", end, start=start)
    if forms.is_age(text, lead_start, t.end("num"), value):
        return Counted("duration", "year", "year", "duration.aged", end)  # aged 65
    if PEOPLE_BEFORE.search(text, max(0, lead_start - 24), lead_start):
        return Counted("people", "person", "person", "people.crowd", end)  # "a crowd of 81,356"
    return Counted("count", "count", "count", "count.vague" if t.group("vague") else "count.bare", end)


def _big(num: str | None, num2: str | None) -> bool:
    """Return True when a bare pair is written like quantities (40,000-50,000; 2.5-3)."""
    return any(n and ("," in n or "." in n) for n in (num, num2))
