"""Metadata of each sample document: what its text states, nothing guessed."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.documents import load_document
from extract.metadata import parse_date

EXPECTED = {
    # the op-ed: headline, byline and date under it; no venue, DOI or URL stated
    "000": ("Russia, US public diplomacy in Pakistan", ("Fatima Sagheer",), "2025-05-19", None, None, None),
    # PDF-extracted article: only its running head above a page number names it
    "001": ("Pakistan\u2019s Growing Relations with Russia", (), None, None, None, None),
    "002": (
        "Diplomatic Complexity: Effects of Pakistan's Closer Relations with Russia on its Ties with the US",
        ("Uroosa Ishfaq", "Kashif Ashfaq", "Hamza Ashfaq"),
        "2023",
        "Global Foreign Policies Review",
        "10.31703/gfpr.2023(VI-III).01",
        "https://doi.org/10.31703/gfpr.2023(VI-III).01",
    ),
    # the essay states nothing: the file name is the title
    "003": ("003_f76993662e59505e", (), None, None, None, None),
    "004": (
        "The Dynamics of Pakistan-Russia Relations in the 21st Century and the Role of U.S. Influence",
        ("Qamar Zaman Khan", "Imran Wakil", "Ghulam Mustafa"),
        "2024",
        "Global Political Review",
        "10.31703/gpr.2024(IX-II).03",
        "http://www.gprjournal.com/article/A-b-c",
    ),
}  # fmt: skip


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_sample_document_metadata(corpus_dir: Path, prefix: str) -> None:
    path = next(corpus_dir.glob(f"{prefix}_*.txt"))
    doc = load_document(path)
    got = (doc.title, doc.authors, doc.date, doc.venue, doc.doi, doc.url)
    assert got == EXPECTED[prefix]
    assert doc.language is None  # none of them states its language
    assert doc.format == "txt"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("May 19, 2025", "2025-05-19"),
        ("19 May 2025", "2025-05-19"),
        ("2023/05/02", "2023-05-02"),
        ("Published Sept. 3, 2021 at noon", "2021-09-03"),
        ("Volume IX", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso
