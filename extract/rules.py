"""Load and validate the rule tables under extract/rules/ once, at import.

Each table is TOML (stdlib tomllib). Every entry has an `id`, a `note` (why it exists) and
an `example` sentence; a malformed table raises RuleTableError naming the file and entry.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from extract.errors import RuleTableError

RULES_DIR = Path(__file__).with_name("rules")

_KINDS = {"money", "share", "energy", "people", "rank", "count", "duration", "ratio", "quantity"}


@dataclass(frozen=True, slots=True)
class Scale:
    id: str
    factor: Decimal
    words: tuple[str, ...]
    short: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class QualifierWords:
    id: str
    qualifier: str
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DirectionWords:
    id: str
    direction: str
    words: tuple[str, ...]
    needs_by: bool = False


@dataclass(frozen=True, slots=True)
class Currency:
    id: str
    code: str
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    country: str = ""
    shares: tuple[str, ...] = ()
    #: The currency's hundredth parts: names written after an amount in them ("14 paise" is
    #: 0.14 rupees).
    cents: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class UnitGroup:
    id: str
    kind: str
    base: str
    case_sensitive: bool
    aliases: tuple[tuple[str, str], ...]
    attached: bool = False


@dataclass(frozen=True, slots=True)
class NounGroup:
    id: str
    kind: str
    unit: str
    words: tuple[str, ...]
    modifiers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    label: str
    kind: str
    unit: str
    cues: tuple[str, ...]
    fallback: bool
    #: A flow between two parties (aid, loans, trade): a figure with one actor in its clause
    #: takes the other party from the sentence before it.
    bilateral: bool = False
    #: Cues that give way to any other cue of the kind in the sentence: "cost" is an economic
    #: cost unless the sentence names what was built ("the railway line cost $3.8 billion").
    weak_cues: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    type: str
    #: Every spelling that names the actor, `people` included, each also with a curly apostrophe.
    aliases: tuple[str, ...]
    #: Plural demonyms ("Syrians", "Chinese"): they name the actor and count its people.
    people: tuple[str, ...] = ()
    #: Spellings that are also people's names ("Chad", "Jordan"); not in `aliases`.
    guarded: tuple[str, ...] = ()
    #: Regions and cities that place a story in the country ("Mumbai"); they choose the
    #: country of a shared currency name ("Rs") and name no actor.
    places: tuple[str, ...] = ()
    #: A state another one succeeded ("Soviet Union" -> "Russia"): the successor's `era_aliases`
    #: (its capital, "Moscow") name this actor in a sentence that names it or about a year up
    #: to `until`.
    successor: str = ""
    era_aliases: tuple[str, ...] = ()
    until: int = 0


@dataclass(frozen=True, slots=True)
class NumberWords:
    id: str
    values: tuple[tuple[str, Decimal], ...]


@dataclass(frozen=True, slots=True)
class YearCue:
    id: str
    offset: int
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SourceCue:
    id: str
    words: tuple[str, ...]
    #: The words follow the source ("the IMF estimates") instead of leading to it.
    after: bool = False


@dataclass(frozen=True, slots=True)
class Negative:
    id: str
    scope: str
    words: tuple[str, ...]


def _load(name: str) -> tuple[Path, dict[str, Any]]:
    path = RULES_DIR / name
    try:
        with path.open("rb") as fh:
            return path, tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RuleTableError(f"{path}: cannot read rule table: {exc}") from exc


def _entries(name: str, key: str) -> list[tuple[Path, dict[str, Any]]]:
    path, data = _load(name)
    entries = data.get(key)
    if not isinstance(entries, list) or not entries:
        raise RuleTableError(f"{path}: expected a non-empty [[{key}]] array")
    for entry in entries:
        ident = entry.get("id", "<no id>")
        for field in ("id", "note", "example"):
            if not isinstance(entry.get(field), str) or not entry[field].strip():
                raise RuleTableError(f"{path}: entry {ident!r} needs a non-empty {field!r}")
    return [(path, e) for e in entries]


def _strings(path: Path, entry: dict[str, Any], field: str, *, required: bool = True) -> tuple[str, ...]:
    value = entry.get(field, [] if not required else None)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RuleTableError(f"{path}: entry {entry['id']!r}: {field!r} must be a list of strings")
    if required and not value:
        raise RuleTableError(f"{path}: entry {entry['id']!r}: {field!r} must not be empty")
    return tuple(value)


def _decimal(path: Path, entry: dict[str, Any], text: object) -> Decimal:
    try:
        return Decimal(str(text))
    except InvalidOperation as exc:
        raise RuleTableError(f"{path}: entry {entry['id']!r}: {text!r} is not a number") from exc


def _kind(path: Path, entry: dict[str, Any]) -> str:
    kind = entry.get("kind")
    if kind not in _KINDS:
        raise RuleTableError(f"{path}: entry {entry['id']!r}: kind {kind!r} not in {sorted(_KINDS)}")
    return str(kind)


def _load_scales() -> tuple[Scale, ...]:
    return tuple(
        Scale(
            id=e["id"],
            factor=_decimal(p, e, e.get("factor")),
            words=_strings(p, e, "words"),
            short=_strings(p, e, "short", required=False),
        )
        for p, e in _entries("scales.toml", "scale")
    )


def _load_qualifiers() -> tuple[QualifierWords, ...]:
    out = []
    for p, e in _entries("qualifiers.toml", "qualifier"):
        if e.get("qualifier") not in {"approx", "at_least", "at_most"}:
            raise RuleTableError(f"{p}: entry {e['id']!r}: qualifier must be approx, at_least or at_most")
        out.append(QualifierWords(e["id"], e["qualifier"], _strings(p, e, "words")))
    return tuple(out)


def _load_directions() -> tuple[DirectionWords, ...]:
    out = []
    for p, e in _entries("directions.toml", "direction"):
        if e.get("direction") not in {"up", "down"}:
            raise RuleTableError(f"{p}: entry {e['id']!r}: direction must be up or down")
        out.append(DirectionWords(e["id"], e["direction"], _strings(p, e, "words"), bool(e.get("needs_by", False))))
    return tuple(out)


def _load_currencies() -> tuple[Currency, ...]:
    out = []
    for p, e in _entries("currencies.toml", "currency"):
        code = e.get("code")
        if not isinstance(code, str) or len(code) != 3 or not code.isupper():
            raise RuleTableError(f"{p}: entry {e['id']!r}: code must be an ISO 4217 code")
        shares = _strings(p, e, "shares", required=False)
        cents = _strings(p, e, "cents", required=False)
        prefixes, suffixes = _strings(p, e, "prefixes"), _strings(p, e, "suffixes")
        out.append(Currency(e["id"], code, prefixes, suffixes, str(e.get("country", "")), shares, cents))
    owned = {a for c in out for a in (*c.prefixes, *c.suffixes)}
    for c in out:
        for alias in c.shares:
            if alias not in owned:
                raise RuleTableError(f"{p}: entry {c.id!r}: shares {alias!r}, which no currency names")
    return tuple(out)


def _load_units() -> tuple[UnitGroup, ...]:
    out = []
    for p, e in _entries("units.toml", "unit"):
        aliases = e.get("aliases")
        if not isinstance(aliases, dict) or not aliases:
            raise RuleTableError(f"{p}: entry {e['id']!r}: aliases must map alias to pint unit")
        out.append(
            UnitGroup(
                id=e["id"],
                kind=_kind(p, e),
                base=str(e.get("base", "")),
                case_sensitive=bool(e.get("case_sensitive", False)),
                aliases=tuple((str(k), str(v)) for k, v in aliases.items()),
                attached=bool(e.get("attached", False)),
            )
        )
    return tuple(out)


def _load_nouns(actors: tuple[Actor, ...], currencies: tuple[Currency, ...]) -> tuple[NounGroup, ...]:
    """Load the counted nouns; the entry marked `actor_people` also takes every actor's
    `people` words, so "2.5 million Syrians" counts people without nouns.toml listing them.
    (A demonym before a currency name or another noun, "10,000 Swiss francs", "five Japanese
    carmakers", is no counted people: extract/patterns.py reads it so.)"""
    del currencies  # kept in the signature: the loader order still reads currencies first
    demonyms = tuple(dict.fromkeys(w for a in actors for w in a.people))
    out, takers = [], []
    for p, e in _entries("nouns.toml", "noun"):
        kind = _kind(p, e)
        words = _strings(p, e, "words")
        if e.get("actor_people", False):
            if kind != "people":
                raise RuleTableError(f"{p}: entry {e['id']!r}: actor_people needs kind 'people'")
            takers.append(e["id"])
            words += tuple(w for w in demonyms if w not in words)
        out.append(
            NounGroup(
                id=e["id"],
                kind=kind,
                unit=str(e.get("unit")),
                words=words,
                modifiers=_strings(p, e, "modifiers", required=False),
            )
        )
    if len(takers) != 1:
        raise RuleTableError(f"nouns.toml: exactly one [[noun]] entry needs actor_people = true, has {takers}")
    return tuple(out)


def _load_indicators() -> tuple[Indicator, ...]:
    out = []
    for p, e in _entries("indicators.toml", "indicator"):
        out.append(
            Indicator(
                id=e["id"],
                label=str(e.get("label", e["id"])),
                kind=_kind(p, e),
                unit=str(e.get("unit", "")),
                cues=_strings(p, e, "cues", required=False),
                fallback=bool(e.get("fallback", False)),
                bilateral=bool(e.get("bilateral", False)),
                weak_cues=_strings(p, e, "weak_cues", required=False),
            )
        )
    for kind in _KINDS:
        fallbacks = [i.id for i in out if i.kind == kind and i.fallback]
        if len(fallbacks) != 1:
            raise RuleTableError(f"indicators.toml: kind {kind!r} needs exactly one fallback, has {fallbacks}")
    return tuple(out)


_ACTOR_TYPES = {"country", "territory", "organisation"}


def _with_curly(words: tuple[str, ...]) -> tuple[str, ...]:
    r"""Return `words`, each with a straight apostrophe followed by its curly spelling.

    >>> _with_curly(("N'Djamena", "Chad")) == ("N'Djamena", "N\u2019Djamena", "Chad")
    True
    """
    return tuple(dict.fromkeys(v for w in words for v in (w, w.replace("'", "\u2019"))))


def _load_actors() -> tuple[Actor, ...]:
    out = []
    owner: dict[str, str] = {}
    for p, e in _entries("actors.toml", "actor"):
        name, kind = e.get("name"), e.get("type")
        if not isinstance(name, str) or not name.strip():
            raise RuleTableError(f"{p}: entry {e['id']!r} needs a non-empty 'name'")
        if kind not in _ACTOR_TYPES:
            raise RuleTableError(f"{p}: entry {e['id']!r}: type {kind!r} not in {sorted(_ACTOR_TYPES)}")
        people = _strings(p, e, "people", required=False)
        guarded = _with_curly(_strings(p, e, "guarded", required=False))
        leaders = _strings(p, e, "leaders", required=False)
        aliases = _with_curly(tuple(dict.fromkeys(_strings(p, e, "aliases") + people + leaders)))
        for alias in (*aliases, *guarded):
            if alias in owner:
                raise RuleTableError(f"{p}: entry {e['id']!r}: alias {alias!r} already names {owner[alias]!r}")
            owner[alias] = e["id"]
        places = _strings(p, e, "places", required=False)
        for place in places:
            if place in owner:
                raise RuleTableError(f"{p}: entry {e['id']!r}: place {place!r} already names {owner[place]!r}")
            owner[place] = e["id"]
        successor = e.get("successor", "")
        era_aliases = _strings(p, e, "era_aliases", required=False)
        until = e.get("until", 0)
        if successor and (not era_aliases or not isinstance(until, int) or until <= 0):
            raise RuleTableError(f"{p}: entry {e['id']!r}: a successor needs era_aliases and a year 'until'")
        out.append(Actor(e["id"], name, str(kind), aliases, people, guarded, places, successor, era_aliases, until))
    by_name = {a.name: a for a in out}
    for a in out:
        if a.successor and not set(a.era_aliases) <= set(by_name.get(a.successor, a).aliases):
            raise RuleTableError(f"actors.toml: entry {a.id!r}: era_aliases must be aliases of {a.successor!r}")
    return tuple(out)


def _load_number_words(key: str = "word", name: str = "numbers.toml") -> tuple[NumberWords, ...]:
    out = []
    for p, e in _entries(name, key):
        values = e.get("values")
        if not isinstance(values, dict) or not values:
            raise RuleTableError(f"{p}: entry {e['id']!r}: values must map word to number")
        out.append(NumberWords(e["id"], tuple((k, _decimal(p, e, v)) for k, v in values.items())))
    return tuple(out)


# any: a word right before the number (Article 370); word_number: a determiner before a
# spelled-out number (the two countries); before: a date word before it (March 5);
# after: a word right after it (8 pm, 5 March); token: a shape the guards in extract/guards.py
# recognise (the words are examples, for the record).
_NEGATIVE_SCOPES = {"any", "word_number", "before", "after", "token"}


def _load_negatives() -> tuple[Negative, ...]:
    out = []
    for p, e in _entries("negatives.toml", "negative"):
        if e.get("scope") not in _NEGATIVE_SCOPES:
            raise RuleTableError(f"{p}: entry {e['id']!r}: scope must be one of {sorted(_NEGATIVE_SCOPES)}")
        out.append(Negative(e["id"], e["scope"], _strings(p, e, "words")))
    return tuple(out)


def _load_year_cues() -> tuple[YearCue, ...]:
    out = []
    for p, e in _entries("context.toml", "year_cue"):
        if not isinstance(e.get("offset"), int):
            raise RuleTableError(f"{p}: entry {e['id']!r}: offset must be an integer")
        out.append(YearCue(e["id"], e["offset"], _strings(p, e, "words")))
    return tuple(out)


def _load_source_cues() -> tuple[SourceCue, ...]:
    return tuple(
        SourceCue(e["id"], _strings(p, e, "words"), bool(e.get("after", False)))
        for p, e in _entries("context.toml", "source_cue")
    )


def _load_grammar() -> dict[str, tuple[str, ...]]:
    return {e["id"]: _strings(p, e, "words") for p, e in _entries("grammar.toml", "words")}


def _check_unique_ids(*tables: tuple[Any, ...]) -> None:
    seen: set[str] = set()
    for table in tables:
        for entry in table:
            if entry.id in seen:
                raise RuleTableError(f"rule id {entry.id!r} is used twice under {RULES_DIR}")
            seen.add(entry.id)


SCALES = _load_scales()
QUALIFIERS = _load_qualifiers()
DIRECTIONS = _load_directions()
CURRENCIES = _load_currencies()
UNITS = _load_units()
ACTORS = _load_actors()
#: Phrases that hold an actor's alias but name no actor ("Latin America", "Indian Ocean").
NOT_ACTORS: tuple[str, ...] = tuple(
    w for p, e in _entries("actors.toml", "not_actor") for w in _with_curly(_strings(p, e, "words"))
)
NOUNS = _load_nouns(ACTORS, CURRENCIES)
INDICATORS = _load_indicators()
NUMBER_WORDS = _load_number_words()
VAGUE_WORDS = _load_number_words("vague")
FRACTION_WORDS = _load_number_words("fraction")
ORDINAL_WORDS = _load_number_words("ordinal")
PER_UNITS = tuple(
    UnitGroup(e["id"], "money", "", False, tuple((str(k), str(v)) for k, v in e["aliases"].items()))
    for _p, e in _entries("units.toml", "per")
)
NEGATIVES = _load_negatives()
YEAR_CUES = _load_year_cues()
#: Function-word lists by id (rules/grammar.toml): machinery reads them, never spells them.
GRAMMAR = _load_grammar()
SOURCE_CUES = _load_source_cues()

_check_unique_ids(
    SCALES,
    QUALIFIERS,
    DIRECTIONS,
    CURRENCIES,
    UNITS,
    NOUNS,
    INDICATORS,
    ACTORS,
    NUMBER_WORDS,
    VAGUE_WORDS,
    FRACTION_WORDS,
    ORDINAL_WORDS,
    PER_UNITS,
    NEGATIVES,
    YEAR_CUES,
    SOURCE_CUES,
)
