"""Scoring against an analyst's gold file: the matching rules, and the sample corpus gold."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from extract.documents import load_document
from extract.pipeline import find_figures
from extract.scoring import check_gold, format_report, score
from figures.cli import cli

GOLD = Path(__file__).resolve().parents[1] / "gold" / "sample_corpus.jsonl"


def _fig(start: int, end: int, value: float, unit: str = "USD", kind: str = "money", **kw: object) -> dict:
    return {"doc": "a.txt", "start": start, "end": end, "value": value, "unit": unit, "kind": kind, **kw}


def test_overlapping_span_and_equal_value_is_a_hit() -> None:
    report = score([_fig(10, 20, 3e6)], [_fig(12, 25, 3e6 * 1.001)])
    assert (report.value["money"].tp, report.value["money"].fp, report.value["money"].fn) == (1, 0, 0)


def test_wrong_value_is_a_miss_and_a_false_positive() -> None:
    report = score([_fig(10, 20, 3e6)], [_fig(10, 20, 3e5)])
    c = report.value["money"]
    assert (c.tp, c.fp, c.fn) == (0, 1, 1)
    assert c.f1 == 0.0


def test_wrong_unit_counts_only_against_value_and_unit() -> None:
    report = score([_fig(0, 5, 12, "percent", "share")], [_fig(0, 5, 12, "count", "share")])
    assert report.value["share"].f1 == 1.0
    assert report.value_unit["share"].f1 == 0.0


def test_disjoint_spans_never_match() -> None:
    report = score([_fig(0, 5, 7)], [_fig(5, 9, 7)])
    assert report.total().tp == 0 and report.total().fp == 1 and report.total().fn == 1


def test_optional_gold_neither_rewards_nor_punishes() -> None:
    gold = [_fig(0, 5, 2000, "person", "people", required=False), _fig(10, 15, 4)]
    assert score(gold, [_fig(0, 5, 2000, "person", "people"), _fig(10, 15, 4)]).total().f1 == 1.0
    assert score(gold, [_fig(10, 15, 4)]).total().f1 == 1.0


def test_matching_is_one_to_one_and_prefers_equal_values() -> None:
    gold = [_fig(0, 10, 5), _fig(12, 20, 9)]
    pred = [_fig(0, 20, 9)]
    report = score(gold, pred)
    assert report.total().tp == 1 and report.total().fn == 1 and report.total().fp == 0


def test_attribute_accuracy_compares_only_stated_attributes() -> None:
    gold = [_fig(0, 5, 1, year=1961, actors=["Soviet Union", "Pakistan"]), _fig(6, 9, 2)]
    pred = [
        _fig(0, 5, 1, year=1961, actors=["Pakistan", "Soviet Union"], indicator="loan"),
        _fig(6, 9, 2, year=2000),
    ]
    report = score(gold, pred)
    assert report.accuracy("year") == (1.0, 1)
    assert report.accuracy("actors") == (1.0, 1)
    assert report.accuracy("indicator") == (1.0, 0)


def test_check_gold_names_missing_fields() -> None:
    assert check_gold([{"doc": "a", "start": 0}]) == ["gold row 1: missing end, value, unit, kind"]


def _corpus_predictions(corpus_dir: Path) -> list[dict]:
    out = []
    for path in sorted(corpus_dir.glob("*.txt")):
        doc = load_document(path)
        out += [f.to_dict() for f in find_figures(doc.text, doc.meta)]
    return out


def test_sample_corpus_gold_is_well_formed(corpus_dir: Path) -> None:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    assert not check_gold(rows)
    assert sum(r["required"] for r in rows) >= 30
    for row in rows:
        raw = (corpus_dir / row["doc"]).read_bytes().decode("utf-8")
        assert raw[row["start"] : row["end"]] == row["quote"], row


def test_sample_corpus_scores_meet_the_targets(corpus_dir: Path) -> None:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    report = score(rows, _corpus_predictions(corpus_dir))
    text = format_report(report)
    assert report.total("value").f1 >= 0.95, text
    assert report.total("value_unit").f1 >= 0.90, text
    assert report.accuracy("indicator")[0] >= 0.9, text
    assert report.accuracy("qualifier")[0] >= 0.95, text
    assert report.accuracy("year")[0] >= 0.8, text


def test_eval_command_prints_the_report(corpus_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", str(GOLD), str(corpus_dir)])
    assert result.exit_code == 0, result.output
    assert "all" in result.output and "indicator" in result.output and "F1" in result.output


def test_eval_command_rejects_a_bad_gold_file(tmp_path: Path, corpus_dir: Path) -> None:
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"doc": "x.txt"}\n')
    result = CliRunner().invoke(cli, ["eval", str(bad), str(corpus_dir)])
    assert result.exit_code == 1
    assert "missing" in result.output
