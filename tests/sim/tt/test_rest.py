"""TT REST API of the simulator: token, ttpds, ttmonitor positions, ttaccount, REST faults."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any

import pytest

from keel.sim.tt.client import TTFixClient
from keel.sim.tt.orders import Side
from keel.sim.tt.simulator import TTSimulator

from .fixorders import report, send_order

ENV = "ext_uat_cert"


def _call(sim: TTSimulator, method: str, path: str, token: str | None = None, form: dict[str, str] | None = None,
          query: dict[str, str] | None = None, key: str | None = None) -> tuple[int, dict[str, Any]]:
    assert sim.endpoints is not None
    user = sim.config.users[0]
    params = dict(query or {})
    if method == "GET":
        params.setdefault("requestId", f"app-company--{uuid.uuid4()}")
    url = f"{sim.endpoints.rest_base_url}/{path}" + (f"?{urllib.parse.urlencode(params)}" if params else "")
    headers = {"x-api-key": key if key is not None else user.app_key}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _token(sim: TTSimulator, env: str = ENV) -> str:
    user = sim.config.users[0]
    status, body = _call(sim, "POST", f"ttid/{env}/token",
                         form={"grant_type": "user_app", "app_key": f"{user.app_key}:{user.app_secret}"})
    assert status == 200 and body["token_type"] == "bearer" and body["seconds_until_expiry"] > 0
    return str(body["access_token"])


def test_token_and_reference_data_chain(sim: TTSimulator) -> None:
    token = _token(sim)
    _, markets = _call(sim, "GET", f"ttpds/{ENV}/markets", token)
    cme = next(m for m in markets["markets"] if m["name"] == "CME")
    _, types = _call(sim, "GET", f"ttpds/{ENV}/productdata", token)
    fut = next(t for t in types["productTypes"] if t["name"] == "FUT")
    _, products = _call(sim, "GET", f"ttpds/{ENV}/products", token, query={"marketId": str(cme["id"])})
    es = next(p for p in products["products"] if p["symbol"] == "ES" and p["productTypeId"] == fut["id"])
    _, instruments = _call(sim, "GET", f"ttpds/{ENV}/instruments", token,
                           query={"productTypeId": str(fut["id"]), "productId": es["id"]})
    dec = next(i for i in instruments["instruments"] if str(i["expirationDate"]).startswith("20261218"))
    assert dec["displayFactor"] == 0.01 and dec["tickSize"] == 25 and isinstance(dec["id"], str)
    _, one = _call(sim, "GET", f"ttpds/{ENV}/instrument/{dec['id']}", token)
    assert one["instrument"][0]["productSymbol"] == "ES" and one["instrument"][0]["marketId"] == cme["id"]
    assert markets["status"] == "Ok" and "lastPage" in markets


def test_positions_and_account_names_after_fills(sim: TTSimulator, trader: TTFixClient) -> None:
    es = sim.instrument("ES")
    report(trader, send_order(trader, es, "2", 2, price="447000"), "0")
    report(trader, send_order(trader, es, "1", 3, price="447000"), "F")
    token = _token(sim)
    _, body = _call(sim, "GET", f"ttmonitor/{ENV}/position", token, query={"scaleQty": "0"})
    (position,) = body["positions"]
    assert position["instrumentId"] == es.id and position["netPosition"] == 0
    assert position["buyFillQty"] == 2 and position["sellFillQty"] == 2
    _, account = _call(sim, "GET", f"ttaccount/{ENV}/account/{position['accountId']}", token)
    assert account["account"][0]["name"] == "KEEL01"
    report(trader, send_order(trader, es, "2", 1, price="447100"), "0")
    trader_fill = send_order(trader, es, "1", 1, ord_type="1")
    report(trader, trader_fill, "F")
    bid = es.real_to_ticks("4470.00")
    sim.venue.apply(lambda engine: engine.print_trade(es, bid, 1, Side.SELL))  # fills our resting 4470 bid
    _, body = _call(sim, "GET", f"ttmonitor/{ENV}/position", token)
    (position,) = body["positions"]
    assert (position["netPosition"], position["buyFillQty"], position["openAvgPrice"]) == (1, 4, 447000.0)
    assert position["pnlPrice"] == 447000.0 and position["pnl"] == 0.0


def test_auth_checks(sim: TTSimulator) -> None:
    token = _token(sim)
    assert _call(sim, "GET", f"ttpds/{ENV}/markets")[0] == 401
    assert _call(sim, "GET", f"ttpds/{ENV}/markets", token, key="unknown")[0] == 401
    assert _call(sim, "GET", "ttpds/ext_prod_live/markets", token)[0] == 401  # token is per environment
    assert _call(sim, "GET", "ttpds/ext_nowhere/markets", token)[0] == 404
    assert _call(sim, "GET", f"TTPDS/{ENV}/markets", token)[0] == 403
    status, body = _call(sim, "POST", f"ttid/{ENV}/token", form={"grant_type": "user_app", "app_key": "x:y"})
    assert status == 401 and "app_key" in body["status_message"]
    status, body = _call(sim, "GET", f"ttpds/{ENV}/products", token, query={"marketId": "abc"})
    assert status == 400 and "marketId" in body["status_message"]


def test_rest_faults(sim: TTSimulator) -> None:
    token = _token(sim)
    sim.faults.rest_error(503)
    assert _call(sim, "GET", f"ttpds/{ENV}/markets", token)[0] == 503
    sim.faults.rest_rate_limit()
    assert _call(sim, "GET", f"ttpds/{ENV}/markets", token)[0] == 429
    sim.faults.rest_slow(0.4)
    started = time.perf_counter()
    assert _call(sim, "GET", f"ttpds/{ENV}/markets", token)[0] == 200
    assert time.perf_counter() - started >= 0.35
    assert sim.faults.expire_tokens() >= 1
    status, body = _call(sim, "GET", f"ttpds/{ENV}/markets", token)
    assert status == 401 and "expired" in body["status_message"]
    assert _call(sim, "GET", f"ttpds/{ENV}/markets", _token(sim))[0] == 200


@pytest.mark.parametrize("lifetime", [1])
def test_token_lifetime_expiry(lifetime: int) -> None:
    from .conftest import quiet_config

    sim = TTSimulator(quiet_config(rest__token_lifetime_seconds=lifetime, rest__rate_limit_per_second=3.0)).start()
    try:
        token = _token(sim)
        codes = [_call(sim, "GET", f"ttpds/{ENV}/markets", token)[0] for _ in range(3)]
        assert 429 in codes  # 4 calls within a second (token included) exceed 3 per second
        time.sleep(1.1)
        status, body = _call(sim, "GET", f"ttpds/{ENV}/markets", token)
        assert status == 401 and "expired" in body["status_message"]
    finally:
        sim.stop()
