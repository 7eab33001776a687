"""Find the figures of a text before context is attached: one master scan, then a reading.

`scan(text)` walks the anchors of `patterns.ANCHOR` (digit runs and number words) in order
and reads each one with the small anchored patterns: the rank, fraction and multiple forms,
then the general number-scale-range-unit form. Every hit carries the ids of the table
entries that made it (`trail`), which are logged at DEBUG; rejections log the negative id.
"""

from __future__ import annotations

import logging
import re
from decimal import Decimal

from extract import counted, forms, guards
from extract.hits import LEAD_WINDOW, Hit, bounds, lead_before, reject
from extract.limits import MAX_NUMBER_DIGITS
from extract.numbers import parse_number
from extract.patterns import (
    AMOUNT_BEFORE,
    ANCHOR,
    CENT_NAMES,
    CHANGE_FROM_BEFORE,
    CURRENCY_ID,
    CURRENCY_PREFIX,
    CURRENCY_SUFFIX,
    DIRECTION_BEFORE,
    FRACTION_VALUE,
    LEAD,
    LENGTH_CONTEXT,
    ONE_IN,
    ORDINAL_VALUE,
    PASSING_BEFORE,
    QUALIFIER_RULE,
    RANK_TAIL,
    SCALE_FACTOR,
    SCALE_ID,
    SHORT_SCALE_FACTOR,
    TAIL,
    TALLY,
    UNIT_OF,
    VAGUE_VALUE,
    VOTE_BEFORE,
    WEIGHT_BEFORE,
    WORD_ID,
    YEARLIKE,
    key,
    tail_single,
)

log = logging.getLogger(__name__)

_ONE = Decimal(1)
# Short scales that cannot be a unit, so they scale a count without a currency (100k views).
_TIME_PREPOSITIONS = frozenset({"over", "past"})  # "over five years", "the past 10 years": a period


_POUND_WORDS = frozenset({"pounds", "pound"})
# A spelled-out number alone counts after these: "up from six", "having won only three".
_CENT = Decimal("0.01")
# "won" followed by what a verb takes: "2.36m won gold", "92.97m won the title" ("350 billion won
# in sales" is money: a scale word makes it an amount).
_WON_VERB = re.compile(
    r"(?i:won)[^\S\n]+(?i:the|an?(?![^\S\n]+(?i:litre|liter|kilo|kilogram|month|year|week|day|share|head|unit))|his|her"
    r"|their|its|gold|silver|bronze|by|in|at|on|over|against|with|after|and|both|all|every|last|this|medals?|titles?"
    r"|races?|seats?)(?![^\W_])"
)
_IN_YEAR = re.compile(r"(?<![^\W_])(?i:in|by|since|of)[^\S\n]+$")
_ORD_SUFFIX = frozenset({"st", "nd", "rd", "th"})


def scan(text: str) -> list[Hit]:
    """Return the figures of `text` in document order, none overlapping another."""
    return forms.points_of_percent(text, forms.join_parts(text, _scan(text)))


def _scan(text: str) -> list[Hit]:
    hits: list[Hit] = []
    last_end = 0
    for m in ANCHOR.finditer(text):
        p = m.start()
        if p < last_end:
            continue
        tally = TALLY.match(text, p) if m.group("d") else None
        if tally and (tally.group("votes") or VOTE_BEFORE.search(text, max(0, p - 40), p)):
            log.debug("negative.score rejects the tally %r", tally.group(0))
            last_end = tally.end()  # "passed 85 to 14", "370 votes to 282": a result, not two figures
            continue
        for h in _read(text, p, m.end(), is_digit=m.group("d") is not None):
            if hits and h.start < hits[-1].end:
                if h.end - h.start <= hits[-1].end - hits[-1].start:
                    continue
                hits.pop()
            hits.append(h)
            last_end = max(last_end, h.end)
            log.debug("%s %r -> %s %s [%s]", h.rule, text[h.start : h.end], h.value, h.unit,
                      " ".join(h.trail))  # fmt: skip
    return hits


def _read(text: str, p: int, anchor_end: int, *, is_digit: bool) -> list[Hit]:
    """Return the hits that start at the anchor `p` (usually one, two for a split range)."""
    word = None if is_digit else key(text[p:anchor_end])
    # A rank needs an ordinal: digits with st/nd/rd/th right after them, or an ordinal word.
    if is_digit:
        nxt = text[anchor_end : anchor_end + 2]
        could_rank = text[p:anchor_end].isdecimal() and (nxt.lower() in _ORD_SUFFIX or not nxt.isascii())
    else:
        could_rank = word in ORDINAL_VALUE
    rank = RANK_TAIL.match(text, p) if could_rank else None
    if rank and (is_digit or word in ORDINAL_VALUE) and forms.is_rank(text, p, rank):
        return forms.rank(text, p, rank)
    if is_digit and rank and not rank.group(0)[-1].isdigit():
        return reject("rank.bare_ordinal", text, p)  # "the 3rd", "5th March": not a rank
    if word is not None and word in FRACTION_VALUE:
        t = TAIL.match(text, p)
        if not (t and t.group("num") and (t.group("scale") or t.group("unit"))):
            return forms.fraction(text, p, anchor_end, word)
    lead = lead_before(text, p)
    if is_digit and text[anchor_end : anchor_end + 1] == "/":
        slash = forms.slash_fraction(text, p, lead)  # "1/5 of voters"
        if slash:
            return slash
    t = TAIL.match(text, p)
    if t is None or not (t.group("num") or t.group("vague")):
        return []
    if t.group("cursuf") and not t.group("scale") and _WON_VERB.match(text, t.start("cursuf")):
        t = TAIL.match(text, p, t.start("cursuf"))  # "threw 92.97m won gold": the verb, not Korean won
        if t is None or not t.group("num"):
            return []
    if t.group("num") and t.end() == t.end("num"):
        one_in = ONE_IN.match(text, t.end("num"))
        ratio = forms.one_in(text, p, t, one_in, lead) if one_in else []
        if ratio:
            return ratio
    return _figure(text, p, t, lead, is_digit=is_digit)


def _scale(t: re.Match[str], word: str, short: str) -> tuple[Decimal, str | None]:
    if t.group(word):
        factor, ids = _ONE, []
        for k in key(t.group(word)).split():  # "lakh crore": the scale words multiply
            factor *= SCALE_FACTOR[k]
            ids.append(SCALE_ID[k])
        return factor, " ".join(ids)
    if t.group(short):
        return SHORT_SCALE_FACTOR[t.group(short)], SCALE_ID[t.group(short).lower()]
    return _ONE, None


def _end_of(t: re.Match[str], groups: tuple[int, ...]) -> int:
    """Return the end of the last of `groups` (group numbers) that matched, else of "num"."""
    regs = t.regs
    best = -1
    for g in groups:
        s, e = regs[g]
        if s != -1 and e > best:
            best = e
    return best if best != -1 else t.end("num")


def _groups(*names: str) -> tuple[int, ...]:
    return tuple(TAIL.groupindex[n] for n in names)


_MAIN = _groups("num", "vague", "short", "scale", "num2", "short2", "scale2", "unit1", "att", "unit",
                "cursuf", "noun", "times", "hnoun", "gnoun")  # fmt: skip
_MONEY_END = _groups("num", "vague", "short", "scale", "num2", "short2", "scale2", "cursuf")
_UNIT_END = _groups("num", "vague", "short", "scale", "num2", "short2", "scale2", "unit1", "att", "unit")


def _figure(text: str, p: int, t: re.Match[str], lead: re.Match[str] | None, *, is_digit: bool) -> list[Hit]:
    """Read the general form: [qualifier] [currency] number [scale] [range] [unit|noun] [per]."""
    num = t.group("num")
    trail: list[str] = []
    if is_digit:
        # "4 1/2": the whole number is the token; its fraction is no code like 9/11
        whole_end = t.end("num") if "/" not in (num or "") else p + len(num.split()[0])
        why = guards.rejected_by_token(text, p, whole_end)
        if why:
            return reject(why, text, p)
    end_num = t.end("num") if num else t.end("vague")
    main_end = _end_of(t, _MAIN)
    after = text[main_end : main_end + 1]
    if after and (after.isalnum() or after == "_"):
        return reject("negative.code", text, p)  # 4G, 3D, 1990s: letters glued to the figure
    why = guards.rejected_after(text, end_num, p)
    if why:
        return reject(why, text, p)
    g = lead.groupdict() if lead else {}
    qual, between = g.get("qual"), g.get("between")
    cur = g.get("cur") or g.get("cur_sym")
    # "N70,000", "N1,482.57 per dollar": grouped digits make it money, not a code like COP28
    scaled_or_rate = t.group("short") or t.group("scale") or t.group("fx") or any(c in (num or "") for c in ",.")
    # COP28, ARS3: a name, not 28 Colombian pesos; "rise by R10", "an increase of RM200": money
    code_like = cur and cur.isalpha() and cur.isupper() and lead.end("cur") == p and not scaled_or_rate  # type: ignore[union-attr]
    if code_like and not AMOUNT_BEFORE.search(text, max(0, lead.start("cur") - 16), lead.start("cur")):  # type: ignore[union-attr]
        return reject("negative.code", text, p)
    lead_start = p
    for name in ("cur", "cur_sym", "minus", "between"):
        if g.get(name):
            lead_start = min(lead_start, lead.start(name))  # type: ignore[union-attr]
    cur_start = lead.start("cur") if g.get("cur") else (lead.start("cur_sym") if cur else p)  # type: ignore[union-attr]
    # a spelled-out number with its unit is no "the two of them"
    joined = bool(t.group("unit") or t.group("hnoun"))  # "the two-year note", "the seven-phase election"
    why = guards.rejected_before(text, cur_start, word_number=not is_digit and not joined, qualified=bool(qual))
    if why:
        return reject(why, text, p)
    # --- the number(s) ---
    try:
        if t.group("vague"):
            value, vague_id = VAGUE_VALUE[key(t.group("vague"))]
            trail.append(vague_id)
            factor, scale_id = _ONE, None
        else:
            value, vague_id = parse_number(num), None
            factor, scale_id = _scale(t, "scale", "short")
            if not is_digit:
                trail += _word_ids(num)
        value2 = parse_number(t.group("num2")) if t.group("num2") else None
    except ValueError:
        return []
    if value2 is not None and sum(c.isdigit() for c in t.group("num2")) > MAX_NUMBER_DIGITS:
        return []  # the second number of a range is as junk as a first one this long
    factor2, scale2_id = _scale(t, "scale2", "short2")
    trail += [i for i in (scale_id, scale2_id) if i]
    # --- what it counts ---
    currency = CURRENCY_PREFIX.get(cur or "") or CURRENCY_PREFIX.get(t.group("cur2") or "")
    cursuf = t.group("cursuf")
    if cursuf:
        currency = CURRENCY_SUFFIX[key(cursuf)]
        if key(cursuf) in CENT_NAMES:  # "down 14 paise": 0.14 rupees
            factor, factor2 = factor * _CENT, factor2 * _CENT
        if key(cursuf) in _POUND_WORDS and WEIGHT_BEFORE.search(text, max(0, p - 40), p):
            currency, cursuf, unit_weight = None, None, True  # "can tow 10,000 pounds": a weight
        else:
            unit_weight = False
    else:
        unit_weight = False
    short = t.group("short") or t.group("short2")
    unit_alias: str | None = t.group("unit") or t.group("unit1") or ("lbs" if unit_weight else None)
    noun, gnoun, hnoun, att = t.group("noun"), t.group("gnoun"), t.group("hnoun"), t.group("att")
    if short and not currency and not (unit_alias or noun or (gnoun and short in counted.SAFE_SHORT)):
        metres = short == "m" and is_digit
        if metres and t.group("num2") and key(t.group("sep") or "") in ("and", "or"):
            return _single(text, p, lead, is_digit=is_digit)  # "the 5,000m and 10,000m": two races
        # "waiting lists fell to 7.54m": a decimal with m and no length word near is millions;
        # "threw 92.97m", "a 10m wall", "the 100m final" are metres
        near = max(0, p - 120, text.rfind(". ", max(0, p - 120), p) + 1)  # within the sentence
        millions = metres and "." in num and not LENGTH_CONTEXT.search(text, near, t.end() + 20)
        if metres and not t.group("num2") and not millions:
            att, short, factor = "m", None, _ONE
        elif not millions:
            return reject("scale.short_alone", text, p)  # 5m, 4K without a currency
    if value2 is not None:
        scaled_first = t.group("scale") or t.group("short")
        if not scaled_first and (t.group("scale2") or t.group("short2")) and not t.group("cur2") and value <= value2:
            factor = factor2  # "3-4 million": the scale after the second number applies to both
        sep = key(t.group("sep"))
        unit1, unit2 = t.group("unit1"), t.group("unit")
        bad_range = (
            (value2 * factor2 <= value * factor)
            or (
                0 < value * factor * _MAX_RANGE_RATIO < value2 * factor2 and not between
            )  # "fell 837,000 to 122.4 million"
            or (sep == "and" and not between)
            or bool(t.group("cur2") and not cur)  # "12% to $4.6 billion": two figures
            or bool(unit1 and (currency or not unit2 or _unit_key(unit1) != _unit_key(unit2)))  # "0.9% to 18.12"
            # "163,000 hectares in 2000 to 48,000 hectares": a year, then a figure
            or bool(
                is_digit
                and YEARLIKE.fullmatch(num or "")
                and not YEARLIKE.fullmatch(t.group("num2"))
                and _IN_YEAR.search(text, max(0, p - 8), p)
            )
        )
        if bad_range:
            if between and key(between) == "from" and sep == "to" and not unit1 and value2 * factor2 < value * factor:
                return _split(text, p, t, lead, is_digit=is_digit)  # "cut from 40 to 37.5 hours": two levels
            return _single(text, p, lead, is_digit=is_digit)
    value = value * factor
    value2 = None if value2 is None else value2 * factor2
    yearlike = bool(num and YEARLIKE.fullmatch(num))
    if currency or unit_alias or att:
        noun = gnoun = hnoun = None  # "KSh 50 billion through bonds": the noun is not counted
    got: counted.Counted | list[Hit]
    if currency:
        written = cursuf or cur or t.group("cur2") or ""
        symbol = bool(cur or t.group("cur2"))
        got = counted.money(text, t, p, currency, _end_of(t, _MONEY_END), written=written, symbol=symbol, trail=trail)
    elif unit_alias or att:
        unit_end = t.end("cursuf") if unit_weight else _end_of(t, _UNIT_END)
        got = counted.measure(text, t, p, main_end, unit_end, unit_alias, att, trail)
    elif noun:
        got = counted.noun(text, t, p, main_end, yearlike=yearlike, ranged=value2 is not None, qual=qual, trail=trail)
    elif t.group("times"):
        got = counted.times(text, t, value, main_end)
    elif hnoun and key(hnoun) == "plus" and not (yearlike and not qual):
        return _figure_plus(text, p, t, lead)
    elif hnoun or gnoun:
        got = counted.other_noun(text, t, p, main_end, short=short, yearlike=yearlike, qual=qual)
    else:
        got = counted.bare(
            text, t, p, main_end, lead_start, value=value, ranged=value2 is not None, qual=qual,
            between=between, is_digit=is_digit, yearlike=yearlike,
        )  # fmt: skip
    if isinstance(got, list):
        return got
    kind, unit, base, rule, end, alias = got.kind, got.unit, got.base, got.rule, got.end, got.alias
    if got.start is not None:
        lead_start = got.start
    noun_text = noun or gnoun or hnoun
    if noun and t.group("mod"):
        noun_text = f"{t.group('mod')} {noun}"
    elif gnoun and t.group("adj"):
        noun_text = f"{t.group('adj')} {gnoun}"
    # --- bounds ---
    if qual and kind == "duration" and key(qual) in _TIME_PREPOSITIONS:
        qual = None  # "spend $8bn over five years": a period, not a lower bound
    if qual:
        lead_start = min(lead_start, lead.start("qual"))  # type: ignore[union-attr]
    sign = _sign(text, lead_start if lead_start < p else p)
    minus = bool(g.get("minus"))
    if sign or minus:
        value, value2 = -value, (None if value2 is None else -value2)
        if sign:
            lead_start -= 1
        if value2 is not None:
            value, value2 = value2, value
    to_range = (between and key(between) == "from") or key(t.group("sep") or "") == "to"
    # "rose from 3% to 5%", "rose 5% to 10%": two levels; "rise 10 to 12 inches" is one range
    own_unit = (
        bool(between and key(between) == "from")
        or bool(t.group("unit1") or cur)
        or text[max(0, lead_start - 3) : lead_start].lower() == "by "  # "rose by 8,000 to 220,000"
    )
    # "rose by 8,000 to 220,000": a change, then a level; "cut crashes by 20 to 25 per cent" is a range
    by_to = text[max(0, lead_start - 3) : lead_start].lower() == "by " and key(t.group("sep") or "") == "to"
    close = by_to and value2 is not None and not (t.group("unit1") or cur) and value > 0 and value2 < 3 * value
    if (
        value2 is not None
        and to_range
        and own_unit
        and not close
        and (by_to or _changing(text, lead_start, bool(between)))
    ):
        return _split(text, p, t, lead, is_digit=is_digit)
    low: Decimal | None
    high: Decimal | None
    if value2 is not None:
        qualifier, low, high = "range", value, value2
        rule += ".range"
        value = (value + value2) / 2
    elif vague_id:
        qualifier, low, high = "at_least", value, None
    elif qual:
        qualifier, low, high = bounds(qual, value)
        trail.append(QUALIFIER_RULE[key(qual)])
    elif PASSING_BEFORE.search(text, max(0, lead_start - 24), lead_start):
        qualifier, low, high = "at_least", value, None  # "cases passed 5,000": more than that now
    else:
        qualifier, low, high = "exact", None, None
    start = lead_start
    if between and value2 is None:
        start = min(x for x in (cur_start, p) if x is not None)
        if qual:
            start = lead.start("qual")  # type: ignore[union-attr]
    if kind == "duration" and unit in forms.YEARS_IN and value % 1:  # "half a century": 50 years
        factor_y = forms.YEARS_IN[unit]
        value, unit = value * factor_y, "year"
        low, high = (None if x is None else x * factor_y for x in (low, high))
    return [
        Hit(start, end, value, low, high, qualifier, unit, base or unit, kind, rule, noun_text,
            tuple(trail), alias)
    ]  # fmt: skip


#: A "range" whose ends differ more than this is two figures ("fell 837,000 to 122.4 million").
_MAX_RANGE_RATIO = 50


def _word_ids(num: str) -> list[str]:
    """Return the number-word table ids a spelled-out number uses ("two hundred")."""
    k = key(num)
    if k in WORD_ID:
        return [WORD_ID[k]]
    return sorted({WORD_ID[w] for w in re.split(r"[\s\-]+", k) if w in WORD_ID})


def _unit_key(alias: str) -> str:
    k = alias if alias in UNIT_OF else key(alias)
    return UNIT_OF[k][0]


def _figure_plus(text: str, p: int, t: re.Match[str], lead: re.Match[str] | None) -> list[Hit]:
    """Read "1 million-plus" and "$5bn-plus" as lower bounds (qualifier at_least)."""
    try:
        factor, scale_id = _scale(t, "scale", "short")
        value = parse_number(t.group("num")) * factor
    except ValueError:
        return []
    g = lead.groupdict() if lead else {}
    cur = g.get("cur") or g.get("cur_sym")
    currency = CURRENCY_PREFIX.get(cur or "")
    start = lead.start("cur" if g.get("cur") else "cur_sym") if (lead and currency) else p
    unit, kind, rule = (currency, "money", "money.symbol") if currency else ("count", "count", "count.bare")
    if t.group("short") and not currency and t.group("short") not in counted.SAFE_SHORT:
        return []
    trail = tuple(i for i in (scale_id, CURRENCY_ID.get(currency or "")) if i)
    return [Hit(start, t.end("hnoun"), value, value, None, "at_least", unit, unit, kind, rule, None, trail)]


def _sign(text: str, at: int) -> bool:
    """Return True when a minus sign stands right before `at` and starts its token."""
    if at < 1 or text[at - 1] not in "-\u2212":
        return False
    return at < 2 or text[at - 2].isspace() or text[at - 2] in "(["


def _changing(text: str, at: int, wide: bool) -> bool:
    """Return True when a change verb stands before `at` ("rose from 3% to 5%"); `wide` (a
    "from" opens the range) lets a few more words stand between ("an increase in X from")."""
    if DIRECTION_BEFORE.search(text, max(0, at - 40), at):
        return True
    return wide and bool(CHANGE_FROM_BEFORE.search(text, max(0, at - 80), at))


def _single(text: str, p: int, lead: re.Match[str] | None, *, is_digit: bool) -> list[Hit]:
    """Read the anchor as one figure, ignoring a range that is not one (3-1, 2019-20)."""
    t = tail_single().match(text, p)
    if t is None or not (t.group("num") or t.group("vague")):
        return []
    if is_digit and t.end() == t.end("num") and counted.SCORE_AFTER.match(text, t.end("num")):
        return reject("negative.score", text, p)
    return _figure(text, p, t, lead, is_digit=is_digit)


def _split(text: str, p: int, t: re.Match[str], lead: re.Match[str] | None, *, is_digit: bool) -> list[Hit]:
    """Read "rose from 3% to 5%" as two levels, not a range."""
    first = _single(text, p, lead, is_digit=is_digit)
    p2 = t.start("num2")
    lead2 = LEAD.search(text, max(0, p2 - LEAD_WINDOW), p2)
    t2 = tail_single().match(text, p2)
    second = [] if t2 is None else _figure(text, p2, t2, lead2, is_digit=p2 < len(text) and text[p2].isdigit())
    if first and second and first[0].rule == "count.bare" and second[0].kind != "count":
        first = [_with_unit(first[0], second[0])]
    if first and second and first[0].end > second[0].start:
        first = []
    return first + second


def _with_unit(h: Hit, other: Hit) -> Hit:
    """Return `h` carrying the unit of `other` ("from 3 to 5 per cent": both are percent)."""
    return Hit(h.start, h.end, h.value, h.low, h.high, h.qualifier, other.unit, other.unit_base,
               other.kind, other.rule, h.noun, h.trail)  # fmt: skip
