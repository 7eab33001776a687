"""Load documents from disk: decode, identify, and read the metadata the text states.

The only module of `extract` that touches files. For .txt and .md the stored text is the raw
file decoded as UTF-8, unchanged, so every figure's offsets slice the file itself.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from extract.errors import DocumentError
from extract.record import Document

log = logging.getLogger(__name__)

#: File name endings loaded from folders, and accepted on the command line.
SUFFIXES = (".txt", ".md", ".markdown", ".text")

#: Documents larger than this are refused rather than read into memory whole.
MAX_BYTES = 64 * 1024 * 1024

_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\]\)>\"'<]+[^\s\]\)>\"'<.,;])")
_URL = re.compile(r"https?://[^\s\]\)>\"'<]+[^\s\]\)>\"'<.,;]")


def iter_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Yield document files: files as given, folders expanded to their documents, sorted."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
        else:
            yield path


def load_document(path: Path) -> Document:
    """Read and decode one document file; raise DocumentError naming the file and the reason."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DocumentError(
                f"{path}: {size} bytes is over the {MAX_BYTES} byte limit per document"
            )
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise DocumentError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise DocumentError(f"{path}: is a folder, not a document") from exc
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return document_from_bytes(data, name=path.name, path=str(path.resolve()))


def document_from_bytes(data: bytes, *, name: str, path: str) -> Document:
    """Build a Document from raw bytes; the id is the sha256 of exactly these bytes."""
    if not data.strip():
        raise DocumentError(f"{name}: the file is empty")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(f"{name}: looks like a binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"{name}: not valid UTF-8 (byte {exc.start}); save it as UTF-8 and ingest it again"
        ) from exc
    fmt = "md" if name.lower().endswith((".md", ".markdown")) else "txt"
    return Document(
        doc_id=hashlib.sha256(data).hexdigest(),
        doc=name,
        path=path,
        format=fmt,
        text=text,
        title=_title(text) or Path(name).stem,
        doi=_first(_DOI, text),
        url=_first(_URL, text),
    )


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.search(text[:20000])
    return m.group(1) if m and m.groups() else (m.group(0) if m else None)


def _title(text: str) -> str | None:
    """Return a title the text states in a labelled line ("Title: ..."), else None."""
    m = re.search(r"(?im)^\s*(?:article\s+)?title\s*[:\n]\s*\n*\s*(.{10,300}?)\s*$", text[:5000])
    return m.group(1).strip() if m else None
