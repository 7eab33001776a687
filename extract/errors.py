"""The project's error types: one base, each subclass also a matching builtin."""

from __future__ import annotations


class FiguresError(Exception):
    """Base of every error this project raises on purpose."""


class RuleTableError(FiguresError, ValueError):
    """Raised at import when a rule table under extract/rules/ is malformed; names file and entry."""


class DocumentError(FiguresError, ValueError):
    """Raised when a document cannot be read or decoded; names the file and the reason."""


class WarehouseError(FiguresError, RuntimeError):
    """Raised when the DuckDB warehouse cannot be opened, locked or written."""


class SettingsError(FiguresError, ValueError):
    """Raised when figures.toml or a FIGURES_* variable holds an invalid setting."""
