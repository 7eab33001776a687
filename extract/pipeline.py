"""Turn a document's text into Figure records: a pure function of text and metadata."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from extract import actors, context, places, units
from extract.hits import Hit
from extract.record import DocumentMeta, Figure, figure_id
from extract.scan import scan

if TYPE_CHECKING:
    from extract.cleaning import TextView

log = logging.getLogger(__name__)

_P = ParamSpec("_P")
_R = TypeVar("_R")


def find_figures(text: str, meta: DocumentMeta) -> list[Figure]:
    """Return every figure in `text`, in document order; same input, same output and ids."""
    view = meta.view
    if view is None:
        return _figures(text, meta, text, None)
    if len(text) != view.raw_len:
        log.warning("%s: the view does not belong to this text; extracting the text as is", meta.doc)
        return _figures(text, meta, text, None)
    # Read the cleaned view; offsets, quotes and ids map back into the stored `text`.
    figures = _figures(view.text, meta, text, view)
    figures.sort(key=lambda f: (f.start, f.end))
    return figures


def _figures(text: str, meta: DocumentMeta, stored: str, view: TextView | None) -> list[Figure]:
    """Return the figures of `text` (the cleaned view when `view` is set, offsets into `stored`).

    Work that depends only on a sentence (its indicator cues, actors, years) is done once
    per sentence, not once per figure: a document's figures cluster in few sentences.
    """
    hits = scan(text)
    if not hits:
        return []
    sentences = context.Sentences.of(text)
    # Actor names inside a money quote are currency marks ("US dollars"), not actors.
    spans = [(h.start, h.end) for h in hits if h.kind == "money"]
    starts = [s for s, _ in spans]
    actors_of = _memo(lambda s, e: actors.actors_in(text, s, e, spans, starts))
    mentions_of = _memo(lambda s, e: actors.actor_mentions(text, s, e))
    givers_of = _memo(lambda s, e: actors.giver_first(text, s, e, actors_of(s, e), spans, starts))
    cues_of = _memo(lambda kind, s, e: context.indicator_cues(text, kind, s, e))
    years_of = _memo(lambda s, e: context.years_in(text, s, e))
    carried_of = _memo(lambda i, s, e: context.year_from_context(text, sentences, i, s, e))
    doc_counts = _memo(lambda countries: places.place_counts(text, countries))
    amounts = places.currency_mentions([(h.start, h.unit, h.alias) for h in hits if h.kind == "money"])
    places_of = _memo(lambda s, e: sorted([*places.place_mentions(text, s, e), *(m for m in amounts if s <= m[0] < e)]))
    figures = []
    previous: tuple[int, str | None] | None = None
    cued: dict[str, tuple[int, int, str]] = {}  # per kind, the last figure whose indicator had a cue
    for h in hits:
        rs, re_ = h.start, h.end
        if view is not None:
            if view.in_skip(h.start):
                log.debug("section.skip %r in a non-body section of %s", text[h.start : h.end], meta.doc)
                continue
            raw = view.to_raw(h.start, h.end)
            if raw is None:
                continue
            rs, re_ = raw
        idx = sentences.index(h.start)
        s, e = sentences.spans[idx] if sentences.spans else (h.start, h.end)
        s, e = _window(min(s, h.start), max(e, h.end), h)
        # A counted thing names its own indicator ("four airports"); it borrows no cue from
        # elsewhere in the sentence ("pipeline projects ... three neighbouring nations").
        cue_span = (h.start, h.end) if h.kind == "count" and h.noun else (s, e)
        indicator, cue = context.nearest_cue(cues_of(h.kind, *cue_span), h.kind, (h.start, h.end))
        if h.kind in context.CARRIED_KINDS:
            if cue is not None:
                cued[h.kind] = (idx, h.end, indicator)
            else:
                indicator = context.carried_indicator(text, idx, h.start, cued.get(h.kind)) or indicator
        value = float(h.value)
        low = None if h.low is None else float(h.low)
        high = None if h.high is None else float(h.high)
        unit, unit_base = h.unit, h.unit_base
        if h.alias:  # "Rs", "rupees", "kroner": the country in context says whose
            near = places_of(s, e)
            unit = places.local_currency(h.unit, h.alias, h.start, near, doc_counts, text)
            unit_base = places.local_currency(h.unit_base, h.alias, h.start, near, doc_counts, text)
            cents = places.cents_factor(h.unit, unit)  # "30 cents" in a Toronto story: 0.30 CAD
            value, low, high = (
                value * cents,
                (None if low is None else low * cents),
                (None if high is None else high * cents),
            )
        direction = context.figure_direction(text, s, h.start, h.end, h.kind, h.rule, h.value, previous)
        previous = (h.end, direction)
        year = _year(text, sentences, idx, h, years_of, carried_of)
        who = actors.without_yardstick(
            text, s, e, h.end, _actors(text, s, e, h, actors_of, givers_of), h.kind == "rank"
        )
        who = actors.with_counterpart(text, sentences, idx, s, e, who, indicator, mentions_of)
        who = who or actors.from_paragraph(text, sentences, idx, givers_of)
        figures.append(
            Figure(
                figure_id=figure_id(meta.doc_id, rs, re_),
                doc=meta.doc,
                doc_id=meta.doc_id,
                start=rs,
                end=re_,
                quote=stored[rs:re_],
                value=value,
                unit=unit,
                low=low,
                high=high,
                qualifier=h.qualifier,  # type: ignore[arg-type]
                direction=direction,  # type: ignore[arg-type]
                subject=context.subject_of(text, h.end, e, h.noun, cue),
                value_base=units.to_base(value, unit, unit_base),
                unit_base=units.canonical(unit_base),
                kind=h.kind,  # type: ignore[arg-type]
                indicator=indicator,
                actors=actors.in_era(text, s, e, who, year),
                year=year,
                sentence=context.collapse(text[s:e]),
                rule=h.rule,
            )
        )
        log.debug("%s %r -> %s %s", h.rule, figures[-1].quote, value, h.unit)
    return figures


#: A "sentence" longer than this (a table flattened into one line, text with no stops) is
#: read only within CONTEXT characters of each figure, so work per figure stays bounded
#: instead of growing with the length of the run-on sentence.
MAX_SENTENCE = 2000
CONTEXT = 500


def _window(s: int, e: int, h: Hit) -> tuple[int, int]:
    """Return the sentence span `s:e`, clipped around the figure when the sentence runs on."""
    if e - s <= MAX_SENTENCE:
        return s, e
    return max(s, h.start - CONTEXT), min(e, h.end + CONTEXT)


def _memo(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Return `fn` remembering its results (by positional arguments) for one document."""
    cache: dict[object, _R] = {}

    def call(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return cache[args]
        except KeyError:
            out = cache[args] = fn(*args, **kwargs)
            return out

    return call


def _actors(
    text: str,
    s: int,
    e: int,
    h: Hit,
    actors_of: Callable[[int, int], tuple[str, ...]],
    givers_of: Callable[[int, int], tuple[str, ...]],
) -> tuple[str, ...]:
    """Return the actors of the figure's clause, else of its sentence, giver first; a rank in
    a clause naming nobody ranks the sentence's subject ("Pakistan's economy was ..., despite
    being the 44th largest")."""
    cs, ce = actors.clause_of(text, s, e, h.start, h.end)
    resume = actors.subject_clause_end(text, cs, h.start, h.end)
    if resume is not None and actors_of(cs, resume):
        return givers_of(cs, resume)
    if (cs, ce) != (s, e):
        near = actors_of(cs, ce)
        if near:
            return actors.with_subject(text, s, cs, h.start, givers_of(cs, ce), actors_of(s, cs))
        if h.kind == "rank":
            return actors_of(s, e)[:1]
        referent = actors.relative_referent(text, s, cs, h.start, actors_of(s, cs))
        if referent:
            return referent
    rs = actors.relative_start(text, cs, h.start)  # "..., which claimed 80,000 lives"
    if rs is not None and not actors_of(rs, ce):
        referent = actors.relative_referent(text, s, rs, h.start, actors_of(s, rs))
        if referent:
            return referent
    return givers_of(s, e)


def _year(
    text: str,
    sentences: context.Sentences,
    idx: int,
    h: Hit,
    years_of: Callable[[int, int], list[tuple[int, int]]],
    carried_of: Callable[[int, int, int], int | None],
) -> int | None:
    """Return the year the figure refers to (context.resolve_year, with the sentence's years
    and the year it takes from the sentences before cached per sentence)."""
    if not sentences.spans:
        return None
    s, e = _window(*sentences.spans[idx], h)
    stated = context.figure_year(text, years_of(s, e), h.start, h.end)
    if stated is not None:
        return stated or None
    return carried_of(idx, s, e)
