"""What the simulator's two FIX applications share: logging, TT's logon checks, outbound validation."""

from __future__ import annotations

import logging

import quickfix as fix

from keel.fix.log import FixMessageLog
from keel.fix.message import msg_type
from keel.sim.tt.sessions import UserDirectory, check_logon
from keel.sim.tt.venue import Venue

log = logging.getLogger(__name__)


def validate_outbound(dictionary: fix.DataDictionary, message: fix.Message, errors: list[str]) -> None:
    """Check an outgoing message against the dictionary; append a description of any failure."""
    raw = message.toString()
    try:
        dictionary.validate(fix.Message(raw, dictionary, False))
    except Exception as error:  # QuickFIX raises several exception types
        errors.append(f"{type(error).__name__}: {error} in {raw.replace(chr(1), '|')}")
        log.error("outgoing message fails the dictionary: %s", errors[-1])


class SessionApp:
    """Base of the order-routing and market-data handlers (called by the session router).

    ``session_kind`` names the session in logon refusals ("order routing", "market data").
    """

    session_kind = "session"

    def __init__(
        self, venue: Venue, users: UserDirectory, fix_log: FixMessageLog, dictionary: fix.DataDictionary | None
    ) -> None:
        self.venue = venue
        self.users = users
        self.fix_log = fix_log
        self.dictionary = dictionary
        self.outbound_errors: list[str] = []
        self.logons = 0

    @property
    def observes_outgoing(self) -> bool:
        """True if :meth:`toApp` logs or validates (else the router does not call it)."""
        return self.fix_log.enabled or self.dictionary is not None

    def onCreate(self, sessionID: fix.SessionID) -> None:
        """QuickFIX created the session."""

    def toAdmin(self, message: fix.Message, sessionID: fix.SessionID) -> None:
        """Log outgoing admin messages."""
        self.fix_log.message("out", sessionID, message)

    def fromAdmin(self, message: fix.Message, sessionID: fix.SessionID) -> None:
        """Apply TT's logon checks to a Logon."""
        self.fix_log.message("in", sessionID, message)
        if msg_type(message) == "A":
            check_logon(message, self.users.ref(sessionID).user, self.session_kind)

    def toApp(self, message: fix.Message, sessionID: fix.SessionID) -> None:
        """Log, and in validation mode check every outgoing message against the dictionary."""
        if self.fix_log.enabled:
            self.fix_log.message("out", sessionID, message)
        if self.dictionary is not None:
            validate_outbound(self.dictionary, message, self.outbound_errors)
