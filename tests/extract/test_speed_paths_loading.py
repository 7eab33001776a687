"""The fast paths of document loading give exactly what their plain versions give (not timed).

Each shortcut in extract.cleaning, extract.mojibake, extract.sections and extract.metadata
sits beside the straightforward code it replaces; these tests hold the two to equal output
on generated text built to reach the shortcuts' edge cases (hard wraps, page numbers, form
feeds, footnote blocks, symbol notes, mojibake, long runs of spaces, labels in odd cases).
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import cleaning, metadata, mojibake, sections

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_WORDS = st.sampled_from(
    [
        "the", "of", "aid", "rose", "to", "in", "2019", "Pakistan", "million", "information", "infor-",
        "mation", "devel-", "opment", "development", "thirty-", "five", "Smith*", "Khan\u2020", "By",
        "Title:", "DOI:", "References", "Introduction", "Abstract:", "Keywords:", "\u00e9t\u00e9", "caf\u00c3\u00a9",
        "\u00e2\u20ac\u2122", "\u00c3 ", "\u00c2\u00a0", "na\u00efve", "[a](b)", "*em*", "**", "__x__", "\\$",
        "<i>", "</b>", "<https://a.b/c>", "\u00a0", "\u2009", "\u202f", "\u00ad", "\u200b", "\ufeff", "12", "7.",
    ]
)  # fmt: skip
_BREAKS = st.sampled_from(
    [
        " ", " ", " ", "  ", "   ", ". ", "\n", "\n", "\n\n", "\n\n\n", "\n\f\n", "\n\n12\n\n", "\n3\n",
        "\n            \n", "\n__________\n", "\n* Lecturer, University of X\n", "\n\u2020 Professor\n", "\t",
        "\r\n", "\n  \n", " \u00a0", " \u2009",
    ]
)  # fmt: skip
_TEXT = st.lists(st.tuples(_WORDS, _BREAKS), max_size=120).map(lambda pairs: "".join(w + b for w, b in pairs))


def _wrapped(draw_words: list[str], width: int) -> str:
    lines, line = [], ""
    for word in draw_words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


# hard-wrapped pages: lines of a steady width, page numbers and running heads between pages
_PAGES = st.lists(
    st.tuples(st.lists(_WORDS, min_size=20, max_size=80), st.sampled_from([45, 60, 72, 100]), _BREAKS), max_size=6
).map(lambda pages: "".join(_wrapped(words, width) + sep + "Running Head\n\n" for words, width, sep in pages))


def _corpus_texts() -> list[str]:
    paths = [*sorted((ROOT / "corpus").glob("*.txt")), *sorted((ROOT / "tests/fixtures/documents").glob("*.??"))]
    return [p.read_text(encoding="utf-8") for p in paths]


def test_clean_and_divide_equal_reference_on_the_corpus() -> None:
    for text in _corpus_texts():
        view = cleaning.clean(text)
        assert view == cleaning.clean_reference(text)
        assert sections.divide(view) == sections.divide_reference(view)


@SETTINGS
@given(st.one_of(_TEXT, _PAGES))
def test_clean_equals_reference(text: str) -> None:
    assert cleaning.clean(text) == cleaning.clean_reference(text)


@SETTINGS
@given(st.one_of(_TEXT, _PAGES))
def test_divide_equals_reference(text: str) -> None:
    view = cleaning.clean(text)
    assert sections.divide(view) == sections.divide_reference(view)


@SETTINGS
@given(st.text(alphabet="ab \n\r\t", max_size=40))
def test_paragraphs_are_the_regex_spans(text: str) -> None:
    assert list(sections.paragraphs(text)) == [m.span() for m in sections._PARA.finditer(text)]


@SETTINGS
@given(st.text(alphabet="ab *_![<\\\n\u00a0\u2009\u202f\u00ad\ufeff\u00e9  ", max_size=60), st.data())
def test_inline_starts_are_the_regex_starts(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    expected = [m.start() for m in cleaning._INLINE_START.finditer(text, start, end)]
    with mock.patch.object(cleaning, "_WINDOW", 4):  # many windows, and no short-range shortcut
        assert list(cleaning._inline_starts(text, start, end)) == expected
    assert list(cleaning._inline_starts(text, start, end)) == expected


def _edited(text: str, edits: list[tuple[int, str]]) -> str:
    out = list(text)
    for pos, piece in sorted(edits, reverse=True):
        p = pos % (len(out) + 1)
        if piece == "-":
            del out[p : p + 2]
        else:
            out[p:p] = piece
    return "".join(out)


_EDITS = st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(["-", "\u2019", "\u00e9", "x", "ab", "\u00e0"])))


@SETTINGS
@given(st.text(alphabet="abc ", max_size=60), _EDITS)
def test_aligner_equals_difflib_on_short_text(a: str, edits: list[tuple[int, str]]) -> None:
    b = _edited(a, edits)
    expected = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    with mock.patch.object(mojibake, "_SMALL", 0):  # no hand-off to difflib's own search
        assert mojibake._Aligner(a, b).get_opcodes() == expected


@SETTINGS
@given(
    st.lists(st.sampled_from(["the ", "aid ", "of ", "rose ", "to ", "2019 ", ", "]), min_size=20, max_size=300), _EDITS
)
def test_aligner_equals_difflib_on_long_text(words: list[str], edits: list[tuple[int, str]]) -> None:
    a = "".join(words)
    a = a + a[: len(a) // 3]  # repeats: blocks that occur in several places
    b = _edited(a, edits)
    assert mojibake._Aligner(a, b).get_opcodes() == difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


@SETTINGS
@given(_TEXT)
def test_mojibake_edits_equal_reference(text: str) -> None:
    assert mojibake.present(text) == (mojibake.PATTERN.search(text) is not None)
    assert mojibake.edits(text, 0, len(text)) == mojibake.edits_reference(text, 0, len(text))


_LABELS = st.sampled_from(
    [
        "By ", "by ", "BY ", "Title: ", "TITLE:\n", "Article Title: ", "Authors:\n", "AUTHOR:\n", "Published: ",
        "Date: ", "DATE: ", "Publication date: ", "DOI: ", "doi: ", "URL: ", "Link: ", "Article link: ",
        "Available at: ", "Source: ", "DOI link: ", "Citation: ", "Language: ", "LANGUAGE: ", "\u0130", "\u0131",
        "\u017f", "\u212a", "T\u0130tle: ", "\u017fource: ", "Ti\u0307tle: ",
    ]
)  # fmt: skip
_FRONT_PIECES = st.sampled_from(
    [
        "John Smith", "Ahmed Khan*", "Sara Ali 1,2", " ", "\n", "\n\n", "  \n", "10.1234/ab.5", "https://x.org/a",
        "May 19, 2025", "2024-03-01", "en", "A Title Long Enough Here", "Lecturer", "Pages: 1-8",
    ]
)  # fmt: skip
_LABELLED = st.tuples(st.sampled_from(["", "\n", "\n\n", " "]), _LABELS, _FRONT_PIECES).map("".join)
_FRONT = st.lists(st.one_of(_LABELLED, _LABELS, _FRONT_PIECES), max_size=12).map("".join)


@SETTINGS
@given(_FRONT)
def test_label_keywords_are_necessary(front: str) -> None:
    f = metadata._Front.of(front)
    for pattern in metadata._NEEDS:
        assert pattern.search(front) is None or f.may_match(pattern), pattern.pattern


_LABEL_SAMPLES = [
    "By John Smith", "Title: A Title Long Enough Here", "Article Title:\n\nA Title Long Enough Here",
    "Authors:\nJohn Smith: 1\n\nPages 3", "Published: May 19, 2025", "Date: 2024-03-01",
    "Publication date: May 19, 2025", "DOI: 10.1234/ab.5", "URL: https://x.org/a", "Article link: https://x.org/a",
    "Link: https://x.org/a", "Available at: https://x.org/a", "Source: https://x.org/a",
    "DOI link: https://x.org/a", "Citation: see https://x.org/a", "Language: en",
]  # fmt: skip


def test_each_label_spelling_passes_its_keyword_check() -> None:
    odd = str.maketrans({"i": "\u0131", "I": "\u0130", "s": "\u017f", "k": "\u212a"})
    for sample in _LABEL_SAMPLES:
        for spelled in (sample, sample.upper(), sample.lower(), sample.translate(odd), "  \n" + sample):
            f = metadata._Front.of(spelled)
            matched = [p for p in metadata._NEEDS if p.search(spelled)]
            assert matched or spelled == sample.translate(odd), spelled
            for pattern in matched:
                assert f.may_match(pattern), (spelled, pattern.pattern)


_LINE_LED = [*metadata._NEEDS, metadata._NAME_MARKED, metadata._AUTHOR_LINE]


@SETTINGS
@given(_FRONT, st.integers(0, 200))
def test_front_searches_equal_re(front: str, n: int) -> None:
    for f, text in ((metadata._Front.of(front), front), (metadata._Front.of(front).head(n), front[:n])):
        assert f.text == text and (f.low is None or f.low == text.lower())
        for pattern in _LINE_LED:
            found = [(m.span(), m.groups()) for m in f.finditer(pattern)]
            assert found == [(m.span(), m.groups()) for m in pattern.finditer(text)], pattern.pattern
            assert f.findall(pattern) == pattern.findall(text) or pattern.groups != 1
    with mock.patch.object(metadata, "_line_starts", lambda text: None):  # re's own scan
        f = metadata._Front.of(front)
        assert [m.span() for m in f.finditer(metadata._BYLINE)] == [m.span() for m in metadata._BYLINE.finditer(front)]


def test_line_led_patterns_begin_with_a_multiline_caret() -> None:
    for pattern in _LINE_LED:
        assert pattern.flags & re.MULTILINE and re.sub(r"^\(\?\w+\)", "", pattern.pattern).startswith("^")
