"""The fast paths give exactly what the straightforward slow path gives (not timed).

benchmarks/reference.py keeps the slow path: the plain `_INLINE` scan for cleaning, and
every sentence context computed afresh for each figure. These tests hold the fast path
(`extract.documents` + `extract.pipeline.find_figures`) to identical records on the sample
corpus, the case sentences and generated text full of markup and figures.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.reference import find_figures_reference, reference_meta
from extract import cleaning
from extract.documents import document_from_bytes
from extract.pipeline import find_figures
from extract.record import DocumentMeta

ROOT = Path(__file__).resolve().parents[2]
META = DocumentMeta(doc="speed.txt", doc_id="1" * 64)

_PIECES = st.sampled_from(
    [
        "$", "US$", "over ", "about ", "between ", " and ", " to ", "-", "million", " bn", "%", " people",
        " soldiers", "In 2019, ", "in the same year ", "(Khan, 2021)", "Pakistan", "Russia", " received ",
        " from ", " loan", " aid ", "\n", "\n\n", "\n  \n", " ", "  ", ".", ". ", ", while ", ";", "1", "12",
        "3.5", "80,000", "thirty", "a dozen", "3rd", "first", "*", "**", "_", "__", "[", "](x)", "!", "<",
        ">", "<i>", "</b>", "\\", "\\$", "<https://a.b/c>", "\u00a0", "\u2009", "\u00ad", "\u200b", "\ufeff",
        "Ã ", "â€™", "Mr. ", "U.S. ", "J. Smith", "12\n", "\f",
    ]
)  # fmt: skip
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=60).map("".join)


def _corpus_texts() -> list[tuple[str, bytes]]:
    paths = [*sorted((ROOT / "corpus").glob("*.txt")), *sorted((ROOT / "tests/fixtures/documents").glob("*"))]
    return [(p.name, p.read_bytes()) for p in paths]


def test_clean_fast_equals_reference_on_the_corpus() -> None:
    for _name, data in _corpus_texts():
        text = data.decode("utf-8")
        assert cleaning.clean(text) == cleaning.clean_reference(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_clean_fast_equals_reference(text: str) -> None:
    assert cleaning.clean(text) == cleaning.clean_reference(text)


def test_find_figures_equals_reference_on_the_corpus() -> None:
    for name, data in _corpus_texts():
        if not name.endswith(".txt"):
            continue
        doc = document_from_bytes(data, name=name, path=name)
        fast = find_figures(doc.text, doc.meta)
        slow = find_figures_reference(doc.text, reference_meta(doc.text, doc.doc, doc.doc_id))
        assert fast, name
        assert fast == slow, name


def test_find_figures_equals_reference_on_the_case_sentences() -> None:
    sentences = []
    for path in sorted((ROOT / "tests/cases").glob("*.toml")):
        for entries in tomllib.loads(path.read_text(encoding="utf-8")).values():
            sentences += [e["text"] for e in entries if isinstance(e, dict) and "text" in e]
    assert len(sentences) > 500
    text = "\n\n".join(sentences)  # one document: sentences share caches, as in real text
    assert find_figures(text, META) == find_figures_reference(text, META)
    for sentence in sentences:
        assert find_figures(sentence, META) == find_figures_reference(sentence, META)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_find_figures_equals_reference(text: str) -> None:
    assert find_figures(text, META) == find_figures_reference(text, META)
    view_meta = reference_meta(text, META.doc, META.doc_id)
    fast_meta = DocumentMeta(doc=META.doc, doc_id=META.doc_id, view=view_meta.view)
    assert find_figures(text, fast_meta) == find_figures_reference(text, view_meta)
