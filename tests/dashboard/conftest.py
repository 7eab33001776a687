"""Fixtures for dashboard tests: warehouses built from the shipped corpus, and AppTest runners."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.support import (
    APP,
    TIMEOUT,
    AppFactory,
    build_conflict_db,
    build_corpus_db,
    build_hand_db,
    build_large_db,
)
from warehouse import store


@pytest.fixture(scope="session")
def hand_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a warehouse of two hand-built documents with known figures (tests only read it)."""
    return build_hand_db(tmp_path_factory.mktemp("hand_db") / "figures.duckdb")


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    """Return a warehouse holding the five sample documents (shared: tests only read it)."""
    return build_corpus_db(tmp_path_factory.mktemp("corpus_db") / "figures.duckdb", corpus_dir)


@pytest.fixture(scope="session")
def large_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a warehouse larger than every table's page (tests only read it)."""
    return build_large_db(tmp_path_factory.mktemp("large_db") / "figures.duckdb")


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


#: Debian's chromium, driven by Playwright (its own browser download fails here).
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTH = 1280
#: Generous: the first render imports plotly, polars and duckdb in the server.
TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Return a headless chromium for the browser tests of one module."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """Return a fresh 1280 px wide page that accepts downloads."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    yield pg
    context.close()
