"""Context around a figure: its sentence, the year it refers to, its actors, indicator, subject."""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass

from extract.patterns import (
    DIRECTION_BEFORE,
    DIRECTION_OF,
    DIRECTION_RULE,
    FALL_AFTER,
    LEVEL_FILLER,
    LEVEL_PASSED,
    LEVEL_WORDS,
    NEEDS_BY,
    PARTICLE_BEFORE,
    PRESENT_TIME,
    RISE_AFTER,
    SAME_YEAR,
    YEAR,
    YEAR_CUE_OF,
    trie,
)
from extract.rules import INDICATORS, Indicator

log = logging.getLogger(__name__)

# A sentence ends at . ! ? (and closing quotes/brackets) followed by whitespace and a capital,
# a digit or an opening quote, unless the word before the stop is a known abbreviation.
_END = re.compile(r"[.!?][\"'\u2019\u201d)\]]*(?=\s+[\"'\u2018\u201c(\[]?[A-Z0-9])")
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "st", "no", "vol", "pp", "p", "fig", "inc", "ltd", "co",
    "corp", "jr", "sr", "gen", "col", "lt", "maj", "capt", "sgt", "gov", "sen", "rep", "rev",
    "vs", "etc", "al", "e.g", "i.e", "u.s", "u.k", "u.n", "u.s.s.r", "u.s.a", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "est",
}  # fmt: skip
_WORD_BEFORE = re.compile(r"([\w.]+)\W*$")
_INITIAL = re.compile(r"[A-Z]\.?")
# A blank line ends a sentence when the text before it ends a sentence or is a short heading.
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n\s*")
# A line holding only a small number is a footnote marker or a page number in PDF text.
_MARKER_LINE = re.compile(r"(?m)^[^\S\n]*\d{1,3}[^\S\n]*$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each sentence of `text`, in order, covering no leading space.

    >>> t = "In 1961, aid rose. The U.S. gave $3 million.\\n\\nNext"
    >>> [t[s:e] for s, e in sentence_spans(t)]
    ['In 1961, aid rose.', 'The U.S. gave $3 million.', 'Next']
    """
    cuts: set[int] = set()
    for m in _END.finditer(text):
        at = m.start()
        # endpos acts as the end of the string, so this reads the word before the stop as
        # a search of the slice text[at - 12 : at + 1] would
        word = _WORD_BEFORE.search(text, max(0, at - 12), at + 1)
        if word:
            w = word.group(1).rstrip(".")
            if w.lower() in _ABBREV or _INITIAL.fullmatch(w):
                continue  # an abbreviation, or an initial: "J. Smith", "Ashfaq, K."
        cuts.add(m.end())
    for m in _PARAGRAPH.finditer(text):
        before = text[max(0, m.start() - 200) : m.start()].rstrip()
        last_line = before.rsplit("\n", 1)[-1].strip()
        if not before or before[-1] in ".!?:\"'\u201d)" or len(last_line) < 60:
            cuts.add(m.start())
    for m in _MARKER_LINE.finditer(text):
        cuts.add(m.start())
        cuts.add(m.end())
    spans = []
    start = 0
    for cut in [*sorted(cuts), len(text)]:
        s, e = _strip(text, start, cut)
        if e > s and not _MARKER_LINE.fullmatch(text[s:e]):
            spans.append((s, e))
        start = cut
    return spans


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def collapse(text: str) -> str:
    """Return `text` with every run of whitespace collapsed to one space."""
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Sentences:
    """Sentence spans of a document with a fast lookup from offset to sentence index."""

    spans: list[tuple[int, int]]
    starts: list[int]

    @classmethod
    def of(cls, text: str) -> Sentences:
        """Split `text` into sentences."""
        spans = sentence_spans(text)
        return cls(spans, [s for s, _ in spans])

    def index(self, offset: int) -> int:
        """Return the index of the sentence holding `offset` (the nearest one before it)."""
        return max(0, bisect.bisect_right(self.starts, offset) - 1)


# --- years ---


def _is_citation(text: str, start: int) -> bool:
    """Return True when the year at `start` sits in a citation: (Khan, 2021) or [2020](#)."""
    if start > 0 and text[start - 1] == "[":
        return True
    window = text[max(0, start - 80) : start]
    open_at = window.rfind("(")
    if open_at == -1 or ")" in window[open_at:]:
        return False
    inside = window[open_at + 1 :]
    return bool(re.search(r"[A-Z][\w\-']+.*(?:,|&|et al\.?)\s*\[?$", inside))


# The second year of a period ("between 2000 and 2018", "2019-2023", "November 1977 and early
# 1978"): a period is dated by its first year.
_PERIOD_END = re.compile(
    r"(?:1[5-9]\d\d|20\d\d)[^\S\n]*(?:and|to|until|through|[\-\u2013\u2014])[^\S\n]*(?:[A-Za-z]+[^\S\n]+){0,2}$"
)
# A split year: "2023-24", "2024/25". Consecutive years are a fiscal or marketing year, dated
# by the year it ends in; a longer span ("1972-77") is a period, dated by its first year.
_SPLIT_YEAR = re.compile(r"[\-\u2013/](\d\d)(?!\d)")


def years_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return (offset, year) for each calendar year stated in `text[start:end]` that dates
    something: citations and the second year of a period excluded, fiscal years (2023-24)
    read as the year they end in."""
    out = []
    for m in YEAR.finditer(text, start, end):
        if _is_citation(text, m.start()) or _PERIOD_END.search(text, max(0, m.start() - 24), m.start()):
            continue
        year = int(m.group(1))
        split = _SPLIT_YEAR.match(text, m.end())
        if split and int(split.group(1)) == (year + 1) % 100:
            year += 1
        out.append((m.start(), year))
    return out


#: How far back into an earlier sentence a carried year is looked for (bounds the work).
CARRY_CHARS = 2000


def resolve_year(
    text: str,
    sentences: Sentences,
    index: int,
    fig_start: int,
    fig_end: int,
    span: tuple[int, int] | None = None,
) -> int | None:
    """Return the year a figure refers to: the nearest year stated before it in its sentence,
    else the first one after it, else (on "in the same year") the last year stated before.

    `span` narrows the figure's sentence (a run-on sentence is read near the figure only)."""
    if not sentences.spans:
        return None
    s, e = span or sentences.spans[index]
    stated = figure_year(text, years_in(text, s, e), fig_start, fig_end)
    if stated is not None:
        return stated or None
    return year_from_context(text, sentences, index, s, e)


# A year right after a figure that dates it: "US$96.5 billion in 2022", "25,000 raids by 2022".
_DATES_FIGURE = re.compile(
    r"[^\S\n]+(?:[A-Za-z]+[^\S\n]+){0,2}?(?i:in|by|as\s+of|for|during|at\s+the\s+end\s+of)[^\S\n]+"
    r"(?:(?:early|mid|late|fiscal|[A-Z][a-z]+)[\s\-]+)?$"
)
# A year after "since" starts a running total: the figure has no year of its own.
_SINCE = re.compile(r"(?<![^\W_])(?i:since)[^\S\n]+(?:(?:early|mid|late)[\s\-]+)?$")


def figure_year(text: str, years: list[tuple[int, int]], fig_start: int, fig_end: int) -> int | None:
    """Return the year the sentence's `years` (offset, year) give the figure at
    `text[fig_start:fig_end]`: a year dating it right after it ("in 2022"), else the nearest
    before it, else the first after it; a period counts by its first year. 0 when the nearest
    year before is a "since" (a running total has no year); None when no year is stated."""
    years = [(o, y) for o, y in years if not fig_start <= o < fig_end]
    after = [(o, y) for o, y in years if o >= fig_end]
    if after and after[0][0] - fig_end <= 40 and _DATES_FIGURE.match(text, fig_end, after[0][0]):
        return after[0][1]
    before = [(o, y) for o, y in years if o < fig_start]
    if before:
        o, y = before[-1]
        cue = SAME_YEAR.search(text, fig_end, fig_end + 40)
        if cue and not re.search(
            r"[,.;:]", text[fig_end : cue.start()]
        ):  # "97,000 in 2023, fell 80% the following year"
            return y + YEAR_CUE_OF[" ".join(cue.group(0).lower().split())][0]
        return 0 if _SINCE.search(text, max(0, o - 12), o) else y
    return after[0][1] if after else None


def year_from_context(text: str, sentences: Sentences, index: int, s: int, e: int) -> int | None:
    """Return the year sentence `index` (span `s:e`), which states none of its own, takes from
    the sentences before it: by a cue ("in the same year"), else carried within its paragraph."""
    return _cued_year(text, sentences, index, s, e) or _carried(text, sentences, index, s, e)


def _cued_year(text: str, sentences: Sentences, index: int, s: int, e: int) -> int | None:
    """Return the year an "in the same year" cue in `text[s:e]` points back to, else None."""
    cue = SAME_YEAR.search(text, s, e)
    if cue:
        offset, cue_id = YEAR_CUE_OF[" ".join(cue.group(0).lower().split())]
        for k in range(index - 1, max(-1, index - 6), -1):
            ps, pe = sentences.spans[k]
            found = years_in(text, max(ps, pe - CARRY_CHARS), pe)
            if found:
                log.debug("%s carries %s to %r", cue_id, found[-1][1], text[s:e][:40])
                return found[-1][1] + offset
    return None


#: How many sentences back a year carries without a cue (within one paragraph).
_CARRY_SENTENCES = 3
PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")


def _carried(text: str, sentences: Sentences, index: int, s: int, e: int, depth: int = 0) -> int | None:
    """Return the year sentence `index` (span `s:e`, with no year of its own) takes from the
    sentence before it in the same paragraph: that sentence's last year, its cued year, or
    what it carried in turn. A sentence about the present or a relative time takes none."""
    if depth >= _CARRY_SENTENCES or index == 0 or PRESENT_TIME.search(text, s, e):
        return None
    ps, pe = sentences.spans[index - 1]
    if PARAGRAPH_BREAK.search(text, pe, sentences.spans[index][0]):
        return None
    found = years_in(text, max(ps, pe - CARRY_CHARS), pe)
    if found:
        return found[-1][1]
    return _cued_year(text, sentences, index - 1, ps, pe) or _carried(text, sentences, index - 1, ps, pe, depth + 1)


# --- indicators ---

_CUE_OF: dict[str, dict[str, Indicator]] = {}  # kind -> cue (lower, collapsed) -> indicator
_WEAK_CUES: set[str] = set()  # cues that give way to any other cue (lower, collapsed)
for _ind in INDICATORS:
    for _cue in (*_ind.cues, *_ind.weak_cues):
        _CUE_OF.setdefault(_ind.kind, {}).setdefault(" ".join(_cue.lower().split()), _ind)
    _WEAK_CUES.update(" ".join(c.lower().split()) for c in _ind.weak_cues)
# A regex trie, with no look-behind at its start (that would stop the engine's fast scan for
# a first letter): indicator_cues drops the matches that begin inside a word.
_CUE_RE = {kind: re.compile(r"(?i:" + trie(cues) + r")(?![^\W_])") for kind, cues in _CUE_OF.items()}
_FALLBACK = {i.kind: i for i in INDICATORS if i.fallback}
INDICATOR_IDS = frozenset(i.id for i in INDICATORS)
# A cue inside the quote counts as this many characters away: nearer than most of the
# sentence, farther than a verb right beside the figure ("killed 24 soldiers" is casualties).
_INSIDE_QUOTE = 15


def choose_indicator(text: str, kind: str, span: tuple[int, int], quote: tuple[int, int]) -> tuple[str, str | None]:
    """Return (indicator id, cue) for a figure of `kind`: the cue nearest the quote in its
    sentence span wins; with no cue, the kind's fallback indicator."""
    return nearest_cue(indicator_cues(text, kind, *span), kind, quote)


def indicator_cues(text: str, kind: str, start: int, end: int) -> tuple[tuple[int, int, str, str], ...]:
    """Return (start, end, indicator id, cue text) of each cue of `kind` in `text[start:end]`, in order."""
    pat = _CUE_RE.get(kind)
    if pat is None:
        return ()
    cues = _CUE_OF[kind]
    return tuple(
        (m.start(), m.end(), cues[" ".join(m.group(0).lower().split())].id, m.group(0))
        for m in pat.finditer(text, start, end)
        if not (m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"))
    )


def nearest_cue(
    found: tuple[tuple[int, int, str, str], ...], kind: str, quote: tuple[int, int]
) -> tuple[str, str | None]:
    """Return (indicator id, cue) of the cue in `found` nearest the quote, a weak cue only when
    no other is found, else the kind's fallback."""
    best: tuple[int, str, str | None] = (1 << 30, _FALLBACK[kind].id, None)
    qs, qe = quote
    strong = [f for f in found if " ".join(f[3].lower().split()) not in _WEAK_CUES]
    for ms, me, ind, cue in strong or found:  # a weak cue counts only when it stands alone
        inside = ms < qe and me > qs  # the figure's own noun ("eight daily flights")
        dist = _INSIDE_QUOTE if inside else (qs - me if me <= qs else ms - qe)
        if dist < best[0]:
            best = (dist, ind, cue)
    return best[1], best[2]


#: Kinds whose indicator a figure with no cue of its own takes from the figure before it.
CARRIED_KINDS = frozenset({"money"})
_CARRY_CUE_SENTENCES = 4


def carried_indicator(text: str, index: int, at: int, cued: tuple[int, int, str] | None) -> str | None:
    """Return the indicator a figure with no cue in its sentence (sentence `index`, offset
    `at`) takes from `cued`, the last figure of its kind that had one (sentence index, end
    offset, indicator): within its paragraph and a few sentences ("Saudi Arabia pledged $3
    billion in aid. Of that package, $500 million was deposited ..." is aid too)."""
    if cued is None or not 0 < index - cued[0] <= _CARRY_CUE_SENTENCES:
        return None
    if PARAGRAPH_BREAK.search(text, cued[1], at):
        return None
    return cued[2]


# --- subject and direction ---

_SUBJECT = re.compile(
    r"\s*(?:(?:of|for|in|on|from|to)\s+)(?P<phrase>(?:(?!(?:is|are|was|were|be|been|has|have|had|that|which|who|while|as|since|but|and|by|with|will|would|could|than|despite|because|when|after|before|during|in\s+\d{4}|\d{4})\b)[^\s,.;:()\[\]]+\s*){1,6})",
    re.IGNORECASE,
)


def subject_of(text: str, end: int, limit: int, noun: str | None, cue: str | None) -> str | None:
    """Return a short phrase for what a figure measures: its noun, else the phrase after it."""
    if noun:
        return collapse(noun)
    m = _SUBJECT.match(text, end, limit)
    if m:
        phrase = collapse(m.group("phrase")).strip()
        if phrase.lower() not in {"the", "a", "an", "its", "their"}:
            return phrase
    return collapse(cue) if cue else None


#: Kinds a change applies to; a duration or a rank is never "up" or "down" by itself.
_CHANGE_KINDS = frozenset({"money", "share", "count", "people", "quantity", "energy", "ratio"})
#: Particles that mark a change only right before a share or an amount ("up 5%", "down $3");
#: elsewhere they belong to a phrasal verb ("shot down 26 drones").
_PARTICLES = frozenset({"up", "down"})


def figure_direction(
    text: str,
    s: int,
    start: int,
    end: int,
    kind: str,
    rule: str,
    value: object,
    before: tuple[int, str | None] | None = None,
) -> str | None:
    """Return a figure's direction of change: a multiplying verb carries its own ("tripled",
    "halved"), other figures take the words around them (`direction_before`), and a figure
    restating the one before (`before`: its end and direction) takes that one's: "fell 87
    points, or 1.6%", "fell 87 points (1.6%)"."""
    if rule == "ratio.verb":
        return "up" if float(value) > 1 else "down"  # type: ignore[arg-type]
    found = direction_before(text, s, start, kind, end)
    if found is None and before is not None and before[1] and _RESTATED.fullmatch(text, before[0], start):
        return before[1]
    return found


_RESTATED = re.compile(r"[^\S\n]*(?:,[^\S\n]*or[^\S\n]+|or[^\S\n]+|\()")


def direction_before(
    text: str, sentence_start: int, quote_start: int, kind: str = "share", quote_end: int | None = None
) -> str | None:
    """Return "up"/"down" when a change verb stands just before the figure ("rose by"), or a
    change noun right after it ("a 9% rise", "3.2% fewer bars")."""
    if kind not in _CHANGE_KINDS:
        return None
    if quote_end is not None and kind in ("share", "money", "quantity"):
        if RISE_AFTER.match(text, quote_end):
            return "up"
        if FALL_AFTER.match(text, quote_end):
            return "down"
    head = text[quote_start : quote_start + 8].split()
    if head and head[0].lower() in LEVEL_PASSED:
        return None  # "climbed above $10,000", "fell below 170,000": a level passed
    window_start = max(sentence_start, quote_start - 60)
    m = DIRECTION_BEFORE.search(text, window_start, quote_start)
    if not m:
        return None
    word = " ".join(m.group("dir").lower().split())
    if word in NEEDS_BY and not m.group("by"):
        return None  # "raised $54K": an amount raised, not a rise
    gap = m.group("gap").split()
    if word in _PARTICLES and (gap or not PARTICLE_BEFORE.search(text, max(sentence_start, m.start() - 16), m.start())):
        return None  # "make up 24%"; but ", down four points", "shares were up 3%"
    while gap and gap[-1].lower() in LEVEL_FILLER and gap[-1].lower() not in LEVEL_WORDS:
        gap.pop()  # "rose to a record $6.50": the level word stands before the filler
    if gap and gap[-1].lower() in LEVEL_WORDS:
        return None  # "rose to 5%", "fell 12% to $4.6 billion": a level, not the change
    log.debug("%s marks %r", DIRECTION_RULE[word], text[m.start() : quote_start])
    return DIRECTION_OF[word]
