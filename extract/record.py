"""The figure record and the document record: the contract other tools read.

Field names follow DESIGN.md verbatim; do not rename them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from extract.cleaning import TextView

Kind = Literal["money", "share", "energy", "people", "rank", "count", "duration", "ratio", "quantity"]
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
    "sections",
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
class Section:
    """A span of a document's stored text and what part of the document it is.

    `kind` is one of front_matter, body, footnotes, references, citation_table.
    """

    kind: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """What the extractor needs to know about a document besides its text.

    `view`, when set, is the cleaned view of the text: find_figures reads it and maps its
    figures back to the stored text, dropping those in reference lists and the like.
    """

    doc: str
    doc_id: str
    view: TextView | None = field(default=None, compare=False, repr=False)


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
    sections: tuple[Section, ...] = ()
    view: TextView | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Rows read back from Parquet or the database hold sections as JSON text or dicts.
        raw: Any = self.sections
        if isinstance(raw, str):
            raw = json.loads(raw) if raw else []
        if raw and not isinstance(raw[0], Section):
            object.__setattr__(self, "sections", tuple(Section(**dict(d)) for d in raw))
        elif not isinstance(raw, tuple):
            object.__setattr__(self, "sections", tuple(raw or ()))

    @property
    def meta(self) -> DocumentMeta:
        """Return the part of the document the extractor needs."""
        return DocumentMeta(doc=self.doc, doc_id=self.doc_id, view=self.view)

    def section_at(self, offset: int) -> str | None:
        """Return the kind of the innermost section holding stored offset `offset`."""
        inside = [s for s in self.sections if s.start <= offset < s.end]
        return min(inside, key=lambda s: s.end - s.start).kind if inside else None

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
            "sections": json.dumps([asdict(s) for s in self.sections]),
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
