"""Load and extract many documents, in parallel processes, streaming results in input order.

The work per file is `process_path`: a pure function of the file's bytes (through
extract.documents), so the same function runs here, in a process pool, or on a Dask cluster.
At most `jobs * 4` files are in flight, so memory stays flat however long the input is.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from extract.errors import FiguresError
from extract.record import Document, Figure


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


def _work(path: str) -> Extracted:
    return process_path(path, _KNOWN)


def extract_paths(paths: Iterable[str], *, jobs: int = 1, known: frozenset[str] = frozenset()) -> Iterator[Extracted]:
    """Yield an Extracted for each path, in order, using `jobs` processes (1 = this process)."""
    if jobs <= 1:
        for path in paths:
            yield process_path(path, known)
        return
    window = jobs * 4
    # forkserver, not fork: the caller may run threads (a progress bar) that fork would copy mid-lock.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=(known,)) as pool:
        pending: deque[Future[Extracted]] = deque()
        for path in paths:
            pending.append(pool.submit(_work, path))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
