"""Read a document's metadata from what its text states: title, authors, date, venue, DOI, URL.

Only stated facts are taken, from the front matter and the first lines (never from the
reference list, whose DOIs and URLs belong to other works). What the text does not state
stays empty; the title then falls back to the file name. Hints from HTML meta tags or PDF
info come first when present.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}  # fmt: skip
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE_MDY = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}}),?\s+((?:19|20)\d\d)\b")
_DATE_DMY = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\s+((?:19|20)\d\d)\b")
_DATE_ISO = re.compile(r"\b((?:19|20)\d\d)[-/](\d\d)[-/](\d\d)\b")
_DOI = re.compile(r"\b10\.\d{4,9}/\S+")
_URL = re.compile(r"https?://\S+")
_BYLINE = re.compile(r"(?im)^\s*By\s+([A-Z][^\n]{2,120})$")
_NAME = r"[A-Z][\w'\u2019.-]+(?:\s+[A-Z][\w'\u2019.-]+){1,3}"
_NAME_MARKED = re.compile(rf"(?m)^\s*({_NAME})\s*[*\u2020\u2021\u00a7\u00b6\d,]+\s*$")
_TITLE_LABEL = re.compile(r"(?im)^\s*(?:Article\s+)?Title\s*(?::\s*(\S[^\n]{9,300})|\n\s*\n?\s*(\S[^\n]{9,300}))$")
_DOI_LABEL = re.compile(r"(?im)^\s*DOI\s*:\s*(10\.\S+)")
_URL_LABEL = re.compile(
    r"(?im)^\s*(?:URL|Article link|Link|Available at|Source|DOI link)\s*:\s*<?\[?(https?://[^\s>\]]+)"
)
_AUTHORS_BLOCK = re.compile(
    r"(?ims)^\s*Authors?\s*:?\s*\n(.{0,2000}?)"
    r"(?:\n\s*\n\s*(?:Pages?|DOI|Abstract|Introduction)\b|\Z)"
)
_AUTHOR_LINE = re.compile(rf"(?m)^\s*({_NAME})\s*:")
_CITATION = re.compile(
    r"\((?P<year>(?:19|20)\d\d)[a-z]?\)\.\s+(?P<title>[^\n]{10,300}?[.?!])\s+"
    r"(?:\*|<i>)(?P<venue>[^*<\n]{3,150}?)\s*(?:\*|</i>)"
)
_LANGUAGE = re.compile(r"(?im)^\s*Language\s*:\s*([A-Za-z-]{2,20})\s*$")
_JUNK_TITLE = re.compile(r"(?i)^(?:untitled|microsoft word|document\d*|slide \d+)|\.(?:docx?|pdf|tex)$")


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a document says about itself; None or empty where it says nothing."""

    title: str | None = None
    authors: tuple[str, ...] = field(default_factory=tuple)
    date: str | None = None
    venue: str | None = None
    doi: str | None = None
    url: str | None = None
    language: str | None = None


def read_metadata(raw: str, front: str, hints: Metadata | None = None, *, limit: int | None = None) -> Metadata:
    """Return the metadata `raw` states, reading labels in `front` (its front matter).

    `raw` is the stored text (Markdown markers intact, for citations in *italics*);
    `front` the cleaned front matter plus the document's first lines; `limit` the stored
    offset where the reference list begins (citations after it are of other works).
    """
    hints = hints or Metadata()
    head = raw[: min(12000, len(raw) if limit is None else limit)]
    citation = _CITATION.search(head)
    title = hints.title or _labelled_title(front) or _byline_title(front)
    if not title and citation:
        title = citation.group("title").rstrip(".")
    title = title or _running_head(raw)
    authors = hints.authors or _authors(front)
    date = hints.date or _date(front, citation.group("year") if citation else None)
    venue = hints.venue or (_clean(citation.group("venue")) if citation else None)
    doi = hints.doi or _doi(front)
    url = hints.url or _url(front)
    lang = _LANGUAGE.search(front)
    language = hints.language or (lang.group(1) if lang else None)
    return Metadata(title, authors, date, venue, doi, url, language)


def with_fallback_title(meta: Metadata, name: str) -> Metadata:
    """Return `meta` with the file name (without its suffix) as title when none is stated."""
    if meta.title:
        return meta
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return replace(meta, title=stem)


def good_title(title: str | None) -> str | None:
    """Return `title` stripped, or None when it is empty or a tool's placeholder."""
    if not title:
        return None
    title = " ".join(title.split())
    return None if len(title) < 3 or _JUNK_TITLE.search(title) else title


def parse_date(text: str) -> str | None:
    """Return the first date in `text` as ISO (YYYY-MM-DD), else None.

    >>> parse_date("By Fatima Sagheer May 19, 2025")
    '2025-05-19'
    >>> parse_date("D:20240301120000")
    """
    m = _DATE_ISO.search(text)
    if m:
        return "-".join(m.groups())
    m = _DATE_MDY.search(text)
    if m:
        month = _MONTHS[m.group(1).rstrip(".").lower()]
        return f"{m.group(3)}-{month:02d}-{int(m.group(2)):02d}"
    m = _DATE_DMY.search(text)
    if m:
        month = _MONTHS[m.group(2).rstrip(".").lower()]
        return f"{m.group(3)}-{month:02d}-{int(m.group(1)):02d}"
    return None


def _clean(s: str) -> str:
    return " ".join(s.replace("\\", "").split()).strip(" .,;")


def _labelled_title(front: str) -> str | None:
    m = _TITLE_LABEL.search(front)
    return good_title(m.group(1) or m.group(2)) if m else None


def _byline_title(front: str) -> str | None:
    """Return the short paragraph just before a "By ..." byline (a news headline)."""
    m = _BYLINE.search(front)
    if not m:
        return None
    before = [p.strip() for p in front[: m.start()].split("\n\n") if p.strip()]
    for p in reversed(before):
        if 10 <= len(p) <= 200 and not parse_date(p) and "\n" not in p:
            return good_title(p)
    return None


def _running_head(raw: str) -> str | None:
    """Return a running head printed above page numbers in hard-wrapped text, if any."""
    m = re.search(r"\n\s*\n\s*\n\s*([A-Z][^\n]{10,80}?)\s*\n\s*\n?\s*\d{1,3}\s*\n", raw)
    return good_title(m.group(1)) if m else None


def _authors(front: str) -> tuple[str, ...]:
    m = _BYLINE.search(front)
    if m:
        line = re.split(r"\s+[|\u2014\u2013-]\s+|\s{2,}", m.group(1))[0]
        parts: list[str] = re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", line)
        return tuple(n.strip() for n in parts if re.fullmatch(_NAME, n.strip()))
    block = _AUTHORS_BLOCK.search(front)
    if block:
        names: tuple[str, ...] = tuple(dict.fromkeys(_AUTHOR_LINE.findall(block.group(1))))
        if names:
            return names
    return tuple(dict.fromkeys(n.strip() for n in _NAME_MARKED.findall(front[:3000])))


def _date(front: str, citation_year: str | None) -> str | None:
    m = _BYLINE.search(front)
    if m:
        after = front[m.end() : m.end() + 200]
        found = parse_date(after)
        if found:
            return found
    m = re.search(r"(?im)^\s*(?:Published|Date|Publication date)\s*:?\s*([^\n]{4,60})$", front)
    if m and parse_date(m.group(1)):
        return parse_date(m.group(1))
    return citation_year


def _doi(front: str) -> str | None:
    m = _DOI_LABEL.search(front)
    if m:
        return _trim(m.group(1))
    m = re.search(r"doi\.org/(10\.\S+)", front)
    return _trim(m.group(1)) if m else None


def _url(front: str) -> str | None:
    found: dict[str, str] = {}
    for m in _URL_LABEL.finditer(front):
        label = m.group(0).split(":", 1)[0].strip().lower()
        found.setdefault(label, _trim(m.group(1)))
    for label in ("url", "article link", "link", "available at", "source", "doi link"):
        if label in found:
            return found[label]
    cited = re.search(r"(?im)^\s*Citation\s*:[^\n]*?(https?://\S+)", front)
    return _trim(cited.group(1)) if cited else None


def _trim(ref: str) -> str:
    """Strip escapes, trailing punctuation and unbalanced closing brackets from a DOI or URL.

    >>> _trim("10.31703/gfpr.2023(VI-III).01).")
    '10.31703/gfpr.2023(VI-III).01'
    """
    ref = ref.replace("\\", "")
    while ref and ref[-1] in ".,;:'\">*":
        ref = ref[:-1]
    while ref.endswith((")", "]")) and ref.count(ref[-1]) > ref.count("(" if ref[-1] == ")" else "["):
        ref = ref[:-1]
    return ref.rstrip(".,;")
