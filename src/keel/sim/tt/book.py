"""Price-time priority limit order book of one instrument (prices in integer ticks)."""

from __future__ import annotations

import bisect
from collections import deque
from collections.abc import Iterator

from keel.sim.tt.orders import Side, SimOrder


class BookSide:
    """One side of the book: price levels, each a FIFO queue of resting orders."""

    __slots__ = ("_levels", "_prices", "_sizes", "is_bid")

    def __init__(self, is_bid: bool) -> None:
        self.is_bid = is_bid
        self._levels: dict[int, deque[SimOrder]] = {}
        self._prices: list[int] = []
        self._sizes: dict[int, int] = {}

    def __bool__(self) -> bool:
        return bool(self._prices)

    def best(self) -> int | None:
        """Best price of the side, ``None`` when empty."""
        if not self._prices:
            return None
        return self._prices[-1] if self.is_bid else self._prices[0]

    def level(self, price: int) -> deque[SimOrder]:
        """The FIFO queue at ``price`` (must exist)."""
        return self._levels[price]

    def size_at(self, price: int | None) -> int:
        """Total working quantity at ``price``."""
        if price is None:
            return 0
        return self._sizes.get(price, 0)

    def append(self, order: SimOrder, price: int) -> None:
        """Queue ``order`` at the back of the level ``price``."""
        queue = self._levels.get(price)
        if queue is None:
            queue = deque()
            self._levels[price] = queue
            self._sizes[price] = 0
            bisect.insort(self._prices, price)
        queue.append(order)
        self._sizes[price] += order.leaves

    def reduce(self, price: int, quantity: int) -> None:
        """Account for ``quantity`` lots leaving the level ``price`` (a fill or a size decrease)."""
        self._sizes[price] -= quantity

    def remove(self, order: SimOrder, price: int) -> None:
        """Take ``order`` out of the level ``price``; ``KeyError``/``ValueError`` if it is not there."""
        queue = self._levels[price]
        queue.remove(order)
        self._sizes[price] -= order.leaves
        if not queue:
            self.drop_level(price)

    def drop_level(self, price: int) -> None:
        """Remove an empty level."""
        del self._levels[price]
        del self._sizes[price]
        index = bisect.bisect_left(self._prices, price)
        del self._prices[index]

    def levels(self, depth: int | None = None) -> Iterator[tuple[int, int]]:
        """(price, size) from best to worst, at most ``depth`` levels."""
        prices = reversed(self._prices) if self.is_bid else iter(self._prices)
        for count, price in enumerate(prices):
            if depth is not None and count >= depth:
                return
            yield price, self.size_at(price)

    def orders(self) -> Iterator[SimOrder]:
        """Every resting order of the side, best level first, in time priority."""
        prices = list(reversed(self._prices)) if self.is_bid else list(self._prices)
        for price in prices:
            yield from list(self._levels[price])


class OrderBook:
    """Bids and asks of one instrument."""

    __slots__ = ("asks", "bids")

    def __init__(self) -> None:
        self.bids = BookSide(is_bid=True)
        self.asks = BookSide(is_bid=False)

    def side(self, side: Side) -> BookSide:
        """The side where orders of ``side`` rest."""
        return self.bids if side is Side.BUY else self.asks

    def opposite(self, side: Side) -> BookSide:
        """The side an aggressive order of ``side`` trades against."""
        return self.asks if side is Side.BUY else self.bids

    def top(self) -> tuple[int | None, int, int | None, int]:
        """(bid, bid size, ask, ask size) at the top of the book."""
        bid, ask = self.bids.best(), self.asks.best()
        return bid, self.bids.size_at(bid), ask, self.asks.size_at(ask)
