"""Generate a synthetic portfolio of démarche folders (seeded), as ``suivi portfolio`` reads them.

Each démarche is a real folder: ``demarche.yaml``, a register of 20–200 proposals (xlsx from the
register template, or CSV), participant surveys of 30–3,000 respondents (CSV, or xlsx after) keyed
by a participant code. The generator is :mod:`evaluation.synthetic`, the same code as the
portfolio of ``suivi demo``. Nothing is committed: write into a temporary folder.

Usage: ``.venv/bin/python bench/make_portfolio.py DOSSIER [--count 300] [--seed 2024]``
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evaluation.demo.synthetic import PortfolioSize, write_portfolio  # noqa: E402

DEFAULT_COUNT = 300
DEFAULT_SEED = 2024


def make(root: Path, count: int = DEFAULT_COUNT, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write ``count`` démarches under ``root`` (which must not hold them already)."""
    return write_portfolio(root, count, seed=seed, size=PortfolioSize())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    start = time.perf_counter()
    folders = make(args.folder, args.count, args.seed)
    size = sum(p.stat().st_size for folder in folders for p in folder.rglob("*") if p.is_file())
    print(f"{len(folders)} démarches written to {args.folder} in {time.perf_counter() - start:.1f} s ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
