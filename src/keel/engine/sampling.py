"""Result sampling: the equity, return, benchmark and turnover series LEAN's statistics use.

LEAN samples once per calendar midnight (algorithm time zone) plus intraday equity points
every ``max(4 min, (end - start) / 4000)``, and one final point after the last slice; see
``docs/statistics.md`` in the repository for the exact rules this follows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from keel.engine.clock import NS_PER_MINUTE, converter, ns_to_utc_datetime


def smart_round(value: float) -> float:
    """LEAN's ``SmartRounding``, which every chart point (``ChartPoint``, ``Candlestick``) applies.

    Values above 1000 keep 4 decimals, all others (negative values included) 7 significant
    digits, both with banker's rounding on the decimal value. The statistics read these rounded
    chart points, so the daily returns (percent), benchmark values, equity closes and turnover
    samples are all rounded this way before any statistic is computed. (The order JSON's
    decimal form is :func:`keel.engine.lean_order_json.smart_rounding`.)
    """
    d = Decimal(repr(float(value)))
    if not d.is_finite() or d.is_zero():
        return float(value)
    if d > 1000:
        return float(d.quantize(Decimal("0.0001"), rounding=ROUND_HALF_EVEN))
    return float(d.quantize(Decimal(1).scaleb(d.adjusted() - 6), rounding=ROUND_HALF_EVEN))


class ResultSampler:
    """Collects the series for statistics and charts as the engine advances."""

    def __init__(
        self,
        time_zone: str,
        start_local: datetime,
        end_local: datetime,
        portfolio_value: Callable[[], float],
        sale_volume: Callable[[], float],
        benchmark_value: Callable[[], float],
    ) -> None:
        self.conv = converter(time_zone)
        self.portfolio_value = portfolio_value
        self.sale_volume = sale_volume
        self.benchmark_value = benchmark_value
        self.equity: list[tuple[datetime, float]] = []
        self.daily_performance: list[tuple[datetime, float]] = []
        self.benchmark: list[tuple[datetime, float]] = []
        self.turnover: list[float] = []
        self.drawdown: list[tuple[datetime, float]] = []
        span = end_local - start_local
        self.resample_ns = max(4 * NS_PER_MINUTE, int(span.total_seconds() * 1e9 / 4000))
        self.next_daily_ns = self.conv.local_to_utc_ns(start_local)
        self.next_intraday_ns = self.next_daily_ns
        self.previous_daily_value: float | None = None
        # LEAN's rolling window of the last two sampled sale volumes (most recent first)
        self._sale_volumes: tuple[float, float] = (0.0, 0.0)
        self._last_turnover_ns: int | None = None
        self._daily_count = 0
        self._next_local_midnight = datetime(start_local.year, start_local.month, start_local.day)

    def reset_start(self, start_value: float) -> None:
        """Set the value the first daily return is measured against (after warm-up)."""
        self.previous_daily_value = start_value

    def next_daily(self) -> int:
        """UTC ns of the next daily sample."""
        return self.next_daily_ns

    def _sample(self, at_ns: int) -> float:
        """One point of every series (equity, daily return, benchmark, turnover); returns the value."""
        value = self.portfolio_value()
        key = ns_to_utc_datetime(at_ns)
        previous = self.previous_daily_value if self.previous_daily_value is not None else value
        # LEAN's result handler adds a chart point only when it is later than the series' last point
        # (turnover excepted): a second sample at the same time (the final sample on the slice of the
        # last daily sample) keeps the first sample's equity, return and benchmark
        if not self.equity or key > self.equity[-1][0]:
            self.equity.append((key, smart_round(value)))
        if not self.daily_performance or key > self.daily_performance[-1][0]:
            performance = round((value - previous) * 100 / previous, 10) if previous else 0.0
            self.daily_performance.append((key, smart_round(performance)))
            self.benchmark.append((key, smart_round(self.benchmark_value())))
        if self._daily_count > 0 and value:
            self._sample_turnover(at_ns, float(self.sale_volume()), value)
        return value

    def _sample_turnover(self, at_ns: int, volume: float, value: float) -> None:
        """LEAN's ``SamplePortfolioTurnover``: sale volume since the previous sample over the value.

        A second sample at the same time (the final sample landing on the last daily sample)
        replaces the first, measured from the volume *before* the first one, as LEAN's chart keeps
        one point per time and its rolling window of volumes looks back two samples.
        """
        if at_ns == self._last_turnover_ns and self.turnover:
            self.turnover[-1] = smart_round((volume - self._sale_volumes[1]) / value)
        else:
            self.turnover.append(smart_round((volume - self._sale_volumes[0]) / value))
        self._sale_volumes = (volume, self._sale_volumes[0])
        self._last_turnover_ns = at_ns

    def sample_daily(self, at_ns: int) -> None:
        """Take the daily sample scheduled at ``at_ns`` (a calendar midnight)."""
        self.previous_daily_value = self._sample(at_ns)
        self._daily_count += 1
        self._next_local_midnight += timedelta(days=1)
        self.next_daily_ns = self.conv.local_to_utc_ns(self._next_local_midnight)

    def sample_intraday(self, at_ns: int) -> None:
        """Take an intraday equity sample once the time is past the due time (LEAN: ``time > next``)."""
        if at_ns <= self.next_intraday_ns:
            return
        key = ns_to_utc_datetime(at_ns)
        if not self.equity or key > self.equity[-1][0]:
            self.equity.append((key, smart_round(self.portfolio_value())))
        self.next_intraday_ns = at_ns + self.resample_ns

    def sample_final(self, at_ns: int) -> None:
        """The last sample after the final slice (all series, as LEAN's final sample)."""
        self._sample(at_ns)


__all__ = ["ResultSampler", "smart_round"]
