"""``result.json`` orders and ``order-events.json`` in LEAN's own shapes.

LEAN writes each order of ``result.json`` as Newtonsoft's JSON of its ``Order`` (the text its
``OrderListHash`` hashes: integer enums, the symbol as ``{"value", "id", "permtick"}``, ...) and
each order event through ``OrderEventJsonConverter`` (``SerializedOrderEvent``: lowercase camel
case ``status``/``direction`` strings, ``time`` in Unix seconds, the fee left out for
``OrderFee.Zero``), in a compact list (``Formatting.None``).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from keel.engine.backtest import load_algorithm_class, run_backtest
from keel.engine.lean_order_json import lean_enum_text, order_dict, order_event_dict, order_json
from keel.engine.results import write_results
from keel.model.enums import OrderDirection, OrderStatus, OrderType
from keel.model.orders import CashAmount, Order, OrderEvent, OrderFee
from keel.model.symbol import Symbol

ES_DEC13 = Symbol.create_future("ES", "cme", date(2013, 12, 20), date(2013, 12, 1))
ALGORITHMS = Path(__file__).resolve().parents[2] / "src" / "keel" / "regressions" / "algorithms"


def test_enum_text_is_newtonsofts_camel_case_string_enum() -> None:
    assert lean_enum_text(OrderStatus.PARTIALLY_FILLED) == "partiallyFilled"
    assert lean_enum_text(OrderStatus.FILLED) == "filled"
    assert lean_enum_text(OrderStatus.UPDATE_SUBMITTED) == "updateSubmitted"
    assert lean_enum_text(OrderDirection.SELL) == "sell"


def test_order_dict_is_the_order_list_hash_json() -> None:
    order = Order(7, ES_DEC13, -2.0, OrderType.LIMIT, datetime(2013, 10, 8, 14, 0), limit_price=1670.25)
    order.status = OrderStatus.SUBMITTED
    data = order_dict(order)
    assert data == json.loads(order_json(order))
    assert data["type"] == 1 and data["status"] == 1 and data["direction"] == 1 and data["securityType"] == 5
    assert data["symbol"] == {"value": "ES20Z13", "id": str(ES_DEC13.id), "permtick": "ES20Z13"}
    assert data["limitPrice"] == 1670.25 and data["priceCurrency"] == "USD"
    assert data["properties"] == {"timeInForce": {}} and "orderSubmissionData" in data


def test_order_event_dict_is_leans_serialized_order_event() -> None:
    t = datetime(2013, 10, 8, 13, 31)
    submitted = OrderEvent(1, ES_DEC13, t, OrderStatus.SUBMITTED, OrderDirection.BUY)
    submitted.id, submitted.quantity = 1, 1.0
    filled = OrderEvent(
        1, ES_DEC13, t, OrderStatus.FILLED, OrderDirection.BUY, fill_price=1663.2500000000002, fill_quantity=1.0,
        order_fee=OrderFee(CashAmount(2.15, "USD")),
    )  # fmt: skip
    filled.id, filled.quantity = 2, 1.0
    assert order_event_dict(submitted, "Algo") == {
        "id": "Algo-1-1",
        "algorithmId": "Algo",
        "orderId": 1,
        "orderEventId": 1,
        "symbol": str(ES_DEC13.id),
        "symbolValue": "ES20Z13",
        "symbolPermtick": "ES",
        "time": 1381239060.0,
        "status": "submitted",  # OrderFee.Zero (the null currency): no fee members
        "fillPrice": 0.0,
        "fillPriceCurrency": "USD",
        "fillQuantity": 0.0,
        "direction": "buy",
        "isAssignment": False,
        "quantity": 1.0,
    }
    data = order_event_dict(filled, "Algo")
    assert list(data)[8:13] == ["status", "orderFeeAmount", "orderFeeCurrency", "fillPrice", "fillPriceCurrency"]
    assert data["status"] == "filled" and data["orderFeeAmount"] == 2.15 and data["orderFeeCurrency"] == "USD"
    assert data["fillPrice"] == 1663.25  # the decimal LEAN holds, not the float's noise
    canceled = OrderEvent(3, ES_DEC13, t, OrderStatus.CANCELED, OrderDirection.SELL, message="gone")
    canceled.limit_price, canceled.stop_price = 1650.0, None
    data = order_event_dict(canceled, "Algo")
    assert data["message"] == "gone" and data["limitPrice"] == 1650.0 and "stopPrice" not in data
    assert data["direction"] == "sell" and "orderFeeAmount" not in data


def test_a_backtest_writes_orders_and_events_in_leans_shape(tmp_path: Path, lean_data: Path) -> None:
    cls = load_algorithm_class(ALGORITHMS / "BasicTemplateFuturesAlgorithm.py")
    run = run_backtest(cls, lean_data)
    write_results(tmp_path, run.result)
    doc = json.loads((tmp_path / "result.json").read_text())
    first = doc["orders"]["1"]
    assert first["id"] == 1 and first["type"] == 0 and first["status"] == 3 and first["direction"] == 0
    assert set(first["symbol"]) == {"value", "id", "permtick"} and first["brokerId"] == ["1"]
    assert {"orderSubmissionData", "priceCurrency", "securityType", "properties", "priceAdjustmentMode"} <= set(first)
    assert len(doc["orders"]) == int(doc["statistics"]["Total Orders"])
    text = (tmp_path / "order-events.json").read_text()
    assert text.startswith('[{"id":"BasicTemplateFuturesAlgorithm-1-1","algorithmId":"BasicTemplateFuturesAlgorithm"')
    events = json.loads(text)
    assert events == doc["orderEvents"]
    assert [e["status"] for e in events[:2]] == ["submitted", "filled"]
    assert {e["status"] for e in events} <= {"submitted", "filled", "partiallyFilled", "canceled", "invalid",
                                            "updateSubmitted", "cancelPending"}  # fmt: skip
    assert all(isinstance(e["time"], float) and e["direction"] in ("buy", "sell") for e in events)
    assert "report.html" in {p.name for p in tmp_path.iterdir()}
