"""End-to-end tests in a real browser: Debian's chromium driven by Playwright, against
`figures dashboard` serving a hand-built warehouse on 127.0.0.1. Screenshots of each page
go to test-artifacts/screenshots/ (look at them at 1280 px wide)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from tests.dashboard.conftest import CHROMIUM, WIDTH
from tests.dashboard.support import ROOT, build_hand_db

pytestmark = pytest.mark.browser

SHOTS = ROOT / "test-artifacts" / "screenshots"

UPLOAD_TEXT = "Trade note.\n\nIn 2015, Pakistan received US$75 million in aid from Japan.\n"

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"figures dashboard exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"figures dashboard did not answer on {url} within {timeout} s")


@contextlib.contextmanager
def serve_dashboard(db: Path, tmp: Path) -> Iterator[str]:
    """Run `figures dashboard` over `db` on a free port until the block ends; yield its URL."""
    port = _free_port()
    env = {**os.environ, "FIGURES_DATA_DIR": str(tmp / "data"), "FIGURES_CONFIG": str(tmp / "no-figures.toml")}
    cmd = [sys.executable, "-c", "from figures.cli import main; main()", "dashboard",
           "--db", str(db), "--port", str(port), "--host", "127.0.0.1"]  # fmt: skip
    log = (tmp / "server.log").open("wb")
    # A session of its own, so teardown can stop the CLI and the streamlit child it starts.
    proc = subprocess.Popen(cmd, cwd=tmp, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start `figures dashboard` on a free port over a private warehouse; yield its URL."""
    tmp = tmp_path_factory.mktemp("browser")
    with serve_dashboard(build_hand_db(tmp / "figures.duckdb"), tmp) as url:
        yield url


def _open(page, url: str, title: str) -> None:
    page.goto(url)
    page.get_by_role("heading", name=title, level=1).wait_for()
    _settle(page)
    _assert_no_failure(page)


def _settle(page) -> None:
    """Wait until the script run has finished (Streamlit's running indicator is gone)."""
    page.wait_for_timeout(200)
    page.get_by_test_id("stStatusWidget").wait_for(state="detached")


def _assert_no_failure(page) -> None:
    assert page.get_by_test_id("stException").count() == 0, "a page raised"
    assert page.get_by_text("This page failed").count() == 0


def _wait_for_charts(page) -> None:
    """Wait until every plotly chart on the page has drawn its plot area."""
    page.locator(".js-plotly-plot .main-svg").first.wait_for()
    page.wait_for_timeout(400)


def _shot(page, name: str) -> None:
    """Save a screenshot of the whole app (its scrolling main area included)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('section, [data-testid=stMain]')]"
        ".map(e => e.scrollHeight), document.body.scrollHeight)"
    )
    page.set_viewport_size({"width": WIDTH, "height": min(max(int(height) + 40, 800), 6000)})
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.set_viewport_size({"width": WIDTH, "height": 1000})


def _no_horizontal_overflow(page) -> None:
    """At 1280 px the page itself must not scroll sideways (tables and charts fit)."""
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow} px wider than the window"


@pytest.mark.parametrize(
    ("path", "title", "charts"),
    [
        ("", "Overview", True),
        ("indicators", "Indicators", True),
        ("figures", "Figures", True),
        ("figure", "Figure detail", False),
        ("documents", "Documents", False),
        ("export", "Export", True),
        ("add", "Add documents", False),
    ],
)
def test_each_page_opens(server: str, page, path: str, title: str, charts: bool) -> None:
    _open(page, f"{server}/{path}", title)
    if charts:
        _wait_for_charts(page)
        assert page.locator(".js-plotly-plot").count() >= 1
    _no_horizontal_overflow(page)
    _shot(page, f"page-{path or 'overview'}")


def test_filter_change_redraws_chart_and_url(server: str, page) -> None:
    _open(page, f"{server}/indicators", "Indicators")
    _wait_for_charts(page)
    box = page.get_by_test_id("stSelectbox").filter(has_text="Indicator")
    box.click()
    page.get_by_role("option", name="Loans and credit").click()
    page.wait_for_url("**indicator=loan**")
    page.get_by_text("1 figure selected").wait_for()
    _wait_for_charts(page)
    _assert_no_failure(page)
    assert page.locator(".js-plotly-plot .scatterlayer .point").count() == 1
    _shot(page, "indicators-loan")


def test_chart_point_selection_shows_its_quote(server: str, page) -> None:
    _open(page, f"{server}/indicators?indicator=loan", "Indicators")
    _wait_for_charts(page)
    point = page.locator(".js-plotly-plot .scatterlayer .point").first
    point.click(force=True)
    panel = page.locator(".st-key-detail_panel")
    quote = panel.locator("mark", has_text="US$2 billion")
    quote.first.wait_for()  # the panel's HTML arrives in pieces while the script runs
    _settle(page)
    assert quote.count() == 1
    assert "China lent Pakistan" in panel.inner_text()
    page.wait_for_url("**figure=**")
    _shot(page, "indicators-selected-point")
    # The figure page opens from the panel and keeps the selection.
    panel.get_by_text("Open the figure page").click()
    page.get_by_role("heading", name="Figure detail", level=1).wait_for()
    page.locator(".st-key-detail_full mark", has_text="US$2 billion").first.wait_for()
    _shot(page, "figure-detail")


def test_download_csv_and_read_it_back(server: str, page, tmp_path: Path) -> None:
    _open(page, f"{server}/export?indicator=aid&actor=Russia", "Export")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name == "figures-aid.csv"
    df = pl.read_csv(path)
    assert set(df["quote"]) == {"US$250 million", "up to US$50 million"}
    assert {"doc", "title", "quote", "sentence", "start", "end", "doi", "url"} <= set(df.columns)


def test_document_text_marks_figures_and_links_them(server: str, page) -> None:
    _open(page, f"{server}/documents", "Documents")
    grid = page.get_by_test_id("stDataFrame").first
    grid.wait_for()
    page.wait_for_timeout(500)
    grid.click(position={"x": 12, "y": 52})  # the selection box of the first row
    text = page.locator(".st-key-doc_text")
    text.locator("mark").first.wait_for()
    assert text.locator("mark").count() == 9
    assert "<script>alert('x')</script>" in text.inner_text()  # shown as text, never run
    _shot(page, "documents-open")
    text.locator("mark", has_text="US$250 million").click()
    page.get_by_role("heading", name="Figure detail", level=1).wait_for()
    page.locator(".st-key-detail_full mark", has_text="US$250 million").first.wait_for()


def test_upload_a_document_and_see_its_figures(server: str, page, tmp_path: Path) -> None:
    source = tmp_path / "Trade note (2016).txt"
    source.write_text(UPLOAD_TEXT, encoding="utf-8")
    _open(page, f"{server}/add", "Add documents")
    page.locator('input[type="file"]').set_input_files(str(source))
    page.get_by_text("73.0B").wait_for()  # the uploader lists the file (its long name is shortened)
    page.get_by_role("button", name="Load the documents").click()  # waits until it is enabled
    page.get_by_text("1 document read, 1 added or replaced.").wait_for()
    page.get_by_role("heading", name="Trade_note_2016.txt").wait_for()
    _settle(page)
    _assert_no_failure(page)
    # The data grid draws on a canvas; its accessible cells carry the text.
    page.locator("td", has_text="US$75 million").first.wait_for(state="attached")
    _shot(page, "add-documents-done")
    # No restart: the document is listed on the Documents page straight away.
    _open(page, f"{server}/documents", "Documents")
    page.get_by_text("3 documents").wait_for()


def test_screenshots_folder_is_gitignored() -> None:
    assert "test-artifacts/" in (ROOT / ".gitignore").read_text().split()
