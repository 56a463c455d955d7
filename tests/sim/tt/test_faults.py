"""Fault injection observed at the FIX level (and reproducibility from a seed)."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import pytest

from keel.sim.tt.client import TTFixClient
from keel.sim.tt.config import FaultConfig
from keel.sim.tt.faults import FaultInjector, apply_admin_fault
from keel.sim.tt.orders import Side
from keel.sim.tt.simulator import TTSimulator

from .conftest import ClientFactory
from .fixorders import report, send_order


def _admin(sim: TTSimulator, payload: dict[str, object]) -> dict[str, object]:
    assert sim.endpoints is not None
    request = urllib.request.Request(
        f"{sim.endpoints.rest_base_url}/admin/faults", data=json.dumps(payload).encode(), method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def test_drop_session_from_admin_endpoint_then_reconnect_gets_missed_fill(
    sim: TTSimulator, connect: ClientFactory
) -> None:
    trader = connect("order", reconnect_interval=1)
    es = sim.instrument("ES")
    resting = send_order(trader, es, "2", 1, price="447000")
    report(trader, resting, "0")
    assert _admin(sim, {"fault": "drop_session", "session": "order"})["result"] == 1
    trader.wait_until(lambda: trader.logouts == 1, 5, "client sees the drop")
    assert not any(m.msg_type == "5" for m in trader.received)  # no Logout: the socket just closed
    price = es.real_to_ticks("4470.00")
    sim.venue.apply(lambda engine: engine.print_trade(es, price, 1, Side.BUY))  # fills while disconnected
    start = trader.mark()
    trader.wait_until(lambda: trader.logons == 2, 10, "reconnect")
    news = trader.wait_for(lambda m: m.get(148) == "Recovery Complete", 5, "News", start)
    fill = report(trader, resting, "F", start)
    assert trader.received.index(fill) < trader.received.index(news)  # replayed before Recovery Complete


def test_logout_with_reason(sim: TTSimulator, trader: TTFixClient) -> None:
    sim.faults.logout("order", "Weekly session reset")
    logout = trader.wait_for(lambda m: m.msg_type == "5", 5, "Logout")
    assert logout[58] == "Weekly session reset"


def test_delayed_report_arrives_late(sim: TTSimulator, trader: TTFixClient) -> None:
    sim.faults.delay_execution_reports(0.5)
    sent = time.perf_counter()
    cl_ord_id = send_order(trader, sim.instrument("ES"), "1", 1, price="447000")
    ack = report(trader, cl_ord_id, "0")
    assert ack.at - sent >= 0.45


def test_duplicated_report_has_same_exec_id(sim: TTSimulator, trader: TTFixClient) -> None:
    sim.faults.duplicate_execution_reports()
    cl_ord_id = send_order(trader, sim.instrument("ES"), "1", 1, price="447000")
    trader.wait_until(lambda: len([m for m in trader.messages("8") if m.get(11) == cl_ord_id]) == 2, 5, "dup")
    first, second = [m for m in trader.messages("8") if m.get(11) == cl_ord_id]
    assert first[17] == second[17] and first[34] != second[34]


def test_reordered_reports(sim: TTSimulator, trader: TTFixClient) -> None:
    es = sim.instrument("ES")
    sim.faults.reorder_execution_reports()
    first = send_order(trader, es, "1", 1, price="447000")
    second = send_order(trader, es, "1", 1, price="446975")
    report(trader, first, "0")
    report(trader, second, "0")
    acks = [m[11] for m in trader.messages("8") if m.get(150) == "0"]
    assert acks == [second, first]


def test_skipped_sequence_numbers_are_gap_filled(sim: TTSimulator, trader: TTFixClient) -> None:
    before = int(trader.received[-1][34])
    assert sim.faults.skip_sequence_numbers("order", 3) == 1
    cl_ord_id = send_order(trader, sim.instrument("ES"), "1", 1, price="447000")
    gap_fill = trader.wait_for(lambda m: m.msg_type == "4", 5, "SequenceReset-GapFill")
    # The client asked for a resend from the first skipped number; the simulator gap-filled past the
    # skipped numbers and the report sent after the gap, then delivered the report again.
    assert (gap_fill[34], gap_fill[123], gap_fill[43]) == (str(before + 1), "Y", "Y")
    assert int(gap_fill[36]) == before + 5
    ack = report(trader, cl_ord_id, "0")
    assert int(ack[34]) == before + 5
    assert len([m for m in trader.messages("8") if m.get(11) == cl_ord_id]) == 1


def test_market_data_session_drop(sim: TTSimulator, connect: ClientFactory) -> None:
    quotes = connect("market_data")
    assert sim.faults.drop_session("market_data") == 1
    quotes.wait_until(lambda: quotes.logouts == 1, 5, "market data drop")


def test_admin_endpoint_validates_input(sim: TTSimulator) -> None:
    with pytest.raises(urllib.error.HTTPError) as error:
        _admin(sim, {"fault": "explode"})
    assert error.value.code == 400 and "unknown fault 'explode'" in json.loads(error.value.read())["status_message"]
    with pytest.raises(ValueError, match="unknown parameter"):
        apply_admin_fault(sim.faults, {"fault": "logout", "colour": "red"})
    with pytest.raises(ValueError, match="session must be one of"):
        sim.faults.drop_session("prices")


def test_random_faults_are_reproducible_from_seed() -> None:
    config = FaultConfig(seed=42, execution_report_delay_probability=0.2,
                         execution_report_duplicate_probability=0.1, rest_error_probability=0.3)

    def run() -> list[object]:
        injector = FaultInjector(config)
        return [injector.next_report_action() for _ in range(50)] + [injector.next_rest_action() for _ in range(50)]

    first, second = run(), run()
    assert first == second
    kinds = {getattr(action, "kind", None) for action in first}
    assert {"delay", "duplicate", "send", "error", "ok"} <= kinds
    other = FaultInjector(FaultConfig(seed=43, execution_report_delay_probability=0.2))
    assert [other.next_report_action() for _ in range(50)] != first[:50]


def test_random_order_rejects_via_fix(connect: ClientFactory, sim: TTSimulator) -> None:
    sim.faults.config = FaultConfig(seed=1, order_reject_probability=1.0, order_reject_text="Random reject")
    trader = connect("order")
    cl_ord_id = send_order(trader, sim.instrument("ES"), "1", 1, price="447000")
    assert report(trader, cl_ord_id, "8")[58] == "Random reject"
