"""The TT simulator as one object: FIX acceptors, REST API, liquidity, expiry and faults.

    with TTSimulator(SimConfig(liquidity=LiquidityConfig(mode="none"))) as sim:
        print(sim.endpoints.describe())

Ports configured as 0 are replaced by free ephemeral ports at start.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import tempfile
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import quickfix as fix

from keel.fix.dictionary import dictionary_path
from keel.fix.log import FixMessageLog
from keel.fix.settings import SessionSpec, always_on_schedule, build_settings
from keel.fix.tls_tunnel import TlsTunnel
from keel.sim.tt.config import SimConfig, UserConfig
from keel.sim.tt.faults import FaultInjector
from keel.sim.tt.instruments import Catalogue, Instrument
from keel.sim.tt.liquidity import LiquiditySource, ReplayLiquidity, SyntheticLiquidity, replay_dates
from keel.sim.tt.matching import MatchingEngine
from keel.sim.tt.md_app import MarketDataApp
from keel.sim.tt.order_app import OrderRoutingApp
from keel.sim.tt.orders import Event
from keel.sim.tt.outbox import Outbox
from keel.sim.tt.rest import RestApi, RestServer
from keel.sim.tt.router import SessionRouter
from keel.sim.tt.sessions import UserDirectory
from keel.sim.tt.tls import Certificate, generate_certificate
from keel.sim.tt.venue import Venue

log = logging.getLogger(__name__)

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def free_ports(host: str = "127.0.0.1", count: int = 1) -> list[int]:
    """``count`` distinct TCP ports that were free a moment ago on ``host``.

    Every probe socket stays bound until all ports are chosen: the kernel may hand out a port
    again as soon as its probe is closed, so ports probed one after the other can repeat (3 in a
    row repeated one time in 2,500 here; a REST port equal to a FIX port failed the start)."""
    address = host if host != "localhost" else "127.0.0.1"
    with contextlib.ExitStack() as probes:
        ports = []
        for _ in range(count):
            probe = probes.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            probe.bind((address, 0))
            ports.append(int(probe.getsockname()[1]))
        return ports


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago on ``host`` (several at once: :func:`free_ports`)."""
    return free_ports(host, 1)[0]


@dataclass(frozen=True)
class Endpoints:
    """Where and how to connect to a running simulator."""

    host: str
    order_port: int
    md_port: int
    rest_port: int
    order_comp_id: str
    md_comp_id: str
    tls: bool
    users: tuple[UserConfig, ...]
    certificate: Path | None

    @property
    def rest_base_url(self) -> str:
        """Base URL to use instead of ``https://apigateway.trade.tt``."""
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{self.host}:{self.rest_port}"

    def describe(self) -> str:
        """Human-readable connection details (what ``keel sim tt`` prints)."""
        lines = [
            "Keel TT simulator",
            f"  order routing FIX 4.4 : {self.host}:{self.order_port}  (TargetCompID 56={self.order_comp_id})",
            f"  market data FIX 4.4   : {self.host}:{self.md_port}  (TargetCompID 56={self.md_comp_id})",
            f"  REST API              : {self.rest_base_url}/{{service}}/{{ext_uat_cert|ext_prod_live}}/...",
            f"  admin API             : {self.rest_base_url}/admin/faults",
            f"  TLS                   : {'on, certificate ' + str(self.certificate) if self.tls else 'off'}",
        ]
        for user in self.users:
            lines += [
                f"  user {user.name}:",
                f"    order SenderCompID 49={user.order_comp_id}, market data SenderCompID 49={user.md_comp_id}",
                f"    session password (96) {user.password}, accounts {', '.join(user.accounts)}",
                f"    REST app key {user.app_key}, secret {user.app_secret}",
            ]
        return "\n".join(lines)


class _Controller:
    """Session faults acting on live QuickFIX sessions."""

    def __init__(self, users: UserDirectory, rest: RestApi, router: SessionRouter) -> None:
        self.users = users
        self.rest = rest
        self.router = router

    def _sessions(self, kind: str, user: str | None) -> list[fix.Session]:
        found = []
        for sid in self.users.sessions(kind, user):
            session = fix.Session.lookupSession(sid)
            if session is not None and session.isLoggedOn():
                found.append(session)
        return found

    def drop(self, kind: str, user: str | None) -> int:
        sessions = self._sessions(kind, user)
        for session in sessions:
            session.disconnect()
        return len(sessions)

    def logout(self, kind: str, user: str | None, reason: str) -> int:
        sessions = self._sessions(kind, user)
        for session in sessions:
            session.logout(reason)
        return len(sessions)

    def skip_sequence(self, kind: str, user: str | None, count: int) -> int:
        sessions = self._sessions(kind, user)
        for session in sessions:
            first = session.getExpectedSenderNum()
            self.router.skipped[session.getSessionID().toString()] = first
            session.setNextSenderMsgSeqNum(first + count)
        return len(sessions)

    def expire_tokens(self) -> int:
        return self.rest.expire_tokens()


class TTSimulator:
    """A local TT venue. Start with :meth:`start` (or ``with``), stop with :meth:`stop`."""

    def __init__(self, config: SimConfig | None = None) -> None:
        self.config = (config or SimConfig()).validate()
        listing = (
            datetime.strptime(self.config.listing_date, "%Y-%m-%d").date()
            if self.config.listing_date
            else datetime.now(UTC).date()
        )
        self.catalogue = Catalogue.listing(listing)
        self.faults = FaultInjector(self.config.faults)
        self.liquidity = self._make_liquidity(listing)
        clock = self.liquidity.now if isinstance(self.liquidity, ReplayLiquidity) else None
        self.engine = MatchingEngine(clock=clock, seed=self.config.seed)
        self.users = UserDirectory(self.config)
        self.outbox = Outbox(self.faults)
        self.venue = Venue(self.engine, self.catalogue, self.outbox, self.users)
        self.rest_api = RestApi(self.config, self.venue, self.faults)
        # Written from a background thread: a FIX callback only queues the message text.
        self.fix_log = FixMessageLog("keel.sim.tt.fix", enabled=self.config.log_fix_messages, background=True)
        validator = fix.DataDictionary(str(dictionary_path())) if self.config.validate_outbound else None
        self.order_app = OrderRoutingApp(self.venue, self.users, self.faults, self.fix_log, validator)
        self.md_app = MarketDataApp(self.venue, self.users, self.fix_log, validator)
        self._router = SessionRouter(self.users, self.order_app, self.md_app, self.outbox)
        self.faults.controller = _Controller(self.users, self.rest_api, self._router)
        self.certificate: Certificate | None = None
        self.endpoints: Endpoints | None = None
        self._acceptors: list[Any] = []
        self._tunnels: list[TlsTunnel] = []
        self._rest_server: RestServer | None = None
        self._stop = threading.Event()
        self._market_thread: threading.Thread | None = None
        self._tempdir: tempfile.TemporaryDirectory[str] | None = None
        self.liquidity_errors: list[str] = []

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> TTSimulator:
        """Open the FIX and REST ports and start liquidity; return ``self``."""
        config = self.config
        host = config.host
        if config.tls.enabled:
            cert_dir = config.tls.cert_dir
            if not cert_dir:
                self._tempdir = tempfile.TemporaryDirectory(prefix="keel-tt-sim-")
                cert_dir = self._tempdir.name
            self.certificate = generate_certificate(cert_dir, config.tls.hostname)
        # every port left to the simulator (0) comes from ONE probe, so no two can coincide
        configured = (config.order_routing.port, config.market_data.port, config.rest.port)
        inner_count = 2 if self.certificate is not None else 0
        spare = iter(free_ports(host, configured.count(0) + inner_count))
        order_port, md_port, rest_port = (port or next(spare) for port in configured)
        self.outbox.start()
        try:
            if self.certificate is None:
                self._acceptors = [self._acceptor(order_port, md_port)]
            else:
                # QuickFIX listens on private loopback ports; TLS tunnels own the public ones.
                inner_order, inner_md = next(spare), next(spare)
                self._acceptors = [self._acceptor(inner_order, inner_md)]
                context = self.certificate.server_context()
                self._tunnels = [
                    TlsTunnel("127.0.0.1", inner, listen_host=host, listen_port=public, server_context=context)
                    for inner, public in ((inner_order, order_port), (inner_md, md_port))
                ]
            for acceptor in self._acceptors:
                acceptor.start()
            for tunnel in self._tunnels:
                tunnel.start()
            ssl_context = self.certificate.server_context() if self.certificate else None
            self._rest_server = RestServer(self.rest_api, host, rest_port, ssl_context)
            self._rest_server.start()
        except BaseException:
            self.stop()
            raise
        self.endpoints = Endpoints(
            host, order_port, md_port, rest_port, config.order_routing.comp_id, config.market_data.comp_id,
            config.tls.enabled, config.users, self.certificate.cert_file if self.certificate else None,
        )
        self._stop.clear()
        self._market_thread = threading.Thread(target=self._market_loop, name="tt-sim-market", daemon=True)
        self._market_thread.start()
        return self

    def stop(self) -> None:
        """Stop liquidity, acceptors (logging sessions out) and the REST server; idempotent."""
        self._stop.set()
        if self._market_thread is not None:
            self._market_thread.join(timeout=10)
            self._market_thread = None
        for tunnel in self._tunnels:
            tunnel.stop()
        self._tunnels = []
        acceptors, self._acceptors = self._acceptors, []
        while acceptors:
            acceptor = acceptors.pop()
            try:
                acceptor.stop(True)
            except Exception as error:
                log.warning("acceptor stop failed: %s", error)
            # Dropping the last reference destroys the C++ acceptor, which unregisters its
            # sessions from QuickFIX's process-wide registry (a later simulator reuses the ids).
            del acceptor
        if self._rest_server is not None:
            self._rest_server.stop()
            self._rest_server = None
        self.outbox.stop()
        self.fix_log.close()
        if self._tempdir is not None:
            self._tempdir.cleanup()
            self._tempdir = None

    def __enter__(self) -> TTSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def wait(self) -> None:
        """Block until :meth:`stop` is called from another thread (or Ctrl-C)."""
        while not self._stop.wait(0.5):
            pass

    # ------------------------------------------------------------------ helpers for tests and tools
    def instrument(self, symbol: str, contract_month: str | None = None) -> Instrument:
        """A listed instrument: ``contract_month`` (``YYYYMM``) or the front month of ``symbol``."""
        product = self.catalogue.product_for(symbol)
        listed = sorted((i for i in self.catalogue if i.product is product), key=lambda i: i.contract_month)
        if contract_month is None:
            if not listed:
                raise LookupError(f"no listed contract of {symbol}")
            return listed[0]
        return self.catalogue.find(product.exchange, product.symbol, contract_month, None)

    def step_liquidity(self) -> list[Event]:
        """Run one liquidity step now (deterministic driving from tests)."""
        if self.liquidity is None:
            return []
        return self.venue.apply(self.liquidity.step)

    def expire_day_orders(self, now: datetime | None = None) -> list[Event]:
        """Expire Day orders whose session close is at or before ``now`` (default: engine clock)."""
        return self.venue.apply(lambda engine: engine.expire_due(now))

    @property
    def outbound_errors(self) -> list[str]:
        """Outgoing messages that failed dictionary validation (with ``validate_outbound``)."""
        return self.order_app.outbound_errors + self.md_app.outbound_errors

    # ------------------------------------------------------------------ internals
    def _make_liquidity(self, listing: date) -> LiquiditySource | None:
        cfg = self.config.liquidity
        if cfg.mode == "none":
            return None
        if cfg.mode == "replay":
            return ReplayLiquidity(
                self.catalogue, cfg.data_folder, cfg.replay_market, cfg.replay_root,
                replay_dates(cfg.replay_dates), cfg.speed, cfg.depth, cfg.level_size, wall_clock=_monotonic,
            )
        instruments = []
        for symbol in cfg.symbols:
            product = self.catalogue.product_for(symbol)
            listed = sorted((i for i in self.catalogue if i.product is product), key=lambda i: i.contract_month)
            instruments.append(listed[0])
        return SyntheticLiquidity(
            instruments, self.config.seed, cfg.interval_seconds, cfg.depth, cfg.level_size, cfg.trade_probability
        )

    def _acceptor(self, order_port: int, md_port: int) -> Any:
        """One QuickFIX acceptor listening on both ports (one port per session kind)."""
        config = self.config
        defaults: dict[str, str | int | bool] = {
            "ConnectionType": "acceptor",
            "SocketReuseAddress": True,
            "SocketNodelay": True,
            "UseDataDictionary": True,
            "DataDictionary": str(dictionary_path()),
            "ValidateUserDefinedFields": True,
            "AllowUnknownMsgFields": False,
            "ValidateFieldsHaveValues": True,
            "ValidateFieldsOutOfOrder": True,
            "CheckLatency": True,
            "MaxLatency": 120,
            "ResetOnLogon": True,
            "ResetOnLogout": True,
            "ResetOnDisconnect": True,
            "PersistMessages": False,
            **always_on_schedule(),
        }
        if config.host in LOOPBACK or self.certificate is not None:
            defaults["AllowedRemoteAddresses"] = "127.0.0.1"
        sessions = []
        for user in config.users:
            sessions.append(SessionSpec(config.order_routing.comp_id, user.order_comp_id, options={
                "SocketAcceptPort": order_port, "HeartBtInt": config.order_routing.heartbeat_seconds}))
            sessions.append(SessionSpec(config.market_data.comp_id, user.md_comp_id, options={
                "SocketAcceptPort": md_port, "HeartBtInt": config.market_data.heartbeat_seconds}))
        settings = build_settings(defaults, sessions)
        self._store = fix.MemoryStoreFactory()
        self._settings = settings
        # SocketAcceptor of QuickFIX 1.16 races in stop() (its server object is closed by the
        # stopping thread while the acceptor thread deletes it); the threaded one does not.
        return fix.ThreadedSocketAcceptor(self._router, self._store, settings)

    def _market_loop(self) -> None:
        liquidity = self.liquidity
        while not self._stop.is_set():
            delay = liquidity.next_delay() if liquidity is not None else None
            wait = 1.0 if delay is None else min(delay, 1.0)
            if self._stop.wait(wait):
                return
            try:
                if liquidity is not None and delay is not None and delay <= wait:
                    self.venue.apply(liquidity.step)
                self.venue.apply(lambda engine: engine.expire_due())
            except Exception as error:  # keep the venue alive; surface the problem
                log.exception("liquidity step failed")
                self.liquidity_errors.append(f"{type(error).__name__}: {error}")


def _monotonic() -> float:
    import time

    return time.monotonic()
