"""``keel regressions``: run Keel's ports of LEAN's futures regressions and print the parity table."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from keel.regressions.runner import (
    ALGORITHMS_DIR,
    DEFAULT_TIMEOUT,
    RegressionOutcome,
    default_data_folder,
    default_expected_json,
    run_regressions,
)
from keel.regressions.table import render_table


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``regressions`` to the ``keel`` command."""
    parser = subparsers.add_parser("regressions", help="reproduce LEAN's futures regression statistics")
    parser.add_argument(
        "--data-folder", type=Path, default=None,
        help="LEAN sample data (default: $KEEL_LEAN_DATA or ../shared/data/lean)",
    )
    parser.add_argument(
        "--expected", type=Path, default=None,
        help="LEAN's expected statistics (default: lean-regressions-public.json beside the data folder)",
    )
    parser.add_argument("--filter", help="comma-separated algorithm names or case-insensitive substrings")
    parser.add_argument(
        "--output", type=Path, help="write the Markdown table here (and the raw outcomes to FILE.json)"
    )
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (0 = run in this process)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per algorithm")
    parser.add_argument("--algorithms-dir", type=Path, default=ALGORITHMS_DIR, help=argparse.SUPPRESS)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run the selected regressions; exit code 0 when every algorithm completed."""
    data_folder: Path = args.data_folder or default_data_folder()
    expected: Path = args.expected or default_expected_json(data_folder)
    if not data_folder.is_dir():
        print(f"error: LEAN data folder {data_folder} not found; pass --data-folder", file=sys.stderr)
        return 2
    if not expected.is_file():
        print(f"error: expected statistics {expected} not found; pass --expected", file=sys.stderr)
        return 2

    def progress(outcome: RegressionOutcome) -> None:
        matched = sum(outcome.matches(k) for k in outcome.expected)
        print(
            f"  {outcome.status:<12} {outcome.elapsed:6.1f}s  {matched:2d}/{len(outcome.expected)}"
            f"  {outcome.name}",
            file=sys.stderr,
            flush=True,
        )

    started = time.perf_counter()
    outcomes = run_regressions(
        data_folder, expected, args.filter, args.algorithms_dir, jobs=args.jobs, timeout=args.timeout,
        progress=progress,
    )
    elapsed = time.perf_counter() - started
    table = render_table(outcomes) + f"\nWall time: {elapsed:.0f} s with {args.jobs} job(s).\n"
    if args.output:
        args.output.write_text(table)
        args.output.with_suffix(args.output.suffix + ".json").write_text(
            json.dumps([o.to_dict() for o in outcomes], indent=1)
        )
        print(f"table written to {args.output}", file=sys.stderr)
    print(table)
    return 0 if all(o.completed for o in outcomes) else 1
