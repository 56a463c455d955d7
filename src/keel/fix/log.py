"""Logging of FIX traffic through Python ``logging``, always redacted.

QuickFIX's own file/screen logs would write passwords (96/554) in clear, so Keel installs no
QuickFIX log factory and logs from the application callbacks instead.
"""

from __future__ import annotations

import logging

import quickfix as fix

from keel.fix.redact import redact

QUIET_TYPES = frozenset({"0", "W", "X"})
"""Heartbeats and market data, not logged unless ``verbose``."""


def _msg_type(raw: str) -> str:
    """35 MsgType of FIX text (``""`` if absent)."""
    start = raw.find("\x0135=")
    if start < 0:
        return ""
    start += 4
    end = raw.find("\x01", start)
    return raw[start:end] if end >= 0 else raw[start:]


class FixMessageLog:
    """Logs inbound/outbound FIX messages of one component, masking secrets."""

    def __init__(self, name: str, enabled: bool = True, verbose: bool = False) -> None:
        self.logger = logging.getLogger(name)
        self.enabled = enabled
        self.verbose = verbose

    def message(self, direction: str, session: fix.SessionID, message: fix.Message) -> None:
        """Log ``message`` sent (``out``) or received (``in``) on ``session``.

        One ``toString`` per message: the type is read from the text, not through QuickFIX.
        """
        if not self.enabled or not self.logger.isEnabledFor(logging.INFO):
            return
        raw = message.toString()
        if not self.verbose and _msg_type(raw) in QUIET_TYPES:
            return
        self.logger.info("%s %s %s", direction, session.toString(), redact(raw))

    def event(self, session: fix.SessionID, text: str) -> None:
        """Log a session event (logon, logout, refusal)."""
        if self.enabled:
            self.logger.info("%s %s", session.toString(), redact(text))
