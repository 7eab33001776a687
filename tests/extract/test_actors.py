"""The actor table (rules/actors.toml) covers the world and feeds the people nouns."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import rules
from extract.actors import actors_in
from extract.errors import RuleTableError
from extract.patterns import NOUN_OF

_ACTOR = 'id = "actor.{0}"\nname = "{1}"\ntype = "country"\nnote = "n"\nexample = "e"\naliases = {2}\n'


def _actors_of(text: str) -> tuple[str, ...]:
    return actors_in(text, 0, len(text), [])


def test_every_un_member_and_observer_state_is_an_actor() -> None:
    countries = {a.name for a in rules.ACTORS if a.type == "country"} - {"Soviet Union"}
    assert len(countries) == 195
    assert {"Holy See", "Palestine", "Tuvalu", "Eswatini", "South Sudan"} <= countries
    assert {"Taiwan", "Kosovo", "Hong Kong"} <= {a.name for a in rules.ACTORS if a.type == "territory"}


def test_plural_demonyms_are_counted_people() -> None:
    for word in ("syrians", "filipinos", "britons", "sudanese", "chinese", "kosovars", "pakistanis"):
        assert NOUN_OF[word].id == "people.group", word


def test_a_demonym_before_a_currency_name_or_a_noun_is_not_the_counted_noun() -> None:
    from extract.pipeline import find_figures
    from extract.record import DocumentMeta

    text = "He paid 10,000 Swiss francs and 50 billion Nepalese rupees; five Japanese carmakers and 300 Chinese left."
    found = {f.quote: (f.kind, f.unit) for f in find_figures(text, DocumentMeta("t.txt", "t"))}
    assert found == {
        "10,000 Swiss francs": ("money", "CHF"),
        "50 billion Nepalese rupees": ("money", "NPR"),
        "five Japanese carmakers": ("count", "count"),
        "300 Chinese": ("people", "person"),
    }
    assert _actors_of("the Swiss parliament") == ("Switzerland",)


def test_guarded_aliases_name_no_actor() -> None:
    chad = next(a for a in rules.ACTORS if a.name == "Chad")
    assert "Chad" in chad.guarded and "Chad" not in chad.aliases
    assert _actors_of("Chad Smith and Michael Jordan") == ()
    assert _actors_of("N\u2019Djamena and Amman") == ("Chad", "Jordan")


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        ("Papua New Guinea and Equatorial Guinea", ("Papua New Guinea", "Equatorial Guinea")),
        ("DR Congo and the Republic of Congo", ("Democratic Republic of the Congo", "Republic of the Congo")),
        ("Niger Delta", ("Nigeria",)),
        ("South Sudanese fled Sudan", ("South Sudan", "Sudan")),
        ("the Pakistani Taliban", ("Tehrik-i-Taliban Pakistan",)),
        ("the UN refugee agency", ("UNHCR",)),
        ("the ICC and Vienna", ()),
        ("Georgia's governor", ()),
    ],
)  # fmt: skip
def test_the_longest_alias_wins(text: str, actors: tuple[str, ...]) -> None:
    assert _actors_of(text) == actors


def test_an_alias_naming_two_actors_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "actors.toml").write_text(
        "[[actor]]\n" + _ACTOR.format("a", "A", '["Alpha", "Al"]') + "\n[[actor]]\n" + _ACTOR.format("b", "B", '["Al"]')
    )
    monkeypatch.setattr(rules, "RULES_DIR", tmp_path)
    with pytest.raises(RuleTableError, match=r"actors\.toml: entry 'actor\.b': alias 'Al' already names 'actor\.a'"):
        rules._load_actors()


def test_the_people_nouns_need_one_taker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "nouns.toml").write_text(
        '[[noun]]\nid = "people.x"\nnote = "n"\nexample = "e"\nkind = "people"\nunit = "person"\nwords = ["folk"]\n'
    )
    monkeypatch.setattr(rules, "RULES_DIR", tmp_path)
    with pytest.raises(RuleTableError, match="actor_people"):
        rules._load_nouns(rules.ACTORS, rules.CURRENCIES)
