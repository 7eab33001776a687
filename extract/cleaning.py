"""Clean a document's stored text for the extractor, keeping an exact map back to it.

The extractor reads the cleaned view: hard-wrapped lines joined, words split across lines
rejoined, footnote markers, page numbers and running heads dropped, footnote blocks moved
after the body, Markdown escapes, emphasis and link syntax removed, mojibake repaired,
runs of spaces collapsed. Every cleaned character remembers the range of stored text it
came from, so a span found in the view maps back to the exact stored slice
(`TextView.to_raw`). pipeline.find_figures reads the view and maps its figures back.
extract.lines tells the lines apart; extract.mojibake repairs mojibake.

A hyphen at a line end is kept ("Indo-" + "centric" -> "Indo-centric") unless the document
itself spells the joined word without it elsewhere: compounds and number words
("thirty-\\nfive") are commoner in our sources than typesetters' word breaks.
"""

from __future__ import annotations

import bisect
import functools
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from extract import mojibake
from extract.lines import Line, classify, classify_fast, split_lines, usual_gap

log = logging.getLogger(__name__)

_TERMINAL = ".!?:;\"\u201d\u2019'"
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
#: `_INLINE_START` spelled for str.find: its characters, and the spaces that may follow a space.
_START_CHARS = "![<\\*_\u00a0\u2009\u202f\u00ad\u200b\u200c\u200d\u2060\ufeff"
_SPACED = "\u00a0\u2009\u202f"  # "  " and a space before one of these start an `_INLINE` match
_WINDOW = 1 << 16
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

    def line(self, join: str, r0: int, r1: int, ln: Line) -> None:
        """Append `join` standing for stored `r0:r1`, then line `ln` (`put` then `copy`, in one call)."""
        if join:
            self.cs.append(self.n)
            self.rs.append(r0)
            self.re.append(r1)
            self.ident.append(False)
            self.parts.append(join)
            self.n += len(join)
        k = bisect.bisect_left(self.edit_starts, ln.start)
        if join and ln.end > ln.start and (k == len(self.edits) or self.edits[k][0] >= ln.end):
            # no edit inside, and after a non-empty join there is no identity segment to extend
            self.cs.append(self.n)
            self.rs.append(ln.start)
            self.re.append(ln.end)
            self.ident.append(True)
            self.parts.append(ln.text)
            self.n += len(ln.text)
        else:
            self.copy(ln.start, ln.end)

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


_NO_LINES: list[Line] = []
_Matcher = Callable[[str, int, int], Iterator[re.Match[str]]]


def clean(raw: str) -> TextView:
    """Return the cleaned view of a stored text (pure; same text, same view)."""
    return _clean(raw, fast=True)


def clean_reference(raw: str) -> TextView:
    """Return `clean(raw)` computed by the plain scans: the reference the fast path must equal.

    The plain scans: `_INLINE` tried at every character, every line classified
    (`lines.classify`), every line checked for mojibake and aligned with its fix by difflib.
    """
    return _clean(raw, fast=False)


def _clean(raw: str, *, fast: bool) -> TextView:
    lines = split_lines(raw)
    texts = [ln for ln in lines if ln.kind != "blank"]
    lengths = sorted(len(ln.text) for ln in texts)
    width = lengths[int(len(lengths) * 0.9)] if lengths else 0
    hard = len(texts) >= 10 and 40 <= width <= 160 and sum(1 for n in lengths if n >= 0.6 * width) >= 0.5 * len(lengths)
    gap0 = usual_gap(lines, width) if hard else 1
    if fast:
        notes_possible = classify_fast(lines, hard, width, gap0, raw)
    else:
        classify(lines, hard, width, gap0)
        notes_possible = True
    edits = _inline_edits(raw, lines, fast=fast)
    b = _Builder(raw, edits)
    body = [i for i, ln in enumerate(lines) if ln.kind == "text"]
    notes = (
        [i for i, ln in enumerate(lines) if ln.kind in ("footnote", "note_num", "note_start")] if notes_possible else []
    )
    _flow_with_hyphen_drop(b, lines, body, raw, hard, width, gap0)
    notes_span: list[tuple[int, int]] = []
    if notes:
        if b.n:
            b.put("\n\n", len(raw), len(raw))
        start = b.n
        _flow_with_hyphen_drop(b, lines, notes, raw, hard, width, gap0)
        notes_span.append((start, b.n))
    return b.view(tuple(notes_span))


def _flow_with_hyphen_drop(
    b: _Builder,
    lines: list[Line],
    seq: list[int],
    raw: str,
    hard: bool,
    width: int,
    gap0: int,
) -> None:
    """Emit the lines `seq` indexes (in reading order) with the right joins between them."""
    vocab: set[str] | None = None
    lowered = ""
    prev: Line | None = None
    prev_i = -1
    for i in seq:
        ln = lines[i]
        start = ln.start
        if prev is None:
            b.copy(start, ln.end)
        else:
            # only a hard-wrapped text's joins look at the lines between
            how = _gap(prev, ln, lines[prev_i + 1 : i] if hard else _NO_LINES, hard, width, gap0)
            if ln.kind in ("note_num", "note_start"):
                how = "para"
            elif prev.kind == "note_num":
                how = "wrap"
            if how == "hyphen":
                if vocab is None:
                    lowered = raw.lower()
                    vocab = set(_WORD.findall(lowered)) | figure_words()
                head = _WORD.findall(prev.text[:-1])
                tail = _WORD.match(ln.text)
                h, t = (head[-1] if head else ""), (tail.group(0) if tail else "")
                if (h + t).lower() in vocab and f"{h}-{t}".lower() not in lowered:
                    # a typesetter's break: the hyphen was already copied, so swap it out
                    _drop_last_char(b)
                b.copy(start, ln.end)  # the join is empty: no segment stands for it
            else:
                b.line(" " if how == "wrap" else "\n\n", prev.end, start, ln)
        prev, prev_i = ln, i


@functools.cache
def figure_words() -> frozenset[str]:
    """Return the one-word scale, unit and currency names of the rule tables, lower case: a
    line-end hyphen inside one of them ("bil-" / "lion", "per-" / "cent") is a typesetter's
    break even when the document never writes the word whole."""
    from extract.rules import CURRENCIES, NUMBER_WORDS, SCALES, UNITS

    words = [w for s in SCALES for w in s.words]
    words += [a for g in UNITS for a, _ in g.aliases]
    words += [a for c in CURRENCIES for a in c.suffixes]
    words += [w for t in NUMBER_WORDS for w, _ in t.values]
    words += ["percent"]
    return frozenset(w.lower() for w in words if w.isalpha() and len(w) > 3)


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


def _gap(a: Line, b: Line, between: list[Line], hard: bool, width: int, gap0: int) -> str:
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


def _inline_edits(raw: str, lines: list[Line], *, fast: bool) -> list[tuple[int, int, str]]:
    """Return the non-overlapping in-line replacements: mojibake, Markdown, whitespace."""
    edits = _markup_edits(raw, 0, len(raw), _inline_matches if fast else _inline_matches_reference)
    # a line's mojibake is mojibake of the whole text: one scan of it spares most documents the per-line one
    if not fast or mojibake.present(raw):
        repair = mojibake.edits if fast else mojibake.edits_reference
        for ln in lines:
            if ln.kind == "text" and mojibake.PATTERN.search(ln.text):
                edits.extend(repair(raw, ln.start, ln.end))
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
    for p in _inline_starts(raw, start, end):
        if p < pos:
            continue
        m = _INLINE.match(raw, p, end)
        if m is not None:
            yield m
            pos = m.end()


def _inline_starts(raw: str, start: int, end: int) -> Iterator[int]:
    """Yield, in order, the offsets in `raw[start:end]` where `_INLINE_START` matches.

    str.find of one character runs at memchr speed, tens of times faster than re's scan
    for a character class; each character is looked for once, a window of candidates at a time.
    A space before a no-break or thin space is found from the second character.
    """
    if end - start < _WINDOW // 64:  # a link's or an emphasis's text: one regex scan is cheaper
        yield from (m.start() for m in _INLINE_START.finditer(raw, start, end))
        return
    ascii_only = raw.isascii()
    # next occurrence of each character (and of a double space), or -1
    nxt = {c: raw.find(c, start, end) for c in _START_CHARS if not ascii_only or c.isascii()}
    nxt["  "] = raw.find("  ", start, end)
    needles = [c for c, p in nxt.items() if p >= 0]
    for w in range(start, end, _WINDOW):
        if not needles:
            return
        stop = w + _WINDOW
        found: list[int] = []
        for c in needles:
            p = nxt[c]
            pair = c in _SPACED
            while 0 <= p < stop:
                found.append(p)
                if pair and p > start and raw[p - 1] == " ":
                    found.append(p - 1)
                p = raw.find(c, p + 1, end)
            nxt[c] = p
        needles = [c for c in needles if nxt[c] >= 0]
        found.sort()
        yield from found


def _inline_matches_reference(raw: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """Yield `_INLINE`'s matches by the plain scan (the reference `_inline_matches` must equal)."""
    yield from _INLINE.finditer(raw, start, end)
