"""Tick-resolution futures on LEAN's GC tick sample: which ticks make time slices.

LEAN rules (C#): ``SubscriptionFilterEnumerator.MoveNext`` drops every non-auxiliary point, ticks
of every tick type included, outside the exchange's regular hours when extended market hours are
off (``IsOpenDuringBar``); open interest subscribed by default is an internal feed (``DataManager``),
so its in-hours ticks update the security but reach no slice; every distinct tick time is one time
slice, shared by the ticks of all subscriptions stamped at that time (``SubscriptionSynchronizer``).

The sample lacks GC's tick quote files (``20131007..09_quote.zip``, see lean-data-format.md), which
is why OpenInterestFuturesRegressionAlgorithm cannot match here: its first in-hours slice in LEAN
holds both selected contracts (4 orders), which only same-millisecond quote ticks can give. The
quote test below therefore writes a small quote zip of its own beside links to the real files.
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import run_backtest
from keel.model.enums import Resolution, TickType
from keel.model.symbol import Symbol

GC_DEC13 = Symbol.create_future("GC", "comex", date(2013, 12, 27), date(2013, 12, 1))
GC_FEB14 = Symbol.create_future("GC", "comex", date(2014, 2, 26), date(2014, 2, 1))


class GoldTickAlgorithm(QCAlgorithm):  # noqa: F405
    """GCZ13 and GCG14 at tick resolution on 2013-10-08, regular hours only; records every slice."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 8)
        self.set_benchmark(lambda _: 1.0)
        for symbol in (GC_DEC13, GC_FEB14):
            self.add_future_contract(symbol, Resolution.TICK)
        self.slices: list[tuple[datetime, set[str], list[TickType]]] = []

    def on_data(self, slice) -> None:
        types = [t.tick_type for ticks in slice.ticks.values() for t in ticks]
        self.slices.append((self.time, {str(s) for s in slice.Keys}, types))


def _gc_tick_files(lean_data: Path) -> Path:
    folder = lean_data / "future" / "comex" / "tick" / "gc"
    if not (folder / "20131008_trade.zip").is_file():
        pytest.skip("GC tick sample not present")
    return folder


def test_open_interest_ticks_make_no_slice_and_none_before_the_open(lean_data: Path) -> None:
    _gc_tick_files(lean_data)
    run = run_backtest(GoldTickAlgorithm, lean_data)
    slices = run.algorithm.slices
    assert slices
    first_time, first_keys, _ = slices[0]
    # premarket trade ticks (GCG14 trades from 03:16 ET) are dropped: the first slice is GCZ13's
    # first regular-hours trade, 2013-10-08 13:30:00.023 UTC
    assert first_time == datetime(2013, 10, 8, 9, 30, 0, 23000)
    assert first_keys == {"GCZ13"}
    # open interest ticks: 02:07:58 and 07:52:53 ET (premarket, filtered) and 09:53:10.090/.095 ET
    # (in hours, but an internal feed): no slice at those times, no open-interest tick in any slice
    times = {t for t, _, _ in slices}
    assert datetime(2013, 10, 8, 9, 53, 10, 90000) not in times
    assert datetime(2013, 10, 8, 9, 53, 10, 95000) not in times
    assert all(tick_type == TickType.TRADE for _, _, types in slices for tick_type in types)
    # ...but they are counted as data points, as LEAN's TimeSlice counts internal packets
    assert run.engine.data_points > sum(len(types) for _, _, types in slices)


def test_same_millisecond_quote_ticks_of_two_contracts_share_one_slice(lean_data: Path, tmp_path: Path) -> None:
    source = _gc_tick_files(lean_data)
    data = tmp_path / "data"
    data.mkdir()
    for entry in lean_data.iterdir():
        if entry.name != "future":
            (data / entry.name).symlink_to(entry)
    (data / "future").mkdir()
    for entry in (lean_data / "future").iterdir():
        if entry.name != "comex":
            (data / "future" / entry.name).symlink_to(entry)
    (data / "future" / "comex").mkdir()
    for entry in (lean_data / "future" / "comex").iterdir():
        if entry.name != "tick":
            (data / "future" / "comex" / entry.name).symlink_to(entry)
    gc = data / "future" / "comex" / "tick" / "gc"
    gc.mkdir(parents=True)
    for entry in source.iterdir():
        (gc / entry.name).symlink_to(entry)
    # ms since midnight UTC, bid, bid size, ask, ask size, exchange, suspicious; 48600000 = 09:30 ET,
    # 47000000 (08:03 ET) is premarket and dropped
    with zipfile.ZipFile(gc / "20131008_quote.zip", "w") as archive:
        archive.writestr(
            "20131008_gc_tick_quote_201312.csv", "47000000,1323.5,1,1323.6,1,usa,0\n48600000,1323.6,5,1323.7,4,usa,0\n"
        )
        archive.writestr("20131008_gc_tick_quote_201402.csv", "48600000,1324.0,1,1324.3,1,usa,0\n")
    run = run_backtest(GoldTickAlgorithm, data)
    first_time, first_keys, first_types = run.algorithm.slices[0]
    assert first_time == datetime(2013, 10, 8, 9, 30)
    assert first_keys == {"GCZ13", "GCG14"}
    assert first_types == [TickType.QUOTE, TickType.QUOTE]
    assert run.algorithm.slices[1][0] == datetime(2013, 10, 8, 9, 30, 0, 23000)
