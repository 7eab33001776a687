"""Browser tests of the Review and Conflicts pages: Debian's chromium driven by Playwright against
`figures dashboard` serving the corpus plus two news documents that disagree on 2010 US aid.
Screenshots go to test-artifacts/screenshots/ (review-*.png, conflicts-*.png), 1280 px wide."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.dashboard.support import build_conflict_db
from tests.dashboard.test_browser import (
    _assert_no_failure,
    _no_horizontal_overflow,
    _open,
    _settle,
    _shot,
    _wait_for_charts,
    serve_dashboard,
)
from warehouse import curation, queries, store

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Iterator[tuple[str, Path]]:
    """Start `figures dashboard` over a private conflict warehouse; yield its URL and the database."""
    tmp = tmp_path_factory.mktemp("review_browser")
    db = build_conflict_db(tmp / "figures.duckdb", corpus_dir)
    with serve_dashboard(db, tmp) as url:
        yield url, db


def _queue(db: Path, n: int) -> list[dict[str, object]]:
    con = store.connect(db, read_only=True)
    try:
        figures = queries.figures(con)
    finally:
        con.close()
    return curation.review_queue(figures, db, limit=n).to_dicts()


def test_review_accept_changes_the_status(served: tuple[str, Path], page) -> None:
    url, db = served
    first, second = _queue(db, 2)
    _open(page, f"{url}/review", "Review")
    card = page.locator(f".st-key-review_card_{first['figure_id']}")
    card.locator("mark").first.wait_for()
    _no_horizontal_overflow(page)
    _shot(page, "review-queue")
    page.get_by_role("textbox", name="Reviewer").fill("Ana")
    page.get_by_role("textbox", name="Reviewer").press("Enter")
    _settle(page)
    card.get_by_role("button", name="Accept").click()
    page.get_by_text("accepted by Ana").first.wait_for()
    _settle(page)
    _assert_no_failure(page)
    page.get_by_text("1 of 49 figures reviewed").wait_for()
    assert card.count() == 0  # decided: it left the queue
    assert curation.latest(db)["review_status"].to_list() == ["accepted"]
    page.get_by_role("tab", name="Decided (1)").click()
    page.get_by_role("tab", name="Rule precision").click()
    _shot(page, "review-accepted")

    # The figure page shows the status and changes it.
    _open(page, f"{url}/figure?figure={second['figure_id']}", "Figure detail")
    status = page.locator(".review-status").first
    status.get_by_text("unreviewed").wait_for()
    page.get_by_role("textbox", name="Reviewer").fill("Ana")  # a new browser session: name it again
    page.get_by_role("textbox", name="Reviewer").press("Enter")
    _settle(page)
    page.get_by_role("button", name="Accept").click()
    page.locator(".review-status", has_text="accepted by Ana").first.wait_for()
    _settle(page)
    _assert_no_failure(page)
    _no_horizontal_overflow(page)
    _shot(page, "review-figure-detail")


def test_conflicts_page_shows_two_sources(served: tuple[str, Path], page) -> None:
    url, _ = served
    _open(page, f"{url}/conflicts", "Conflicts")
    _wait_for_charts(page)
    sources = page.locator("[class*='st-key-conf_source_']")
    assert sources.count() == 2
    text = " ".join(sources.all_inner_texts())
    assert "US aid to Pakistan after the floods" in text and "Flood relief tally" in text
    assert sources.locator("mark").count() == 2
    assert page.locator(".js-plotly-plot .scatterlayer .point").count() == 2
    _no_horizontal_overflow(page)
    _shot(page, "conflicts-group")
    page.get_by_text("US$1.8 billion — tribune_aid_2010.txt").click()
    page.get_by_text("(picked)").wait_for()
    page.wait_for_url("**pick=**")
    _settle(page)
    _wait_for_charts(page)
    _shot(page, "conflicts-picked")
