"""``keel backtest``: run an algorithm file on a data folder and write its results folder."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path

from keel.cli.progress import ProgressBar
from keel.data.errors import DataFormatError
from keel.engine.backtest import AlgorithmLoadError, BacktestFailed, BacktestRun, run_backtest
from keel.engine.results import BacktestResult, write_results

EXIT_OK = 0
EXIT_RUNTIME = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


def _date(text: str) -> date:
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``backtest`` to the ``keel`` command."""
    parser = subparsers.add_parser("backtest", help="run an algorithm file as a backtest")
    parser.add_argument("algorithm", type=Path, help="path to the algorithm file (main.py)")
    parser.add_argument("--data-folder", type=Path, required=True, help="LEAN-format data folder")
    parser.add_argument("--start", type=_date, help="first date, YYYY-MM-DD (overrides set_start_date)")
    parser.add_argument("--end", type=_date, help="last date, YYYY-MM-DD (overrides set_end_date)")
    parser.add_argument("--cash", type=float, help="starting cash (overrides set_cash)")
    parser.add_argument(
        "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"), default=[], help="algorithm parameter"
    )
    parser.add_argument("--output", type=Path, help="results folder (default <project>/backtests/<timestamp>)")
    parser.add_argument("--class-name", help="algorithm class to run when the file defines several")
    parser.add_argument("--quiet", action="store_true", help="no progress bar and no statistics table")
    parser.set_defaults(handler=run)


def default_output(algorithm: Path) -> Path:
    """``<project>/backtests/<YYYY-MM-DD_HH-MM-SS>`` as lean-cli does."""
    return algorithm.resolve().parent / "backtests" / datetime.now().strftime("%Y-%m-%d_%H-%M-%S")


def print_statistics(statistics: dict[str, str], stream: object = None) -> None:
    """LEAN's statistics as a two-column table."""
    out = stream or sys.stdout
    if not statistics:
        return
    width = max(len(k) for k in statistics)
    print("-" * (width + 24), file=out)  # type: ignore[arg-type]
    for key, value in statistics.items():
        print(f"{key:<{width}}  {value:>20}", file=out)  # type: ignore[arg-type]
    print("-" * (width + 24), file=out)  # type: ignore[arg-type]


def execute(
    algorithm: Path,
    data_folder: Path,
    output: Path | None,
    start: date | None = None,
    end: date | None = None,
    cash: float | None = None,
    parameters: dict[str, str] | None = None,
    class_name: str | None = None,
    quiet: bool = False,
) -> int:
    """Run, write the results folder and print the summary; return the exit code."""
    if not data_folder.is_dir():
        print(
            f"error: data folder {data_folder} does not exist; pass --data-folder with LEAN-format data",
            file=sys.stderr,
        )
        return EXIT_USAGE
    output = output or default_output(algorithm)
    bar = ProgressBar("backtest", force=False) if not quiet else None
    result: BacktestResult
    code = EXIT_OK
    run: BacktestRun | None = None
    try:
        run = run_backtest(algorithm, data_folder, start, end, cash, parameters, progress=bar, class_name=class_name)
        result = run.result
    except AlgorithmLoadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BacktestFailed as exc:
        result = exc.result
        cause = exc.cause
        kind = "data error" if isinstance(cause, DataFormatError) else "error"
        print(f"\n{kind}: {exc}", file=sys.stderr)
        code = EXIT_INTERRUPTED if isinstance(cause, KeyboardInterrupt) else EXIT_RUNTIME
    finally:
        if bar is not None:
            bar.close()
    write_results(output, result)
    if run is not None and not quiet:
        print_statistics(result.statistics)
        print(f"{run.engine.data_points} data points in {run.elapsed_seconds:.2f}s")
    print(f"results: {output}")
    return code


def run(args: argparse.Namespace) -> int:
    """Handler of ``keel backtest``."""
    return execute(
        args.algorithm,
        args.data_folder,
        args.output,
        args.start,
        args.end,
        args.cash,
        dict(args.parameter),
        args.class_name,
        args.quiet,
    )
