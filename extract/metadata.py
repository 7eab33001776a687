"""Read a document's metadata from what its text states: title, authors, date, venue, DOI, URL.

Only stated facts are taken, from the front matter and the first lines (never from the
reference list, whose DOIs and URLs belong to other works). What the text does not state
stays empty; the title then falls back to the file name. Hints from HTML meta tags or PDF
info come first when present.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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
_RUNNING_HEAD = re.compile(r"\n\s*\n\s*\n\s*([A-Z][^\n]{10,80}?)\s*\n\s*\n?\s*\d{1,3}\s*\n")
_DATE_LABEL = re.compile(r"(?im)^\s*(?:Published|Date|Publication date)\s*:?\s*([^\n]{4,60})$")
_DOI_ORG = re.compile(r"doi\.org/(10\.\S+)")
_CITED_URL = re.compile(r"(?im)^\s*Citation\s*:[^\n]*?(https?://\S+)")
#: Characters re's IGNORECASE matches to an ASCII letter that lowercasing does not turn into it.
_CASE_ODD = "\u0130\u0131\u017f"
_LANGUAGE = re.compile(r"(?im)^\s*Language\s*:\s*([A-Za-z-]{2,20})\s*$")
#: The keywords (lowercase) a case-insensitive label pattern cannot match without, any one of them.
_NEEDS = {
    _BYLINE: ("by",),
    _TITLE_LABEL: ("title",),
    _AUTHORS_BLOCK: ("author",),
    _DATE_LABEL: ("published", "date"),
    _DOI_LABEL: ("doi",),
    _URL_LABEL: ("url", "link", "available", "source"),
    _CITED_URL: ("citation",),
    _LANGUAGE: ("language",),
}
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
    f = _Front.of(front)
    citation = _CITATION.search(raw, 0, min(12000, len(raw) if limit is None else limit))
    byline = f.search(_BYLINE)
    title = hints.title or _labelled_title(f) or _byline_title(front, byline)
    if not title and citation:
        title = citation.group("title").rstrip(".")
    title = title or _running_head(raw)
    authors = hints.authors or _authors(f, byline)
    date = hints.date or _date(f, byline, citation.group("year") if citation else None)
    venue = hints.venue or (_clean(citation.group("venue")) if citation else None)
    doi = hints.doi or _doi(f)
    url = hints.url or _url(f)
    lang = f.search(_LANGUAGE)
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


@dataclass(frozen=True, slots=True)
class _Front:
    """Front matter to read labels in, with what makes the label searches cheap.

    The label patterns begin with a MULTILINE `^`, so a match begins only where a line does:
    re would try every offset, `finditer` tries the line starts (unless lines are so many and
    short that re's own scan is cheaper). A case-insensitive label also needs its keyword
    (`_NEEDS`): `low`, the text lowercased, shows at once when it is absent.
    """

    text: str
    low: str | None  # None when lowercasing cannot rule a keyword out (`_CASE_ODD`)
    starts: list[int] | None  # where lines start; None to let re scan

    @classmethod
    def of(cls, text: str) -> _Front:
        """Return `text` ready for label searches."""
        odd = not text.isascii() and any(c in text for c in _CASE_ODD)
        return cls(text, None if odd else text.lower(), _line_starts(text))

    def head(self, n: int) -> _Front:
        """Return the first `n` characters, ready for label searches."""
        text = self.text[:n]
        starts = None if self.starts is None else [p for p in self.starts if p <= len(text)]
        return _Front(text, None if self.low is None else self.low[:n], starts)

    def may_match(self, pattern: re.Pattern[str]) -> bool:
        """Return False when the text lacks every keyword `pattern` needs (`_NEEDS`): it cannot match."""
        needs = _NEEDS.get(pattern)
        return needs is None or self.low is None or any(k in self.low for k in needs)

    def finditer(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """Yield the matches ``pattern.finditer(self.text)`` yields, for a pattern led by MULTILINE `^`."""
        if not self.may_match(pattern):
            return
        if self.starts is None:
            yield from pattern.finditer(self.text)
            return
        pos = 0
        for p in self.starts:
            if p < pos:
                continue
            m = pattern.match(self.text, p)
            if m is None:
                continue
            if m.end() == p:  # an empty match: re's rules for what follows one are not worth copying
                yield from pattern.finditer(self.text, p)
                return
            yield m
            pos = m.end()

    def search(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        """Return ``pattern.search(self.text)`` (as `finditer`)."""
        return next(self.finditer(pattern), None)

    def findall(self, pattern: re.Pattern[str]) -> list[str]:
        """Return ``pattern.findall(self.text)`` for a pattern with one group (as `finditer`)."""
        return [m.group(1) or "" for m in self.finditer(pattern)]


def _line_starts(text: str) -> list[int] | None:
    """Return the offsets where a MULTILINE `^` holds in `text`, or None when there are over 8 + 1 per 64 characters."""
    starts = [0]
    i = text.find("\n")
    while i >= 0:
        starts.append(i + 1)
        if len(starts) > 8 + len(text) // 64:
            return None
        i = text.find("\n", i + 1)
    return starts


def _labelled_title(f: _Front) -> str | None:
    m = f.search(_TITLE_LABEL)
    return good_title(m.group(1) or m.group(2)) if m else None


def _byline_title(front: str, m: re.Match[str] | None) -> str | None:
    """Return the short paragraph just before the "By ..." byline `m` (a news headline)."""
    if not m:
        return None
    before = [p.strip() for p in front[: m.start()].split("\n\n") if p.strip()]
    for p in reversed(before):
        if 10 <= len(p) <= 200 and not parse_date(p) and "\n" not in p:
            return good_title(p)
    return None


def _running_head(raw: str) -> str | None:
    """Return a running head printed above page numbers in hard-wrapped text, if any."""
    m = _RUNNING_HEAD.search(raw)
    return good_title(m.group(1)) if m else None


def _authors(f: _Front, m: re.Match[str] | None) -> tuple[str, ...]:
    if m:
        line = re.split(r"\s+[|\u2014\u2013-]\s+|\s{2,}", m.group(1))[0]
        parts: list[str] = re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", line)
        return tuple(n.strip() for n in parts if re.fullmatch(_NAME, n.strip()))
    block = f.search(_AUTHORS_BLOCK)
    if block:
        names: tuple[str, ...] = tuple(dict.fromkeys(_AUTHOR_LINE.findall(block.group(1))))
        if names:
            return names
    return tuple(dict.fromkeys(n.strip() for n in f.head(3000).findall(_NAME_MARKED)))


def _date(f: _Front, m: re.Match[str] | None, citation_year: str | None) -> str | None:
    if m:
        after = f.text[m.end() : m.end() + 200]
        found = parse_date(after)
        if found:
            return found
    m = f.search(_DATE_LABEL)
    if m and parse_date(m.group(1)):
        return parse_date(m.group(1))
    return citation_year


def _doi(f: _Front) -> str | None:
    m = f.search(_DOI_LABEL)
    if m:
        return _trim(m.group(1))
    m = _DOI_ORG.search(f.text)
    return _trim(m.group(1)) if m else None


def _url(f: _Front) -> str | None:
    found: dict[str, str] = {}
    for m in f.finditer(_URL_LABEL):
        label = m.group(0).split(":", 1)[0].strip().lower()
        found.setdefault(label, _trim(m.group(1)))
    for label in ("url", "article link", "link", "available at", "source", "doi link"):
        if label in found:
            return found[label]
    cited = f.search(_CITED_URL)
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
