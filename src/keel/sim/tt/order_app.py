"""Order-routing FIX application of the simulator (NewOrderSingle, Cancel, Replace, Status)."""

from __future__ import annotations

import logging
from decimal import Decimal, InvalidOperation

import quickfix as fix

from keel.fix.log import FixMessageLog
from keel.fix.message import field, flat_fields, header_field
from keel.sim.tt import wire
from keel.sim.tt.faults import FaultInjector
from keel.sim.tt.instruments import Instrument
from keel.sim.tt.matching import MatchingEngine
from keel.sim.tt.orders import Event, ExecType, NewOrder, OrdType, Side, TimeInForce
from keel.sim.tt.outbox import Outgoing
from keel.sim.tt.session_app import SessionApp
from keel.sim.tt.sessions import UserDirectory, behalf_problem
from keel.sim.tt.venue import Venue

log = logging.getLogger(__name__)

BMR_OTHER = "0"
BMR_UNKNOWN_ID = "1"
BMR_UNSUPPORTED_TYPE = "3"
BMR_CONDITIONALLY_REQUIRED = "5"
BMR_NOT_AUTHORIZED = "6"

REJECT_UNKNOWN_SYMBOL = "1"
REJECT_UNSUPPORTED = "11"
REJECT_OTHER = "99"

_ORDER_KEYS = tuple((tag, str(tag)) for tag in wire.ORDER_TAGS)
_TIF = {"0": TimeInForce.DAY, "1": TimeInForce.GTC}
"""TimeInForce values TT accepts from this client."""
_INSTRUMENT_CACHE_SIZE = 4096
"""Most distinct instrument tag combinations remembered by the order parser."""


class RequestError(ValueError):
    """An order request TT would refuse with a 150=8 report; ``reason`` is the 103 code."""

    def __init__(self, text: str, reason: str = REJECT_OTHER) -> None:
        super().__init__(text)
        self.reason = reason


class BusinessReject(ValueError):
    """A message TT would refuse with 35=j; ``reason`` is the 380 code."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(text)
        self.reason = reason


class OrderRoutingApp(SessionApp):
    """Handler of the order-routing sessions (called by :class:`~keel.sim.tt.router.SessionRouter`)."""

    session_kind = "order routing"

    def __init__(
        self,
        venue: Venue,
        users: UserDirectory,
        faults: FaultInjector,
        fix_log: FixMessageLog,
        dictionary: fix.DataDictionary | None = None,
    ) -> None:
        super().__init__(venue, users, fix_log, dictionary)
        self.faults = faults
        self._instruments: dict[tuple[str | None, ...], Instrument] = {}

    # ------------------------------------------------------------------ session callbacks
    def onLogon(self, sessionID: fix.SessionID) -> None:
        """Replay parked reports, then send News "Recovery Complete" and mark the user ready."""
        user = self.users.ref(sessionID).user.name
        self.logons += 1
        self.fix_log.event(sessionID, "order routing logon")
        outbox = self.venue.outbox

        def recover() -> None:
            for item in outbox.take_parked(user):
                outbox.deliver(item, force=True)
            outbox.deliver(Outgoing(sessionID, wire.recovery_complete()), force=True)
            outbox.set_ready(user, True)

        with self.venue.lock:
            outbox.put(Outgoing(sessionID, None, action=recover))
        outbox.pump()

    def onLogout(self, sessionID: fix.SessionID) -> None:
        """The user is no longer ready: its reports are parked until the next logon."""
        self.venue.outbox.set_ready(self.users.ref(sessionID).user.name, False)
        self.fix_log.event(sessionID, "order routing logout")

    def fromApp(self, message: fix.Message, sessionID: fix.SessionID) -> None:
        """Handle D, F, G and H; refuse anything else with a BusinessMessageReject."""
        if self.fix_log.enabled:
            self.fix_log.message("in", sessionID, message)
        user = self.users.ref(sessionID).user
        # One toString instead of a getField per tag: header tags occur once in any message, and
        # D (the hot path) has no repeating groups, so its body tags are read from here too.
        flat = flat_fields(message)
        kind = flat["35"]
        try:
            behalf = flat.get("116")
            if behalf != user.name:
                raise BusinessReject(behalf_problem(behalf, user) or "", BMR_NOT_AUTHORIZED)
            if kind == "D":
                self._new_order(flat, sessionID, user.name)
            elif kind == "F":
                self._cancel(message, user.name)
            elif kind == "G":
                self._replace(message, sessionID, user.name)
            elif kind == "H":
                self._status(message, sessionID, user.name)
            else:
                raise BusinessReject(
                    f"MsgType {kind} is not supported on the order routing session", BMR_UNSUPPORTED_TYPE
                )
        except BusinessReject as refusal:
            reply = wire.business_reject(
                kind, refusal.reason, str(refusal), header_field(message, 34), field(message, 11)
            )
            self.venue.send(sessionID, reply)

    # ------------------------------------------------------------------ order entry
    def _new_order(self, flat: dict[str, str], session: fix.SessionID, user: str) -> None:
        """``flat``: the D's fields by tag text (:func:`~keel.fix.message.flat_fields`)."""
        cl_ord_id = flat["11"]
        ord_type = flat["40"]
        if ord_type in ("2", "4") and "44" not in flat:
            raise BusinessReject("Price (44) is required when OrdType (40) is 2 or 4", BMR_CONDITIONALLY_REQUIRED)
        if ord_type in ("3", "4") and "99" not in flat:
            raise BusinessReject("StopPx (99) is required when OrdType (40) is 3 or 4", BMR_CONDITIONALLY_REQUIRED)
        venue = self.venue
        with venue.lock:
            engine = venue.engine
            if engine.is_known_cl_ord_id(user, cl_ord_id):
                raise BusinessReject(f"Duplicate ClOrdID (11) {cl_ord_id}", BMR_OTHER)
            try:
                order = self._parse_order(flat, user)
                forced = self.faults.next_order_reject()
                if forced is not None:
                    raise RequestError(forced)
            except RequestError as error:
                request = {tag: value for tag, key in _ORDER_KEYS if (value := flat.get(key)) is not None}
                reply = wire.request_reject(request, engine.new_order_id(), engine.new_exec_id(), str(error),
                                            error.reason)
                engine.remember_rejected(user, cl_ord_id)
                venue.outbox.put(Outgoing(session, reply, user, is_report=True))
            else:
                venue.route(engine.submit(order))
        venue.outbox.pump()

    def _parse_order(self, flat: dict[str, str], user: str) -> NewOrder:
        """A :class:`NewOrder` from a D's fields by tag text; ``RequestError`` says why not."""
        account = flat.get("1")
        if not account:
            raise RequestError("Account (1) is required")
        if account not in self.users.accounts_of(user):
            raise RequestError(f"Invalid account {account}")
        instrument = self._instrument(flat)
        side = _enum(Side, flat["54"], 54)
        ord_type = _enum(OrdType, flat["40"], 40)
        tif = _TIF.get(flat.get("59", "0"))
        if tif is None:
            raise RequestError(f"TimeInForce (59) {flat['59']} is not supported; use 0 (Day) or 1 (GTC)",
                               REJECT_UNSUPPORTED)
        if ord_type is OrdType.MARKET:
            tif = TimeInForce.DAY
        quantity = _quantity(flat["38"])
        limit = stop = None
        if ord_type is OrdType.LIMIT or ord_type is OrdType.STOP_LIMIT:
            limit = _price(instrument, flat["44"], 44)
        if ord_type is OrdType.STOP or ord_type is OrdType.STOP_LIMIT:
            stop = _price(instrument, flat["99"], 99)
        return NewOrder(flat["11"], instrument, side, ord_type, tif, quantity, limit, stop, account, user)

    def _instrument(self, flat: dict[str, str]) -> Instrument:
        """The instrument of 55/167/207/200/541 (successful look-ups are remembered)."""
        key = (flat.get("207"), flat["55"], flat.get("200"), flat.get("541"), flat.get("167"))
        found = self._instruments.get(key)
        if found is not None:
            return found
        security_type = flat.get("167", "FUT")
        if security_type != "FUT":
            raise RequestError(f"SecurityType (167) {security_type} is not tradable; only FUT",
                               REJECT_UNSUPPORTED)
        exchange = flat.get("207")
        if not exchange:
            raise RequestError("SecurityExchange (207) is required", REJECT_UNKNOWN_SYMBOL)
        try:
            found = self.venue.catalogue.find(exchange, flat["55"], flat.get("200"), flat.get("541"))
        except LookupError as error:
            raise RequestError(str(error), REJECT_UNKNOWN_SYMBOL) from None
        if len(self._instruments) < _INSTRUMENT_CACHE_SIZE:
            self._instruments[key] = found
        return found

    # ------------------------------------------------------------------ cancel / replace / status
    def _cancel(self, message: fix.Message, user: str) -> None:
        cl_ord_id, orig = message.getField(11), message.getField(41)
        self.venue.apply(lambda engine: engine.cancel(cl_ord_id, orig, user))

    def _replace(self, message: fix.Message, session: fix.SessionID, user: str) -> None:
        cl_ord_id, orig = message.getField(11), message.getField(41)
        ord_type_text = field(message, 40)
        fields = {tag: value for tag in (38, 44, 99) if (value := field(message, tag)) is not None}

        def operation(engine: MatchingEngine) -> list[Event]:
            order = engine.order(user, orig)
            try:
                ord_type = _enum(OrdType, ord_type_text, 40) if ord_type_text else None
                quantity = _quantity(fields[38]) if 38 in fields else None
                limit = stop = None
                if order is not None:
                    limit = _price(order.instrument, fields[44], 44) if 44 in fields else None
                    stop = _price(order.instrument, fields[99], 99) if 99 in fields else None
            except RequestError as error:
                return engine.refuse_amend(cl_ord_id, orig, user, "2", str(error))
            return engine.replace(cl_ord_id, orig, user, ord_type, quantity, limit, stop)

        self.venue.apply(operation)

    def _status(self, message: fix.Message, session: fix.SessionID, user: str) -> None:
        cl_ord_id = field(message, 11)
        order_id = field(message, 37)
        with self.venue.lock:
            engine = self.venue.engine
            if cl_ord_id is None and order_id is None:
                working = engine.working_orders(owner=user)
                if not working:
                    self.venue.outbox.put(Outgoing(session, wire.empty_download(engine.new_exec_id()), user, True))
                for order in working:
                    report = engine.report(order, ExecType.ORDER_STATUS)
                    self.venue.outbox.put(Outgoing(session, wire.order_status(report, len(working)), user, True))
            else:
                found = engine.order(user, cl_ord_id) if cl_ord_id else engine.order_by_id(order_id or "")
                if found is None or found.owner != user:
                    raise BusinessReject(f"Unknown order: ClOrdID (11) {cl_ord_id} / OrderID (37) {order_id}",
                                         BMR_UNKNOWN_ID)
                report = engine.report(found, ExecType.ORDER_STATUS)
                self.venue.outbox.put(Outgoing(session, wire.order_status(report, 1), user, True))
        self.venue.outbox.pump()


def _enum(kind: type, value: str, tag: int):  # type: ignore[no-untyped-def]
    member = kind._value2member_map_.get(value)  # type: ignore[attr-defined]
    if member is not None:
        return member
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)  # type: ignore[attr-defined]
        raise RequestError(f"tag {tag} value {value!r} is not supported; use one of {allowed}",
                           REJECT_UNSUPPORTED) from None


def _quantity(text: str) -> int:
    if text.isascii() and text.isdigit():
        whole = int(text)
        if whole > 0:
            return whole
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise RequestError(f"OrderQty (38) {text!r} is not a number") from None
    if value != value.to_integral_value() or value <= 0:
        raise RequestError(f"OrderQty (38) {text} must be a positive whole number of contracts")
    return int(value)


def _price(instrument: Instrument, text: str, tag: int) -> int:
    try:
        return instrument.wire_to_ticks(text, tag)
    except ValueError as error:
        raise RequestError(str(error)) from None


