"""AppTest smoke tests: every page renders on the corpus, and says what to do without data."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dashboard.support import AppFactory, no_errors

DATA_PAGES = [
    "overview_page.py",
    "indicators_page.py",
    "figures_page.py",
    "figure_page.py",
    "documents_page.py",
    "export_page.py",
]


@pytest.mark.parametrize("page", [*DATA_PAGES, "upload_page.py"])
def test_every_page_renders_on_the_corpus(app: AppFactory, corpus_db: Path, page: str) -> None:
    at = app(corpus_db, page)
    no_errors(at)
    assert at.title, f"{page} has no title"


def test_default_page_is_the_overview_with_counts(app: AppFactory, hand_db: Path) -> None:
    at = app(hand_db)
    no_errors(at)
    assert at.title[0].value == "Overview"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Documents"] == "2"
    assert metrics["Figures"] == "10"
    assert metrics["Years covered"] == "2001 to 2019"


def test_overview_lists_the_documents_with_most_figures(
    app: AppFactory, hand_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard import data

    monkeypatch.setattr(data, "OVERVIEW_DOCUMENTS", 1)
    at = app(hand_db)
    no_errors(at)
    assert "The 1 with the most figures, of 2." in [c.value for c in at.caption]
    assert at.dataframe[0].value["doc"].tolist() == ["aid_report.txt"]


@pytest.mark.parametrize("page", DATA_PAGES)
def test_missing_database_names_the_file_and_the_fix(app: AppFactory, tmp_path: Path, page: str) -> None:
    db = tmp_path / "nowhere" / "figures.duckdb"
    at = app(db, page)
    assert not at.exception
    message = at.error[0].value
    assert str(db) in message and "figures ingest" in message and "Add documents" in message


@pytest.mark.parametrize("page", DATA_PAGES)
def test_empty_database_says_how_to_add_documents(app: AppFactory, empty_db: Path, page: str) -> None:
    at = app(empty_db, page)
    no_errors(at)
    assert "no documents" in at.info[0].value and "Add documents" in at.info[0].value


def test_unreadable_database_is_an_error_not_a_traceback(app: AppFactory, tmp_path: Path) -> None:
    db = tmp_path / "garbage.duckdb"
    db.write_bytes(b"this is not a duckdb file" * 100)
    at = app(db, "indicators_page.py")
    assert not at.exception
    assert "Cannot read the database" in at.error[0].value


def test_upload_page_works_without_a_database(app: AppFactory, tmp_path: Path) -> None:
    at = app(tmp_path / "new" / "figures.duckdb", "upload_page.py")
    no_errors(at)
    assert at.file_uploader[0].label == "Documents"
    assert at.button(key="upload_go").disabled


def test_server_process_warms_what_the_first_page_needs(caplog: pytest.LogCaptureFixture) -> None:
    from dashboard import scales, serve

    serve._warm()
    assert not [r for r in caplog.records if r.name == "dashboard.serve"]
    assert scales.display_units.cache_info().currsize >= 1  # type: ignore[attr-defined]
