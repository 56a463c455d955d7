"""TT REST API of the simulator (ttid, ttpds, ttmonitor, ttaccount) plus the admin endpoints.

Requests are checked like TT does: lower-case service names (upper case gives 403), a known
environment, ``x-api-key`` of a configured application, a live Bearer token of the same
environment, and a ``requestId`` query parameter on every GET. Admin endpoints (``/admin/...``)
need no token; the server listens on loopback by default.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import secrets
import ssl
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from aiohttp import web

from keel.sim.tt.config import SimConfig, UserConfig
from keel.sim.tt.faults import FaultInjector, apply_admin_fault
from keel.sim.tt.instruments import FUT_PRODUCT_TYPE_ID, MARKETS, PRODUCT_TYPES, Instrument
from keel.sim.tt.positions import Position
from keel.sim.tt.venue import Venue

SERVICES = ("ttid", "ttpds", "ttmonitor", "ttaccount")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def account_id(name: str) -> str:
    """Stable numeric TT account id of an account name."""
    return str(int(hashlib.sha256(f"account|{name}".encode()).hexdigest(), 16) % 9_000_000 + 1_000_000)


@dataclass(slots=True)
class Token:
    """An issued access token."""

    value: str
    app_key: str
    environment: str
    expires_at: float


def _ok(key: str | None = None, value: Any = None, **extra: Any) -> web.Response:
    body: dict[str, Any] = {"status": "Ok", "status_message": "Ok", "statusCode": 200}
    if key is not None:
        body[key] = value
        body.update(nextPageKey="", lastPage="true")
    body.update(extra)
    return web.json_response(body)


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"status": "Failed", "status_message": message, "statusCode": status}, status=status)


class RestApi:
    """aiohttp application serving TT's REST endpoints from the venue's state."""

    def __init__(self, config: SimConfig, venue: Venue, faults: FaultInjector) -> None:
        self.config = config
        self.venue = venue
        self.faults = faults
        self.apps: dict[str, UserConfig] = {u.app_key: u for u in config.users}
        self.tokens: dict[str, Token] = {}
        self._calls: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self.requests = 0

    def application(self) -> web.Application:
        """The aiohttp application."""
        app = web.Application(middlewares=[self._middleware])
        app.router.add_post("/ttid/{env}/token", self.token)
        app.router.add_get("/ttpds/{env}/markets", self.markets)
        app.router.add_get("/ttpds/{env}/productdata", self.productdata)
        app.router.add_get("/ttpds/{env}/products", self.products)
        app.router.add_get("/ttpds/{env}/instruments", self.instruments)
        app.router.add_get("/ttpds/{env}/instrument/{id}", self.instrument)
        app.router.add_get("/ttmonitor/{env}/position", self.positions)
        app.router.add_get("/ttaccount/{env}/account/{id}", self.account)
        app.router.add_get("/ttaccount/{env}/accounts", self.accounts)
        app.router.add_get("/admin/faults", self.admin_history)
        app.router.add_post("/admin/faults", self.admin_fault)
        app.router.add_get("/admin/state", self.admin_state)
        return app

    def expire_tokens(self) -> int:
        """Invalidate every token (fault injection)."""
        with self._lock:
            count = len(self.tokens)
            self.tokens.clear()
        return count

    # ------------------------------------------------------------------ middleware
    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        self.requests += 1
        first = request.path.strip("/").split("/", 1)[0]
        if first == "admin":
            return await handler(request)
        if first.lower() in SERVICES and first != first.lower():
            return _error(403, f"service name {first!r} must be lower case ({first.lower()!r})")
        env = request.match_info.get("env")
        if env is not None and env not in self.config.rest.environments:
            return _error(404, f"unknown environment {env!r}; use one of {', '.join(self.config.rest.environments)}")
        action = self.faults.next_rest_action()
        if action.kind == "error":
            return _error(action.status, "Simulated server error (fault injection)")
        if action.kind == "rate_limit":
            return _error(429, "Too many requests (fault injection)")
        if action.kind == "slow":
            await asyncio.sleep(action.delay)
        app_key = request.headers.get("x-api-key", "")
        if app_key not in self.apps:
            return _error(401, "missing or unknown x-api-key header: send the application key from TT Setup")
        if self._over_rate(app_key):
            limit = self.config.rest.rate_limit_per_second
            return _error(429, f"rate limit of {limit:g} requests per second exceeded")
        if request.method == "GET":
            problem = self._auth_problem(request, app_key, env or "")
            if problem is not None:
                return _error(401, problem)
            request_id = request.query.get("requestId", "")
            if "--" not in request_id:
                return _error(400, "requestId query parameter is required, formatted <app>-<company>--<guid>")
        try:
            return await handler(request)
        except web.HTTPException:
            raise
        except (ValueError, LookupError) as error:
            return _error(400, str(error))

    def _over_rate(self, app_key: str) -> bool:
        limit = self.config.rest.rate_limit_per_second
        if limit <= 0:
            return False
        now = time.monotonic()
        with self._lock:
            calls = self._calls.setdefault(app_key, deque())
            while calls and now - calls[0] > 1.0:
                calls.popleft()
            if len(calls) >= limit:
                return True
            calls.append(now)
            return False

    def _auth_problem(self, request: web.Request, app_key: str, env: str) -> str | None:
        header = request.headers.get("Authorization", "")
        if not header.lower().startswith("bearer "):
            return "missing Authorization: Bearer <token> header; get a token from POST /ttid/{env}/token"
        value = header[7:].strip()
        with self._lock:
            token = self.tokens.get(value)
        if token is None or token.app_key != app_key:
            return "invalid or expired token: request a new one from /ttid/{env}/token"
        if token.environment != env:
            return f"token was issued for {token.environment}, not {env}"
        if token.expires_at <= time.time():
            return "token expired: request a new one from /ttid/{env}/token"
        return None

    # ------------------------------------------------------------------ ttid
    async def token(self, request: web.Request) -> web.Response:
        """``POST /ttid/{env}/token`` with ``grant_type=user_app`` and ``app_key=<key>:<secret>``."""
        form = await request.post()
        if form.get("grant_type") != "user_app":
            return _error(400, "form field grant_type must be 'user_app'")
        key, _, secret = str(form.get("app_key", "")).partition(":")
        user = self.apps.get(key)
        if user is None or key != request.headers.get("x-api-key") or secret != user.app_secret:
            return _error(401, "invalid app_key: send '<appKey>:<appSecret>' matching the x-api-key header")
        lifetime = self.config.rest.token_lifetime_seconds
        token = Token(secrets.token_hex(24), key, request.match_info["env"], time.time() + lifetime)
        with self._lock:
            self.tokens[token.value] = token
        return web.json_response({
            "status": "Ok", "access_token": token.value, "token_type": "bearer",
            "seconds_until_expiry": lifetime,
        })

    # ------------------------------------------------------------------ ttpds
    async def markets(self, request: web.Request) -> web.Response:
        """All markets."""
        return _ok("markets", [{"id": m.id, "name": m.name} for m in MARKETS])

    async def productdata(self, request: web.Request) -> web.Response:
        """Product types and currencies."""
        types = [{"id": i, "name": n} for i, n in PRODUCT_TYPES]
        return _ok("productTypes", types, currencies=[{"id": 1, "name": "USD"}])

    async def products(self, request: web.Request) -> web.Response:
        """Products of ``marketId``."""
        market_id = _int_query(request, "marketId")
        products = self.venue.catalogue.products_of_market(market_id)
        return _ok("products", [
            {"id": p.id, "symbol": p.symbol, "name": p.name, "productTypeId": FUT_PRODUCT_TYPE_ID,
             "familyId": p.id, "isInterProduct": False, "marketId": p.market.id}
            for p in products
        ])

    async def instruments(self, request: web.Request) -> web.Response:
        """Instruments of ``productId`` (and ``productTypeId``)."""
        product_id = request.query.get("productId", "")
        if not product_id:
            raise ValueError("productId query parameter is required")
        if "productTypeId" in request.query and _int_query(request, "productTypeId") != FUT_PRODUCT_TYPE_ID:
            return _ok("instruments", [])
        found = [i for i in self.venue.catalogue if i.product.id == product_id]
        return _ok("instruments", [_instrument_json(i) for i in sorted(found, key=lambda i: i.contract_month)])

    async def instrument(self, request: web.Request) -> web.Response:
        """One instrument by id (as a one-element array, like TT)."""
        try:
            instrument = self.venue.catalogue.by_id(request.match_info["id"])
        except LookupError as error:
            return _error(404, str(error))
        return _ok("instrument", [_instrument_json(instrument)])

    # ------------------------------------------------------------------ ttmonitor / ttaccount
    async def positions(self, request: web.Request) -> web.Response:
        """Positions of every account of the calling application's user."""
        user = self.apps[request.headers["x-api-key"]]
        with self.venue.lock:
            rows = [self._position_json(p) for p in self.venue.engine.positions.of_accounts(set(user.accounts))]
        return _ok("positions", rows)

    def _position_json(self, position: Position) -> dict[str, Any]:
        instrument = position.instrument
        engine = self.venue.engine
        last = engine.last_trade(instrument)
        mark = last if last is not None else _mid(engine.top(instrument))
        value = instrument.product.tick_size * instrument.product.point_value
        unrealized = Decimal(0)
        open_average = position.open_average
        if open_average is not None and mark is not None:
            unrealized = _decimal((mark - open_average) * position.net) * value
        realized = _decimal(position.realized_ticks) * value

        def price(ticks: Fraction | Decimal | int | None) -> float | None:
            return None if ticks is None else float(instrument.tick_wire * _decimal(ticks))

        return {
            "instrumentId": instrument.id,
            "accountId": account_id(position.account),
            "netPosition": position.net,
            "buyFillQty": position.buy_qty,
            "sellFillQty": position.sell_qty,
            "buyWorkingQty": 0,
            "sellWorkingQty": 0,
            "avgBuy": price(Decimal(position.buy_notional) / position.buy_qty) if position.buy_qty else None,
            "avgSell": price(Decimal(position.sell_notional) / position.sell_qty) if position.sell_qty else None,
            "openAvgPrice": price(open_average),
            "pnlPrice": price(mark),
            "pnlPriceType": 1,
            "realizedPnl": float(realized),
            "pnl": float(realized + unrealized),
            "sodNetPos": 0,
            "sodPrice": None,
            "sodPriceType": None,
        }

    async def account(self, request: web.Request) -> web.Response:
        """One account by id (as a one-element array)."""
        wanted = request.match_info["id"]
        for user in self.config.users:
            for name in user.accounts:
                if account_id(name) == wanted:
                    return _ok("account", [{"id": wanted, "name": name}])
        return _error(404, f"unknown account id {wanted}")

    async def accounts(self, request: web.Request) -> web.Response:
        """Accounts of the calling application's user."""
        user = self.apps[request.headers["x-api-key"]]
        return _ok("accounts", [{"id": account_id(n), "name": n} for n in user.accounts])

    # ------------------------------------------------------------------ admin
    async def admin_fault(self, request: web.Request) -> web.Response:
        """``POST /admin/faults`` with ``{"fault": name, ...}``."""
        try:
            payload = await request.json()
        except json.JSONDecodeError as error:
            return _error(400, f"body is not JSON: {error}")
        try:
            result = await asyncio.get_running_loop().run_in_executor(None, apply_admin_fault, self.faults, payload)
        except (ValueError, RuntimeError) as error:
            return _error(400, str(error))
        return _ok(result=result)

    async def admin_history(self, request: web.Request) -> web.Response:
        """Every fault applied so far."""
        return _ok("faults", list(self.faults.history))

    async def admin_state(self, request: web.Request) -> web.Response:
        """Working orders and subscriptions, for operators."""
        with self.venue.lock:
            orders = [
                {"orderId": o.order_id, "clOrdId": o.cl_ord_id, "account": o.account, "instrument": o.instrument.alias,
                 "side": o.side.name, "type": o.ord_type.name, "quantity": o.quantity, "filled": o.cum_qty}
                for o in self.venue.engine.working_orders()
                if o.owner is not None
            ]
            subscriptions = self.venue.market_data.count()
        return _ok(workingOrders=orders, subscriptions=subscriptions)


def _decimal(value: Fraction | Decimal | int) -> Decimal:
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value)


def _int_query(request: web.Request, name: str) -> int:
    text = request.query.get(name, "")
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"{name} query parameter must be an integer, got {text!r}") from None


def _mid(top: tuple[int | None, int, int | None, int]) -> int | None:
    bid, _, ask, _ = top
    if bid is None or ask is None:
        return bid if ask is None else ask
    return (bid + ask) // 2


def _instrument_json(instrument: Instrument) -> dict[str, Any]:
    product = instrument.product
    return {
        "id": instrument.id,
        "productId": product.id,
        "productSymbol": product.symbol,
        "productFamilyId": product.id,
        "productTypeId": FUT_PRODUCT_TYPE_ID,
        "marketId": product.market.id,
        "name": instrument.name,
        "alias": instrument.alias,
        "term": instrument.contract_month,
        "securityId": instrument.alias,
        "ricCode": "",
        "roundLotQty": 1,
        "lastTradeDate": int(instrument.maturity_date),
        "marketDepth": 10,
        "seriesTermId": int(instrument.contract_month),
        "expirationDate": instrument.expiration_stamp,
        "tickSize": float(instrument.tick_wire),
        "pointValue": float(product.point_value * product.display_factor),
        "tickValue": float(product.tick_size * product.point_value),
        "displayFactor": float(product.display_factor),
    }


class RestServer:
    """Runs :class:`RestApi` on its own thread and event loop."""

    def __init__(self, api: RestApi, host: str, port: int, ssl_context: ssl.SSLContext | None) -> None:
        self.api = api
        self.host = host
        self.port = port
        self.ssl_context = ssl_context
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._started = threading.Event()
        self._error: BaseException | None = None

    def start(self) -> None:
        """Start serving; raise if the port cannot be bound."""
        self._thread = threading.Thread(target=self._run, name="tt-sim-rest", daemon=True)
        self._thread.start()
        self._started.wait(timeout=10)
        if self._error is not None:
            raise RuntimeError(f"REST server could not start on {self.host}:{self.port}: {self._error}")

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            self._runner = web.AppRunner(self.api.application(), access_log=None)
            loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, self.host, self.port, ssl_context=self.ssl_context)
            loop.run_until_complete(site.start())
        except BaseException as error:  # report bind errors to start()
            self._error = error
            self._started.set()
            return
        self._started.set()
        loop.run_forever()
        loop.run_until_complete(self._runner.cleanup())
        loop.close()

    def stop(self) -> None:
        """Stop serving and join the thread."""
        if self._loop is not None and self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(timeout=10)
