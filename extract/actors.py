"""Who a figure is about: the countries and organisations named in its clause or sentence
(names, demonyms, capitals and leaders as metonyms), giver first; the other party of a
two-party flow; the parties of its paragraph when its sentence names none. Where a story is,
and whose currency a shared name means, is extract/places.py."""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Callable, Iterator

from extract.context import CARRY_CHARS, PARAGRAPH_BREAK, Sentences
from extract.patterns import (
    COMPARED_AFTER,
    FUNCTION_WORDS,
    MAIN_VERB_AFTER,
    SOURCE_AFTER,
    SOURCE_CUE,
    SUPERLATIVE_WORD,
    trie,
)
from extract.rules import ACTORS, GRAMMAR, INDICATORS, NOT_ACTORS

log = logging.getLogger(__name__)

ACTOR_NAME = {alias: a.name for a in ACTORS for alias in a.aliases}
_ORGANISATION = frozenset(a.name for a in ACTORS if a.type == "organisation")
#: Names that are also people's names (Chad, Jordan): an actor only when no capitalised word
#: stands next to them ("Chad Smith", "Michael Jordan" are people).
_GUARDED_NAME = {alias: a.name for a in ACTORS for alias in a.guarded}
# A regex trie (patterns.trie): the same matches as a longest-first alternation, far faster.
# Phrases that name no actor are in the trie too: the longest match wins, and they map to none.
# No look-behind at the start: it would stop the regex engine's fast scan for a first letter
# (3x slower); `_names` drops the matches that begin inside a word instead.
_ACTOR_RE = re.compile(r"(?:" + trie([*ACTOR_NAME, *_GUARDED_NAME, *NOT_ACTORS]) + r")(?![\w$])")


def word_matches(
    pattern: re.Pattern[str], text: str, start: int = 0, end: int | None = None
) -> Iterator[re.Match[str]]:
    """Yield the matches of `pattern` in `text[start:end]` that begin a word."""
    for m in pattern.finditer(text, start, len(text) if end is None else end):
        i = m.start()
        if i and (text[i - 1].isalnum() or text[i - 1] in "_$"):
            continue
        yield m


_CAPITALISED_AFTER = re.compile(r"[^\S\n]+[A-Z]")
_WORD_BEFORE_NAME = re.compile(r"([A-Za-z]+)[^\S\n]+$")


def _guarded_is_person(text: str, start: int, end: int) -> bool:
    """Return True when a guarded name at text[start:end] is part of a person's name."""
    if _CAPITALISED_AFTER.match(text, end):
        return True
    before = _WORD_BEFORE_NAME.search(text, max(0, start - 30), start)
    return bool(before and before.group(1)[0].isupper() and before.group(1).lower() not in FUNCTION_WORDS)


# Clause breaks inside a sentence: actors named across one belong to another figure
# ("China gave $5bn, while Japan gave $3bn").
_CLAUSE_BREAK = re.compile(
    r"[;()\[\]]|,\s+(?:while|whereas|but|compared\s+with|against|versus|about|nearly|almost|around|despite|although|though|alongside)\b"
    r"|\s+(?:while|whereas|because|as\s+a\s+result\s+of|owing\s+to)\s"
    r"|,\s+and\s+(?=(?:the\s+)?[A-Z]|\d)"  # ", and China bought ...": a new subject
)


def _in_list(text: str, start: int, at: int) -> bool:
    """Return True when the words before the comma at `at` are a short list item ("India")."""
    comma = max(text.rfind(", ", start, at), text.rfind(",\n", start, at))  # not the comma of "1,000"
    return comma >= 0 and len(text[comma + 1 : at].split()) <= 3


def clause_of(text: str, start: int, end: int, qs: int, qe: int) -> tuple[int, int]:
    """Return the clause of `text[start:end]` that holds the quote `text[qs:qe]`.

    >>> t = "China gave $5bn, while Japan gave $3bn."
    >>> s, e = clause_of(t, 0, len(t), 34, 38)
    >>> t[s:e]
    ', while Japan gave $3bn.'
    """
    cs, ce = start, end
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        if m.group(0).startswith(",") and m.group(0).rstrip().endswith("and") and _in_list(text, start, m.start()):
            continue  # "China, India, and Russia": a list, not a new clause
        if m.end() <= qs:
            cs = m.start()
        elif m.start() >= qe:
            ce = m.start()
            break
    return cs, ce


def actors_in(
    text: str,
    start: int,
    end: int,
    skip: list[tuple[int, int]],
    starts: list[int] | None = None,
) -> tuple[str, ...]:
    """Return canonical actor names mentioned in `text[start:end]`, in order of first mention,
    ignoring mentions inside the `skip` spans (the figure quotes: "US$" is not an actor).
    `skip` is sorted and disjoint; `starts` (its start offsets) may be passed in to save time."""
    seen: list[str] = []
    if starts is None:
        starts = [a for a, _ in skip]
    sources = [(m.start(), m.end()) for m in SOURCE_CUE.finditer(text, start, end)]
    for m in word_matches(_ACTOR_RE, text, start, end):
        k = bisect.bisect_right(starts, m.start()) - 1
        if k >= 0 and skip[k][0] <= m.start() < skip[k][1]:
            continue
        if any(a <= m.start() < b for a, b in sources):
            log.debug("actor.source drops %r", m.group(0))
            continue
        alias = " ".join(m.group(0).split())
        name = ACTOR_NAME.get(alias)
        if name is None and alias in _GUARDED_NAME and not _guarded_is_person(text, m.start(), m.end()):
            name = _GUARDED_NAME[alias]
        if name in _ORGANISATION and SOURCE_AFTER.match(text, m.end()):
            log.debug("actor.source_verb drops %r", m.group(0))
            continue
        if name and name not in seen:
            seen.append(name)
    return tuple(seen)


#: (older state, successor, the successor's aliases that name the older state in its era, last year)
_ERAS = [(a.name, a.successor, frozenset(a.era_aliases), a.until) for a in ACTORS if a.successor]


def in_era(text: str, start: int, end: int, names: tuple[str, ...], year: int | None) -> tuple[str, ...]:
    """Return `names` with a successor named only by its capital in `text[start:end]` read as
    the older state when the sentence names that state or the figure's year is in its era:
    "flights from Moscow" beside "Soviet visitors", or in 1985, is the Soviet Union."""
    for old, new, metonyms, until in _ERAS:
        if new not in names:
            continue
        said = {
            alias
            for m in word_matches(_ACTOR_RE, text, start, end)
            if ACTOR_NAME.get(alias := " ".join(m.group(0).split())) == new
        }
        if not said or not said <= metonyms:
            continue
        if old in names or (year is not None and year <= until):
            log.debug("actor.era reads %s as %s", "/".join(sorted(said)), old)
            names = tuple(dict.fromkeys(old if n == new else n for n in names))
    return names


def actor_mentions(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Return (offset, canonical name) of each actor named in `text[start:end]`, in order."""
    out = []
    for m in word_matches(_ACTOR_RE, text, start, end):
        name = ACTOR_NAME.get(" ".join(m.group(0).split()))
        if name:
            out.append((m.start(), name))
    return out


_RECEIVE_WORDS = "|".join(
    re.escape(w).replace(r"\ ", r"\s+") for w in sorted(GRAMMAR["grammar.receive_verb"], key=len, reverse=True)
)
_RECEIVE = re.compile(rf"(?<![^\W_])(?:{_RECEIVE_WORDS})(?![^\W_])", re.IGNORECASE)
_FROM = re.compile(r"(?<![^\W_])from\s+(?:the\s+)?", re.IGNORECASE)


_BILATERAL = frozenset(i.id for i in INDICATORS if i.bilateral)


def with_counterpart(
    text: str,
    sentences: Sentences,
    index: int,
    s: int,
    e: int,
    actors: tuple[str, ...],
    indicator: str,
    mentions_of: Callable[[int, int], list[tuple[int, str]]] | None = None,
) -> tuple[str, ...]:
    """Return `actors` with the other party of a two-party flow (aid, loans, trade) added when
    the figure's sentence names only one: the other actor the few sentences before it in its
    paragraph name most often, the nearer on a tie ("In 1961, Pakistan was granted a loan worth
    US$3 million" after a sentence on Soviet policy). A receiving verb makes the added party
    the giver. `mentions_of(start, end)` (actor_mentions, cached by the caller) saves reading a
    sentence again for each figure after it."""
    if indicator not in _BILATERAL or len(actors) != 1 or index == 0 or not sentences.spans:
        return actors
    # the party the paragraph names most often before the figure (the nearer on a tie)
    named: dict[str, int] = {}
    for ps, pe in _paragraph_before(text, sentences, index):
        for _, n in (mentions_of or (lambda a, b: actor_mentions(text, a, b)))(max(ps, pe - CARRY_CHARS), pe):
            if n != actors[0]:
                named[n] = named.get(n, 0) + 1
    if not named:
        return actors
    other = max(named, key=lambda n: named[n])
    if _RECEIVE.search(text, s, e):
        return (other, actors[0])
    return (actors[0], other)


#: How many sentences back a figure looks, within its paragraph, for the parties it is about.
CARRY_SENTENCES = 4


def _paragraph_before(text: str, sentences: Sentences, index: int) -> list[tuple[int, int]]:
    """Return the spans of up to CARRY_SENTENCES sentences before sentence `index` in its
    paragraph, nearest first."""
    out: list[tuple[int, int]] = []
    start = sentences.spans[index][0]
    for i in range(index - 1, max(-1, index - 1 - CARRY_SENTENCES), -1):
        ps, pe = sentences.spans[i]
        if PARAGRAPH_BREAK.search(text, pe, start):
            break
        out.append((ps, pe))
        start = ps
    return out


def from_paragraph(
    text: str, sentences: Sentences, index: int, actors_of: Callable[[int, int], tuple[str, ...]]
) -> tuple[str, ...]:
    """Return the actors of the earliest of the few sentences before sentence `index`, in its
    paragraph, that names any (where a paragraph states its topic): what a figure in a
    sentence naming nobody is about ("Saudi Arabia and the UAE pledged $3 billion to Sudan.
    Of that package, $500 million was deposited ...")."""
    if index == 0 or not sentences.spans:
        return ()
    topic: tuple[str, ...] = ()
    for ps, pe in _paragraph_before(text, sentences, index):
        found = actors_of(max(ps, pe - CARRY_CHARS), pe)
        if found:
            topic = found
    if topic:
        log.debug("actor.paragraph carries %s", topic)
    return topic


_RELATIVE = re.compile(r"(?<![^\W_])(?i:which|who|whose)(?![^\W_])")


_COMMA_RELATIVE = re.compile(r",[^\S\n]+(?:which|who)(?![^\W_])")


def relative_start(text: str, s: int, at: int) -> int | None:
    """Return where the last ", which" or ", who" clause before `at` opens, else None."""
    last = None
    for m in _COMMA_RELATIVE.finditer(text, s, at):
        last = m.start()
    return last


def relative_referent(text: str, s: int, cs: int, at: int, before: tuple[str, ...]) -> tuple[str, ...]:
    """Return the party named last before a relative clause that names nobody and holds the
    figure ("... the US was encouraging Pakistan to enter the conflict, which claimed over
    80,000 lives": Pakistan), else nothing (`before`: the actors named in `text[s:cs]`)."""
    if before and _RELATIVE.search(text, cs, at):
        mentions = actor_mentions(text, s, cs)
        return (mentions[-1][1],) if mentions else before[-1:]
    return ()


_THAT = re.compile(r"(?<![^\W_])(?i:that|which|who)(?![^\W_])(?:[^\S\n]+[^\s,;:()]+){1,6}?[^\S\n]+$")


def subject_clause_end(text: str, s: int, qs: int, qe: int) -> int | None:
    """Return where the main clause resumes when the figure closes a relative clause on the
    sentence's subject ("The Russian communities that include over 13 million Muslims have a
    kinship with Pakistan": the figure is about the communities, not the predicate), else None."""
    if not _THAT.search(text, max(s, qs - 80), qs):
        return None
    m = MAIN_VERB_AFTER.match(text, qe)
    return m.start() if m else None


def without_yardstick(text: str, start: int, end: int, qe: int, names: tuple[str, ...], rank: bool) -> tuple[str, ...]:
    """Return `names` without the parties named only after a comparison that follows the
    figure ending at `qe` in `text[start:end]`: "Japan became the fourth-largest investor
    after Singapore and China" is about Japan; "after" counts only after a rank or a
    superlative. Nothing is dropped when nothing would remain."""
    if len(names) < 2:
        return names
    for m in COMPARED_AFTER.finditer(text, qe, end):
        if m.group(0) == "after" and not (rank or SUPERLATIVE_WORD.search(text, start, m.start())):
            continue
        before = {n for o, n in actor_mentions(text, start, m.start())}
        kept = tuple(n for n in names if n in before)
        if kept and len(kept) < len(names):
            log.debug("actor.yardstick drops %s", [n for n in names if n not in before])
            return kept
        return names
    return names


_PRONOUN = re.compile(r"(?<![^\W_])(?i:it|they)(?![^\W_])")


def with_subject(
    text: str, s: int, cs: int, at: int, found: tuple[str, ...], before: tuple[str, ...]
) -> tuple[str, ...]:
    """Return a clause's actors with the sentence's subject put first when the clause speaks
    of it by a pronoun before the figure: "Russia's economy ranked eleventh, but it was only
    Pakistan's 27th-largest market" (`before`: the actors named before the clause)."""
    if not before or before[0] in found or not _PRONOUN.search(text, cs, at):
        return found
    return (before[0], *found)


def giver_first(
    text: str,
    start: int,
    end: int,
    actors: tuple[str, ...],
    skip: list[tuple[int, int]],
    starts: list[int],
) -> tuple[str, ...]:
    """Return `actors` with the giver first: after a receiving verb ("Pakistan received $2
    billion from the ADB"), the actors named after "from" gave, so they lead."""
    if len(actors) < 2:
        return actors
    verb = _RECEIVE.search(text, start, end)
    if not verb:
        return actors
    frm = _FROM.search(text, verb.end(), end)
    if not frm:
        return actors
    givers = actors_in(text, frm.end(), end, skip, starts)
    if not givers:
        return actors
    log.debug("actor.giver_first moves %s first", givers)
    return tuple([*givers, *(a for a in actors if a not in givers)])
