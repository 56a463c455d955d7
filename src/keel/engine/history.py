"""History requests: past bars of subscribed (or new) symbols as pandas DataFrames.

LEAN's Python ``History`` returns a frame indexed by ``(symbol, time)`` (``time`` = bar end)
with ``open high low close volume`` for trade bars and ``bidopen ... asksize`` for quote bars.
Requests run the same stream machinery as the feed (hours filter, fill-forward, continuous
adjustment) on a private copy of the subscription, so they never disturb the live feed.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from keel.engine.clock import NS_PER_DAY, converter, utc_datetime_to_ns
from keel.engine.feed import SubscriptionStream
from keel.engine.subscriptions import RESOLUTION_NS, SubscriptionDataConfig
from keel.model.bars import QuoteBar, TradeBar
from keel.model.enums import Resolution, TickType
from keel.model.symbol import Symbol

MAX_LOOKBACK_DAYS = 3650


class HistoryProvider:
    """Answers ``algorithm.history(...)`` from the engine's data source and subscriptions."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine

    # ------------------------------------------------------------------------------------
    def request(self, *args: Any, **kwargs: Any) -> Any:
        """Parse LEAN's overloads and return a DataFrame (empty when there is no data)."""
        import pandas as pd

        args_list = list(args)
        data_type: type | None = None
        if args_list and isinstance(args_list[0], type):
            data_type = args_list.pop(0)
        if not args_list:
            raise ValueError("history needs a symbol (or list of symbols) and a period")
        symbols = self._symbols(args_list.pop(0))
        resolution = kwargs.get("resolution")
        periods: int | None = None
        start: datetime | None = None
        end: datetime | None = None
        if args_list and isinstance(args_list[0], int) and not isinstance(args_list[0], bool):
            periods = args_list.pop(0)
        elif args_list and isinstance(args_list[0], timedelta):
            end = self.engine.algorithm.time
            start = end - args_list.pop(0)
        elif len(args_list) >= 2 and isinstance(args_list[0], datetime):
            start, end = args_list.pop(0), args_list.pop(0)
        else:
            raise ValueError("history(symbol, periods | timedelta | start, end [, resolution])")
        if args_list:
            resolution = args_list.pop(0)
        frames = []
        for symbol in symbols:
            for config in self._configs(symbol, resolution, data_type):
                points = self._points(config, periods, start, end)
                self.engine.history_data_points += len(points)
                if points:
                    frames.append(_frame(symbol, points))
        if not frames:
            return pd.DataFrame()
        merged = pd.concat(frames, axis=0)
        merged = merged.groupby(level=[0, 1]).first() if len(frames) > 1 else merged
        return merged.sort_index()

    def _symbols(self, value: Any) -> list[Symbol]:
        algo = self.engine.algorithm
        if isinstance(value, (list, tuple, set)) or (
            isinstance(value, Iterable) and not isinstance(value, (str, Symbol))
        ):
            return [algo.symbol(v) for v in value]
        return [algo.symbol(value)]

    def _configs(self, symbol: Symbol, resolution: Any, data_type: type | None) -> list[SubscriptionDataConfig]:
        existing = [c for c in self.engine.configs.get(symbol, []) if c.tick_type != TickType.OPEN_INTEREST]
        if not existing:
            raise KeyError(f"history for {symbol} needs the security to be added first (add_future/add_equity)")
        configs = []
        for config in existing:
            if data_type is TradeBar and config.tick_type != TickType.TRADE:
                continue
            if data_type is QuoteBar and config.tick_type != TickType.QUOTE:
                continue
            clone = copy.copy(config)
            clone.consolidators = []
            if resolution is not None:
                clone.resolution = Resolution(resolution)
            configs.append(clone)
        return configs

    def _points(
        self, config: SubscriptionDataConfig, periods: int | None, start: datetime | None, end: datetime | None
    ) -> list[Any]:
        algo = self.engine.algorithm
        conv = converter(algo.time_zone)
        now_ns = utc_datetime_to_ns(algo.utc_time)
        if periods is None:
            assert start is not None and end is not None
            stream = SubscriptionStream(config, self.engine.source)
            _, points = stream.points(conv.local_to_utc_ns(start), min(conv.local_to_utc_ns(end), now_ns))
            return points
        if periods <= 0:
            return []
        step = max(RESOLUTION_NS[config.resolution], 60_000_000_000)
        lookback = max(NS_PER_DAY, periods * step * 3)
        while True:
            stream = SubscriptionStream(config, self.engine.source)
            _, points = stream.points(now_ns - lookback, now_ns)
            if len(points) >= periods or lookback >= MAX_LOOKBACK_DAYS * NS_PER_DAY:
                return points[-periods:]
            lookback *= 4


def _frame(symbol: Symbol, points: list[Any]) -> Any:
    import pandas as pd

    rows = []
    for point in points:
        if isinstance(point, TradeBar):
            rows.append(
                {
                    "time": point.end_time,
                    "open": point.open,
                    "high": point.high,
                    "low": point.low,
                    "close": point.close,
                    "volume": point.volume,
                }
            )
        elif isinstance(point, QuoteBar):
            row: dict[str, Any] = {"time": point.end_time}
            for side, bar, size in (("bid", point.bid, point.last_bid_size), ("ask", point.ask, point.last_ask_size)):
                if bar is not None:
                    row.update(
                        {
                            f"{side}open": bar.open,
                            f"{side}high": bar.high,
                            f"{side}low": bar.low,
                            f"{side}close": bar.close,
                            f"{side}size": size,
                        }
                    )
            rows.append(row)
    frame = pd.DataFrame(rows)
    frame.insert(0, "symbol", symbol)
    return frame.set_index(["symbol", "time"])
