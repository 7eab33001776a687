"""The resource limits every document loader applies, in one place.

Analysts feed the tool whatever they download, so each document is bounded before it is
read whole: a file over a limit is refused with a one-line reason naming it (the CLI skips
it and exits 3; the upload page lists it as refused), and the other files still load.
The limits are generous for real papers (the largest sample document is ~150 KB of text)
and keep one hostile file to about a minute and well under 1.5 GB of memory.
README.md, section "Limits", lists them for users; change them here, nowhere else.
"""

from __future__ import annotations

#: Bytes of one document file (the raw file, any format), checked before it is read.
MAX_BYTES = 64 * 1024 * 1024

#: Characters of text one document may yield (after decoding, or extracted from HTML/PDF):
#: about 2,500 pages. Bounds the extraction time, which grows with the number of figures:
#: text made of nothing but figures (one every 50 characters) takes ~10 s per MB.
MAX_TEXT_CHARS = 8 * 1024 * 1024

#: Pages of one PDF (checked from the page tree before any page is read).
MAX_PDF_PAGES = 5_000

#: Bytes one PDF stream may decompress to (pypdf's own guard, raised to an error here).
MAX_PDF_STREAM_BYTES = 75_000_000

#: Depth of nested HTML elements. The HTML parser's time grows with the square of the
#: depth (20,000 nested <div>s take ~1 s, 500,000 about 12 minutes); real pages stay under 100.
MAX_HTML_DEPTH = 5_000

#: Digits in one number. Longer digit runs are codes or junk, and would overflow a float
#: (a 400-digit number is `inf`, which JSON cannot carry).
MAX_NUMBER_DIGITS = 30
