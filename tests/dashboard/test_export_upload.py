"""Export and Add documents: download bytes, chart files, and uploads that appear without restart."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import polars as pl
import pytest

from dashboard import exporting, uploads
from tests.dashboard.support import AppFactory, chart_specs, no_errors
from warehouse.export import EXPORT_COLUMNS
from warehouse.queries import FigureFilter
from warehouse.store import ReadOnlyWarehouse

UPLOAD_TEXT = (
    b"Trade note.\n\nIn 2015, Pakistan received US$75 million in aid from Japan. Exports rose 12 percent in 2016.\n"
)


def test_export_page_offers_every_download(app: AppFactory, hand_db: Path) -> None:
    at = app(hand_db, "export_page.py", indicator="aid", actor="Russia")
    no_errors(at)
    assert at.multiselect(key="exp_actors").value == ["Russia"]
    assert "**2 figures**" in at.markdown[0].value or any("2 figures" in m.value for m in at.markdown)
    labels = {b.label for b in at.download_button}
    assert labels == {"Download CSV", "Download Parquet", "Download PNG", "Download SVG", "Download HTML",
                      "Download BibTeX (.bib)", "Download APA text"}  # fmt: skip
    assert "exp_preview" in chart_specs(at)


def test_export_starts_from_the_selection_made_on_indicators(app: AppFactory, hand_db: Path) -> None:
    at = app(hand_db, "indicators_page.py")
    at.multiselect(key="ind_actors").set_value(["United States"]).run()
    at.switch_page("export_page.py")
    at.query_params.clear()
    at.run()
    no_errors(at)
    assert at.multiselect(key="exp_actors").value == ["United States"]


def test_export_chart_choice_changes_the_preview(app: AppFactory, hand_db: Path) -> None:
    at = app(hand_db, "export_page.py", indicator="aid")
    assert set(at.selectbox(key="exp_chart").options) == {"By year and actor"}
    at.selectbox(key="exp_indicator").set_value("casualties").run()
    no_errors(at)
    assert at.selectbox(key="exp_chart").value == "comparison"


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_table_bytes_carry_the_source_columns(hand_db: Path, fmt: str) -> None:
    with ReadOnlyWarehouse(hand_db) as reader:
        data = exporting.table_bytes(reader, FigureFilter(indicator="aid", actors=("Russia",)), fmt)
    df = pl.read_csv(io.BytesIO(data)) if fmt == "csv" else pl.read_parquet(io.BytesIO(data))
    assert tuple(df.columns) == EXPORT_COLUMNS
    assert set(df["quote"]) == {"US$250 million", "up to US$50 million"}
    assert set(df["title"]) == {"Aid <b>report</b>"} and set(df["doi"]) == {"10.1234/aid.1"}
    first = df.row(0, named=True)
    assert first["sentence"] and first["end"] > first["start"]


def test_chart_html_is_standalone(hand_db: Path) -> None:
    import plotly.graph_objects as go

    html = exporting.chart_bytes(go.Figure(go.Scatter(x=[1], y=[2])), "html").decode()
    assert html.lower().startswith("<!doctype html>") and len(html) > 1_000_000  # plotly.js is inside
    assert '<script src="http' not in html


@pytest.mark.skipif(exporting.static_export_problem() is not None, reason="kaleido or chromium missing")
def test_chart_svg_is_drawn_by_kaleido() -> None:
    import plotly.graph_objects as go

    svg = exporting.chart_bytes(go.Figure(go.Scatter(x=[1, 2], y=[2, 3])), "svg", width=400, height=300)
    assert svg.lstrip().startswith(b"<svg")


def test_upload_loads_a_document_and_shows_its_figures(app: AppFactory, tmp_path: Path, hand_db: Path) -> None:
    db = tmp_path / "wh" / "figures.duckdb"
    db.parent.mkdir()
    shutil.copyfile(hand_db, db)
    at = app(db, "upload_page.py")
    at.file_uploader[0].set_value(("../../Trade note (2016).txt", UPLOAD_TEXT, "text/plain"))
    at.run()
    at.button(key="upload_go").click().run()
    no_errors(at)
    assert "1 document read, 1 added or replaced." in at.success[0].value
    result = at.dataframe[0].value
    assert list(result["doc"]) == ["Trade_note_2016.txt"] and list(result["status"]) == ["added"]
    figures = at.dataframe[1].value
    assert "US$75 million" in set(figures["quote"])
    # The new document is on the other pages at once, without a restart.
    at.switch_page("documents_page.py").run()
    no_errors(at)
    assert "Trade_note_2016.txt" in set(at.dataframe(key="docs_table").value["doc"])


def test_upload_refuses_bad_files_and_loads_the_rest(app: AppFactory, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("FIGURES_UPLOAD_MAX_MB", "1")
    db = tmp_path / "new" / "figures.duckdb"
    at = app(db, "upload_page.py")
    at.file_uploader[0].set_value(
        [
            ("good.md", UPLOAD_TEXT, "text/markdown"),
            ("evil.exe", b"MZ\x00\x00", "application/octet-stream"),
            ("big.txt", b"a" * (1024 * 1024 + 1), "text/plain"),
            ("empty.txt", b"   ", "text/plain"),
            ("binary.txt", b"\x00\x01\x02" * 100, "text/plain"),
        ]
    )
    at.run()
    at.button(key="upload_go").click().run()
    assert not at.exception
    errors = " | ".join(e.value for e in at.error)
    assert "evil.exe: type .exe is not accepted" in errors
    assert "big.txt: 1.0 MB is over the 1 MB limit per file" in errors
    assert "empty.txt: the file is empty" in errors
    assert "binary.txt" in errors
    assert "1 document read" in at.success[0].value
    assert db.exists()


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\me\\report.TXT", "report.txt"),
        ("Rapport été 2023 (final).md", "Rapport_ete_2023_final.md"),
        ("..hidden.txt", "hidden.txt"),
        ('<img src=x onerror="1">.txt', "img_src_x_onerror_1.txt"),
        ("no_suffix", "no_suffix"),
        ("x" * 300 + ".txt", "x" * 96 + ".txt"),
    ],
)
def test_upload_names_are_sanitised(name: str, safe: str) -> None:
    assert uploads.safe_name(name) == safe


def test_ingest_uploads_reports_progress(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    outcome = uploads.ingest_uploads(
        tmp_path / "figures.duckdb",
        [uploads.Upload("a.txt", UPLOAD_TEXT), uploads.Upload("b.txt", b"Nothing here.")],
        max_bytes=10_000,
        on_progress=lambda done, total, _msg: seen.append((done, total)),
    )
    assert [name for name, *_ in outcome.loaded] == ["a.txt", "b.txt"]
    assert seen[-1] == (2, 2) and all(total == 2 for _, total in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    again = uploads.ingest_uploads(
        tmp_path / "figures.duckdb", [uploads.Upload("a.txt", UPLOAD_TEXT)], max_bytes=10_000
    )
    assert again.loaded[0][3] == "unchanged"
