"""Probe: ES chain + continuous contract warmed up over a 28-hour time span instead of one daily bar."""
# ruff: noqa: F405

from AlgorithmImports import *  # noqa: F403


class WarmupFutureTimeSpanWarmupRegressionAlgorithm(QCAlgorithm):
    """Warm-up minute data covers every regular-hours minute of 2013-10-07; one contract bought after."""

    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 10)
        self._sp500 = Symbol.create(Futures.Indices.SP500EMini, SecurityType.FUTURE, Market.CME)
        future = self.add_future(Futures.Indices.SP500EMini)
        future.set_filter(timedelta(0), timedelta(182))
        self.set_warm_up(timedelta(hours=24 + 4))
        self._continuous_times = []
        self._chain_times = []

    def on_data(self, slice):
        if self.is_warming_up and slice.contains_key(self._sp500):
            if self.securities[self._sp500].ask_price == 0:
                raise AssertionError("Continuous contract price is not set")
            self._continuous_times.append(self.time)
        for chain in slice.futures_chains.values():
            candidates = sorted(
                (c for c in chain if c.expiry > datetime.combine(self.time.date(), time()) + timedelta(90)),
                key=lambda c: c.expiry,
            )
            if not candidates:
                continue
            contract = candidates[0]
            if self.is_warming_up:
                if contract.ask_price == 0:
                    raise AssertionError("Contract price is not set")
                self._chain_times.append(self.time)
            elif not self.portfolio.invested and self.is_market_open(contract.symbol):
                self.market_order(contract.symbol, 1)

    def on_end_of_algorithm(self):
        for name, times in (("chain", self._chain_times), ("continuous", self._continuous_times)):
            self._assert_times(name, datetime(2013, 10, 7), datetime(2013, 10, 8), times)

    def _assert_times(self, name, start, end, times):
        hours = self.securities[self._sp500].exchange.hours
        index = 0
        while start < end:
            if hours.is_open(start - timedelta(minutes=1), False):
                if index >= len(times) or times[index] != start:
                    got = times[index] if index < len(times) else None
                    raise AssertionError(f"{name}: unexpected warm-up time {got}, expected {start}")
                index += 1
            start += timedelta(minutes=1)
