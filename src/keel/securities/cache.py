"""The latest market data of a security (LEAN's ``SecurityCache``).

``add_data`` runs once per data point in the backtest loop, so it only assigns attributes: no
allocation, no logging. Trade data sets OHLC and price; quote data sets bid/ask and, except for
equities (``EquityCache``), OHLC and price too: when a trade bar and a quote bar end together
the quote bar wins, whatever the arrival order (LEAN).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from keel.model.aliases import add_pascal_aliases
from keel.model.bars import BaseData, OpenInterest, QuoteBar, Tick, TradeBar
from keel.model.enums import TickType


class SecurityCache:
    """Last trade bar, quote bar, ticks and open interest, plus the derived prices."""

    # LEAN's ``SubscriptionManager.IsDefaultDataType``: quote bars are a default data type (they
    # set OHLC, price and the last data point) for every security type but equities
    quotes_set_price = True

    __slots__ = (
        "_last_data",
        "_last_ohlc_update",
        "_last_quote_bar",
        "_last_quote_tick",
        "_last_trade_bar",
        "_last_trade_tick",
        "_other",
        "_ticks",
        "ask_price",
        "ask_size",
        "bid_price",
        "bid_size",
        "close",
        "high",
        "low",
        "open",
        "open_interest",
        "price",
        "volume",
    )

    def __init__(self) -> None:
        self.price = 0.0
        self.open = 0.0
        self.high = 0.0
        self.low = 0.0
        self.close = 0.0
        self.volume = 0.0
        self.bid_price = 0.0
        self.ask_price = 0.0
        self.bid_size = 0.0
        self.ask_size = 0.0
        self.open_interest = 0.0
        self._last_data: BaseData | None = None
        self._last_trade_bar: TradeBar | None = None
        self._last_quote_bar: QuoteBar | None = None
        self._last_trade_tick: Tick | None = None
        self._last_quote_tick: Tick | None = None
        self._ticks: list[Tick] = []
        self._other: dict[type, Any] = {}
        self._last_ohlc_update: datetime | None = None

    # --- updates (hot path) ---------------------------------------------------------------
    def add_data(self, data: BaseData) -> None:
        """Store one data point and update the derived prices (LEAN's ``SecurityCache.AddData``).

        Fill-forward data is not cached. When a trade bar and a quote bar share an end time the
        quote bar sets the price (LEAN prefers quotes so fills and prices are deterministic).
        """
        cls = type(data)
        if cls is TradeBar or isinstance(data, TradeBar):  # first: the common case (a trade bar per step)
            if getattr(data, "is_fill_forward", False):
                return
            bar: TradeBar = data  # type: ignore[assignment]
            self._last_trade_bar = bar
            quote_same_time = self._last_ohlc_update == bar.end_time
            if not quote_same_time:
                self._last_data = bar
                self._set_ohlc(bar.open, bar.high, bar.low, bar.close)
            if bar.volume:
                self.volume = bar.volume
            self._on_price()
            return
        if cls is OpenInterest or isinstance(data, OpenInterest):
            self.open_interest = data.value
            self._other[OpenInterest] = data
            return
        if getattr(data, "is_fill_forward", False):
            return
        if cls is QuoteBar or isinstance(data, QuoteBar):
            quote: QuoteBar = data  # type: ignore[assignment]
            self._last_quote_bar = quote
            bid, ask = quote.bid, quote.ask
            if bid is not None and bid.close:
                self.bid_price = bid.close
            if quote.last_bid_size:
                self.bid_size = quote.last_bid_size
            if ask is not None and ask.close:
                self.ask_price = ask.close
            if quote.last_ask_size:
                self.ask_size = quote.last_ask_size
            if not self.quotes_set_price:
                return
            self._last_data = quote
            if self._last_ohlc_update != quote.end_time:
                self._set_ohlc(quote.open, quote.high, quote.low, quote.value)
            self._last_ohlc_update = quote.end_time
            self._on_price()
            return
        if cls is Tick or isinstance(data, Tick):
            self._add_tick(data)  # type: ignore[arg-type]
            return
        self._other[cls] = data
        self._last_data = data
        if data.value:
            self.price = data.value
            self._on_price()

    def _set_ohlc(self, o: float, h: float, low: float, c: float) -> None:
        """Take a bar's non-zero OHLC; its close becomes the price."""
        if o:
            self.open = o
        if h:
            self.high = h
        if low:
            self.low = low
        if c:
            self.close = c
            self.price = c

    def _add_tick(self, tick: Tick) -> None:
        if tick.tick_type == TickType.OPEN_INTEREST:
            self.open_interest = tick.value
            return
        ticks = self._ticks
        if ticks and ticks[-1].end_time != tick.end_time:
            ticks.clear()
        ticks.append(tick)
        self._last_data = tick
        if tick.tick_type == TickType.QUOTE:
            self._last_quote_tick = tick
            if tick.bid_price:
                self.bid_price = tick.bid_price
            if tick.bid_size:
                self.bid_size = tick.bid_size
            if tick.ask_price:
                self.ask_price = tick.ask_price
            if tick.ask_size:
                self.ask_size = tick.ask_size
        else:
            self._last_trade_tick = tick
            if tick.quantity:
                self.volume = tick.quantity
        if tick.value:
            self.price = tick.value
            self.close = tick.value
            self._on_price()

    def _on_price(self) -> None:
        """Hook for subclasses (``FutureCache`` tracks the settlement price)."""

    def add_data_list(self, data: list[BaseData]) -> None:
        """Store several points of one time step (ticks of a slice)."""
        for point in data:
            self.add_data(point)

    # --- queries ----------------------------------------------------------------------------
    def get_data(self, data_type: type | None = None) -> Any:
        """The latest point of ``data_type`` (the latest of any type when ``None``)."""
        if data_type is None:
            return self._last_data
        if data_type is TradeBar:
            return self._last_trade_bar
        if data_type is QuoteBar:
            return self._last_quote_bar
        if data_type is Tick:
            return self._ticks[-1] if self._ticks else None
        return self._other.get(data_type)

    def get_all(self, data_type: type = Tick) -> list[Any]:
        """All points of ``data_type`` of the latest time step (ticks), or the latest one."""
        if data_type is Tick:
            return list(self._ticks)
        point = self.get_data(data_type)
        return [] if point is None else [point]

    @property
    def last_trade_tick(self) -> Tick | None:
        """The latest trade tick."""
        return self._last_trade_tick

    @property
    def last_quote_tick(self) -> Tick | None:
        """The latest quote tick."""
        return self._last_quote_tick

    @property
    def has_data(self) -> bool:
        """True once any price data arrived."""
        return self._last_data is not None

    def reset(self) -> None:
        """Forget all data (LEAN calls this when a security is removed and re-added)."""
        self.__init__()  # type: ignore[misc]


add_pascal_aliases(SecurityCache)


class FutureCache(SecurityCache):
    """A futures cache that also keeps the settlement price (the latest price seen)."""

    __slots__ = ("settlement_price",)

    def __init__(self) -> None:
        super().__init__()
        self.settlement_price = 0.0

    def _on_price(self) -> None:
        self.settlement_price = self.price


add_pascal_aliases(FutureCache)


class EquityCache(SecurityCache):
    """An equity cache: quote bars only set bid/ask; the price comes from trades (LEAN)."""

    __slots__ = ()

    quotes_set_price = False
