"""The straightforward slow path the fast extraction must equal, record for record.

`find_figures_reference` is the pipeline as first written: the cleaned view from the plain
`_INLINE` scan (`cleaning.clean_reference`), every sentence context computed afresh for each
figure, and the view's figures mapped back with `dataclasses.replace`. The fast path
(`extract.pipeline.find_figures` on a loaded document) must give identical records:
tests/extract/test_speed_paths.py checks it on the sample corpus and on generated text, and
benchmarks/run.py checks it on the benchmark corpus (the records' sha256 must match).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from extract import actors as who
from extract import cleaning, context, places, sections, units
from extract.record import DocumentMeta, Figure, figure_id
from extract.scan import scan


def reference_meta(text: str, doc: str, doc_id: str) -> DocumentMeta:
    """Return the metadata of a stored text with its cleaned view built the slow way.

    Mirrors extract.documents.document_from_bytes (clean, divide, mark skipped sections) by the
    plain paths: `cleaning.clean_reference` and `sections.divide_reference`.
    """
    view = cleaning.clean_reference(text)
    view = dataclasses.replace(view, skip=sections.skip_spans(sections.divide_reference(view)))
    return DocumentMeta(doc=doc, doc_id=doc_id, view=view)


def find_figures_reference(text: str, meta: DocumentMeta) -> list[Figure]:
    """Return the figures of `text` by the slow path (same contract as pipeline.find_figures)."""
    view = meta.view
    if view is None:
        return _find_plain(text, meta)
    if len(text) != view.raw_len:
        return _find_plain(text, dataclasses.replace(meta, view=None))
    out = []
    for f in _find_plain(view.text, dataclasses.replace(meta, view=None)):
        if view.in_skip(f.start):
            continue
        span = view.to_raw(f.start, f.end)
        if span is None:
            continue
        s, e = span
        out.append(dataclasses.replace(f, start=s, end=e, quote=text[s:e], figure_id=figure_id(meta.doc_id, s, e)))
    return sorted(out, key=lambda f: (f.start, f.end))


def _find_plain(text: str, meta: DocumentMeta) -> list[Figure]:
    hits = scan(text)
    if not hits:
        return []
    sentences = context.Sentences.of(text)
    spans = [(h.start, h.end) for h in hits if h.kind == "money"]
    starts = [s for s, _ in spans]
    figures = []
    previous: tuple[int, str | None] | None = None
    cued: dict[str, tuple[int, int, str]] = {}

    def givers(a: int, b: int) -> tuple[str, ...]:
        return who.giver_first(text, a, b, who.actors_in(text, a, b, spans, starts), spans, starts)

    for h in hits:
        idx = sentences.index(h.start)
        s, e = sentences.spans[idx] if sentences.spans else (h.start, h.end)
        s, e = min(s, h.start), max(e, h.end)
        cue_span = (h.start, h.end) if h.kind == "count" and h.noun else (s, e)
        indicator, cue = context.choose_indicator(text, h.kind, cue_span, (h.start, h.end))
        if h.kind in context.CARRIED_KINDS:
            if cue is not None:
                cued[h.kind] = (idx, h.end, indicator)
            else:
                indicator = context.carried_indicator(text, idx, h.start, cued.get(h.kind)) or indicator
        value = float(h.value)
        low = None if h.low is None else float(h.low)
        high = None if h.high is None else float(h.high)
        unit, unit_base = h.unit, h.unit_base
        if h.alias:
            amounts = places.currency_mentions([(x.start, x.unit, x.alias) for x in hits if x.kind == "money"])
            near = sorted([*places.place_mentions(text, s, e), *(m for m in amounts if s <= m[0] < e)])
            unit = places.local_currency(
                h.unit, h.alias, h.start, near, lambda countries: places.place_counts(text, countries), text
            )
            unit_base = places.local_currency(
                h.unit_base, h.alias, h.start, near, lambda countries: places.place_counts(text, countries), text
            )
            cents = places.cents_factor(h.unit, unit)  # "30 cents" in a Toronto story: 0.30 CAD
            value, low, high = (
                value * cents,
                (None if low is None else low * cents),
                (None if high is None else high * cents),
            )
        cs, ce = who.clause_of(text, s, e, h.start, h.end)
        in_clause = (cs, ce) != (s, e)
        near = who.actors_in(text, cs, ce, spans, starts) if in_clause else ()
        before = who.actors_in(text, s, cs, spans, starts) if in_clause else ()
        referent = who.relative_referent(text, s, cs, h.start, before) if in_clause else ()
        resume = who.subject_clause_end(text, cs, h.start, h.end)
        subject = who.actors_in(text, cs, resume, spans, starts) if resume is not None else ()
        actors: tuple[str, ...]
        if subject:
            actors = who.giver_first(text, cs, resume, subject, spans, starts)  # type: ignore[arg-type]
        elif near:
            actors = who.with_subject(text, s, cs, h.start, who.giver_first(text, cs, ce, near, spans, starts), before)
        elif in_clause and h.kind == "rank":
            actors = who.actors_in(text, s, e, spans, starts)[:1]
        elif referent:
            actors = referent
        elif (rs := who.relative_start(text, cs, h.start)) is not None and not who.actors_in(
            text, rs, ce, spans, starts
        ):
            actors = who.relative_referent(text, s, rs, h.start, who.actors_in(text, s, rs, spans, starts))
            actors = actors or who.giver_first(text, s, e, who.actors_in(text, s, e, spans, starts), spans, starts)
        else:
            actors = who.giver_first(text, s, e, who.actors_in(text, s, e, spans, starts), spans, starts)
        direction = context.figure_direction(text, s, h.start, h.end, h.kind, h.rule, h.value, previous)
        previous = (h.end, direction)
        year = context.resolve_year(text, sentences, idx, h.start, h.end)
        actors = who.without_yardstick(text, s, e, h.end, actors, h.kind == "rank")
        paired = who.with_counterpart(text, sentences, idx, s, e, actors, indicator)
        figures.append(
            Figure(
                figure_id=figure_id(meta.doc_id, h.start, h.end),
                doc=meta.doc,
                doc_id=meta.doc_id,
                start=h.start,
                end=h.end,
                quote=text[h.start : h.end],
                value=value,
                unit=unit,
                low=None if h.low is None else float(h.low),
                high=None if h.high is None else float(h.high),
                qualifier=h.qualifier,  # type: ignore[arg-type]
                direction=direction,  # type: ignore[arg-type]
                subject=context.subject_of(text, h.end, e, h.noun, cue),
                value_base=units.to_base(value, unit, unit_base),
                unit_base=units.canonical(unit_base),
                kind=h.kind,  # type: ignore[arg-type]
                indicator=indicator,
                actors=who.in_era(text, s, e, paired or who.from_paragraph(text, sentences, idx, givers), year),
                year=year,
                sentence=context.collapse(text[s:e]),
                rule=h.rule,
            )
        )
    return figures


def reference_records(paths: Iterable[Path]) -> Iterator[Figure]:
    """Yield the figures of plain-text files (.txt, UTF-8) by the slow path, in file order."""
    for path in paths:
        data = path.read_bytes()
        text = data.decode("utf-8")
        yield from find_figures_reference(text, reference_meta(text, path.name, hashlib.sha256(data).hexdigest()))


def jsonl_digest(figures: Iterable[Figure]) -> tuple[int, str]:
    """Return (count, sha256 prefix) of the records as `figures extract --format jsonl` prints them."""
    h = hashlib.sha256()
    n = 0
    for f in figures:
        h.update((json.dumps(f.to_dict(), ensure_ascii=False) + "\n").encode("utf-8"))
        n += 1
    return n, h.hexdigest()[:16]
