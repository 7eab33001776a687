"""Invariants that hold for any input: the extractor never raises, offsets slice to quotes,
and numbers written in every supported style parse back to their value."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.numbers import parse_number
from extract.pipeline import find_figures
from extract.record import DocumentMeta

META = DocumentMeta(doc="prop.txt", doc_id="0" * 64)

# Text made of the pieces figures are built from, so the rules actually fire.
_PIECES = st.sampled_from(
    [
        "$", "US$", "€", "£", "Rs", "over ", "about ", "nearly ", "up to ", "between ", " and ", " to ", "-",
        "million", "billion", " bn", "m", "%", " per cent", " percent", " people", " soldiers", " lives",
        " quadrillion BTU", " km", " mph", " tonnes", "In 2019, ", "(Khan, 2021)", "F-16", "9/11", "\n", "\n\n",
        " ", ".", ",", "1", "12", "3.5", "80,000", "1,234,567.89", "thirty", "a dozen", "63rd-biggest",
        "\u0663", "\uff11\uff12", "\u200f", "\x00", "\ufeff", "Ã ", "\\$",
    ]
)  # fmt: skip
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=40).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_never_raises_and_offsets_slice(text: str) -> None:
    for f in find_figures(text, META):
        assert text[f.start : f.end] == f.quote
        assert f.quote == f.quote.strip() and f.quote
        if f.qualifier == "range":
            assert f.low is not None and f.high is not None and f.low < f.high


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_any_string(text: str) -> None:
    for f in find_figures(text, META):
        assert text[f.start : f.end] == f.quote


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_formatted_numbers_parse_back(value: Decimal) -> None:
    for text in (f"{value:f}", f"{value:,f}", f"{value:,.2f}"):
        assert parse_number(text) == Decimal(text.replace(",", ""))


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=999_999_999))
def test_figures_in_a_sentence_keep_their_value(n: int) -> None:
    text = f"The ministry said it paid ${n:,} to the contractors."
    figures = find_figures(text, META)
    assert [(f.value, f.unit) for f in figures] == [(float(n), "USD")]
