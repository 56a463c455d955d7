#!/usr/bin/env python3
"""CPU instructions per bar of Keel's benchmark strategies, counted by valgrind (deterministic).

Wall-clock figures on a shared 2-core machine move by 10 % or more with the load; instruction
counts do not, so they show whether a change to the hot path helps. Each variant runs twice
under ``valgrind --tool=cachegrind --cache-sim=no`` (about 50x slower than native), on a
``--small`` and a ``--large`` bar count of the same synthetic series; the difference divided by
the extra bars is the cost per bar without start-up and statistics::

    bench/backtest/instructions.py [--variant cross heavy empty] [--small 5000] [--large 15000]

``empty`` runs no strategy at all: the engine's own cost per bar. Needs ``valgrind`` on PATH.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
_DEFAULT_DATA = Path.home() / ".cache" / "keel" / "bench-data"


def _worker(variant: str, bars: int, data_dir: Path, gc_off: bool = False) -> None:
    if gc_off:
        import gc

        gc.disable()
    sys.path[:0] = [str(REPO / "src"), str(HERE)]
    from dataset import benchmark_dataset
    from strategies import STRATEGIES

    from keel.engine.backtest import run_backtest
    from keel.engine.parquet_source import ParquetDataSource

    dataset = benchmark_dataset(data_dir, bars)
    run_backtest(
        STRATEGIES[variant],
        dataset.folder,
        parameters=dataset.parameters(),
        data_source=ParquetDataSource(dataset.folder),
    )


def _dataset_folder(data_dir: Path, bars: int) -> Path:
    """The ``bars``-bar dataset's own folder, generated here (outside valgrind) if missing.

    One folder holds one bar count (``benchmark_dataset`` rewrites it for another), so a shared
    folder made every run regenerate its data inside the count, and runs of several people at
    once overwrite each other's data (counts off by up to ~25 %).
    """
    folder = data_dir / f"{bars}-bars"
    sys.path[:0] = [str(REPO / "src"), str(HERE)]
    try:
        from dataset import benchmark_dataset

        benchmark_dataset(folder, bars)
    finally:
        del sys.path[:2]
    return folder


def count_instructions(variant: str, bars: int, data_dir: Path, gc_off: bool = False) -> int:
    """Instructions (user space, whole process) of one ``variant`` run on ``bars`` bars (``gc_off``:
    with Python's cyclic garbage collector disabled in the run)."""
    folder = _dataset_folder(data_dir, bars)
    cmd = [
        "valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
        sys.executable, str(Path(__file__).resolve()), "--worker", variant, str(bars), str(folder),
    ]  # fmt: skip
    if gc_off:
        cmd.append("--gc-off")
    # one OpenMP thread (Arrow's and OpenBLAS's pools): with more, the count moved by up to 60M
    # instructions between runs of one tree (cross: 96k-107k per bar); with one, runs agree to 1 per bar
    env = {**os.environ, "PYTHONHASHSEED": "0", "OMP_NUM_THREADS": "1"}
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    match = re.search(r"I\s+refs:\s+([\d,]+)", proc.stderr)
    if proc.returncode != 0 or match is None:
        raise RuntimeError(f"valgrind run of {variant} on {bars} bars failed:\n{proc.stderr[-2000:]}")
    return int(match.group(1).replace(",", ""))


def main(argv: list[str] | None = None) -> int:
    """Print instructions per bar for each variant."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--worker"]:
        _worker(args[1], int(args[2]), Path(args[3]), gc_off=args[4:5] == ["--gc-off"])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", nargs="+", default=["cross", "heavy", "empty"])
    parser.add_argument("--small", type=int, default=5_000)
    parser.add_argument("--large", type=int, default=15_000)
    parser.add_argument("--data-dir", type=Path, default=_DEFAULT_DATA)
    parser.add_argument(
        "--gc-off",
        action="store_true",
        help="disable the cyclic garbage collector in the runs: when its passes run depends on the "
        "allocation count, so a change that allocates less can move a full pass in or out of the larger "
        "run and shift the count by several thousand per bar either way; use it for A/B comparisons",
    )
    options = parser.parse_args(args)
    if options.large <= options.small:
        parser.error("--large must be more bars than --small")
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    for variant in options.variant:
        small = count_instructions(variant, options.small, options.data_dir, options.gc_off)
        large = count_instructions(variant, options.large, options.data_dir, options.gc_off)
        per_bar = (large - small) / (options.large - options.small)
        detail = f"{small:,} @ {options.small} bars, {large:,} @ {options.large} bars"
        print(f"{variant:6} {per_bar:10,.0f} instructions/bar  ({detail})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
