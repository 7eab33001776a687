"""Fixtures for warehouse tests: a throwaway database path and hand-built documents with figures."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from extract.record import Document, Figure, figure_id

Item = tuple[Document, list[Figure]]
MakeItem = Callable[..., Item]

HYPERLINK = '=HYPERLINK("http://example.com/x","40%")'


def _make_item(
    name: str,
    text: str,
    figures: Sequence[tuple[str, dict[str, Any]]],
    *,
    path: str | None = None,
    title: str | None = None,
) -> Item:
    """Build a Document from `text` and a Figure for each (quote, fields) at the quote's offsets."""
    doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()
    document = Document(
        doc_id=doc_id,
        doc=name,
        path=path or f"/corpus/{name}",
        format="txt",
        text=text,
        title=title or f"Title of {name}",
        authors=("A. Author",),
        date="2021-05-01",
        venue="Journal of Tests",
        doi=f"10.1000/{name}",
        url=f"https://example.org/{name}",
        language="en",
    )
    out = []
    for quote, fields in figures:
        start = text.index(quote)
        end = start + len(quote)
        assert text[start:end] == quote
        record: dict[str, Any] = {
            "figure_id": figure_id(doc_id, start, end),
            "doc": name,
            "doc_id": doc_id,
            "start": start,
            "end": end,
            "quote": quote,
            "value": 0.0,
            "unit": "count",
            "low": None,
            "high": None,
            "qualifier": "exact",
            "direction": None,
            "subject": None,
            "value_base": 0.0,
            "unit_base": "count",
            "kind": "count",
            "indicator": "other_count",
            "actors": (),
            "year": None,
            "sentence": text.strip(),
            "rule": "test.hand_built",
        }
        record.update(fields)
        out.append(Figure(**record))
    return document, out


@pytest.fixture
def make_item() -> MakeItem:
    """Return the factory that builds a (Document, figures) pair from text and quotes."""
    return _make_item


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Return the path of a fresh, not yet created warehouse in a subdirectory."""
    return tmp_path / "wh" / "figures.duckdb"


@pytest.fixture
def loan_item() -> Item:
    """Return a document with one money figure: a 1961 loan of US$3 million."""
    return _make_item(
        "001_loan.txt",
        "In 1961, Pakistan was granted a loan worth US$3 million for technical support.",
        [
            (
                "US$3 million",
                {
                    "value": 3_000_000.0,
                    "unit": "USD",
                    "value_base": 3_000_000.0,
                    "unit_base": "USD",
                    "kind": "money",
                    "indicator": "loan",
                    "actors": ("Soviet Union", "Pakistan"),
                    "year": 1961,
                    "subject": "loan for technical support",
                    "rule": "money.scale_word",
                },
            )
        ],
    )


@pytest.fixture
def trade_item() -> Item:
    """Return a document with a share change and a lower-bounded trade value."""
    return _make_item(
        "002_trade.txt",
        "In 2019, Russian exports to Pakistan rose 2.1%, and bilateral trade reached over US$700 million.",
        [
            (
                "2.1%",
                {
                    "value": 2.1,
                    "unit": "percent",
                    "value_base": 2.1,
                    "unit_base": "percent",
                    "kind": "share",
                    "indicator": "export_share",
                    "direction": "up",
                    "actors": ("Russia", "Pakistan"),
                    "year": 2019,
                    "rule": "share.percent_sign",
                },
            ),
            (
                "over US$700 million",
                {
                    "value": 700_000_000.0,
                    "unit": "USD",
                    "low": 700_000_000.0,
                    "qualifier": "at_least",
                    "value_base": 700_000_000.0,
                    "unit_base": "USD",
                    "kind": "money",
                    "indicator": "trade_value",
                    "actors": ("Russia", "Pakistan"),
                    "year": 2019,
                    "rule": "money.qualified",
                },
            ),
        ],
    )


@pytest.fixture
def formula_item() -> Item:
    """Return a document whose quote looks like a spreadsheet formula (CSV injection)."""
    text = f"The leaked sheet showed {HYPERLINK} as the share of imports."
    return _make_item(
        "003_formula.txt",
        text,
        [
            (
                HYPERLINK,
                {
                    "value": 40.0,
                    "unit": "percent",
                    "value_base": 40.0,
                    "unit_base": "percent",
                    "kind": "share",
                    "indicator": "export_share",
                    "subject": "-share of imports",
                    "rule": "share.percent_sign",
                },
            )
        ],
    )


@pytest.fixture
def corpus(loan_item: Item, trade_item: Item, formula_item: Item) -> list[Item]:
    """Return the three hand-built documents with their figures."""
    return [loan_item, trade_item, formula_item]
