"""Load and extract many documents, in parallel processes, streaming results in input order.

The work per file is `process_path`: a pure function of the file's bytes (through
extract.documents), so the same function runs here, in a process pool, or on a Dask cluster.
A pool gets the files in chunks of a few small ones (a task costs the parent ~0.1 ms of
pickling and queueing, which a chunk's files share; a large file travels alone), and at most
`jobs * 4` chunks are in flight, so memory stays flat however long the input is.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from extract.errors import FiguresError
from extract.record import Document, Figure

#: Most files, and most bytes, one task of a process pool carries.
_CHUNK_FILES = 4
_CHUNK_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class Extracted:
    """The outcome for one input file: its document and figures, or why it was skipped."""

    name: str
    document: Document | None
    figures: tuple[Figure, ...]
    error: str | None = None


def default_jobs() -> int:
    """Return the number of worker processes to use by default: the usable cores."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def process_path(path: str, known: frozenset[str] = frozenset()) -> Extracted:
    """Load one file and find its figures; a document whose id is in `known` is not re-extracted."""
    from extract.documents import load_document
    from extract.pipeline import find_figures

    try:
        doc = load_document(Path(path))
    except FiguresError as exc:
        return Extracted(path, None, (), str(exc))
    if doc.doc_id in known:
        return Extracted(path, doc, ())
    return Extracted(path, doc, tuple(find_figures(doc.text, doc.meta)))


_KNOWN: frozenset[str] = frozenset()


def _init_worker(known: frozenset[str]) -> None:
    global _KNOWN
    _KNOWN = known


def _work(paths: list[str]) -> list[Extracted]:
    return [_without_view(process_path(path, _KNOWN)) for path in paths]


def _without_view(out: Extracted) -> Extracted:
    """Drop the document's cleaned view: find_figures has used it, and it would double what is pickled back."""
    if out.document is None or out.document.view is None:
        return out
    return dataclasses.replace(out, document=dataclasses.replace(out.document, view=None))


def _chunks(paths: Iterable[str]) -> Iterator[list[str]]:
    """Group consecutive paths into chunks of at most `_CHUNK_FILES` files and `_CHUNK_BYTES` (or one file)."""
    from extract.documents import file_size

    chunk: list[str] = []
    size = 0
    for path in paths:
        n = file_size(path)
        if chunk and (len(chunk) >= _CHUNK_FILES or size + n > _CHUNK_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(path)
        size += n
    if chunk:
        yield chunk


def extract_paths(paths: Iterable[str], *, jobs: int = 1, known: frozenset[str] = frozenset()) -> Iterator[Extracted]:
    """Yield an Extracted for each path, in order, using `jobs` processes (1 = this process).

    From worker processes the documents come without their cleaned view (`Document.view` is None).
    """
    if jobs <= 1:
        for path in paths:
            yield process_path(path, known)
        return
    window = jobs * 4
    # forkserver, not fork: the caller may run threads (a progress bar) that fork would copy mid-lock.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=(known,)) as pool:
        pending: deque[Future[list[Extracted]]] = deque()
        for chunk in _chunks(paths):
            pending.append(pool.submit(_work, chunk))
            if len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
