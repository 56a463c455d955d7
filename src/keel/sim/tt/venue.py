"""The venue: matching engine + one lock + routing of engine events to FIX sessions.

Every change to the market goes through :meth:`Venue.apply`, which runs the engine operation
under the venue lock, turns each event into its FIX message(s) in event order, appends them to
the outbox and then (outside the lock) lets the outbox send them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import quickfix as fix

from keel.sim.tt import wire
from keel.sim.tt.instruments import Catalogue
from keel.sim.tt.matching import MatchingEngine
from keel.sim.tt.orders import CancelReject, Event, ExecReport, QuoteChange, TradePrint
from keel.sim.tt.outbox import Outbox, Outgoing
from keel.sim.tt.sessions import UserDirectory


@dataclass(slots=True)
class Subscription:
    """One market data subscription of one session."""

    session: fix.SessionID
    md_req_id: str


@dataclass(slots=True)
class MarketDataHub:
    """Subscriptions by instrument id; mutated only under the venue lock."""

    by_instrument: dict[str, dict[str, Subscription]] = field(default_factory=dict)

    def subscribe(self, instrument_id: str, session: fix.SessionID, md_req_id: str) -> None:
        """Stream ``instrument_id`` to ``session`` under ``md_req_id`` (replaces an older one)."""
        self.by_instrument.setdefault(instrument_id, {})[session.toString()] = Subscription(session, md_req_id)

    def unsubscribe(self, instrument_id: str, session: fix.SessionID) -> bool:
        """Stop streaming ``instrument_id`` to ``session``; False if it was not subscribed."""
        subscribers = self.by_instrument.get(instrument_id, {})
        return subscribers.pop(session.toString(), None) is not None

    def drop_session(self, session: fix.SessionID) -> None:
        """Forget every subscription of ``session`` (on logout; TT does not restore them)."""
        key = session.toString()
        for subscribers in self.by_instrument.values():
            subscribers.pop(key, None)

    def count(self) -> int:
        """Number of live subscriptions."""
        return sum(len(s) for s in self.by_instrument.values())


class Venue:
    """Shared state of the simulator's FIX sessions and liquidity."""

    def __init__(self, engine: MatchingEngine, catalogue: Catalogue, outbox: Outbox, users: UserDirectory) -> None:
        self.engine = engine
        self.catalogue = catalogue
        self.outbox = outbox
        self.users = users
        self.lock = threading.RLock()
        self.market_data = MarketDataHub()
        self.reports_routed = 0

    def apply(self, operation: Callable[[MatchingEngine], list[Event]]) -> list[Event]:
        """Run ``operation`` on the engine under the lock, route its events, then send."""
        with self.lock:
            events = operation(self.engine)
            self.route(events)
        self.outbox.pump()
        return events

    def send(self, session: fix.SessionID, message: fix.Message, user: str | None = None) -> None:
        """Queue a direct reply (BusinessMessageReject, News, snapshot...) behind earlier messages."""
        with self.lock:
            self.outbox.put(Outgoing(session, message, user, is_report=user is not None))
        self.outbox.pump()

    def route(self, events: list[Event]) -> None:
        """Queue the FIX messages for ``events`` (call under the lock)."""
        for event in events:
            if isinstance(event, ExecReport):
                text = wire.execution_report_text(event)
                self._to_owner(event.owner, text if text is not None else wire.execution_report(event))
            elif isinstance(event, CancelReject):
                self._to_owner(event.owner, wire.cancel_reject(event))
            elif isinstance(event, QuoteChange):
                for sub in list(self.market_data.by_instrument.get(event.instrument.id, {}).values()):
                    self.outbox.put(Outgoing(sub.session, wire.quote_update(sub.md_req_id, event)))
            elif isinstance(event, TradePrint):
                for sub in list(self.market_data.by_instrument.get(event.instrument.id, {}).values()):
                    self.outbox.put(Outgoing(sub.session, wire.trade_update(sub.md_req_id, event)))

    def _to_owner(self, owner: str | None, message: fix.Message | str) -> None:
        if owner is None:
            return
        session = self.users.order_session(owner)
        self.reports_routed += 1
        self.outbox.put(Outgoing(session, message, owner, is_report=True))
