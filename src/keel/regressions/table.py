"""Markdown parity table: one row per regression algorithm, one column per statistic group.

A cell shows ✓ when every value of the group equals LEAN's string, otherwise each differing
value as ``label: keel | lean``. The totals below the table count algorithms whose core
statistics all match ("core-4"), whose 28 statistics all match, and whose data-point counts
match, with OrderListHash and capacity also counted separately.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from keel.regressions.runner import DATA_POINTS, HISTORY, RegressionOutcome

CORE = ("Total Orders", "Total Fees", "End Equity", "Net Profit")
"""The "core-4": orders, fees, equity and profit."""

CAPACITY = ("Estimated Strategy Capacity", "Lowest Capacity Asset")
ORDER_LIST_HASH = "OrderListHash"

STATISTIC_GROUPS: dict[str, tuple[str, ...]] = {
    "core": CORE,
    "returns/risk": (
        "Start Equity",
        "Compounding Annual Return",
        "Drawdown",
        "Sharpe Ratio",
        "Sortino Ratio",
        "Probabilistic Sharpe Ratio",
        "Annual Standard Deviation",
        "Annual Variance",
        "Portfolio Turnover",
        "Drawdown Recovery",
    ),
    "win-loss": ("Average Win", "Average Loss", "Expectancy", "Loss Rate", "Win Rate", "Profit-Loss Ratio"),
    "benchmark": ("Alpha", "Beta", "Information Ratio", "Tracking Error", "Treynor Ratio"),
    "capacity": CAPACITY,
    "hash": (ORDER_LIST_HASH,),
    "data points": (DATA_POINTS, HISTORY),
}
"""Column groups; together they hold LEAN's 28 statistics plus the two data-point counts."""

ALL_STATISTICS: tuple[str, ...] = tuple(
    key for group, keys in STATISTIC_GROUPS.items() if group != "data points" for key in keys
)
assert len(ALL_STATISTICS) == 28

_LABELS = {
    "Total Orders": "orders",
    "Total Fees": "fees",
    "End Equity": "end",
    "Net Profit": "net",
    "Start Equity": "start",
    "Compounding Annual Return": "CAR",
    "Drawdown": "DD",
    "Sharpe Ratio": "Sharpe",
    "Sortino Ratio": "Sortino",
    "Probabilistic Sharpe Ratio": "PSR",
    "Annual Standard Deviation": "SD",
    "Annual Variance": "Var",
    "Portfolio Turnover": "turnover",
    "Drawdown Recovery": "DDrec",
    "Average Win": "avgW",
    "Average Loss": "avgL",
    "Expectancy": "exp",
    "Loss Rate": "lossR",
    "Win Rate": "winR",
    "Profit-Loss Ratio": "P/L",
    "Alpha": "α",
    "Beta": "β",
    "Information Ratio": "IR",
    "Tracking Error": "TE",
    "Treynor Ratio": "Treynor",
    "Estimated Strategy Capacity": "cap",
    "Lowest Capacity Asset": "asset",
    "OrderListHash": "hash",
    DATA_POINTS: "DP",
    HISTORY: "hist",
}


@dataclass(frozen=True)
class Totals:
    """Summary counts over a set of outcomes."""

    algorithms: int
    completed: int
    core4_exact: int
    all28_exact: int
    all26_exact: int
    statistics_matched: int
    statistics_total: int
    order_list_hash: int
    capacity: int
    data_points: int
    history: int
    data_points_both: int


def _group_matches(outcome: RegressionOutcome, keys: Sequence[str]) -> bool:
    """True when every key of the group that LEAN lists for this algorithm matches."""
    return all(outcome.matches(k) for k in keys if k in outcome.expected)


def totals(outcomes: Sequence[RegressionOutcome]) -> Totals:
    """Count exact matches: core-4, all 28 statistics, without hash/capacity, and the counts.

    A statistic LEAN does not list for an algorithm (older expected sets lack e.g.
    ``Drawdown Recovery``) is not counted against it.
    """
    without = tuple(k for k in ALL_STATISTICS if k not in CAPACITY and k != ORDER_LIST_HASH)
    return Totals(
        algorithms=len(outcomes),
        completed=sum(o.completed for o in outcomes),
        core4_exact=sum(_group_matches(o, CORE) for o in outcomes),
        all28_exact=sum(_group_matches(o, ALL_STATISTICS) for o in outcomes),
        all26_exact=sum(_group_matches(o, without) for o in outcomes),
        statistics_matched=sum(o.matches(k) for o in outcomes for k in ALL_STATISTICS if k in o.expected),
        statistics_total=sum(k in o.expected for o in outcomes for k in ALL_STATISTICS),
        order_list_hash=sum(_group_matches(o, (ORDER_LIST_HASH,)) for o in outcomes),
        capacity=sum(_group_matches(o, CAPACITY) for o in outcomes),
        data_points=sum(o.matches(DATA_POINTS) for o in outcomes),
        history=sum(o.matches(HISTORY) for o in outcomes),
        data_points_both=sum(_group_matches(o, (DATA_POINTS, HISTORY)) for o in outcomes),
    )


def _escape(text: str | None) -> str:
    if text is None:
        return "—"
    if text == "":
        return '""'
    return text.replace("|", "\\|")


def _cell(outcome: RegressionOutcome, keys: Sequence[str]) -> str:
    if outcome.status == "Missing":
        return ""
    parts = [
        f"{_LABELS.get(k, k)}: {_escape(outcome.actual.get(k))} \\| {_escape(outcome.expected.get(k))}"
        for k in keys
        if k in outcome.expected and not outcome.matches(k)
    ]
    return "✓" if not parts else "<br>".join(parts)


def _status(outcome: RegressionOutcome) -> str:
    if outcome.completed:
        return f"ok {outcome.elapsed:.0f}s"
    message = outcome.error.replace("|", "/").replace("\n", " ")
    if len(message) > 120:
        message = message[:117] + "..."
    return f"**{outcome.status}** {message}".strip()


def render_table(outcomes: Sequence[RegressionOutcome]) -> str:
    """The Markdown parity table plus the totals lines."""
    groups = list(STATISTIC_GROUPS)
    lines = [
        "| algorithm | status | " + " | ".join(groups) + " |",
        "|---|---|" + "---|" * len(groups),
    ]
    for outcome in outcomes:
        cells = [_cell(outcome, STATISTIC_GROUPS[g]) for g in groups]
        lines.append(f"| {outcome.name} | {_status(outcome)} | " + " | ".join(cells) + " |")
    t = totals(outcomes)
    n = t.algorithms
    lines += [
        "",
        f"Cells: ✓ = every value equals LEAN's string; otherwise `label: keel | lean`. {n} algorithms, "
        f"{t.completed} completed.",
        "",
        f"* core-4 exact (orders, fees, end equity, net profit): **{t.core4_exact}/{n}**",
        f"* all 28 statistics exact: **{t.all28_exact}/{n}**; all but OrderListHash and capacity (26): "
        f"{t.all26_exact}/{n}; statistics matched: {t.statistics_matched}/{t.statistics_total}",
        f"* OrderListHash exact: {t.order_list_hash}/{n}; "
        f"capacity (estimate + lowest asset) exact: {t.capacity}/{n}",
        f"* data points: DataPoints {t.data_points}/{n}, History {t.history}/{n}, "
        f"both {t.data_points_both}/{n}",
    ]
    return "\n".join(lines) + "\n"
