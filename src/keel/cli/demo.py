"""``keel demo``: generate the built-in synthetic dataset and backtest the example algorithm."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from keel.cli.backtest import execute

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "futures_sma_crossover" / "main.py"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``demo`` to the ``keel`` command."""
    parser = subparsers.add_parser("demo", help="generate synthetic ES/NQ data and run the example futures algorithm")
    parser.add_argument("--data-folder", type=Path, default=Path("demo-data"), help="where the synthetic data goes")
    parser.add_argument("--days", type=int, default=20, help="trading days of synthetic data")
    parser.add_argument("--output", type=Path, help="results folder")
    parser.add_argument("--algorithm", type=Path, default=EXAMPLE, help="algorithm file to run")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Handler of ``keel demo``."""
    from keel.data.synthetic import generate_lean_futures_dataset

    folder: Path = args.data_folder
    start = date(2024, 1, 2)
    marker = folder / ".keel-demo-dataset"
    expected = f"ES,NQ {start} {args.days}"
    if not marker.is_file() or marker.read_text() != expected:
        print(f"generating {args.days} days of synthetic ES/NQ minute data in LEAN format in {folder} ...")
        generate_lean_futures_dataset(folder, roots=("ES", "NQ"), start=start, days=args.days)
        marker.write_text(expected)
    if not args.algorithm.is_file():
        print(f"error: example algorithm {args.algorithm} not found")
        return 2
    output = args.output or Path("backtests") / "demo"
    return execute(args.algorithm, folder, output)
