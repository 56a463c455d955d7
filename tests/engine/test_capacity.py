"""LEAN's strategy capacity estimate (``keel.engine.capacity``)."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from keel.engine.capacity import CapacityEstimate, SymbolCapacity
from keel.engine.clock import utc_datetime_to_ns
from keel.model.bars import Bar, QuoteBar, TradeBar
from keel.model.enums import OrderStatus

T0 = datetime(2013, 10, 8, 13, 31)


class _Margin:
    def __init__(self, used: float) -> None:
        self.used = used

    def get_reserved_buying_power_for_position(self, security: Any) -> float:
        return self.used


def _security(symbol: str = "ES", multiplier: float = 50.0, used: float = 0.0, invested: bool = False) -> Any:
    return SimpleNamespace(
        symbol=symbol,
        quote_currency=SimpleNamespace(conversion_rate=1.0),
        symbol_properties=SimpleNamespace(contract_multiplier=multiplier),
        buying_power_model=_Margin(used),
        leverage=1.0,
        invested=invested,
        cache=SimpleNamespace(get_data=lambda data_type=None: None),
        local_to_utc=lambda t: t,
    )


def _bar(end: datetime, close: float, volume: float, period: timedelta = timedelta(minutes=1)) -> TradeBar:
    return TradeBar("ES", end - period, end, close, close, close, close, volume)  # type: ignore[arg-type]


def _fill(t: datetime, price: float, quantity: float, symbol: str = "ES") -> Any:
    return SimpleNamespace(
        symbol=symbol, utc_time=t, status=OrderStatus.FILLED, fill_price=price, fill_quantity=quantity
    )


def test_minute_fill_counts_its_bar_and_the_window_after_it() -> None:
    capacity = SymbolCapacity(_security(), is_internal=False)
    capacity.on_fill(T0, 1670.0, 1)
    # average dollar volume 1669.75 x 4260 -> k = 6e6 / 7.1e6 < 1 -> a one-minute window
    assert capacity.update_market_capacity(_bar(T0, 1669.75, 4260), T0) is False
    assert (
        capacity.update_market_capacity(_bar(T0 + timedelta(minutes=1), 1669.0, 2157), T0 + timedelta(minutes=1))
        is False
    )
    assert capacity.update_market_capacity(_bar(T0 + timedelta(minutes=2), 1668.0, 100), T0 + timedelta(minutes=2))
    expected = (1669.75 * 4260 + 1669.0 * 2157) * 50 * 0.20  # minute bars scale by 0.2
    assert capacity.market_capacity_dollar_volume == pytest.approx(expected)
    assert capacity.sale_volume == pytest.approx(1670.0 * 50)


def test_zero_volume_bars_are_skipped_and_fast_trading_is_discounted() -> None:
    capacity = SymbolCapacity(_security(), is_internal=False)
    capacity.on_fill(T0, 100.0, 1)
    capacity.on_fill(T0 + timedelta(minutes=1), 100.0, -1)  # 2 x 1 / 390 -> clamped to 0.2
    assert (
        capacity.update_market_capacity(_bar(T0 + timedelta(minutes=1), 100.0, 0), T0 + timedelta(minutes=1)) is False
    )
    assert capacity.market_capacity_dollar_volume == 0
    capacity.update_market_capacity(_bar(T0 + timedelta(minutes=1), 100.0, 10), T0 + timedelta(minutes=1))
    assert capacity.market_capacity_dollar_volume == pytest.approx(100.0 * 10 * 0.2 * 50 * 0.2)
    assert capacity.trades == 2


def test_hour_bars_count_only_the_bar_closing_the_fill_hour() -> None:
    capacity = SymbolCapacity(_security(), is_internal=False)
    capacity.on_fill(datetime(2013, 10, 8, 15, 30), 1656.0, 1)
    hour = timedelta(hours=1)
    at16, at17 = datetime(2013, 10, 8, 16), datetime(2013, 10, 8, 17)
    assert capacity.update_market_capacity(_bar(at16, 1651.5, 129, hour), at16) is False
    assert capacity.update_market_capacity(_bar(at17, 1650.0, 72, hour), at17) is True
    assert capacity.market_capacity_dollar_volume == pytest.approx(1651.5 * 129 * 50 * 0.05)


def test_quote_bars_use_the_mean_of_the_last_sizes_as_volume() -> None:
    capacity = SymbolCapacity(_security(multiplier=100.0), is_internal=False)
    capacity.on_fill(T0, 1323.5, 1)
    side = Bar(1323.0, 1324.0, 1322.0, 1323.3)
    quote = QuoteBar("GC", T0 - timedelta(minutes=1), T0, side, 4.0, side, 8.0)  # type: ignore[arg-type]
    capacity.update_market_capacity(quote, T0)
    assert capacity._previous_volume == 6.0


def _estimate(
    now: list[datetime], end: datetime = datetime(2013, 10, 11), securities: dict[str, Any] | None = None
) -> CapacityEstimate:
    """An estimate from 2013-10-08 to ``end`` at the time ``now[0]``, portfolio value 1,000,000 (one ES by default)."""
    securities = securities or {"ES": _security()}
    return CapacityEstimate(
        securities, lambda s: False, lambda: now[0], lambda: 1_000_000.0, datetime(2013, 10, 8), end
    )


def test_estimate_snapshots_smooths_and_names_the_lowest_capacity_asset() -> None:
    now = [T0]
    estimate = _estimate(now)
    estimate.on_order_events([_fill(T0, 1656.0, 1), SimpleNamespace(symbol="ES", status=OrderStatus.SUBMITTED)])
    estimate.update({"ES": _bar(T0, 1651.5, 129)}, {})
    assert estimate.capacity == 0  # the first snapshot is due two days after the start
    now[0] = datetime(2013, 10, 10, 13, 31)
    estimate.update({}, {})
    first = 1651.5 * 129 * 50 * 0.2  # one trade, the whole sale volume: scaling 1
    assert estimate.capacity == pytest.approx(first)
    assert estimate.lowest_capacity_asset == "ES"
    estimate.finish()  # no sale volume and no holdings since: the value decays as 0.33 x + 0.66 x, twice
    assert estimate.capacity == pytest.approx(first * 0.99 * 0.99)


def test_a_traded_symbol_without_captured_volume_is_the_lowest_capacity_asset() -> None:
    """LEAN orders every tracked symbol by market dollar volume: one whose window saw no bar (0) wins."""
    now = [T0]
    estimate = _estimate(now, securities={"ES": _security("ES"), "NQ": _security("NQ", multiplier=20.0)})
    estimate.on_order_events([_fill(T0, 1656.0, 1), _fill(T0, 3000.0, 1, symbol="NQ")])
    estimate.update({"ES": _bar(T0, 1651.5, 129)}, {})  # NQ has no bar in its capture window
    now[0] = datetime(2013, 10, 10, 13, 31)
    estimate.update({}, {})
    assert estimate.lowest_capacity_asset == "NQ"
    assert estimate.capacity == 0


def test_a_selection_slice_takes_the_due_snapshot_before_the_days_fills() -> None:
    """LEAN's universe-selection slice (midnight, no bars) runs the capacity update: a due snapshot
    is taken there, so the day's first fill and its bar fall in the next period."""
    now = [T0]
    estimate = _estimate(now)
    estimate.on_order_events([_fill(T0, 1656.0, 1)])
    estimate.update({"ES": _bar(T0, 1651.5, 129)}, {})
    now[0] = datetime(2013, 10, 9, 4, 0)
    estimate.on_selection_slice()  # not due yet: the first snapshot is due on 10-10 (UTC date)
    assert estimate.capacity == 0
    now[0] = datetime(2013, 10, 10, 4, 0)
    estimate.on_selection_slice()
    first = 1651.5 * 129 * 50 * 0.2
    assert estimate.capacity == pytest.approx(first)
    fill_time = datetime(2013, 10, 10, 13, 31)
    now[0] = fill_time
    estimate.on_order_events([_fill(fill_time, 1660.0, 1)])
    estimate.update({"ES": _bar(fill_time, 1660.0, 1000)}, {})
    assert estimate.capacity == pytest.approx(first)  # no second snapshot the same day


def test_estimate_without_fills_stays_zero() -> None:
    estimate = CapacityEstimate(
        {}, lambda s: False, lambda: T0, lambda: 1.0, datetime(2013, 10, 8), datetime(2013, 10, 11)
    )
    estimate.finish()
    assert estimate.capacity == 0
    assert estimate.lowest_capacity_asset is None


def test_internal_symbol_reads_its_cached_bar_when_it_ends_now() -> None:
    bar = _bar(T0, 1669.75, 4260)
    security = _security()
    security.cache = SimpleNamespace(get_data=lambda data_type=None: bar)
    internal = SymbolCapacity(security, is_internal=True)
    assert internal.bar_at({}, {}, T0) is bar
    assert internal.bar_at({}, {}, T0 + timedelta(minutes=1)) is None
    assert SymbolCapacity(security, is_internal=False).bar_at({}, {}, T0) is None


def test_idle_until_covers_steps_without_an_open_window_or_a_due_snapshot() -> None:
    now = [T0]
    estimate = _estimate(now, datetime(2013, 10, 10, 12))  # 2.5 days: snapshot 1.5 days after the start
    assert estimate.idle_until_ns > utc_datetime_to_ns(datetime(2100, 1, 1))  # nothing traded yet
    estimate.on_order_events([_fill(T0, 1670.0, 1)])
    assert estimate.idle_until_ns <= utc_datetime_to_ns(datetime(1900, 1, 1))  # a capture window is open
    for minute in range(3):  # a one-minute window (see above) closes on the third bar
        now[0] = T0 + timedelta(minutes=minute)
        estimate.update({"ES": _bar(now[0], 1669.75, 4260)}, {})
    # the snapshot is due at 2013-10-09 12:00, i.e. from the first UTC date on or after it
    assert estimate.idle_until_ns == utc_datetime_to_ns(datetime(2013, 10, 10))


def test_skipping_idle_steps_gives_the_same_estimate() -> None:
    """The engine skips :meth:`CapacityEstimate.update` before ``idle_until_ns``: same result."""
    end = datetime(2013, 10, 20)
    now_a, now_b = [T0], [T0]
    every, skipping = _estimate(now_a, end), _estimate(now_b, end)
    t = T0
    for step in range(10 * 24 * 60):
        t = T0 + timedelta(minutes=step)
        bars = {"ES": _bar(t, 1600.0 + step % 7, 10 + step % 50)}
        if step % 997 == 0:
            fills = [_fill(t, 1600.0, 1 + step % 3)]
            every.on_order_events(fills)
            skipping.on_order_events(fills)
        now_a[0] = now_b[0] = t
        every.update(bars, {})
        if utc_datetime_to_ns(t) < skipping.idle_until_ns:
            skipping.last_bars = (bars, {})
        else:
            skipping.update(bars, {})
    every.finish()
    skipping.finish()
    assert every.capacity > 0
    assert (skipping.capacity, skipping.lowest_capacity_asset) == (every.capacity, every.lowest_capacity_asset)
