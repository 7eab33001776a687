"""Decide that a number is not a figure: names, codes, dates, times, references, markers.

The checks look only at the characters around one number (its whitespace-delimited token
and a few words on each side), so they cost nothing on text without numbers. Vocabulary
(reference words, month names, time zones) lives in extract/rules/negatives.toml.
"""

from __future__ import annotations

import re

from extract.limits import MAX_NUMBER_DIGITS
from extract.patterns import (
    CURRENCY_PREFIX,
    FUNCTION_WORDS,
    LABEL_NUMBER,
    NEGATIVE_AFTER,
    NEGATIVE_BEFORE,
    NEGATIVE_ID,
    NEGATIVE_WORD_BEFORE,
)

_OPENERS = "([{\"'\u2018\u201c"
_CLOSERS = ".,;:!?)]}\"'\u2019\u201d"
# Inside one token: 9/11, 24/7, 05/03/2024, 10:30, 3:1, 2+2, DOI and URL pieces, e-mail, 10-K,
# 401(k), 1080p.
_CODE_INSIDE = re.compile(
    r"\d[/:+]\d|://|www\.|@|\d\.\d+\.\d|\d\(\d|^10\.\d{3,}/|\d-[A-Z](?![a-z])|\d\([a-z]|^(?:480|720|1080|1440|2160)[pi]$"
)
_SIGNS = {"-", "\u2212", "+", "~", "\u2013"}
_LIST_ITEM = re.compile(r"(?:^|\n)[^\S\n]*$")
_DIGIT_GROUP_BEFORE = re.compile(r"(?:\d|^\+|\s\+)[^\S\n]?$|(?<!\S)\+$")
_LINE_END = re.compile(r"[^\S\n]*(?:\n|$)")
_OVERLONG = re.compile(rf"(?:\d[,.]?){{{MAX_NUMBER_DIGITS + 1}}}")


def token_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the whitespace-delimited token that holds text[start:end]."""
    s = start
    while s > 0 and not text[s - 1].isspace():
        s -= 1
    e = end
    n = len(text)
    while e < n and not text[e].isspace():
        e += 1
    return s, e


def rejected_by_token(text: str, num_start: int, num_end: int) -> str | None:
    """Return why the digits at text[num_start:num_end] are a code, not a number, or None.

    >>> rejected_by_token("the F-16 jets", 6, 8)
    'negative.code'
    >>> rejected_by_token("after 9/11 attacks", 6, 7)
    'negative.code'
    >>> rejected_by_token("US$519 million", 3, 6) is None
    True
    >>> rejected_by_token("$" + "9" * 400, 1, 401)
    'negative.code'
    """
    s, e = token_bounds(text, num_start, num_end)
    prefix = text[s:num_start].lstrip(_OPENERS)
    token = text[s:e].rstrip(_CLOSERS)
    if len(token) > MAX_NUMBER_DIGITS and _OVERLONG.search(token):
        return "negative.code"  # 400 digits (also "5-999...9"): junk, and a float would overflow to inf
    if _CODE_INSIDE.search(token):
        return "negative.code"
    signed_symbol = bool(prefix) and prefix[-1] in "$£€¥₹₦₩₽₺₱₴₸₫฿₪" and prefix[:-1] in _SIGNS
    if prefix and prefix not in _SIGNS and prefix not in CURRENCY_PREFIX and not signed_symbol:
        return "negative.code"  # G20, F-16, COVID-19, conflict.23, #1, No.1
    return None


_NEGATIVE_LAST = frozenset(w.split()[-1] for (scope, w) in NEGATIVE_ID if scope in ("any", "before"))


# The first number of a range right before this one: "paragraphs 4 to 7".
_RANGE_BEFORE = re.compile(r"(?<![\w.,])\d+[^\S\n]*(?:to|and|or|&|-|\u2013)[^\S\n]*$")


def rejected_before(text: str, lead: int, *, word_number: bool, qualified: bool) -> str | None:
    """Return the negative rule id a word right before `lead` fires, or None."""
    w_end = lead
    while w_end > 0 and text[w_end - 1] in " \t":
        w_end -= 1
    w_start = w_end
    while w_start > 0 and not text[w_start - 1].isspace() and w_end - w_start < 16:
        w_start -= 1
    last = text[w_start:w_end]
    m = None
    if last.lstrip(_OPENERS) in _NEGATIVE_LAST:  # cheap test before the long alternation
        m = NEGATIVE_BEFORE.search(text, max(0, lead - 24), lead)
    if m:
        w = m.group("w")
        return NEGATIVE_ID.get(("any", w)) or NEGATIVE_ID.get(("before", w)) or "negative.reference"
    r = _RANGE_BEFORE.search(text, max(0, lead - 24), lead)
    if r and rejected_before(text, r.start(), word_number=False, qualified=False):
        return "negative.reference"  # "paragraphs 4 to 7", "junctions 24 and 25": the 7, the 25
    if word_number and not qualified:
        m = NEGATIVE_WORD_BEFORE.search(text, max(0, lead - 12), lead)
        if m:
            return NEGATIVE_ID.get(("word_number", m.group("w")), "negative.definite")
    return None


def rejected_after(text: str, num_end: int, num_start: int | None = None) -> str | None:
    """Return the negative rule id a word right after the number fires (8 pm, 5 March), or
    that the number with the word after it fires ("911 call")."""
    if num_start is not None and LABEL_NUMBER.match(text, num_start):
        return "negative.label_after"
    m = NEGATIVE_AFTER.match(text, num_end)
    if m:
        return NEGATIVE_ID.get(("after", m.group("w")), "negative.time_or_date_after")
    return None


def bare_rejected(text: str, start: int, end: int) -> str | None:
    """Return why a bare number (no unit, currency or noun) is not a figure, or None:
    list numbers, bracketed markers, leading zeros, numbers before a capitalised name."""
    if start > 0 and text[start - 1] in "[(" and end < len(text) and text[end] in "])":
        return "negative.marker"  # [12], (3): footnote and list markers
    if end < len(text) and text[end] in ".)" and _LIST_ITEM.search(text, max(0, start - 8), start):
        return "negative.marker"  # "1." or "2)" opening a list item
    if _DIGIT_GROUP_BEFORE.search(text, max(0, start - 8), start):
        return "negative.code"  # +44 20 7946 0958: digit groups of a phone or an ISBN
    if _LIST_ITEM.search(text, max(0, start - 8), start) and _LINE_END.match(text, end):
        return "negative.marker"  # a number alone on its line: page number or footnote
    digits = text[start:end]
    if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():
        return "negative.code"  # 007, 0300: codes and phone numbers
    after = text[end : end + 2]
    if len(after) == 2 and after[0] == " " and after[1].isupper():
        return "negative.name"  # 10 Downing Street, 7 World Trade Center
    m = _NAME_BEFORE.search(text, max(0, start - 30), start)
    if m and m.group(1).lower() not in FUNCTION_WORDS and not _OPENING_VERB.match(m.group(1)):
        return "negative.name"  # Voyager 1, Apollo 11, Windows 11, iOS 18: a name, not a count
    return None


# A capitalised word right before a bare number: a name ("Voyager 1"), unless it is a
# function word opening the sentence ("Only 12 survived").
_NAME_BEFORE = re.compile(r"(?<![\w\-])([A-Z][A-Za-z]+|[a-z]{1,4}[A-Z][A-Za-z]*)[^\S\n]$")


# A verb opening a sentence is no name: "Chasing 287, the hosts ...", "Needing 12 runs".
_OPENING_VERB = re.compile(r"[A-Z][a-z]+(?:ing|ed)$")

_APPOSITION = re.compile(r"[A-Za-z\u2019'][^\S\n]*,[^\S\n]*(?:now[^\S\n]+)?$")


def is_age_apposition(text: str, start: int, end: int) -> bool:
    """Return True for an age set off by commas after a name: "The prime minister, 58, said".

    >>> is_age_apposition("The prime minister, 58, said", 20, 22)
    True
    >>> is_age_apposition("In 2019, 58, 60 and 61 were", 9, 11)
    False
    >>> is_age_apposition("The former executive, now 63, faces", 26, 28)
    True
    """
    digits = text[start:end]
    if not digits.isdigit() or not 1 <= int(digits) <= 119:
        return False
    return text[end : end + 1] == "," and bool(_APPOSITION.search(text, max(0, start - 8), start))
