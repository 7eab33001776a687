"""Check and load uploaded files: safe names, size and type limits, extraction, ingest.

No streamlit here; the Add documents page passes a progress callback.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from extract.documents import SUFFIXES, document_from_bytes
from extract.errors import FiguresError
from extract.pipeline import find_figures
from extract.record import Document, Figure
from warehouse import store

log = logging.getLogger(__name__)

#: File types the uploader accepts (without the dot), from what extract.documents can read.
ACCEPTED_TYPES: tuple[str, ...] = tuple(s.lstrip(".") for s in SUFFIXES)

#: Prefix of the `path` recorded for an uploaded document (it has no path on the server).
UPLOAD_PATH_PREFIX = "upload:"

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_NAME = 100


@dataclass(frozen=True, slots=True)
class Upload:
    """One uploaded file: the name the reader gave it, and its bytes."""

    name: str
    data: bytes


@dataclass(slots=True)
class Outcome:
    """What happened to a batch of uploads: documents loaded, files refused with the reason."""

    loaded: list[tuple[str, str, int, str]] = field(default_factory=list)  # (name, doc_id, figures, status)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (name as uploaded, reason)


def safe_name(name: str) -> str:
    """Return a file name safe to store and show: no folders, no odd characters, kept suffix.

    >>> safe_name("../../etc/passwd.txt")
    'passwd.txt'
    >>> safe_name("Rapport été 2023 (final).md")
    'Rapport_ete_2023_final.md'
    >>> safe_name("..hidden.txt")
    'hidden.txt'
    >>> safe_name("<script>.txt")
    'script.txt'
    """
    base = re.split(r"[\\/]", name)[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = _UNSAFE.sub("_", stem).strip("._-") or "document"
    suffix = _UNSAFE.sub("", suffix).lower()
    stem = stem[: _MAX_NAME - len(suffix) - 1]
    return f"{stem}.{suffix}" if suffix else stem


def refusal(upload: Upload, *, max_bytes: int) -> str | None:
    """Return why an upload is refused (type, size, emptiness), or None if it may be loaded."""
    suffix = Path(safe_name(upload.name)).suffix.lower()
    if suffix not in SUFFIXES:
        return f"type {suffix or '(none)'} is not accepted; upload {', '.join(SUFFIXES)} files"
    if len(upload.data) > max_bytes:
        return f"{len(upload.data) / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit per file"
    if not upload.data.strip():
        return "the file is empty"
    return None


def ingest_uploads(
    db: Path,
    uploads: Sequence[Upload],
    *,
    max_bytes: int,
    on_progress: Callable[[int, int, str], None] | None = None,
    lock_timeout: float = 60.0,
) -> Outcome:
    """Extract figures from each acceptable upload and ingest them into `db` in one swap.

    `on_progress(done, total, message)` is called as each file is read and loaded. A file
    that cannot be read is refused with its reason; the others still load.
    """
    outcome = Outcome()
    accepted: list[Upload] = []
    names: set[str] = set()
    for upload in uploads:
        reason = refusal(upload, max_bytes=max_bytes)
        name = safe_name(upload.name)
        if reason is None and name in names:
            reason = f"another upload in this batch is also named {name}"
        if reason:
            outcome.refused.append((upload.name, reason))
        else:
            names.add(name)
            accepted.append(upload)
    total = len(accepted)
    counts: dict[str, int] = {}
    done = 0

    def report(message: str) -> None:
        if on_progress:
            on_progress(done, total, message)

    def items() -> Iterator[tuple[Document, list[Figure]]]:
        nonlocal done
        for upload in accepted:
            name = safe_name(upload.name)
            report(f"reading {name}")
            try:
                document = document_from_bytes(upload.data, name=name, path=f"{UPLOAD_PATH_PREFIX}{name}")
                figures = find_figures(document.text, document.meta)
            except FiguresError as exc:
                log.info("upload %s refused: %s", name, exc)
                outcome.refused.append((upload.name, str(exc)))
                done += 1
                continue
            counts[document.doc_id] = len(figures)
            yield document, figures

    def on_item(document: Document, status: str) -> None:
        nonlocal done
        done += 1
        outcome.loaded.append((document.doc, document.doc_id, counts.get(document.doc_id, 0), status))
        report(f"{document.doc}: {status}")

    if total:
        store.ingest(db, items(), on_item=on_item, lock_timeout=lock_timeout)
    done = total
    report("done")
    return outcome
