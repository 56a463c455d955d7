"""Building TT-style order messages for conformance tests."""

from __future__ import annotations

from keel.sim.tt.client import Received, TTFixClient, new_cl_ord_id
from keel.sim.tt.instruments import Instrument


def send_order(
    client: TTFixClient,
    instrument: Instrument,
    side: str,
    qty: int,
    ord_type: str = "2",
    price: str | None = None,
    stop: str | None = None,
    tif: str = "0",
    account: str = "KEEL01",
    cl_ord_id: str | None = None,
) -> str:
    """Send a NewOrderSingle like TT's LEAN client; return its ClOrdID."""
    cl_ord_id = cl_ord_id or new_cl_ord_id()
    fields = [
        (11, cl_ord_id), (1, account), (55, instrument.product.symbol), (167, "FUT"),
        (207, instrument.product.exchange), (38, str(qty)), (54, side), (40, ord_type), (59, tif),
        (1031, "Y"), (1724, "5"),
    ]
    if instrument.product.uses_maturity_date:
        fields.append((541, instrument.maturity_date))
    else:
        fields.append((200, instrument.contract_month))
    if price is not None:
        fields.append((44, price))
    if stop is not None:
        fields.append((99, stop))
    client.send("D", fields)
    return cl_ord_id


def report(client: TTFixClient, cl_ord_id: str, exec_type: str, start: int = 0, timeout: float = 5.0) -> Received:
    """Wait for the execution report with 11=``cl_ord_id`` and 150=``exec_type``."""
    return client.wait_for(
        lambda m: m.msg_type == "8" and m.get(11) == cl_ord_id and m.get(150) == exec_type,
        timeout, f"35=8 11={cl_ord_id} 150={exec_type}", start,
    )
