"""Money in several units in one indicator (a currency pair, rupees, dollars per MMBtu) and a
time joined into seconds: every page still draws, the table keeps every figure."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dashboard.support import AppFactory, build_corpus_db, no_errors

TEXT = (
    "Turkey's lira slid to 32.5 per dollar in 2023, while the deficit cost $5 billion in 2022.\n\n"
    "India approved Rs 500 crore for defence in 2021, and the loss was Rs 20 crore in 2020. "
    "Kipyegon clocked 3min 49.04sec in 2023. Gas cost $2.05 per million British thermal units in 2019.\n"
)


@pytest.fixture
def mixed_db(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "mixed.txt").write_text(TEXT, encoding="utf-8")
    return build_corpus_db(tmp_path / "figures.duckdb", corpus)


@pytest.mark.parametrize("indicator", ["economic_cost", "duration"])
def test_indicator_pages_draw_with_mixed_units(app: AppFactory, mixed_db: Path, indicator: str) -> None:
    at = app(mixed_db, "indicators_page.py", indicator=indicator)
    no_errors(at)
    assert at.query_params["indicator"] == indicator


@pytest.mark.parametrize("page", ["overview_page.py", "figures_page.py", "documents_page.py", "export_page.py"])
def test_other_pages_draw_with_mixed_units(app: AppFactory, mixed_db: Path, page: str) -> None:
    no_errors(app(mixed_db, page))
