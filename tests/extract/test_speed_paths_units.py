"""The precomputed unit table equals what pint says, and keeps pint off the extract path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from extract import units
from extract.units_table import CANONICAL, FACTOR

ROOT = Path(__file__).resolve().parents[2]


def test_the_unit_table_is_what_pint_computes() -> None:
    spelled, factors = units.table_entries()
    assert spelled == CANONICAL and factors == FACTOR, (
        "extract/units_table.py is stale: regenerate it with `.venv/bin/python -m extract.units`"
    )


def test_figures_extract_does_not_import_pint_or_the_dashboard() -> None:
    code = (
        "import sys, io, contextlib\n"
        "from figures.cli import main\n"
        f"sys.argv = ['figures', 'extract', {str(ROOT / 'corpus')!r}]\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit:\n"
        "        pass\n"
        "assert out.getvalue().count('\\n') > 20\n"
        "heavy = ('pint', 'duckdb', 'polars', 'streamlit', 'plotly', 'pyarrow', 'dask')\n"
        "heavy = sorted(m for m in heavy if m in sys.modules)\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
