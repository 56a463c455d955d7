"""LEAN's ``TimeSliceFactory``: data of internal subscriptions (the hourly benchmark feed, a
continuous future's mapped contract) updates the securities but never reaches the algorithm's
slices, and a time step carrying only internal data calls no ``on_data``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import run_backtest
from keel.model.enums import Resolution


class DailyEquityAlgorithm(QCAlgorithm):  # noqa: F405
    """SPY daily with the default (internal, hourly) SPY benchmark feed."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 9)
        self.add_equity("SPY", Resolution.DAILY)
        self.times: list[datetime] = []

    def on_data(self, slice) -> None:
        self.times.append(self.time)


def test_a_step_with_only_internal_benchmark_data_calls_no_on_data(lean_data: Path) -> None:
    run = run_backtest(DailyEquityAlgorithm, lean_data)
    times = run.algorithm.times
    assert times, "the daily bars reach on_data"
    # the hourly benchmark bars (10:00, 11:00, ...) update SPY's price but make no slice
    assert all(t.hour == 16 and t.minute == 0 for t in times), times


class ContinuousFutureAlgorithm(QCAlgorithm):  # noqa: F405
    """Continuous ES minute: the mapped contract is fed through internal subscriptions."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 8)
        self.set_benchmark(lambda _: 1.0)
        self.es = self.add_future(Futures.Indices.SP_500_E_MINI, Resolution.MINUTE)  # noqa: F405
        self.keys: set[str] = set()
        self.slices = 0
        self.mapped_price = 0.0

    def on_data(self, slice) -> None:
        self.slices += 1
        self.keys.update(str(s) for s in slice.Keys)
        mapped = self.es.mapped
        if mapped is not None and mapped in self.securities:
            self.mapped_price = self.securities[mapped].price


def test_a_continuous_futures_mapped_contract_is_not_in_the_slices(lean_data: Path) -> None:
    run = run_backtest(ContinuousFutureAlgorithm, lean_data)
    algo = run.algorithm
    assert algo.slices > 0
    assert algo.keys == {"/ES"}, algo.keys
    # the internal data still sets the mapped contract's price
    assert algo.mapped_price > 0


class RawSpyAlgorithm(QCAlgorithm):  # noqa: F405
    """SPY minute in Raw mode; the default benchmark is the same security."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 9)
        self.universe_settings.data_normalization_mode = DataNormalizationMode.RAW  # noqa: F405
        self.add_equity("SPY", Resolution.MINUTE)


def test_the_internal_benchmark_feed_is_adjusted_even_for_a_raw_security(lean_data: Path) -> None:
    # LEAN creates the hourly benchmark config with the default normalization (Adjusted); its bar
    # updates SPY after the user's raw minute bar of the same time, so the benchmark samples are the
    # adjusted closes: 10-07 close 167.42 x 0.8646266 = 144.7558 (raw would read 167.42)
    run = run_backtest(RawSpyAlgorithm, lean_data)
    values = [v for _, v in run.engine.sampler.benchmark]
    assert values[:2] == [144.7558, 143.0784], values


class HkdAccountAlgorithm(QCAlgorithm):  # noqa: F405
    """An HKD account with the default SPY benchmark and no USDHKD conversion data."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 9)
        self.set_account_currency("HKD")
        self.add_equity("SPY", Resolution.DAILY)


def test_a_benchmark_in_a_currency_without_conversion_data_is_flat_zero(lean_data: Path) -> None:
    # LEAN's SecurityBenchmark is price x conversion rate as it is: USD has rate 0 in an HKD account
    # without a USDHKD feed, so the benchmark is 0 throughout (Beta and Alpha come out 0, HSIFutureHour)
    run = run_backtest(HkdAccountAlgorithm, lean_data)
    assert run.algorithm.portfolio.cash_book["USD"].conversion_rate == 0
    values = [v for _, v in run.engine.sampler.benchmark]
    assert values and set(values) == {0.0}, values


class PreviouslyMappedContractAlgorithm(QCAlgorithm):  # noqa: F405
    """Continuous ES daily over the December 2013 roll: ESZ13 (mapped, fed internally, never
    subscribed by the algorithm) is delisted on 12-21."""

    def initialize(self) -> None:
        self.set_start_date(2013, 12, 16)
        self.set_end_date(2013, 12, 23)
        self.set_benchmark(lambda _: 1.0)
        self.add_future(Futures.Indices.SP_500_E_MINI, Resolution.DAILY)  # noqa: F405
        self.delisted: list[str] = []
        self.keys: set[str] = set()

    def on_data(self, slice) -> None:
        self.keys.update(str(s) for s in slice.Keys)
        self.delisted.extend(str(s) for s in slice.delistings.Keys)

    def on_delistings(self, delistings) -> None:
        self.delisted.extend(str(s) for s in delistings.Keys)


def test_an_internal_feeds_delisting_is_not_in_the_slice(lean_data: Path) -> None:
    # LEAN's TimeSliceFactory adds a Delisting to slice.Delistings only from a packet whose config is
    # not IsInternalFeed: the previously mapped contract's delisting never reaches the algorithm
    run = run_backtest(PreviouslyMappedContractAlgorithm, lean_data)
    algo = run.algorithm
    assert algo.delisted == []
    assert algo.keys == {"/ES"}, algo.keys
