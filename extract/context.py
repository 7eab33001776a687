"""Context around a figure: its sentence, the year it refers to, its actors, indicator, subject."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from extract.patterns import DIRECTION_BEFORE, DIRECTION_OF, SAME_YEAR, YEAR
from extract.rules import ACTORS, INDICATORS, Indicator

# A sentence ends at . ! ? (and closing quotes/brackets) followed by whitespace and a capital,
# a digit or an opening quote, unless the word before the stop is a known abbreviation.
_END = re.compile(r"[.!?][\"'\u2019\u201d)\]]*(?=\s+[\"'\u2018\u201c(\[]?[A-Z0-9])")
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "st", "no", "vol", "pp", "p", "fig", "inc", "ltd", "co",
    "corp", "jr", "sr", "gen", "col", "lt", "maj", "capt", "sgt", "gov", "sen", "rep", "rev",
    "vs", "etc", "al", "e.g", "i.e", "u.s", "u.k", "u.n", "u.s.s.r", "u.s.a", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "est",
}  # fmt: skip
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
        word = re.search(r"([\w.]+)\W*$", text[max(0, m.start() - 12) : m.start() + 1])
        if word and word.group(1).rstrip(".").lower() in _ABBREV:
            continue
        if word and re.fullmatch(r"[A-Z]\.?", word.group(1).rstrip(".")):
            continue  # an initial: "J. Smith", "Ashfaq, K."
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
    for cut in sorted(cuts) + [len(text)]:
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


def years_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return (offset, year) for each calendar year stated in `text[start:end]`, citations excluded."""
    out = []
    for m in YEAR.finditer(text, start, end):
        if _is_citation(text, m.start()):
            continue
        out.append((m.start(), int(m.group(1))))
    return out


def resolve_year(
    text: str, sentences: Sentences, index: int, fig_start: int, fig_end: int
) -> int | None:
    """Return the year a figure refers to: the nearest year stated before it in its sentence,
    else the first one after it, else (on "in the same year") the last year stated before."""
    s, e = sentences.spans[index]
    years = [(o, y) for o, y in years_in(text, s, e) if not fig_start <= o < fig_end]
    before = [y for o, y in years if o < fig_start]
    if before:
        return before[-1]
    after = [y for o, y in years if o >= fig_end]
    if after:
        return after[0]
    cue = SAME_YEAR.search(text, s, fig_start)
    if cue:
        for k in range(index - 1, max(-1, index - 6), -1):
            ps, pe = sentences.spans[k]
            found = years_in(text, ps, pe)
            if found:
                year = found[-1][1]
                return year + 1 if "following" in cue.group(0).lower() else year
    return None


# --- actors ---

_ACTOR_NAME = {alias: a.name for a in ACTORS for alias in a.aliases}
_ACTOR_RE = re.compile(
    r"(?<![\w$])(?:"
    + "|".join(
        re.escape(a).replace(r"\ ", r"\s+") for a in sorted(_ACTOR_NAME, key=len, reverse=True)
    )
    + r")(?![\w$])"
)


def actors_in(text: str, start: int, end: int, skip: list[tuple[int, int]]) -> tuple[str, ...]:
    """Return canonical actor names mentioned in `text[start:end]`, in order of first mention,
    ignoring mentions inside the `skip` spans (the figure quotes: "US$" is not an actor)."""
    seen: list[str] = []
    for m in _ACTOR_RE.finditer(text, start, end):
        if any(a <= m.start() < b for a, b in skip):
            continue
        name = _ACTOR_NAME.get(" ".join(m.group(0).split()))
        if name and name not in seen:
            seen.append(name)
    return tuple(seen)


# --- indicators ---

_CUES: dict[str, list[tuple[re.Pattern[str], Indicator]]] = {}
for _ind in INDICATORS:
    for _cue in _ind.cues:
        pat = re.compile(
            r"(?<![^\W_])" + re.escape(_cue).replace(r"\ ", r"\s+") + r"(?![^\W_])", re.IGNORECASE
        )
        _CUES.setdefault(_ind.kind, []).append((pat, _ind))
_FALLBACK = {i.kind: i for i in INDICATORS if i.fallback}
INDICATOR_IDS = frozenset(i.id for i in INDICATORS)
# A cue inside the quote counts as this many characters away: nearer than most of the
# sentence, farther than a verb right beside the figure ("killed 24 soldiers" is casualties).
_INSIDE_QUOTE = 15


def choose_indicator(
    text: str, kind: str, span: tuple[int, int], quote: tuple[int, int]
) -> tuple[str, str | None]:
    """Return (indicator id, cue) for a figure of `kind`: the cue nearest the quote in its
    sentence span wins; with no cue, the kind's fallback indicator."""
    best: tuple[int, str, str | None] = (1 << 30, _FALLBACK[kind].id, None)
    s, e = span
    qs, qe = quote
    for pat, ind in _CUES.get(kind, []):
        for m in pat.finditer(text, s, e):
            if m.start() < qe and m.end() > qs:
                dist = _INSIDE_QUOTE  # the figure's own noun ("eight daily flights")
            else:
                dist = qs - m.end() if m.end() <= qs else m.start() - qe
            if dist < best[0]:
                best = (dist, ind.id, m.group(0))
    return best[1], best[2]


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


def direction_before(text: str, sentence_start: int, quote_start: int) -> str | None:
    """Return "up"/"down" when a change verb stands just before the figure ("rose by")."""
    window_start = max(sentence_start, quote_start - 60)
    m = DIRECTION_BEFORE.search(text, window_start, quote_start)
    if not m:
        return None
    return DIRECTION_OF[" ".join(m.group("dir").lower().split())]
