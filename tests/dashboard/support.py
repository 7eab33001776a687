"""Helpers for dashboard tests: build warehouses (corpus, hand-built), read AppTest elements."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from extract.documents import iter_paths, load_document
from extract.pipeline import find_figures
from extract.record import Document, Figure, figure_id
from warehouse import store

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"

#: AppTest's default timeout is 3 s; the first run imports plotly, polars and duckdb.
TIMEOUT = 30


def build_corpus_db(db: Path, corpus: Path) -> Path:
    """Ingest every document of `corpus` into a new warehouse at `db`; return `db`."""
    items = []
    for path in iter_paths([corpus]):
        document = load_document(path)
        items.append((document, find_figures(document.text, document.meta)))
    store.ingest(db, items)
    return db


#: Sentences of the hand-built warehouse: (quote, fields). Values are chosen so each chart
#: path and filter has something to show; the text holds markup that must stay escaped.
AID_TEXT = (
    "Aid report <script>alert('x')</script> & notes.\n\n"
    "In 2001, the United States gave Pakistan US$100 million in aid. "
    "In 2003, Russia gave Pakistan US$250 million in aid. "
    "In 2005, the United States pledged over US$400 million in aid. "
    "In 2007, Russia offered up to US$50 million in aid. "
    "In 2009, the United States gave between US$10 million and US$30 million in aid.\n\n"
    "Exports to Russia were 55% of the total. Pakistan is the 44th largest economy. "
    "Pakistan used around 3.5 quadrillion BTU in 2019. Over 80,000 lives were lost."
)

AID_FIGURES: list[tuple[str, dict[str, Any]]] = [
    ("US$100 million", {"value": 1e8, "unit": "USD", "kind": "money", "indicator": "aid", "year": 2001,
                        "actors": ("United States", "Pakistan")}),
    ("US$250 million", {"value": 2.5e8, "unit": "USD", "kind": "money", "indicator": "aid", "year": 2003,
                        "actors": ("Russia", "Pakistan")}),
    ("over US$400 million", {"value": 4e8, "low": 4e8, "qualifier": "at_least", "unit": "USD", "kind": "money",
                             "indicator": "aid", "year": 2005, "actors": ("United States",)}),
    ("up to US$50 million", {"value": 5e7, "high": 5e7, "qualifier": "at_most", "unit": "USD", "kind": "money",
                             "indicator": "aid", "year": 2007, "actors": ("Russia",)}),
    ("between US$10 million and US$30 million", {"value": 2e7, "low": 1e7, "high": 3e7, "qualifier": "range",
                                                 "unit": "USD", "kind": "money", "indicator": "aid", "year": 2009,
                                                 "actors": ("United States", "Pakistan")}),
    ("55%", {"value": 55.0, "unit": "percent", "kind": "share", "indicator": "export_share",
             "actors": ("Pakistan", "Russia"), "subject": "exports to Russia"}),
    ("44th largest", {"value": 44.0, "unit": "rank", "kind": "rank", "indicator": "economy_rank",
                      "actors": ("Pakistan",)}),
    ("around 3.5 quadrillion BTU", {"value": 3.5e15, "unit": "british_thermal_unit", "value_base": 3.69e18,
                                    "unit_base": "joule", "kind": "energy", "indicator": "energy_consumption",
                                    "qualifier": "approx", "year": 2019, "actors": ("Pakistan",)}),
    ("Over 80,000 lives", {"value": 8e4, "low": 8e4, "qualifier": "at_least", "unit": "person", "kind": "people",
                           "indicator": "casualties", "actors": ("Pakistan",), "subject": "lives"}),
]  # fmt: skip

OTHER_TEXT = "Loan note.\n\nIn 2004, China lent Pakistan US$2 billion as a loan."
OTHER_FIGURES: list[tuple[str, dict[str, Any]]] = [
    ("US$2 billion", {"value": 2e9, "unit": "USD", "kind": "money", "indicator": "loan", "year": 2004,
                      "actors": ("China", "Pakistan")}),
]  # fmt: skip


def make_item(
    name: str, text: str, figures: list[tuple[str, dict[str, Any]]], **meta: Any
) -> tuple[Document, list[Figure]]:
    """Return a Document for `text` and a Figure at each quote's offsets (fields as given)."""
    doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()
    document = Document(doc_id=doc_id, doc=name, path=f"/hand/{name}", format="txt", text=text, **meta)
    out = []
    for quote, fields in figures:
        start = text.index(quote)
        end = start + len(quote)
        record: dict[str, Any] = {
            "figure_id": figure_id(doc_id, start, end), "doc": name, "doc_id": doc_id, "start": start, "end": end,
            "quote": quote, "low": None, "high": None, "qualifier": "exact", "direction": None, "subject": None,
            "actors": (), "year": None, "sentence": text[max(0, start - 40) : end + 20].replace("\n", " "),
            "rule": "test.hand_built",
        }  # fmt: skip
        record.update(fields)
        record.setdefault("value_base", record["value"])
        record.setdefault("unit_base", record["unit"])
        out.append(Figure(**record))
    return document, out


def build_hand_db(db: Path) -> Path:
    """Ingest the two hand-built documents into a new warehouse at `db`; return `db`."""
    store.ingest(
        db,
        [
            make_item("aid_report.txt", AID_TEXT, AID_FIGURES, title="Aid <b>report</b>", authors=("A. Author",),
                      date="2020-01-02", doi="10.1234/aid.1", url="https://example.org/aid"),
            make_item("loan_note.txt", OTHER_TEXT, OTHER_FIGURES, title="Loan note", url="javascript:alert(1)"),
        ],
    )  # fmt: skip
    return db


#: The large warehouse: more documents than the Documents page shows at once, more figures
#: than the Figures page's table, and more dated money figures than its chart draws one by one.
LARGE_DOCS = 210
LARGE_PER_DOC = 11


def build_large_db(db: Path) -> Path:
    """Ingest `LARGE_DOCS` documents of `LARGE_PER_DOC` dated aid figures each; return `db`."""
    items = []
    for i in range(LARGE_DOCS):
        quotes = [f"US${i * LARGE_PER_DOC + j + 1} thousand" for j in range(LARGE_PER_DOC)]
        text = f"Report {i}. " + " ".join(f"In {2000 + j}, aid was {q} (item {j})." for j, q in enumerate(quotes))
        figures = [
            (q, {"value": 1e3 * (i * LARGE_PER_DOC + j + 1), "unit": "USD", "kind": "money", "indicator": "aid",
                 "year": 2000 + j})
            for j, q in enumerate(quotes)
        ]  # fmt: skip
        items.append(make_item(f"report_{i:03d}.txt", text, figures, title=f"Annual report {i}"))
    store.ingest(db, items)
    return db


AppFactory = Callable[..., AppTest]


def chart_specs(at: AppTest) -> dict[str, dict[str, Any]]:
    """Return every plotly chart on the page as its JSON spec, by widget key."""
    return {el.key or str(i): json.loads(el.proto.spec) for i, el in enumerate(at.get("plotly_chart"))}


def chart_points(spec: dict[str, Any]) -> list[list[Any]]:
    """Return the customdata rows of every trace of a chart spec."""
    return [list(cd) for trace in spec["data"] for cd in trace.get("customdata") or []]


def html_text(at: AppTest) -> str:
    """Return the bodies of every st.html element on the page, joined."""
    return "\n".join(el.proto.body for el in at.get("html"))


def no_errors(at: AppTest) -> None:
    """Assert the page raised nothing and showed no error."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


#: Two news paragraphs that report different US aid to Pakistan for 2010 (a real conflict
#: for the Conflicts page), plus EUR aid in 2010 (no EUR->USD rate that year: stays in EUR).
NEWS: dict[str, tuple[str, dict[str, Any]]] = {
    "dawn_aid_2010.txt": (
        "US aid after the floods\n\n"
        "In 2010, the United States gave Pakistan US$1.5 billion in aid after the floods, officials said.\n\n"
        "The EU gave Pakistan €150 million in aid in 2010.\n",
        {"title": "US aid to Pakistan after the floods", "authors": ("Sara Khan",), "date": "2010-10-05",
         "venue": "Dawn", "url": "https://example.org/dawn/aid-2010"},
    ),
    "tribune_aid_2010.txt": (
        "Flood relief tally\n\n"
        "In 2010, the United States gave Pakistan US$1.8 billion in aid, according to the embassy.\n\n"
        "In 2010, Japan gave Pakistan US$500 million in aid.\n",
        {"title": "Flood relief tally", "authors": ("John Smith",), "date": "2010-11-12",
         "venue": "The Express Tribune", "url": "https://example.org/tribune/aid-2010"},
    ),
}  # fmt: skip


def news_items() -> list[tuple[Document, list[Figure]]]:
    """Return the two news documents, extracted by the real pipeline."""
    items = []
    for name, (text, meta) in NEWS.items():
        doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()
        document = Document(doc_id=doc_id, doc=name, path=f"/news/{name}", format="txt", text=text, **meta)
        items.append((document, find_figures(document.text, document.meta)))
    return items


def build_conflict_db(db: Path, corpus: Path) -> Path:
    """Ingest the sample corpus and the two news documents into a new warehouse at `db`."""
    items = []
    for path in iter_paths([corpus]):
        document = load_document(path)
        items.append((document, find_figures(document.text, document.meta)))
    store.ingest(db, items + news_items())
    return db
