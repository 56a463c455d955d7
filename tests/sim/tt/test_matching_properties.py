"""Property tests: no fill is created or lost, whatever the sequence of requests."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keel.sim.tt.matching import MatchingEngine
from keel.sim.tt.orders import Event, ExecReport, ExecType, OrdType, Side, TimeInForce, TradePrint

from .engine_helpers import ES, engine, order

OWNERS = ("alice", "bob", "carol")

new_order = st.tuples(
    st.just("new"),
    st.sampled_from(OWNERS),
    st.sampled_from(list(Side)),
    st.sampled_from([OrdType.LIMIT, OrdType.LIMIT, OrdType.MARKET, OrdType.STOP, OrdType.STOP_LIMIT]),
    st.integers(1, 8),
    st.integers(95, 105),
    st.integers(-3, 3),
    st.sampled_from(list(TimeInForce)),
)
cancel = st.tuples(st.just("cancel"), st.integers(0, 200))
replace = st.tuples(st.just("replace"), st.integers(0, 200), st.integers(1, 10), st.integers(95, 105))
background = st.tuples(st.just("print"), st.sampled_from(list(Side)), st.integers(95, 105), st.integers(1, 6))
operations = st.lists(st.one_of(new_order, new_order, cancel, replace, background), min_size=1, max_size=60)


def _apply(eng: MatchingEngine, op: tuple, ids: list[tuple[str, str]], counter: list[int]) -> list[Event]:  # type: ignore[type-arg]
    kind = op[0]
    if kind == "new":
        _, owner, side, ord_type, qty, price, offset, tif = op
        counter[0] += 1
        cl_ord_id = f"o{counter[0]}"
        limit = price if ord_type in (OrdType.LIMIT, OrdType.STOP_LIMIT) else None
        stop = price + offset if ord_type in (OrdType.STOP, OrdType.STOP_LIMIT) else None
        if ord_type is OrdType.STOP_LIMIT and stop is not None and limit is not None:
            limit = max(limit, stop) if side is Side.BUY else min(limit, stop)
        ids.append((owner, cl_ord_id))
        return eng.submit(order(side, qty, limit, ord_type, stop, tif, owner, cl_ord_id, account=owner))
    if kind == "cancel" and ids:
        owner, target = ids[op[1] % len(ids)]
        current = eng.order(owner, target)
        counter[0] += 1
        new_id = f"x{counter[0]}"
        events = eng.cancel(new_id, current.cl_ord_id if current else target, owner)
        ids.append((owner, new_id))
        return events
    if kind == "replace" and ids:
        owner, target = ids[op[1] % len(ids)]
        current = eng.order(owner, target)
        counter[0] += 1
        new_id = f"r{counter[0]}"
        ids.append((owner, new_id))
        if current is None:
            return eng.replace(new_id, target, owner)
        limit = op[3] if current.ord_type in (OrdType.LIMIT, OrdType.STOP_LIMIT) else None
        if current.ord_type is OrdType.STOP_LIMIT and current.stop is not None and limit is not None:
            limit = max(limit, current.stop) if current.side is Side.BUY else min(limit, current.stop)
        return eng.replace(new_id, current.cl_ord_id, owner, current.ord_type, op[2], limit)
    if kind == "print":
        _, side, price, qty = op
        return eng.print_trade(ES, price, qty, side)
    return []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
def test_fills_are_conserved(ops: list[tuple]) -> None:  # type: ignore[type-arg]
    eng = engine()
    ids: list[tuple[str, str]] = []
    counter = [0]
    fill_qty: dict[str, int] = defaultdict(int)
    side_totals = {Side.BUY: 0, Side.SELL: 0}
    matched_volume = 0
    for op in ops:
        for event in _apply(eng, op, ids, counter):
            if isinstance(event, ExecReport) and event.exec_type is ExecType.TRADE:
                assert event.last_qty > 0
                fill_qty[event.order_id] += event.last_qty
                side_totals[event.side] += event.last_qty
                assert event.cum_qty == fill_qty[event.order_id] <= event.quantity
            elif isinstance(event, TradePrint) and event.buy_account is not None:
                matched_volume += event.quantity
        # Sum of fills on each side equals the traded volume.
        assert side_totals[Side.BUY] == side_totals[Side.SELL] == matched_volume
        # The book is never crossed and level sizes equal the resting orders' leaves.
        bid, _, ask, _ = eng.top(ES)
        assert bid is None or ask is None or bid < ask
        book = eng.book(ES)
        for book_side in (book.bids, book.asks):
            resting: dict[int, int] = defaultdict(int)
            for resting_order in book_side.orders():
                assert resting_order.is_working and resting_order.leaves > 0
                resting[resting_order.limit] += resting_order.leaves  # type: ignore[index]
            assert {p: s for p, s in book_side.levels()} == dict(resting)
    # Engine state agrees with the reports; positions net to zero across all accounts.
    for order_id, qty in fill_qty.items():
        client_order = eng.order_by_id(order_id)
        if client_order is not None:  # terminal house orders are forgotten by design
            assert client_order.cum_qty == qty
    positions = eng.positions.of_accounts({*OWNERS, "HOUSE"})
    assert sum(p.net for p in positions) == 0
    assert sum(p.buy_qty for p in positions) == matched_volume == sum(p.sell_qty for p in positions)
