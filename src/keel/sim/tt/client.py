"""A plain QuickFIX initiator speaking TT's dialect, for conformance tests, benchmarks and smoke
tests of the simulator. It is deliberately not Keel's TT brokerage: it only logs on like TT's
client (34=1, 141=Y, 96, 553, 116 on every message), sends what it is told and records
everything it receives, validated against Keel's TT dictionary.
"""

from __future__ import annotations

import ssl
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import quickfix as fix

from keel.fix.dictionary import dictionary_path
from keel.fix.message import build, group
from keel.fix.settings import SessionSpec, always_on_schedule, build_settings
from keel.fix.tls_tunnel import TlsTunnel
from keel.sim.tt.config import UserConfig

SOH = "\x01"


@dataclass(frozen=True)
class Received:
    """One received message: type, all (tag, value) pairs in wire order, and the raw text."""

    msg_type: str
    pairs: tuple[tuple[int, str], ...]
    raw: str
    admin: bool
    at: float = field(default_factory=time.perf_counter)

    def get(self, tag: int) -> str | None:
        """First value of ``tag`` (header or body), ``None`` when absent."""
        for key, value in self.pairs:
            if key == tag:
                return value
        return None

    def __getitem__(self, tag: int) -> str:
        value = self.get(tag)
        if value is None:
            raise KeyError(f"tag {tag} not in {self.raw.replace(SOH, '|')}")
        return value

    def all(self, tag: int) -> list[str]:
        """Every value of ``tag`` (repeating groups)."""
        return [value for key, value in self.pairs if key == tag]

    def entries(self, count_tag: int, members: Iterable[int]) -> list[dict[int, str]]:
        """Entries of the repeating group ``count_tag`` whose fields are ``members`` (delimiter = the
        first tag after the count); the group ends at the first tag that is not a member."""
        tags = [key for key, _ in self.pairs]
        if count_tag not in tags:
            return []
        allowed = set(members)
        start = tags.index(count_tag) + 1
        delimiter = tags[start]
        entries: list[dict[int, str]] = []
        for key, value in self.pairs[start:]:
            if key not in allowed:
                break
            if key == delimiter:
                entries.append({})
            entries[-1][key] = value
        if len(entries) != int(self[count_tag]):
            raise ValueError(f"group {count_tag} announces {self[count_tag]} entries, found {len(entries)}")
        return entries


def parse(raw: str, admin: bool) -> Received:
    """Split a raw FIX message into a :class:`Received`."""
    pairs = []
    for part in raw.split(SOH):
        if part:
            tag, _, value = part.partition("=")
            pairs.append((int(tag), value))
    msg_type = next(value for tag, value in pairs if tag == 35)
    return Received(msg_type, tuple(pairs), raw, admin)


def new_cl_ord_id() -> str:
    """A ClOrdID like TT's client: 32 lowercase hex characters."""
    return uuid.uuid4().hex


class _App(fix.Application):
    def __init__(self, client: TTFixClient) -> None:
        super().__init__()
        self.client = client

    def onCreate(self, sessionID: fix.SessionID) -> None:
        pass

    def onLogon(self, sessionID: fix.SessionID) -> None:
        self.client._logged_on(True)

    def onLogout(self, sessionID: fix.SessionID) -> None:
        self.client._logged_on(False)

    def toAdmin(self, message: fix.Message, sessionID: fix.SessionID) -> None:
        client = self.client
        header = message.getHeader()
        header.setField(116, client.user_name)
        kind = header.getField(35)
        if kind == "A":
            message.setField(98, "0")
            message.setField(108, str(client.heartbeat))
            if client.reset_seq_num:
                message.setField(141, "Y")
            if client.password is not None:
                message.setField(96, client.password)
            message.setField(553, client.user_name)
            if client.logon_seq_num is not None:
                header.setField(34, str(client.logon_seq_num))
        elif kind == "3":
            client.session_rejects_sent.append(message.toString())

    def fromAdmin(self, message: fix.Message, sessionID: fix.SessionID) -> None:
        self.client._record(message.toString(), admin=True)

    def toApp(self, message: fix.Message, sessionID: fix.SessionID) -> None:
        message.getHeader().setField(116, self.client.user_name)

    def fromApp(self, message: fix.Message, sessionID: fix.SessionID) -> None:
        self.client._record(message.toString(), admin=False)


class TTFixClient:
    """One FIX initiator session (order routing or market data) against a TT simulator."""

    def __init__(
        self,
        host: str,
        port: int,
        sender_comp_id: str,
        target_comp_id: str,
        user: UserConfig,
        *,
        password: str | None = None,
        user_name: str | None = None,
        tls: bool = False,
        ca_file: str | None = None,
        validate: bool = True,
        reset_seq_num: bool = True,
        logon_seq_num: int | None = None,
        reconnect_interval: int = 60,
        heartbeat: int = 30,
        keep: Callable[[Received], bool] | None = None,
    ) -> None:
        self.user_name = user_name if user_name is not None else user.name
        self.password = password if password is not None else user.password
        self.reset_seq_num = reset_seq_num
        self.logon_seq_num = logon_seq_num
        self.heartbeat = heartbeat
        self.keep = keep
        self.received: list[Received] = []
        self.session_rejects_sent: list[str] = []
        self.logons = 0
        self.logouts = 0
        self.is_logged_on = False
        self._cond = threading.Condition()
        self.session_id = fix.SessionID("FIX.4.4", sender_comp_id, target_comp_id)
        defaults: dict[str, str | int | bool] = {
            "ConnectionType": "initiator",
            "SocketConnectHost": host,
            "SocketConnectPort": port,
            "HeartBtInt": heartbeat,
            "ReconnectInterval": reconnect_interval,
            "LogonTimeout": 10,
            "SocketNodelay": True,
            "UseDataDictionary": validate,
            "DataDictionary": str(dictionary_path()),
            "ValidateUserDefinedFields": True,
            "AllowUnknownMsgFields": False,
            "CheckLatency": True,
            "MaxLatency": 120,
            "PersistMessages": True,
            **always_on_schedule(),
        }
        self._tunnel: TlsTunnel | None = None
        if tls:
            # QuickFIX from PyPI has no OpenSSL: connect through a local TLS tunnel instead.
            context = ssl.create_default_context(cafile=ca_file) if ca_file else ssl.create_default_context()
            self._tunnel = TlsTunnel(host, port, client_context=context, server_hostname="localhost")
            defaults["SocketConnectHost"], defaults["SocketConnectPort"] = "127.0.0.1", self._tunnel.listen_port
        self._settings = build_settings(defaults, [SessionSpec(sender_comp_id, target_comp_id)])
        self._app = _App(self)
        self._store = fix.MemoryStoreFactory()
        self._initiator: fix.Initiator | None = fix.SocketInitiator(self._app, self._store, self._settings)
        self._started = False

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> TTFixClient:
        """Connect (in QuickFIX's thread) and return at once."""
        if self._initiator is None:
            raise RuntimeError("this client was stopped; create a new one")
        if self._tunnel is not None:
            self._tunnel.start()
        self._initiator.start()
        self._started = True
        return self

    def stop(self) -> None:
        """Log out and disconnect."""
        if self._initiator is not None:
            if self._started:
                self._initiator.stop(True)
            # Destroy the C++ initiator now so its sessions leave QuickFIX's global registry.
            self._initiator = None
            self._started = False
        if self._tunnel is not None:
            self._tunnel.stop()
            self._tunnel = None

    def __enter__(self) -> TTFixClient:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _logged_on(self, state: bool) -> None:
        with self._cond:
            self.is_logged_on = state
            if state:
                self.logons += 1
            else:
                self.logouts += 1
            self._cond.notify_all()

    def _record(self, raw: str, admin: bool) -> None:
        message = parse(raw, admin)
        if self.keep is not None and not self.keep(message):
            return
        with self._cond:
            self.received.append(message)
            self._cond.notify_all()

    # ------------------------------------------------------------------ waiting
    def wait_until(self, condition: Callable[[], bool], timeout: float = 5.0, what: str = "condition") -> None:
        """Block until ``condition()`` is true; ``TimeoutError`` names ``what``."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not condition():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
                self._cond.wait(remaining)

    def wait_ready(self, timeout: float = 10.0) -> Received:
        """Wait for logon and the News "Recovery Complete"; return the News."""
        return self.wait_for(lambda m: m.msg_type == "B" and m.get(148) == "Recovery Complete", timeout,
                             "News 148=Recovery Complete")

    def wait_for(
        self, predicate: Callable[[Received], bool], timeout: float = 5.0, what: str = "message", start: int = 0
    ) -> Received:
        """First received message (from index ``start``) matching ``predicate``."""
        found: list[Received] = []

        def check() -> bool:
            for message in self.received[start:]:
                if predicate(message):
                    found.append(message)
                    return True
            return False

        self.wait_until(check, timeout, what)
        return found[0]

    def messages(self, msg_type: str | None = None) -> list[Received]:
        """Received messages, optionally of one type."""
        with self._cond:
            return [m for m in self.received if msg_type is None or m.msg_type == msg_type]

    def mark(self) -> int:
        """Index to pass as ``start`` to only look at messages received from now on."""
        with self._cond:
            return len(self.received)

    # ------------------------------------------------------------------ sending
    def send(
        self,
        msg_type: str,
        fields: Iterable[tuple[int, str]],
        header: Iterable[tuple[int, str]] = (),
        groups: Iterable[tuple[int, Sequence[int], Sequence[Sequence[tuple[int, str]]]]] = (),
    ) -> bool:
        """Send an application message (header 116 is added automatically).

        ``groups`` are ``(count tag, field order, entries)``; each entry is a list of (tag, value).
        """
        message = build(msg_type, fields, header)
        for count_tag, order, entries in groups:
            for entry in entries:
                message.addGroup(group(count_tag, order, entry))
        return bool(fix.Session.sendToTarget(message, self.session_id))

    def send_message(self, message: fix.Message) -> bool:
        """Send a prepared message."""
        return bool(fix.Session.sendToTarget(message, self.session_id))

    @property
    def session(self) -> fix.Session:
        """The underlying QuickFIX session."""
        return fix.Session.lookupSession(self.session_id)
