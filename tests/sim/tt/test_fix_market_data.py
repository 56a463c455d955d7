"""Market data conformance (V, W, X, Y) and TLS sessions."""

from __future__ import annotations

import ssl
import urllib.request

import pytest

from keel.sim.tt.client import TTFixClient
from keel.sim.tt.simulator import TTSimulator
from keel.sim.tt.wire import W_ENTRY_ORDER, X_ENTRY_ORDER

from .conftest import ClientFactory, quiet_config
from .fixorders import report, send_order


def _request(
    client: TTFixClient, md_req_id: str, symbol: str, month: str, request_type: str = "1", exchange: str = "CME"
) -> None:
    """A MarketDataRequest like TT's LEAN client (unsubscribe: new 262, 263=2, same groups)."""
    fields = [(262, md_req_id), (263, request_type)]
    if request_type != "2":
        fields += [(265, "1"), (264, "1"), (16959, "Y"), (18214, "Y")]
    types = [[(269, entry)] for entry in ("0", "1", "2", "C", "x")]
    instrument = [[(55, symbol), (167, "FUT"), (207, exchange), (200, month)]]
    client.send("V", fields, groups=[(267, (269,), types), (146, (55, 167, 200, 541, 48, 22, 207), instrument)])


def test_subscribe_snapshot_then_incrementals_then_unsubscribe(
    sim: TTSimulator, connect: ClientFactory
) -> None:
    trader = connect("order")
    quotes = connect("market_data")
    es = sim.instrument("ES")
    report(trader, send_order(trader, es, "1", 4, price="447000"), "0")
    report(trader, send_order(trader, es, "2", 6, price="447050"), "0")
    _request(quotes, "1", "ES", es.contract_month)
    snapshot = quotes.wait_for(lambda m: m.msg_type == "W", 5, "35=W")
    assert snapshot[262] == "1"
    entries = snapshot.entries(268, W_ENTRY_ORDER)
    assert entries == [{269: "0", 270: "447000", 271: "4"}, {269: "1", 270: "447050", 271: "6"}]

    start = quotes.mark()
    report(trader, send_order(trader, es, "1", 2, price="447050"), "F")
    trade = quotes.wait_for(lambda m: m.msg_type == "X" and "2" in m.all(269), 5, "trade X", start)
    (entry,) = trade.entries(268, X_ENTRY_ORDER)
    assert (entry[279], entry[269], entry[167], entry[55], entry[207], entry[200]) == (
        "0", "2", "FUT", "ES", "CME", es.contract_month)
    assert (entry[270], entry[271]) == ("447050", "2")
    quote = quotes.wait_for(lambda m: m.msg_type == "X" and "1" in m.all(269), 5, "quote X", start)
    bid, ask = quote.entries(268, X_ENTRY_ORDER)
    assert (bid[279], bid[269], bid[270], bid[271], bid[167]) == ("1", "0", "447000", "4", "FUT")
    assert (ask[269], ask[270], ask[271], ask[167]) == ("1", "447050", "4", "FUT")

    _request(quotes, "2", "ES", es.contract_month, request_type="2")
    trader_mark = trader.mark()
    trader.send("H", [])  # a round trip on the venue after the unsubscribe was processed
    trader.wait_for(lambda m: m.get(16728) is not None, 5, "download", trader_mark)
    quotes.wait_until(lambda: sim.venue.market_data.count() == 0, 5, "unsubscribed")
    after = quotes.mark()
    report(trader, send_order(trader, es, "1", 1, price="446900"), "0")
    trader.send("H", [])
    trader.wait_for(lambda m: m.get(16728) == "2", 5, "second download", trader_mark)
    assert [m for m in quotes.received[after:] if m.msg_type == "X"] == []


def test_brent_market_data_accepts_lean_ticker_and_unknown_symbol_is_rejected(
    sim: TTSimulator, connect: ClientFactory
) -> None:
    quotes = connect("market_data")
    brent = sim.instrument("BRN")
    _request(quotes, "7", "B", brent.contract_month, exchange="ICE")
    snapshot = quotes.wait_for(lambda m: m.msg_type == "W", 5, "W for Brent")
    assert snapshot[55] == "BRN"
    _request(quotes, "8", "ZZ", "202612")
    reject = quotes.wait_for(lambda m: m.msg_type == "Y", 5, "35=Y")
    assert reject[262] == "8" and reject[281] == "0" and "unknown product ZZ" in reject[58]


def test_md_session_refuses_orders(connect: ClientFactory) -> None:
    quotes = connect("market_data")
    quotes.send("B", [(148, "x"), (33, "1"), (58, "y")])
    refusal = quotes.wait_for(lambda m: m.msg_type == "j", 5, "35=j")
    assert refusal[380] == "3"


def test_tls_sessions_and_https_rest() -> None:
    sim = TTSimulator(quiet_config(tls__enabled=True)).start()
    try:
        endpoints = sim.endpoints
        assert endpoints is not None and endpoints.certificate is not None
        user = sim.config.users[0]
        client = TTFixClient(endpoints.host, endpoints.order_port, user.order_comp_id, endpoints.order_comp_id,
                             user, tls=True, ca_file=str(endpoints.certificate)).start()
        try:
            client.wait_ready(10)
            report(client, send_order(client, sim.instrument("ES"), "1", 1, price="447000"), "0")
        finally:
            client.stop()
        plain = TTFixClient(endpoints.host, endpoints.order_port, user.order_comp_id, endpoints.order_comp_id,
                            user).start()
        try:
            with pytest.raises(TimeoutError):
                plain.wait_ready(1.5)
        finally:
            plain.stop()
        context = ssl.create_default_context(cafile=str(endpoints.certificate))
        request = urllib.request.Request(f"{endpoints.rest_base_url}/admin/state")
        with urllib.request.urlopen(request, context=context, timeout=5) as response:
            assert response.status == 200
        assert endpoints.rest_base_url.startswith("https://")
    finally:
        sim.stop()
    assert sim.outbound_errors == []
