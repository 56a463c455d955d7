"""Order routing conformance with a plain QuickFIX initiator: D, G, F, H, 8, 9, j."""

from __future__ import annotations

from datetime import UTC, datetime

from keel.sim.tt.client import TTFixClient, new_cl_ord_id
from keel.sim.tt.orders import Side
from keel.sim.tt.simulator import TTSimulator

from .fixorders import report, send_order

REQUIRED_ER_TAGS = (37, 11, 17, 150, 39, 1, 55, 167, 207, 200, 541, 48, 54, 38, 40, 59, 151, 14, 6, 60)


def test_new_limit_order_ack_carries_tt_tags_in_display_units(sim: TTSimulator, trader: TTFixClient) -> None:
    es = sim.instrument("ES")
    cl_ord_id = send_order(trader, es, "1", 3, price="447025")
    ack = report(trader, cl_ord_id, "0")
    for tag in REQUIRED_ER_TAGS:
        assert ack.get(tag), f"tag {tag} missing in {ack.raw}"
    assert (ack[39], ack[151], ack[14], ack[6], ack[44], ack[1]) == ("0", "3", "0", "0", "447025", "KEEL01")
    assert (ack[55], ack[167], ack[207], ack[200], ack[541]) == ("ES", "FUT", "CME", "202612", "20261218")
    assert sim.engine.top(es)[:2] == (es.real_to_ticks("4470.25"), 3)


def test_partial_fill_then_fill_reports(sim: TTSimulator, trader: TTFixClient) -> None:
    es = sim.instrument("ES")
    resting = send_order(trader, es, "2", 10, price="447025")
    report(trader, resting, "0")
    taker = send_order(trader, es, "1", 3, price="447050")
    partial = report(trader, resting, "F")
    assert (partial[39], partial[32], partial[31], partial[14], partial[151], partial[6]) == (
        "1", "3", "447025", "3", "7", "447025")
    taker_fill = report(trader, taker, "F")
    assert (taker_fill[39], taker_fill[14], taker_fill[151]) == ("2", "3", "0")
    start = trader.mark()  # before sending: the resting order's fill may arrive before the taker's
    second = send_order(trader, es, "1", 7, price="447025")
    report(trader, second, "F")
    done = trader.wait_for(lambda m: m.get(11) == resting and m.get(39) == "2", 5, "resting filled", start)
    assert (done[14], done[151], done[32]) == ("10", "0", "7")


def test_market_order_sweeps_levels_at_worse_prices(sim: TTSimulator, trader: TTFixClient) -> None:
    es = sim.instrument("ES")
    for price in ("447025", "447050", "447075"):
        report(trader, send_order(trader, es, "2", 1, price=price), "0")
    market = send_order(trader, es, "1", 5, ord_type="1")
    cancel = report(trader, market, "4")
    fills = [m for m in trader.messages("8") if m.get(11) == market and m.get(150) == "F"]
    assert [(f[32], f[31]) for f in fills] == [("1", "447025"), ("1", "447050"), ("1", "447075")]
    assert fills[-1][6] == "447050"
    assert (cancel[39], cancel[14], cancel[151], cancel[41]) == ("4", "3", "0", market)


def test_prices_off_the_tick_grid_and_bad_fields_are_rejected(sim: TTSimulator, trader: TTFixClient) -> None:
    es = sim.instrument("ES")
    cases = [
        ({"price": "447010"}, "not a multiple of the tick size 25"),
        ({"account": "NOPE"}, "Invalid account NOPE"),
        ({"tif": "6"}, "TimeInForce (59) 6 is not supported"),
    ]
    for options, text in cases:
        kwargs = {"price": "447025", **options}
        cl_ord_id = send_order(trader, es, "1", 1, **kwargs)  # type: ignore[arg-type]
        reject = report(trader, cl_ord_id, "8")
        assert reject[39] == "8" and text in reject[58], reject.raw


def test_unknown_instrument_is_rejected(sim: TTSimulator, trader: TTFixClient) -> None:
    cl_ord_id = new_cl_ord_id()
    trader.send("D", [(11, cl_ord_id), (1, "KEEL01"), (55, "XY"), (167, "FUT"), (207, "CME"), (200, "202612"),
                      (38, "1"), (54, "1"), (40, "1")])
    reject = report(trader, cl_ord_id, "8")
    assert "unknown product XY" in reject[58] and reject[103] == "1"


def test_stop_orders_follow_tt_rules_and_trigger(sim: TTSimulator, trader: TTFixClient) -> None:
    es = sim.instrument("ES")
    report(trader, send_order(trader, es, "2", 1, price="447000"), "0")
    report(trader, send_order(trader, es, "1", 1, price="447000"), "F")  # last trade 4470.00
    bad = send_order(trader, es, "1", 1, ord_type="3", stop="446900")
    assert report(trader, bad, "8")[58] == "Buy order stop price must be above last trade price"
    bad_sl = send_order(trader, es, "1", 1, ord_type="4", stop="447100", price="447050")
    assert report(trader, bad_sl, "8")[58] == "Stop price maxi-mini must be greater than or equal to trigger price"
    stop = send_order(trader, es, "1", 2, ord_type="3", stop="447100")
    assert report(trader, stop, "0")[99] == "447100"
    report(trader, send_order(trader, es, "2", 5, price="447200"), "0")
    report(trader, send_order(trader, es, "2", 1, price="447100"), "0")
    report(trader, send_order(trader, es, "1", 1, price="447100"), "F")  # prints 4471.00: elects the stop
    fill = report(trader, stop, "F")
    assert (fill[31], fill[32], fill[39]) == ("447200", "2", "2")


def test_replace_chains_clordid_and_later_fills_quote_newest_id(sim: TTSimulator, trader: TTFixClient) -> None:
    es = sim.instrument("ES")
    original = send_order(trader, es, "1", 5, price="447000")
    report(trader, original, "0")
    first = new_cl_ord_id()
    trader.send("G", [(11, first), (41, original), (40, "2"), (38, "4"), (44, "447000")])
    ack = report(trader, first, "5")
    assert (ack[41], ack[38], ack[39], ack[151]) == (original, "4", "0", "4")
    second = new_cl_ord_id()
    trader.send("G", [(11, second), (41, first), (40, "2"), (38, "4"), (44, "447025")])
    assert report(trader, second, "5")[44] == "447025"
    taker = send_order(trader, es, "2", 1, price="447025")
    report(trader, taker, "F")
    fill = report(trader, second, "F")
    assert fill[37] == ack[37] and fill[14] == "1"


def test_cancel_ack_and_cancel_rejects(sim: TTSimulator, trader: TTFixClient) -> None:
    es = sim.instrument("ES")
    order = send_order(trader, es, "1", 2, price="447000")
    report(trader, order, "0")
    cancel_id = new_cl_ord_id()
    trader.send("F", [(11, cancel_id), (41, order)])
    ack = report(trader, cancel_id, "4")
    assert (ack[41], ack[39], ack[151], ack[14]) == (order, "4", "0", "0")
    again = new_cl_ord_id()
    trader.send("F", [(11, again), (41, cancel_id)])
    reject = trader.wait_for(lambda m: m.msg_type == "9" and m.get(11) == again, 5, "35=9")
    assert (reject[434], reject[102], reject[41], reject[39]) == ("1", "0", cancel_id, "4")
    unknown = new_cl_ord_id()
    trader.send("G", [(11, unknown), (41, "not-an-order"), (40, "2"), (38, "1"), (44, "447000")])
    reject = trader.wait_for(lambda m: m.msg_type == "9" and m.get(11) == unknown, 5, "35=9")
    assert (reject[434], reject[102], reject[37]) == ("2", "1", "NONE")


def test_open_order_download(sim: TTSimulator, trader: TTFixClient) -> None:
    start = trader.mark()
    trader.send("H", [])
    empty = trader.wait_for(lambda m: m.msg_type == "8" and m.get(16728) is not None, 5, "empty download", start)
    assert (empty[150], empty[39], empty[16728], empty[20]) == ("8", "8", "0", "3")
    es = sim.instrument("ES")
    first = send_order(trader, es, "1", 2, price="447000")
    second = send_order(trader, es, "2", 1, price="448000", tif="1")
    report(trader, second, "0")
    start = trader.mark()
    trader.send("H", [])
    trader.wait_until(lambda: len([m for m in trader.received[start:] if m.get(16728)]) == 2, 5, "two replies")
    replies = [m for m in trader.received[start:] if m.get(16728)]
    assert {m[11] for m in replies} == {first, second}
    assert all((m[150], m[39], m[20], m[16728]) == ("I", "0", "3", "2") for m in replies)
    assert {m[11]: m[59] for m in replies} == {first: "0", second: "1"}


def test_business_message_rejects(sim: TTSimulator, trader: TTFixClient) -> None:
    es = sim.instrument("ES")
    cl_ord_id = send_order(trader, es, "1", 1, price="447000")
    report(trader, cl_ord_id, "0")
    start = trader.mark()
    send_order(trader, es, "1", 1, price="447000", cl_ord_id=cl_ord_id)
    duplicate = trader.wait_for(lambda m: m.msg_type == "j", 5, "35=j duplicate", start)
    assert (duplicate[372], duplicate[380], duplicate[379]) == ("D", "0", cl_ord_id)
    assert "Duplicate ClOrdID" in duplicate[58]
    start = trader.mark()
    send_order(trader, es, "1", 1, ord_type="2")  # limit without 44
    missing = trader.wait_for(lambda m: m.msg_type == "j", 5, "35=j missing price", start)
    assert missing[380] == "5" and "Price (44)" in missing[58]
    start = trader.mark()
    trader.send("B", [(148, "hello"), (33, "1"), (58, "text")])
    wrong = trader.wait_for(lambda m: m.msg_type == "j", 5, "refusal of News", start)
    assert (wrong[372], wrong[380]) == ("B", "3")


def test_forced_reject_fault_and_reject_tags(sim: TTSimulator, trader: TTFixClient) -> None:
    sim.faults.reject_next_order("Exchange closed for maintenance")
    cl_ord_id = send_order(trader, sim.instrument("ES"), "1", 1, price="447000")
    reject = report(trader, cl_ord_id, "8")
    assert (reject[39], reject[58], reject[151], reject[14]) == ("8", "Exchange closed for maintenance", "0", "0")


def test_day_order_expires_at_session_close(sim: TTSimulator, trader: TTFixClient) -> None:
    es = sim.instrument("ES")
    day = send_order(trader, es, "1", 1, price="447000")
    gtc = send_order(trader, es, "1", 1, price="446900", tif="1")
    report(trader, gtc, "0")
    sim.expire_day_orders(datetime(2100, 1, 1, tzinfo=UTC))
    expired = report(trader, day, "C")
    assert (expired[39], expired[151], expired[14]) == ("C", "0", "0")
    assert sim.engine.top(es)[0] == es.real_to_ticks("4469.00")


def test_cfe_orders_use_maturity_date(sim: TTSimulator, trader: TTFixClient) -> None:
    vx = sim.instrument("VX")
    cl_ord_id = send_order(trader, vx, "1", 1, price="29.45")
    ack = report(trader, cl_ord_id, "0")
    assert ack.get(200) is None and ack[541] == vx.maturity_date and ack[44] == "29.45"


def test_background_trade_fills_resting_order(sim: TTSimulator, trader: TTFixClient) -> None:
    es = sim.instrument("ES")
    resting = send_order(trader, es, "2", 1, price="447000")
    report(trader, resting, "0")
    price = es.real_to_ticks("4470.00")
    sim.venue.apply(lambda engine: engine.print_trade(es, price, 1, Side.BUY))
    fill = report(trader, resting, "F")
    assert (fill[39], fill[31]) == ("2", "447000")
