"""The historical data feed: subscriptions -> time-ordered data points, window by window.

For every window (one algorithm-time-zone day) each subscription's rows are read, filtered
to the exchange's open bars, fill-forwarded onto the expected bar grid, turned into data
point objects (adjusted for continuous contracts) and merged across subscriptions by end time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import numpy as np

from keel.data.lean.reader import ColumnarData
from keel.data.market_hours.calendar import strict_daily_times_utc
from keel.engine.clock import NS_PER_DAY, NS_PER_HOUR, converter
from keel.engine.data_source import LeanDataSource
from keel.engine.equity_normalization import normalize_rows
from keel.engine.market_grid import MarketGrid
from keel.engine.subscriptions import SubscriptionDataConfig
from keel.model.bars import Bar, OpenInterest, QuoteBar, Tick, TradeBar
from keel.model.enums import Resolution, SecurityType, TickType

_DAILY_READ_MARGIN_NS = 2 * NS_PER_DAY


def _bar(o: float, h: float, low: float, c: float) -> Bar | None:
    if c != c:  # NaN: this side of the quote is empty
        return None
    return Bar(o, h, low, c)


class SubscriptionStream:
    """One subscription's state across windows: grid, last row for fill-forward, data source."""

    def __init__(self, config: SubscriptionDataConfig, source: Any) -> None:
        self.config = config
        self.source = source
        self.exchange_conv = converter(config.exchange_time_zone)
        self.grid = (
            MarketGrid(config.exchange_hours, self.exchange_conv, config.period_ns, config.extended_market_hours)
            if config.resolution != Resolution.TICK
            else None
        )
        self._last: tuple[float, ...] | None = None
        # the last bid and ask bars (open, high, low, close) read, for LEAN's QuoteBarFillForwardEnumerator
        self._quote_sides: dict[str, tuple[float, ...]] = {}
        self.removed = False
        # data points LEAN's feed processes for this subscription that Keel emits no object for
        # (open interest outside the bar grid: LEAN reads open interest with always-open hours)
        self.uncounted = 0
        # the end times of those open-interest points: LEAN makes time slices of them (see
        # ``HistoricalFeed.silent_ends``)
        self.silent_ends: list[int] = []
        # while the algorithm warms up at another resolution: the stream standing in for this one
        # (None: nothing during warm-up) and the end of the warm-up (see ``HistoricalFeed.start_warm_up``)
        self.warm_up: tuple[SubscriptionStream | None, int] | None = None
        # not read yet: its first read also takes data ending exactly at its start (see ``HistoricalFeed._read``)
        self.fresh = True
        # the end time of the latest point read and the data points counted for it (see ``HistoricalFeed.remove``)
        self.tail: tuple[int, int] = (-1, 0)
        # end times of the bars the latest read took from the files, emitted or not (see ``first_read_at``)
        self.read_ends: np.ndarray = np.empty(0, dtype=np.int64)

    # ------------------------------------------------------------------------------------
    def _rows(self, start_ns: int, end_ns: int) -> ColumnarData:
        cfg = self.config
        strict_daily = cfg.resolution == Resolution.DAILY and cfg.tick_type != TickType.OPEN_INTEREST
        # strict end times move a daily bar to its exchange session, which can lie on the other side
        # of the window than the raw (data time zone) bar: read a margin and filter after re-stamping
        margin = _DAILY_READ_MARGIN_NS if strict_daily else 0
        data = self.source.read(
            cfg.source_symbol, cfg.resolution, cfg.tick_type, cfg.data_time_zone, start_ns - margin, end_ns + margin
        )
        if strict_daily and len(data):
            new_start, new_end, keep = strict_daily_times_utc(cfg.exchange_hours, data.start_utc_ns, data.end_utc_ns)
            data = ColumnarData(new_start[keep], new_end[keep], {k: v[keep] for k, v in data.columns.items()})
            inside = (data.end_utc_ns > start_ns) & (data.end_utc_ns <= end_ns)
            if not inside.all():
                data = ColumnarData(
                    data.start_utc_ns[inside], data.end_utc_ns[inside], {k: v[inside] for k, v in data.columns.items()}
                )
        return data

    def points(self, start_ns: int, end_ns: int, since_ns: int | None = None) -> tuple[np.ndarray, list[Any]]:
        """End times and data points of this subscription in ``(start_ns, end_ns]``; a subscription
        starting at ``since_ns`` reads no bar ending before it (not even to fill forward from, as LEAN)."""
        if self.warm_up is not None:
            return self._warm_up_points(start_ns, end_ns, since_ns)
        return self._points(start_ns, end_ns, since_ns)

    def first_read_at(self, since_ns: int) -> int | None:
        """End time of the first bar of the latest read ending at or after ``since_ns`` (None: none).

        That is when a LEAN subscription started at ``since_ns`` on the same data gets its first
        bar: its ``SubscriptionDataReader`` skips what ends before its start, and its
        ``FillForwardEnumerator`` emits nothing before a first bar (a bar outside market hours too
        starts it: the market-hours filter comes after the fill-forward)."""
        ends = self.read_ends
        at = int(np.searchsorted(ends, since_ns, side="left"))
        return int(ends[at]) if at < len(ends) else None

    def first_read_start(self, start_ns: int) -> int:
        """The exclusive lower bound of the first read of a subscription starting at ``start_ns``.

        LEAN's ``SubscriptionDataReader`` skips only data ending *before* the subscription's start,
        so a point ending exactly at the start (open interest stamped at midnight, an hourly bar
        closing at midnight) is emitted too, provided LEAN reads the file holding it: hour and
        daily data is one file per symbol, but minute and second data is one file per date (in the
        data time zone), read from the start's date on, so a bar that began on an earlier date is
        not read. Returns ``start_ns - 1`` when that point is read, else ``start_ns``."""
        cfg = self.config
        if cfg.resolution in (Resolution.MINUTE, Resolution.SECOND) and cfg.tick_type != TickType.OPEN_INTEREST:
            data_conv = converter(cfg.data_time_zone)
            local = data_conv.to_local(start_ns)
            first_file_ns = data_conv.local_to_utc_ns(datetime(local.year, local.month, local.day))
            if start_ns - cfg.period_ns < first_file_ns:
                return start_ns
        return start_ns - 1

    def _warm_up_points(self, start_ns: int, end_ns: int, since_ns: int | None) -> tuple[np.ndarray, list[Any]]:
        """LEAN's warm-up at ``Settings.WarmupResolution`` (``FileSystemDataFeed.CreateSubscription``):
        until the warm-up ends the data comes from a stream of the warm-up resolution (nothing when
        that configuration is invalid); the subscription's own data is read from one day before the
        end on, only to fill forward from, and emitted from the end on."""
        assert self.warm_up is not None
        stand_in, until_ns = self.warm_up
        if start_ns >= until_ns:
            self.warm_up = None
            return self._points(start_ns, end_ns, since_ns)
        warm_end = min(end_ns, until_ns)
        ends: np.ndarray = np.empty(0, dtype=np.int64)
        points: list[Any] = []
        if stand_in is not None:
            cfg, own = stand_in.config, self.config
            cfg.mapped, cfg.price_scale, cfg.price_offset = own.mapped, own.price_scale, own.price_offset
            ends, points = stand_in.points(start_ns, warm_end, since_ns)
            self.uncounted += stand_in.uncounted
            stand_in.uncounted = 0
            stand_in.silent_ends = []  # warm-up slices: no capacity estimate yet
        if warm_end > until_ns - NS_PER_DAY:
            # LEAN's normal enumerator starts a day before the warm-up ends and drops what ends before
            counted, silent = self.uncounted, len(self.silent_ends)
            self._points(max(start_ns, until_ns - NS_PER_DAY), warm_end, since_ns)
            self.uncounted = counted
            del self.silent_ends[silent:]  # nor are its open-interest slices
        if end_ns > until_ns:
            self.warm_up = None
            more_ends, more = self._points(until_ns, end_ns, since_ns)
            if more:
                ends = np.concatenate([ends, more_ends]) if len(ends) else more_ends
                points = [*points, *more]
        return ends, points

    def _points(self, start_ns: int, end_ns: int, since_ns: int | None = None) -> tuple[np.ndarray, list[Any]]:
        cfg = self.config
        # a continuous contract that switched to another contract keeps filling forward the previous
        # contract's last bar until the new one trades (LEAN's fill-forward enumerator wraps the whole
        # mapped reader), so ``_last`` is kept across a mapping change
        data = self._rows(start_ns, end_ns)
        if since_ns is not None and len(data) and data.end_utc_ns[0] < since_ns:
            keep = data.end_utc_ns >= since_ns
            columns = {k: v[keep] for k, v in data.columns.items()}
            data = ColumnarData(data.start_utc_ns[keep], data.end_utc_ns[keep], columns)
        cut = cfg.roll_cutoff_ns
        if cut is not None and len(data) and data.end_utc_ns[-1] >= cut:
            # the previously mapped contract's point ending at the mapping instant (see the field)
            keep = data.end_utc_ns < cut
            columns = {k: v[keep] for k, v in data.columns.items()}
            data = ColumnarData(data.start_utc_ns[keep], data.end_utc_ns[keep], columns)
        self.read_ends = data.end_utc_ns
        if cfg.tick_type == TickType.QUOTE and cfg.fill_forward and cfg.resolution != Resolution.TICK:
            data = _fill_quote_sides(data, self._quote_sides)
        names = tuple(data.columns)
        values = [data.columns[n] for n in names]
        if cfg.tick_type == TickType.OPEN_INTEREST and cfg.fill_forward and self.grid is not None:
            return self._open_interest_on_grid(data, start_ns, end_ns)
        if cfg.tick_type == TickType.OPEN_INTEREST or cfg.resolution == Resolution.TICK or self.grid is None:
            ends = data.end_utc_ns
            if len(ends):
                keep = self._open_mask(ends)
                if not keep.all():
                    if cfg.tick_type == TickType.OPEN_INTEREST:
                        self.uncounted += int(len(keep) - np.count_nonzero(keep))
                        self.silent_ends.extend(ends[~keep].tolist())
                    ends = ends[keep]
                    values = [v[keep] for v in values]
            rows = _row_tuples(values)
            return ends, self._build(ends, ends, rows)
        grid = self.grid.ends_between(start_ns, end_ns)
        ends = data.end_utc_ns
        starts = data.start_utc_ns
        # LEAN's FillForwardEnumerator sees every bar read, in market hours or not (its market-hours
        # filter comes after it): a bar outside the grid is not emitted but is filled forward
        all_ends, all_values = ends, values
        if len(ends):
            on_grid = np.isin(ends, grid, assume_unique=False)
            if not on_grid.all():
                ends = ends[on_grid]
                starts = starts[on_grid]
                values = [v[on_grid] for v in values]
        if not cfg.fill_forward:
            rows = _row_tuples(values)
            # daily bars keep their (session) start; intraday bars span one period
            bar_starts = starts if cfg.resolution == Resolution.DAILY else ends - cfg.period_ns
            return ends, self._build(bar_starts, ends, rows)
        # fill forward: every grid point after the first bar read gets the latest bar read
        ends, values = all_ends, all_values
        idx = np.searchsorted(ends, grid, side="right") - 1
        if self._last is None:
            keep = idx >= 0
            grid = grid[keep]
            idx = idx[keep]
        real_rows = _row_tuples(values)
        is_real = np.zeros(len(grid), dtype=bool)
        if len(ends):
            found = idx >= 0
            is_real[found] = ends[idx[found]] == grid[found]
        rows = []
        last = self._last
        filled = _filled_row(last, cfg.tick_type) if last is not None else None
        current = -1
        for i, real in zip(idx.tolist(), is_real.tolist(), strict=True):
            if real:
                rows.append(real_rows[i])
            else:
                if i != current and i >= 0:
                    current = i
                    filled = _filled_row(real_rows[i], cfg.tick_type)
                rows.append(filled)  # type: ignore[arg-type]
        if real_rows:
            self._last = real_rows[-1]
        period = cfg.period_ns if cfg.resolution != Resolution.DAILY else None
        starts = grid - period if period is not None else self._daily_starts(grid)
        built = self._build(starts, grid, rows)
        for i in np.flatnonzero(~is_real).tolist():
            built[i].is_fill_forward = True
        return grid, built

    def _open_interest_on_grid(self, data: ColumnarData, start_ns: int, end_ns: int) -> tuple[np.ndarray, list[Any]]:
        """Open interest filled forward onto the bar grid, one point per bar end (as LEAN counts it)."""
        assert self.grid is not None
        grid = self.grid.ends_between(start_ns, end_ns)
        times = data.end_utc_ns
        values = data.columns["open_interest"]
        idx = np.searchsorted(times, grid, side="right") - 1
        if self._last is None:
            keep = idx >= 0
            grid, idx = grid[keep], idx[keep]
        last = self._last[0] if self._last is not None else 0.0
        real = np.zeros(len(grid), dtype=bool)
        found = idx >= 0
        real[found] = times[idx[found]] == grid[found]
        silent = len(times) - int(np.count_nonzero(real))
        if silent:
            self.uncounted += silent
            self.silent_ends.extend(times[~np.isin(times, grid)].tolist())
        picked = np.where(found, values[np.maximum(idx, 0)] if len(values) else last, last)
        if len(values):
            self._last = (float(values[-1]),)
        symbol = self.config.symbol
        points: list[Any] = []
        for local, value, is_real in zip(
            _local_datetimes(self.exchange_conv, grid), picked.tolist(), real.tolist(), strict=True
        ):
            point = OpenInterest(symbol, local, value)
            point.is_fill_forward = not is_real
            points.append(point)
        return grid, points

    def _open_mask(self, times: np.ndarray) -> np.ndarray:
        """Point-in-time data (ticks, open interest) is kept only while the exchange is open."""
        hours = self.config.exchange_hours
        extended = self.config.extended_market_hours
        to_local = self.exchange_conv.to_local
        return np.fromiter((hours.is_open_at(to_local(t), extended) for t in times.tolist()), bool, len(times))

    def _daily_starts(self, ends: np.ndarray) -> np.ndarray:
        starts = np.empty_like(ends)
        hours = self.config.exchange_hours
        for i, end in enumerate(ends.tolist()):
            local_end = self.exchange_conv.to_local(end)
            open_ = hours.get_first_daily_market_open(local_end - timedelta(microseconds=1), False)
            starts[i] = self.exchange_conv.local_to_utc_ns(open_)
        return starts

    # ------------------------------------------------------------------------------------
    def _build(self, starts: np.ndarray, ends: np.ndarray, rows: list[tuple[float, ...]]) -> list[Any]:
        cfg = self.config
        symbol = cfg.symbol
        conv = self.exchange_conv
        scale, offset = cfg.price_scale, cfg.price_offset
        adjust = scale != 1.0 or offset != 0.0
        out: list[Any] = []
        append = out.append
        tick_type = cfg.tick_type
        if not rows:
            return out
        local_starts = _local_datetimes(conv, starts)
        if cfg.corporate_factors is not None:
            rows = normalize_rows(
                rows, local_starts, tick_type, cfg.resolution, cfg.corporate_factors, cfg.data_normalization_mode
            )
        if cfg.resolution == Resolution.TICK:
            for t, row in zip(local_starts, rows, strict=True):
                if tick_type == TickType.TRADE:
                    price = row[0] * scale + offset if adjust else row[0]
                    append(Tick(symbol, t, TickType.TRADE, price, row[1]))
                elif tick_type == TickType.QUOTE:
                    bp, bs, ap, asz = row[0], row[1], row[2], row[3]
                    if adjust:
                        bp, ap = bp * scale + offset, ap * scale + offset
                    append(Tick(symbol, t, TickType.QUOTE, 0.0, 0.0, _z(bp), _z(bs), _z(ap), _z(asz)))
                else:
                    append(Tick(symbol, t, TickType.OPEN_INTEREST, row[0]))
            return out
        if tick_type == TickType.OPEN_INTEREST:
            for t, row in zip(local_starts, rows, strict=True):
                append(OpenInterest(symbol, t, row[0]))
            return out
        local_ends = _local_datetimes(conv, ends)
        if tick_type == TickType.TRADE:
            for t, et, row in zip(local_starts, local_ends, rows, strict=True):
                o, h, low, c, v = row
                if adjust:
                    o, h, low, c = o * scale + offset, h * scale + offset, low * scale + offset, c * scale + offset
                append(TradeBar(symbol, t, et, o, h, low, c, v))
            return out
        for t, et, row in zip(local_starts, local_ends, rows, strict=True):
            bo, bh, bl, bc, bsz, ao, ah, al, ac, asz = row
            if adjust:
                bo, bh, bl, bc = bo * scale + offset, bh * scale + offset, bl * scale + offset, bc * scale + offset
                ao, ah, al, ac = ao * scale + offset, ah * scale + offset, al * scale + offset, ac * scale + offset
            append(
                QuoteBar(
                    symbol,
                    t,
                    et,
                    _bar(bo, bh, bl, bc),
                    0.0 if bsz != bsz else bsz,
                    _bar(ao, ah, al, ac),
                    0.0 if asz != asz else asz,
                )
            )
        return out


_QUOTE_SIDES = ("bid", "ask")
_SIDE_FIELDS = ("open", "high", "low", "close")


def _fill_quote_sides(data: ColumnarData, previous: dict[str, tuple[float, ...]]) -> ColumnarData:
    """LEAN's ``QuoteBarFillForwardEnumerator``: a quote bar with an empty bid (or ask) side gets the
    previous bar's side (open, high, low, close; not its size).

    LEAN runs it on the raw rows of a fill-forward quote subscription, before fill-forward and the
    market-hours filter, so the previous bar may lie outside the subscription's hours.
    ``previous`` carries the last side of each kind across calls and is updated; the cached input
    arrays are never modified.
    """
    if not len(data) and not previous:
        return data
    columns = dict(data.columns)
    for side in _QUOTE_SIDES:
        names = [f"{side}_{field}" for field in _SIDE_FIELDS]
        if any(name not in columns for name in names):
            continue
        close = columns[names[3]]
        missing = np.isnan(close)
        if missing.any():
            n = len(close)
            source = np.where(missing, -1, np.arange(n))
            np.maximum.accumulate(source, out=source)
            fill = missing & (source >= 0)
            carried = missing & (source < 0)
            last = previous.get(side)
            for k, name in enumerate(names):
                values = columns[name].copy()
                values[fill] = values[source[fill]]
                if last is not None:
                    values[carried] = last[k]
                columns[name] = values
            close = columns[names[3]]
        if len(close) and not np.isnan(close[-1]):
            previous[side] = tuple(float(columns[name][-1]) for name in names)
    return ColumnarData(data.start_utc_ns, data.end_utc_ns, columns)


def _row_tuples(values: list[np.ndarray]) -> list[tuple[Any, ...]]:
    """The rows of the column arrays ``values`` as tuples of Python numbers.

    ``tolist`` gives Python floats (and ints), bit for bit the arrays' values: iterating the arrays
    would give numpy scalars, slower to make and to compute with on every bar (the security cache,
    indicators, fills) and different only in being numpy objects.
    """
    if not values:
        return []
    return list(zip(*[v.tolist() for v in values], strict=True))


def _filled_row(row: tuple[float, ...], tick_type: TickType) -> tuple[float, ...]:
    """A fill-forward copy of a bar row: every price is the previous close, volume 0 (as LEAN)."""
    if tick_type == TickType.TRADE:
        close = row[3]
        return (close, close, close, close, 0.0)
    bid, ask = row[3], row[8]
    return (bid, bid, bid, bid, row[4], ask, ask, ask, ask, row[9])


def _local_datetimes(conv: Any, utc_ns: np.ndarray) -> list[datetime]:
    """Naive local datetimes of UTC ns, converted in numpy (one offset lookup per hour)."""
    if not len(utc_ns):
        return []
    buckets = utc_ns // NS_PER_HOUR
    unique, inverse = np.unique(buckets, return_inverse=True)
    offsets = np.array([conv.offset_ns(int(b) * NS_PER_HOUR) for b in unique.tolist()], dtype=np.int64)
    local_us = (utc_ns + offsets[inverse]) // 1000
    return local_us.astype("datetime64[us]").tolist()  # type: ignore[no-any-return]


def _z(value: float) -> float:
    return 0.0 if value != value else value


class PointGroup(list[Any]):
    """The data points of one time step, in feed order, with where each comes from.

    ``internal`` is None when every point comes from one of the algorithm's subscriptions, else
    one flag per point: True for a point of an internal subscription (the benchmark, a continuous
    future's mapped contract, open interest). LEAN's ``TimeSliceFactory`` lets internal data update
    the security but keeps it out of the algorithm's slice and consolidators.
    """

    # a class default instead of an ``__init__``: the group of a step is built once per bar, and
    # list's own constructor is the cheapest way to build it (an instance sets ``internal`` only
    # when some point is internal)
    internal: list[bool] | None = None


def select_points(points: list[Any], keep: list[int]) -> PointGroup:
    """The points of a time step at the indices ``keep`` (in order), with their ``internal`` flags
    (None when none of the kept points is internal, as :class:`PointGroup` keeps it)."""
    group = PointGroup(points[k] for k in keep)
    internal = getattr(points, "internal", None)
    if internal is not None:
        flags = [internal[k] for k in keep]
        if any(flags):
            group.internal = flags
    return group


class HistoricalFeed:
    """Merges the streams of all active subscriptions into time slices, one window at a time."""

    def __init__(self, source: LeanDataSource | Any) -> None:
        self.source = source
        self.streams: list[SubscriptionStream] = []
        self._added: list[SubscriptionStream] = []  # streams added while a window is consumed
        self._removed = False  # a stream was removed while a window is consumed
        # data points processed but not emitted as objects (see ``SubscriptionStream.uncounted`` and
        # ``SubscriptionDataConfig.lean_copies``); the engine adds them to its count per window
        self.uncounted = 0
        # UTC ns of the open-interest points of the current window read outside the bar grid: LEAN
        # emits them (internal data, no ``OnData``) in time slices of their own
        self.silent_ends: list[int] = []
        # the time of the universe selection the engine is applying (None outside one): see ``remove``
        self.selection_ns: int | None = None
        self._warm_up: tuple[Resolution, int] | None = None  # warm-up resolution and end (UTC ns)

    def add(self, config: SubscriptionDataConfig) -> SubscriptionStream:
        """Start streaming ``config``: from now on when the window being consumed is under way (see
        :meth:`window`), else from the next window read."""
        stream = SubscriptionStream(config, self.source)
        if self._warm_up is not None:
            self._attach_warm_up(stream)
        self.streams.append(stream)
        self._added.append(stream)
        return stream

    def start_warm_up(self, resolution: Resolution, until_ns: int) -> None:
        """The algorithm warms up at ``resolution`` (LEAN's ``Settings.WarmupResolution``) until
        ``until_ns`` (its start): every subscription streaming, or added, until then delivers the
        data of that resolution instead of its own (LEAN's ``FileSystemDataFeed`` warm-up)."""
        self._warm_up = (Resolution(resolution), until_ns)
        for stream in self.streams:
            self._attach_warm_up(stream)

    def end_warm_up(self) -> None:
        """Subscriptions added from now on stream their own resolution only."""
        self._warm_up = None

    def _attach_warm_up(self, stream: SubscriptionStream) -> None:
        """Make ``stream`` deliver the warm-up resolution's data until the warm-up ends (see
        ``SubscriptionStream.warm_up``); a tick or same-resolution stream keeps its own."""
        assert self._warm_up is not None
        resolution, until_ns = self._warm_up
        cfg = stream.config
        if Resolution.TICK in (resolution, cfg.resolution) or resolution == cfg.resolution:
            return
        stand_in: SubscriptionStream | None = None
        # LEAN's ``LeanData.IsValidConfiguration``: no hour or daily equity quotes
        equity_quote = cfg.symbol.security_type == SecurityType.EQUITY and cfg.tick_type == TickType.QUOTE
        if not (equity_quote and resolution in (Resolution.HOUR, Resolution.DAILY)):
            stand_in = SubscriptionStream(replace(cfg, resolution=resolution), self.source)
        stream.warm_up = (stand_in, until_ns)

    def remove(self, config: SubscriptionDataConfig) -> None:
        """Stop streaming ``config`` (at once, also for the rest of the window being consumed).

        While the engine applies a universe selection at ``selection_ns`` (see that attribute), a
        stream removed there whose latest points end at that same time loses them from the count:
        LEAN collects a subscription's data and the universe data of one time into the same time
        slice, applies the selection, and ``TimeSliceFactory.Create`` then skips the packets of
        subscriptions it removed (``DataFeedPacket.IsSubscriptionRemoved``)."""
        kept = []
        for stream in self.streams:
            if stream.config is config:
                if self.selection_ns is not None and stream.tail[0] == self.selection_ns:
                    self.uncounted -= stream.tail[1]
                    stream.tail = (-1, 0)
                stream.removed = True
                self._removed = True
            else:
                kept.append(stream)
        self.streams = kept

    def take_uncounted(self) -> int:
        """The data points processed without an emitted object since the last call."""
        count, self.uncounted = self.uncounted, 0
        return count

    def _read(
        self, streams: list[SubscriptionStream], start_ns: int, end_ns: int, since_ns: int | None = None
    ) -> list[tuple[np.ndarray, list[Any], SubscriptionStream]]:
        """Each stream's ``(ends, points, stream)`` for ``(start_ns, end_ns]`` (ends >= ``since_ns`` if given)."""
        per_stream = []
        for stream in streams:
            lower = start_ns
            if stream.fresh:
                stream.fresh = False
                if since_ns is None:
                    lower = stream.first_read_start(start_ns)
            ends, points = stream.points(lower, end_ns, since_ns)
            if since_ns is not None and len(ends) and ends[0] < since_ns:
                keep = int(np.searchsorted(ends, since_ns, side="left"))
                ends, points = ends[keep:], points[keep:]
            if stream.uncounted:
                self.uncounted += stream.uncounted
                stream.uncounted = 0
                if stream.silent_ends:
                    self.silent_ends.extend(stream.silent_ends)
                    stream.silent_ends = []
            cfg = stream.config
            if cfg.pending_since_ns is not None and points:
                ends, points = self._drop_pending(stream, ends, points)
            if points:
                per_stream.append((ends, points, stream))
                copied = self._copy_points(stream, ends) if cfg.lean_copies != 1 else 0
                self.uncounted += (cfg.lean_copies - 1) * copied
                last = int(ends[-1])
                at_last = len(points) - int(np.searchsorted(ends, last, side="left"))
                stream.tail = (last, at_last + (cfg.lean_copies - 1) * min(at_last, copied))
        return per_stream

    @staticmethod
    def _drop_pending(stream: SubscriptionStream, ends: np.ndarray, points: list[Any]) -> tuple[np.ndarray, list[Any]]:
        """The points read (ending at ``ends``) that the subscription the stream stands for emits:
        none before its first bar (see ``SubscriptionDataConfig.pending_since_ns``)."""
        cfg = stream.config
        assert cfg.pending_since_ns is not None
        at = _first_bar_index(stream, ends, cfg.pending_since_ns)
        if at is None:
            at = len(ends)
        else:
            cfg.pending_since_ns = None
        return ends[at:], points[at:]

    @staticmethod
    def _copy_points(stream: SubscriptionStream, ends: np.ndarray) -> int:
        """How many of the points read (ending at ``ends``) LEAN's second subscription of the stream
        emits too: all of them once it has had a first bar (see ``SubscriptionDataConfig.copy_since_ns``)."""
        cfg = stream.config
        if cfg.copy_since_ns is None:
            return len(ends)
        at = _first_bar_index(stream, ends, cfg.copy_since_ns)
        if at is None:
            return 0
        cfg.copy_since_ns = None
        return len(ends) - at

    def window(self, start_ns: int, end_ns: int) -> Iterator[tuple[int, list[Any]]]:
        """Yield ``(end_ns, data points)`` groups in time order for ``(start_ns, end_ns]``.

        The algorithm may change its subscriptions while consuming a group (as LEAN, at once): a
        removed stream emits nothing more, an added one joins from the current time on, a point of
        it ending exactly now making a second group at that same time.
        """
        self._added = []
        self._removed = False
        self.silent_ends = []
        ends, points, owners = _merge(self._read(self.streams, start_ns, end_ns))
        i, n = 0, len(ends)
        while i < n:
            current = ends[i]
            j = i + 1
            while j < n and ends[j] == current:
                j += 1
            if j == i + 1 and not self._removed:  # the common case: one point at this time
                group = PointGroup((points[i],))
                if owners[i].config.is_internal:
                    group.internal = [True]
            else:
                kept = [k for k in range(i, j) if not owners[k].removed] if self._removed else range(i, j)
                group = PointGroup(points[k] for k in kept)
                internal = [owners[k].config.is_internal for k in kept]
                group.internal = internal if any(internal) else None
            i = j
            if group:
                yield current, group
            if self._added:
                added, self._added = self._added, []
                extra = self._read(added, start_ns, end_ns, current)
                if extra:
                    rest = (np.asarray(ends[i:], dtype=np.int64), points[i:], owners[i:])
                    ends, points, owners = _merge([rest, *extra])
                    i, n = 0, len(ends)


def _merge(
    per_stream: list[tuple[np.ndarray, list[Any], Any]],
) -> tuple[list[int], list[Any], list[SubscriptionStream]]:
    """Points of several streams sorted by end time (stable: earlier entries first at equal times),
    with each point's stream. An entry's third item is its stream or a list of per-point streams."""
    if not per_stream:
        return [], [], []
    owners: list[SubscriptionStream] = []
    for _ends, points, owner in per_stream:
        owners.extend(owner if isinstance(owner, list) else [owner] * len(points))
    if len(per_stream) == 1:
        ends, points, _ = per_stream[0]
        return ends.tolist(), list(points), owners
    all_ends = np.concatenate([e for e, _, _ in per_stream])
    order = np.argsort(all_ends, kind="stable")
    flat: list[Any] = []
    for _, points, _ in per_stream:
        flat.extend(points)
    order_list = order.tolist()
    return all_ends[order].tolist(), [flat[k] for k in order_list], [owners[k] for k in order_list]


def _first_bar_index(stream: SubscriptionStream, ends: np.ndarray, since_ns: int) -> int | None:
    """Index in ``ends`` of the first point of a LEAN subscription started at ``since_ns`` on the
    stream's data: at its first bar (:meth:`SubscriptionStream.first_read_at`; None: none read yet)."""
    first = stream.first_read_at(since_ns)
    return None if first is None else int(np.searchsorted(ends, first, side="left"))


__all__ = ["HistoricalFeed", "PointGroup", "SubscriptionStream"]
