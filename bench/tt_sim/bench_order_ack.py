"""TT simulator benchmark: order-to-acknowledgement round trip, sustained order rate, CPU per order.

A plain QuickFIX initiator (no Keel engine) sends NewOrderSingles to the simulator on loopback
and timestamps each 150=0 acknowledgement in its ``fromApp`` callback.

    PYTHONPATH=src python bench/tt_sim/bench_order_ack.py [--orders 2000] [--rate 5000] [--seconds 5]

By default the simulator runs as a separate ``keel sim tt`` process (as deployed); pass
``--in-process`` to host it in the benchmark's own process. Prints p50/p99 round trip
(sequential: one order in flight), the maximum rate with a window of orders in flight, and a
paced run at ``--rate`` orders/s with a verdict line: SUSTAINED when every order was
acknowledged (acks == orders sent, no rejects) and the acknowledgements arrived at the target
rate or faster from the first to the last (``(n - 1) / span``, rounded to whole orders/s).
Targets: p50 < 1 ms; 5,000 orders/s sustained without loss.

Every phase also reports CPU time per order of the simulator process and of this client
process (user + system, all threads), which stays meaningful on a loaded machine where
wall-clock rates do not. ``--json FILE`` appends all figures as one JSON line.

The client is kept cheap so that it measures the venue: each NewOrderSingle is FIX text
prepared up front (116 already in the header, so ``toApp`` has nothing to do) and parsed into
one reused ``quickfix.Message``; ``fromApp`` reads an acknowledgement from one ``toString`` and
keeps its thread's Python thread state (:mod:`keel.fix.threads`).
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import resource
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psutil
import quickfix as fix

from keel.fix.settings import SessionSpec, always_on_schedule, build_settings
from keel.fix.threads import pin_thread_state, unpin_thread_state
from keel.sim.tt.config import LiquidityConfig, SimConfig
from keel.sim.tt.simulator import TTSimulator, free_ports

SOH = "\x01"


class AckCounter(fix.Application):
    """Minimal TT-style initiator application that timestamps acknowledgements."""

    def __init__(self, user: str, password: str) -> None:
        super().__init__()
        self.user, self.password = user, password
        self.acks: dict[str, float] = {}
        self.rejects = 0
        self.ready = threading.Event()
        self.target = sys.maxsize  # wake the waiter once this many acknowledgements arrived
        self.arrived = threading.Event()

    def onCreate(self, sessionID: fix.SessionID) -> None:
        pass

    def onLogon(self, sessionID: fix.SessionID) -> None:
        pass

    def onLogout(self, sessionID: fix.SessionID) -> None:
        unpin_thread_state()

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
        pass  # application messages are written with 116 already in the header

    def fromApp(self, message: fix.Message, sessionID: fix.SessionID) -> None:
        now = time.perf_counter()
        pin_thread_state()  # QuickFIX's thread: keep its Python thread state between callbacks
        raw = message.toString()
        at = raw.find("\x01150=")
        if at < 0:
            if "\x0135=B\x01" in raw:  # News "Recovery Complete"
                self.ready.set()
            else:
                self.rejects += 1
            return
        exec_type = raw[at + 5]
        if exec_type == "0":
            start = raw.find("\x0111=") + 4
            self.acks[raw[start:raw.index(SOH, start)]] = now
            if len(self.acks) >= self.target:
                self.arrived.set()
        elif exec_type == "8":
            self.rejects += 1

    def wait_acks(self, count: int, timeout: float) -> bool:
        """Wait until ``count`` acknowledgements arrived in total; False on timeout."""
        deadline = time.monotonic() + timeout
        self.target = count
        try:
            while len(self.acks) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self.arrived.wait(min(remaining, 0.05))
                self.arrived.clear()
            return True
        finally:
            self.target = sys.maxsize


class OrderSender:
    """Sends NewOrderSingles prepared as FIX text through one reused QuickFIX message."""

    def __init__(self, session: fix.Session, user: str, contract_month: str) -> None:
        self.session = session
        self.scratch = fix.Message()
        self.count = 0
        self.run = os.urandom(4).hex()  # ClOrdIDs stay unique across runs against one simulator
        # Resting buys far below the market: acknowledgements only, the book never trades.
        self.head = f"8=FIX.4.4{SOH}9=0{SOH}35=D{SOH}116={user}{SOH}11="
        self.tail = (f"{SOH}1=KEEL01{SOH}55=ES{SOH}167=FUT{SOH}207=CME{SOH}200={contract_month}{SOH}38=1{SOH}"
                     f"54=1{SOH}40=2{SOH}44=")
        self.end = f"{SOH}59=1{SOH}1031=Y{SOH}1724=5{SOH}10=000{SOH}"

    def prepare(self, count: int) -> list[tuple[str, str]]:
        """The next ``count`` orders as (ClOrdID, FIX text)."""
        orders = []
        for _ in range(count):
            self.count += 1
            cl_ord_id = f"{self.run}{self.count:024x}"
            price = 300000 + (self.count % 400) * 25
            orders.append((cl_ord_id, f"{self.head}{cl_ord_id}{self.tail}{price}{self.end}"))
        return orders

    def send(self, text: str) -> None:
        """Send one prepared order."""
        self.scratch.setString(text, False)
        self.session.send(self.scratch)


@dataclass
class CpuMeter:
    """CPU seconds (user + system, all threads) of the simulator process and of this process."""

    server: psutil.Process | None

    def sample(self) -> tuple[float, float]:
        """(simulator, client) CPU seconds so far; the simulator is 0 when it runs in-process."""
        usage = resource.getrusage(resource.RUSAGE_SELF)
        client = usage.ru_utime + usage.ru_stime
        if self.server is None:
            return 0.0, client
        times = self.server.cpu_times()
        return times.user + times.system, client

    def per_order(self, before: tuple[float, float], count: int) -> dict[str, float]:
        """CPU microseconds per order since ``before``."""
        after = self.sample()
        return {"sim_cpu_us": round((after[0] - before[0]) * 1e6 / count, 1),
                "client_cpu_us": round((after[1] - before[1]) * 1e6 / count, 1)}


def cpu_text(cpu: dict[str, float], in_process: bool) -> str:
    """The CPU figures of one phase as text."""
    if in_process:
        return f"CPU {cpu['client_cpu_us']:.0f} us/order (simulator + client, one process)"
    return f"CPU per order: simulator {cpu['sim_cpu_us']:.0f} us, client {cpu['client_cpu_us']:.0f} us"


def prepared(sender: OrderSender, count: int) -> list[tuple[str, str]]:
    """``count`` orders prepared before a measured phase; the garbage collector then leaves them
    (and everything before them) alone, so its passes over them are not charged to the phase."""
    orders = sender.prepare(count)
    gc.collect()
    gc.freeze()
    return orders


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) of ``values``."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def paced_verdict(target: int, sent: int, acknowledged: int, rejects: int, send_span: float,
                  ack_span: float) -> tuple[bool, int, int]:
    """(sustained, send rate, ack rate): rates are ``(n - 1) / span`` rounded to whole orders/s
    (``span`` from the first to the last send, or acknowledgement); sustained = every order
    acknowledged, none rejected, and acknowledgements arrived at ``target`` or faster. (A sender
    that fell behind shows in the ack rate too: acknowledgements cannot outpace the orders.)"""
    send_rate = round((sent - 1) / send_span) if send_span > 0 else 0
    ack_rate = round((acknowledged - 1) / ack_span) if ack_span > 0 else 0
    sustained = acknowledged == sent and rejects == 0 and ack_rate >= target
    return sustained, send_rate, ack_rate


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=2000, help="sequential orders for the round trip")
    parser.add_argument("--burst", type=int, default=20000, help="orders for the max-rate run")
    parser.add_argument("--window", type=int, default=200, help="orders in flight in the max-rate run")
    parser.add_argument("--rate", type=int, default=5000, help="paced rate in orders per second")
    parser.add_argument("--seconds", type=float, default=5.0, help="duration of the paced run")
    parser.add_argument("--tick-ms", type=float, default=0.0,
                        help="paced run: send the orders due in each tick of this many ms together "
                             "(0: every order at its own time)")
    parser.add_argument("--max-in-flight", type=int, default=500,
                        help="paced run: the sender waits while this many orders are unacknowledged")
    parser.add_argument("--in-process", action="store_true",
                        help="run the simulator in this process (shares the GIL with the client)")
    parser.add_argument("--json", metavar="FILE", help="append the figures to FILE as one JSON line")
    parser.add_argument("--label", default="", help="a label stored with the JSON figures")
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
        order_port, md_port, rest_port = free_ports(count=3)  # distinct: probed while all are held
        host, order_comp_id = "127.0.0.1", config.order_routing.comp_id
        server = subprocess.Popen(
            [sys.executable, "-m", "keel.cli.sim", "sim", "tt", "--liquidity", "none",
             "--order-port", str(order_port), "--md-port", str(md_port), "--rest-port", str(rest_port)],
            stdout=subprocess.DEVNULL,
        )
        _wait_port(host, order_port)
    meter = CpuMeter(psutil.Process(server.pid) if server is not None else None)
    user = config.users[0]
    app = AckCounter(user.name, user.password)
    settings = build_settings(
        {"ConnectionType": "initiator", "SocketConnectHost": host,
         "SocketConnectPort": order_port, "HeartBtInt": 30, "ReconnectInterval": 60,
         "SocketNodelay": True, "UseDataDictionary": False, "PersistMessages": False,
         **always_on_schedule()},
        [SessionSpec(user.order_comp_id, order_comp_id)],
    )
    store = fix.MemoryStoreFactory()
    initiator = fix.SocketInitiator(app, store, settings)
    initiator.start()
    session_id = fix.SessionID("FIX.4.4", user.order_comp_id, order_comp_id)
    record: dict[str, Any] = {
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"), "cpus": os.cpu_count(),
        "python": platform.python_version(), "load_before": round(os.getloadavg()[0], 2),
        "in_process": args.in_process, "label": args.label,
    }

    try:
        if not app.ready.wait(10):
            print("no Recovery Complete from the simulator", file=sys.stderr)
            return 1
        sender = OrderSender(fix.Session.lookupSession(session_id), user.name, sim.instrument("ES").contract_month)
        for _, text in sender.prepare(200):  # warm-up
            sender.send(text)
        if not app.wait_acks(200, 10):
            print(f"warm-up orders were not acknowledged (rejects: {app.rejects})", file=sys.stderr)
            return 1

        # 1) Round trip, one order in flight.
        latencies = []
        orders = prepared(sender, args.orders)
        before = meter.sample()
        for cl_ord_id, text in orders:
            expected = len(app.acks) + 1
            started = time.perf_counter()
            sender.send(text)
            if not app.wait_acks(expected, 5) or cl_ord_id not in app.acks:
                print(f"no acknowledgement for {cl_ord_id} (rejects: {app.rejects})", file=sys.stderr)
                return 1
            latencies.append((app.acks[cl_ord_id] - started) * 1000)
        cpu = meter.per_order(before, args.orders)
        record["round_trip"] = {"orders": args.orders, "p50_ms": round(percentile(latencies, 50), 3),
                                "p99_ms": round(percentile(latencies, 99), 3),
                                "mean_ms": round(statistics.fmean(latencies), 3), **cpu}
        print(f"round trip (n={args.orders}): p50 {percentile(latencies, 50):.3f} ms, "
              f"p99 {percentile(latencies, 99):.3f} ms, mean {statistics.fmean(latencies):.3f} ms; "
              f"{cpu_text(cpu, args.in_process)}")

        # 2) Maximum rate with a window of orders in flight.
        orders = prepared(sender, args.burst)
        base = len(app.acks)
        before = meter.sample()
        started = time.perf_counter()
        for sent, (_, text) in enumerate(orders, 1):
            sender.send(text)
            if sent - (len(app.acks) - base) >= args.window:
                app.wait_acks(base + sent - args.window // 2, 10)
        complete = app.wait_acks(base + args.burst, 30)
        elapsed = time.perf_counter() - started
        cpu = meter.per_order(before, args.burst)
        record["max_rate"] = {"orders": args.burst, "window": args.window,
                              "orders_per_s": round(args.burst / elapsed), "complete": complete, **cpu}
        print(f"max rate (window {args.window}): {args.burst / elapsed:,.0f} orders/s, "
              f"all acknowledged: {complete}; {cpu_text(cpu, args.in_process)}")

        # 3) Paced run at --rate for --seconds.
        total = int(args.rate * args.seconds)
        orders = prepared(sender, total)
        base, rejects_before = len(app.acks), app.rejects
        sent_at = [0.0] * total
        throttled = 0
        before = meter.sample()
        started = time.perf_counter()
        tick = args.tick_ms / 1000
        for index, (_, text) in enumerate(orders):
            # Sleep (never spin: a spinning sender holds the GIL its own fromApp thread needs and
            # burns a core the simulator shares on small machines); late orders go out at once.
            # With --tick-ms, the orders due within one tick go out together at its start.
            due = index / args.rate
            if tick > 0:
                due = math.ceil(due / tick - 1e-9) * tick
            delay = started + due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            # Flow control, as any real client has: QuickFIX sends block when the socket is full,
            # and a client whose send blocks can stop reading, so without a bound an overloaded
            # run can deadlock both ends on full TCP buffers instead of just falling behind.
            if index - (len(app.acks) - base) >= args.max_in_flight:
                throttled += 1
                app.wait_acks(base + index - args.max_in_flight + 1, 30)
            sent_at[index] = time.perf_counter()
            sender.send(text)
        app.wait_acks(base + total, 30)
        cpu = meter.per_order(before, total)
        acked = [app.acks[cl_ord_id] for cl_ord_id, _ in orders if cl_ord_id in app.acks]
        lags = [(app.acks[cl_ord_id] - at) * 1000 for (cl_ord_id, _), at in zip(orders, sent_at, strict=True)
                if cl_ord_id in app.acks]
        rejects = app.rejects - rejects_before
        ack_span = max(acked) - min(acked) if acked else 0.0
        sustained, send_rate, ack_rate = paced_verdict(
            args.rate, total, len(acked), rejects, sent_at[-1] - sent_at[0], ack_span)
        record["paced"] = {
            "target_per_s": args.rate, "seconds": args.seconds, "tick_ms": args.tick_ms, "sent": total,
            "acknowledged": len(acked),
            "lost": total - len(acked), "rejects": rejects, "send_rate": send_rate, "ack_rate": ack_rate,
            "lag_p50_ms": round(percentile(lags, 50), 3) if lags else None,
            "lag_p99_ms": round(percentile(lags, 99), 3) if lags else None,
            "lag_max_ms": round(max(lags), 3) if lags else None, "max_in_flight": args.max_in_flight,
            "throttled": throttled, "sustained": sustained, **cpu,
        }
        ticks = f", {args.tick_ms:g} ms ticks" if args.tick_ms else ""
        print(f"paced {args.rate}/s for {args.seconds:g}s{ticks}: {total} sent, {len(acked)} acknowledged "
              f"(lost {total - len(acked)}, rejects {rejects}, sender held back {throttled} times at "
              f"{args.max_in_flight} in flight); sent at {send_rate:,}/s, acknowledged at "
              f"{ack_rate:,}/s (first to last); ack latency p50 {record['paced']['lag_p50_ms']} ms "
              f"p99 {record['paced']['lag_p99_ms']} ms max {record['paced']['lag_max_ms']} ms; "
              f"{cpu_text(cpu, args.in_process)}")
        verdict = "SUSTAINED" if sustained else "NOT SUSTAINED"
        print(f"{verdict}: {args.rate:,} orders/s with zero loss "
              f"(acks {len(acked)} == sent {total}: {len(acked) == total}, rejects {rejects}, "
              f"ack rate {ack_rate:,} >= {args.rate:,}: {ack_rate >= args.rate})")
        record["load_after"] = round(os.getloadavg()[0], 2)
        record["orders_total"] = len(app.acks)
        if meter.server is not None:
            record["sim_rss_mb"] = round(meter.server.memory_info().rss / 2**20, 1)
        if args.json:
            with open(args.json, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(record) + "\n")
        return 0 if sustained else 1
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
