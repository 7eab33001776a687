"""Safe HTML for document text: every character of a document is escaped before it is shown.

Pages render these strings with ``st.html`` (which also sanitises with DOMPurify and runs
no scripts); nothing here passes document text to ``unsafe_allow_html``. Highlights come
from stored offsets, never from searching or parsing the text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

#: The page the text links each highlighted figure to (st.Page url_path in app.py).
FIGURE_PAGE = "figure"

_MARK = "background:#ffe08a;color:inherit;padding:0 2px;border-radius:3px"
_MARK_ACTIVE = "background:#ff9f43;color:inherit;padding:0 2px;border-radius:3px;font-weight:600"
_TEXT = "font-size:0.95rem;line-height:1.6;white-space:pre-wrap;overflow-wrap:anywhere"
#: A paragraph ends at two or more blank lines, or at a blank line after a sentence ends.
#: (Text from PDFs often has a blank line after every printed line, so one is not enough.)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n(?:[ \t\r]*\n)+|(?<=[.!?:;\"\u201d\u2019)])[ \t]*\n[ \t\r]*\n")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Span:
    """A figure's place in a text: offsets, id, and the tooltip shown over it."""

    start: int
    end: int
    figure_id: str
    title: str = ""


def escape(text: str | None) -> str:
    """Return `text` escaped for HTML (None gives '').

    >>> escape('<b>"5%"</b>')
    '&lt;b&gt;&quot;5%&quot;&lt;/b&gt;'
    """
    return html.escape(text or "", quote=True)


def number(value: float | None) -> str:
    """Return a number as a reader writes it: grouped digits, no exponent for whole amounts.

    >>> number(519000000.0), number(2.1), number(None), number(3.5e15), number(1e-07)
    ('519,000,000', '2.1', '', '3,500,000,000,000,000', '1e-07')
    """
    if value is None:
        return ""
    if abs(value) >= 1e4 and float(value).is_integer() and abs(value) < 1e22:
        return f"{value:,.0f}"
    return f"{value:,.6g}"


def highlight(text: str, spans: Iterable[Span], *, active: str | None = None, link: bool = True) -> str:
    """Return `text` as escaped HTML with each span marked (and linked to its figure page).

    Overlapping spans keep the first; offsets outside the text are ignored.

    >>> out = highlight("aid <of> $5m", [Span(9, 12, "f1", "money")], link=False)
    >>> "aid &lt;of&gt; <mark" in out and ">$5m</mark></div>" in out
    True
    """
    out: list[str] = [f'<div style="{_TEXT}">']
    pos = 0
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if span.start < pos or span.end > len(text) or span.start >= span.end:
            continue
        out.append(escape(text[pos : span.start]))
        style = _MARK_ACTIVE if span.figure_id == active else _MARK
        mark = (
            f'<mark title="{escape(span.title)}" data-figure="{escape(span.figure_id)}" style="{style}">'
            f"{escape(text[span.start : span.end])}</mark>"
        )
        if link:
            href = f"{FIGURE_PAGE}?{urlencode({'figure': span.figure_id})}"
            mark = f'<a href="{escape(href)}" target="_self" style="text-decoration:none;color:inherit">{mark}</a>'
        out.append(mark)
        pos = span.end
    out.append(escape(text[pos:]))
    out.append("</div>")
    return "".join(out)


def sentence_html(sentence: str, quote_text: str) -> str:
    """Return the sentence as escaped HTML with the quote highlighted where it occurs.

    The stored sentence has whitespace collapsed, so the quote is matched with collapsed
    whitespace too; a quote not found in the sentence leaves it unmarked.

    >>> out = sentence_html("Aid of <US$3  million>.", "US$3 million")
    >>> re.sub(r"<(\\w+) [^>]*>", r"<\\1>", out)
    '<div>Aid of &lt;<mark>US$3  million</mark>&gt;.</div>'
    """
    style = "font-size:1.05rem;line-height:1.6"
    words = quote_text.split()
    match = re.search(r"\s+".join(re.escape(w) for w in words), sentence) if words else None
    if match is None:
        return f'<div style="{style}">{escape(sentence)}</div>'
    return (
        f'<div style="{style}">{escape(sentence[: match.start()])}'
        f'<mark style="{_MARK_ACTIVE}">{escape(match.group(0))}</mark>'
        f"{escape(sentence[match.end() :])}</div>"
    )


def paragraph_bounds(text: str, start: int, end: int, *, max_chars: int = 1500) -> tuple[int, int]:
    """Return the offsets of the paragraph (between blank lines) around `start:end`, clipped.

    >>> text = "One.\\n\\nTwo has \\n\\n$5m here.\\n\\nThree."
    >>> a, b = paragraph_bounds(text, 17, 20)
    >>> text[a:b]
    'Two has \\n\\n$5m here.'
    """
    before = [m.end() for m in _PARAGRAPH_BREAK.finditer(text, 0, start)]
    a = before[-1] if before else 0
    after = _PARAGRAPH_BREAK.search(text, end)
    b = after.start() if after else len(text)
    half = max_chars // 2
    if a < start - half:  # clipped: start at the next word
        a = start - half
        gap = re.search(r"\s", text[a:start])
        a = a + gap.end() if gap else a
    if b > end + half:
        b = end + half
        gap = re.search(r"\s\S*$", text[end:b])
        b = end + gap.start() if gap else b
    return a, b


def paragraph_html(text: str, start: int, end: int) -> str:
    """Return the paragraph around a figure as escaped HTML, whitespace collapsed, figure marked.

    >>> out = paragraph_html("A.\\n\\nIt gave \\n\\n<$5m>  now.\\n\\nB.", 15, 18)
    >>> re.sub(r"<(\\w+) [^>]*>", r"<\\1>", out)
    '<div>It gave &lt;<mark>$5m</mark>&gt; now.</div>'
    """
    a, b = paragraph_bounds(text, start, end)
    before = _SPACES.sub(" ", text[a:start]).lstrip()
    quote_text = _SPACES.sub(" ", text[start:end])
    after = _SPACES.sub(" ", text[end:b]).rstrip()
    prefix = "… " if a > 0 and a not in _breaks(text, a) else ""
    suffix = " …" if b < len(text) and not _PARAGRAPH_BREAK.match(text, b) else ""
    return (
        f'<div style="font-size:1rem;line-height:1.6">{prefix}{escape(before)}'
        f'<mark style="{_MARK_ACTIVE}">{escape(quote_text)}</mark>{escape(after)}{suffix}</div>'
    )


def _breaks(text: str, a: int) -> set[int]:
    """Return the ends of paragraph breaks just before `a` (to tell a clipped start from a real one)."""
    return {m.end() for m in _PARAGRAPH_BREAK.finditer(text, max(0, a - 16), a)}


def safe_url(url: str | None) -> str | None:
    """Return `url` if it is an http(s) URL, else None (no javascript: or data: links).

    >>> safe_url("https://doi.org/10.1/x"), safe_url("javascript:alert(1)")
    ('https://doi.org/10.1/x', None)
    """
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def doi_url(doi: str | None) -> str | None:
    """Return the resolver URL of a DOI.

    >>> doi_url("10.31703/gpr.2023(VIII-I)")
    'https://doi.org/10.31703/gpr.2023%28VIII-I%29'
    """
    return f"https://doi.org/{quote(doi.strip(), safe='/.-_;')}" if doi else None


def source_html(record: dict[str, object]) -> str:
    """Return a document's title, authors, date, venue and DOI/URL links as escaped HTML."""
    title = escape(str(record.get("title") or record.get("doc") or ""))
    parts = [f'<div style="font-size:1.1rem;font-weight:600">{title}</div>']
    authors = record.get("authors") or []
    details = []
    if isinstance(authors, Sequence) and not isinstance(authors, str) and authors:
        details.append(", ".join(escape(str(a)) for a in authors))
    for key in ("date", "venue"):
        if record.get(key):
            details.append(escape(str(record[key])))
    details.append(f"<code>{escape(str(record.get('doc') or ''))}</code>")
    parts.append(f"<div>{' · '.join(details)}</div>")
    links = []
    doi = record.get("doi")
    if isinstance(doi, str) and doi:
        href = doi_url(doi)
        links.append(f'DOI <a href="{escape(href)}" target="_blank" rel="noopener">{escape(doi)}</a>')
    url = safe_url(record.get("url") if isinstance(record.get("url"), str) else None)  # type: ignore[arg-type]
    if url:
        links.append(f'<a href="{escape(url)}" target="_blank" rel="noopener">{escape(url)}</a>')
    if links:
        parts.append(f"<div>{' · '.join(links)}</div>")
    return "".join(parts)
