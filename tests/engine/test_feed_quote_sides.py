"""LEAN's QuoteBarFillForwardEnumerator: an empty quote side takes the previous bar's side."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from keel.data.lean.reader import QUOTE_COLUMNS, ColumnarData
from keel.data.market_hours.database import MarketHoursDatabase
from keel.engine.clock import converter
from keel.engine.feed import SubscriptionStream, _fill_quote_sides
from keel.engine.subscriptions import SubscriptionDataConfig
from keel.model.bars import QuoteBar
from keel.model.enums import Resolution, SecurityType, TickType
from keel.model.symbol import Symbol

ES_DEC13 = Symbol.create_future("ES", "cme", date(2013, 12, 20), date(2013, 12, 1))
NAN = float("nan")
NY = converter("America/New_York")
MINUTE_NS = 60_000_000_000


def _rows(rows: list[tuple[float, ...]], first_end: datetime) -> ColumnarData:
    """Consecutive minute quote rows ending at ``first_end`` (New York time) and after."""
    end0 = NY.local_to_utc_ns(first_end)
    ends = np.array([end0 + i * MINUTE_NS for i in range(len(rows))], dtype=np.int64)
    table = np.array(rows, dtype=np.float64).reshape(len(rows), len(QUOTE_COLUMNS))
    return ColumnarData(ends - MINUTE_NS, ends, {name: table[:, k].copy() for k, name in enumerate(QUOTE_COLUMNS)})


class _Source:
    """A data source answering every read with fixed rows (filtered to the window asked)."""

    def __init__(self, data: ColumnarData) -> None:
        self.data = data

    def read(self, symbol: Any, resolution: Any, tick_type: Any, tz: Any, start_ns: int, end_ns: int) -> ColumnarData:
        keep = (self.data.end_utc_ns > start_ns) & (self.data.end_utc_ns <= end_ns)
        return ColumnarData(
            self.data.start_utc_ns[keep], self.data.end_utc_ns[keep], {k: v[keep] for k, v in self.data.columns.items()}
        )


def _config(folder: Path, fill_forward: bool) -> SubscriptionDataConfig:
    entry = MarketHoursDatabase.from_data_folder(folder).get_entry("cme", "ES", SecurityType.FUTURE)
    return SubscriptionDataConfig(
        ES_DEC13,
        TickType.QUOTE,
        Resolution.MINUTE,
        entry.exchange_hours,
        "America/New_York",
        entry.data_time_zone,
        False,
        fill_forward,
    )


BOTH = (10.0, 11.0, 9.0, 10.5, 3.0, 11.0, 12.0, 10.0, 11.5, 4.0)
NO_ASK = (10.25, 10.5, 10.0, 10.25, 2.0, NAN, NAN, NAN, NAN, 0.0)
NO_BID = (NAN, NAN, NAN, NAN, 0.0, 11.75, 11.75, 11.5, 11.5, 5.0)


def test_empty_side_takes_the_previous_bars_side() -> None:
    data = _rows([BOTH, NO_ASK, NO_BID], datetime(2013, 10, 8, 10, 1))
    original = {k: v.copy() for k, v in data.columns.items()}
    previous: dict[str, tuple[float, ...]] = {}
    filled = _fill_quote_sides(data, previous)
    # the second bar's ask is the first bar's ask (open, high, low, close), its size stays 0
    assert [filled.columns[f"ask_{f}"][1] for f in ("open", "high", "low", "close")] == [11.0, 12.0, 10.0, 11.5]
    assert filled.columns["ask_size"][1] == 0.0
    # the third bar's bid is the second bar's bid
    assert [filled.columns[f"bid_{f}"][2] for f in ("open", "high", "low", "close")] == [10.25, 10.5, 10.0, 10.25]
    # the (cached) input arrays are untouched
    for name, values in original.items():
        np.testing.assert_array_equal(data.columns[name], values)
    assert previous == {"bid": (10.25, 10.5, 10.0, 10.25), "ask": (11.75, 11.75, 11.5, 11.5)}


def test_sides_carry_over_to_the_next_read() -> None:
    previous = {"bid": (1.0, 2.0, 0.5, 1.5), "ask": (2.0, 3.0, 1.5, 2.5)}
    filled = _fill_quote_sides(_rows([NO_BID], datetime(2013, 10, 8, 10, 1)), previous)
    assert filled.columns["bid_close"][0] == 1.5
    assert filled.columns["ask_close"][0] == 11.5


def test_first_bar_without_a_side_stays_empty() -> None:
    filled = _fill_quote_sides(_rows([NO_ASK, BOTH], datetime(2013, 10, 8, 10, 1)), {})
    assert np.isnan(filled.columns["ask_close"][0])


def test_stream_emits_quote_bars_with_both_sides_when_filling_forward(lean_data: Path) -> None:
    data = _rows([BOTH, NO_ASK, NO_BID], datetime(2013, 10, 8, 10, 1))
    start = NY.local_to_utc_ns(datetime(2013, 10, 8, 10, 0))
    end = NY.local_to_utc_ns(datetime(2013, 10, 8, 10, 3))
    _, points = SubscriptionStream(_config(lean_data, True), _Source(data)).points(start, end)
    bars = [p for p in points if isinstance(p, QuoteBar)]
    assert len(bars) == 3
    assert bars[1].ask is not None and bars[1].ask.close == 11.5
    assert bars[2].bid is not None and bars[2].bid.close == 10.25
    assert bars[1].close == (10.25 + 11.5) / 2  # the mid of both sides sets the price


def test_stream_without_fill_forward_keeps_the_empty_side(lean_data: Path) -> None:
    data = _rows([BOTH, NO_ASK], datetime(2013, 10, 8, 10, 1))
    start = NY.local_to_utc_ns(datetime(2013, 10, 8, 10, 0))
    end = NY.local_to_utc_ns(datetime(2013, 10, 8, 10, 2))
    _, points = SubscriptionStream(_config(lean_data, False), _Source(data)).points(start, end)
    assert points[1].ask is None
