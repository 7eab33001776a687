"""Parse the number part of a figure: digits with separators, decimals and number words."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from extract.rules import NUMBER_WORDS
from extract.rules import ORDINAL_WORDS as ORDINAL_TABLES

#: Every number word the tables know, lower case, mapped to its value.
WORD_VALUES: dict[str, Decimal] = {w.lower(): v for table in NUMBER_WORDS for w, v in table.values}

_UNITS_WORDS = {w for w, v in WORD_VALUES.items() if v < 100 and " " not in w}
_MULTIPLIERS = {w: v for w, v in WORD_VALUES.items() if v == 100 and " " not in w}

_ORDINAL_WORDS: dict[str, int] = {w.lower(): int(v) for table in ORDINAL_TABLES for w, v in table.values}

_DIGITS = re.compile(r"[+\-\u2212]?(?:\d{1,2}(?:,\d{2})+,\d{3}|\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?")
_ORDINAL_DIGITS = re.compile(r"(\d+)(?:st|nd|rd|th)", re.IGNORECASE)
#: "4 1/2", "2½": a whole number and a fraction (patterns.MIXED_FRACTION finds them).
_VULGAR = {"\u00bd": Decimal("0.5"), "\u00bc": Decimal("0.25"), "\u00be": Decimal("0.75"),
           "\u2153": Decimal(1) / 3, "\u2154": Decimal(2) / 3, "\u215b": Decimal("0.125")}  # fmt: skip
_MIXED = re.compile(r"(\d{1,3})(?:\s?([\u00bd\u00bc\u00be\u2153\u2154\u215b])|\s([1-9])/([2348]))")


def parse_number(text: str) -> Decimal:
    """Return the exact value of a written number, or raise ValueError.

    >>> parse_number("80,000")
    Decimal('80000')
    >>> parse_number("3.5")
    Decimal('3.5')
    >>> parse_number("thirty-five")
    Decimal('35')
    >>> parse_number("two hundred")
    Decimal('200')
    >>> parse_number("a dozen")
    Decimal('12')
    >>> parse_number("\u22125")
    Decimal('-5')
    >>> parse_number("three and a half")
    Decimal('3.5')
    >>> parse_number("two hundred and fifty")
    Decimal('250')
    >>> parse_number("1,04,926")
    Decimal('104926')
    >>> parse_number("4 1/2"), parse_number("2\u00bd")
    (Decimal('4.5'), Decimal('2.5'))
    """
    s = text.strip()
    if not s:
        raise ValueError("empty number")
    mixed = _MIXED.fullmatch(s)
    if mixed:
        whole, vulgar, num, den = mixed.groups()
        part = _VULGAR[vulgar] if vulgar else Decimal(num) / Decimal(den)
        return Decimal(whole) + part
    if s[0].isdigit() or s[0] in "+-.\u2212":
        if not _DIGITS.fullmatch(s):
            raise ValueError(f"not a number: {text!r}")
        try:
            return Decimal(s.replace(",", "").replace("\u2212", "-"))
        except InvalidOperation as exc:
            raise ValueError(f"not a number: {text!r}") from exc
    return _parse_words(s.lower())


def _parse_words(s: str) -> Decimal:
    s = " ".join(s.split())
    if s in WORD_VALUES:
        return WORD_VALUES[s]
    for half in (" and a half", "-and-a-half"):
        if s.endswith(half):
            return _parse_words(s[: -len(half)]) + Decimal("0.5")
    total = Decimal(0)
    current = Decimal(0)
    seen = False
    for token in re.split(r"[\s\-]+(?:and\s+)?", s):
        if token in _UNITS_WORDS:
            current += WORD_VALUES[token]
        elif token in _MULTIPLIERS:
            current = (current or Decimal(1)) * _MULTIPLIERS[token]
        elif token == "a" and not seen:
            current = Decimal(1)
        else:
            raise ValueError(f"not a number: {s!r}")
        seen = True
    total += current
    return total


def parse_ordinal(text: str) -> int:
    """Return the rank an ordinal names ("63rd", "eleventh"), or raise ValueError.

    >>> parse_ordinal("63rd")
    63
    >>> parse_ordinal("eleventh")
    11
    >>> parse_ordinal("twenty-first")
    21
    """
    s = text.strip().lower()
    m = _ORDINAL_DIGITS.fullmatch(s)
    if m:
        return int(m.group(1))
    if s in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[s]
    head, _, tail = s.rpartition("-")
    if head and head in WORD_VALUES and tail in _ORDINAL_WORDS:
        return int(WORD_VALUES[head]) + _ORDINAL_WORDS[tail]
    raise ValueError(f"not an ordinal: {text!r}")


ORDINAL_WORDS: tuple[str, ...] = tuple(_ORDINAL_WORDS)
