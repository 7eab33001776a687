"""Tell a document's sections apart: front matter, body, footnotes, references, citation tables.

Works on the cleaned view (paragraphs separated by blank lines), one paragraph at a time,
with a small state machine: labelled lines ("DOI:", "Pages:", "Keywords:") are front matter
until the body has clearly begun; a "References" heading starts the reference list; rows
with tab-separated cells that carry citation words are a citation table. Figures in
`SKIPPED` sections are not figures of the text (page ranges, volumes, years in titles).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from extract.cleaning import TextView

#: Section kinds whose figures the extractor drops.
SKIPPED = frozenset({"front_matter", "references", "citation_table"})

_PARA = re.compile(r"[^\n](?:.|\n(?!\n))*")
_NOT_NEWLINE = re.compile(r"[^\n]")
_LABEL = re.compile(
    r"(?i)^(?:p-ISSN|e-ISSN|ISSN|DOI\b(?:\s*\(\w+\))?|Vol(?:ume)?\b\.?|Issue\b|Pages?\b|"
    r"Citation\b|Cite this|Key\s?words?\b|Authors?\b|Corresponding Author|Home Page|Scope\b|"
    r"Submission|Article (?:link|Title|history|info)|Full-text Link|Pdf link|DOI link|"
    r"Google Scholar|Visit Us|Title\b|Contents\b|Received\b|Accepted\b|Published\b|Copyright\b|"
    r"Licen[cs]e\b|Citing Article|E-?mail\b|Affiliations?\b|Journal\b|Language\b|URL\b|JEL\b)"
)
_ABSTRACT = re.compile(r"(?i)^(?:abstract|summary)\b\s*[:.]?")
_INTRO = re.compile(r"(?i)^(?:\d+\.?\s*|[IVX]+\.\s*)?(?:introduction|background)\b[^\n]{0,40}$")
_REFERENCES = re.compile(
    r"(?i)^(?:\d+\.?\s*)?(?:references?|bibliography|works cited|literature cited|reference list|"
    r"sources|endnotes)\s*:?$"
)
_CITATION_WORDS = re.compile(
    r"\b(?:APA|MLA|CHICAGO|HARVARD|TURABIAN|MHRA)\b|(?i:\bdoi\b|\breferenc\w*|\bciting\b)|"
    r"\((?:19|20)\d\d[a-z]?\)"
)
_CITATION_NOTE = re.compile(
    r"https?://|\bdoi\b|\bpp?\.\s*\d|\bno\.\s*\d|\bvol\.\s*\d|\b(?:Ibid|op\. cit)\b|"
    r"[“\"][^”\"]{5,}[,.]?[”\"].{0,80}\b(?:1[6-9]|20)\d\d\b",
    re.I,
)
_SENTENCE_END = re.compile(r"[a-z)%\d][.!?][\"\u201d\u2019)]?(?:\s|$)")
_AFFILIATION = re.compile(r"\b(?:Department|University|Professor|Lecturer|Scholar|E-?mail)\b")
_NAME_LABEL = re.compile(r"^[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){1,3}:\s")


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Yield the (start, end) of each paragraph of a cleaned text.

    A paragraph runs from a character other than a newline to the next blank line ("\\n\\n")
    or the end of the text: the spans of `_PARA`, found by str.find instead of re's walk.
    """
    pos = 0
    n = len(text)
    while pos < n:
        if text[pos] == "\n":
            if pos + 2 < n and text[pos + 1] == "\n" and text[pos + 2] != "\n":
                pos += 2  # the usual single blank line
            else:
                m = _NOT_NEWLINE.search(text, pos)
                if m is None:
                    return
                pos = m.start()
        # one newline is found at memchr speed, two together are not
        end = text.find("\n", pos)
        while 0 <= end < n - 1 and text[end + 1] != "\n":
            end = text.find("\n", end + 2)
        end = n if end < 0 or end == n - 1 else end
        yield pos, end
        pos = end


def divide(view: TextView) -> list[tuple[str, int, int]]:
    """Return (kind, start, end) spans of the cleaned text, in order, adjacent kinds merged."""
    return _divide(view, list(paragraphs(view.text)), fast=True)


def divide_reference(view: TextView) -> list[tuple[str, int, int]]:
    """Return `divide(view)` by the plain scans: the reference the fast path must equal."""
    return _divide(view, [m.span() for m in _PARA.finditer(view.text)], fast=False)


def _divide(view: TextView, spans: list[tuple[int, int]], *, fast: bool) -> list[tuple[str, int, int]]:
    text = view.text
    notes = view.footnotes
    kinds: list[str] = []
    state = "front"
    body_confirmed = False
    prose_run = 0
    for s, e in spans:
        if notes and any(a <= s < b for a, b in notes):
            kinds.append("references" if _CITATION_NOTE.search(text[s:e].strip()) else "footnotes")
            continue
        if fast and state == "references":  # a reference list runs to the end (notes aside)
            kinds.append("references")
            continue
        t = text[s:e].strip()
        nl = t.find("\n")
        first = (t if nl < 0 else t[:nl]).lstrip("#").strip()
        if _REFERENCES.match(first):
            state = "references"
        if state == "references":
            kinds.append("references")
            continue
        if "\t" in t and _CITATION_WORDS.search(t):
            kinds.append("citation_table")
            continue
        if fast and body_confirmed:
            # the state is "body" for good (only an unconfirmed body returns to "front"), so the
            # abstract, label, introduction and prose tests below can only say "body"
            kinds.append("body")
            continue
        if _ABSTRACT.match(t):
            state = "body"
            kinds.append("body")
            continue
        if not body_confirmed and _LABEL.match(t):
            state = "front"
            kinds.append("front_matter")
            continue
        if _INTRO.match(first):
            state, body_confirmed = "body", True
            kinds.append("body")
            continue
        words = len(t.split(None, 4)) if fast else len(t.split())
        prose = words >= 5 and bool(_SENTENCE_END.search(t)) and not _NAME_LABEL.match(t)
        if state == "front" and (not prose or _AFFILIATION.search(t)):
            kinds.append("front_matter")
            continue
        state = "body"
        prose_run = prose_run + 1 if prose else prose_run
        body_confirmed = body_confirmed or prose_run >= 3
        kinds.append("body")
    # tabbed rows next to a citation table belong to it (its title row, its header row)
    tables = not fast or "citation_table" in kinds  # none to grow without one
    for i, (s, e) in enumerate(spans if tables else ()):
        if kinds[i] in ("front_matter", "body") and text.find("\t", s, e) >= 0:
            near = kinds[max(0, i - 1) : i + 2]
            if "citation_table" in near:
                kinds[i] = "citation_table"
    if "body" not in kinds:  # a note or a single sentence: no front matter to tell apart
        kinds = ["body" if k == "front_matter" else k for k in kinds]
    if not spans:
        return []
    # runs of one kind become one span: find where the kind changes
    cuts = [i for i in range(1, len(kinds)) if kinds[i] != kinds[i - 1]]
    firsts = [0, *cuts]
    lasts = [*(i - 1 for i in cuts), len(kinds) - 1]
    return [(kinds[a], spans[a][0], spans[z][1]) for a, z in zip(firsts, lasts, strict=True)]


def skip_spans(divided: list[tuple[str, int, int]]) -> tuple[tuple[int, int], ...]:
    """Return the cleaned spans whose figures are dropped, sorted."""
    return tuple((s, e) for kind, s, e in divided if kind in SKIPPED)
