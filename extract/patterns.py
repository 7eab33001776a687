"""Compile the rule tables into the few regular expressions the pipeline scans with.

All vocabulary comes from extract/rules/*.toml; this module only arranges it. Patterns run on
the raw document text, so whitespace inside a figure may be a line break (PDF text puts
hard breaks and blank lines mid-sentence): `_WS` allows up to two newlines, never more.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from extract.numbers import ORDINAL_WORDS, WORD_VALUES
from extract.rules import (
    ACTORS,
    CURRENCIES,
    DIRECTIONS,
    NEGATIVES,
    NOUNS,
    QUALIFIERS,
    SCALES,
    UNITS,
)

# One run of whitespace: spaces/tabs, or a line break with at most one blank line after it.
_WS = r"(?:[^\S\n]*\n[^\S\n]*(?:\n[^\S\n]*)?|[^\S\n]+)"
_WS0 = rf"(?:{_WS})?"


def _alt(words: Iterable[str], *, ignore_case: bool = False, word_end: bool = True) -> str:
    """Return an alternation of `words`, longest first, spaces matching any `_WS`."""
    parts = []
    for w in sorted(set(words), key=lambda s: (-len(s), s)):
        p = _WS.join(re.escape(t) for t in w.split(" "))
        if word_end and w[-1].isalnum():
            p += r"(?![^\W_])"
        parts.append(p)
    body = "|".join(parts)
    return f"(?i:{body})" if ignore_case else f"(?:{body})"


def _word_start(pattern: str) -> str:
    return rf"(?<![^\W_]){pattern}"


# --- lookups from surface text to table entries (lower-cased where matching ignores case) ---

SCALE_FACTOR = {w.lower(): s.factor for s in SCALES for w in s.words}
SHORT_SCALE_FACTOR = {w: s.factor for s in SCALES for w in s.short}
QUALIFIER_OF = {w.lower(): q.qualifier for q in QUALIFIERS for w in q.words}
QUALIFIER_RULE = {w.lower(): q.id for q in QUALIFIERS for w in q.words}
CURRENCY_PREFIX = {p: c.code for c in CURRENCIES for p in c.prefixes}
CURRENCY_SUFFIX = {s.lower(): c.code for c in CURRENCIES for s in c.suffixes}
UNIT_OF: dict[str, tuple[str, str, str, str]] = {}  # alias key -> (pint expr, kind, base, group id)
for _g in UNITS:
    for _alias, _expr in _g.aliases:
        _key = _alias if _g.case_sensitive else _alias.lower()
        UNIT_OF.setdefault(_key, (_expr, _g.kind, _g.base, _g.id))
NOUN_OF = {w.lower(): n for n in NOUNS for w in n.words}
DEMONYMS = tuple(a for actor in ACTORS for a in actor.aliases if a[0].isupper() and " " not in a)

_CASE_UNITS = [a for g in UNITS if g.case_sensitive for a, _ in g.aliases]
_NOCASE_UNITS = [a for g in UNITS if not g.case_sensitive for a, _ in g.aliases]

# --- number forms ---

_DIGIT_NUMBER = r"[\-\u2212]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?![,.]?\d)"
_units_words = sorted(
    (w for w, v in WORD_VALUES.items() if v < 20 and " " not in w), key=len, reverse=True
)
_tens_words = sorted(
    (w for w, v in WORD_VALUES.items() if 20 <= v < 100 and v % 10 == 0), key=len, reverse=True
)
_small = rf"(?:(?:{'|'.join(_tens_words)})(?:[\- ](?:{'|'.join(_units_words)}))?|{'|'.join(_units_words)})"
_phrases = sorted((w for w in WORD_VALUES if " " in w), key=len, reverse=True)
_WORD_NUMBER = (
    rf"(?i:{'|'.join(re.escape(p) for p in _phrases)}"
    rf"|{_small}(?:[ \-]hundred(?:[ \-](?:and )?{_small})?)?|dozen)(?![^\W_])"
)
NUMBER = rf"(?:(?<![\w.,/+\u2212\-])(?<![A-Za-z]-){_DIGIT_NUMBER}|(?<![\w\-]){_WORD_NUMBER})"

# --- the pieces around the number ---

_QUALIFIER = _word_start(_alt(QUALIFIER_OF, ignore_case=True))
_CUR_PREFIX = _alt(CURRENCY_PREFIX, word_end=False)
_SCALE_WORD = _alt(SCALE_FACTOR, ignore_case=True)
_SCALE_SHORT = _alt(SHORT_SCALE_FACTOR)
_CUR_SUFFIX = _alt(CURRENCY_SUFFIX, ignore_case=True)
_UNIT = rf"(?:{_alt(_CASE_UNITS)}|{_alt(_NOCASE_UNITS, ignore_case=True)})"
_MODIFIER = _alt([m for n in NOUNS for m in n.modifiers] + list(DEMONYMS))
_NOUN = _alt(NOUN_OF, ignore_case=True)
_NEGATIVE = _alt([w for n in NEGATIVES if n.scope == "any" for w in n.words])
_NEGATIVE_WORD = _alt([w for n in NEGATIVES if n.scope == "word_number" for w in n.words])

FIGURE = re.compile(
    rf"""
    (?:(?P<qual>{_QUALIFIER}){_WS})?
    (?:(?P<between>(?i:between|from)){_WS})?
    (?:(?P<cur>{_CUR_PREFIX})[^\S\n]?)?
    (?P<num>{NUMBER})
    (?:(?:[^\S\n]?(?P<short>{_SCALE_SHORT})(?![^\W_]))|(?:{_WS0}(?P<scale>{_SCALE_WORD})))?
    (?:
        (?P<sep>(?(between){_WS}(?i:and|to){_WS}|(?:{_WS0}[\-\u2013\u2014]{_WS0}|{_WS}to{_WS})))
        (?:(?P<cur2>{_CUR_PREFIX})[^\S\n]?)?
        (?P<num2>{NUMBER})
        (?:(?:[^\S\n]?(?P<short2>{_SCALE_SHORT})(?![^\W_]))|(?:{_WS0}(?P<scale2>{_SCALE_WORD})))?
    )?
    (?:
        {_WS0}(?P<unit>{_UNIT})
      | {_WS}(?P<cursuf>{_CUR_SUFFIX})
      | {_WS}(?:(?P<mod>{_MODIFIER}){_WS})?(?P<noun>{_NOUN})
    )?
    """,
    re.VERBOSE,
)

_ORDINAL = rf"(?:\d+(?i:st|nd|rd|th)|(?i:{'|'.join(sorted(ORDINAL_WORDS, key=len, reverse=True))}))"
_SUPERLATIVE = r"(?i:largest|biggest|greatest|highest|lowest|smallest|most\s+\w+|leading|top|richest|poorest|strongest|weakest)(?![^\W_])"
RANK = re.compile(
    rf"""
    (?<![\w\-])
    (?:
        (?P<ord>{_ORDINAL})(?P<tail>[\-\u2011 ]{_SUPERLATIVE})
      | (?P<verb>(?i:ranked|ranks|ranking|rank|placed|positioned))[^\S\n]+(?P<ord2>{_ORDINAL})(?![^\W_])
    )
    """,
    re.VERBOSE,
)

NEGATIVE_BEFORE = re.compile(rf"(?<![^\W_]){_NEGATIVE}[^\S\n]*$")
NEGATIVE_WORD_BEFORE = re.compile(rf"(?<![^\W_]){_NEGATIVE_WORD}\s+$")

_DIRECTION_WORDS = {w.lower(): d.direction for d in DIRECTIONS for w in d.words}
DIRECTION_RULE = {w.lower(): d.id for d in DIRECTIONS for w in d.words}
DIRECTION_OF = _DIRECTION_WORDS
DIRECTION_BEFORE = re.compile(
    rf"(?<![^\W_])(?P<dir>{_alt(_DIRECTION_WORDS, ignore_case=True)})"
    rf"(?:\s+(?!\d)[^\s.;:!?]+){{0,4}}?(?:\s+by)?\s*$"
)

YEAR = re.compile(r"(?<![\w$.,/\-])(1[5-9]\d\d|20\d\d)(?![\w%$]|,\d|\.\d)")
SAME_YEAR = re.compile(
    r"(?i:\b(?:in\s+)?(?:the\s+same\s+year|that\s+year|the\s+following\s+year|that\s+same\s+year)\b)"
)
