"""History requests through the algorithm API on LEAN's sample data."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import run_backtest


class HistoryAlgorithm(QCAlgorithm):  # noqa: F405
    def initialize(self) -> None:
        self.set_start_date(2013, 10, 9)
        self.set_end_date(2013, 10, 9)
        self.future = self.add_future(Futures.Indices.SP500EMini)  # noqa: F405
        self.frames: dict[str, object] = {}
        self.ema = ExponentialMovingAverage(5)  # noqa: F405

    def on_data(self, slice) -> None:
        if self.frames:
            return
        self.frames["ten"] = self.history(self.future.symbol, 10, Resolution.MINUTE)  # noqa: F405
        self.frames["trade"] = self.history(TradeBar, self.future.symbol, 10, Resolution.MINUTE)  # noqa: F405
        self.frames["span"] = self.history(self.future.symbol, timedelta(hours=2))
        self.frames["range"] = self.history(
            self.future.symbol,
            datetime(2013, 10, 8, 10),
            datetime(2013, 10, 8, 11),
            Resolution.MINUTE,  # noqa: F405
        )
        self.warm_up_indicator(self.future.symbol, self.ema)


def test_history_frames(lean_data: Path) -> None:
    run = run_backtest(HistoryAlgorithm, lean_data)
    frames = run.algorithm.frames
    ten = frames["ten"]
    assert len(ten) == 10
    assert {"close", "askclose", "bidclose"} <= set(ten.columns)
    times = list(ten.index.get_level_values("time"))
    assert times == sorted(times) and times[-1] <= run.algorithm.time
    assert list(frames["trade"].columns) == ["open", "high", "low", "close", "volume"]
    span_times = frames["span"].index.get_level_values("time")
    assert (span_times.max() - span_times.min()) <= timedelta(hours=2)
    range_times = frames["range"].index.get_level_values("time")
    assert range_times.min() > datetime(2013, 10, 8, 10) and range_times.max() <= datetime(2013, 10, 8, 11)
    assert len(frames["range"]) == 60
    assert run.algorithm.ema.is_ready
    assert run.engine.history_data_points > 0


class ContinuousHistoryAlgorithm(QCAlgorithm):  # noqa: F405
    def initialize(self) -> None:
        self.set_start_date(2013, 12, 23)
        self.set_end_date(2013, 12, 23)
        self.es = self.add_future(Futures.Indices.SP500EMini, Resolution.DAILY).symbol  # noqa: F405
        self.frames: dict[object, object] = {}
        start, end = datetime(2013, 10, 6), datetime(2013, 12, 22)
        for mode in DataMappingMode:  # noqa: F405
            self.frames[mode] = self.history([self.es], start, end, Resolution.DAILY, data_mapping_mode=mode)  # noqa: F405
        for depth in (1, 2):
            self.frames[f"depth{depth}"] = self.history(
                [self.es], start, end, Resolution.DAILY, contract_depth_offset=depth  # noqa: F405
            )
        self.frames["raw"] = self.history(
            self.es, start, end, Resolution.DAILY, dataNormalizationMode=DataNormalizationMode.RAW  # noqa: F405
        )


def test_continuous_history_follows_the_requested_mapping_depth_and_normalization(lean_data: Path) -> None:
    """Each mapping mode / depth rolls on its own dates and is adjusted with its own factors; futures
    frames carry LEAN's (expiry, symbol, time) index; every trading day has a (filled-forward) bar."""
    run = run_backtest(ContinuousHistoryAlgorithm, lean_data)
    frames = run.algorithm.frames
    closes = {key: frame.droplevel(0).loc[run.algorithm.es].close for key, frame in frames.items()}
    assert frames["raw"].index.names == ["expiry", "symbol", "time"]
    sizes = {len(c) for c in closes.values()}
    assert len(sizes) == 1 and sizes.pop() > 50
    keys = list(closes)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            assert (closes[a].to_numpy() != closes[b].to_numpy()).any(), (a, b)
    # raw prices of the front contract: the Dec-2013 close of 2013-10-08 in the daily file
    assert closes["raw"].iloc[1] in (1668.0, 1646.5, 1648.75)
    assert run.engine.history_data_points > 0


class UniverseHistoryAlgorithm(QCAlgorithm):  # noqa: F405
    def initialize(self) -> None:
        self.set_start_date(2013, 10, 11)
        self.set_end_date(2013, 10, 11)
        self.es = self.add_future(Futures.Indices.SP500EMini).symbol  # noqa: F405
        self.flat = self.history(FutureUniverse, self.es, 3, flatten=True)  # noqa: F405
        self.series = self.history(FutureUniverse, self.es, 3)  # noqa: F405
        self.provider = {
            day: self.future_chain_provider.get_future_contract_list(self.es, day) for day in self.flat.index.levels[0]
        }


def test_future_universe_history_matches_the_chain_provider(lean_data: Path) -> None:
    """The chain files known at the start (each at the midnight after its date, exchange time: LEAN
    reads chain universe data in the exchange zone) are the last three collections; each equals what
    the chain provider gives at the collection's end time."""
    run = run_backtest(UniverseHistoryAlgorithm, lean_data)
    algo = run.algorithm
    assert algo.flat.index.names == ["time", "symbol"]
    assert list(algo.flat.index.levels[0]) == [datetime(2013, 10, d) for d in (9, 10, 11)]
    for day, expected in algo.provider.items():
        assert list(algo.flat.loc[day].index) == expected and len(expected) == 5
    assert {"open", "close", "volume", "openinterest"} <= set(algo.flat.columns)
    rows = algo.series.iloc[-1]
    assert rows[0].open_interest == 2678669 and rows[0].symbol.value == "ESZ13"
    assert run.engine.history_data_points == 3 + 3 + 3  # two requests of 3 collections, 3 provider calls


def test_bar_count_window_counts_open_bars_back_from_now(lean_data: Path) -> None:
    """LEAN's GetStartTimeAlgoTz: N bars back over open exchange time, extended hours only below
    hour resolution; the round-down to the bar size happens in the data time zone (UTC for ES)."""
    from keel.engine.clock import converter, utc_datetime_to_ns
    from keel.engine.history import bar_count_start_ns
    from keel.model.enums import Resolution as KeelResolution

    ny = converter("America/New_York")
    now = utc_datetime_to_ns(datetime(2013, 10, 8, 4, 0))  # Tuesday 00:00 New York

    def start(resolution: Any, periods: int, extended: bool) -> datetime:
        return ny.to_local(bar_count_start_ns(_config(lean_data, resolution, extended), periods, now))

    # daily: the UTC midnight before now is Monday 20:00 NY; five regular sessions back (Mon, Fri..Tue)
    assert start(KeelResolution.DAILY, 5, True) == datetime(2013, 9, 30, 20, 0)
    # hourly: extended hours ignored, so the evening hours do not count: 16-17, ..., 12-13 on Monday
    assert start(KeelResolution.HOUR, 5, True) == datetime(2013, 10, 7, 12, 0)
    # minute with extended hours: the last five minutes of the Monday evening session
    assert start(KeelResolution.MINUTE, 5, True) == datetime(2013, 10, 7, 23, 55)
    # minute, regular hours only: the five minutes before Monday's 17:00 close
    assert start(KeelResolution.MINUTE, 5, False) == datetime(2013, 10, 7, 16, 55)


def _config(lean_data: Path, resolution: Any, extended: bool) -> Any:
    from keel.data.market_hours.database import MarketHoursDatabase as KeelMhdb
    from keel.engine.clock import zone_name
    from keel.engine.subscriptions import SubscriptionDataConfig
    from keel.model.enums import Resolution as KeelResolution
    from keel.model.enums import SecurityType as KeelSecurityType
    from keel.model.enums import TickType
    from keel.model.market import Market as KeelMarket
    from keel.model.symbol import Symbol as KeelSymbol

    mhdb = KeelMhdb.from_data_folder(lean_data)
    entry = mhdb.get_entry(KeelMarket.CME, "ES", KeelSecurityType.FUTURE)
    symbol = KeelSymbol.create_future("ES", KeelMarket.CME, datetime(2013, 12, 20))
    return SubscriptionDataConfig(
        symbol,
        TickType.TRADE,
        KeelResolution(resolution),
        entry.exchange_hours,
        zone_name(entry.exchange_hours.time_zone),
        entry.data_time_zone,
        extended,
        False,
    )


class InternalOnlyHistoryAlgorithm(QCAlgorithm):  # noqa: F405
    """Continuous ES at minute resolution with extended hours: its mapped contract has internal
    subscriptions only."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 8)
        self.future = self.add_future(
            Futures.Indices.SP500EMini, Resolution.MINUTE, extended_market_hours=True  # noqa: F405
        )
        self.frames: dict[str, Any] = {}

    def on_data(self, slice) -> None:
        if self.frames or self.future.mapped is None:
            return
        mapped = self.future.mapped
        self.frames["time"] = self.time
        self.frames["mapped"] = self.history(TradeBar, mapped, 5, Resolution.MINUTE)  # noqa: F405
        self.frames["canonical"] = self.history(TradeBar, self.future.symbol, 5, Resolution.MINUTE)  # noqa: F405
        self.frames["explicit"] = self.history(
            TradeBar, mapped, 5, Resolution.MINUTE, extended_market_hours=True  # noqa: F405
        )


def test_bar_count_window_of_internal_only_symbol_steps_back_over_regular_hours(lean_data: Path) -> None:
    """LEAN's GetStartTimeAlgoTz takes the extended-hours flag from the symbol's non-internal
    subscriptions (``GetSubscriptionDataConfigs(symbol)`` leaves internal ones out): the mapped
    contract's 5 minutes step back to Monday's 16:55 close, yet its request (an extended internal
    subscription) returns the evening session too; the canonical's and an explicit request's do not."""
    frames = run_backtest(InternalOnlyHistoryAlgorithm, lean_data).algorithm.frames
    assert frames["time"] == datetime(2013, 10, 8, 0, 0)
    mapped = frames["mapped"]
    assert mapped.index[0][-1] == datetime(2013, 10, 7, 16, 56)
    assert len(mapped) == 5 + 360  # 16:56..17:00, then the 18:00..24:00 evening session
    assert len(frames["canonical"]) == 5
    assert frames["explicit"].index[0][-1] == datetime(2013, 10, 7, 23, 56)
    assert len(frames["explicit"]) == 5
