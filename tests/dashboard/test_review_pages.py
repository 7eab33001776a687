"""AppTest tests of curation: the Review page and the review panel of the Figure detail page write
the review log beside a private warehouse, and show who decided what, and when."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import polars as pl
import pytest

from dashboard.review_view import changes_from, status_html
from tests.dashboard.support import AppFactory, html_text, no_errors
from warehouse import curation, queries, store

PAGE = "review_page.py"


def _figures(db: Path) -> pl.DataFrame:
    con = store.connect(db, read_only=True)
    try:
        return queries.figures(con)
    finally:
        con.close()


def _table(at, column: str) -> pd.DataFrame:
    """Return the first table on the page with `column` (tables without selection have no key)."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def _queue_ids(db: Path, n: int) -> list[str]:
    return curation.review_queue(_figures(db), db, limit=n)["figure_id"].to_list()


def test_review_page_shows_the_queue_most_uncertain_first(app: AppFactory, conflict_db: Path) -> None:
    at = app(conflict_db, PAGE)
    no_errors(at)
    expected = _queue_ids(conflict_db, 10)
    shown = [k.removeprefix("review_accept_") for k in (b.key for b in at.button) if k.startswith("review_accept_")]
    assert shown == expected
    html = html_text(at)
    assert html.count("<mark") >= len(expected)  # each sentence with its quote marked
    assert "0 of 49 figures reviewed" in " ".join(c.value for c in at.caption)
    assert "No decisions yet" in at.info[0].value


def test_accept_reject_and_correct_write_the_log(app: AppFactory, review_db: Path) -> None:
    first, second, third = _queue_ids(review_db, 3)
    at = app(review_db, PAGE)
    at.text_input(key="review_who").set_value("Ana")
    at.text_input(key=f"review_note_{first}").set_value("looks right")
    at.button(key=f"review_accept_{first}").click().run()
    no_errors(at)
    assert "accepted by Ana" in at.success[0].value
    at.button(key=f"review_reject_{second}").click().run()
    at.text_input(key=f"review_fix_value_{third}").set_value("7")
    at.text_input(key=f"review_fix_year_{third}").set_value("2011")
    at.text_input(key=f"review_fixnote_{third}").set_value("typo in the source")
    at.button(key=f"review_save_{third}").click().run()
    no_errors(at)
    assert "corrected (value = 7.0, year = 2011) by Ana" in at.success[0].value

    log = curation.reviews(review_db)
    assert log.select("figure_id", "action", "who").rows() == [
        (first, "accept", "Ana"), (second, "reject", "Ana"), (third, "correct", "Ana"),
    ]  # fmt: skip
    assert log["note"].to_list() == ["looks right", "", "typo in the source"]
    assert json.loads(log["changes"][2]) == {"value": 7.0, "year": 2011}
    # The decided figures leave the queue and are listed with who and when.
    shown = {b.key for b in at.button}
    assert not {f"review_accept_{fid}" for fid in (first, second, third)} & shown
    done = _table(at, "review_status")
    assert set(done["review_status"]) == {"accepted", "rejected", "corrected"}
    assert set(done["reviewed_by"]) == {"Ana"}
    corrected = done[done["review_status"] == "corrected"].iloc[0]
    assert corrected["value"] == 7.0 and corrected["year"] == 2011
    # Per-rule precision counts the decisions.
    rules = _table(at, "precision")
    assert rules["accepted"].sum() == 1 and rules["rejected"].sum() == 1 and rules["corrected"].sum() == 1
    # The reviewer's name goes with them to the Figure detail page.
    at.switch_page("figure_page.py")
    at.query_params["figure"] = third
    at.run()
    assert at.text_input(key="figure_who").value == "Ana"
    assert ">corrected</span> by Ana at " in html_text(at)


def test_a_bad_correction_is_refused_and_not_logged(app: AppFactory, review_db: Path) -> None:
    (fid,) = _queue_ids(review_db, 1)
    at = app(review_db, PAGE)
    at.text_input(key=f"review_fix_year_{fid}").set_value("last year")
    at.button(key=f"review_save_{fid}").click().run()
    assert not at.exception
    assert "year must be a int" in at.error[0].value
    at.button(key=f"review_save_{fid}").click().run()  # nothing changed now: said so
    assert "Nothing to correct" in at.error[0].value or "year must be" in at.error[0].value
    assert curation.reviews(review_db).is_empty()


def test_orphaned_decisions_are_flagged(app: AppFactory, review_db: Path) -> None:
    curation.record(review_db, "0" * 16, "accept", who="Bo", note="figure of an older text")
    at = app(review_db, PAGE)
    no_errors(at)
    assert "no longer in the database" in at.warning[0].value
    orphans = _table(at, "figure_id")
    assert list(orphans["figure_id"]) == ["0" * 16] and list(orphans["reviewed_by"]) == ["Bo"]


def test_figure_page_shows_status_history_and_decides(app: AppFactory, review_db: Path) -> None:
    (fid,) = _queue_ids(review_db, 1)
    at = app(review_db, "figure_page.py", figure=fid)
    no_errors(at)
    assert ">unreviewed</span>" in html_text(at)
    at.text_input(key="figure_who").set_value("Cy")
    at.button(key=f"figure_accept_{fid}").click().run()
    no_errors(at)
    assert ">accepted</span> by Cy at " in html_text(at)
    at.button(key=f"figure_reject_{fid}").click().run()
    assert ">rejected</span> by Cy" in html_text(at)
    history = _table(at, "action")
    assert list(history["action"]) == ["accept", "reject"] and set(history["who"]) == {"Cy"}


def test_status_is_escaped() -> None:
    html = status_html({"review_status": "corrected", "reviewed_by": "<img src=x>", "reviewed_at": "t",
                        "review_note": "<b>n</b>"})  # fmt: skip
    assert "<img" not in html and "&lt;b&gt;n&lt;/b&gt;" in html


@pytest.mark.parametrize(
    ("entered", "expected"),
    [
        ({"value": "1.5e9", "unit": "USD", "indicator": "aid", "actors": "A; B", "year": "2010"}, {}),
        ({"value": "2e9", "unit": "USD", "indicator": "loan", "actors": "A;B", "year": "2010"},
         {"value": "2e9", "indicator": "loan"}),
        ({"value": "1.5e9", "unit": "USD", "indicator": "aid", "actors": "", "year": ""}, {"actors": "", "year": ""}),
    ],
)  # fmt: skip
def test_changes_from_keeps_only_edited_fields(entered: dict[str, str], expected: dict[str, str]) -> None:
    record = {"value": 1.5e9, "unit": "USD", "indicator": "aid", "actors": ["A", "B"], "year": 2010}
    assert changes_from(record, entered) == expected
