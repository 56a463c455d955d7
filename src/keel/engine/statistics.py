"""LEAN's backtest summary statistics, as pure functions.

The engine collects the series (equity samples, daily Return points, benchmark values, trade
P&L records, turnover samples) and :func:`compute_statistics` turns them into LEAN's summary
dictionary: the same 27 keys in the same order, with the same strings.

LEAN computes some statistics in ``System.Decimal`` (their string keeps the decimal's scale:
``0%`` vs ``0.000%``) and others in ``double`` (shortest form). This module follows LEAN's
arithmetic type by type, using :mod:`keel.engine.number_format`; pass :class:`~decimal.Decimal`
values where the engine has exact decimals (e.g. portfolio values) to keep their scale, floats
are converted like .NET's ``(decimal)double`` cast (15 significant digits).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import overload

from keel.engine import sample_stats as ss
from keel.engine.interest_rate import InterestRateProvider, risk_free_rate_from_csv
from keel.engine.number_format import (
    DEC_CONTEXT,
    Number,
    dec_div,
    format_capacity,
    format_decimal,
    format_double,
    format_money,
    format_percent,
    round_decimal,
    safe_decimal,
    to_decimal,
)

__all__ = [
    "SUMMARY_KEYS",
    "InterestRateProvider",
    "StatisticsInput",
    "TradeRecord",
    "TradeRecordsView",
    "TradeStatistics",
    "annual_downside_deviation",
    "annual_performance",
    "annual_variance",
    "benchmark_changes",
    "compounding_annual_return",
    "compute_statistics",
    "drawdown_fraction",
    "drawdown_recovery_days",
    "performance_returns",
    "probabilistic_sharpe_ratio",
    "risk_free_rate_from_csv",
    "tracking_error",
    "trade_statistics",
]

SUMMARY_KEYS: tuple[str, ...] = (
    "Total Orders",
    "Average Win",
    "Average Loss",
    "Compounding Annual Return",
    "Drawdown",
    "Expectancy",
    "Start Equity",
    "End Equity",
    "Net Profit",
    "Sharpe Ratio",
    "Sortino Ratio",
    "Probabilistic Sharpe Ratio",
    "Loss Rate",
    "Win Rate",
    "Profit-Loss Ratio",
    "Alpha",
    "Beta",
    "Annual Standard Deviation",
    "Annual Variance",
    "Information Ratio",
    "Tracking Error",
    "Treynor Ratio",
    "Total Fees",
    "Estimated Strategy Capacity",
    "Lowest Capacity Asset",
    "Portfolio Turnover",
    "Drawdown Recovery",
)
"""LEAN's summary statistic names, in LEAN's order."""

_ZERO = Decimal(0)
_ONE = Decimal(1)

RiskFreeRate = float | Decimal | Callable[[datetime], Number]


@dataclass
class TradeRecord:
    """One entry of LEAN's trade P&L record (a fill that reduced or closed a position).

    ``pnl`` is already ``realized profit - 2 x closing fee`` in account currency.
    """

    time_utc: datetime
    pnl: Number


class TradeRecordsView(Sequence[TradeRecord]):
    """``(time_utc, pnl)`` pairs read as :class:`TradeRecord` objects one at a time.

    A run with a million trades keeps its records compact (``TradeRecords``); this view hands them
    to :func:`compute_statistics` without building a list of a million objects.
    """

    __slots__ = ("_pairs",)

    def __init__(self, pairs: Sequence[tuple[datetime, Number]]) -> None:
        self._pairs = pairs

    def __len__(self) -> int:
        return len(self._pairs)

    @overload
    def __getitem__(self, index: int) -> TradeRecord: ...

    @overload
    def __getitem__(self, index: slice) -> list[TradeRecord]: ...

    def __getitem__(self, index: int | slice) -> TradeRecord | list[TradeRecord]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        time_utc, pnl = self._pairs[index]
        return TradeRecord(time_utc, pnl)

    def __iter__(self) -> Iterator[TradeRecord]:
        return (TradeRecord(time_utc, pnl) for time_utc, pnl in self._pairs)


def _in_time_order(trades: Iterable[TradeRecord]) -> bool:
    last: datetime | None = None
    for trade in trades:
        if last is not None and trade.time_utc < last:
            return False
        last = trade.time_utc
    return True


@dataclass
class StatisticsInput:
    """Everything :func:`compute_statistics` needs; the engine fills it at the end of a run.

    * ``equity``: every equity sample (daily, intraday, final), UTC keys, in time order;
    * ``daily_performance``: the daily Return chart points in **percent**, including the first two
      that LEAN drops;
    * ``benchmark``: the daily benchmark values (same number of points as ``daily_performance``);
    * ``risk_free_rate``: an already averaged rate (fraction) or a per-day callable averaged over
      the equity keys; the default is LEAN's: the built-in Fed primary credit rate table
      (:class:`~keel.engine.interest_rate.InterestRateProvider`, or ``.from_csv(data_folder)``);
    * ``capacity``: the smoothed capacity estimate before LEAN's rounding, ``None`` if none.
    """

    equity: Sequence[tuple[datetime, Number]]
    daily_performance: Sequence[tuple[datetime, Number]]
    benchmark: Sequence[tuple[datetime, Number]]
    trades: Sequence[TradeRecord]
    starting_value: Number
    total_fees: Number = 0
    total_orders: int = 0
    portfolio_turnover_samples: Sequence[Number] = field(default_factory=list)
    risk_free_rate: RiskFreeRate = field(default_factory=InterestRateProvider)
    trading_days_per_year: int = 252
    capacity: Number | None = None
    lowest_capacity_asset: str = ""
    account_currency_symbol: str = "$"


@dataclass(frozen=True)
class TradeStatistics:
    """Win/loss figures of LEAN's ``PortfolioStatistics`` (decimals, fractions not percent)."""

    average_win: Decimal
    average_loss: Decimal
    profit_loss_ratio: Decimal
    win_rate: Decimal
    loss_rate: Decimal
    expectancy: Decimal


# --------------------------------------------------------------------------------------------
# series preparation


def _by_time(points: Iterable[tuple[datetime, Number]]) -> list[tuple[datetime, Number]]:
    """Sort by time, the last value winning for duplicate keys (LEAN's sorted dictionaries)."""
    merged: dict[datetime, Number] = {}
    for t, v in points:
        merged[t] = v
    return sorted(merged.items(), key=lambda kv: kv[0])


def performance_returns(daily_performance: Sequence[tuple[datetime, Number]]) -> list[float]:
    """Daily fractional returns ``r``: the percent points without the first two, divided by 100."""
    pts = _by_time(daily_performance)[2:]
    return [float(dec_div(to_decimal(v), Decimal(100))) for _, v in pts]


def benchmark_changes(benchmark: Sequence[tuple[datetime, Number]]) -> list[float]:
    """Benchmark fractional changes ``b`` between consecutive points, the first change dropped.

    A change from a zero value counts as 0.
    """
    values = [to_decimal(v) for _, v in _by_time(benchmark)]
    changes: list[float] = []
    for prev, cur in itertools.pairwise(values):
        changes.append(0.0 if prev == 0 else float(DEC_CONTEXT.subtract(dec_div(cur, prev), _ONE)))
    return changes[1:]


# --------------------------------------------------------------------------------------------
# individual statistics (floats follow LEAN's double code, Decimals its decimal code)


def annual_performance(returns: Sequence[float], trading_days: int = 252) -> float:
    """``(mean(r) + 1) ** T - 1`` (arithmetic mean compounded); NaN/overflow gives inf/NaN."""
    try:
        return math.pow(ss.mean(returns) + 1.0, trading_days) - 1.0
    except (OverflowError, ValueError):
        return math.inf


def annual_variance(returns: Sequence[float], trading_days: int = 252) -> float:
    """``var(r) * T``; 0 when the sample variance is NaN or 0."""
    v = ss.variance(returns)
    return 0.0 if math.isnan(v) or v == 0 else v * trading_days


def annual_downside_deviation(returns: Sequence[float], trading_days: int = 252) -> float:
    """``sqrt(T * var(r[r < 0]))`` (variance around the negatives' own mean); 0 if undefined."""
    v = ss.variance([x for x in returns if x < 0])
    return 0.0 if math.isnan(v) or v == 0 else math.sqrt(v * trading_days)


def tracking_error(returns: Sequence[float], bench: Sequence[float], trading_days: int = 252) -> float:
    """``sqrt(T * var(r - b))``; 0 if the lengths differ or the variance is undefined."""
    if len(returns) != len(bench):
        return 0.0
    v = ss.variance([a - b for a, b in zip(returns, bench, strict=True)])
    return 0.0 if math.isnan(v) else math.sqrt(v * trading_days)


def probabilistic_sharpe_ratio(
    returns: Sequence[float], benchmark_sharpe: float, risk_free_rate: float = 0.0, trading_days: int = 252
) -> float:
    """Bailey & Lopez de Prado's PSR as LEAN computes it (a probability in [0, 1]).

    ``SR = (mean - rf/T) / std`` (0 if std is 0/NaN); ``sigma = sqrt((1 - skew*SR + (kurt-1)/4 *
    SR**2) / (n-1))`` with the *excess* kurtosis; NaN or zero sigma gives 0, else
    ``NormalCDF((SR - SR*) / sigma)``.
    """
    n = len(returns)
    if n < 2:
        return 0.0
    sd = ss.std(returns)
    sr = 0.0 if math.isnan(sd) or sd == 0 else (ss.mean(returns) - risk_free_rate / trading_days) / sd
    skew = ss.skewness(returns)
    kurt = ss.kurtosis(returns)
    radicand = (1.0 - skew * sr + (kurt - 1.0) / 4.0 * sr * sr) / (n - 1)
    if math.isnan(radicand) or radicand < 0:
        return 0.0
    sigma = math.sqrt(radicand)
    if sigma == 0:
        return 0.0
    return ss.normal_cdf((sr - benchmark_sharpe) / sigma)


def compounding_annual_return(start: Number, end: Number, years: Number) -> Decimal:
    """``(end/start) ** (1/years) - 1`` in double, cast to decimal; 0 if undefined."""
    y, s = to_decimal(years), to_decimal(start)
    if y == 0 or s == 0:
        return _ZERO
    try:
        result = math.pow(float(to_decimal(end)) / float(s), 1.0 / float(y)) - 1.0
    except (OverflowError, ValueError, ZeroDivisionError):
        return _ZERO
    if math.isnan(result) or math.isinf(result):
        return _ZERO
    return to_decimal(result)


def drawdown_fraction(values: Sequence[Number], places: int = 3) -> Decimal:
    """Maximum drawdown ``|min(value/peak - 1)|`` as a fraction rounded to ``places`` (banker's).

    The running peak is updated when ``value >= peak``; non-positive peaks are skipped.
    """
    if not values:
        return _ZERO
    decs = [to_decimal(v) for v in values]
    high = decs[0]
    worst: Decimal | None = None
    for price in decs:
        if price >= high:
            high = price
        if high > 0:
            dd = DEC_CONTEXT.subtract(dec_div(price, high), _ONE)
            if worst is None or dd < worst:
                worst = dd
    return _ZERO if worst is None else round_decimal(abs(worst), places)


def drawdown_recovery_days(equity: Sequence[tuple[datetime, Number]]) -> int:
    """Longest peak-to-recovery time in whole days (truncated) over recovered drawdowns only.

    The peak is the last point that reached the running maximum before values fell below it;
    the recovery is the first later point back at or above that peak.
    """
    if not equity:
        return 0
    peak_time, peak = equity[0][0], to_decimal(equity[0][1])
    in_drawdown = False
    longest = 0
    for t, v in equity:
        value = to_decimal(v)
        if value >= peak:
            if in_drawdown:
                longest = max(longest, (t - peak_time).days)
                in_drawdown = False
            peak, peak_time = value, t
        else:
            in_drawdown = True
    return longest


def trade_statistics(trades: Sequence[TradeRecord], starting_value: Number) -> TradeStatistics:
    """Average win/loss (fractions of running capital), rates, profit-loss ratio and expectancy.

    Entries are walked in time order with ``capital`` starting at ``starting_value``; a trade is a
    win only if ``pnl > 0``.
    """
    ctx = DEC_CONTEXT
    capital = to_decimal(starting_value)
    total_profit = total_loss = _ZERO
    wins = losses = 0
    # a stable sort keeps records already in time order as they are: skip the sorted copy then
    ordered = trades if _in_time_order(trades) else sorted(trades, key=lambda tr: tr.time_utc)
    for trade in ordered:
        pnl = to_decimal(trade.pnl)
        fraction = dec_div(pnl, capital) if capital != 0 else _ZERO
        if pnl > 0:
            total_profit = ctx.add(total_profit, fraction)
            wins += 1
        else:
            total_loss = ctx.add(total_loss, fraction)
            losses += 1
        capital = ctx.add(capital, pnl)
    average_win = dec_div(total_profit, Decimal(wins)) if wins else _ZERO
    average_loss = dec_div(total_loss, Decimal(losses)) if losses else _ZERO
    ratio = _ZERO if average_loss == 0 else dec_div(average_win, abs(average_loss))
    count = len(trades)
    win_rate = dec_div(Decimal(wins), Decimal(count)) if count else _ZERO
    loss_rate = dec_div(Decimal(losses), Decimal(count)) if count else _ZERO
    expectancy = ctx.subtract(ctx.multiply(win_rate, ratio), loss_rate)
    return TradeStatistics(average_win, average_loss, ratio, win_rate, loss_rate, expectancy)


# --------------------------------------------------------------------------------------------
# the summary


def _average_rate(rate: RiskFreeRate, keys: Sequence[datetime]) -> Decimal:
    if callable(rate):
        if not keys:
            return _ZERO
        total = _ZERO
        for key in keys:
            total = DEC_CONTEXT.add(total, to_decimal(rate(key)))
        return dec_div(total, Decimal(len(keys)))
    return to_decimal(rate)


def _turnover(samples: Sequence[Number]) -> Decimal:
    if not samples:
        return _ZERO
    total = _ZERO
    for s in samples:
        total = DEC_CONTEXT.add(total, to_decimal(s))
    return dec_div(total, Decimal(len(samples)))


def _years(first: datetime, last: datetime) -> Decimal:
    total_days = (last - first).total_seconds() / 86400.0
    return dec_div(to_decimal(total_days), Decimal(365))


def compute_statistics(inp: StatisticsInput) -> dict[str, str]:
    """LEAN's summary statistics for one run: the :data:`SUMMARY_KEYS`, LEAN's exact strings.

    Follows LEAN's minimum-data rule: with a zero starting value or fewer than two daily
    returns/benchmark changes, only Start Equity, End Equity and Portfolio Turnover (plus the
    order/fee/capacity fields) are computed; every other statistic is 0.

    Raises :class:`ValueError` if ``daily_performance`` and ``benchmark`` have different numbers
    of points (LEAN throws in that case as well).
    """
    ctx = DEC_CONTEXT
    equity = _by_time(inp.equity)
    keys = [t for t, _ in equity]
    start = to_decimal(inp.starting_value)
    end = to_decimal(equity[-1][1]) if equity else _ZERO
    perf_points = _by_time(inp.daily_performance)
    bench_points = _by_time(inp.benchmark)
    if len(perf_points) != len(bench_points):
        raise ValueError(
            f"daily_performance has {len(perf_points)} points but benchmark has {len(bench_points)}; "
            "sample both at every daily sample"
        )
    r = performance_returns(perf_points)
    b = benchmark_changes(bench_points)
    symbol = inp.account_currency_symbol

    out: dict[str, str] = {key: "0" for key in SUMMARY_KEYS}
    for key in (
        "Average Win",
        "Average Loss",
        "Compounding Annual Return",
        "Drawdown",
        "Net Profit",
        "Probabilistic Sharpe Ratio",
        "Loss Rate",
        "Win Rate",
    ):
        out[key] = "0%"
    out["Total Orders"] = str(int(inp.total_orders))
    out["Start Equity"] = format_decimal(start, 2)
    out["End Equity"] = format_decimal(end, 2)
    out["Total Fees"] = format_money(inp.total_fees, symbol)
    out["Estimated Strategy Capacity"] = format_capacity(inp.capacity, symbol)
    out["Lowest Capacity Asset"] = inp.lowest_capacity_asset
    out["Portfolio Turnover"] = format_percent(_turnover(inp.portfolio_turnover_samples), 2)

    if start == 0 or len(r) < 2 or len(b) < 2:
        return out

    days = inp.trading_days_per_year
    trades = trade_statistics(inp.trades, start)
    out["Average Win"] = format_percent(trades.average_win, 2)
    out["Average Loss"] = format_percent(trades.average_loss, 2)
    out["Profit-Loss Ratio"] = format_decimal(trades.profit_loss_ratio, 2)
    out["Win Rate"] = format_percent(trades.win_rate, 0)
    out["Loss Rate"] = format_percent(trades.loss_rate, 0)
    out["Expectancy"] = format_decimal(trades.expectancy, 3)

    out["Net Profit"] = format_percent(ctx.subtract(dec_div(end, start), _ONE), 3)
    years = _years(keys[0], keys[-1]) if keys else _ZERO
    out["Compounding Annual Return"] = format_percent(compounding_annual_return(start, end, years), 3)
    out["Drawdown"] = format_percent(drawdown_fraction([v for _, v in equity], 3), 3)
    out["Drawdown Recovery"] = str(drawdown_recovery_days(equity))

    rf = _average_rate(inp.risk_free_rate, keys)
    ann_var = safe_decimal(annual_variance(r, days))
    ann_std = to_decimal(math.sqrt(float(ann_var)))
    ann_perf = safe_decimal(annual_performance(r, days))
    bench_perf = safe_decimal(annual_performance(b, days))
    excess = ctx.subtract(ann_perf, rf)
    sharpe = _ZERO if ann_std == 0 else dec_div(excess, ann_std)
    downside = safe_decimal(annual_downside_deviation(r, days))
    sortino = _ZERO if downside == 0 else dec_div(excess, downside)

    bench_var = ss.variance(b)
    beta = _ZERO if math.isnan(bench_var) or bench_var == 0 else safe_decimal(ss.covariance(r, b) / bench_var)
    alpha = (
        _ZERO
        if beta == 0
        else ctx.subtract(ann_perf, ctx.add(rf, ctx.multiply(beta, ctx.subtract(bench_perf, rf))))
    )
    te = safe_decimal(tracking_error(r, b, days))
    info = _ZERO if te == 0 else safe_decimal((float(ann_perf) - float(bench_perf)) / float(te))
    treynor = _ZERO if beta == 0 else dec_div(excess, beta)
    psr = safe_decimal(probabilistic_sharpe_ratio(r, 1.0 / math.sqrt(days), float(rf), days))

    out["Sharpe Ratio"] = format_double(float(sharpe), 3)
    out["Sortino Ratio"] = format_double(float(sortino), 3)
    out["Probabilistic Sharpe Ratio"] = format_percent(psr, 3)
    out["Alpha"] = format_double(float(alpha), 3)
    out["Beta"] = format_double(float(beta), 3)
    out["Annual Standard Deviation"] = format_double(float(ann_std), 3)
    out["Annual Variance"] = format_double(float(ann_var), 3)
    out["Information Ratio"] = format_double(float(info), 3)
    out["Tracking Error"] = format_double(float(te), 3)
    out["Treynor Ratio"] = format_double(float(treynor), 3)
    return out
