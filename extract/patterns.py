"""Compile the rule tables into the few regular expressions the pipeline scans with.

All vocabulary comes from extract/rules/*.toml; this module only arranges it. The design is
one master scan: `ANCHOR` finds every digit run and every number word in a single pass (a
factored trie, so `re` stays fast), then small anchored patterns read what stands around
each anchor: `LEAD` the qualifier, range word and currency symbol before it, `TAIL` the
number, scale, range, unit, currency name, counted noun and price unit after it.
Patterns run on the raw document text, so whitespace inside a figure may be a line break
(PDF text puts hard breaks mid-sentence): `_WS` allows up to two newlines, never more.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from extract.rules import (
    ACTORS,
    CURRENCIES,
    DIRECTIONS,
    FRACTION_WORDS,
    GRAMMAR,
    NEGATIVES,
    NOUNS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    PER_UNITS,
    QUALIFIERS,
    SCALES,
    SOURCE_CUES,
    UNITS,
    VAGUE_WORDS,
    YEAR_CUES,
)

# One run of whitespace: spaces/tabs, or a line break with at most one blank line after it.
_WS = r"(?:[^\S\n]*\n[^\S\n]*(?:\n[^\S\n]*)?|[^\S\n]+)"
_WS0 = rf"(?:{_WS})?"
_END = r"(?![^\W_])"


def _alt(words: Iterable[str], *, ignore_case: bool = False, word_end: bool = True) -> str:
    """Return a pattern matching any of `words` (longest first), spaces matching any `_WS`, each
    word ending at a word boundary when it ends in a letter or digit. Built as a regex trie:
    the tables hold thousands of words, and a factored pattern compiles and scans far faster
    than a flat alternation."""
    items = {w.lower() if ignore_case else w for w in words}
    body = _factor(items, space=_WS, end=_END if word_end else "") if items else r"(?!x)x"
    return f"(?i:{body})" if ignore_case else f"(?:{body})"


def _factor(words: Iterable[str], *, space: str, end: str) -> str:
    """Return the regex trie of `words`: at each node the longer continuations are tried
    first, then the end of a word (followed by `end` when the word ends in a letter or digit)."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict, last: str) -> str:  # type: ignore[type-arg]
        alts = [(space if ch == " " else re.escape(ch)) + emit(sub, ch) for ch, sub in sorted(node.items()) if ch]
        if "" in node:
            alts.append(end if last.isalnum() else "")
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    return emit(root, "")


def _trie(words: Iterable[str]) -> str:
    """Return a factored alternation of `words` (a regex trie): `re` tries far fewer branches
    per position than with a flat alternation. A space in a word matches any whitespace."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for w in set(words):
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


#: The regex trie builder, for other modules that compile long word lists (actor names).
trie = _trie


def _cased(words: Iterable[str]) -> list[str]:
    """Return each word as written, lower case and capitalised (sentence start)."""
    out: list[str] = []
    for w in words:
        out += [w, w.lower(), w[:1].upper() + w[1:]]
    return out


def _key(text: str) -> str:
    """Return the lookup key of a matched phrase: lower case, whitespace collapsed."""
    return " ".join(text.lower().split())


# --- lookups from surface text to table entries (keys lower-cased unless case matters) ---

SCALE_FACTOR = {w.lower(): s.factor for s in SCALES for w in s.words}
SCALE_ID = {w.lower(): s.id for s in SCALES for w in (*s.words, *s.short)}
SHORT_SCALE_FACTOR = {w: s.factor for s in SCALES for w in s.short}
QUALIFIER_OF = {w.lower(): q.qualifier for q in QUALIFIERS for w in q.words}
QUALIFIER_RULE = {w.lower(): q.id for q in QUALIFIERS for w in q.words}
CURRENCY_PREFIX = {p: c.code for c in CURRENCIES for p in c.prefixes}
CURRENCY_SUFFIX = {s.lower(): c.code for c in CURRENCIES for s in (*c.suffixes, *c.cents)}
#: Hundredth parts written after an amount ("14 paise"): the amount is read in the currency.
CENT_NAMES = frozenset(s.lower() for c in CURRENCIES for s in c.cents)
CURRENCY_ID = {c.code: c.id for c in CURRENCIES}
#: Currency names and symbols several countries use ("Rs", "rupees", "kroner", "pesos"): the
#: alias, lower case, maps to (code, country) of each currency that writes it, owner first.
SHARED_CURRENCY: dict[str, list[tuple[str, str]]] = {}
for _c in CURRENCIES:
    for _a in _c.shares:
        _owners = [(o.code, o.country) for o in CURRENCIES if _a in (*o.prefixes, *o.suffixes)]
        SHARED_CURRENCY.setdefault(_a.lower(), list(_owners)).append((_c.code, _c.country))
UNIT_OF: dict[str, tuple[str, str, str, str]] = {}  # alias key -> (pint expr, kind, base, group id)
ATTACHED_UNIT_OF: dict[str, tuple[str, str, str, str]] = {}
for _g in UNITS:
    for _alias, _expr in _g.aliases:
        _k = _alias if _g.case_sensitive else _alias.lower()
        (ATTACHED_UNIT_OF if _g.attached else UNIT_OF).setdefault(_k, (_expr, _g.kind, _g.base, _g.id))
PER_UNIT_OF = {a.lower(): (expr, g.id) for g in PER_UNITS for a, expr in g.aliases}
NOUN_OF = {w.lower(): n for n in NOUNS for w in n.words}
DEMONYMS = tuple(a for actor in ACTORS for a in actor.aliases if a[0].isupper() and " " not in a)
WORD_ID = {w.lower(): t.id for t in NUMBER_WORDS for w, _ in t.values}
VAGUE_VALUE = {w.lower(): (v, t.id) for t in VAGUE_WORDS for w, v in t.values}
FRACTION_VALUE = {w.lower(): (v, t.id) for t in FRACTION_WORDS if t.id != "ratio.one_in" for w, v in t.values}
ORDINAL_VALUE = {w.lower(): int(v) for t in ORDINAL_WORDS for w, v in t.values}
NEGATIVE_ID = {(n.scope, w): n.id for n in NEGATIVES for w in n.words}

_CASE_UNITS = [a for g in UNITS if g.case_sensitive and not g.attached for a, _ in g.aliases]
_NOCASE_UNITS = [a for g in UNITS if not g.case_sensitive and not g.attached for a, _ in g.aliases]

# --- number forms ---

#: A whole number with a fraction after it: "4 1/2 per cent", "2½ hours" (old and sports prose).
MIXED_FRACTION = r"\d{1,3}(?:[^\S\n]?[\u00bd\u00bc\u00be\u2153\u2154\u215b]|[^\S\n][1-9]/(?:2|3|4|8)(?![\d/]))"
#: South Asian grouping: lakh and crore place commas every two digits ("1,04,926", "2,75,000").
INDIAN_GROUPS = r"\d{1,2}(?:,\d{2})+,\d{3}"
_DIGITS = (
    rf"(?:{MIXED_FRACTION}|{INDIAN_GROUPS}(?:\.\d+)?|\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?![,.]?\d)"
)
_UNIT_WORDS = [w for t in NUMBER_WORDS if t.id in ("number.units",) for w, _ in t.values]
_TENS_WORDS = [w for t in NUMBER_WORDS if t.id == "number.tens" for w, _ in t.values]
_PHRASES = [w for t in NUMBER_WORDS if t.id not in ("number.units", "number.tens") for w, _ in t.values]
_small = rf"(?:(?:{_trie(_TENS_WORDS)})(?:[\- ](?:{_trie(_UNIT_WORDS)}))?|{_trie(_UNIT_WORDS)})"
_WORD_NUMBER = (
    rf"(?i:a[ \-]hundred[ \-](?:and[ \-])?{_small}|{_alt(_PHRASES)}"
    rf"|{_small}(?:[ \-]hundred(?:[ \-](?:and )?{_small})?)?(?:[ \-]and[ \-]a[ \-]half)?){_END}"
)
NUMBER = rf"(?:{_DIGITS}|{_WORD_NUMBER})"

#: The master scan: every digit run, every word that can open a figure.
_ANCHOR_WORDS = [
    *_UNIT_WORDS,
    *_TENS_WORDS,
    *_PHRASES,
    *VAGUE_VALUE,
    *FRACTION_VALUE,
    *ORDINAL_VALUE,
]
ANCHOR = re.compile(rf"(?P<d>\d[\d,.]*)|(?<![^\W_])(?<!-)(?P<w>{_trie(_cased(_ANCHOR_WORDS))}){_END}")

# --- the pieces before the number ---

_QUALIFIER = rf"(?<![^\W_]){_alt(QUALIFIER_OF, ignore_case=True)}"
_CUR_PREFIX = _alt(CURRENCY_PREFIX, word_end=False)
LEAD = re.compile(
    rf"""
    (?:(?P<qual>{_QUALIFIER}){_WS})?
    (?:(?<![^\W_])(?P<between>(?i:between|from)){_WS})?
    (?:(?<![^\W_])(?<!(?i:plus)\ or\ )(?P<minus>(?i:minus)){_WS})?
    (?:(?<![^\W_])(?P<cur>{_CUR_PREFIX})[^\S\n]?|(?<![\w$£€¥₹])(?P<cur_sym>{_CUR_PREFIX})[^\S\n]?)?
    \Z
    """,
    re.VERBOSE,
)

#: The last word of every phrase LEAD can read, lower case: when the word before a number is
#: none of these (and no symbol touches it), LEAD cannot match and is not run.
LEAD_LAST_WORDS = frozenset(
    w.split()[-1].lower().rstrip(".") for w in [*QUALIFIER_OF, *CURRENCY_PREFIX, "between", "from", "minus"]
)

# --- the pieces after the number ---

_SCALE_WORD = _alt(SCALE_FACTOR, ignore_case=True)
_SCALE_SHORT = _alt(SHORT_SCALE_FACTOR)
_CUR_SUFFIX = _alt(CURRENCY_SUFFIX, ignore_case=True)
_UNIT = rf"(?:{_alt(_CASE_UNITS)}|{_alt(_NOCASE_UNITS, ignore_case=True)})"
_ATTACHED = _alt(ATTACHED_UNIT_OF)
_PER_UNIT = _alt(PER_UNIT_OF, ignore_case=True)
_MODIFIER = _alt([m for n in NOUNS for m in n.modifiers] + list(DEMONYMS))
_VAGUE = _alt(VAGUE_VALUE, ignore_case=True)
# Words that end in -s but are not plural nouns; a generic counted noun is any other word
# ending in -s ("17 arrests", "four goals", "two Oscars") or an acronym plural ("100,000 GPUs").
_NOT_PLURAL = rf"(?!(?:{_alt(GRAMMAR['grammar.not_plural'])})(?![^\W_]))"
_GENERIC_NOUN = rf"(?:{_NOT_PLURAL}(?i:[a-z])[a-z]{{2,}}s(?<!ss)(?<!us)(?<!is)|[A-Z]{{2,6}}s){_END}"

# Capitalised nouns (demonyms: Afghanis, Muslims) keep their case, so "5 billion afghanis" stays
# money; lower-case nouns match any case. A capitalised noun that is also an adjective is no
# counted noun before a currency name or a plural noun: "10,000 Swiss francs" is money, "five
# Japanese carmakers" counts carmakers.
_NOUN = (
    f"(?:{_alt([w for n in NOUNS for w in n.words if w[0].isupper()])}"
    f"(?!{_WS}(?:{_CUR_SUFFIX}|{_GENERIC_NOUN}|{_alt([w for n in NOUNS for w in n.words])}))"
    f"|{_alt([w for n in NOUNS for w in n.words if not w[0].isupper()], ignore_case=True)})"
)
# A number compound ("eight-hour") is no adjective: "five eight-hour days" is two figures.
_ADJ = rf"(?!(?:{_alt(GRAMMAR['grammar.not_adjective'])})(?![^\W_]))(?!(?:{_small})-)[a-z][a-z\-]{{2,}}"
# A number right before a number compound counts on its own: "four 10-hour days".
_BEFORE_COMPOUND = rf"[^\S\n]+(?:\d+|(?i:{_small}))-[a-z]"

# Up to three capitalised words (names used as adjectives) before a counted noun:
# "1,900 Palestinian prisoners", "36 Premier League goals", "25 Airbus A320neo jets".
_PROPER = r"[A-Z][\w\-]*(?:[^\S\n]+[A-Z0-9][\w\-]*){0,2}"

# Up to three words before a known counted noun: table modifiers and demonyms, adjectives,
# capitalised names: "626 million monthly active users", "1.3 million registered Afghan refugees".
_NOUN_MOD = rf"(?:{_MODIFIER}|{_PROPER}|{_ADJ})"

# Adjectives that may stand between a number and its unit: "six consecutive months".
_UNIT_ADJ = _alt(GRAMMAR["grammar.unit_adjective"], ignore_case=True)


#: The base currencies of exchange rates ("280 rupees to the dollar").
FX_RULE = "money.exchange_rate"
_FX_BASE = _alt([a for g in PER_UNITS if g.id == FX_RULE for a, _ in g.aliases], ignore_case=True)
#: A duration that names a reporting period, not a length of time: "in the three months to
#: March", "the 12 months to July".
_MONTHS = [w for n in NEGATIVES if n.id == "negative.date_before" for w in n.words]
#: A number of months in a reporting period: "the first nine months", "nine-month net profit".
REPORTING_BEFORE = re.compile(rf"(?<![^\W_]){_alt(GRAMMAR['grammar.reporting_before'], ignore_case=True)}{_WS}$")
REPORTING_AFTER = re.compile(rf"{_WS}{_alt(GRAMMAR['grammar.reporting_after'], ignore_case=True)}")
PERIOD_TO = re.compile(rf"{_WS}(?i:to|through|ending|ended){_WS}(?:end[\-\s])?{_alt(_MONTHS)}")

#: A currency named just before a bare exchange rate: "the lira slid to 32.5 per dollar".
CURRENCY_NAMED = re.compile(rf"(?<![^\W_])(?P<cur>{_CUR_SUFFIX})(?:'s)?(?![^\W_])")

# "$3.9bn a year ago", "5% a month earlier": a point in time, not a price per year.
_NOT_AGO = r"(?!\s+(?i:ago|earlier|later|previously)(?![^\W_]))"


def _tail(*, ranges: bool) -> re.Pattern[str]:
    rng = "" if ranges else "(?!)"
    return re.compile(
        rf"""
    (?:(?P<vague>{_VAGUE})|(?P<num>{NUMBER}))
    (?:[^\S\n]?(?P<short>{_SCALE_SHORT}){_END}|(?:{_WS0}|-)(?P<scale>{_SCALE_WORD}(?:{_WS}{_SCALE_WORD})?))?
    (?:
        (?:{_WS0}(?P<unit1>{_UNIT}))?
        (?P<sep>{rng}(?:{_WS0}[\-\u2013\u2014]{_WS0}|{_WS}(?i:to|and|or){_WS}))
        (?:(?P<cur2>{_CUR_PREFIX})[^\S\n]?)?
        (?P<num2>{NUMBER})
        (?:[^\S\n]?(?P<short2>{_SCALE_SHORT}){_END}|(?:{_WS0}|-)(?P<scale2>{_SCALE_WORD}(?:{_WS}{_SCALE_WORD})?))?
    )?
    (?P<of>{_WS}of{_END})?
    (?:
        (?P<att>{_ATTACHED}){_END}
      | (?:{_WS0}|-)(?:(?P<uadj>{_UNIT_ADJ}){_WS})?(?P<unit>{_UNIT})
      | {_WS}(?:(?P<mod>{_NOUN_MOD}(?:{_WS}{_NOUN_MOD}){{0,2}}){_WS})?(?P<noun>{_NOUN})
      | (?:{_WS}|-)(?P<cursuf>{_CUR_SUFFIX})
      | (?P<times>{_WS}times|-?fold){_END}
      | -(?P<hnoun>[a-z]{{2,}}){_END}
      | {_WS}(?:(?P<adj>(?:{_ADJ}|{_PROPER})(?:{_WS}{_ADJ})?){_WS})??(?P<gnoun>{_GENERIC_NOUN})
    )?
    (?:{_WS}(?i:a|an|per|each){_WS}(?P<per>{_PER_UNIT}){_NOT_AGO}|/(?P<per2>{_PER_UNIT})
      |{_WS}(?P<per3>(?i:annually|yearly)){_END}
      |{_WS}(?i:to|against){_WS}(?i:the){_WS}(?P<fx>{_FX_BASE}))?
    """,
        re.VERBOSE,
    )


#: The general form after an anchor; tail_single() reads one number where a range is not one.
TAIL = _tail(ranges=True)


@functools.cache
def tail_single() -> re.Pattern[str]:
    """Return TAIL without ranges ("3-1" read as one number), compiled on first use: few
    texts need it, and compiling it at import would double the startup cost of TAIL."""
    return _tail(ranges=False)


# A fraction needs what it is a fraction of; a multiple needs a comparison.
FRACTION_NEXT = re.compile(rf"{_WS}{_alt(GRAMMAR['grammar.fraction_next'], ignore_case=True)}")
MULTIPLE_NEXT = re.compile(rf"{_WS}{_alt(GRAMMAR['grammar.multiple_next'], ignore_case=True)}")
NOT_FRACTION_BEFORE = re.compile(
    rf"(?<![^\W_]){_alt(GRAMMAR['grammar.not_fraction_before'], ignore_case=True)}[^\S\n]+$|-$"
)


def _words_before(grammar_id: str) -> re.Pattern[str]:
    """Return a regex for one of a grammar list's words (any case) right before the end of the
    searched span: the shape of every "word right before a figure" test."""
    return re.compile(rf"(?<![^\W_]){_alt(GRAMMAR[grammar_id], ignore_case=True)}[^\S\n]+$")


#: An auxiliary before the base form of a multiplying verb: "expected to double".
VERB_AUXILIARY = _words_before("grammar.verb_auxiliary")

#: A fraction of one unit: "a quarter of a percentage point", "half a mile", "half an hour";
#: and the hyphenated central-bank "quarter-point" (of a percentage point).
FRACTION_UNIT = re.compile(rf"(?:{_WS}of)?{_WS}(?i:an?){_WS}(?P<unit>{_UNIT})")
FRACTION_POINT = re.compile(r"(?:-|[^\S\n]+)(?:percentage[-\s])?point(?![^\W_])", re.IGNORECASE)

#: "1 in 8 people", "one in every five adults", "3 out of 10": a ratio, unless a unit follows
#: ("5 in 10 years").
ONE_IN = re.compile(
    rf"{_WS}(?:in(?:{_WS}every)?|out{_WS}of){_WS}(?P<den>\d{{1,3}}(?:,\d{{3}})*|{_small}){_END}(?![.,]\d)(?!{_WS0}(?:{_UNIT}|%))"
)

_ORDINAL = rf"(?:\d+(?i:st|nd|rd|th)|(?i:{_alt(ORDINAL_VALUE)})(?:-(?i:{_alt(ORDINAL_VALUE)}))?)"
_SUPERLATIVE = (
    rf"(?:(?i:most|least)[\s\-]+\w+|{_alt(GRAMMAR['grammar.superlative'], ignore_case=True)}"
    rf"|(?i:most){_END}|(?<=-)[a-z]{{2,}}est{_END})"  # any hyphenated superlative: "third-warmest"
)
RANK_TAIL = re.compile(rf"(?P<ord>{_ORDINAL})(?P<tail>[\-\u2011 ]{_SUPERLATIVE})?")
#: A weighing verb before "N pounds": the pounds are a weight ("weighed in at 147 pounds").
WEIGHT_BEFORE = re.compile(
    rf"(?<![^\W_]){_alt(GRAMMAR['grammar.weight_verb'], ignore_case=True)}(?:[^\S\n]+\w+){{0,3}}[^\S\n]+$"
)

#: A tally: "85 to 14", "370 votes to 282", "52-48", after a vote word or with "votes".
VOTE_BEFORE = re.compile(
    rf"(?<![^\W_]){_alt(GRAMMAR['grammar.vote_word'], ignore_case=True)}(?:[^\S\n]+\w+){{0,2}}[^\S\n]+$"
)
TALLY = re.compile(
    r"\d[\d,]*(?P<votes>[^\S\n]+votes?)?[^\S\n]*(?:to|-|\u2013)[^\S\n]*\d[\d,]*(?![\d%]|\.\d)"
    r"(?=[^\S\n]*(?:[,.;:)]|$|(?i:in|on|with|against|and|votes?|margin|to)(?![^\W_])))"
)
#: A spelled-out number with no noun is a count after these ("only three", "reduced to four")
#: or before these ("one more than").
COUNT_ALONE_BEFORE = _words_before("grammar.count_alone_before")
#: Bowling figures: "took five for 74" is five wickets for 74 runs.
_FIGURES_FOR = r"[^\S\n]+for[^\S\n]+\d{1,3}(?![\d,.]\d|[^\W_])"
COUNT_ALONE_AFTER = re.compile(
    rf"[^\S\n]+{_alt(GRAMMAR['grammar.count_alone_after'], ignore_case=True)}(?![^\W_])"
    rf"|{_BEFORE_COMPOUND}|{_FIGURES_FOR}"
)
#: Words after a figure that name its yardstick (actors.without_yardstick).
COMPARED_AFTER = re.compile(rf"(?<![^\W_]){_alt(GRAMMAR['grammar.compared_after'])}(?![^\W_])")
SUPERLATIVE_WORD = re.compile(r"(?<![^\W_])(?:most|least|largest|biggest|[a-z]+est)(?![^\W_])")
#: A verb right after a figure that ends a relative clause on the subject (actors.subject_clause_end).
MAIN_VERB_AFTER = re.compile(rf"[^\S\n]+{_alt(GRAMMAR['grammar.main_verb_after'])}(?![^\W_])")
STANDING_BEFORE = re.compile(
    rf"(?<![^\W_]){_alt(GRAMMAR['grammar.standing_verb'], ignore_case=True)}[^\S\n]+"
    rf"(?:an?[^\S\n]+{_alt(GRAMMAR['grammar.standing_filler'], ignore_case=True)}[^\S\n]+)?$"
)
#: What follows a standing ordinal: "10th in the table", "second overall", "third, behind".
STANDING_AFTER = re.compile(
    r"[^\S\n]*(?:[,.;]|(?i:in|on|of|overall|place|position|and|after|with|for|behind|ahead|at)(?![^\W_]))"
)
RANK_VERB_BEFORE = re.compile(
    rf"(?<![^\W_]){_alt(GRAMMAR['grammar.rank_verb'], ignore_case=True)}"
    r"(?:[^\S\n]+(?:in|at|as))?[^\S\n]+(?:the[^\S\n]+)?$"
)

NEGATIVE_BEFORE = re.compile(
    rf"(?<![^\W_])(?P<w>{_alt([w for n in NEGATIVES if n.scope in ('any', 'before') for w in n.words])})"
    r"[^\S\n]*$"
)
NEGATIVE_WORD_BEFORE = re.compile(
    rf"(?<![^\W_])(?P<w>{_alt([w for n in NEGATIVES if n.scope == 'word_number' for w in n.words])})"
    r"\s+$"
)
NEGATIVE_AFTER = re.compile(
    rf"[^\S\n]*(?P<w>{_alt([w for n in NEGATIVES if n.scope == 'after' for w in n.words if not w[0].isdigit()])})"
)
#: A number that is itself a label with the word after it: "911 call", "999 line".
LABEL_NUMBER = re.compile(rf"{_alt([w for n in NEGATIVES if n.scope == 'after' for w in n.words if w[0].isdigit()])}")

_DIRECTION_WORDS = {w.lower(): d.direction for d in DIRECTIONS for w in d.words}
NEEDS_BY = frozenset(w.lower() for d in DIRECTIONS if d.needs_by for w in d.words)
DIRECTION_RULE = {w.lower(): d.id for d in DIRECTIONS for w in d.words}
DIRECTION_OF = _DIRECTION_WORDS
DIRECTION_BEFORE = re.compile(
    rf"(?<![^\W_])(?P<dir>{_alt(_DIRECTION_WORDS, ignore_case=True)})"
    r"(?P<gap>(?:\s+(?!\d)[^\s.;:!?$£€¥₹]+){0,4}?)(?P<by>\s+by)?\s*$"
)
#: A change word up to six words before "from X to Y" makes the two ends levels, not a range:
#: "an increase in employers' contributions from 13.8% to 15%".
CHANGE_FROM_BEFORE = re.compile(
    rf"(?<![^\W_]){_alt(_DIRECTION_WORDS, ignore_case=True)}(?:\s+(?!\d)[^\s.,;:!?$£€¥₹]+){{0,6}}?\s*$"
)
#: A change verb followed by one of these before the figure states a level, not a change:
#: "rose to 5%", "fell from $3 billion".
LEVEL_WORDS = frozenset(w.lower() for w in GRAMMAR["grammar.level_word"])
LEVEL_PASSED = frozenset(w.lower() for w in GRAMMAR["grammar.level_passed"])
LEVEL_FILLER = frozenset(w.lower() for w in GRAMMAR["grammar.level_filler"])
PARTICLE_BEFORE = re.compile(
    rf"(?:[,;(\u2013\u2014\-]|^|(?<![^\W_]){_alt(GRAMMAR['grammar.particle_before'], ignore_case=True)})[^\S\n]*$"
)
RISE_AFTER = re.compile(rf"[^\S\n]+{_alt(GRAMMAR['grammar.rise_after'], ignore_case=True)}")
FALL_AFTER = re.compile(rf"[^\S\n]+{_alt(GRAMMAR['grammar.fall_after'], ignore_case=True)}")
AGE_PHRASE_BEFORE = _words_before("grammar.age_phrase")
AGE_AFTER = re.compile(rf"[^\S\n]*{_alt(GRAMMAR['grammar.age_after'], ignore_case=True)}")
AGE_BEFORE = _words_before("grammar.age_word")
NOT_HYPHEN_NOUN = frozenset(w.lower() for w in GRAMMAR["grammar.not_hyphen_noun"])
AMOUNT_BEFORE = _words_before("grammar.amount_before")
DENOMINATION_AFTER = re.compile(rf"{_WS}{_alt(GRAMMAR['grammar.denomination_after'], ignore_case=True)}")
PEOPLE_BEFORE = re.compile(
    rf"(?<![^\W_]){_alt(GRAMMAR['grammar.people_before'], ignore_case=True)}{_WS}(?:[a-z]+{_WS})?$"  # "crowd at about"
)
PASSING_BEFORE = _words_before("grammar.passing_verb")
LENGTH_CONTEXT = re.compile(rf"(?<![^\W_]){_alt(GRAMMAR['grammar.length_context'], ignore_case=True)}")
POINTS_NOT_PERCENT = re.compile(rf"(?<![^\W_]){_alt(GRAMMAR['grammar.points_not_percent'])}(?![^\W_])")
PEOPLE_HYPHEN_NOUN = frozenset(w.lower() for w in GRAMMAR["grammar.people_hyphen_noun"])
FUNCTION_WORDS = frozenset(w.lower() for w in GRAMMAR["grammar.function_word"])

YEAR = re.compile(r"(?:(?<=FY)|(?<=[Mm]id-)|(?<![\w$.,/\-]))(1[5-9]\d\d|20\d\d)(?![\w%$]|,\d|\.\d)")
YEARLIKE = re.compile(r"(1[5-9]\d\d|20\d\d)")
#: Phrases that carry a year from earlier sentences (rules/context.toml), and their offsets.
YEAR_CUE_OF = {_key(w): (c.offset, c.id) for c in YEAR_CUES for w in c.words}
SAME_YEAR = re.compile(rf"(?<![^\W_]){_alt(YEAR_CUE_OF, ignore_case=True)}")
#: Words that stop a year carrying over from the sentence before ("Today", "last year").
#: A decade ("the 1990s") is a time of its own too.
PRESENT_TIME = re.compile(
    rf"(?<![^\W_])(?:{_alt(GRAMMAR['grammar.present_time'], ignore_case=True)}|(?:1[5-9]|20)\d0s{_END})"
)
SOURCE_CUE = re.compile(
    rf"(?<![^\W_]){_alt([w for c in SOURCE_CUES if not c.after for w in c.words], ignore_case=True)}[^,.;:]{{0,80}}"
)
#: Right after an organisation: it is the figure's source ("the IMF estimates that ...").
SOURCE_AFTER = re.compile(rf"[^\S\n]+{_alt([w for c in SOURCE_CUES if c.after for w in c.words])}(?![^\W_])")


def key(text: str) -> str:
    """Return the lookup key of a matched phrase: lower case, whitespace collapsed."""
    return _key(text)
