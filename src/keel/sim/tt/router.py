"""One QuickFIX application for both session kinds.

The simulator runs a single QuickFIX acceptor with one port per session kind (fewer threads
and a single, race-free stop); this router hands each callback to the order routing or market
data handler of the session's kind. It also pins the Python thread state of QuickFIX's
connection threads (:mod:`keel.fix.threads`), so a callback does not create and destroy one.
"""

from __future__ import annotations

from collections import deque
from typing import Protocol

import quickfix as fix

from keel.fix.threads import pin_thread_state, unpin_thread_state
from keel.sim.tt.outbox import Outbox, Outgoing
from keel.sim.tt.sessions import UserDirectory

SENT_HISTORY = 512
"""Application messages remembered per session for redelivery after a sequence-skip fault."""


class SessionHandler(Protocol):
    """The QuickFIX callbacks a session-kind handler implements."""

    def onCreate(self, sessionID: fix.SessionID) -> None: ...
    def onLogon(self, sessionID: fix.SessionID) -> None: ...
    def onLogout(self, sessionID: fix.SessionID) -> None: ...
    def toAdmin(self, message: fix.Message, sessionID: fix.SessionID) -> None: ...
    def fromAdmin(self, message: fix.Message, sessionID: fix.SessionID) -> None: ...
    def toApp(self, message: fix.Message, sessionID: fix.SessionID) -> None: ...
    def fromApp(self, message: fix.Message, sessionID: fix.SessionID) -> None: ...

    @property
    def observes_outgoing(self) -> bool:
        """True if ``toApp`` does anything (logging or validation); False lets the router skip it."""
        ...


class SessionRouter(fix.Application):
    """Dispatches QuickFIX callbacks to the handler of the session's kind."""

    def __init__(
        self, users: UserDirectory, order: SessionHandler, market_data: SessionHandler, outbox: Outbox
    ) -> None:
        super().__init__()
        self.users = users
        self.outbox = outbox
        self.handlers = {"order": order, "market_data": market_data}
        self._order, self._market_data = order, market_data
        self.skipped: dict[str, int] = {}
        self._sent: dict[str, deque[tuple[int, str]]] = {}

    def _handler(self, session: fix.SessionID) -> SessionHandler:
        return self.handlers[self.users.ref(session).kind]

    def onCreate(self, sessionID: fix.SessionID) -> None:
        """Session created."""
        self._handler(sessionID).onCreate(sessionID)

    def onLogon(self, sessionID: fix.SessionID) -> None:
        """Session logged on."""
        self._handler(sessionID).onLogon(sessionID)

    def onLogout(self, sessionID: fix.SessionID) -> None:
        """Session logged out or disconnected."""
        self._handler(sessionID).onLogout(sessionID)
        unpin_thread_state()  # on the session's own thread: its thread state may go now

    def toAdmin(self, message: fix.Message, sessionID: fix.SessionID) -> None:
        """Outgoing admin message."""
        self._handler(sessionID).toAdmin(message, sessionID)

    def fromAdmin(self, message: fix.Message, sessionID: fix.SessionID) -> None:
        """Incoming admin message (Logon checks happen here)."""
        pin_thread_state()  # QuickFIX's connection thread: keep its Python thread state
        self._handler(sessionID).fromAdmin(message, sessionID)
        if message.getHeader().getField(35) == "2":
            self._redeliver_after_skip(message, sessionID)

    def toApp(self, message: fix.Message, sessionID: fix.SessionID) -> None:
        """Outgoing application message (remembered for redelivery after a skip fault)."""
        # Called for every message sent: skip the handler look-up when no handler would act.
        if self._order.observes_outgoing or self._market_data.observes_outgoing:
            self._handler(sessionID).toApp(message, sessionID)
        if not self.skipped:
            return
        key = sessionID.toString()
        if key in self.skipped:
            history = self._sent.setdefault(key, deque(maxlen=SENT_HISTORY))
            history.append((int(message.getHeader().getField(34)), message.toString()))

    def _redeliver_after_skip(self, request: fix.Message, session: fix.SessionID) -> None:
        """QuickFIX's memory store cannot resend from a hole: it gap-fills the whole range, which would
        lose the application messages sent after the skip. Queue them again as new messages."""
        key = session.toString()
        first = self.skipped.pop(key, None)
        if first is None:
            return
        begin = int(request.getField(7))
        user = self.users.ref(session)
        for number, raw in self._sent.pop(key, ()):
            if number >= max(begin, first):
                copy = fix.Message(raw)
                is_report = user.kind == "order"
                # After QuickFIX's gap fill, which it sends as soon as this callback returns.
                self.outbox.put_later(Outgoing(session, copy, user.user.name if is_report else None), 0.1)

    def fromApp(self, message: fix.Message, sessionID: fix.SessionID) -> None:
        """Incoming application message."""
        pin_thread_state()
        self._handler(sessionID).fromApp(message, sessionID)
