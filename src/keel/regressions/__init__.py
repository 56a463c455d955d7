"""LEAN regression parity: run Keel's ports of LEAN's futures regression algorithms.

``run_regressions`` runs every algorithm in :mod:`keel.regressions.algorithms` against
LEAN's sample data and compares each statistic string and the data-point counts with LEAN's
expected values; ``render_table`` turns the outcomes into a Markdown table.
"""

from __future__ import annotations

from keel.regressions.runner import (
    ALGORITHMS_DIR,
    RegressionOutcome,
    compare,
    discover_algorithms,
    load_expected,
    run_regressions,
)
from keel.regressions.table import STATISTIC_GROUPS, render_table, totals

__all__ = [
    "ALGORITHMS_DIR",
    "STATISTIC_GROUPS",
    "RegressionOutcome",
    "compare",
    "discover_algorithms",
    "load_expected",
    "render_table",
    "run_regressions",
    "totals",
]
