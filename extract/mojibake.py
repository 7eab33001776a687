"""Repair UTF-8 text that was read as Windows-1252, as in-line edits of the stored text.

ftfy fixes a line; the edits are the non-equal stretches of difflib's alignment of the line
with its fix (`difflib.SequenceMatcher(None, line, fixed, autojunk=False)`). That alignment
costs time in the square of the line's length (~40 ms for a 1,400-character paragraph), so
`edits` aligns with `_Aligner`, which gives difflib's alignment exactly but finds each
longest match with str.find and slice comparisons in C instead of walking character pairs
in Python (~0.4 ms for that paragraph).
`edits_reference` keeps plain difflib: the reference the fast path must equal.
"""

from __future__ import annotations

import difflib
import logging
import re

log = logging.getLogger(__name__)

#: Two characters that UTF-8 bytes become when read as Windows-1252 ("Ã©", "â€™", "Â ").
PATTERN = re.compile(r"[\u00c2-\u00c5\u00e2][\u0080-\u00bf\u2010-\u203a\u20ac\u0152-\u0178\u02c6\u02dc ]")
_LEADS = "\u00c2\u00c3\u00c4\u00c5\u00e2"  # the first characters PATTERN matches
_NBSP_LOST = re.compile(r"(?<=[\u00c2\u00c3]) ")

#: Below this many character pairs a range is aligned by difflib itself (cheaper than slicing).
_SMALL = 4096
#: Above this many characters a line is aligned by difflib itself: hashing every window of a
#: long match costs time in the square of the length too (no faster than difflib out there).
_LONG = 20_000
#: A known common substring this long makes block anchors (`_anchored`) the cheaper search...
_ANCHOR = 32
#: ...unless the blocks occur in more places than this.
_ANCHOR_TRIES = 64


def present(raw: str) -> bool:
    """Return True when `PATTERN` occurs in `raw` (most texts lack its first characters: find is quicker)."""
    if raw.isascii() or not any(c in raw for c in _LEADS):
        return False
    return PATTERN.search(raw) is not None


def edits(raw: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Return the edits that repair UTF-8 read as Windows-1252 within `raw[start:end]`."""
    return _edits(raw, start, end, fast=True)


def edits_reference(raw: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Return `edits(raw, start, end)` aligned by plain difflib (the reference)."""
    return _edits(raw, start, end, fast=False)


def _edits(raw: str, start: int, end: int, *, fast: bool) -> list[tuple[int, int, str]]:
    import ftfy

    line = raw[start:end]
    # "Ã " is "à" whose second byte (a no-break space) became a plain space
    probe = _NBSP_LOST.sub("\u00a0", line)
    fixed = ftfy.fix_encoding(probe)
    if fixed == line or ("\u00c3" in fixed and "\u00c3" not in probe.replace("\u00c3\u00a0", "")):
        return []
    out = []
    sm = opcodes_matcher(line, fixed) if fast else difflib.SequenceMatcher(None, line, fixed, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "equal" and i2 > i1:
            out.append((start + i1, start + i2, fixed[j1:j2]))
    log.debug("clean.mojibake %r -> %r", line[:60], fixed[:60])
    return out


def opcodes_matcher(a: str, b: str) -> difflib.SequenceMatcher[str]:
    """Return a matcher whose alignment equals ``SequenceMatcher(None, a, b, autojunk=False)``'s."""
    if len(a) > _LONG or len(b) > _LONG:
        return difflib.SequenceMatcher(None, a, b, autojunk=False)
    return _Aligner(a, b)


class _Aligner(difflib.SequenceMatcher[str]):
    """difflib's matcher (no junk, no autojunk) with a faster, equal `find_longest_match`.

    difflib's answer is the longest common substring of the two ranges; among the longest,
    the one starting first in `a`, then first in `b` (with no junk its extension steps never
    apply). The common prefix or suffix of the ranges is a common substring known in advance,
    of length k0. When k0 is long, every common substring at least as long holds one of the
    blocks `a` is cut into every k0 // 2 characters, so growing each place a block occurs in
    `b` finds them all (`_anchored`). Otherwise (or when blocks occur too often) the length
    comes from testing "is there a common substring of length k" with a set of hashed slices.
    """

    def __init__(self, a: str, b: str) -> None:
        self._a, self._b = a, b
        super().__init__(None, a, b, autojunk=False)

    def find_longest_match(
        self, alo: int = 0, ahi: int | None = None, blo: int = 0, bhi: int | None = None
    ) -> difflib.Match:
        a, b = self._a, self._b
        ahi = len(a) if ahi is None else ahi
        bhi = len(b) if bhi is None else bhi
        if (ahi - alo) * (bhi - blo) <= _SMALL:
            return super().find_longest_match(alo, ahi, blo, bhi)
        top = min(ahi - alo, bhi - blo)
        # a common prefix or suffix of the ranges is a common substring: a lower bound
        k = max(_common_prefix(a, alo, b, blo, top), _common_suffix(a, ahi, b, bhi, top))
        if k >= _ANCHOR:
            best = _anchored(a, alo, ahi, b, blo, bhi, k)
            if best is not None:
                return difflib.Match(*best)
        hit = _first_common(a, alo, ahi, b, blo, bhi, k + 1)
        if hit is not None:
            # a longer match exists: grow the one found, then bisect between it and `top`
            i, j = hit
            k = k + 1 + _common_prefix(a, i + k + 1, b, j + k + 1, min(ahi - i, bhi - j) - k - 1)
            hi = top + 1  # no common substring is this long
            while hi - k > 1:
                mid = (k + hi) // 2
                if _first_common(a, alo, ahi, b, blo, bhi, mid) is None:
                    hi = mid
                else:
                    k = mid
        if k == 0:
            return difflib.Match(alo, blo, 0)
        first = _first_common(a, alo, ahi, b, blo, bhi, k)
        assert first is not None  # a common substring of length k exists
        return difflib.Match(first[0], first[1], k)


def _anchored(a: str, alo: int, ahi: int, b: str, blo: int, bhi: int, k0: int) -> tuple[int, int, int] | None:
    """Return the longest common substring of the ranges, first in `a` then in `b`, as (i, j, k),
    given that one of length `k0` exists; None when the blocks occur too often to be worth it."""
    h = k0 // 2
    best: tuple[int, int, int] | None = None  # (-length, i, j): the smallest is the answer
    tries = 0
    for q in range(alo, ahi - h + 1, h):
        block = a[q : q + h]
        j = b.find(block, blo, bhi)
        while j >= 0:
            tries += 1
            if tries > _ANCHOR_TRIES:
                return None
            left = _common_suffix(a, q, b, j, min(q - alo, j - blo))
            right = _common_prefix(a, q + h, b, j + h, min(ahi - q - h, bhi - j - h))
            run = (-(left + h + right), q - left, j - left)
            if best is None or run < best:
                best = run
            j = b.find(block, j + 1, bhi)
    if best is None:
        return None
    return best[1], best[2], -best[0]


def _first_common(a: str, alo: int, ahi: int, b: str, blo: int, bhi: int, k: int) -> tuple[int, int] | None:
    """Return the first (i, j) with ``a[i:i+k] == b[j:j+k]`` inside the ranges (first i, then j)."""
    if k > ahi - alo or k > bhi - blo:
        return None
    seen = {hash(b[j : j + k]) for j in range(blo, bhi - k + 1)}
    for i in range(alo, ahi - k + 1):
        piece = a[i : i + k]
        if hash(piece) in seen:
            j = b.find(piece, blo, bhi)
            if j >= 0:
                return i, j
    return None


def _common_prefix(a: str, i: int, b: str, j: int, limit: int) -> int:
    """Return the length of the common prefix of ``a[i:]`` and ``b[j:]``, at most `limit`."""
    lo, hi = 0, max(0, limit)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[i : i + mid] == b[j : j + mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, i: int, b: str, j: int, limit: int) -> int:
    """Return the length of the common suffix of ``a[:i]`` and ``b[:j]``, at most `limit`."""
    lo, hi = 0, max(0, limit)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[i - mid : i] == b[j - mid : j]:
            lo = mid
        else:
            hi = mid - 1
    return lo
