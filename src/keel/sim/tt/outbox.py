"""Ordered delivery of everything the simulator sends on its FIX sessions.

Engine events are turned into messages under the venue lock and appended here in order; one
drainer at a time sends them (the FIX thread that caused them, if the outbox is free, else the
dispatcher thread), so messages never overtake each other and no lock is held across
``sendToTarget`` except the drain lock, which is only ever *tried* from QuickFIX callbacks.
Execution-report faults (delay, duplicate, reorder) are applied here.

Messages for a user whose order session is not ready (logged out, or logged on but before
"Recovery Complete") are parked and replayed, in order, on the next logon before the News.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import quickfix as fix

from keel.sim.tt.faults import FaultInjector

log = logging.getLogger(__name__)

REORDER_FLUSH_SECONDS = 1.0
"""A report held back for reordering is sent anyway after this long without a successor."""


@dataclass(slots=True)
class Outgoing:
    """One message for one session. ``user`` set = an order-routing message that must not be lost.

    ``message`` is a QuickFIX message or its complete FIX text (execution reports are built as
    text; the drainer parses it into one reused message right before sending).
    """

    session: fix.SessionID
    message: fix.Message | str | None
    user: str | None = None
    is_report: bool = False
    action: Callable[[], None] | None = None


class Outbox:
    """FIFO of outgoing messages with a dispatcher thread and execution-report faults."""

    def __init__(self, faults: FaultInjector) -> None:
        self.faults = faults
        self._queue: deque[Outgoing] = deque()
        self._drain = threading.Lock()
        self._wake = threading.Condition(threading.Lock())
        self._timers: list[tuple[float, int, Outgoing]] = []
        self._timer_seq = itertools.count()
        self._held: Outgoing | None = None
        self._held_since = 0.0
        self._ready: set[str] = set()
        self._parked: dict[str, list[Outgoing]] = {}
        self._running = False
        self._thread: threading.Thread | None = None
        self.sent = 0
        self.send_failures = 0
        self._scratch = fix.Message()  # only touched under the drain lock

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        """Start the dispatcher thread."""
        self._running = True
        self._thread = threading.Thread(target=self._run, name="tt-sim-outbox", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Flush what can be sent and stop the dispatcher thread."""
        self._running = False
        with self._wake:
            self._wake.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)

    # ------------------------------------------------------------------ producers
    def put(self, item: Outgoing) -> None:
        """Append ``item`` (call under the venue lock to keep global order)."""
        self._queue.append(item)

    def put_later(self, item: Outgoing, delay: float) -> None:
        """Send ``item`` from the dispatcher after ``delay`` seconds (outside the FIFO order)."""
        with self._wake:
            heapq.heappush(self._timers, (time.monotonic() + delay, next(self._timer_seq), item))
            self._wake.notify()

    def pump(self) -> None:
        """Send queued messages now if no one else is, else leave them to the dispatcher."""
        if self._drain.acquire(blocking=False):
            try:
                self._drain_locked()
            finally:
                self._drain.release()
        if self._queue:
            with self._wake:
                self._wake.notify()

    # ------------------------------------------------------------------ readiness
    def set_ready(self, user: str, ready: bool) -> None:
        """Mark ``user``'s order session ready (after Recovery Complete) or not (on logout)."""
        if ready:
            self._ready.add(user)
        else:
            self._ready.discard(user)

    def take_parked(self, user: str) -> list[Outgoing]:
        """Remove and return the messages parked for ``user`` (oldest first)."""
        return self._parked.pop(user, [])

    def parked_count(self, user: str) -> int:
        """How many messages wait for ``user``'s next logon."""
        return len(self._parked.get(user, ()))

    # ------------------------------------------------------------------ sending
    def _run(self) -> None:
        while self._running or self._queue:
            with self._wake:
                timeout = self._next_timeout()
                if not self._queue and (timeout is None or timeout > 0):
                    self._wake.wait(timeout=0.05 if timeout is None else min(timeout, 0.05))
            with self._drain:
                self._drain_locked()
            if not self._running:
                break

    def _next_timeout(self) -> float | None:
        deadlines = []
        if self._timers:
            deadlines.append(self._timers[0][0])
        if self._held is not None:
            deadlines.append(self._held_since + REORDER_FLUSH_SECONDS)
        if not deadlines:
            return None
        return max(0.0, min(deadlines) - time.monotonic())

    def _drain_locked(self) -> None:
        now = time.monotonic()
        while self._timers and self._timers[0][0] <= now:
            _, _, item = heapq.heappop(self._timers)
            self.deliver(item)
        if self._held is not None and now - self._held_since >= REORDER_FLUSH_SECONDS:
            held, self._held = self._held, None
            self.deliver(held)
        while self._queue:
            item = self._queue.popleft()
            if item.action is not None:
                item.action()
                continue
            if item.is_report:
                self._report(item)
            else:
                self.deliver(item)

    def _report(self, item: Outgoing) -> None:
        if item.user is not None and item.user not in self._ready:
            self._parked.setdefault(item.user, []).append(item)
            return
        decision = self.faults.next_report_action()
        if decision.kind == "delay":
            self.put_later(item, decision.delay)
            return
        if decision.kind == "reorder" and self._held is None:
            self._held, self._held_since = item, time.monotonic()
            return
        self.deliver(item)
        if decision.kind == "duplicate":
            message = item.message
            assert message is not None
            copy = message if isinstance(message, str) else fix.Message(message)
            self.deliver(Outgoing(item.session, copy, item.user, True))
        if self._held is not None and self._held is not item:
            held, self._held = self._held, None
            self.deliver(held)

    def deliver(self, item: Outgoing, force: bool = False) -> bool:
        """Send ``item`` now (drainer context only); park order-routing messages of a user that
        is not ready unless ``force`` (used by the logon recovery). Return True if sent."""
        message = item.message
        assert message is not None
        session = fix.Session.lookupSession(item.session)
        logged_on = session is not None and session.isLoggedOn()
        if item.user is not None and (not logged_on or (not force and item.user not in self._ready)):
            self._parked.setdefault(item.user, []).append(item)
            return False
        if not logged_on:
            log.debug("dropped message for %s (session not logged on)", item.session.toString())
            return False
        if isinstance(message, str):
            # QuickFIX sends a Message; parsing the text into one reused message (setString
            # clears it first) saves creating and destroying a wrapper per report.
            self._scratch.setString(message, False)
            message = self._scratch
        try:
            ok = session.send(message)
        except fix.SessionNotFound:
            ok = False
        if ok:
            self.sent += 1
        else:
            self.send_failures += 1
            if item.user is not None:
                self._parked.setdefault(item.user, []).append(item)
        return bool(ok)
