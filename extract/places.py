"""Where a story is, and whose currency a shared name means: a region or city that places a
story in a country ("Mumbai", "Sydney"), a dateline ("AMMAN:"), an amount in a one-country
currency ("₹2,910 crore"), and the country a shared name ("Rs", "dinars", "$", "cents")
then means."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable

from extract.actors import ACTOR_NAME, word_matches
from extract.patterns import SHARED_CURRENCY, trie
from extract.rules import ACTORS, CURRENCIES, NOT_ACTORS

log = logging.getLogger(__name__)

#: Regions and cities by the country they place a story in (for shared currency names only).
_PLACE_NAME = {place: a.name for a in ACTORS for place in a.places}
_WHERE_RE = re.compile(r"(?:" + trie([*ACTOR_NAME, *_PLACE_NAME, *NOT_ACTORS]) + r")(?![\w$])")


def _where(m: re.Match[str]) -> str | None:
    alias = " ".join(m.group(0).split())
    return ACTOR_NAME.get(alias) or _PLACE_NAME.get(alias)


# A dateline opening a story: "KARACHI:", "LAGOS —", "KUALA LUMPUR, March 3 (Reuters) -".
_DATELINE = re.compile(
    r"[^\S\n]*([A-Z][A-Z'.\- ]{2,30}?)(?:,[^\n:]{0,40}?)?(?:[^\S\n]*\([^)\n]{0,30}\))?"
    r"[^\S\n]*(?::|\u2014|\u2013|--?)[^\S\n]"
)
#: A dateline counts as this many mentions of its country in the document.
DATELINE_WEIGHT = 3


def dateline_country(text: str) -> str | None:
    """Return the country of the city in a dateline opening `text` ("AMMAN: Parliament
    passed ..." is Jordan), else None: a story's place when its shared currency name ("12.5
    billion dinars") meets no country in its sentence."""
    m = _DATELINE.match(text)
    if not m:
        return None
    city = " ".join(w.capitalize() for w in m.group(1).split())
    return ACTOR_NAME.get(city) or _PLACE_NAME.get(city)


@functools.lru_cache(maxsize=64)
def _where_of(countries: frozenset[str]) -> re.Pattern[str]:
    """Return a regex of the names and places of `countries`, with every longer name that
    holds one of them ("Papua New Guinea", "Latin America"): the same matches as _WHERE_RE
    for those countries, on a far smaller trie."""
    own = [w for w, n in (*ACTOR_NAME.items(), *_PLACE_NAME.items()) if n in countries]
    longer = [w for w in (*ACTOR_NAME, *_PLACE_NAME, *NOT_ACTORS) if any(o in w and o != w for o in own)]
    return re.compile(r"(?:" + trie([*own, *longer]) + r")(?![\w$])")


def place_counts(text: str, countries: frozenset[str] | None = None) -> dict[str, int]:
    """Return how often each country (of `countries`, else any) is named in `text`, by an
    actor name or one of its places ("Mumbai"), a dateline counting DATELINE_WEIGHT times:
    what a document's shared currency names fall back on."""
    pattern = _WHERE_RE if countries is None else _where_of(countries)
    counts: dict[str, int] = {}
    placed = dateline_country(text)
    if placed and (countries is None or placed in countries):
        counts[placed] = DATELINE_WEIGHT
    for m in word_matches(pattern, text):
        name = _where(m)
        if name and (countries is None or name in countries):
            counts[name] = counts.get(name, 0) + 1
    return counts


def place_mentions(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Return (offset, country) of each actor or place named in `text[start:end]`, in order."""
    return [(m.start(), name) for m in word_matches(_WHERE_RE, text, start, end) if (name := _where(m))]


_COUNTRY_OF_CODE = {c.code: c.country for c in CURRENCIES if c.country}


def currency_mentions(amounts: list[tuple[int, str, str]]) -> list[tuple[int, str]]:
    """Return (offset, country) of each amount written in a currency of one country only
    ("₹2,910 crore": India), from (offset, unit, alias as written) of the money figures: in
    a sentence that names no country they say whose "rupee" a shared name means."""
    out = []
    for at, unit, alias in amounts:
        country = None if alias.lower() in SHARED_CURRENCY else _COUNTRY_OF_CODE.get(unit.split(" ", 1)[0])
        if country:
            out.append((at, country))
    return out


#: An opening bracket right before an amount, after another amount: a conversion ("A$1.2
#: billion ($800 million)", "1 trillion yuan (about $138 billion)").
_CONVERSION = re.compile(
    r"[\w.]\s*\((?:about|around|roughly|some|nearly|or|approx\.?|approximately|~)?\s*$", re.IGNORECASE
)


#: Commodities priced in US dollars on world markets: "$92.50 a tonne" in Singapore is USD.
_WORLD_PRICED = frozenset({"metric_ton", "ton", "barrel", "ounce", "troy_ounce", "bushel", "MMBtu", "Btu", "pound"})


def local_currency(
    unit: str,
    alias: str,
    at: int,
    mentions: list[tuple[int, str]],
    doc_counts: Callable[[frozenset[str]], dict[str, int]],
    text: str = "",
) -> str:
    """Return `unit` with its currency swapped for the one the context means, when the figure
    at offset `at` wrote a currency name several countries use ("Rs 500 crore" next to India
    is INR, not the PKR "Rs" means by default; "$1.47 million" in a Sydney story is AUD):
    the country named nearest the figure in its sentence (`mentions`) that uses the name,
    else the one the document names most, else the default. A "$" in brackets after another
    amount in `text` is a conversion into US dollars, and a "$" per tonne, barrel or ounce a
    world commodity price: both keep the default."""
    candidates = SHARED_CURRENCY.get(alias.lower()) if alias else None
    if not candidates:
        return unit
    default = candidates[0][0]
    if default == "USD" and (
        _CONVERSION.search(text, max(0, at - 16), at) or unit.rpartition("/")[2].strip() in _WORLD_PRICED
    ):
        return unit
    code_of = {country: code for code, country in reversed(candidates)}
    # the nearest country named before the figure, else the nearest after it
    near = [(o > at, abs(at - o), code_of[n]) for o, n in mentions if n in code_of]
    if near:
        chosen = min(near)[2]
    else:
        counts = doc_counts(frozenset(country for _, country in candidates))
        best = max(candidates, key=lambda c: counts.get(c[1], 0))
        chosen = best[0] if counts.get(best[1], 0) else default
    if chosen == default:
        return unit
    log.debug("currency.local %s -> %s (%s)", default, chosen, alias)
    return re.sub(rf"\b{default}\b", chosen, unit)


def cents_factor(written: str, unit: str) -> float:
    """Return 0.01 when US cents (USX) became another dollar's cents in context ("30 cents"
    in a Toronto story is 0.30 CAD: the local dollar has no code of its own for its cents)."""
    return 0.01 if written.split(" ", 1)[0] == "USX" and unit.split(" ", 1)[0] != "USX" else 1.0
