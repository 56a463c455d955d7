"""History requests through the algorithm API on LEAN's sample data."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

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
    """The chain files known at the start (each one day after its date, UTC) are the last three
    collections; each equals what the chain provider gives at the collection's end time."""
    run = run_backtest(UniverseHistoryAlgorithm, lean_data)
    algo = run.algorithm
    assert algo.flat.index.names == ["time", "symbol"]
    assert list(algo.flat.index.levels[0]) == [datetime(2013, 10, d, 20) for d in (8, 9, 10)]
    for day, expected in algo.provider.items():
        assert list(algo.flat.loc[day].index) == expected and len(expected) == 5
    assert {"open", "close", "volume", "openinterest"} <= set(algo.flat.columns)
    rows = algo.series.iloc[-1]
    assert rows[0].open_interest == 2678669 and rows[0].symbol.value == "ESZ13"
    assert run.engine.history_data_points == 3 + 3 + 3  # two requests of 3 collections, 3 provider calls
