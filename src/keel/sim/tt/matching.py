"""Matching engine of the simulated TT venue: order entry, cancel, replace, stops, expiry.

Pure Python and single-threaded: callers serialise access (the simulator holds one lock).
Every public operation returns the events it caused, in order: execution reports for every
affected order (both sides of each match), cancel rejects, trade prints and top-of-book
changes. Nothing is emitted anywhere else, so nothing can be lost or doubled between the
engine and the FIX layer.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from keel.sim.tt.book import OrderBook
from keel.sim.tt.instruments import Instrument, next_session_close
from keel.sim.tt.orders import (
    CancelReject,
    Event,
    ExecReport,
    ExecType,
    NewOrder,
    OrdStatus,
    OrdType,
    QuoteChange,
    Side,
    SimOrder,
    TimeInForce,
    TradePrint,
)
from keel.sim.tt.positions import PositionBook

HOUSE_ACCOUNT = "HOUSE"
"""Account of the background liquidity; its orders have no FIX owner."""

CANCEL_REJECT_TOO_LATE = "0"
CANCEL_REJECT_UNKNOWN = "1"
CANCEL_REJECT_OTHER = "99"


@dataclass(slots=True)
class _InstrumentState:
    book: OrderBook = field(default_factory=OrderBook)
    buy_stops: list[tuple[int, int, int, SimOrder]] = field(default_factory=list)
    sell_stops: list[tuple[int, int, int, SimOrder]] = field(default_factory=list)
    last_trade: int | None = None
    published_top: tuple[int | None, int, int | None, int] = (None, 0, None, 0)
    volume: int = 0


class MatchingEngine:
    """Price-time priority matching across instruments, with stop triggering and Day expiry."""

    def __init__(
        self,
        clock: Callable[[], datetime] | None = None,
        seed: int = 0,
        report_house: bool = False,
    ) -> None:
        self._clock = clock or (lambda: datetime.now(UTC))
        self._ids = random.Random(seed)
        self._report_house = report_house
        self._states: dict[str, _InstrumentState] = {}
        self._orders: dict[str, SimOrder] = {}
        self._by_cl_ord_id: dict[tuple[str | None, str], SimOrder | None] = {}
        self._expiries: list[tuple[datetime, int, SimOrder]] = []
        self._seq = 0
        self._exec_seq = 0
        self._trade_seq = 0
        self._closes: dict[str, tuple[datetime, datetime]] = {}
        self.positions = PositionBook()

    # ------------------------------------------------------------------ queries
    def state(self, instrument: Instrument) -> _InstrumentState:
        """Book, stops and last trade of ``instrument`` (created on first use)."""
        state = self._states.get(instrument.id)
        if state is None:
            state = _InstrumentState()
            self._states[instrument.id] = state
        return state

    def book(self, instrument: Instrument) -> OrderBook:
        """The order book of ``instrument``."""
        return self.state(instrument).book

    def last_trade(self, instrument: Instrument) -> int | None:
        """Last traded price in ticks, ``None`` before the first trade."""
        return self.state(instrument).last_trade

    def top(self, instrument: Instrument) -> tuple[int | None, int, int | None, int]:
        """(bid, bid size, ask, ask size) of ``instrument``."""
        return self.state(instrument).book.top()

    def is_known_cl_ord_id(self, owner: str | None, cl_ord_id: str) -> bool:
        """True if ``owner`` already used ``cl_ord_id`` (ClOrdIDs must be unique per user)."""
        return (owner, cl_ord_id) in self._by_cl_ord_id

    def order(self, owner: str | None, cl_ord_id: str) -> SimOrder | None:
        """The order ``owner`` knows by ``cl_ord_id`` (any id of its chain)."""
        return self._by_cl_ord_id.get((owner, cl_ord_id))

    def working_orders(self, owner: str | None = None, accounts: set[str] | None = None) -> list[SimOrder]:
        """Working orders, optionally of one owner and/or some accounts, in entry order."""
        return [
            o
            for o in self._orders.values()
            if o.is_working
            and (owner is None or o.owner == owner)
            and (accounts is None or o.account in accounts)
        ]

    def order_by_id(self, order_id: str) -> SimOrder | None:
        """The order with TT OrderID (37) ``order_id``."""
        return self._orders.get(order_id)

    def new_order_id(self) -> str:
        """A fresh OrderID (for reports of requests refused before reaching the engine)."""
        return self._new_order_id()

    def new_exec_id(self) -> str:
        """A fresh ExecID."""
        self._exec_seq += 1
        return f"x-{self._exec_seq}"

    def remember_rejected(self, owner: str | None, cl_ord_id: str) -> None:
        """Reserve ``cl_ord_id`` of a request refused outside the engine (ids stay unique)."""
        self._by_cl_ord_id.setdefault((owner, cl_ord_id), None)

    def refuse_amend(
        self, cl_ord_id: str, orig_cl_ord_id: str, owner: str | None, response_to: str, text: str
    ) -> list[Event]:
        """A cancel reject for an amend request the FIX layer found malformed."""
        order = self._by_cl_ord_id.get((owner, orig_cl_ord_id))
        if order is None:
            return [self._unknown_order_reject(cl_ord_id, orig_cl_ord_id, owner, response_to, text)]
        return [self._cancel_reject(order, cl_ord_id, orig_cl_ord_id, response_to, CANCEL_REJECT_OTHER, text)]

    def report(self, order: SimOrder, exec_type: ExecType, text: str | None = None) -> ExecReport:
        """A snapshot report of ``order`` (used for status replies)."""
        return self._snapshot(order, exec_type, text=text)

    # ------------------------------------------------------------------ order entry
    def submit(self, request: NewOrder) -> list[Event]:
        """Enter a new order: ack or reject, then any immediate fills and triggered stops."""
        events: list[Event] = []
        order = self._create(request)
        problem = self._entry_problem(order)
        if problem is not None:
            order.status = OrdStatus.REJECTED
            self._emit(events, order, ExecType.REJECTED, text=problem)
            return events
        self._emit(events, order, ExecType.NEW)
        if order.tif is TimeInForce.DAY:
            order.expires_at = self._session_close(order.instrument, self._clock())
            heapq.heappush(self._expiries, (order.expires_at, order.seq, order))
        if order.is_pending_stop:
            self._arm_stop(order)
        else:
            self._execute(order, events)
            self._run_stops(order.instrument, events)
        self._publish_top(order.instrument, events)
        return events

    def reject(self, request: NewOrder, text: str) -> list[Event]:
        """Refuse an order the FIX layer found invalid: one 150=8 report, no book change."""
        order = self._create(request)
        order.status = OrdStatus.REJECTED
        events: list[Event] = []
        self._emit(events, order, ExecType.REJECTED, text=text)
        return events

    def _create(self, request: NewOrder) -> SimOrder:
        self._seq += 1
        order = SimOrder(
            order_id=self._new_order_id(),
            cl_ord_id=request.cl_ord_id,
            instrument=request.instrument,
            side=request.side,
            ord_type=request.ord_type,
            tif=request.tif,
            quantity=request.quantity,
            limit=request.limit,
            stop=request.stop,
            account=request.account,
            owner=request.owner,
            seq=self._seq,
        )
        self._orders[order.order_id] = order
        self._by_cl_ord_id[(order.owner, order.cl_ord_id)] = order
        return order

    def _session_close(self, instrument: Instrument, now: datetime) -> datetime:
        """:func:`next_session_close` of ``instrument`` after ``now``, remembered per product: the
        close ``C`` found after ``t`` is also the first close after any time in ``[t, C)``."""
        key = instrument.product.symbol
        known = self._closes.get(key)
        if known is not None and known[0] <= now < known[1]:
            return known[1]
        close = next_session_close(instrument, now)
        self._closes[key] = (now, close)
        return close

    def _entry_problem(self, order: SimOrder) -> str | None:
        if order.quantity <= 0:
            return f"Order quantity must be positive, got {order.quantity}"
        needs_limit = order.ord_type in (OrdType.LIMIT, OrdType.STOP_LIMIT)
        needs_stop = order.ord_type in (OrdType.STOP, OrdType.STOP_LIMIT)
        if needs_limit and order.limit is None:
            return "Price (44) is required for limit and stop limit orders"
        if needs_stop and order.stop is None:
            return "StopPx (99) is required for stop and stop limit orders"
        return self._stop_problem(order.instrument, order.side, order.ord_type, order.limit, order.stop)

    def _stop_problem(
        self, instrument: Instrument, side: Side, ord_type: OrdType, limit: int | None, stop: int | None
    ) -> str | None:
        if ord_type not in (OrdType.STOP, OrdType.STOP_LIMIT) or stop is None:
            return None
        last = self.state(instrument).last_trade
        if last is not None:
            if side is Side.BUY and stop <= last:
                return "Buy order stop price must be above last trade price"
            if side is Side.SELL and stop >= last:
                return "Sell order stop price must be below last trade price"
        if ord_type is OrdType.STOP_LIMIT and limit is not None:
            if side is Side.BUY and limit < stop:
                return "Stop price maxi-mini must be greater than or equal to trigger price"
            if side is Side.SELL and limit > stop:
                return "Stop price maxi-mini must be smaller than or equal to trigger price"
        return None

    # ------------------------------------------------------------------ cancel / replace
    def cancel(self, cl_ord_id: str, orig_cl_ord_id: str, owner: str | None) -> list[Event]:
        """Cancel the order known as ``orig_cl_ord_id``; 150=4 report or a 434=1 cancel reject."""
        events: list[Event] = []
        order, refusal = self._find_amendable(cl_ord_id, orig_cl_ord_id, owner, "1")
        if refusal is not None:
            return [refusal]
        assert order is not None
        self._withdraw(order)
        order.status = OrdStatus.CANCELED
        previous = order.cl_ord_id
        order.cl_ord_id = cl_ord_id
        self._by_cl_ord_id[(owner, cl_ord_id)] = order
        if owner is None:
            self._by_cl_ord_id.pop((None, previous), None)
        self._emit(events, order, ExecType.CANCELED, orig=previous)
        self._publish_top(order.instrument, events)
        return events

    def replace(
        self,
        cl_ord_id: str,
        orig_cl_ord_id: str,
        owner: str | None,
        ord_type: OrdType | None = None,
        quantity: int | None = None,
        limit: int | None = None,
        stop: int | None = None,
    ) -> list[Event]:
        """Amend quantity, limit or stop of a working order (150=5) or refuse it (434=2).

        A quantity decrease at an unchanged price keeps the order's queue position; a price
        change or a quantity increase sends it to the back of the queue at its (new) price.
        """
        events: list[Event] = []
        order, refusal = self._find_amendable(cl_ord_id, orig_cl_ord_id, owner, "2")
        if refusal is not None:
            return [refusal]
        assert order is not None
        new_qty = order.quantity if quantity is None else quantity
        new_limit = order.limit if limit is None else limit
        new_stop = order.stop if stop is None else stop
        problem: str | None = None
        if ord_type is not None and ord_type is not order.ord_type:
            problem = f"OrdType (40) {ord_type.value} differs from the order's type {order.ord_type.value}"
        elif order.ord_type is OrdType.MARKET:
            problem = "Market orders cannot be modified"
        elif new_qty <= order.cum_qty:
            problem = f"OrderQty (38) {new_qty} must exceed the filled quantity {order.cum_qty}"
        elif order.is_pending_stop:
            problem = self._stop_problem(order.instrument, order.side, order.ord_type, new_limit, new_stop)
        if problem is not None:
            return [self._cancel_reject(order, cl_ord_id, orig_cl_ord_id, "2", CANCEL_REJECT_OTHER, problem)]
        resting = not order.is_pending_stop
        loses_priority = new_qty > order.quantity or (resting and new_limit != order.limit)
        if order.is_pending_stop:
            self._withdraw(order)
            order.quantity, order.limit, order.stop = new_qty, new_limit, new_stop
        elif loses_priority:
            self._withdraw(order)
            order.quantity, order.limit, order.stop = new_qty, new_limit, new_stop
            self._seq += 1
            order.seq = self._seq
        else:
            assert order.limit is not None
            self.book(order.instrument).side(order.side).reduce(order.limit, order.quantity - new_qty)
            order.quantity = new_qty
        previous = order.cl_ord_id
        order.cl_ord_id = cl_ord_id
        self._by_cl_ord_id[(owner, cl_ord_id)] = order
        self._emit(events, order, ExecType.REPLACED, orig=previous)
        if order.is_pending_stop:
            self._arm_stop(order)
        elif loses_priority:
            self._execute(order, events)
            self._run_stops(order.instrument, events)
        self._publish_top(order.instrument, events)
        return events

    def _find_amendable(
        self, cl_ord_id: str, orig_cl_ord_id: str, owner: str | None, response_to: str
    ) -> tuple[SimOrder | None, CancelReject | None]:
        order = self._by_cl_ord_id.get((owner, orig_cl_ord_id))
        if order is None:
            text = f"Unknown order: OrigClOrdID (41) {orig_cl_ord_id}"
            return None, self._unknown_order_reject(cl_ord_id, orig_cl_ord_id, owner, response_to, text)
        if not order.is_working:
            text = f"Too late to cancel or replace: order is {order.status.name.lower()}"
            return order, self._cancel_reject(
                order, cl_ord_id, orig_cl_ord_id, response_to, CANCEL_REJECT_TOO_LATE, text
            )
        if order.cl_ord_id != orig_cl_ord_id:
            text = f"OrigClOrdID (41) {orig_cl_ord_id} is not the order's current ClOrdID {order.cl_ord_id}"
            return order, self._cancel_reject(
                order, cl_ord_id, orig_cl_ord_id, response_to, CANCEL_REJECT_OTHER, text
            )
        if (owner, cl_ord_id) in self._by_cl_ord_id:
            text = f"Duplicate ClOrdID (11) {cl_ord_id}"
            return order, self._cancel_reject(
                order, cl_ord_id, orig_cl_ord_id, response_to, CANCEL_REJECT_OTHER, text
            )
        return order, None

    @staticmethod
    def _unknown_order_reject(
        cl_ord_id: str, orig: str, owner: str | None, response_to: str, text: str
    ) -> CancelReject:
        return CancelReject(
            cl_ord_id, orig, "NONE", OrdStatus.REJECTED, response_to, CANCEL_REJECT_UNKNOWN, text, owner
        )

    @staticmethod
    def _cancel_reject(
        order: SimOrder, cl_ord_id: str, orig: str, response_to: str, reason: str, text: str
    ) -> CancelReject:
        return CancelReject(cl_ord_id, orig, order.order_id, order.status, response_to, reason, text, order.owner)

    def _withdraw(self, order: SimOrder) -> None:
        """Take a working order off the book; a pending stop's heap entry goes stale instead."""
        if order.is_pending_stop:
            order.stop_generation += 1
        elif order.ord_type is not OrdType.MARKET and order.limit is not None:
            self.book(order.instrument).side(order.side).remove(order, order.limit)

    # ------------------------------------------------------------------ expiry
    def expire_due(self, now: datetime | None = None) -> list[Event]:
        """Expire every Day order whose session close is at or before ``now`` (150=C, 39=C)."""
        now = now or self._clock()
        events: list[Event] = []
        touched: dict[str, Instrument] = {}
        while self._expiries and self._expiries[0][0] <= now:
            _, _, order = heapq.heappop(self._expiries)
            if not order.is_working:
                continue
            self._withdraw(order)
            order.status = OrdStatus.EXPIRED
            self._emit(events, order, ExecType.EXPIRED, text="Order expired at the session close")
            touched[order.instrument.id] = order.instrument
        for instrument in touched.values():
            self._publish_top(instrument, events)
        return events

    # ------------------------------------------------------------------ background trades
    def print_trade(self, instrument: Instrument, price: int, quantity: int, aggressor: Side) -> list[Event]:
        """A background trade of ``quantity`` at ``price``: it first matches resting orders that
        deserve the fill (price-time priority), the rest prints off book; stops trigger."""
        events: list[Event] = []
        if quantity <= 0:
            return events
        self._seq += 1
        house = SimOrder(
            order_id=self._new_order_id(), cl_ord_id=f"house-{self._seq}", instrument=instrument,
            side=aggressor, ord_type=OrdType.LIMIT, tif=TimeInForce.DAY, quantity=quantity,
            limit=price, stop=None, account=HOUSE_ACCOUNT, owner=None, seq=self._seq,
        )
        self._match(house, events)
        residual = house.quantity - house.cum_qty
        house.status = OrdStatus.FILLED
        if residual > 0:
            self._trade_seq += 1
            state = self.state(instrument)
            state.last_trade = price
            state.volume += residual
            events.append(
                TradePrint(f"T{self._trade_seq}", instrument, price, residual, aggressor, None, None)
            )
        self._run_stops(instrument, events)
        self._publish_top(instrument, events)
        return events

    # ------------------------------------------------------------------ matching core
    def _execute(self, order: SimOrder, events: list[Event]) -> None:
        """Match an aggressive order, then rest a limit remainder or cancel a market remainder."""
        self._match(order, events)
        if not order.is_working:
            return
        if order.ord_type is OrdType.LIMIT or (order.ord_type is OrdType.STOP_LIMIT and order.triggered):
            assert order.limit is not None
            self.book(order.instrument).side(order.side).append(order, order.limit)
        else:
            order.status = OrdStatus.CANCELED
            self._emit(
                events, order, ExecType.CANCELED, orig=order.cl_ord_id,
                text=f"No more liquidity: remaining {order.quantity - order.cum_qty} cancelled",
            )

    def _match(self, order: SimOrder, events: list[Event]) -> None:
        state = self.state(order.instrument)
        opposite = state.book.opposite(order.side)
        limit = order.limit if order.ord_type in (OrdType.LIMIT, OrdType.STOP_LIMIT) else None
        buying = order.side is Side.BUY
        while order.cum_qty < order.quantity and opposite:
            best = opposite.best()
            assert best is not None
            if limit is not None and (best > limit if buying else best < limit):
                break
            queue = opposite.level(best)
            while queue and order.cum_qty < order.quantity:
                resting = queue[0]
                quantity = min(order.quantity - order.cum_qty, resting.quantity - resting.cum_qty)
                opposite.reduce(best, quantity)
                self._fill(order, quantity, best, events)
                self._fill(resting, quantity, best, events)
                if not resting.is_working:
                    queue.popleft()
                self._trade_seq += 1
                buy, sell = (order, resting) if buying else (resting, order)
                events.append(
                    TradePrint(
                        f"T{self._trade_seq}", order.instrument, best, quantity, order.side,
                        buy.account, sell.account,
                    )
                )
                state.last_trade = best
                state.volume += quantity
            if not queue:
                opposite.drop_level(best)

    def _fill(self, order: SimOrder, quantity: int, price: int, events: list[Event]) -> None:
        order.cum_qty += quantity
        order.notional += quantity * price
        order.status = OrdStatus.FILLED if order.cum_qty == order.quantity else OrdStatus.PARTIALLY_FILLED
        self.positions.apply(order.account, order.instrument, order.side, quantity, price)
        self._emit(events, order, ExecType.TRADE, last_qty=quantity, last_px=price)

    # ------------------------------------------------------------------ stops
    def _arm_stop(self, order: SimOrder) -> None:
        assert order.stop is not None
        state = self.state(order.instrument)
        self._seq += 1
        entry = (order.stop if order.side is Side.BUY else -order.stop, self._seq, order.stop_generation, order)
        heapq.heappush(state.buy_stops if order.side is Side.BUY else state.sell_stops, entry)

    def _run_stops(self, instrument: Instrument, events: list[Event]) -> None:
        """Trigger stops elected by the last trade, repeatedly, until none is elected."""
        state = self.state(instrument)
        while state.last_trade is not None:
            order = self._next_elected(state)
            if order is None:
                return
            order.triggered = True
            self._seq += 1
            order.seq = self._seq
            self._execute(order, events)

    @staticmethod
    def _next_elected(state: _InstrumentState) -> SimOrder | None:
        last = state.last_trade
        assert last is not None
        for heap, sign in ((state.buy_stops, 1), (state.sell_stops, -1)):
            while heap:
                key, _, generation, order = heap[0]
                if not order.is_pending_stop or order.stop_generation != generation:
                    heapq.heappop(heap)
                    continue
                if (last < key) if sign == 1 else (last > -key):
                    break
                heapq.heappop(heap)
                return order
        return None

    # ------------------------------------------------------------------ events
    def _retire(self, order: SimOrder) -> None:
        """Forget a terminal house order (background liquidity churns many of them)."""
        if order.owner is None and not order.is_working:
            self._orders.pop(order.order_id, None)
            self._by_cl_ord_id.pop((None, order.cl_ord_id), None)

    def _emit(
        self,
        events: list[Event],
        order: SimOrder,
        exec_type: ExecType,
        orig: str | None = None,
        last_qty: int = 0,
        last_px: int = 0,
        text: str | None = None,
    ) -> None:
        if order.owner is None:
            self._retire(order)
            if not self._report_house:
                return
        events.append(self._snapshot(order, exec_type, orig, last_qty, last_px, text))

    def _snapshot(
        self,
        order: SimOrder,
        exec_type: ExecType,
        orig: str | None = None,
        last_qty: int = 0,
        last_px: int = 0,
        text: str | None = None,
    ) -> ExecReport:
        self._exec_seq += 1
        return ExecReport(
            exec_id=f"{order.order_id[:8]}-{self._exec_seq}",
            exec_type=exec_type,
            order_id=order.order_id,
            cl_ord_id=order.cl_ord_id,
            orig_cl_ord_id=orig,
            instrument=order.instrument,
            side=order.side,
            ord_type=order.ord_type,
            tif=order.tif,
            quantity=order.quantity,
            limit=order.limit,
            stop=order.stop,
            account=order.account,
            owner=order.owner,
            ord_status=order.status,
            cum_qty=order.cum_qty,
            leaves_qty=order.leaves,
            notional=order.notional,
            last_qty=last_qty,
            last_px=last_px,
            text=text,
        )

    def _publish_top(self, instrument: Instrument, events: list[Event]) -> None:
        state = self.state(instrument)
        top = state.book.top()
        if top != state.published_top:
            state.published_top = top
            events.append(QuoteChange(instrument, *top))

    def _new_order_id(self) -> str:
        value = self._ids.getrandbits(128)
        text = f"{value:032x}"
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"

    def instruments_with_orders(self) -> Iterable[str]:
        """Ids of instruments that have a book."""
        return list(self._states)
