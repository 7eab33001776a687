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
    """Yield the (start, end) of each paragraph of a cleaned text."""
    for m in _PARA.finditer(text):
        yield m.start(), m.end()


def divide(view: TextView) -> list[tuple[str, int, int]]:
    """Return (kind, start, end) spans of the cleaned text, in order, adjacent kinds merged."""
    text = view.text
    notes = view.footnotes
    spans = [(s, e) for s, e in paragraphs(text)]
    kinds: list[str] = []
    state = "front"
    body_confirmed = False
    prose_run = 0
    for s, e in spans:
        t = text[s:e].strip()
        if any(a <= s < b for a, b in notes):
            kinds.append("references" if _CITATION_NOTE.search(t) else "footnotes")
            continue
        first = t.split("\n", 1)[0].lstrip("#").strip()
        if _REFERENCES.match(first):
            state = "references"
        if state == "references":
            kinds.append("references")
            continue
        if "\t" in t and _CITATION_WORDS.search(t):
            kinds.append("citation_table")
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
        prose = len(t.split()) >= 5 and bool(_SENTENCE_END.search(t)) and not _NAME_LABEL.match(t)
        if state == "front" and (not prose or _AFFILIATION.search(t)):
            kinds.append("front_matter")
            continue
        state = "body"
        prose_run = prose_run + 1 if prose else prose_run
        body_confirmed = body_confirmed or prose_run >= 3
        kinds.append("body")
    # tabbed rows next to a citation table belong to it (its title row, its header row)
    for i, (s, e) in enumerate(spans):
        if kinds[i] in ("front_matter", "body") and "\t" in text[s:e]:
            near = kinds[max(0, i - 1) : i + 2]
            if "citation_table" in near:
                kinds[i] = "citation_table"
    if "body" not in kinds:  # a note or a single sentence: no front matter to tell apart
        kinds = ["body" if k == "front_matter" else k for k in kinds]
    merged: list[tuple[str, int, int]] = []
    for kind, (s, e) in zip(kinds, spans, strict=True):
        if merged and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1], e)
        else:
            merged.append((kind, s, e))
    return merged


def skip_spans(divided: list[tuple[str, int, int]]) -> tuple[tuple[int, int], ...]:
    """Return the cleaned spans whose figures are dropped, sorted."""
    return tuple((s, e) for kind, s, e in divided if kind in SKIPPED)
