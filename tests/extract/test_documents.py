"""Loading documents: decoding, format sniffing, HTML and PDF text, cleaning with an exact map."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from extract.cleaning import clean
from extract.documents import SUFFIXES, document_from_bytes, iter_paths, load_document
from extract.errors import DocumentError
from extract.pipeline import find_figures

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "documents"


def _quotes(doc) -> list[str]:  # type: ignore[no-untyped-def]
    figures = find_figures(doc.text, doc.meta)
    for f in figures:
        assert doc.text[f.start : f.end] == f.quote, f
    return [" ".join(f.quote.split()) for f in figures]


def test_utf8_bom_stays_in_the_stored_text() -> None:
    data = codecs.BOM_UTF8 + b"Aid rose to US$5 million in 1990."
    doc = document_from_bytes(data, name="bom.txt", path="bom.txt")
    assert doc.text == data.decode("utf-8") and doc.text[0] == "\ufeff"
    assert _quotes(doc) == ["US$5 million"]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_decodes(codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    data = bom + "Trade fell by 20% in 2020.".encode(codec)
    doc = document_from_bytes(data, name="u16.txt", path="u16.txt")
    assert doc.text == "Trade fell by 20% in 2020." and doc.format == "txt"
    assert _quotes(doc) == ["20%"]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ("caf\u00e9 costs \u00a35".encode("cp1252"), "not valid UTF-8"),
        (b"\x00\x01\x02binary", "binary"),
        (b"   \n", "empty"),
        (b"plain words", "not a PDF"),
    ],
)
def test_bad_input_is_a_clear_error(data: bytes, words: str) -> None:
    name = "x.pdf" if words == "not a PDF" else "x.txt"
    with pytest.raises(DocumentError, match=words):
        document_from_bytes(data, name=name, path=name)


def test_loader_follows_content_not_name() -> None:
    html = b"<!doctype html><html><body><p>Loans of US$3 million were agreed.</p></body></html>"
    doc = document_from_bytes(html, name="saved-page.txt", path="p")
    assert doc.format == "html" and "<p>" not in doc.text
    assert _quotes(doc) == ["US$3 million"]


def test_suffixes_and_iter_paths_cover_every_format(tmp_path: Path) -> None:
    assert {".txt", ".md", ".html", ".htm", ".pdf"} <= set(SUFFIXES)
    for name in ("a.txt", "b.md", "c.html", "d.pdf", "e.png"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in iter_paths([tmp_path])] == ["a.txt", "b.md", "c.html", "d.pdf"]


def test_html_keeps_main_text_and_table_drops_scripts_and_navigation() -> None:
    doc = load_document(FIXTURES / "page.html")
    assert doc.format == "html"
    for gone in ("US$5 billion", "US$9 billion", "Top 10", "US$4 per month", "55%", "200 employees"):
        assert gone not in doc.text
    assert "2021\tUS$700 million" in doc.text
    assert _quotes(doc) == [
        "US$2.5 billion", "12%", "up to 1,100 kilometres", "US$700 million", "US$1 billion",
    ]  # fmt: skip
    assert (doc.title, doc.authors, doc.date) == (
        "Pakistan and Russia sign an energy deal",
        ("Ayesha Khan", "Ivan Petrov"),
        "2023-05-02",
    )
    assert (doc.venue, doc.doi, doc.url, doc.language) == (
        "Example News", "10.1234/example.2023.7", "https://news.example.org/energy-ties", "en",
    )  # fmt: skip


def test_pdf_pages_are_read_and_cleaned(tmp_path: Path) -> None:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.set_title("Soviet loans to Pakistan")
    pdf.set_author("Nadia Rahman")
    pdf.set_font("helvetica", size=11)
    body = (
        "In 1961, Pakistan was granted a loan worth US$3 million for oil exploration. "
        "The Soviet Union later provided US$519 million for the purchase of helicopters. "
    ) * 3
    for page in range(3):
        pdf.add_page()
        pdf.multi_cell(0, 6, body if page < 2 else "Trade grew by 15% in the last year of the accord.")
    path = tmp_path / "loans.pdf"
    pdf.output(str(path))
    doc = load_document(path)
    assert doc.format == "pdf" and doc.text.count("\f") == 2
    assert (doc.title, doc.authors) == ("Soviet loans to Pakistan", ("Nadia Rahman",))
    quotes = _quotes(doc)
    assert quotes.count("US$3 million") == 6 and quotes.count("US$519 million") == 6
    assert quotes[-1] == "15%"


def test_broken_pdf_is_a_clear_error() -> None:
    with pytest.raises(DocumentError, match=r"cannot read the PDF|no text layer"):
        document_from_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\n", name="bad.pdf", path="bad.pdf")


def test_hard_wrapped_text_is_joined_dehyphenated_and_footnotes_moved() -> None:
    doc = load_document(FIXTURES / "wrapped.txt")
    view = doc.view
    assert view is not None
    assert "for the exploration of oil" in view.text  # the document spells "exploration" whole
    assert "long-term effects" in view.text  # a compound keeps its hyphen
    assert "relations. Later, about twenty engineers" in view.text  # marker "1" dropped
    assert "\n2 \n" not in view.text and "Soviet Union \n" not in view.text  # page furniture
    assert view.text.rstrip().endswith("Energy Politics (London, 1999), 112.")  # notes last
    quotes = _quotes(doc)
    assert "up to US$7 million" in quotes and "US$3 million" in quotes
    assert "45-67" not in " ".join(quotes)  # the footnote's page range is not a figure
    raw = next(f for f in find_figures(doc.text, doc.meta) if "US$7" in f.quote)
    assert raw.quote == "up to \n\nUS$7 million"


def test_markdown_escapes_links_and_mojibake_are_cleaned() -> None:
    doc = load_document(FIXTURES / "escaped.md")
    view = doc.view
    assert view is not None
    assert "more than $300 million in aid, see the report." in view.text
    assert "Trade reached US$1.2 billion" in view.text and "vis-à-vis 2019" in view.text
    found = {f.quote: f for f in find_figures(doc.text, doc.meta)}
    assert "more than \\$300 million" in found  # the quote is the stored slice, escape included
    assert "70 Years" not in found and "45-67" not in found  # the reference list is skipped
    assert (doc.title, doc.authors, doc.date) == (
        "Aid and Loans in the Cold War Era", ("Sara Malik",), "2021-03-03",
    )  # fmt: skip


@pytest.mark.parametrize(
    "raw",
    [
        "plain text without anything to clean.\n",
        "a \\$5 [link](http://x.org/a(b)) *em* and **strong** vis-Ã -vis caf\u00c3\u00a9\n\nnext",
        "line one of a wrapped para-\ngraph that goes on\nand on.\n\n\nNew para.",
        "\ufeffBOM first\r\nwindows lines\r\n",
    ],
)
def test_view_maps_every_character_back(raw: str) -> None:
    view = clean(raw)
    for i, ch in enumerate(view.text):
        span = view.to_raw(i, i + 1)
        if span is not None and span[1] - span[0] == 1 and not ch.isspace():
            assert raw[span[0]] == ch or ch in "àé"
    for k in range(len(view.cs) - 1):
        if view.ident[k]:
            assert view.text[view.cs[k] : view.cs[k + 1]] == raw[view.rs[k] : view.re[k]]
    assert clean(raw) == view  # pure: same text, same view


def test_corpus_quotes_are_stored_slices_and_references_are_skipped(corpus_dir: Path) -> None:
    quotes = {}
    for path in sorted(corpus_dir.glob("*.txt")):
        doc = load_document(path)
        assert doc.text == path.read_bytes().decode("utf-8")
        for f in find_figures(doc.text, doc.meta):
            assert doc.text[f.start : f.end] == f.quote
            assert doc.section_at(f.start) not in ("references", "citation_table", "front_matter")
            quotes[(doc.doc[:3], " ".join(f.quote.split()))] = f
    assert ("001", "up to US$7 million") in quotes
    assert ("002", "70 Years") not in quotes  # a year span in a reference title


def test_a_hyphen_break_inside_a_scale_or_unit_word_is_joined() -> None:
    """PDF text breaks "bil-/lion" and "per-/cent" at line ends; the figure is read whole even
    when the document never writes the word unbroken, and its quote is the stored text."""
    from extract.documents import document_from_bytes
    from extract.pipeline import find_figures

    body = [
        "Total aid commitments to the health sector in the region amounted to USD 31.7 bil-",
        "lion in 2022, the report on donor flows and their composition says in its summary,",
        "while hydropower capacity in the north of the country represents less than 2 per-",
        "cent of its estimated technical potential, as the same report notes in its annex.",
        "The well-known long-term plan for the sector covers the whole of the coming decade",
        "and sets out what each ministry must do to meet the goals agreed with the lenders.",
    ]
    raw = "\n".join(body) + "\n"
    doc = document_from_bytes(raw.encode(), name="aid.txt", path="aid.txt")
    found = {f.quote: (f.value, f.unit) for f in find_figures(doc.text, doc.meta)}
    assert found["USD 31.7 bil-\nlion"] == (31.7e9, "USD")
    assert found["less than 2 per-\ncent"] == (2.0, "percent")
