"""TT simulator benchmark: order-to-acknowledgement round trip and sustained order rate.

A plain QuickFIX initiator (no Keel engine) sends NewOrderSingles to the simulator on loopback
and timestamps each 150=0 acknowledgement in its ``fromApp`` callback.

    PYTHONPATH=src python bench/tt_sim/bench_order_ack.py [--orders 2000] [--rate 5000] [--seconds 5]

By default the simulator runs as a separate ``keel sim tt`` process (as deployed); pass
``--in-process`` to host it in the benchmark's own process. Prints p50/p99 round trip
(sequential: one order in flight), the maximum rate with a window of orders in flight, and a
paced run at ``--rate`` orders/s checking that every order is acknowledged.
Targets: p50 < 1 ms; 5,000 orders/s sustained without loss.
"""

from __future__ import annotations

import argparse
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

import quickfix as fix

from keel.fix.message import build
from keel.fix.settings import SessionSpec, always_on_schedule, build_settings
from keel.sim.tt.config import LiquidityConfig, SimConfig
from keel.sim.tt.simulator import TTSimulator, free_port


class AckCounter(fix.Application):
    """Minimal TT-style initiator application that timestamps acknowledgements."""

    def __init__(self, user: str, password: str) -> None:
        super().__init__()
        self.user, self.password = user, password
        self.acks: dict[str, float] = {}
        self.rejects = 0
        self.ready = threading.Event()
        self.cond = threading.Condition()

    def onCreate(self, sessionID: fix.SessionID) -> None:
        pass

    def onLogon(self, sessionID: fix.SessionID) -> None:
        pass

    def onLogout(self, sessionID: fix.SessionID) -> None:
        pass

    def toAdmin(self, message: fix.Message, sessionID: fix.SessionID) -> None:
        header = message.getHeader()
        header.setField(116, self.user)
        if header.getField(35) == "A":
            message.setField(141, "Y")
            message.setField(96, self.password)
            message.setField(553, self.user)

    def fromAdmin(self, message: fix.Message, sessionID: fix.SessionID) -> None:
        pass

    def toApp(self, message: fix.Message, sessionID: fix.SessionID) -> None:
        message.getHeader().setField(116, self.user)

    def fromApp(self, message: fix.Message, sessionID: fix.SessionID) -> None:
        now = time.perf_counter()
        kind = message.getHeader().getField(35)
        if kind == "B":
            self.ready.set()
            return
        if kind != "8":
            self.rejects += 1
            return
        exec_type = message.getField(150)
        if exec_type == "0":
            with self.cond:
                self.acks[message.getField(11)] = now
                self.cond.notify_all()
        elif exec_type == "8":
            self.rejects += 1


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) of ``values``."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=2000, help="sequential orders for the round trip")
    parser.add_argument("--burst", type=int, default=20000, help="orders for the max-rate run")
    parser.add_argument("--window", type=int, default=200, help="orders in flight in the max-rate run")
    parser.add_argument("--rate", type=int, default=5000, help="paced rate in orders per second")
    parser.add_argument("--seconds", type=float, default=5.0, help="duration of the paced run")
    parser.add_argument("--in-process", action="store_true",
                        help="run the simulator in this process (shares the GIL with the client)")
    args = parser.parse_args()

    config = SimConfig(liquidity=LiquidityConfig(mode="none"), listing_date="2026-11-20")
    sim = TTSimulator(config)  # catalogue and users; started here only with --in-process
    server: subprocess.Popen[bytes] | None = None
    if args.in_process:
        sim.start()
        assert sim.endpoints is not None
        host, order_port = sim.endpoints.host, sim.endpoints.order_port
        order_comp_id = sim.endpoints.order_comp_id
    else:
        host, order_port, order_comp_id = "127.0.0.1", free_port(), config.order_routing.comp_id
        server = subprocess.Popen(
            [sys.executable, "-m", "keel.cli.sim", "sim", "tt", "--liquidity", "none",
             "--order-port", str(order_port), "--md-port", str(free_port()), "--rest-port", str(free_port())],
            stdout=subprocess.DEVNULL,
        )
        _wait_port(host, order_port)
    user = config.users[0]
    app = AckCounter(user.name, user.password)
    settings = build_settings(
        {"ConnectionType": "initiator", "SocketConnectHost": host,
         "SocketConnectPort": order_port, "HeartBtInt": 30, "ReconnectInterval": 60,
         "SocketNodelay": True, "UseDataDictionary": False, **always_on_schedule()},
        [SessionSpec(user.order_comp_id, order_comp_id)],
    )
    store = fix.MemoryStoreFactory()
    initiator = fix.SocketInitiator(app, store, settings)
    initiator.start()
    session = fix.SessionID("FIX.4.4", user.order_comp_id, order_comp_id)
    instrument = sim.instrument("ES")
    counter = [0]

    def send() -> str:
        counter[0] += 1
        cl_ord_id = f"{counter[0]:032x}"
        price = str(300000 + (counter[0] % 400) * 25)  # resting buys far below the market: acks only
        message = build("D", [
            (11, cl_ord_id), (1, "KEEL01"), (55, "ES"), (167, "FUT"), (207, "CME"),
            (200, instrument.contract_month), (38, "1"), (54, "1"), (40, "2"), (44, price), (59, "1"),
            (1031, "Y"), (1724, "5"),
        ])
        fix.Session.sendToTarget(message, session)
        return cl_ord_id

    def wait_acks(count: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with app.cond:
            while len(app.acks) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                app.cond.wait(remaining)
        return True

    try:
        if not app.ready.wait(10):
            print("no Recovery Complete from the simulator", file=sys.stderr)
            return 1
        for _ in range(200):  # warm-up
            send()
        if not wait_acks(200, 10):
            print(f"warm-up orders were not acknowledged (rejects: {app.rejects})", file=sys.stderr)
            return 1

        # 1) Round trip, one order in flight.
        latencies = []
        for _ in range(args.orders):
            started = time.perf_counter()
            cl_ord_id = send()
            with app.cond:
                if not app.cond.wait_for(lambda key=cl_ord_id: key in app.acks, 5):  # type: ignore[misc]
                    print(f"no acknowledgement for {cl_ord_id} (rejects: {app.rejects})", file=sys.stderr)
                    return 1
            latencies.append((app.acks[cl_ord_id] - started) * 1000)
        print(f"round trip (n={args.orders}): p50 {percentile(latencies, 50):.3f} ms, "
              f"p99 {percentile(latencies, 99):.3f} ms, mean {statistics.fmean(latencies):.3f} ms")

        # 2) Maximum rate with a window of orders in flight.
        base = len(app.acks)
        started = time.perf_counter()
        for sent in range(1, args.burst + 1):
            send()
            if sent - (len(app.acks) - base) >= args.window:
                wait_acks(base + sent - args.window // 2, 10)
        complete = wait_acks(base + args.burst, 30)
        elapsed = time.perf_counter() - started
        print(f"max rate (window {args.window}): {args.burst / elapsed:,.0f} orders/s, "
              f"all acknowledged: {complete}")

        # 3) Paced run at --rate for --seconds.
        base = len(app.acks)
        total = int(args.rate * args.seconds)
        sent_at: dict[str, float] = {}
        started = time.perf_counter()
        for index in range(total):
            # Sleep (never spin: a spinning sender holds the GIL its own fromApp thread needs and
            # burns a core the simulator shares on small machines); late orders go out at once.
            delay = started + index / args.rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            sent_at[send()] = time.perf_counter()
        complete = wait_acks(base + total, 30)
        elapsed = time.perf_counter() - started
        lags = [(app.acks[k] - v) * 1000 for k, v in sent_at.items() if k in app.acks]
        print(f"paced {args.rate}/s for {args.seconds:g}s: {total} sent, {len(lags)} acknowledged "
              f"(lost {total - len(lags)}), achieved {total / elapsed:,.0f} orders/s, "
              f"ack latency p50 {percentile(lags, 50):.3f} ms p99 {percentile(lags, 99):.3f} ms, "
              f"rejects {app.rejects}, complete: {complete}")
        return 0 if complete else 1
    finally:
        initiator.stop(True)
        sim.stop()
        if server is not None:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=20)


def _wait_port(host: str, port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection((host, port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"simulator did not open {host}:{port}")


if __name__ == "__main__":
    raise SystemExit(main())
