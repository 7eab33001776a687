"""Display units for charts: which units a base unit can be shown in, and the factor, via pint.

The warehouse stores every figure's ``value_base`` in the canonical unit of its kind
(``USD``, ``joule``, ``person``, ``percent``...). A chart lets the reader switch to another
unit of the same dimension (USD million, quadrillion Btu, TWh...). The factor comes from the
project's one pint registry (`extract.units.factor_to`), computed once per unit pair and
applied to a whole column, never per figure.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

from extract.errors import FiguresError
from extract.units import canonical, factor_to, registry

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DisplayUnit:
    """A unit a chart axis can be drawn in: pint expression and the label readers see."""

    expr: str
    label: str


#: Scale words for countable units (money, people), as pint SI prefixes.
_SCALES: tuple[tuple[str, str], ...] = (
    ("", ""),
    ("kilo", "thousand"),
    ("mega", "million"),
    ("giga", "billion"),
    ("tera", "trillion"),
)

#: Energy units analysts compare consumption in (all in pint's default registry).
_ENERGY: tuple[DisplayUnit, ...] = (
    DisplayUnit("quad", "quadrillion Btu"),
    DisplayUnit("EJ", "EJ"),
    DisplayUnit("PJ", "PJ"),
    DisplayUnit("TWh", "TWh"),
    DisplayUnit("Mtoe", "Mtoe"),
    DisplayUnit("joule", "J"),
)

#: Durations, in the units texts state them.
_TIME: tuple[DisplayUnit, ...] = (
    DisplayUnit("year", "years"),
    DisplayUnit("month", "months"),
    DisplayUnit("week", "weeks"),
    DisplayUnit("day", "days"),
)

#: Readable names of base units whose pint spelling is not what a reader expects.
_LABELS = {"person": "people", "percent": "%", "rank": "rank", "count": "count", "dimensionless": ""}


@functools.cache
def display_units(unit_base: str) -> tuple[DisplayUnit, ...]:
    """Return the units a figure stored in `unit_base` can be charted in, base unit first.

    >>> [u.label for u in display_units("USD")][:3]
    ['USD', 'USD thousand', 'USD million']
    >>> display_units("joule")[0].label
    'quadrillion Btu'
    >>> [u.expr for u in display_units("percent")]
    ['percent']
    """
    ureg = registry()
    try:
        dims = ureg.Unit(unit_base).dimensionality
    except Exception as exc:  # pint raises several unrelated types for an unknown unit
        log.debug("no display units for %r: %s", unit_base, exc)
        return (DisplayUnit(unit_base, _LABELS.get(unit_base, unit_base)),)
    if dims == ureg.Unit("person").dimensionality:
        return tuple(DisplayUnit(f"{prefix}person", f"{word} people".strip()) for prefix, word in _SCALES)
    if str(dims).startswith("[currency_"):
        return tuple(DisplayUnit(f"{prefix}{unit_base}", f"{unit_base} {word}".strip()) for prefix, word in _SCALES)
    if dims == ureg.Unit("joule").dimensionality:
        return _ENERGY
    if dims == ureg.Unit("year").dimensionality:
        return _TIME
    return (DisplayUnit(unit_base, _LABELS.get(unit_base, unit_base)),)


def factor(unit_base: str, expr: str) -> float:
    """Return the multiplier from `unit_base` to the display unit `expr` (1.0 if unknown).

    >>> factor("USD", "megaUSD")
    1e-06
    """
    if expr == unit_base:
        return 1.0
    try:
        return factor_to(unit_base, expr)
    except FiguresError:
        log.warning("cannot convert %s to %s; charting in %s", unit_base, expr, unit_base)
        return 1.0


def default_unit(unit_base: str, typical: float | None, preferred: str | None = None) -> DisplayUnit:
    """Return the display unit for a chart: `preferred` if it fits, else the scale that keeps
    the `typical` value between 1 and 1000.

    >>> default_unit("USD", 519e6).label
    'USD million'
    >>> default_unit("joule", 3.4e19, preferred="quad").label
    'quadrillion Btu'
    """
    options = display_units(unit_base)
    if preferred:
        wanted = _safe_canonical(preferred)
        for option in options:
            if _safe_canonical(option.expr) == wanted:
                return option
    if typical is None or typical == 0 or len(options) == 1:
        return options[0]
    best = options[0]
    for option in options:
        scaled = abs(typical) * factor(unit_base, option.expr)
        if scaled >= 1:
            best = option
            if scaled < 1000:
                break
    return best


def find(unit_base: str, expr: str | None) -> DisplayUnit | None:
    """Return the display unit of `unit_base` spelled `expr`, or None if it is not one."""
    if not expr:
        return None
    return next((u for u in display_units(unit_base) if u.expr == expr), None)


def _safe_canonical(expr: str) -> str:
    try:
        return canonical(expr)
    except FiguresError:
        return expr
