"""Turn a document's text into Figure records: a pure function of text and metadata."""

from __future__ import annotations

import logging

from extract import context, units
from extract.record import DocumentMeta, Figure, figure_id
from extract.scan import scan

log = logging.getLogger(__name__)


def find_figures(text: str, meta: DocumentMeta) -> list[Figure]:
    """Return every figure in `text`, in document order; same input, same output and ids."""
    if meta.view is not None:  # read the cleaned view; offsets map back into `text`
        return meta.view.find_figures(text, meta, find_figures)
    hits = scan(text)
    if not hits:
        return []
    sentences = context.Sentences.of(text)
    # Actor names inside a money quote are currency marks ("US dollars"), not actors.
    spans = [(h.start, h.end) for h in hits if h.kind == "money"]
    starts = [s for s, _ in spans]
    figures = []
    for h in hits:
        idx = sentences.index(h.start)
        s, e = sentences.spans[idx] if sentences.spans else (h.start, h.end)
        s, e = min(s, h.start), max(e, h.end)
        # A counted thing names its own indicator ("four airports"); it borrows no cue from
        # elsewhere in the sentence ("pipeline projects ... three neighbouring nations").
        cue_span = (h.start, h.end) if h.kind == "count" and h.noun else (s, e)
        indicator, cue = context.choose_indicator(text, h.kind, cue_span, (h.start, h.end))
        value = float(h.value)
        figures.append(
            Figure(
                figure_id=figure_id(meta.doc_id, h.start, h.end),
                doc=meta.doc,
                doc_id=meta.doc_id,
                start=h.start,
                end=h.end,
                quote=text[h.start : h.end],
                value=value,
                unit=h.unit,
                low=None if h.low is None else float(h.low),
                high=None if h.high is None else float(h.high),
                qualifier=h.qualifier,  # type: ignore[arg-type]
                direction=context.direction_before(text, s, h.start, h.kind),  # type: ignore[arg-type]
                subject=context.subject_of(text, h.end, e, h.noun, cue),
                value_base=units.to_base(value, h.unit, h.unit_base),
                unit_base=units.canonical(h.unit_base),
                kind=h.kind,  # type: ignore[arg-type]
                indicator=indicator,
                actors=_actors(text, s, e, h.start, h.end, spans, starts),
                year=context.resolve_year(text, sentences, idx, h.start, h.end),
                sentence=context.collapse(text[s:e]),
                rule=h.rule,
            )
        )
        log.debug("%s %r -> %s %s", h.rule, figures[-1].quote, value, h.unit)
    return figures


def _actors(
    text: str, s: int, e: int, qs: int, qe: int, spans: list[tuple[int, int]], starts: list[int]
) -> tuple[str, ...]:
    """Return the actors of the figure's clause, else of its sentence, giver first."""
    cs, ce = context.clause_of(text, s, e, qs, qe)
    if (cs, ce) != (s, e):
        near = context.actors_in(text, cs, ce, spans, starts)
        if near:
            return context.giver_first(text, cs, ce, near, spans, starts)
    return context.giver_first(text, s, e, context.actors_in(text, s, e, spans, starts), spans, starts)
