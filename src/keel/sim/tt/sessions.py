"""Known users, their FIX session ids, and TT's logon checks."""

from __future__ import annotations

from dataclasses import dataclass

import quickfix as fix

from keel.fix.message import field, header_field
from keel.sim.tt.config import SimConfig, UserConfig

BEGIN_STRING = "FIX.4.4"


@dataclass(frozen=True)
class SessionRef:
    """Which user and which kind (``order`` / ``market_data``) a FIX session belongs to."""

    user: UserConfig
    kind: str


class UserDirectory:
    """Users by name and by FIX session (acceptor-side SessionID: simulator -> client)."""

    def __init__(self, config: SimConfig) -> None:
        self.by_name: dict[str, UserConfig] = {u.name: u for u in config.users}
        self._order_sessions: dict[str, fix.SessionID] = {}
        self._md_sessions: dict[str, fix.SessionID] = {}
        self._refs: dict[str, SessionRef] = {}
        self._accounts: dict[str, frozenset[str]] = {u.name: frozenset(u.accounts) for u in config.users}
        for user in config.users:
            order = fix.SessionID(BEGIN_STRING, config.order_routing.comp_id, user.order_comp_id)
            market = fix.SessionID(BEGIN_STRING, config.market_data.comp_id, user.md_comp_id)
            self._order_sessions[user.name] = order
            self._md_sessions[user.name] = market
            self._refs[order.toString()] = SessionRef(user, "order")
            self._refs[market.toString()] = SessionRef(user, "market_data")

    def order_session(self, user: str) -> fix.SessionID:
        """Order-routing session of ``user``."""
        return self._order_sessions[user]

    def md_session(self, user: str) -> fix.SessionID:
        """Market-data session of ``user``."""
        return self._md_sessions[user]

    def sessions(self, kind: str, user: str | None = None) -> list[fix.SessionID]:
        """Session ids of one kind, for one user or all."""
        table = self._order_sessions if kind == "order" else self._md_sessions
        return [sid for name, sid in table.items() if user is None or name == user]

    def ref(self, session: fix.SessionID) -> SessionRef:
        """Owner of ``session``; ``KeyError`` for a session the simulator did not configure."""
        return self._refs[session.toString()]

    def accounts_of(self, user: str) -> frozenset[str]:
        """Accounts ``user`` may trade."""
        return self._accounts[user]


def check_logon(message: fix.Message, user: UserConfig, kind: str) -> None:
    """TT's logon rules; raise ``quickfix.RejectLogon`` with the reason (sent in the Logout 58)."""
    reset = field(message, 141)
    seq = header_field(message, 34)
    if reset != "Y":
        raise fix.RejectLogon("ResetSeqNumFlag (141) must be Y on every logon")
    if seq != "1":
        raise fix.RejectLogon(f"MsgSeqNum must be set to 1 (got {seq}) when ResetSeqNumFlag (141) is Y")
    username = field(message, 553)
    if username != user.name:
        raise fix.RejectLogon(f"Invalid UserName (553) {username!r} for this {kind} session")
    if field(message, 96) != user.password:
        raise fix.RejectLogon("Invalid password: RawData (96) does not match the FIX session password")
    behalf = header_field(message, 116)
    if behalf is not None and behalf != user.name:
        raise fix.RejectLogon(f"OnBehalfOfSubID (116) {behalf!r} does not match UserName (553)")
    encrypt = field(message, 98)
    if encrypt != "0":
        raise fix.RejectLogon(f"EncryptMethod (98) must be 0, got {encrypt}")


def on_behalf_problem(message: fix.Message, user: UserConfig) -> str | None:
    """Why header 116 of an application message is unacceptable, or ``None`` if it is fine."""
    return behalf_problem(header_field(message, 116), user)


def behalf_problem(behalf: str | None, user: UserConfig) -> str | None:
    """Why the header 116 value ``behalf`` (``None`` = absent) is unacceptable, or ``None``."""
    if behalf is None:
        return "OnBehalfOfSubID (116) is required on every message: set it to the TT user name"
    if behalf != user.name:
        return f"OnBehalfOfSubID (116) {behalf!r} is not the logged-on user {user.name!r}"
    return None
