"""Fixtures for dashboard tests: warehouses built from the shipped corpus, and AppTest runners."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.support import APP, TIMEOUT, AppFactory, build_conflict_db, build_corpus_db, build_hand_db
from warehouse import store


@pytest.fixture(scope="session")
def hand_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a warehouse of two hand-built documents with known figures (tests only read it)."""
    return build_hand_db(tmp_path_factory.mktemp("hand_db") / "figures.duckdb")


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    """Return a warehouse holding the five sample documents (shared: tests only read it)."""
    return build_corpus_db(tmp_path_factory.mktemp("corpus_db") / "figures.duckdb", corpus_dir)


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    """Return a migrated warehouse with no documents."""
    db = tmp_path / "empty.duckdb"
    store.ingest(db, [])
    return db


@pytest.fixture
def fresh_corpus_db(tmp_path: Path, corpus_dir: Path) -> Path:
    """Return a private copy of the corpus warehouse, for tests that ingest into it."""
    return build_corpus_db(tmp_path / "fresh.duckdb", corpus_dir)


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> AppFactory:
    """Return a factory: ``app(db, page=None, **query_params)`` gives a run AppTest on `db`."""

    def make(db: Path, page: str | None = None, **params: str) -> AppTest:
        monkeypatch.setenv("FIGURES_DB", str(db))
        monkeypatch.setenv("FIGURES_DATA_DIR", str(tmp_path / "data"))
        monkeypatch.setenv("FIGURES_CONFIG", str(tmp_path / "no-figures.toml"))
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        if page is not None:
            at.run()  # st.navigation registers the pages on the first run
            at.switch_page(page)
        at.query_params.clear()
        at.query_params.update(params)
        return at.run()

    return make


@pytest.fixture(scope="session")
def conflict_db(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    """Return a warehouse of the corpus plus two news documents that disagree on 2010 US aid."""
    return build_conflict_db(tmp_path_factory.mktemp("conflict_db") / "figures.duckdb", corpus_dir)


@pytest.fixture
def review_db(tmp_path: Path, corpus_dir: Path) -> Path:
    """Return a private conflict warehouse, for tests that write review decisions beside it."""
    return build_conflict_db(tmp_path / "review.duckdb", corpus_dir)
