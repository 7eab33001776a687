"""Rule tables load once, validate, and fail at startup naming the file and the entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import rules
from extract.errors import RuleTableError
from extract.units import canonical


def test_every_entry_has_note_and_example() -> None:
    import tomllib

    for path in sorted(rules.RULES_DIR.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for key, entries in data.items():
            for entry in entries:
                assert entry.get("note") and entry.get("example"), (path.name, key, entry.get("id"))


def test_every_unit_alias_is_known_to_pint() -> None:
    for group in rules.UNITS:
        for _alias, expr in group.aliases:
            assert canonical(expr)
    for group in rules.PER_UNITS:
        for _alias, expr in group.aliases:
            assert canonical(f"USD / {expr}")
    for currency in rules.CURRENCIES:
        assert canonical(currency.code) == currency.code


def test_every_unit_alias_converts_to_its_group_base() -> None:
    """An alias whose unit cannot reach its group's base (an area in a length group) would make
    find_figures raise on any text that writes it."""
    from extract.units import to_base

    for group in rules.UNITS:
        for alias, expr in group.aliases:
            if group.base:
                assert to_base(100.0, canonical(expr), group.base) > 0, (group.id, alias)


def test_a_malformed_table_names_file_and_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "scales.toml").write_text(
        '[[scale]]\nid = "scale.bad"\nnote = "n"\nexample = "e"\nfactor = "x"\nwords = ["zillion"]\n'
    )
    monkeypatch.setattr(rules, "RULES_DIR", tmp_path)
    with pytest.raises(RuleTableError, match=r"scales\.toml: entry 'scale\.bad'"):
        rules._load_scales()


def test_an_entry_without_example_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "qualifiers.toml").write_text(
        '[[qualifier]]\nid = "qualifier.x"\nnote = "n"\nqualifier = "approx"\nwords = ["circa"]\n'
    )
    monkeypatch.setattr(rules, "RULES_DIR", tmp_path)
    with pytest.raises(RuleTableError, match="example"):
        rules._load_qualifiers()


def test_every_currency_country_is_an_actor() -> None:
    names = {a.name for a in rules.ACTORS}
    assert all(c.country in names for c in rules.CURRENCIES if c.country)
    assert {c.code for c in rules.CURRENCIES if "Rs" in c.shares} == {"INR", "LKR", "NPR"}


def test_tail_and_tail_single_number_their_groups_alike() -> None:
    """scan reads match groups by number, whichever of the two patterns matched."""
    from extract.patterns import TAIL, tail_single

    assert TAIL.groupindex == tail_single().groupindex
