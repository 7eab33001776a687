"""Curation log, constant dollars, conflicting sources and citations, on real sentences."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from extract.pipeline import find_figures
from extract.record import DocumentMeta
from warehouse import citations, conflicts, curation, money


def _figures(*docs: tuple[str, str]) -> pl.DataFrame:
    rows = []
    for name, text in docs:
        for f in find_figures(text, DocumentMeta(doc=name, doc_id=name * 4)):
            rows.append(f.to_dict())
    return pl.DataFrame(rows)


NEWS = (
    "a.txt",
    "In 2019, Washington gave Pakistan $500 million in aid.\n\nOver 80,000 lives were lost in the war.",
)
OTHER = ("b.txt", "In 2019, the United States gave Pakistan $650 million in aid to Pakistan.")


def test_decisions_apply_and_survive_reextraction(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    figs = _figures(NEWS)
    aid = figs.filter(pl.col("quote") == "$500 million")["figure_id"][0]
    lives = figs.filter(pl.col("quote") == "Over 80,000 lives")["figure_id"][0]
    curation.record(
        db, aid, "correct", changes={"value": "550000000", "year": "2018"}, note="typo in source", who="ana"
    )
    curation.record(db, lives, "reject", note="not about Pakistan", who="ben")
    applied = curation.apply(_figures(NEWS), db)  # a fresh extraction: same ids, decisions still apply
    row = applied.filter(pl.col("figure_id") == aid).row(0, named=True)
    assert (row["value"], row["year"], row["review_status"], row["reviewed_by"]) == (550e6, 2018, "corrected", "ana")
    assert applied.filter(pl.col("figure_id") == lives)["review_status"][0] == "rejected"
    lines = curation.log_path(db).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and json.loads(lines[0])["note"] == "typo in source"


def test_a_decision_whose_figure_disappeared_is_flagged(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    curation.record(db, "0123456789abcdef", "accept", who="ana")
    orphans = curation.orphans(_figures(NEWS), db)
    assert orphans["figure_id"].to_list() == ["0123456789abcdef"]


def test_bad_corrections_are_refused(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with pytest.raises(ValueError, match="cannot correct"):
        curation.record(db, "x", "correct", changes={"quote": "y"})
    with pytest.raises(ValueError, match="year must be a int"):
        curation.record(db, "x", "correct", changes={"year": "last year"})
    assert not curation.log_path(db).exists()


def test_review_queue_puts_uncertain_first_and_rule_quality(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    figs = _figures(NEWS)
    queue = curation.review_queue(figs, db)
    assert queue["quote"][0] == "Over 80,000 lives"  # no year, so the rules were less sure
    curation.record(db, queue["figure_id"][0], "reject")
    quality = curation.rule_quality(figs, db)
    people = quality.filter(pl.col("rule") == queue["rule"][0]).row(0, named=True)
    assert (people["rejected"], people["precision"]) == (1, 0.0)


def test_constant_dollars_use_the_cpi_table() -> None:
    assert money.cpi()[2020] == 258.811 and money.cpi()[1961] == 29.9
    figs = _figures(("c.txt", "In 1961, Pakistan was granted a loan worth US$3 million for oil exploration."))
    out = money.with_usd(figs, base_year=2020)
    row = out.row(0, named=True)
    assert row["value_usd"] == 3e6
    assert row["value_usd_const"] == pytest.approx(3e6 * 258.811 / 29.9)


def test_other_currencies_convert_only_with_a_dated_rate() -> None:
    figs = _figures(
        ("d.txt", "In 2021, the EU pledged €100 million. In 2021, Islamabad spent Rs 500 million on roads.")
    )
    out = money.with_usd(figs).sort("start")
    eur, pkr = out.row(0, named=True), out.row(1, named=True)
    assert eur["value_usd"] == pytest.approx(118.3e6) and "Federal Reserve" in eur["usd_note"]
    assert pkr["value_usd"] is None and "kept in PKR" in pkr["usd_note"]


def test_conflicting_sources_are_grouped_with_their_spread() -> None:
    figs = _figures(NEWS, OTHER)
    found = conflicts.groups(figs)
    assert found.height == 1
    g = found.row(0, named=True)
    assert (g["indicator"], g["year"], g["sources"], g["agree"]) == ("aid", 2019, 2, False)
    assert g["spread"] == pytest.approx(150 / 650)
    assert conflicts.members(figs, g)["quote"].to_list() == ["$500 million", "$650 million"]


def test_citations_from_metadata() -> None:
    doc = {
        "doc": "002.txt",
        "title": "Diplomatic Complexity",
        "authors": ["Uroosa Ishfaq", "Kashif Ashfaq", "Hamza Ashfaq"],
        "date": "Summer 2023",
        "venue": "Global Foreign Policies Review",
        "doi": "10.31703/gfpr.2023(VI-III).01",
    }
    assert citations.apa(doc).startswith("Ishfaq, U., Ashfaq, K., & Ashfaq, H. (2023). Diplomatic Complexity.")
    bib = citations.bibtex(doc)
    assert bib.startswith("@article{ishfaq2023diplomatic,") and "doi = {10.31703/gfpr.2023(VI-III).01}" in bib
    assert citations.apa({"doc": "000.txt"}) == "000.txt. (n.d.)."
    line = citations.how_to_cite("Aid to Pakistan", [doc], accessed="2026-11-22")
    assert "Diplomatic Complexity" in line and "1 source" in line
