"""Cite the sources of a chart or an export: APA reference text and BibTeX, from document metadata."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any


def _authors_apa(authors: Iterable[str]) -> str:
    names = []
    for full in authors:
        parts = full.replace(",", " ").split()
        if not parts:
            continue
        if len(parts) == 1:
            names.append(parts[0])
            continue
        initials = " ".join(f"{p[0]}." for p in parts[:-1])
        names.append(f"{parts[-1]}, {initials}")
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def _year(date: str | None) -> str:
    m = re.search(r"(1[89]\d\d|20\d\d)", date or "")
    return m.group(1) if m else "n.d."


def apa(doc: Mapping[str, Any]) -> str:
    """Return an APA-style reference for one document record.

    >>> apa({"authors": ["Uroosa Ishfaq", "Kashif Ashfaq"], "date": "2023", "title": "Diplomatic Complexity",
    ...      "venue": "Global Foreign Policies Review", "doi": "10.31703/gfpr.2023(VI-III).01"})
    'Ishfaq, U., & Ashfaq, K. (2023). Diplomatic Complexity. Global Foreign Policies Review. https://doi.org/10.31703/gfpr.2023(VI-III).01'
    """
    authors = _authors_apa(doc.get("authors") or [])
    title = (doc.get("title") or doc.get("doc") or "Untitled").strip().rstrip(".")
    head = f"{authors} ({_year(doc.get('date'))}). {title}." if authors else f"{title}. ({_year(doc.get('date'))})."
    parts = [head]
    if doc.get("venue"):
        parts.append(f"{doc['venue']}.")
    if doc.get("doi"):
        parts.append(f"https://doi.org/{doc['doi']}")
    elif doc.get("url"):
        parts.append(str(doc["url"]))
    return " ".join(parts)


def _bibkey(doc: Mapping[str, Any]) -> str:
    authors = doc.get("authors") or []
    last = re.sub(r"\W", "", authors[0].split()[-1]) if authors and authors[0].split() else "anon"
    word = re.sub(r"\W", "", ((doc.get("title") or doc.get("doc") or "doc").split() or ["doc"])[0])
    return f"{last.lower()}{_year(doc.get('date'))}{word.lower()}"


def _bib_escape(text: str) -> str:
    return re.sub(r"([{}\\&%$#_])", r"\\\1", text)


def bibtex(doc: Mapping[str, Any]) -> str:
    """Return a BibTeX entry for one document record."""
    fields = {
        "title": doc.get("title") or doc.get("doc"),
        "author": " and ".join(doc.get("authors") or []) or None,
        "year": _year(doc.get("date")) if doc.get("date") else None,
        "journal": doc.get("venue"),
        "doi": doc.get("doi"),
        "url": doc.get("url"),
        "note": f"figures document {doc.get('doc')}" if doc.get("doc") else None,
    }
    kind = "article" if doc.get("venue") else "misc"
    body = ",\n".join(f"  {k} = {{{_bib_escape(str(v))}}}" for k, v in fields.items() if v)
    return f"@{kind}{{{_bibkey(doc)},\n{body}\n}}"


def how_to_cite(chart_title: str, docs: Iterable[Mapping[str, Any]], *, accessed: str) -> str:
    """Return a one-line 'how to cite this chart' text naming its sources."""
    names = sorted({(d.get("title") or d.get("doc") or "") for d in docs} - {""})
    shown = "; ".join(names[:3]) + (f"; and {len(names) - 3} more" if len(names) > 3 else "")
    return f'"{chart_title}", figures extracted from {len(names)} source(s) ({shown}), accessed {accessed}.'
