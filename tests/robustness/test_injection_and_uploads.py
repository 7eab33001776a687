"""Injection (issue 7, item 4) and hostile uploads: options never reach SQL as text, titles print
as text not markup, uploaded names cannot leave the upload namespace, hostile uploads are refused
with a reason while good ones load."""

from __future__ import annotations

import json
import math
import resource
import time
from pathlib import Path

import pytest

from dashboard import uploads
from extract.documents import document_from_bytes
from extract.pipeline import find_figures
from tests.robustness import hostile
from tests.robustness.hostile import GOOD_TEXT, MAX_RSS_BYTES, MAX_SECONDS, run_cli

PAYLOADS = ["x' OR 1=1 --", "; DROP TABLE figures; --", "money' UNION SELECT * FROM documents --", '"; --', "%"]
TITLE = "[bold red]x[/] [link=http://evil.example]click[/link] <script>alert(1)</script> [Docs](http://evil.example)"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("inj")
    page = f"<html><head><title>{TITLE}</title></head><body><p>Aid of US$5 million in 1961.</p></body></html>"
    (root / "evil.html").write_text(page, encoding="utf-8")
    (root / "good.txt").write_bytes(GOOD_TEXT)
    path = root / "w.duckdb"
    assert run_cli("ingest", str(root / "evil.html"), str(root / "good.txt"), "--db", str(path)).returncode == 0
    return path


@pytest.mark.parametrize("option", ["--kind", "--indicator", "--doc"])
def test_export_filters_are_values_not_sql(db: Path, tmp_path: Path, option: str) -> None:
    for payload in PAYLOADS:
        out = tmp_path / "x.csv"
        run = run_cli("export", "--format", "csv", "--out", str(out), option, payload, "--db", str(db))
        assert run.returncode == 0, run.stderr
        assert run.stdout.strip().endswith(": 0 figures written"), (payload, run.stdout)
    docs = run_cli("documents", "--db", str(db), "--json")
    assert sorted(json.loads(line)["doc"] for line in docs.stdout.splitlines()) == ["evil.html", "good.txt"]
    everything = run_cli("export", "--format", "csv", "--out", str(tmp_path / "all.csv"), "--db", str(db))
    assert everything.stdout.strip().endswith(": 2 figures written")


def test_show_prints_titles_as_text_not_rich_markup(db: Path) -> None:
    run = run_cli("show", "evil.html", "--db", str(db))
    assert run.returncode == 0, run.stderr
    first = run.stdout.splitlines()[0]
    assert first.startswith("[bold red]x[/] [link=http://evil.example]click[/link] <script>"), first
    assert "\x1b]8;" not in run.stdout  # no terminal hyperlink escape


def test_documents_json_keeps_the_title_verbatim(db: Path) -> None:
    docs = run_cli("documents", "--db", str(db), "--json")
    titles = {json.loads(line)["doc"]: json.loads(line)["title"] for line in docs.stdout.splitlines()}
    assert titles["evil.html"] == TITLE


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd.txt", "..\\..\\x.txt", "/etc/cron.d/evil.txt", "C:\\Windows\\evil.txt", "a\x00b.txt",
     "...txt", ".hidden.md", "\u202etxt.exe.md", "con.txt", "x" * 500 + ".txt"],
)  # fmt: skip
def test_upload_names_cannot_leave_the_upload_namespace(name: str) -> None:
    safe = uploads.safe_name(name)
    assert safe and "/" not in safe and "\\" not in safe and "\x00" not in safe and ".." not in safe
    assert not safe.startswith(".") and len(safe) <= 100
    assert safe == uploads.safe_name(safe)  # stable


def test_hostile_uploads_are_refused_with_a_reason_and_good_ones_load(tmp_path: Path) -> None:
    batch = [
        uploads.Upload("../../etc/passwd.txt", GOOD_TEXT),
        uploads.Upload("..\\evil\x00.md", b"Exports rose 12 percent in 2016.\n"),
        uploads.Upload("empty.txt", b""),
        uploads.Upload("binary.txt", bytes(range(256)) * 8),
        uploads.Upload("bad.txt", b"loan \xff\xc3\x28 of $5 million"),
        uploads.Upload("zip.pdf", hostile.zip_bytes(50_000_000)),
        uploads.Upload("bomb.pdf", hostile.flate_bomb_pdf(300_000_000)),
        uploads.Upload("locked.pdf", hostile.encrypted_pdf()),
        uploads.Upload("cut.pdf", hostile.text_pdf(["Aid of US$5 million."])[:300]),
        uploads.Upload("pages.pdf", hostile.claimed_pages_pdf(100_000)),
        uploads.Upload("deep.html", hostile.nested_html(200_000)),
        uploads.Upload("long.txt", b"Aid of $5 million. " * 500_000),
        uploads.Upload("evil.exe", b"MZ\x90\x00"),
    ]
    start = time.monotonic()
    outcome = uploads.ingest_uploads(tmp_path / "w.duckdb", batch, max_bytes=50 * 2**20)
    seconds = time.monotonic() - start
    loaded = {doc: path for doc, *_ in outcome.loaded for path in [doc]}
    assert sorted(loaded) == ["evil.md", "passwd.txt"]
    refused = dict(outcome.refused)
    expected = {
        "empty.txt": "empty", "binary.txt": "binary", "bad.txt": "not valid UTF-8", "zip.pdf": "not a PDF",
        "bomb.pdf": "decompression bomb", "locked.pdf": "encrypted", "cut.pdf": "cannot read the PDF",
        "pages.pdf": "100,000 pages", "deep.html": "nest", "long.txt": "characters of text", "evil.exe": "not accepted",
    }  # fmt: skip
    assert set(refused) == set(expected)
    for name, reason in expected.items():
        assert reason in refused[name] and "\n" not in refused[name], (name, refused[name])
    assert seconds < MAX_SECONDS
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 < MAX_RSS_BYTES


def test_unicode_digits_are_numbers_and_quotes_stay_exact() -> None:
    text = "Trade rose to \u0661\u0662\u0663 million dollars. Exports of \uff15\uff10\uff10 million USD.\n"
    doc = document_from_bytes(text.encode(), name="u.txt", path="u")
    figures = find_figures(doc.text, doc.meta)
    assert [(f.quote, f.value) for f in figures] == [
        ("\u0661\u0662\u0663 million dollars", 123e6),
        ("\uff15\uff10\uff10 million USD", 500e6),
    ]
    assert all(doc.text[f.start : f.end] == f.quote for f in figures)


def test_rtl_marks_and_nul_bytes_keep_offsets_exact() -> None:
    pad = "Nothing to count here.\n" * 400  # a NUL after the first 8 KB is kept as a character
    rtl = "\u0628\u0627\u06a9\u0633\u062a\u0627\u0646 got US$3 million \u200f\u202eloan of 20%\u202c in 1961.\n"
    text = pad + rtl + "Aid of $4 million.\x00 More 55%.\n"
    doc = document_from_bytes(text.encode(), name="r.txt", path="r")
    figures = find_figures(doc.text, doc.meta)
    assert {f.quote for f in figures} >= {"US$3 million", "20%", "$4 million", "55%"}
    assert all(doc.text[f.start : f.end] == f.quote for f in figures)


def test_overlong_numbers_are_not_figures() -> None:
    text = "The debt was $" + "9" * 400 + ". A range of 5-" + "9" * 400 + "% was seen. Aid of $3 million.\n"
    doc = document_from_bytes(text.encode(), name="d.txt", path="d")
    figures = find_figures(doc.text, doc.meta)
    assert [f.quote for f in figures] == ["$3 million"]


def test_overlong_second_number_of_a_range_is_not_a_figure() -> None:
    text = "Between 5 and " + "9" * 400 + " million people died.\n"
    doc = document_from_bytes(text.encode(), name="d.txt", path="d")
    figures = find_figures(doc.text, doc.meta)
    assert all(math.isfinite(f.value) and (f.high is None or math.isfinite(f.high)) for f in figures)
