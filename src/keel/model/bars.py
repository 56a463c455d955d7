"""Market data points: trade bars, quote bars, ticks and open interest.

Times follow LEAN: ``time`` is the start of the period and ``end_time`` its end, both naive
datetimes in the security's exchange time zone. Classes use ``__slots__`` because the
backtest loop creates one object per bar.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from keel.model.aliases import add_pascal_aliases
from keel.model.enums import TickType
from keel.model.symbol import Symbol


class BaseData:
    """Common fields of every data point: symbol, start and end time, and a value (price)."""

    __slots__ = ("end_time", "is_fill_forward", "symbol", "time", "value")

    data_type_name = "BaseData"
    is_fill_forward: bool

    def __init__(self, symbol: Symbol, time: datetime, end_time: datetime, value: float) -> None:
        self.is_fill_forward = False
        self.symbol = symbol
        self.time = time
        self.end_time = end_time
        self.value = value

    @property
    def price(self) -> float:
        """The data point's price (LEAN's ``Price`` = ``Value``)."""
        return self.value


    @property
    def period(self) -> timedelta:
        """Length of the period the data point covers."""
        return self.end_time - self.time


class Bar:
    """Open, high, low, close of one side of a quote bar."""

    __slots__ = ("close", "high", "low", "open")

    def __init__(self, open: float, high: float, low: float, close: float) -> None:
        self.open = open
        self.high = high
        self.low = low
        self.close = close


    def __repr__(self) -> str:
        return f"Bar(o={self.open}, h={self.high}, l={self.low}, c={self.close})"


class TradeBar(BaseData):
    """OHLCV of the trades in a period."""

    __slots__ = ("close", "high", "low", "open", "volume")

    data_type_name = "TradeBar"

    def __init__(
        self,
        symbol: Symbol,
        time: datetime,
        end_time: datetime,
        open: float,
        high: float,
        low: float,
        close: float,
        volume: float = 0.0,
    ) -> None:
        self.is_fill_forward = False
        self.symbol = symbol
        self.time = time
        self.end_time = end_time
        self.value = close
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume


    def __repr__(self) -> str:
        return (
            f"TradeBar({self.symbol}, {self.time:%Y-%m-%d %H:%M}, o={self.open}, h={self.high}, "
            f"l={self.low}, c={self.close}, v={self.volume})"
        )


class QuoteBar(BaseData):
    """Bid and ask OHLC of a period; OHLC properties are the mid (or the one side present)."""

    __slots__ = ("ask", "bid", "last_ask_size", "last_bid_size")

    data_type_name = "QuoteBar"

    def __init__(
        self,
        symbol: Symbol,
        time: datetime,
        end_time: datetime,
        bid: Bar | None,
        last_bid_size: float,
        ask: Bar | None,
        last_ask_size: float,
    ) -> None:
        self.is_fill_forward = False
        self.symbol = symbol
        self.time = time
        self.end_time = end_time
        self.bid = bid
        self.ask = ask
        self.last_bid_size = last_bid_size
        self.last_ask_size = last_ask_size
        self.value = self._mid("close")

    def _mid(self, field: str) -> float:
        bid, ask = self.bid, self.ask
        if bid is not None and ask is not None:
            return (getattr(bid, field) + getattr(ask, field)) / 2.0
        if bid is not None:
            return float(getattr(bid, field))
        if ask is not None:
            return float(getattr(ask, field))
        return 0.0

    @property
    def open(self) -> float:
        """Mid open."""
        return self._mid("open")

    @property
    def high(self) -> float:
        """Mid high."""
        return self._mid("high")

    @property
    def low(self) -> float:
        """Mid low."""
        return self._mid("low")

    @property
    def close(self) -> float:
        """Mid close."""
        return self.value


    def __repr__(self) -> str:
        return f"QuoteBar({self.symbol}, {self.time:%Y-%m-%d %H:%M}, bid={self.bid}, ask={self.ask})"


class Tick(BaseData):
    """A trade, quote or open-interest tick."""

    __slots__ = (
        "ask_price",
        "ask_size",
        "bid_price",
        "bid_size",
        "exchange",
        "quantity",
        "sale_condition",
        "suspicious",
        "tick_type",
    )

    data_type_name = "Tick"

    def __init__(
        self,
        symbol: Symbol,
        time: datetime,
        tick_type: TickType,
        value: float = 0.0,
        quantity: float = 0.0,
        bid_price: float = 0.0,
        bid_size: float = 0.0,
        ask_price: float = 0.0,
        ask_size: float = 0.0,
        exchange: str = "",
        sale_condition: str = "",
        suspicious: bool = False,
    ) -> None:
        self.is_fill_forward = False
        self.symbol = symbol
        self.time = time
        self.end_time = time
        self.tick_type = tick_type
        self.quantity = quantity
        self.bid_price = bid_price
        self.bid_size = bid_size
        self.ask_price = ask_price
        self.ask_size = ask_size
        self.exchange = exchange
        self.sale_condition = sale_condition
        self.suspicious = suspicious
        if tick_type == TickType.QUOTE and not value:
            if bid_price and ask_price:
                value = (bid_price + ask_price) / 2.0
            else:
                value = bid_price or ask_price
        self.value = value

    @property
    def last_price(self) -> float:
        """Price of a trade tick."""
        return self.value


class OpenInterest(BaseData):
    """Open interest of a futures contract at a point in time."""

    __slots__ = ()

    data_type_name = "OpenInterest"

    def __init__(self, symbol: Symbol, time: datetime, value: float, end_time: datetime | None = None) -> None:
        self.is_fill_forward = False
        self.symbol = symbol
        self.time = time
        self.end_time = end_time or time
        self.value = value


for _cls in (BaseData, Bar, TradeBar, QuoteBar, Tick):
    add_pascal_aliases(_cls)
