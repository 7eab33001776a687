"""Split a stored text into lines and tell them apart: text, blank, page numbers, running heads, footnotes.

extract.cleaning reads the lines and their kinds to join the text's lines back into
paragraphs. `classify` is the plain pass over every line; `classify_fast` gives the same
kinds, looking at single lines only where a check of the whole text says one may change.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_DIGITS = re.compile(r"\d{1,3}")
_FN_SEPARATOR = re.compile(r"[ \t]{10,}|\s*[_\u2014\u2013-]{5,}\s*")
_FN_SYMBOL = re.compile(r"([*\u2020\u2021\u00a7\u00b6])\s+\S")
_NOTE_SYMBOLS = "*\u2020\u2021\u00a7\u00b6"  # the symbols `_FN_SYMBOL` starts with
_BLANK = " \t\r\f\v\u00a0\ufeff"  # what a line is stripped of


@dataclass(slots=True)
class Line:
    """One line of a stored text, stripped, and what kind of line it is."""

    start: int  # stored offset of the first non-blank character
    end: int  # stored offset after the last non-blank character
    text: str  # the stripped line
    kind: str = "text"  # text, blank, note_sep, marker, furniture, footnote, note_num, note_start
    page_edge: bool = False


def split_lines(raw: str) -> list[Line]:
    """Return the lines of `raw` (split at "\\n"), blank or text, each first line of a page marked."""
    out: list[Line] = []
    append = out.append
    pos = 0
    page_break = True
    feeds = "\f" in raw
    for chunk in raw.split("\n"):
        n = len(chunk)
        stripped = chunk.strip(_BLANK)
        if not n:
            ln = Line(pos, pos, "", "blank")
        elif not stripped:
            kind = "note_sep" if _FN_SEPARATOR.fullmatch(chunk.rstrip("\r")) else "blank"
            ln = Line(pos + n, pos + n, "", kind)  # a blank chunk strips away whole
        elif len(stripped) == n:
            ln = Line(pos, pos + n, stripped)
        else:
            lead = n - len(chunk.lstrip(_BLANK))
            ln = Line(pos + lead, pos + lead + len(stripped), stripped)
        if page_break:
            ln.page_edge = True
            page_break = False
        if feeds and "\f" in chunk:
            page_break = True
        append(ln)
        pos += n + 1
    return out


def classify(lines: list[Line], hard: bool, width: int, gap0: int) -> None:
    """Mark footnote markers, page numbers, running heads and footnote blocks."""
    texts = [i for i, ln in enumerate(lines) if ln.kind not in ("blank", "note_sep")]
    counts = Counter(lines[i].text for i in texts if len(lines[i].text) < 80)
    if hard:
        _mark_page_numbers(lines, texts, counts, width, gap0)
    # page edges (form feeds): digits-only or repeated short lines are furniture
    for i in texts:
        ln = lines[i]
        if ln.kind == "text" and (ln.page_edge or _next_is_edge(lines, i)):
            _page_furniture(ln, counts[ln.text])
    _footnote_blocks(lines)
    _symbol_notes(lines, texts)


def classify_fast(lines: list[Line], hard: bool, width: int, gap0: int, raw: str) -> bool:
    """Do what `classify` does, visiting single lines only where a check of the whole text says one may change.

    Return False when no line can be a footnote. Lines with text are exactly those `classify`
    calls texts (blank and separator lines strip to nothing), whatever kinds the passes give them.
    """
    notes = False
    texts: list[int] | None = None
    counts: Counter[str] | None = None
    if hard:
        texts = [i for i, ln in enumerate(lines) if ln.text]
        counts = Counter(lines[i].text for i in texts if len(lines[i].text) < 80)
        _mark_page_numbers(lines, texts, counts, width, gap0)
    # the page edges are the first line and those after a form feed; the lines `_next_is_edge`
    # holds for are the ones before an edge with only blank lines between
    edges = [i for i, ln in enumerate(lines) if ln.page_edge] if "\f" in raw else [0][: len(lines)]
    near: set[int] = set()
    for e in edges:
        near.add(e)
        j = e - 1
        while j >= 0 and lines[j].kind == "blank" and not lines[j].page_edge:
            j -= 1
        if j >= 0:
            near.add(j)
    if counts is None and len(near) > 2:  # many pages: count every short line once
        counts = Counter(ln.text for ln in lines if ln.text and len(ln.text) < 80)
    for i in sorted(near):
        ln = lines[i]
        if ln.kind == "text":
            t = ln.text
            count = counts[t] if counts is not None else sum(1 for x in lines if x.text == t) if len(t) < 80 else 0
            _page_furniture(ln, count)
    if any(ln.kind == "note_sep" for ln in lines):
        _footnote_blocks(lines)
        notes = True
    if any(c in raw for c in _NOTE_SYMBOLS):
        texts = [i for i, ln in enumerate(lines) if ln.text] if texts is None else texts
        if any(lines[i].text[0] in _NOTE_SYMBOLS for i in texts):
            _symbol_notes(lines, texts)
            notes = True
    return notes


def _mark_page_numbers(lines: list[Line], texts: list[int], counts: Counter[str], width: int, gap0: int) -> None:
    """Mark digits-only lines of a hard-wrapped text as markers, and running heads above them."""
    digit_only = {i for i in texts if _DIGITS.fullmatch(lines[i].text)}
    for j, i in enumerate(texts):
        if i not in digit_only:
            continue
        lines[i].kind = "marker"
        prev = texts[j - 1] if j else None
        # a short line right before a page number is a running head
        if prev is not None and prev not in digit_only:
            p = lines[prev]
            blanks_before = 0
            while prev - blanks_before > 0 and lines[prev - blanks_before - 1].kind == "blank":
                blanks_before += 1
            if len(p.text) < 0.8 * width and (counts[p.text] >= 2 or blanks_before > gap0 or p.page_edge):
                p.kind = "furniture"


def _page_furniture(ln: Line, count: int) -> None:
    """Mark a line at a page edge as furniture when it is digits only or repeated (`count` times) and short."""
    repeated = count >= 2 and len(ln.text) < 80 and ln.text[-1] not in ".!?,;"
    if _DIGITS.fullmatch(ln.text) or repeated:
        ln.kind = "furniture"


def _footnote_blocks(lines: list[Line]) -> None:
    """Mark footnote blocks (a separator line, then notes up to the next page furniture); separators become blank."""
    n = len(lines)
    i = 0
    while i < n:
        if lines[i].kind == "note_sep":
            j = i + 1
            while (
                j < n
                and j - i < 60
                and lines[j].kind not in ("furniture", "note_sep")
                and not (lines[j].page_edge and j > i + 1)
            ):
                j += 1
            if (j < n and j - i < 60 and lines[j].kind == "furniture") or j == n:
                for x in lines[i + 1 : j]:
                    if x.kind in ("text", "marker"):
                        x.kind = "note_num" if _DIGITS.fullmatch(x.text) else "footnote"
                i = j
                continue
        i += 1
    for ln in lines:
        if ln.kind == "note_sep":
            ln.kind = "blank"


def _symbol_notes(lines: list[Line], texts: list[int]) -> None:
    """Mark symbol footnotes ("* Lecturer, ...") whose symbol marks a name earlier in the text."""
    seen = ""
    for i in texts:
        ln = lines[i]
        m = _FN_SYMBOL.match(ln.text)
        if ln.kind == "text" and m and len(ln.text) < 400 and re.search(rf"\w\s?{re.escape(m.group(1))}(?:\s|$)", seen):
            ln.kind = "note_start"
        seen += ln.text[-3:] + "\n" if len(seen) < 20000 else ""


def _next_is_edge(lines: list[Line], i: int) -> bool:
    for j in range(i + 1, len(lines)):
        ln = lines[j]
        if ln.page_edge:
            return True
        if ln.kind != "blank":
            return False
    return False


def usual_gap(lines: list[Line], width: int) -> int:
    """Return the most common number of blank lines after a full line (the wrap gap)."""
    gaps: Counter[int] = Counter()
    blanks = 0
    prev_full = False
    for ln in lines:
        if ln.kind == "blank":
            blanks += 1
            continue
        if ln.kind != "text":
            continue
        if prev_full:
            gaps[blanks] += 1
        prev_full = len(ln.text) >= 0.8 * width
        blanks = 0
    return gaps.most_common(1)[0][0] if gaps else 0
