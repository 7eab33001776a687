"""Resolve settings once: defaults < figures.toml < FIGURES_* environment < command-line flags.

The one module that reads os.environ, and the one place paths are decided.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from extract.errors import SettingsError

#: The source checkout (or install prefix) this package lives in.
PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting the CLI and the dashboard use, with resolved paths."""

    data_dir: Path
    db: Path
    corpus: Path
    host: str = "127.0.0.1"
    port: int = 8501
    upload_max_mb: int = 50

    def to_env(self) -> dict[str, str]:
        """Return these settings as FIGURES_* variables, for a child process (the dashboard)."""
        return {f"FIGURES_{f.name.upper()}": str(getattr(self, f.name)) for f in fields(self)}


def _default_corpus() -> Path:
    shipped = PROJECT_ROOT / "corpus"
    return shipped if shipped.is_dir() else Path.cwd() / "corpus"


def _coerce(name: str, value: Any, source: str) -> Any:
    kinds = {f.name: f.type for f in fields(Settings)}
    if name not in kinds:
        raise SettingsError(f"{source}: unknown setting {name!r}; known: {', '.join(sorted(kinds))}")
    if kinds[name] == "int":
        try:
            return int(value)
        except (TypeError, ValueError) as exc:
            raise SettingsError(f"{source}: {name} must be a whole number, got {value!r}") from exc
    if kinds[name] == "Path":
        return Path(str(value)).expanduser()
    return str(value)


def load_settings(
    flags: Mapping[str, Any] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    config: Path | None = None,
) -> Settings:
    """Return the settings from defaults, figures.toml, FIGURES_* variables and `flags`.

    `flags` values of None are ignored (an option the user did not give).
    """
    env = os.environ if environ is None else environ
    given: dict[str, Any] = {}
    config_path = config or Path(env.get("FIGURES_CONFIG", "figures.toml"))
    if config_path.is_file():
        try:
            with config_path.open("rb") as fh:
                table = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"{config_path}: not valid TOML: {exc}") from exc
        for key, value in table.items():
            given[key] = _coerce(key, value, str(config_path))
    for key, value in env.items():
        if key.startswith("FIGURES_") and key != "FIGURES_CONFIG":
            name = key.removeprefix("FIGURES_").lower()
            given[name] = _coerce(name, value, f"environment variable {key}")
    for key, value in (flags or {}).items():
        if value is not None:
            given[key] = _coerce(key, value, f"option --{key.replace('_', '-')}")
    data_dir = Path(given.pop("data_dir", Path.cwd() / "data"))
    settings = Settings(
        data_dir=data_dir,
        db=data_dir / "figures.duckdb",
        corpus=_default_corpus(),
    )
    return replace(settings, **given)
