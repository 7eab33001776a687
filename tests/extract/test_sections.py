"""Sections of the sample documents: front matter, body, footnotes, references, citation tables."""

from __future__ import annotations

from pathlib import Path

from extract.documents import document_from_bytes, load_document
from extract.pipeline import find_figures


def _doc(corpus_dir: Path, prefix: str):  # type: ignore[no-untyped-def]
    return load_document(next(corpus_dir.glob(f"{prefix}_*.txt")))


def _kinds(doc) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.kind for s in doc.sections]


def test_journal_article_has_front_matter_body_references_and_notes(corpus_dir: Path) -> None:
    doc = _doc(corpus_dir, "002")
    assert _kinds(doc)[0] == "front_matter" and "references" in _kinds(doc)
    at = doc.text.index
    assert doc.section_at(at("Pages: 1 \u2013 8")) == "front_matter"
    assert doc.section_at(at("Craig, T. (2015)")) == "references"
    assert doc.section_at(at("MPhil Scholar")) == "footnotes"
    assert doc.section_at(at("over 80,000 lives")) == "body"
    assert doc.section_at(at("The article explores")) == "body"  # the abstract is text


def test_citation_table_is_not_text(corpus_dir: Path) -> None:
    doc = _doc(corpus_dir, "004")
    at = doc.text.index
    assert doc.section_at(at("Referencing & Citing Styles")) == "citation_table"
    assert doc.section_at(at("Pages\t27-36")) == "citation_table"
    assert doc.section_at(at("Ahmed, A. (2022)")) == "references"
    assert doc.section_at(at("nearly 32 quadrillion BTU")) == "body"
    quotes = [f.quote for f in find_figures(doc.text, doc.meta)]
    assert "27-36" not in " ".join(quotes) and "37-36" not in " ".join(quotes)


def test_pdf_footnotes_with_citations_count_as_references(corpus_dir: Path) -> None:
    doc = _doc(corpus_dir, "001")
    at = doc.text.index
    assert doc.section_at(at("Strategic Studies 37, no. 2")) == "references"
    assert doc.section_at(at("US$519 million")) == "body"


def test_op_ed_and_essay(corpus_dir: Path) -> None:
    op_ed = _doc(corpus_dir, "000")
    assert op_ed.section_at(op_ed.text.index("Fatima Sagheer")) == "front_matter"
    essay = _doc(corpus_dir, "003")
    assert _kinds(essay) == ["body"]


def test_a_single_sentence_is_body() -> None:
    doc = document_from_bytes(b"Aid rose to US$5 million.", name="s.txt", path="s.txt")
    assert _kinds(doc) == ["body"]
