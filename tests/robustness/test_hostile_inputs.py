"""Hostile inputs to `figures extract` and `figures ingest`: each gives one line naming the file and
the reason (or loads correctly), never a traceback, in bounded time and memory; good files still
load; exit code 3 says something was skipped. Limits: extract/limits.py and README "Limits".

Each case runs the real command in a fresh process and measures its wall time and peak RSS
(os.wait4), against safety bounds (hostile.MAX_SECONDS, hostile.MAX_RSS_BYTES), not speed targets.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from extract import limits
from tests.robustness import hostile
from tests.robustness.hostile import GOOD_TEXT, MAX_RSS_BYTES, MAX_SECONDS, run_cli

_SENTENCE = b"In 1961 the Soviet Union gave Pakistan a loan of US$30 million for oil exploration, about 55% of it. "

# name -> (builder of the file's bytes, reason expected on stderr; None: the file loads)
CASES: dict[str, tuple[Callable[[], bytes], str | None]] = {
    "empty.txt": (lambda: b"", "the file is empty"),
    "blank.md": (lambda: b" \n\t\r\n", "the file is empty"),
    "binary.txt": (lambda: bytes(range(256)) * 64, "looks like a binary file"),
    "invalid_utf8.txt": (lambda: GOOD_TEXT + b"\xff\xfe\xc3\x28 broken", "not valid UTF-8 (byte"),
    "latin1.txt": (lambda: "Le prêt: 5 millions de dollars.".encode("latin-1"), "not valid UTF-8"),
    "nul_early.txt": (lambda: b"The loan \x00 was US$3 million.\n", "looks like a binary file"),
    "long_line.txt": (lambda: _SENTENCE * (50 * 1024 * 1024 // len(_SENTENCE)), "over the 8,388,608 limit"),
    "zip.txt": (lambda: hostile.zip_bytes(100_000_000), "looks like a binary file"),
    "zip.pdf": (lambda: hostile.zip_bytes(100_000_000), "is not a PDF"),
    "zip_named.html": (lambda: hostile.zip_bytes(10_000_000), "looks like a binary file"),
    "truncated.pdf": (lambda: hostile.text_pdf(["Aid of US$5 million."])[:300], "cannot read the PDF"),
    "header_only.pdf": (lambda: b"%PDF-1.7\n", "cannot read the PDF"),
    "encrypted.pdf": (hostile.encrypted_pdf, "the PDF is encrypted"),
    "pages_100k_claimed.pdf": (lambda: hostile.claimed_pages_pdf(100_000), "lists 100,000 pages"),
    "pages_100k.pdf": (lambda: hostile.many_pages_pdf(100_000), "lists 100,000 pages"),
    "pages_lying_count.pdf": (
        lambda: hostile.many_pages_pdf(6_000).replace(b"/Count 6000", b"/Count 1"),
        "lists 6,000 pages",
    ),
    "flate_bomb.pdf": (lambda: hostile.flate_bomb_pdf(300_000_000), "decompression bomb"),
    "nested.html": (lambda: hostile.nested_html(500_000), "nest 500,002 deep"),
    "scripts.html": (
        lambda: (
            b"<html><head><title>[bold red]x[/] <script>t</script></title></head><body>"
            + b"<script>var a='$5 million';</script>" * 50_000
            + b"<p>Loan of US$3 million in 1961.</p></body></html>"
        ),
        None,
    ),
    "digits400.txt": (lambda: b"The debt was $" + b"9" * 400 + b" and " + b"1" * 400 + b"% of it.\n", None),
    "unicode_digits.txt": (
        "Trade rose to \u0661\u0662\u0663 million dollars. Exports of \uff15\uff10\uff10 million USD.\n".encode(),
        None,
    ),
    "rtl.txt": (
        "\u0628\u0627\u06a9\u0633\u062a\u0627\u0646 US$3 million \u200f\u202eloan of 20%\u202c in 1961.\n".encode(),
        None,
    ),
    "nul_late.txt": (lambda: GOOD_TEXT * 200 + b"\x00\x00 and 55% more.\n", None),
    "utf16.txt": (lambda: GOOD_TEXT.decode().encode("utf-16"), None),
}


def _bytes(name: str) -> bytes:
    build = CASES[name][0]
    return build() if callable(build) else build


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with every hostile case and one good document."""
    root = tmp_path_factory.mktemp("hostile")
    for name in CASES:
        (root / name).write_bytes(_bytes(name))
    (root / "good.txt").write_bytes(GOOD_TEXT)
    return root


def _one_line_per_skip(stderr: str, names: list[str]) -> None:
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert all(line.startswith("skipped: ") for line in lines), stderr
    for name in names:
        assert sum(name in line for line in lines) == 1, (name, stderr)


@pytest.mark.parametrize("name", list(CASES))
def test_extract_names_the_file_and_the_reason_and_still_reads_the_good_one(folder: Path, name: str) -> None:
    reason = CASES[name][1]
    run = run_cli("extract", "--format", "jsonl", str(folder / name), str(folder / "good.txt"))
    records = [json.loads(line) for line in run.stdout.splitlines()]  # strict JSON: no NaN or Infinity
    assert all(json.dumps(r, allow_nan=False) for r in records)
    assert any(r["doc"] == "good.txt" and r["quote"] == "US$30 million" for r in records), run.stderr
    if reason is None:
        assert run.returncode == 0, run.stderr
        assert "Traceback" not in run.stderr and "skipped" not in run.stderr
    else:
        assert run.returncode == 3, run.stderr
        _one_line_per_skip(run.stderr, [name])
        line = run.stderr.strip()
        assert name in line and reason in line, line
    assert run.seconds < MAX_SECONDS, f"{name}: {run.seconds:.1f} s"
    assert run.peak_rss < MAX_RSS_BYTES, f"{name}: {run.peak_rss / 2**20:.0f} MiB"


def test_ingest_of_a_hostile_folder_loads_the_rest_and_exits_3(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    run = run_cli("ingest", str(folder), "--db", str(db), "-j", "2")
    assert run.returncode == 3, run.stderr
    refused = [n for n, (_, reason) in CASES.items() if reason]
    loaded = [n for n, (_, reason) in CASES.items() if reason is None] + ["good.txt"]
    _one_line_per_skip(run.stderr, refused)
    assert f"{len(loaded)} added" in run.stdout and f"{len(refused)} skipped" in run.stdout, run.stdout
    docs = run_cli("documents", "--db", str(db), "--json")
    assert sorted(json.loads(line)["doc"] for line in docs.stdout.splitlines()) == sorted(loaded)
    assert run.seconds < 4 * MAX_SECONDS
    assert run.peak_rss < MAX_RSS_BYTES


def test_pipes_devices_and_link_loops_are_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a folder loop
    (tmp_path / "sub" / "good.txt").write_bytes(GOOD_TEXT)
    names = ["fifo.txt", "zero.txt", "a.txt", "gone.txt"]
    run = run_cli("extract", *(str(tmp_path / n) for n in names), str(tmp_path / "sub"), timeout=60)
    assert run.returncode == 3, run.stderr
    _one_line_per_skip(run.stderr, names)
    assert "not a regular file" in run.stderr and "symbolic link to nothing" in run.stderr
    assert run.stdout.count('"doc": "good.txt"') == 1  # the loop is not followed
    assert run.seconds < MAX_SECONDS


def test_limits_are_documented_in_the_readme() -> None:
    readme = (hostile.ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Limits" in readme
    for value in (limits.MAX_BYTES // 2**20, limits.MAX_PDF_PAGES, limits.MAX_HTML_DEPTH, limits.MAX_NUMBER_DIGITS):
        assert f"{value:,}" in readme.split("## Limits", 1)[1], value
