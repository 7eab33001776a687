"""Load documents from disk: decode, identify, clean, divide and read the metadata stated.

The only module of `extract` that touches files. The format is sniffed from the content
(a %PDF- header, an HTML start tag) before the file name is trusted. For .txt and .md the
stored text is the file decoded, unchanged: UTF-8 as is (a byte-order mark stays as U+FEFF at
index 0, so the text is exactly ``data.decode("utf-8")``), UTF-16/32 by their BOM (which the
codec consumes). For HTML and PDF the stored text is the extracted text. Every document also
carries a cleaned view with an exact map back to the stored text (extract.cleaning) and its
sections (extract.sections); find_figures reads the view and reports stored offsets.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from extract import cleaning, formats, limits, metadata, sections
from extract.errors import DocumentError
from extract.record import Document, Section

log = logging.getLogger(__name__)

#: File name endings loaded from folders, and accepted on the command line.
SUFFIXES = (".txt", ".md", ".markdown", ".text", ".html", ".htm", ".xhtml", ".pdf")

#: Documents larger than this are refused rather than read into memory whole (extract.limits).
MAX_BYTES = limits.MAX_BYTES


def iter_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Yield document files: files as given, folders expanded to their documents, sorted."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            yield path


def load_document(path: Path) -> Document:
    """Read and decode one document file; raise DocumentError naming the file and the reason."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise DocumentError(f"{path}: is a folder, not a document")
        if not stat.S_ISREG(info.st_mode):
            # A pipe or device (/dev/zero) would block or never end: only regular files are read.
            raise DocumentError(f"{path}: not a regular file (a pipe, device or socket)")
        if info.st_size > MAX_BYTES:
            raise DocumentError(_too_big(path, info.st_size))
        with path.open("rb") as fh:
            # The size stat() gave, plus a byte to notice growth: a read of MAX_BYTES at once would
            # allocate 64 MiB for every file, which costs more than reading a small one.
            data = fh.read(info.st_size + 1)
            if len(data) > info.st_size:  # it grew after stat() (or stat() says 0, as /proc does)
                data += fh.read(MAX_BYTES + 1 - len(data))  # bounded all the same
        if len(data) > MAX_BYTES:
            raise DocumentError(_too_big(path, len(data)))
    except FileNotFoundError as exc:
        raise DocumentError(f"{path}: no such file (it was moved or deleted)") from exc
    except IsADirectoryError as exc:
        raise DocumentError(f"{path}: is a folder, not a document") from exc
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return document_from_bytes(data, name=path.name, path=str(path.resolve()))


def file_size(path: str | Path) -> int:
    """Return the size in bytes of the file at `path`, 0 when it cannot be read (the loader will say why)."""
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return 0


def _too_big(name: Path | str, size: int) -> str:
    return f"{name}: {size / 2**20:.1f} MiB is over the {MAX_BYTES / 2**20:.0f} MiB limit per document"


def document_from_bytes(data: bytes, *, name: str, path: str) -> Document:
    """Build a Document from raw bytes; the id is the sha256 of exactly these bytes.

    Raise DocumentError naming `name` when the bytes are empty, undecodable, over a limit
    of extract.limits, or hold no text.
    """
    if len(data) > MAX_BYTES:
        raise DocumentError(_too_big(name, len(data)))
    if not data or data.isspace():  # strip() would copy the whole file to say the same
        raise DocumentError(f"{name}: the file is empty")
    fmt = formats.sniff(data, name)
    hints = metadata.Metadata()
    if fmt == "pdf":
        text, info = formats.pdf_text(data, name)
    elif fmt == "html":
        text, hints = formats.html_text(formats.decode(data, name), name)
        info = metadata.Metadata()
    else:
        text, info = formats.decode(data, name), metadata.Metadata()
    if not text or text.isspace():
        raise DocumentError(f"{name}: no text found in this {fmt} file")
    if len(text) > limits.MAX_TEXT_CHARS:
        raise DocumentError(
            f"{name}: {len(text):,} characters of text is over the {limits.MAX_TEXT_CHARS:,} limit per document; "
            "split it"
        )
    view = cleaning.clean(text)
    divided = sections.divide(view)
    view = dataclasses.replace(view, skip=sections.skip_spans(divided))
    front = "\n\n".join(view.text[s:e] for kind, s, e in divided if kind == "front_matter")
    front = front + "\n\n" + view.text[:3000] if front else view.text[:3000]
    raw_sections = _raw_sections(view, divided)
    refs = [s.start for s in raw_sections if s.kind == "references"]
    meta = metadata.read_metadata(text, front, hints, limit=min(refs) if refs else None)
    meta = _fill(meta, info)
    meta = metadata.with_fallback_title(meta, name)
    return Document(
        doc_id=hashlib.sha256(data).hexdigest(),
        doc=name,
        path=path,
        format=fmt,
        text=text,
        title=meta.title,
        authors=meta.authors,
        date=meta.date,
        venue=meta.venue,
        doi=meta.doi,
        url=meta.url,
        language=meta.language,
        sections=raw_sections,
        view=view,
    )


def _fill(meta: metadata.Metadata, info: metadata.Metadata) -> metadata.Metadata:
    """Fill fields the text leaves empty from PDF document info (the text wins)."""
    return dataclasses.replace(
        meta,
        title=meta.title or info.title,
        authors=meta.authors or info.authors,
        date=meta.date or info.date,
        language=meta.language or info.language,
    )


def _raw_sections(view: cleaning.TextView, divided: list[tuple[str, int, int]]) -> tuple[Section, ...]:
    """Return the sections as spans of the stored text."""
    out = []
    for kind, s, e in divided:
        span = view.to_raw(s, e)
        if span is not None:
            out.append(Section(kind, *span))
    return tuple(out)
