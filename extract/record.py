"""The figure record and the document record: the contract other tools read.

Field names follow DESIGN.md verbatim; do not rename them.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Kind = Literal[
    "money", "share", "energy", "people", "rank", "count", "duration", "ratio", "quantity"
]
Qualifier = Literal["exact", "approx", "at_least", "at_most", "range"]
Direction = Literal["up", "down"]

#: Column order of the figure record, as printed by `figures extract` and stored in DuckDB.
FIGURE_FIELDS: tuple[str, ...] = (
    "figure_id",
    "doc",
    "doc_id",
    "start",
    "end",
    "quote",
    "value",
    "unit",
    "low",
    "high",
    "qualifier",
    "direction",
    "subject",
    "value_base",
    "unit_base",
    "kind",
    "indicator",
    "actors",
    "year",
    "sentence",
    "rule",
)

#: Metadata fields of a document record, besides its text.
DOCUMENT_FIELDS: tuple[str, ...] = (
    "doc_id",
    "doc",
    "path",
    "format",
    "title",
    "authors",
    "date",
    "venue",
    "doi",
    "url",
    "language",
    "n_chars",
)


@dataclass(frozen=True, slots=True)
class Figure:
    """One quantitative figure found in a document, with its exact source span."""

    figure_id: str
    doc: str
    doc_id: str
    start: int
    end: int
    quote: str
    value: float
    unit: str
    low: float | None
    high: float | None
    qualifier: Qualifier
    direction: Direction | None
    subject: str | None
    value_base: float
    unit_base: str
    kind: Kind
    indicator: str
    actors: tuple[str, ...]
    year: int | None
    sentence: str
    rule: str

    def to_dict(self) -> dict[str, Any]:
        """Return the record as a plain dict (actors as a list), in contract order."""
        d = asdict(self)
        d["actors"] = list(self.actors)
        return {k: d[k] for k in FIGURE_FIELDS}


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """What the extractor needs to know about a document besides its text."""

    doc: str
    doc_id: str


@dataclass(frozen=True, slots=True)
class Document:
    """A loaded document: the stored text that offsets point into, and its metadata."""

    doc_id: str
    doc: str
    path: str
    format: str
    text: str
    title: str | None = None
    authors: tuple[str, ...] = field(default_factory=tuple)
    date: str | None = None
    venue: str | None = None
    doi: str | None = None
    url: str | None = None
    language: str | None = None

    @property
    def meta(self) -> DocumentMeta:
        """Return the part of the document the extractor needs."""
        return DocumentMeta(doc=self.doc, doc_id=self.doc_id)

    def to_dict(self) -> dict[str, Any]:
        """Return the document's metadata and text as a plain dict."""
        return {
            "doc_id": self.doc_id,
            "doc": self.doc,
            "path": self.path,
            "format": self.format,
            "title": self.title,
            "authors": list(self.authors),
            "date": self.date,
            "venue": self.venue,
            "doi": self.doi,
            "url": self.url,
            "language": self.language,
            "n_chars": len(self.text),
            "text": self.text,
        }


def figure_id(doc_id: str, start: int, end: int) -> str:
    """Return the stable id of the span `start:end` of the document `doc_id`.

    >>> figure_id("abc", 1, 5) == figure_id("abc", 1, 5)
    True
    >>> len(figure_id("abc", 1, 5))
    16
    """
    return hashlib.sha256(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:16]
