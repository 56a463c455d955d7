"""One QuickFIX application for both session kinds.

The simulator runs a single QuickFIX acceptor with one port per session kind (fewer threads
and a single, race-free stop); this router hands each callback to the order routing or market
data handler of the session's kind.
"""

from __future__ import annotations

from typing import Protocol

import quickfix as fix

from keel.sim.tt.sessions import UserDirectory


class SessionHandler(Protocol):
    """The QuickFIX callbacks a session-kind handler implements."""

    def onCreate(self, sessionID: fix.SessionID) -> None: ...
    def onLogon(self, sessionID: fix.SessionID) -> None: ...
    def onLogout(self, sessionID: fix.SessionID) -> None: ...
    def toAdmin(self, message: fix.Message, sessionID: fix.SessionID) -> None: ...
    def fromAdmin(self, message: fix.Message, sessionID: fix.SessionID) -> None: ...
    def toApp(self, message: fix.Message, sessionID: fix.SessionID) -> None: ...
    def fromApp(self, message: fix.Message, sessionID: fix.SessionID) -> None: ...


class SessionRouter(fix.Application):
    """Dispatches QuickFIX callbacks to the handler of the session's kind."""

    def __init__(self, users: UserDirectory, order: SessionHandler, market_data: SessionHandler) -> None:
        super().__init__()
        self.users = users
        self.handlers = {"order": order, "market_data": market_data}

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

    def toAdmin(self, message: fix.Message, sessionID: fix.SessionID) -> None:
        """Outgoing admin message."""
        self._handler(sessionID).toAdmin(message, sessionID)

    def fromAdmin(self, message: fix.Message, sessionID: fix.SessionID) -> None:
        """Incoming admin message (Logon checks happen here)."""
        self._handler(sessionID).fromAdmin(message, sessionID)

    def toApp(self, message: fix.Message, sessionID: fix.SessionID) -> None:
        """Outgoing application message."""
        self._handler(sessionID).toApp(message, sessionID)

    def fromApp(self, message: fix.Message, sessionID: fix.SessionID) -> None:
        """Incoming application message."""
        self._handler(sessionID).fromApp(message, sessionID)
