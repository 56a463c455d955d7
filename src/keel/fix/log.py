"""Logging of FIX traffic through Python ``logging``, always redacted.

QuickFIX's own file/screen logs would write passwords (96/554) in clear, so Keel installs no
QuickFIX log factory and logs from the application callbacks instead.

With ``background=True`` (what the TT simulator uses) the callback only snapshots the message
text and its time into a queue; a writer thread redacts and hands the records to ``logging``
every :data:`FLUSH_SECONDS` (records keep the time the message was seen, and their order). A
venue handling thousands of orders a second then pays about a microsecond per message on its
FIX threads instead of a full ``logging`` call. :meth:`FixMessageLog.close` writes what is left.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque

import quickfix as fix

from keel.fix.redact import redact

QUIET_TYPES = frozenset({"0", "W", "X"})
"""Heartbeats and market data, not logged unless ``verbose``."""

FLUSH_SECONDS = 0.05
"""How often the background writer hands queued lines to ``logging``."""


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

    def __init__(self, name: str, enabled: bool = True, verbose: bool = False, background: bool = False) -> None:
        self.logger = logging.getLogger(name)
        self.enabled = enabled
        self.verbose = verbose
        self.background = background
        self._pending: deque[tuple[float, str, str]] = deque()  # (time, prefix, text to redact)
        self._write = threading.Lock()
        self._stop = threading.Event()
        self._writer: threading.Thread | None = None

    def message(self, direction: str, session: fix.SessionID, message: fix.Message) -> None:
        """Log ``message`` sent (``out``) or received (``in``) on ``session``.

        One ``toString`` per message: the type is read from the text, not through QuickFIX.
        """
        if not self.enabled or not self.logger.isEnabledFor(logging.INFO):
            return
        raw = message.toString()
        if not self.verbose and _msg_type(raw) in QUIET_TYPES:
            return
        self._log(f"{direction} {session.toString()}", raw)

    def event(self, session: fix.SessionID, text: str) -> None:
        """Log a session event (logon, logout, refusal)."""
        if self.enabled and self.logger.isEnabledFor(logging.INFO):
            self._log(session.toString(), text)

    def flush(self) -> None:
        """Hand every queued line to ``logging`` now."""
        with self._write:
            self._flush_locked()

    def _flush_locked(self) -> None:
        while self._pending:
            created, prefix, text = self._pending.popleft()
            self._emit(created, prefix, text)

    def close(self) -> None:
        """Stop the background writer (if any) after writing what is queued."""
        self._stop.set()
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.join(timeout=5)
        self.flush()

    def _log(self, prefix: str, text: str) -> None:
        if not self.background or self._stop.is_set():
            with self._write:  # behind anything still queued
                self._flush_locked()
                self._emit(time.time(), prefix, text)
            return
        self._pending.append((time.time(), prefix, text))
        if self._writer is None:
            self._start_writer()

    def _start_writer(self) -> None:
        with self._write:
            if self._writer is None and not self._stop.is_set():
                self._writer = threading.Thread(target=self._run, name=f"{self.logger.name}-writer", daemon=True)
                self._writer.start()

    def _run(self) -> None:
        while not self._stop.wait(FLUSH_SECONDS):
            self.flush()

    def _emit(self, created: float, prefix: str, text: str) -> None:
        record = self.logger.makeRecord(self.logger.name, logging.INFO, __file__, 0, "%s %s",
                                        (prefix, redact(text)), None)
        record.created = created
        record.msecs = int((created - int(created)) * 1000) + 0.0
        self.logger.handle(record)
