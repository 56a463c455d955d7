"""Market-data FIX application of the simulator (MarketDataRequest subscribe/unsubscribe)."""

from __future__ import annotations

import quickfix as fix

from keel.fix.log import FixMessageLog
from keel.fix.message import field, groups, header_field, msg_type
from keel.sim.tt import wire
from keel.sim.tt.order_app import BMR_NOT_AUTHORIZED, BMR_UNSUPPORTED_TYPE
from keel.sim.tt.orders import QuoteChange
from keel.sim.tt.outbox import Outgoing
from keel.sim.tt.session_app import SessionApp
from keel.sim.tt.sessions import UserDirectory, on_behalf_problem
from keel.sim.tt.venue import Venue

REJECT_UNKNOWN_SYMBOL = "0"
REJECT_UNSUPPORTED_REQUEST_TYPE = "4"


class MarketDataApp(SessionApp):
    """Handler of the market-data sessions (called by :class:`~keel.sim.tt.router.SessionRouter`)."""

    session_kind = "market data"

    def __init__(
        self, venue: Venue, users: UserDirectory, fix_log: FixMessageLog, dictionary: fix.DataDictionary | None = None
    ) -> None:
        super().__init__(venue, users, fix_log, dictionary)

    def onLogon(self, sessionID: fix.SessionID) -> None:
        """Send News "Recovery Complete" (there is no market data to recover)."""
        self.logons += 1
        self.fix_log.event(sessionID, "market data logon")
        self.venue.send(sessionID, wire.recovery_complete())

    def onLogout(self, sessionID: fix.SessionID) -> None:
        """Drop the session's subscriptions; like TT, nothing is restored on the next logon."""
        with self.venue.lock:
            self.venue.market_data.drop_session(sessionID)
        self.fix_log.event(sessionID, "market data logout")

    def fromApp(self, message: fix.Message, sessionID: fix.SessionID) -> None:
        """Handle MarketDataRequest; refuse other types with a BusinessMessageReject."""
        self.fix_log.message("in", sessionID, message)
        user = self.users.ref(sessionID).user
        kind = msg_type(message)
        problem = on_behalf_problem(message, user)
        if problem is None and kind != "V":
            problem = f"MsgType {kind} is not supported on the market data session"
            reason = BMR_UNSUPPORTED_TYPE
        else:
            reason = BMR_NOT_AUTHORIZED
        if problem is not None:
            reply = wire.business_reject(kind, reason, problem, header_field(message, 34), None)
            self.venue.send(sessionID, reply)
            return
        self._market_data_request(message, sessionID)

    def _market_data_request(self, message: fix.Message, session: fix.SessionID) -> None:
        md_req_id = message.getField(262)
        request_type = message.getField(263)
        symbols = groups(message, 146, 55)
        venue = self.venue
        with venue.lock:
            for entry in symbols:
                try:
                    instrument = venue.catalogue.find(
                        field(entry, 207) or "", field(entry, 55) or "", field(entry, 200), field(entry, 541)
                    )
                except LookupError as error:
                    venue.outbox.put(Outgoing(session, wire.market_data_reject(md_req_id, REJECT_UNKNOWN_SYMBOL,
                                                                              str(error))))
                    continue
                if request_type == "2":
                    venue.market_data.unsubscribe(instrument.id, session)
                    continue
                bid, bid_size, ask, ask_size = venue.engine.top(instrument)
                quote = QuoteChange(instrument, bid, bid_size, ask, ask_size)
                last = venue.engine.last_trade(instrument)
                venue.outbox.put(Outgoing(session, wire.snapshot(md_req_id, instrument, quote, last)))
                if request_type == "1":
                    venue.market_data.subscribe(instrument.id, session, md_req_id)
            if not symbols:
                venue.outbox.put(Outgoing(session, wire.market_data_reject(
                    md_req_id, REJECT_UNKNOWN_SYMBOL, "NoRelatedSym (146) must list at least one instrument")))
        venue.outbox.pump()
