"""Clean a document's stored text for the extractor, keeping an exact map back to it.

The extractor reads the cleaned view: hard-wrapped lines joined, words split across lines
rejoined, footnote markers, page numbers and running heads dropped, footnote blocks moved
after the body, Markdown escapes, emphasis and link syntax removed, mojibake repaired,
runs of spaces collapsed. Every cleaned character remembers the range of stored text it
came from, so a span found in the view maps back to the exact stored slice
(`TextView.to_raw`). pipeline.find_figures reads the view and maps its figures back.

A hyphen at a line end is kept ("Indo-" + "centric" -> "Indo-centric") unless the document
itself spells the joined word without it elsewhere: compounds and number words
("thirty-\\nfive") are commoner in our sources than typesetters' word breaks.
"""

from __future__ import annotations

import bisect
import difflib
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

log = logging.getLogger(__name__)

_TERMINAL = ".!?:;\"\u201d\u2019'"
_MOJIBAKE = re.compile(r"[\u00c2-\u00c5\u00e2][\u0080-\u00bf\u2010-\u203a\u20ac\u0152-\u0178\u02c6\u02dc ]")
_INLINE = re.compile(
    r"(?P<link>!?\[(?P<ltext>[^\]\n]{0,500})\]\((?:[^()\s]|\([^()\s]*\))*\))"
    r"|(?P<auto><(?P<aurl>https?://[^>\s]{1,2000})>)"
    r"|(?P<tag></?(?:i|b|em|strong|u|sup|sub|span|small)\s*>)"
    r"|(?P<esc>\\(?=[\\`*_{}\[\]()#+\-.!$%|<>~&]))"
    r"|(?P<emph>(?<![\w*\\])(?P<mark>\*\*|\*|__)(?=[^\s*])(?P<etext>[^*\n]{1,5000}?)(?<=[^\s*\\])(?P=mark)(?![\w*]))"
    r"|(?P<space>[ \u00a0\u2009\u202f]{2,}|[\u00a0\u2009\u202f])"
    r"|(?P<zero>[\u00ad\u200b\u200c\u200d\u2060\ufeff])"
)
#: Where an `_INLINE` match can start: the first characters of its branches, or a space before
#: another space. A cheap scan for these (re's charset search) finds the few places worth
#: trying `_INLINE` at, instead of trying its branches at every character of the text.
_INLINE_START = re.compile(
    "[!\\[<\\\\*_\u00a0\u2009\u202f\u00ad\u200b\u200c\u200d\u2060\ufeff]| (?=[ \u00a0\u2009\u202f])"
)
_DIGITS = re.compile(r"\d{1,3}")
_FN_SEPARATOR = re.compile(r"[ \t]{10,}|\s*[_\u2014\u2013-]{5,}\s*")
_FN_SYMBOL = re.compile(r"([*\u2020\u2021\u00a7\u00b6])\s+\S")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class TextView:
    """A cleaned view of a stored text, and the map from each cleaned character back to it.

    Segment k covers cleaned ``[cs[k], cs[k+1])`` and came from stored ``[rs[k], re[k])``;
    an identity segment maps character to character, any other maps each of its characters
    to its whole stored range. `skip` holds cleaned spans (reference lists, citation tables,
    front-matter labels) whose figures are not figures of the text.
    """

    text: str
    raw_len: int
    cs: tuple[int, ...]
    rs: tuple[int, ...]
    re: tuple[int, ...]
    ident: tuple[bool, ...]
    footnotes: tuple[tuple[int, int], ...] = ()
    skip: tuple[tuple[int, int], ...] = ()

    def _char(self, i: int) -> tuple[int, int]:
        k = bisect.bisect_right(self.cs, i) - 1
        if self.ident[k]:
            r = self.rs[k] + (i - self.cs[k])
            return r, r + 1
        return self.rs[k], self.re[k]

    def to_raw(self, start: int, end: int) -> tuple[int, int] | None:
        """Return the stored span that cleaned `start:end` came from, or None if it has none."""
        if not 0 <= start < end <= len(self.text):
            return None
        rs, _ = self._char(start)
        _, re_ = self._char(end - 1)
        return (rs, re_) if re_ > rs else None

    def to_clean(self, start: int, end: int) -> tuple[int, int] | None:
        """Return the cleaned span whose characters came from stored `start:end`, if any."""
        first = last = None
        for k, c0 in enumerate(self.cs[:-1]):
            r0, r1 = self.rs[k], self.re[k]
            if r1 <= start or r0 >= end or r1 == r0:
                continue
            c1 = self.cs[k + 1]
            if self.ident[k]:
                a, b = c0 + max(0, start - r0), c0 + min(r1, end) - r0
            else:
                a, b = c0, c1
            first = a if first is None else min(first, a)
            last = b if last is None else max(last, b)
        return None if first is None or last is None else (first, last)

    def in_skip(self, pos: int) -> bool:
        """Return True when cleaned offset `pos` lies in a span whose figures are dropped."""
        k = bisect.bisect_right(self.skip, (pos, len(self.text) + 1)) - 1
        return k >= 0 and self.skip[k][0] <= pos < self.skip[k][1]


class _Builder:
    """Append cleaned text piece by piece, recording where each piece came from."""

    def __init__(self, raw: str, edits: Sequence[tuple[int, int, str]]) -> None:
        self.raw = raw
        self.edits = edits
        self.edit_starts = [e[0] for e in edits]
        self.parts: list[str] = []
        self.n = 0
        self.cs: list[int] = []
        self.rs: list[int] = []
        self.re: list[int] = []
        self.ident: list[bool] = []

    def _seg(self, text: str, r0: int, r1: int, ident: bool) -> None:
        if not text:
            return
        if ident and self.ident and self.ident[-1] and self.re[-1] == r0:
            self.re[-1] = r1
        else:
            self.cs.append(self.n)
            self.rs.append(r0)
            self.re.append(r1)
            self.ident.append(ident)
        self.parts.append(text)
        self.n += len(text)

    def put(self, text: str, r0: int, r1: int) -> None:
        """Append `text` standing for stored `r0:r1` as a whole."""
        self._seg(text, r0, r1, False)

    def copy(self, a: int, b: int) -> None:
        """Append stored `a:b`, applying the inline edits that lie wholly inside it."""
        k = bisect.bisect_left(self.edit_starts, a)
        pos = a
        while k < len(self.edits) and self.edits[k][0] < b:
            s, e, rep = self.edits[k]
            k += 1
            if e > b:
                continue
            self._seg(self.raw[pos:s], pos, s, True)
            self._seg(rep, s, e, False)
            pos = e
        self._seg(self.raw[pos:b], pos, b, True)

    def last_char(self) -> str:
        return self.parts[-1][-1] if self.parts else ""

    def view(self, footnotes: tuple[tuple[int, int], ...]) -> TextView:
        self.cs.append(self.n)
        self.rs.append(len(self.raw))
        self.re.append(len(self.raw))
        self.ident.append(False)
        return TextView(
            text="".join(self.parts),
            raw_len=len(self.raw),
            cs=tuple(self.cs),
            rs=tuple(self.rs),
            re=tuple(self.re),
            ident=tuple(self.ident),
            footnotes=footnotes,
        )


@dataclass(slots=True)
class _Line:
    start: int  # stored offset of the first non-blank character
    end: int  # stored offset after the last non-blank character
    text: str  # the stripped line
    kind: str = "text"  # text, blank, marker, furniture, footnote, note_start
    page_edge: bool = False


_Matcher = Callable[[str, int, int], Iterator[re.Match[str]]]


def clean(raw: str) -> TextView:
    """Return the cleaned view of a stored text (pure; same text, same view)."""
    return _clean(raw, _inline_matches)


def clean_reference(raw: str) -> TextView:
    """Return `clean(raw)` computed by the plain scans: the reference the fast path must equal."""
    return _clean(raw, _inline_matches_reference)


def _clean(raw: str, matches: _Matcher) -> TextView:
    lines = _lines(raw)
    texts = [ln for ln in lines if ln.kind != "blank"]
    lengths = sorted(len(ln.text) for ln in texts)
    width = lengths[int(len(lengths) * 0.9)] if lengths else 0
    hard = len(texts) >= 10 and 40 <= width <= 160 and sum(1 for n in lengths if n >= 0.6 * width) >= 0.5 * len(lengths)
    gap0 = _usual_gap(lines, width) if hard else 1
    _classify(lines, hard, width, gap0)
    edits = _inline_edits(raw, lines, matches)
    b = _Builder(raw, edits)
    body = [ln for ln in lines if ln.kind == "text"]
    notes = [ln for ln in lines if ln.kind in ("footnote", "note_num", "note_start")]
    prev_idx = {id(ln): i for i, ln in enumerate(lines)}
    _flow_with_hyphen_drop(b, lines, body, raw, hard, width, gap0, prev_idx)
    notes_span: list[tuple[int, int]] = []
    if notes:
        if b.n:
            b.put("\n\n", len(raw), len(raw))
        start = b.n
        _flow_with_hyphen_drop(b, lines, notes, raw, hard, width, gap0, prev_idx, notes=True)
        notes_span.append((start, b.n))
    return b.view(tuple(notes_span))


def _flow_with_hyphen_drop(
    b: _Builder,
    lines: list[_Line],
    seq: list[_Line],
    raw: str,
    hard: bool,
    width: int,
    gap0: int,
    index: dict[int, int],
    *,
    notes: bool = False,
) -> None:
    """Emit `seq` (lines in reading order) with the right joins between them."""
    vocab: set[str] | None = None
    lowered = ""
    prev: _Line | None = None
    for ln in seq:
        start = ln.start
        if prev is not None:
            between = lines[index[id(prev)] + 1 : index[id(ln)]]
            how = _gap(prev, ln, between, hard, width, gap0)
            if ln.kind in ("note_num", "note_start"):
                how = "para"
            elif prev.kind == "note_num":
                how = "wrap"
            if how == "hyphen":
                if vocab is None:
                    lowered = raw.lower()
                    vocab = set(_WORD.findall(lowered))
                head = _WORD.findall(prev.text[:-1])
                tail = _WORD.match(ln.text)
                h, t = (head[-1] if head else ""), (tail.group(0) if tail else "")
                if (h + t).lower() in vocab and f"{h}-{t}".lower() not in lowered:
                    # a typesetter's break: the hyphen was already copied, so swap it out
                    _drop_last_char(b)
                    b.put("", prev.end - 1, start)
                else:
                    b.put("", prev.end, start)
            elif how == "wrap":
                b.put(" ", prev.end, start)
            else:
                b.put("\n\n", prev.end, start)
        b.copy(start, ln.end)
        prev = ln


def _drop_last_char(b: _Builder) -> None:
    """Remove the last cleaned character (a line-end hyphen) and its map entry."""
    last = b.parts[-1]
    b.parts[-1] = last[:-1]
    b.n -= 1
    if b.ident[-1]:
        b.re[-1] -= 1
    if b.cs[-1] == b.n:  # the segment is now empty
        for arr in (b.cs, b.rs, b.re, b.ident):
            arr.pop()
    if not b.parts[-1]:
        b.parts.pop()


def _lines(raw: str) -> list[_Line]:
    out = []
    pos = 0
    page_break = True
    for chunk in raw.split("\n"):
        stripped = chunk.strip(" \t\r\f\v\u00a0\ufeff")
        lead = len(chunk) - len(chunk.lstrip(" \t\r\f\v\u00a0\ufeff"))
        if not stripped:
            kind = "note_sep" if _FN_SEPARATOR.fullmatch(chunk.rstrip("\r")) else "blank"
            ln = _Line(pos + lead, pos + lead, "", kind)
        else:
            ln = _Line(pos + lead, pos + lead + len(stripped), stripped)
        ln.page_edge = page_break
        page_break = "\f" in chunk
        out.append(ln)
        pos += len(chunk) + 1
    return out


def _classify(lines: list[_Line], hard: bool, width: int, gap0: int) -> None:
    """Mark footnote markers, page numbers, running heads and footnote blocks."""
    n = len(lines)
    texts = [i for i, ln in enumerate(lines) if ln.kind not in ("blank", "note_sep")]
    counts = Counter(lines[i].text for i in texts if len(lines[i].text) < 80)
    digit_only = {i for i in texts if _DIGITS.fullmatch(lines[i].text)}
    if hard:
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
    # page edges (form feeds): digits-only or repeated short lines are furniture
    for i in texts:
        ln = lines[i]
        if ln.kind == "text" and (ln.page_edge or _next_is_edge(lines, i)):
            repeated = counts[ln.text] >= 2 and len(ln.text) < 80 and ln.text[-1] not in ".!?,;"
            if _DIGITS.fullmatch(ln.text) or repeated:
                ln.kind = "furniture"
    # footnote blocks: a separator line, then notes up to the next page furniture
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
    # symbol footnotes ("* Lecturer, ...") whose symbol marks a name earlier in the text
    seen = ""
    for i in texts:
        ln = lines[i]
        m = _FN_SYMBOL.match(ln.text)
        if ln.kind == "text" and m and len(ln.text) < 400 and re.search(rf"\w\s?{re.escape(m.group(1))}(?:\s|$)", seen):
            ln.kind = "note_start"
        seen += ln.text[-3:] + "\n" if len(seen) < 20000 else ""


def _next_is_edge(lines: list[_Line], i: int) -> bool:
    for j in range(i + 1, len(lines)):
        ln = lines[j]
        if ln.page_edge:
            return True
        if ln.kind != "blank":
            return False
    return False


def _usual_gap(lines: list[_Line], width: int) -> int:
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


def _gap(a: _Line, b: _Line, between: list[_Line], hard: bool, width: int, gap0: int) -> str:
    """Decide how two consecutive lines join: "hyphen", "wrap" (a space) or "para"."""
    x, y = a.text, b.text
    if len(x) >= 2 and x[-1] == "-" and x[-2].isalpha() and y[0].isalpha():
        return "hyphen" if hard or y[0].islower() else "para"
    lower = y[0].islower()
    terminal = x[-1] in _TERMINAL
    if not hard:
        return "wrap" if lower and not terminal and x[-1] not in ")]>|" else "para"
    blanks = sum(1 for ln in between if ln.kind == "blank")
    if blanks > gap0:
        return "para"
    if any(ln.kind == "marker" for ln in between):
        return "wrap" if (lower or len(x) >= 0.6 * width or b.start > 0) else "para"
    if len(x) >= 0.6 * width or (lower and not terminal):
        return "wrap"
    return "para"


def _inline_edits(raw: str, lines: list[_Line], matches: _Matcher) -> list[tuple[int, int, str]]:
    """Return the non-overlapping in-line replacements: mojibake, Markdown, whitespace."""
    edits = _markup_edits(raw, 0, len(raw), matches)
    for ln in lines:
        if ln.kind == "text" and _MOJIBAKE.search(ln.text):
            edits.extend(_mojibake_edits(raw, ln.start, ln.end))
    edits.sort(key=lambda e: (e[0], -(e[1] - e[0])))
    kept: list[tuple[int, int, str]] = []
    for e in edits:
        if kept and e[0] < kept[-1][1]:
            continue
        if e[0] == e[1] and kept and kept[-1][0] == kept[-1][1] == e[0]:
            continue
        kept.append(e)
    return kept


def _markup_edits(raw: str, start: int, end: int, matches: _Matcher) -> list[tuple[int, int, str]]:
    """Return the Markdown, tag and whitespace edits in `raw[start:end]`."""
    edits: list[tuple[int, int, str]] = []
    for m in matches(raw, start, end):
        kind = m.lastgroup
        if m.group("link") is not None:
            ts, te = m.span("ltext")
            edits.append((m.start(), ts, ""))
            edits.append((te, m.end(), ""))
            edits.extend(_markup_edits(raw, ts, te, matches))
        elif m.group("auto") is not None:
            edits.append((m.start(), m.start() + 1, ""))
            edits.append((m.end() - 1, m.end(), ""))
        elif m.group("space") is not None:
            edits.append((m.start(), m.end(), " "))
        elif m.group("emph") is not None:
            ts, te = m.span("etext")
            edits.append((m.start(), ts, ""))
            edits.append((te, m.end(), ""))
            edits.extend(_markup_edits(raw, ts, te, matches))
        elif kind in ("tag", "esc", "zero"):
            edits.append((m.start(), m.end(), ""))
    return edits


def _inline_matches(raw: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """Yield the matches `_INLINE.finditer(raw, start, end)` yields, trying only where one can start."""
    pos = start
    for c in _INLINE_START.finditer(raw, start, end):
        p = c.start()
        if p < pos:
            continue
        m = _INLINE.match(raw, p, end)
        if m is not None:
            yield m
            pos = m.end()


def _inline_matches_reference(raw: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """Yield `_INLINE`'s matches by the plain scan (the reference `_inline_matches` must equal)."""
    yield from _INLINE.finditer(raw, start, end)


def _mojibake_edits(raw: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Return the edits that repair UTF-8 read as Windows-1252 within `raw[start:end]`."""
    import ftfy

    line = raw[start:end]
    # "Ã " is "à" whose second byte (a no-break space) became a plain space
    probe = re.sub(r"(?<=[\u00c2\u00c3]) ", "\u00a0", line)
    fixed = ftfy.fix_encoding(probe)
    if fixed == line or ("\u00c3" in fixed and "\u00c3" not in probe.replace("\u00c3\u00a0", "")):
        return []
    out = []
    sm = difflib.SequenceMatcher(None, line, fixed, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "equal" and i2 > i1:
            out.append((start + i1, start + i2, fixed[j1:j2]))
    log.debug("clean.mojibake %r -> %r", line[:60], fixed[:60])
    return out
