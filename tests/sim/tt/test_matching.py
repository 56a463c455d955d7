"""Matching engine: price-time priority, sweeps, stops, replace semantics, Day expiry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from keel.sim.tt.orders import CancelReject, ExecType, OrdStatus, OrdType, Side, TimeInForce, TradePrint

from .engine_helpers import ES, Clock, engine, fills, order, reports


def test_price_priority_better_price_fills_first() -> None:
    eng = engine()
    eng.submit(order(Side.SELL, 1, 102, cl_ord_id="worse"))
    eng.submit(order(Side.SELL, 1, 101, cl_ord_id="better"))
    events = eng.submit(order(Side.BUY, 1, 105, cl_ord_id="taker"))
    passive = [f for f in fills(events) if f.cl_ord_id != "taker"]
    assert [(f.cl_ord_id, f.last_px) for f in passive] == [("better", 101)]


def test_time_priority_within_a_level() -> None:
    eng = engine()
    eng.submit(order(Side.BUY, 2, 100, cl_ord_id="first"))
    eng.submit(order(Side.BUY, 2, 100, cl_ord_id="second"))
    events = eng.submit(order(Side.SELL, 3, 100, cl_ord_id="taker"))
    passive = [(f.cl_ord_id, f.last_qty) for f in fills(events) if f.cl_ord_id != "taker"]
    assert passive == [("first", 2), ("second", 1)]
    assert eng.top(ES) == (100, 1, None, 0)


def test_limit_order_rests_then_fills_at_resting_price() -> None:
    eng = engine()
    ack = reports(eng.submit(order(Side.SELL, 5, 200, cl_ord_id="s")))
    assert [(r.exec_type, r.ord_status, r.leaves_qty) for r in ack] == [(ExecType.NEW, OrdStatus.NEW, 5)]
    events = eng.submit(order(Side.BUY, 5, 210, cl_ord_id="b"))
    taker = reports(events, "b")
    assert taker[-1].ord_status is OrdStatus.FILLED and taker[-1].last_px == 200
    assert taker[-1].cum_qty == 5 and taker[-1].leaves_qty == 0 and taker[-1].notional == 1000


def test_market_order_sweeps_thin_book_level_by_level_and_cancels_rest() -> None:
    eng = engine()
    eng.submit(order(Side.SELL, 2, 100))
    eng.submit(order(Side.SELL, 3, 101))
    eng.submit(order(Side.SELL, 4, 103))
    events = eng.submit(order(Side.BUY, 12, None, OrdType.MARKET, cl_ord_id="mkt"))
    mine = reports(events, "mkt")
    assert [r.exec_type for r in mine] == [ExecType.NEW, ExecType.TRADE, ExecType.TRADE, ExecType.TRADE,
                                           ExecType.CANCELED]
    assert [(r.last_qty, r.last_px) for r in mine if r.exec_type is ExecType.TRADE] == [(2, 100), (3, 101), (4, 103)]
    last_fill = mine[3]
    assert last_fill.ord_status is OrdStatus.PARTIALLY_FILLED and last_fill.cum_qty == 9 and last_fill.leaves_qty == 3
    cancel = mine[-1]
    assert cancel.ord_status is OrdStatus.CANCELED and cancel.leaves_qty == 0 and cancel.orig_cl_ord_id == "mkt"
    assert eng.top(ES) == (None, 0, None, 0)


def test_partial_fill_on_thin_book_rests_remainder() -> None:
    eng = engine()
    eng.submit(order(Side.SELL, 2, 100))
    events = eng.submit(order(Side.BUY, 5, 100, cl_ord_id="b"))
    last = reports(events, "b")[-1]
    assert (last.ord_status, last.cum_qty, last.leaves_qty) == (OrdStatus.PARTIALLY_FILLED, 2, 3)
    assert eng.top(ES) == (100, 3, None, 0)


def test_buy_stop_triggers_on_trade_at_or_above_stop() -> None:
    eng = engine()
    eng.submit(order(Side.SELL, 1, 100))
    eng.submit(order(Side.BUY, 1, 100))  # last trade 100
    eng.submit(order(Side.SELL, 5, 103))
    events = eng.submit(order(Side.BUY, 2, None, OrdType.STOP, stop=102, cl_ord_id="stop"))
    assert [r.exec_type for r in reports(events, "stop")] == [ExecType.NEW]
    eng.submit(order(Side.SELL, 1, 101))
    eng.submit(order(Side.BUY, 1, 101))  # trade at 101: below the stop
    assert eng.order("u1", "stop").cum_qty == 0  # type: ignore[union-attr]
    eng.submit(order(Side.SELL, 1, 102))
    events = eng.submit(order(Side.BUY, 1, 102))  # trade at 102 elects the stop
    stop_fills = [r for r in reports(events, "stop") if r.exec_type is ExecType.TRADE]
    assert [(r.last_qty, r.last_px) for r in stop_fills] == [(2, 103)]


def test_sell_stop_limit_triggers_and_rests_at_limit() -> None:
    eng = engine()
    eng.submit(order(Side.SELL, 1, 100))
    eng.submit(order(Side.BUY, 1, 100))
    eng.submit(order(Side.SELL, 3, 97, OrdType.STOP_LIMIT, stop=98, cl_ord_id="sl"))
    eng.submit(order(Side.BUY, 1, 98))
    events = eng.submit(order(Side.SELL, 1, 98))  # trade at 98 elects the stop limit
    assert not [r for r in reports(events, "sl") if r.exec_type is ExecType.TRADE]
    assert eng.top(ES)[2:] == (97, 3)
    assert eng.order("u1", "sl").triggered  # type: ignore[union-attr]


def test_stop_cascade_triggers_in_price_order() -> None:
    eng = engine()
    eng.submit(order(Side.SELL, 1, 100))
    eng.submit(order(Side.BUY, 1, 100))
    for price in (101, 102, 103):
        eng.submit(order(Side.SELL, 1, price))
    eng.submit(order(Side.BUY, 1, None, OrdType.STOP, stop=102, cl_ord_id="s2"))
    eng.submit(order(Side.BUY, 1, None, OrdType.STOP, stop=101, cl_ord_id="s1"))
    events = eng.submit(order(Side.BUY, 1, 101))  # trades 101 -> s1 fills 102 -> s2 fills 103
    prints = [e.price for e in events if isinstance(e, TradePrint)]
    assert prints == [101, 102, 103]


def test_stop_rules_reject_with_tt_texts() -> None:
    eng = engine()
    eng.submit(order(Side.SELL, 1, 100))
    eng.submit(order(Side.BUY, 1, 100))
    cases = [
        (order(Side.BUY, 1, None, OrdType.STOP, stop=99), "Buy order stop price must be above last trade price"),
        (order(Side.SELL, 1, None, OrdType.STOP, stop=101), "Sell order stop price must be below last trade price"),
        (order(Side.BUY, 1, 101, OrdType.STOP_LIMIT, stop=102),
         "Stop price maxi-mini must be greater than or equal to trigger price"),
        (order(Side.SELL, 1, 99, OrdType.STOP_LIMIT, stop=98),
         "Stop price maxi-mini must be smaller than or equal to trigger price"),
    ]
    for request, text in cases:
        (report,) = reports(eng.submit(request))
        assert (report.exec_type, report.ord_status, report.text) == (ExecType.REJECTED, OrdStatus.REJECTED, text)


def test_replace_quantity_down_keeps_priority() -> None:
    eng = engine()
    eng.submit(order(Side.BUY, 5, 100, cl_ord_id="a"))
    eng.submit(order(Side.BUY, 5, 100, cl_ord_id="b"))
    events = eng.replace("a2", "a", "u1", OrdType.LIMIT, quantity=3)
    (ack,) = reports(events)
    assert (ack.exec_type, ack.cl_ord_id, ack.orig_cl_ord_id, ack.quantity) == (ExecType.REPLACED, "a2", "a", 3)
    assert eng.top(ES) == (100, 8, None, 0)
    taker = eng.submit(order(Side.SELL, 1, 100))
    assert [f.cl_ord_id for f in fills(taker) if f.side is Side.BUY] == ["a2"]


def test_replace_price_change_loses_priority() -> None:
    eng = engine()
    eng.submit(order(Side.BUY, 5, 100, cl_ord_id="a"))
    eng.submit(order(Side.BUY, 5, 100, cl_ord_id="b"))
    eng.replace("a2", "a", "u1", OrdType.LIMIT, limit=99)
    eng.replace("a3", "a2", "u1", OrdType.LIMIT, limit=100)
    taker = eng.submit(order(Side.SELL, 1, 100))
    assert [f.cl_ord_id for f in fills(taker) if f.side is Side.BUY] == ["b"]


def test_replace_quantity_up_loses_priority() -> None:
    eng = engine()
    eng.submit(order(Side.BUY, 5, 100, cl_ord_id="a"))
    eng.submit(order(Side.BUY, 5, 100, cl_ord_id="b"))
    eng.replace("a2", "a", "u1", OrdType.LIMIT, quantity=6)
    taker = eng.submit(order(Side.SELL, 1, 100))
    assert [f.cl_ord_id for f in fills(taker) if f.side is Side.BUY] == ["b"]


def test_replace_that_crosses_fills_after_ack() -> None:
    eng = engine()
    eng.submit(order(Side.SELL, 2, 105))
    eng.submit(order(Side.BUY, 2, 100, cl_ord_id="a"))
    events = eng.replace("a2", "a", "u1", OrdType.LIMIT, limit=105)
    assert [r.exec_type for r in reports(events, "a2")] == [ExecType.REPLACED, ExecType.TRADE]


def test_replace_and_cancel_rejects() -> None:
    eng = engine()
    eng.submit(order(Side.SELL, 1, 100))
    eng.submit(order(Side.BUY, 3, 100, cl_ord_id="a"))  # 1 filled, 2 working
    (unknown,) = eng.cancel("x", "nope", "u1")
    assert isinstance(unknown, CancelReject) and unknown.reason == "1" and unknown.response_to == "1"
    (too_small,) = eng.replace("a2", "a", "u1", OrdType.LIMIT, quantity=1)
    assert isinstance(too_small, CancelReject) and "must exceed the filled quantity 1" in too_small.text
    (wrong_type,) = eng.replace("a3", "a", "u1", OrdType.MARKET)
    assert isinstance(wrong_type, CancelReject) and wrong_type.response_to == "2"
    (stale,) = eng.replace("a4", "zz", "u1")
    assert isinstance(stale, CancelReject) and stale.reason == "1"
    (other_owner,) = eng.cancel("y", "a", "u2")
    assert isinstance(other_owner, CancelReject) and other_owner.reason == "1"


def test_cancel_chain_and_too_late() -> None:
    eng = engine()
    eng.submit(order(Side.BUY, 3, 100, cl_ord_id="a"))
    eng.replace("a2", "a", "u1", OrdType.LIMIT, quantity=2)
    (not_current,) = eng.cancel("c0", "a", "u1")
    assert isinstance(not_current, CancelReject) and "not the order's current ClOrdID a2" in not_current.text
    (ack,) = reports(eng.cancel("c1", "a2", "u1"))
    assert (ack.exec_type, ack.ord_status, ack.cl_ord_id, ack.orig_cl_ord_id, ack.leaves_qty) == (
        ExecType.CANCELED, OrdStatus.CANCELED, "c1", "a2", 0)
    (late,) = eng.cancel("c2", "c1", "u1")
    assert isinstance(late, CancelReject) and late.reason == "0"
    assert eng.top(ES) == (None, 0, None, 0)


def test_cancel_pending_stop_removes_it() -> None:
    eng = engine()
    eng.submit(order(Side.SELL, 1, 100))
    eng.submit(order(Side.BUY, 1, 100))
    eng.submit(order(Side.BUY, 1, None, OrdType.STOP, stop=101, cl_ord_id="s"))
    eng.cancel("s-x", "s", "u1")
    eng.submit(order(Side.SELL, 1, 101))
    events = eng.submit(order(Side.BUY, 1, 101))
    assert not reports(events, "s-x")


def test_replace_pending_stop_moves_trigger() -> None:
    eng = engine()
    eng.submit(order(Side.SELL, 1, 100))
    eng.submit(order(Side.BUY, 1, 100))
    eng.submit(order(Side.BUY, 1, None, OrdType.STOP, stop=101, cl_ord_id="s"))
    eng.replace("s2", "s", "u1", OrdType.STOP, stop=103)
    eng.print_trade(ES, 101, 1, Side.BUY)  # an off-book print at 101 no longer elects it
    assert eng.order("u1", "s2").status is OrdStatus.NEW  # type: ignore[union-attr]
    eng.submit(order(Side.SELL, 1, 104))
    events = eng.print_trade(ES, 103, 1, Side.BUY)
    assert [(r.exec_type, r.last_px) for r in reports(events, "s2")] == [(ExecType.TRADE, 104)]


def test_day_orders_expire_at_session_close_gtc_do_not() -> None:
    clock = Clock(datetime(2026, 11, 20, 15, 0, tzinfo=UTC))  # Friday 09:00 Chicago
    eng = engine(clock)
    eng.submit(order(Side.BUY, 1, 100, cl_ord_id="day"))
    eng.submit(order(Side.BUY, 1, 99, tif=TimeInForce.GTC, cl_ord_id="gtc"))
    eng.submit(order(Side.BUY, 1, None, OrdType.STOP, stop=500, cl_ord_id="daystop"))
    close = datetime(2026, 11, 20, 22, 0, tzinfo=UTC)  # 16:00 Chicago (CST, UTC-6)
    assert not eng.expire_due(close - timedelta(seconds=1))
    events = eng.expire_due(close)
    expired = reports(events)
    assert {r.cl_ord_id for r in expired} == {"day", "daystop"}
    assert all((r.exec_type, r.ord_status, r.leaves_qty) == (ExecType.EXPIRED, OrdStatus.EXPIRED, 0) for r in expired)
    assert eng.top(ES) == (99, 1, None, 0)


def test_day_order_entered_after_close_expires_next_business_day() -> None:
    clock = Clock(datetime(2026, 11, 21, 12, 0, tzinfo=UTC))  # Saturday
    eng = engine(clock)
    eng.submit(order(Side.BUY, 1, 100, cl_ord_id="day"))
    assert eng.order("u1", "day").expires_at == datetime(2026, 11, 23, 22, 0, tzinfo=UTC)  # type: ignore[union-attr]


def test_background_print_fills_better_priced_client_order_first() -> None:
    eng = engine()
    eng.submit(order(Side.BUY, 2, 101, cl_ord_id="mine"))
    events = eng.print_trade(ES, 100, 5, Side.SELL)
    assert [(f.cl_ord_id, f.last_qty, f.last_px) for f in fills(events) if f.side is Side.BUY] == [("mine", 2, 101)]
    prints = [(e.price, e.quantity) for e in events if isinstance(e, TradePrint)]
    assert prints == [(101, 2), (100, 3)]
    assert eng.last_trade(ES) == 100


def test_positions_track_fills_per_account() -> None:
    eng = engine()
    eng.submit(order(Side.SELL, 3, 100, owner="maker", account="M"))
    eng.submit(order(Side.BUY, 3, 100, owner="taker", account="T"))
    eng.submit(order(Side.BUY, 1, 96, owner="maker", account="M"))
    eng.submit(order(Side.SELL, 1, 96, owner="taker", account="T"))
    taker = eng.positions.get("T", ES)
    maker = eng.positions.get("M", ES)
    assert taker is not None and maker is not None
    assert (taker.net, taker.buy_qty, taker.sell_qty, taker.open_average) == (2, 3, 1, 100)
    assert taker.realized_ticks == -4
    assert (maker.net, maker.realized_ticks) == (-2, 4)
