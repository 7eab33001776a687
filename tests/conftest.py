"""Shared fixtures: the shipped sample corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """Return the folder of the five shipped sample documents."""
    files = sorted(CORPUS.glob("*.txt"))
    assert len(files) == 5, "the sample corpus ships with five documents"
    return CORPUS
