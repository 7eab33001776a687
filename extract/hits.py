"""A figure found by the scan before context is attached, and the small readers every part
of the scan shares: the qualifier and currency before a number, its bounds, a rejection."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from decimal import Decimal

from extract.patterns import LEAD, LEAD_LAST_WORDS, QUALIFIER_OF, key

log = logging.getLogger("extract.scan")

#: How far before a number its qualifier and currency are looked for.
LEAD_WINDOW = 48


@dataclass(frozen=True, slots=True)
class Hit:
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
    trail: tuple[str, ...] = ()
    #: The currency as written ("Rs", "rupees"), when it may name another country's currency.
    alias: str = ""


def reject(rule: str, text: str, p: int) -> list[Hit]:
    """Log the negative rule that rejects the number at `p`; return no hits."""
    log.debug("%s rejects %r", rule, text[max(0, p - 12) : p + 16])
    return []


def lead_before(text: str, p: int) -> re.Match[str] | None:
    """Return the LEAD match ending at `p`, skipping the search when no lead word is there."""
    if p and text[p - 1] in " \t":
        w_end = p - 1
        while w_end > 0 and text[w_end - 1] in " \t":
            w_end -= 1
        w_start = max(text.rfind(" ", 0, w_end), text.rfind("\n", 0, w_end)) + 1
        if text[w_start:w_end].lower().rstrip(".") not in LEAD_LAST_WORDS:
            return None
    return LEAD.search(text, max(0, p - LEAD_WINDOW), p)


def bounds(qual: str, value: Decimal) -> tuple[str, Decimal | None, Decimal | None]:
    """Return (qualifier, low, high) for a qualifier word before `value` ("over", "up to")."""
    q = QUALIFIER_OF[key(qual)]
    if q == "at_least":
        return q, value, None
    if q == "at_most":
        return q, None, value
    return q, None, None
