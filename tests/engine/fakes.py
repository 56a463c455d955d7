"""Fakes and builders shared by the engine tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from keel.brokerages.base import Brokerage
from keel.data.market_hours.database import MarketHoursDatabase
from keel.engine.clock import converter
from keel.engine.subscriptions import SubscriptionDataConfig
from keel.engine.transactions import TransactionHandler
from keel.engine.universe import ChainState
from keel.model.enums import (
    DataMappingMode,
    DataNormalizationMode,
    OrderStatus,
    OrderType,
    Resolution,
    SecurityType,
    TickType,
)
from keel.model.orders import CashAmount, Order, OrderEvent, OrderFee
from keel.model.symbol import Symbol

T0 = datetime(2021, 3, 1, 14, 30)
ES = Symbol.create("ES", SecurityType.FUTURE, "cme")
ES_DEC13 = Symbol.create_future("ES", "cme", date(2013, 12, 20), date(2013, 12, 1))


def es_config(
    folder: Path,
    tick_type: TickType,
    resolution: Resolution = Resolution.MINUTE,
    extended: bool = False,
    fill_forward: bool = True,
    symbol: Symbol = ES_DEC13,
) -> SubscriptionDataConfig:
    """A subscription to an ES future (contract or canonical) with the data folder's CME hours,
    in the New York time zone."""
    entry = MarketHoursDatabase.from_data_folder(folder).get_entry("cme", "ES", SecurityType.FUTURE)
    return SubscriptionDataConfig(
        symbol,
        tick_type,
        resolution,
        entry.exchange_hours,
        "America/New_York",
        entry.data_time_zone,
        extended,
        fill_forward,
    )


def ny_day(day: date) -> tuple[int, int]:
    """UTC ns of the start and end of ``day`` in New York."""
    conv = converter("America/New_York")
    start = datetime(day.year, day.month, day.day)
    return conv.local_to_utc_ns(start), conv.local_to_utc_ns(start + timedelta(days=1))


def es_chain_state(folder: Path) -> ChainState:
    """The ES (CME) chain state over ``folder``: minute, open-interest mapping, raw prices, depth 0,
    New York exchange time zone, UTC algorithm time zone."""
    return ChainState(
        ES, None, folder, None, Resolution.MINUTE, False, True,
        DataMappingMode.OPEN_INTEREST, DataNormalizationMode.RAW, 0, "UTC", "America/New_York",
    )  # fmt: skip


class WeekdayHours:
    """Open Monday to Friday (regular); Sunday has an extended (evening) session only."""

    def is_date_open(self, day: date, extended: bool = False) -> bool:
        return day.weekday() < 5 or (extended and day.weekday() == 6)


class ChainRows:
    """A futures chain with ``rows[day]`` rows in each day's universe file."""

    def __init__(self, rows: dict[date, int]) -> None:
        self.rows = rows

    def chain_rows(self, day: date) -> list[int]:
        return list(range(self.rows.get(day, 0)))


class FillingBrokerage(Brokerage):
    """Fills every market order at 100 + id on each scan; leaves other orders open."""

    name = "test"

    def __init__(self, clock: list[datetime]) -> None:
        super().__init__()
        self.clock = clock
        self.open: dict[int, Order] = {}

    def place_order(self, order: Order) -> bool:
        self.open[order.id] = order
        return True

    def update_order(self, order: Order) -> bool:
        return order.id in self.open

    def cancel_order(self, order: Order) -> bool:
        return self.open.pop(order.id, None) is not None

    def scan(self) -> None:
        for order in list(self.open.values()):
            if order.type != OrderType.MARKET:
                continue
            del self.open[order.id]
            event = OrderEvent(
                order.id,
                order.symbol,
                self.clock[0],
                OrderStatus.FILLED,
                order.direction,
                100.0 + order.id,
                order.quantity,
                OrderFee(CashAmount(2.15 * abs(order.quantity), "USD")),
            )
            self.on_order_events([event])


def make_handler(compact: bool = True) -> tuple[TransactionHandler, list[OrderEvent], list[datetime]]:
    """A transaction handler on a :class:`FillingBrokerage`, the events it emitted, and its clock."""
    clock = [T0]
    seen: list[OrderEvent] = []
    handler = TransactionHandler(
        FillingBrokerage(clock),
        lambda: clock[0],
        seen.extend,
        lambda order: (True, ""),
        lambda order, request: (True, ""),
    )
    handler.compact_closed_orders = compact
    return handler, seen, clock
