"""Background liquidity: house quotes in the books and background trades on the tape.

Two sources share one :class:`HouseQuoter`: :class:`SyntheticLiquidity` (a seeded random walk
per instrument) and :class:`ReplayLiquidity` (LEAN minute quotes and trades of chosen dates).
Sources are stepped by the simulator's liquidity thread (or directly by tests); every step
returns engine events, so fills of client orders it causes are reported like any other.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Protocol

from keel.sim.tt.instruments import Catalogue, Instrument
from keel.sim.tt.lean_replay import ReplayEvent, ReplayQuote, ReplayTrade, read_day
from keel.sim.tt.matching import HOUSE_ACCOUNT, MatchingEngine
from keel.sim.tt.orders import Event, NewOrder, OrdType, QuoteChange, Side, TimeInForce


class LiquiditySource(Protocol):
    """Something that moves the market when stepped."""

    def next_delay(self) -> float | None:
        """Wall-clock seconds until the next step is due, ``None`` when exhausted."""
        ...

    def step(self, engine: MatchingEngine) -> list[Event]:
        """Apply the next market change to ``engine``; return the events."""
        ...


def coalesce_quotes(events: list[Event]) -> list[Event]:
    """Keep only the last top-of-book change per instrument (moved to the end), like TT's
    ~100 ms conflation; execution reports and trades keep their order."""
    last: dict[str, QuoteChange] = {}
    kept: list[Event] = []
    for event in events:
        if isinstance(event, QuoteChange):
            last[event.instrument.id] = event
        else:
            kept.append(event)
    kept.extend(last.values())
    return kept


@dataclass(slots=True)
class _HouseLevel:
    cl_ord_id: str
    size: int


@dataclass(slots=True)
class HouseQuoter:
    """Keeps the house's resting orders equal to a target ladder, touching only changed levels."""

    _levels: dict[tuple[str, Side, int], _HouseLevel] = field(default_factory=dict)
    _counter: int = 0

    def requote(
        self,
        engine: MatchingEngine,
        instrument: Instrument,
        bids: Sequence[tuple[int, int]],
        asks: Sequence[tuple[int, int]],
    ) -> list[Event]:
        """Make the house bid ``bids`` and offer ``asks`` ((price ticks, size) pairs)."""
        target = {(instrument.id, Side.BUY, p): s for p, s in bids if s > 0}
        target.update({(instrument.id, Side.SELL, p): s for p, s in asks if s > 0})
        events: list[Event] = []
        for key, level in list(self._levels.items()):
            if key[0] != instrument.id:
                continue
            order = engine.order(None, level.cl_ord_id)
            alive = order is not None and order.is_working
            if alive and target.get(key) == order.leaves:  # type: ignore[union-attr]
                continue
            if alive:
                self._counter += 1
                events += engine.cancel(f"hx-{self._counter}", level.cl_ord_id, None)
            del self._levels[key]
        for key, size in target.items():
            if key in self._levels:
                continue
            _, side, price = key
            self._counter += 1
            cl_ord_id = f"h-{self._counter}"
            request = NewOrder(
                cl_ord_id, instrument, side, OrdType.LIMIT, TimeInForce.GTC, size, price, None,
                HOUSE_ACCOUNT, None,
            )
            events += engine.submit(request)
            order = engine.order(None, cl_ord_id)
            if order is not None and order.is_working:
                self._levels[key] = _HouseLevel(cl_ord_id, size)
        return events


class SyntheticLiquidity:
    """A seeded random walk per instrument: a ladder of house quotes plus random prints."""

    def __init__(
        self,
        instruments: Sequence[Instrument],
        seed: int,
        interval: float = 0.25,
        depth: int = 5,
        level_size: int = 10,
        trade_probability: float = 0.3,
    ) -> None:
        self.instruments = list(instruments)
        self.interval = interval
        self.depth = depth
        self.level_size = level_size
        self.trade_probability = trade_probability
        self.quoter = HouseQuoter()
        self._rngs = {i.id: random.Random(f"{seed}:{i.id}") for i in self.instruments}
        self._mids = {i.id: i.real_to_ticks(i.product.reference_price) for i in self.instruments}
        self.steps = 0

    def next_delay(self) -> float | None:
        """Constant step interval."""
        return self.interval

    def step(self, engine: MatchingEngine) -> list[Event]:
        """Move every instrument's mid by at most a tick, requote, maybe print a trade."""
        events: list[Event] = []
        for instrument in self.instruments:
            rng = self._rngs[instrument.id]
            last = engine.last_trade(instrument)
            mid = self._mids[instrument.id] if last is None else (self._mids[instrument.id] + last) // 2
            mid += rng.choice((-1, 0, 0, 1))
            self._mids[instrument.id] = mid
            bids = [(mid - i, self.level_size + rng.randint(0, self.level_size)) for i in range(self.depth)]
            asks = [(mid + 1 + i, self.level_size + rng.randint(0, self.level_size)) for i in range(self.depth)]
            events += self.quoter.requote(engine, instrument, bids, asks)
            if rng.random() < self.trade_probability:
                aggressor = Side.BUY if rng.random() < 0.5 else Side.SELL
                price = mid + 1 if aggressor is Side.BUY else mid
                events += engine.print_trade(instrument, price, rng.randint(1, 5), aggressor)
        self.steps += 1
        return coalesce_quotes(events)


class ReplayLiquidity:
    """Replays LEAN minute quotes and trades of the given dates at ``speed`` x real time."""

    def __init__(
        self,
        catalogue: Catalogue,
        folder: str | Path,
        market: str,
        root: str,
        dates: Sequence[date],
        speed: float = 1.0,
        depth: int = 5,
        level_size: int = 10,
        wall_clock: Callable[[], float] | None = None,
    ) -> None:
        if not dates:
            raise ValueError("replay needs at least one date (liquidity.replay_dates / --replay-date)")
        self.speed = speed
        self.depth = depth
        self.level_size = level_size
        self.quoter = HouseQuoter()
        product = catalogue.product_for(root.upper())
        self.events: list[ReplayEvent] = []
        for day in dates:
            self.events += read_day(folder, market, root, day)
        self.instruments: dict[str, Instrument] = {}
        for event in self.events:
            if event.contract_month not in self.instruments:
                self.instruments[event.contract_month] = catalogue.add(product.symbol, event.contract_month)
        self._index = 0
        self._start_data = self.events[0].time if self.events else datetime.now(UTC)
        self._wall = wall_clock
        self._start_wall: float | None = None
        self._now = self._start_data

    def now(self) -> datetime:
        """Market (replay) time: the time of the last replayed event."""
        return self._now

    @property
    def exhausted(self) -> bool:
        """True once every event has been replayed."""
        return self._index >= len(self.events)

    def next_delay(self) -> float | None:
        """Wall seconds until the next event is due at the configured speed."""
        if self.exhausted:
            return None
        if self._wall is None:
            return 0.0
        now = self._wall()
        if self._start_wall is None:
            self._start_wall = now
        due = (self.events[self._index].time - self._start_data).total_seconds() / self.speed
        return max(0.0, due - (now - self._start_wall))

    def step(self, engine: MatchingEngine) -> list[Event]:
        """Replay every event that shares the next event's timestamp."""
        events: list[Event] = []
        if self.exhausted:
            return events
        stamp = self.events[self._index].time
        while not self.exhausted and self.events[self._index].time == stamp:
            event = self.events[self._index]
            self._index += 1
            self._now = event.time
            instrument = self.instruments[event.contract_month]
            if isinstance(event, ReplayQuote):
                events += self._quote(engine, instrument, event)
            else:
                events += self._trade(engine, instrument, event)
        return coalesce_quotes(events)

    def _quote(self, engine: MatchingEngine, instrument: Instrument, quote: ReplayQuote) -> list[Event]:
        bids: list[tuple[int, int]] = []
        asks: list[tuple[int, int]] = []
        if quote.bid is not None and quote.bid_size > 0:
            top = instrument.real_to_ticks(quote.bid)
            bids = [(top, quote.bid_size)] + [(top - i, self.level_size) for i in range(1, self.depth)]
        if quote.ask is not None and quote.ask_size > 0:
            top = instrument.real_to_ticks(quote.ask)
            asks = [(top, quote.ask_size)] + [(top + i, self.level_size) for i in range(1, self.depth)]
        return self.quoter.requote(engine, instrument, bids, asks)

    @staticmethod
    def _trade(engine: MatchingEngine, instrument: Instrument, trade: ReplayTrade) -> list[Event]:
        price = instrument.real_to_ticks(trade.price)
        bid, _, ask, _ = engine.top(instrument)
        if ask is not None and price >= ask:
            aggressor = Side.BUY
        elif bid is not None and price <= bid:
            aggressor = Side.SELL
        else:
            aggressor = Side.BUY if bid is None or price > bid else Side.SELL
        return engine.print_trade(instrument, price, trade.volume, aggressor)


def replay_dates(texts: Sequence[str]) -> list[date]:
    """Parse ``YYYY-MM-DD`` or ``YYYYMMDD`` dates; ``ValueError`` names the bad one."""
    result = []
    for text in texts:
        cleaned = text.replace("-", "")
        try:
            result.append(datetime.strptime(cleaned, "%Y%m%d").date())
        except ValueError:
            raise ValueError(f"replay date {text!r} is not YYYY-MM-DD") from None
    return result
