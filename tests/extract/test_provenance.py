"""Every figure of the sample corpus points at its exact quote in the raw document text."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from extract.documents import load_document
from extract.pipeline import find_figures
from extract.record import FIGURE_FIELDS


def _all(corpus_dir: Path):
    for path in sorted(corpus_dir.glob("*.txt")):
        doc = load_document(path)
        raw = path.read_bytes().decode("utf-8")
        yield raw, doc, find_figures(doc.text, doc.meta)


def test_every_quote_is_the_raw_slice(corpus_dir: Path) -> None:
    n = 0
    for raw, _doc, figures in _all(corpus_dir):
        for f in figures:
            assert raw[f.start : f.end] == f.quote, f
            n += 1
    assert n >= 20


def test_records_carry_every_contract_field(corpus_dir: Path) -> None:
    for _raw, doc, figures in _all(corpus_dir):
        for f in figures:
            d = f.to_dict()
            assert tuple(d) == FIGURE_FIELDS
            assert d["doc"] == doc.doc and d["doc_id"] == doc.doc_id
            assert f.quote.strip() and f.sentence and f.rule


def test_same_text_gives_same_ids(corpus_dir: Path) -> None:
    first = [[f.figure_id for f in figs] for _, _, figs in _all(corpus_dir)]
    second = [[f.figure_id for f in figs] for _, _, figs in _all(corpus_dir)]
    assert first == second
    flat = [i for ids in first for i in ids]
    assert len(flat) == len(set(flat))


def test_sample_corpus_has_the_key_figures(corpus_dir: Path) -> None:
    found = {(f.doc[:3], " ".join(f.quote.split())): f for _, _, figs in _all(corpus_dir) for f in figs}
    loan = found[("001", "US$3 million")]
    assert (loan.value, loan.unit, loan.kind, loan.indicator, loan.year) == (
        3e6,
        "USD",
        "money",
        "loan",
        1961,
    )
    lives = found[("002", "over 80,000 lives")]
    assert (lives.value, lives.qualifier, lives.low, lives.high, lives.indicator) == (
        80000,
        "at_least",
        80000,
        None,
        "casualties",
    )
    energy = found[("004", "nearly 32 quadrillion BTU")]
    assert energy.kind == "energy" and energy.value == 3.2e16 and energy.year == 2019
    kinds = Counter(f.kind for _, _, figs in _all(corpus_dir) for f in figs)
    assert kinds["money"] >= 5 and kinds["share"] >= 4 and kinds["people"] >= 3
