"""The project's single pint registry, and cached conversion factors off the per-figure path.

pint parses a unit string at about 10 k/s (FINDINGS.md), so each distinct unit is resolved
once: `canonical(expr)` gives pint's spelling, `factor_to(expr, base)` the multiplier to the
base unit of its kind. Currencies are dimensions of their own (extract/units.txt), so no
conversion between them happens here.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from extract.errors import RuleTableError

if TYPE_CHECKING:
    import pint

log = logging.getLogger(__name__)

DEFINITIONS = Path(__file__).with_name("units.txt")


@functools.cache
def registry() -> pint.UnitRegistry[float]:
    """Return the application's one pint registry, with the project's units loaded."""
    import pint

    ureg: pint.UnitRegistry[float] = pint.UnitRegistry(
        cache_folder=None, autoconvert_offset_to_baseunit=True
    )
    ureg.load_definitions(str(DEFINITIONS))
    return ureg


@functools.cache
def canonical(expr: str) -> str:
    """Return pint's canonical spelling of a unit expression ("km/hour" -> "kilometer / hour").

    >>> canonical("km/hour")
    'kilometer / hour'
    >>> canonical("USD")
    'USD'
    """
    import pint

    try:
        return str(registry().Unit(expr))
    except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError, ValueError) as exc:
        raise RuleTableError(
            f"unit {expr!r} is not known to the pint registry ({DEFINITIONS})"
        ) from exc


@functools.cache
def factor_to(expr: str, base: str) -> float:
    """Return the multiplier that turns a value in `expr` into `base` (1.0 when equal).

    >>> factor_to("km", "meter")
    1000.0
    >>> round(factor_to("quad", "joule") / 1e18, 3)
    1.055
    """
    if canonical(expr) == canonical(base):
        return 1.0
    import pint

    ureg = registry()
    try:
        return float(ureg.Quantity(1.0, expr).to(base).magnitude)
    except pint.errors.DimensionalityError as exc:
        raise RuleTableError(f"unit {expr!r} cannot convert to base {base!r}") from exc


def to_base(value: float, expr: str, base: str) -> float:
    """Return `value` in `expr` converted to `base`; offset units (degrees) convert exactly.

    >>> to_base(2.0, "km", "meter")
    2000.0
    """
    if canonical(expr) == canonical(base):
        return value
    if "degree" in canonical(expr):
        return float(registry().Quantity(value, expr).to(base).magnitude)
    return value * factor_to(expr, base)
