"""Number parsing: digits, separators, decimals, words, ordinals; formatted numbers parse back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.numbers import parse_number, parse_ordinal


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("80,000", "80000"), ("1,234,567.89", "1234567.89"), ("3.5", "3.5"), (".5", "0.5"),
        ("\u22125", "-5"), ("-12", "-12"), ("thirty", "30"), ("thirty-five", "35"),
        ("twenty one", "21"), ("two hundred", "200"), ("two hundred and fifty", "250"),
        ("a dozen", "12"), ("half a dozen", "6"), ("a hundred", "100"), ("half a", "0.5"),
        ("three and a half", "3.5"), ("one and a half", "1.5"), ("a couple of", "2"),
    ],
)  # fmt: skip
def test_parse_number(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "1,23", "12abc", "banana", "thirty-banana", "1.2.3"])
def test_parse_number_rejects_non_numbers(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "rank"),
    [("1st", 1), ("63rd", 63), ("22nd", 22), ("eleventh", 11), ("twenty-first", 21), ("Fifth", 5)],
)
def test_parse_ordinal(text: str, rank: int) -> None:
    assert parse_ordinal(text) == rank


@given(st.integers(min_value=0, max_value=10**15))
def test_thousands_separated_integers_parse_back(n: int) -> None:
    assert parse_number(f"{n:,}") == n


@given(st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False))
def test_decimals_parse_back_exactly(d: Decimal) -> None:
    assert parse_number(f"{d:,f}") == d


_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]  # fmt: skip


def _words(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    parts = [f"{_UNITS[hundreds]} hundred"] if hundreds else []
    if 10 <= rest < 20:
        parts.append(_TEENS[rest - 10])
    elif rest:
        tens, units = divmod(rest, 10)
        parts.append("-".join(p for p in (_TENS[tens], _UNITS[units]) if p))
    return " and ".join(parts)


@given(st.integers(min_value=1, max_value=999))
def test_spelled_out_numbers_parse_back(n: int) -> None:
    assert parse_number(_words(n)) == n
