"""Decode bytes and turn each file format into the text that is stored and its stated metadata.

Plain text and Markdown are stored as decoded, unchanged. HTML is reduced to its main text
(scripts, styles, navigation, headers, footers and forms dropped; block elements become
paragraphs, table rows become lines of tab-separated cells) with selectolax; PDF text comes
from pypdf, pages separated by a form feed line. Both read their meta tags or document info.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import logging
import re
import zlib
from collections.abc import Iterator
from types import ModuleType
from typing import TYPE_CHECKING, Any

from extract import limits
from extract.errors import DocumentError
from extract.metadata import Metadata, good_title, parse_date

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

log = logging.getLogger(__name__)
# pypdf logs a warning for every PDF it repairs. Worker processes configure no handler, so
# Python's last-resort handler would print those to stderr beside the one-line skip message;
# a NullHandler stops that and leaves the CLI's own configuration (and -v) in charge.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_TAGS = re.compile(r"</?(?:p|div|span|a|br|table|td|li|h[1-6])\b[^>]*>", re.I)
_DROP = (
    "script, style, noscript, template, nav, header, footer, aside, form, svg, iframe, "
    "button, select, [role=navigation], [aria-hidden=true]"
)
_BLOCK = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "table",
        "figure",
        "figcaption",
        "address",
        "hr",
        "body",
        "caption",
    ]
)
_PAGE = "\n\f\n"
# Start and end tags, for the nesting check that runs before the parser (see limits.MAX_HTML_DEPTH).
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]{0,30})")
# Elements that never hold children (void) or whose end tag may be left out: not counted as depth.
_FLAT = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "p",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "option",
        "optgroup",
        "thead",
        "tbody",
        "tfoot",
        "colgroup",
        "rb",
        "rt",
        "rp",
        "caption",
    ]
)


def decode(data: bytes, name: str) -> str:
    """Return the text of `data`: UTF-8 (a BOM stays as U+FEFF), or UTF-16/32 with a BOM."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        codec = "utf-32"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16"
    else:
        codec = "utf-8"
        if b"\x00" in data[:8192]:
            raise DocumentError(f"{name}: looks like a binary file (NUL bytes), not text")
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"{name}: not valid {codec.upper()} (byte {exc.start}); save it as UTF-8 and ingest it again"
        ) from exc


def sniff(data: bytes, name: str) -> str:
    """Return the format of `data` ("pdf", "html", "md", "txt") by content, then by name."""
    lower = name.lower()
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if lower.endswith(".pdf"):
        raise DocumentError(f"{name}: named .pdf but is not a PDF (no %PDF- header)")
    head = data[:4096]
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(bom):
            head = data[:8192].decode(codec, errors="ignore").encode()
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    if lower.endswith((".html", ".htm", ".xhtml")) or _HTML_START.match(text):
        return "html"
    if len(_HTML_TAGS.findall(text)) >= 10 and not lower.endswith((".md", ".markdown")):
        return "html"
    return "md" if lower.endswith((".md", ".markdown")) else "txt"


def html_depth(html: str) -> int:
    """Return how deep the elements of an HTML page nest, counted from its tags (an upper bound).

    >>> html_depth("<html><body><div><p>a<p>b<br></div></body></html>")
    3
    """
    depth = deepest = 0
    for m in _TAG.finditer(html):
        name = m.group(2).lower()
        if name in _FLAT:
            continue
        if m.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def html_text(html: str, name: str = "page.html") -> tuple[str, Metadata]:
    """Return the main text of an HTML page and the metadata its head states.

    Raise DocumentError naming `name` when its elements nest deeper than limits.MAX_HTML_DEPTH.
    """
    from selectolax.lexbor import LexborHTMLParser

    depth = html_depth(html)
    if depth > limits.MAX_HTML_DEPTH:
        raise DocumentError(
            f"{name}: HTML elements nest {depth:,} deep, over the limit of {limits.MAX_HTML_DEPTH:,}; "
            "is it a generated or broken page?"
        )
    tree = LexborHTMLParser(html)
    meta = _html_meta(tree)
    for node in tree.css(_DROP):
        node.decompose()
    root = tree.css_first("article") or tree.css_first("main") or tree.body or tree.root
    return (_html_blocks(root) if root is not None else ""), meta


def _html_meta(tree: LexborHTMLParser) -> Metadata:  # type: ignore[name-defined]  # noqa: F821
    def metas(*names: str) -> list[str]:
        out = []
        for node in tree.css("meta"):
            key = (node.attributes.get("name") or node.attributes.get("property") or "").lower()
            if key in names and (node.attributes.get("content") or "").strip():
                out.append(" ".join((node.attributes.get("content") or "").split()))
        return out

    def first(*names: str) -> str | None:
        found = metas(*names)
        return found[0] if found else None

    title_node = tree.css_first("title")
    title = good_title(
        first("citation_title", "dc.title", "og:title") or (title_node.text(strip=True) if title_node else None)
    )
    authors = tuple(
        dict.fromkeys(
            a for a in metas("citation_author", "dc.creator", "author", "article:author")
            if not a.startswith("http")
        )
    )  # fmt: skip
    raw_date = first("citation_publication_date", "citation_date", "article:published_time", "dc.date", "date")
    if raw_date is None:
        time = tree.css_first("time[datetime]")
        raw_date = time.attributes.get("datetime") if time else None
    date = None
    if raw_date:
        date = parse_date(raw_date) or (raw_date[:4] if re.match(r"(19|20)\d\d", raw_date) else None)
    doi = first("citation_doi", "prism.doi", "dc.identifier")
    if doi:
        m = re.search(r"10\.\d{4,9}/\S+", doi)
        doi = m.group(0) if m else None
    canonical = tree.css_first("link[rel=canonical]")
    url = (canonical.attributes.get("href") if canonical else None) or first("og:url")
    html_node = tree.css_first("html")
    language = (html_node.attributes.get("lang") if html_node else None) or first("dc.language")
    venue = first("citation_journal_title", "og:site_name")
    return Metadata(title, authors, date, venue, doi, url or None, language or None)


def _html_blocks(root: LexborNode) -> str:
    """Return the text under `root`: blocks as paragraphs, rows as tab-separated lines."""
    out: list[str] = []
    stack: list[tuple[LexborNode, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag
        if closing:
            if tag in _BLOCK or tag == "li":
                out.append("\x00P")
            elif tag == "tr":
                out.append("\x00R")
            elif tag in ("td", "th"):
                out.append("\x00T")
            continue
        if tag == "-text":
            out.append(re.sub(r"\s+", " ", node.text(deep=False) or ""))
            continue
        if tag == "br":
            out.append("\x00R")
            continue
        if tag in _BLOCK or tag == "tr":
            out.append("\x00P" if tag != "tr" else "\x00R")
        if tag == "li":
            out.append("\x00P- ")
        stack.append((node, True))
        for child in reversed(list(node.iter(include_text=True))):
            stack.append((child, False))
    text = "".join(out)
    text = re.sub(r" *\x00T *(?=(?:\x00[RP]| )*\x00[RP])", "", text)  # no tab after a row's last cell
    text = re.sub(r" *\x00T *", "\t", text)
    text = re.sub(r" *\x00R *", "\n", text)
    text = re.sub(r" *(?:\x00P *)+", "\n\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    text = re.sub(r"(?m)^[ \t]+$", "", text)
    return text.strip("\n ") + "\n"


def pdf_text(data: bytes, name: str) -> tuple[str, Metadata]:
    """Return the text of a PDF (pages separated by a form feed line) and its document info.

    Raise DocumentError naming `name` when the PDF is encrypted, broken, or over a limit of
    extract.limits (pages, decompressed stream size, text length).
    """
    import pypdf
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, LimitReachedError, PyPdfError

    # pypdf parses hostile input in pure Python and fails in many ways besides its own errors.
    failures = (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError, IndexError,
                AssertionError, NotImplementedError, ArithmeticError, RecursionError, zlib.error)  # fmt: skip
    try:
        with _pdf_limits(pypdf):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise DocumentError(f"{name}: the PDF is encrypted; save an unprotected copy")
            n_pages = max(_claimed_pages(reader), 0)  # cheap: refuse a huge page tree before walking it
            if n_pages <= limits.MAX_PDF_PAGES:
                n_pages = len(reader.pages)
            if n_pages > limits.MAX_PDF_PAGES:
                raise DocumentError(
                    f"{name}: the PDF lists {n_pages:,} pages, over the limit of {limits.MAX_PDF_PAGES:,}; split it"
                )
            pages: list[str] = []
            chars = 0
            for page in reader.pages:
                _inflate_contents(page)
                pages.append((page.extract_text() or "").strip("\n"))
                chars += len(pages[-1]) + len(_PAGE)
                if chars > limits.MAX_TEXT_CHARS:
                    raise DocumentError(
                        f"{name}: the PDF holds over {limits.MAX_TEXT_CHARS:,} characters of text, the limit; split it"
                    )
            info = reader.metadata
            root = reader.trailer["/Root"]
            lang = root.get("/Lang") if hasattr(root, "get") else None
    except DocumentError:
        raise
    except LimitReachedError as exc:
        raise DocumentError(
            f"{name}: a compressed stream of the PDF inflates past the {limits.MAX_PDF_STREAM_BYTES:,} byte limit "
            "(a decompression bomb?)"
        ) from exc
    except DependencyError as exc:
        raise DocumentError(f"{name}: the PDF is encrypted (AES); save an unprotected copy") from exc
    except RecursionError as exc:
        raise DocumentError(f"{name}: the PDF's objects nest too deeply to read") from exc
    except failures as exc:
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise DocumentError(f"{name}: cannot read the PDF ({reason}); is the file complete?") from exc
    text = _PAGE.join(pages).strip() + "\n"
    if not text.strip():
        raise DocumentError(f"{name}: the PDF has no text layer (scanned?); run OCR first")
    try:
        title = good_title(info.title if info else None)
        authors: tuple[str, ...] = ()
        if info and info.author:
            authors = tuple(a.strip() for a in re.split(r";|\s+and\s+|,\s*(?=[A-Z][a-z]+\s)", info.author) if a.strip())
        date = None
        if info and info.creation_date:
            date = info.creation_date.date().isoformat()
    except failures as exc:  # a malformed info dictionary costs the metadata, not the text
        log.info("%s: unreadable PDF document info (%s); using what the text states", name, exc)
        title, authors, date = None, (), None
    return text, Metadata(title=title, authors=authors, date=date, language=str(lang) if lang else None)


@contextlib.contextmanager
def _pdf_limits(pypdf: ModuleType) -> Iterator[None]:
    """Apply limits.MAX_PDF_STREAM_BYTES to every pypdf decompressor (pypdf 6+ has the setting)."""
    apply = getattr(pypdf, "apply_configuration", None)
    if apply is None:
        yield
        return
    n = limits.MAX_PDF_STREAM_BYTES
    with apply(
        zlib_maximum_output_length=n, lzw_maximum_output_length=n, run_length_maximum_output_length=n,
        array_based_stream_maximum_output_length=n, brotli_maximum_output_length=n,
    ):  # fmt: skip
        yield


def _inflate_contents(page: Any) -> None:
    """Decompress a page's content streams, so a bomb raises here (extract_text would swallow it).

    pypdf keeps the decoded data on the stream object, so extract_text does not inflate it again.
    """
    contents = page.get("/Contents")
    if contents is None:
        return
    contents = contents.get_object()
    for item in contents if isinstance(contents, list) else [contents]:
        stream = item.get_object()
        if hasattr(stream, "get_data"):
            stream.get_data()


def _claimed_pages(reader: Any) -> int:
    """Return the page count the PDF's page tree states (-1 if it states none)."""
    count = reader.trailer["/Root"]["/Pages"].get("/Count")
    return int(count) if isinstance(count, int) else -1
