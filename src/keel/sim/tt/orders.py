"""The simulator's own order and event types (independent of Keel's engine order model).

Codes deliberately equal their FIX values (54 Side, 40 OrdType, 59 TimeInForce, 39 OrdStatus,
150 ExecType) so the FIX layer can write them without a mapping table.

The immutable values (requests and events) are named tuples: one is built per order and per
report on the venue's hot path, and a tuple is built about three times faster than a frozen
dataclass (which sets each field through ``object.__setattr__``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import NamedTuple

from keel.sim.tt.instruments import Instrument


class Side(str, Enum):
    """Order side (FIX 54)."""

    BUY = "1"
    SELL = "2"

    @property
    def sign(self) -> int:
        """+1 for buys, -1 for sells."""
        return 1 if self is Side.BUY else -1


class OrdType(str, Enum):
    """Order type (FIX 40)."""

    MARKET = "1"
    LIMIT = "2"
    STOP = "3"
    STOP_LIMIT = "4"


class TimeInForce(str, Enum):
    """Time in force (FIX 59); TT accepts Day and GTC from this client."""

    DAY = "0"
    GTC = "1"


class OrdStatus(str, Enum):
    """Order status (FIX 39)."""

    NEW = "0"
    PARTIALLY_FILLED = "1"
    FILLED = "2"
    CANCELED = "4"
    REJECTED = "8"
    EXPIRED = "C"


class ExecType(str, Enum):
    """Execution type (FIX 150)."""

    NEW = "0"
    CANCELED = "4"
    REPLACED = "5"
    REJECTED = "8"
    EXPIRED = "C"
    TRADE = "F"
    ORDER_STATUS = "I"


TERMINAL = frozenset({OrdStatus.FILLED, OrdStatus.CANCELED, OrdStatus.REJECTED, OrdStatus.EXPIRED})
"""Statuses after which an order can no longer trade."""


@dataclass(slots=True)
class SimOrder:
    """A live order inside the matching engine. Mutable; only the engine changes it."""

    order_id: str
    cl_ord_id: str
    instrument: Instrument
    side: Side
    ord_type: OrdType
    tif: TimeInForce
    quantity: int
    limit: int | None
    stop: int | None
    account: str
    owner: str | None
    seq: int = 0
    cum_qty: int = 0
    notional: int = 0
    status: OrdStatus = OrdStatus.NEW
    triggered: bool = False
    stop_generation: int = 0
    expires_at: datetime | None = None
    text: str | None = None

    @property
    def leaves(self) -> int:
        """Quantity still working (0 once the order is terminal)."""
        return 0 if self.status in TERMINAL else self.quantity - self.cum_qty

    @property
    def is_working(self) -> bool:
        """True while the order can still trade."""
        return self.status not in TERMINAL

    @property
    def is_pending_stop(self) -> bool:
        """True for a stop or stop-limit order that has not been triggered yet."""
        return self.ord_type in (OrdType.STOP, OrdType.STOP_LIMIT) and not self.triggered


class NewOrder(NamedTuple):
    """A validated order entry request, prices already in ticks."""

    cl_ord_id: str
    instrument: Instrument
    side: Side
    ord_type: OrdType
    tif: TimeInForce
    quantity: int
    limit: int | None
    stop: int | None
    account: str
    owner: str | None


class ExecReport(NamedTuple):
    """Immutable snapshot of an order at one execution event; the FIX layer formats it as 35=8."""

    exec_id: str
    exec_type: ExecType
    order_id: str
    cl_ord_id: str
    orig_cl_ord_id: str | None
    instrument: Instrument
    side: Side
    ord_type: OrdType
    tif: TimeInForce
    quantity: int
    limit: int | None
    stop: int | None
    account: str
    owner: str | None
    ord_status: OrdStatus
    cum_qty: int
    leaves_qty: int
    notional: int
    last_qty: int = 0
    last_px: int = 0
    text: str | None = None
    trade_id: str | None = None


class CancelReject(NamedTuple):
    """A refused cancel (434=1) or cancel/replace (434=2), formatted as 35=9."""

    cl_ord_id: str
    orig_cl_ord_id: str
    order_id: str
    ord_status: OrdStatus
    response_to: str
    reason: str
    text: str
    owner: str | None


class TradePrint(NamedTuple):
    """One trade on the tape (a match of two orders or a background print)."""

    trade_id: str
    instrument: Instrument
    price: int
    quantity: int
    aggressor: Side
    buy_account: str | None
    sell_account: str | None


class QuoteChange(NamedTuple):
    """New top of book of an instrument (prices in ticks, sizes in lots; ``None`` for an empty side)."""

    instrument: Instrument
    bid: int | None
    bid_size: int
    ask: int | None
    ask_size: int


Event = ExecReport | CancelReject | TradePrint | QuoteChange
"""Everything the matching engine emits, in the order it happened."""
