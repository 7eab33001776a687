"""The code stays as STYLE.md asks: ruff lint and format clean, mypy --strict on extract and warehouse,
and the package boundaries hold (duckdb only in warehouse, streamlit only in dashboard)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    path = shutil.which(name) or str(Path(sys.executable).parent / name)
    if not Path(path).exists():
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return path


def test_ruff_lint_and_format_are_clean() -> None:
    ruff = _tool("ruff")
    lint = subprocess.run([ruff, "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout[-3000:]
    fmt = subprocess.run([ruff, "format", "--check", "."], cwd=ROOT, capture_output=True, text=True)
    assert fmt.returncode == 0, fmt.stdout[-3000:]


def test_mypy_strict_on_extract_and_warehouse() -> None:
    mypy = _tool("mypy")
    r = subprocess.run([mypy, "--strict", "extract", "warehouse"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-3000:]


@pytest.mark.parametrize(
    ("module", "allowed"),
    [("duckdb", {"warehouse"}), ("streamlit", {"dashboard"})],
)
def test_heavy_imports_stay_in_their_package(module: str, allowed: set[str]) -> None:
    pattern = re.compile(rf"^\s*(?:import|from)\s+{module}\b", re.MULTILINE)
    offenders = [
        str(p.relative_to(ROOT))
        for package in ("extract", "warehouse", "dashboard", "figures")
        if package not in allowed
        for p in (ROOT / package).rglob("*.py")
        if pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_extract_opens_no_files_outside_its_loaders() -> None:
    loaders = {"documents.py", "formats.py", "rules.py", "units.py"}
    pattern = re.compile(r"\bopen\(|\.read_bytes\(|\.read_text\(|\.write_")
    files = [p for p in (ROOT / "extract").glob("*.py") if p.name not in loaders]
    offenders = [p.name for p in files if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
