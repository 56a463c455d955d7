"""History requests: past bars of subscribed (or new) symbols as pandas DataFrames.

LEAN's Python ``History`` returns a frame indexed by ``(symbol, time)`` (``time`` = bar end) with
``open high low close volume`` for trade bars and ``bidopen ... asksize`` for quote bars; when a
future is among the symbols the index gains LEAN's leading ``expiry`` level
(``(expiry, symbol, time)``, the canonical future's expiry being LEAN's default date 1899-12-30).
Requests run the same stream machinery as the feed (hours filter, fill-forward, continuous
adjustment) on a private copy of the subscription, so they never disturb the live feed. A
continuous future is mapped day by day, as in the feed, with the request's own mapping mode,
normalization mode and contract depth offset (``data_mapping_mode=``, ...). ``history(FutureUniverse,
...)`` returns chain universe rows (:mod:`keel.engine.universe_history`).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from keel.engine.clock import converter, utc_datetime_to_ns, zone_name
from keel.engine.feed import SubscriptionStream
from keel.engine.subscriptions import RESOLUTION_NS, SubscriptionDataConfig
from keel.model.bars import QuoteBar, TradeBar
from keel.model.enums import DataMappingMode, DataNormalizationMode, Resolution, SecurityType, TickType
from keel.model.symbol import Symbol

MAX_LOOKBACK_DAYS = 3650
# LEAN's SecurityIdentifier.DefaultDate: the expiry level of a canonical future's rows
DEFAULT_EXPIRY = datetime(1899, 12, 30)
_EPOCH = datetime(1970, 1, 1)

# LEAN's optional History arguments after the resolution, in positional order (Python API)
_OPTION_NAMES = (
    ("fill_forward", "fillForward"),
    ("extended_market_hours", "extendedMarketHours"),
    ("data_mapping_mode", "dataMappingMode"),
    ("data_normalization_mode", "dataNormalizationMode"),
    ("contract_depth_offset", "contractDepthOffset"),
)


@dataclass(frozen=True, slots=True)
class HistoryOptions:
    """The optional arguments of a history request (None = the subscription's own setting)."""

    fill_forward: bool | None = None
    extended_market_hours: bool | None = None
    data_mapping_mode: DataMappingMode | None = None
    data_normalization_mode: DataNormalizationMode | None = None
    contract_depth_offset: int | None = None
    flatten: bool = False

    @classmethod
    def parse(cls, positional: list[Any], kwargs: dict[str, Any]) -> HistoryOptions:
        """Options from the positional arguments after the resolution and snake/camelCase keywords."""
        values: dict[str, Any] = {}
        for (name, _lean_name), value in zip(_OPTION_NAMES, positional, strict=False):
            values[name] = value
        for name, lean_name in _OPTION_NAMES:
            for key in (name, lean_name):
                if kwargs.get(key) is not None:
                    values[name] = kwargs[key]
        if values.get("data_mapping_mode") is not None:
            values["data_mapping_mode"] = DataMappingMode(values["data_mapping_mode"])
        if values.get("data_normalization_mode") is not None:
            values["data_normalization_mode"] = DataNormalizationMode(values["data_normalization_mode"])
        if values.get("contract_depth_offset") is not None:
            values["contract_depth_offset"] = int(values["contract_depth_offset"])
        return cls(**values, flatten=bool(kwargs.get("flatten", False)))


class HistoryProvider:
    """Answers ``algorithm.history(...)`` from the engine's data source and subscriptions."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        # points of the last read that LEAN's history emits but Keel keeps no object for (see ``_read``)
        self.unread = 0

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
        elif len(args_list) >= 2 and isinstance(args_list[0], (datetime, date)):
            start, end = _as_datetime(args_list.pop(0)), _as_datetime(args_list.pop(0))
        else:
            raise ValueError("history(symbol, periods | timedelta | start, end [, resolution])")
        if args_list:
            resolution = args_list.pop(0)
        options = HistoryOptions.parse(args_list, kwargs)
        if getattr(data_type, "data_type_name", None) == "FutureUniverse":
            from keel.engine.universe_history import universe_history

            return universe_history(self.engine, symbols, periods, start, end, options.flatten)
        frames = []
        levels = 3 if any(s.security_type == SecurityType.FUTURE for s in symbols) else 2
        for symbol in symbols:
            for config in self._configs(symbol, resolution, data_type, options):
                points = self._count(self._points(config, periods, start, end, options.extended_market_hours))
                if points:
                    frames.append(_frame(symbol, points, levels))
        if not frames:
            return pd.DataFrame()
        merged = pd.concat(frames, axis=0)
        merged = merged.groupby(level=list(range(levels)), sort=False).first() if len(frames) > 1 else merged
        try:
            return merged.sort_index()
        except TypeError:  # an equity's empty expiry next to futures' expiries: keep the request order
            return merged

    def data_points(self, symbol: Symbol, periods: int, resolution: Any = None) -> list[Any]:
        """The data objects (trade bars, quote bars, ...) of a ``periods``-bar request for
        ``symbol`` over all its data types, in end-time order, counted as history points like
        :meth:`request` (LEAN's ``History(symbols, periods, resolution)`` slices, which
        ``WarmUpIndicator`` reads objects from)."""
        found: list[Any] = []
        for config in self._configs(symbol, resolution, None):
            found.extend(self._count(self._points(config, periods, None, None)))
        found.sort(key=lambda point: point.end_time)
        return found

    def _symbols(self, value: Any) -> list[Symbol]:
        algo = self.engine.algorithm
        if isinstance(value, (list, tuple, set)) or (
            isinstance(value, Iterable) and not isinstance(value, (str, Symbol))
        ):
            return [algo.symbol(v) for v in value]
        return [algo.symbol(value)]

    def _configs(
        self, symbol: Symbol, resolution: Any, data_type: type | None, options: HistoryOptions | None = None
    ) -> list[SubscriptionDataConfig]:
        existing = [c for c in self.engine.configs.get(symbol, []) if c.tick_type != TickType.OPEN_INTEREST]
        if not existing:
            existing = default_configs(self.engine, symbol, resolution)
        options = options or HistoryOptions()
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
            if options.fill_forward is not None:
                clone.fill_forward = bool(options.fill_forward)
            if options.extended_market_hours is not None:
                clone.extended_market_hours = bool(options.extended_market_hours)
            if clone.is_continuous:
                if options.data_mapping_mode is not None:
                    clone.data_mapping_mode = options.data_mapping_mode
                if options.data_normalization_mode is not None:
                    clone.data_normalization_mode = options.data_normalization_mode
                if options.contract_depth_offset is not None:
                    clone.contract_depth_offset = options.contract_depth_offset
            configs.append(clone)
        return configs

    def _points(
        self,
        config: SubscriptionDataConfig,
        periods: int | None,
        start: datetime | None,
        end: datetime | None,
        extended: bool | None = None,
    ) -> list[Any]:
        """Points of a bar-count (``periods``) or date-range request of ``config``; ``extended`` is the
        request's explicit ``extended_market_hours`` (None: the symbol's own subscriptions decide how
        a bar count steps back, see :func:`bar_count_extended`)."""
        self.unread = 0
        algo = self.engine.algorithm
        conv = converter(algo.time_zone)
        now_ns = utc_datetime_to_ns(algo.utc_time)
        if periods is None:
            assert start is not None and end is not None
            return self._read(config, conv.local_to_utc_ns(start), min(conv.local_to_utc_ns(end), now_ns))
        if periods <= 0:
            return []
        if extended is None:
            extended = bar_count_extended(self.engine, config.symbol)
        return self._read(config, bar_count_start_ns(config, periods, now_ns, extended), now_ns)

    def read(self, config: SubscriptionDataConfig, start_ns: int, end_ns: int) -> list[Any]:
        """Points of ``config`` in ``(start_ns, end_ns]`` (UTC ns), counted as history data points."""
        return self._count(self._read(config, start_ns, end_ns))

    def _count(self, points: list[Any], copies: int = 1) -> list[Any]:
        """Count ``points`` of the latest read, and the ``unread`` ones LEAN also emits, as history
        data points (``copies``: the request's LEAN subscription copies); return ``points``."""
        self.engine.history_data_points += (len(points) + self.unread) * copies
        return points

    def _read(self, config: SubscriptionDataConfig, start_ns: int, end_ns: int) -> list[Any]:
        """Points of ``config`` in ``(start_ns, end_ns]``; continuous futures mapped day by day.

        ``unread`` is set to the points LEAN's history emits that Keel keeps no object for: open
        interest outside market hours (LEAN reads open interest with always-open hours)."""
        if config.is_continuous:
            return self._read_continuous(config, start_ns, end_ns)
        stream = SubscriptionStream(config, self.engine.source)
        ends, points = stream.points(_fill_forward_read_start(stream, start_ns), end_ns)
        self.unread = stream.uncounted
        return _after(ends, points, start_ns)

    def _read_continuous(self, config: SubscriptionDataConfig, start_ns: int, end_ns: int) -> list[Any]:
        """A continuous future over a range: each algorithm-time-zone day reads the contract mapped
        that day (request's mapping mode and depth) with that day's price adjustment, as the feed does."""
        state = copy.copy(self.engine._chain_state(config.symbol))
        state.mapping_mode = config.data_mapping_mode
        state.normalization_mode = config.data_normalization_mode
        state.depth = config.contract_depth_offset
        conv = converter(self.engine.algorithm.time_zone)
        stream = SubscriptionStream(config, self.engine.source)
        points: list[Any] = []
        day = conv.to_local(start_ns).date()
        while True:
            window_start = conv.local_to_utc_ns(datetime(day.year, day.month, day.day))
            if window_start >= end_ns:
                break
            window_end = conv.local_to_utc_ns(datetime(day.year, day.month, day.day) + timedelta(days=1))
            mapped = state.mapped_on(day)
            if mapped is not None:
                if mapped != config.mapped:  # a roll (keep the object otherwise: the stream fills forward per source)
                    config.mapped = mapped
                config.price_scale, config.price_offset = state.price_adjustment(day)
                read_from = max(window_start, start_ns)
                if read_from == start_ns:
                    read_from = _fill_forward_read_start(stream, start_ns)
                ends, found = stream.points(read_from, min(window_end, end_ns))
                points.extend(_after(ends, found, start_ns))
            day += timedelta(days=1)
        self.unread = stream.uncounted
        return points


def _fill_forward_read_start(stream: SubscriptionStream, start_ns: int) -> int:
    """Where a filling-forward request starts reading: LEAN's reader also emits the bar ending
    exactly at the start (when its file is read), which fills forward into the window though the
    request's filter then drops it (see ``SubscriptionStream.first_read_start``)."""
    config = stream.config
    if not config.fill_forward or config.tick_type == TickType.OPEN_INTEREST:
        return start_ns
    return stream.first_read_start(start_ns)


def _after(ends: Any, points: list[Any], start_ns: int) -> list[Any]:
    """The points ending after ``start_ns`` (LEAN's history filter: ``EndTime > start``)."""
    if not points or int(ends[0]) > start_ns:
        return points
    return [p for p, end in zip(points, ends.tolist(), strict=True) if end > start_ns]


def bar_count_extended(engine: Any, symbol: Symbol) -> bool:
    """Whether a bar-count request for ``symbol`` without an explicit ``extended_market_hours``
    steps back over extended hours: LEAN's ``GetStartTimeAlgoTz`` asks
    ``SubscriptionDataConfigService.GetSubscriptionDataConfigs(symbol)``, which leaves internal
    subscriptions out, and takes ``IsExtendedMarketHours()`` (any of them extended). A symbol with
    internal subscriptions only (a continuous future's mapped contract) or none at all steps back
    over regular hours, though its request still returns the extended-hours data of that window
    (``IncludeExtendedMarketHours`` comes from the subscription)."""
    return any(c.extended_market_hours for c in engine.configs.get(symbol, ()) if not c.is_internal)


def bar_count_start_ns(
    config: SubscriptionDataConfig, periods: int, now_ns: int, extended: bool | None = None
) -> int:
    """Start (UTC ns) of a request for ``periods`` bars of ``config`` ending now: LEAN's
    ``HistoryRequestFactory.GetStartTimeAlgoTz`` / ``Time.GetStartTimeForTradeBars``.

    From now, rounded down to the bar size in the data time zone, step back one bar at a time and
    count the steps during which the exchange is open (extended hours only below hour resolution,
    when ``extended``, by default the subscription's own flag, says so; see
    :func:`bar_count_extended`) until ``periods`` are counted. A bar-count request returns every
    point of that window, however many there are (no data in it: none).
    """
    hours = config.exchange_hours
    exchange = converter(config.exchange_time_zone)
    data = converter(config.data_time_zone)
    bar_ns = max(RESOLUTION_NS[config.resolution], 1_000_000_000)
    bar_us = bar_ns // 1000
    bar = timedelta(microseconds=bar_us)
    if extended is None:
        extended = config.extended_market_hours
    extended = bool(extended) and config.resolution < Resolution.HOUR
    data_local_us = (data.to_local(now_ns) - _EPOCH) // timedelta(microseconds=1)
    rounded = _EPOCH + timedelta(microseconds=data_local_us - data_local_us % bar_us)
    current = exchange.to_local(data.local_to_utc_ns(rounded))
    counted = 0
    floor = current - timedelta(days=MAX_LOOKBACK_DAYS)
    while counted < periods and current > floor:
        previous = current
        current = current - bar
        if hours.is_open(current, previous, extended):
            counted += 1
    return exchange.local_to_utc_ns(current)


def default_configs(engine: Any, symbol: Symbol, resolution: Any = None) -> list[SubscriptionDataConfig]:
    """Subscriptions for a symbol the algorithm has not added (LEAN serves history for any symbol):
    its usual data types at ``resolution`` (the universe settings' by default), from the market-hours
    database, with the universe settings' fill-forward and extended-hours choices."""
    algo = engine.algorithm
    settings = algo.universe_settings
    sid = symbol.id
    entry = engine.mhdb.get_entry(sid.market, sid.symbol, sid.security_type)
    tz_name = zone_name(entry.exchange_hours.time_zone)
    res = Resolution(resolution if resolution is not None else settings.resolution)
    configs = [
        SubscriptionDataConfig(
            symbol,
            tick_type,
            res,
            entry.exchange_hours,
            tz_name,
            entry.data_time_zone,
            bool(getattr(settings, "extended_market_hours", False)),
            bool(getattr(settings, "fill_forward", True)),
        )
        for tick_type in engine._tick_types(symbol, res)
        if tick_type != TickType.OPEN_INTEREST
    ]
    factors = getattr(engine, "_corporate_factors", None)
    if symbol.security_type == SecurityType.EQUITY and factors is not None:
        for config in configs:  # equities: split/dividend adjusted per the universe settings, as subscribed ones
            config.data_normalization_mode = DataNormalizationMode(settings.data_normalization_mode)
            config.corporate_factors = factors(symbol)
    return configs


def _as_datetime(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value.to_pydatetime() if hasattr(value, "to_pydatetime") else value
    return datetime(value.year, value.month, value.day)


def expiry_level(symbol: Symbol) -> datetime:
    """LEAN's ``expiry`` index value of a symbol: the contract's expiry, 1899-12-30 otherwise."""
    when = symbol.id.date
    return when if isinstance(when, datetime) else DEFAULT_EXPIRY


def _frame(symbol: Symbol, points: list[Any], levels: int = 2) -> Any:
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
            # LEAN's PandasData: a quote bar also fills open/high/low/close (its mid, or the one side
            # present); a trade bar at the same time overrides them (``Add(tradeBar, quoteBar)``: quote
            # first, then trade), which the merge in ``request`` keeps by taking trade frames first
            row.update({"open": point.open, "high": point.high, "low": point.low, "close": point.close})
            rows.append(row)
    frame = pd.DataFrame(rows)
    frame.insert(0, "symbol", symbol)
    if levels == 3:
        frame.insert(0, "expiry", expiry_level(symbol) if symbol.security_type == SecurityType.FUTURE else "")
        return frame.set_index(["expiry", "symbol", "time"])
    return frame.set_index(["symbol", "time"])
