"""Formatting of simulator events as TT FIX 4.4 messages (only tags TT's dictionary allows).

Prices are written in display units (``Instrument.ticks_to_wire``); every execution report
carries the dictionary-required 37/150/39/151/14/6 plus what TT's client reads (11, 41 on
cancel/replace acks, 17, 1, instrument tags, 54, 38, 40, 44/99, 59, 60, 31/32 on fills).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import UTC, datetime

import quickfix as fix

from keel.fix.message import MESSAGE_SUFFIX, SOH, build, group, message_prefix
from keel.sim.tt.instruments import Instrument
from keel.sim.tt.orders import CancelReject, ExecReport, ExecType, OrdStatus, OrdType, QuoteChange, TradePrint

TT_SECURITY_ID_SOURCE = "96"
"""22 SecurityIDSource for TT instrument ids in 48."""

X_ENTRY_ORDER = (279, 269, 55, 167, 200, 541, 48, 22, 207, 270, 271, 273, 290, 346)
"""Field order of a 35=X 268 entry (dictionary order)."""

W_ENTRY_ORDER = (269, 270, 271, 273, 290, 346)
"""Field order of a 35=W 268 entry."""

ORDER_TAGS = (11, 1, 55, 167, 207, 200, 541, 54, 38, 40, 44, 99, 59)
"""NewOrderSingle tags a request reject echoes back (in this order)."""

RECOVERY_HEADLINE = "Recovery Complete"


_stamp_second = -1
_stamp_prefix = ""


def utc_stamp(now: datetime | None = None) -> str:
    """A FIX UTCTimestamp with milliseconds."""
    global _stamp_second, _stamp_prefix
    if now is None:
        second, nanos = divmod(time.time_ns(), 1_000_000_000)
        if second != _stamp_second:  # the date/time text changes once a second
            _stamp_prefix = datetime.fromtimestamp(second, UTC).strftime("%Y%m%d-%H:%M:%S.")
            _stamp_second = second
        return f"{_stamp_prefix}{nanos // 1_000_000:03d}"
    return now.strftime("%Y%m%d-%H:%M:%S.") + f"{now.microsecond // 1000:03d}"


def instrument_fields(instrument: Instrument) -> list[tuple[int, str]]:
    """55/167/207/48/22 plus 200 or 541 (CFE products use 541 only, others both)."""
    product = instrument.product
    fields = [(55, product.symbol), (167, "FUT"), (207, product.exchange), (48, instrument.id),
              (22, TT_SECURITY_ID_SOURCE), (541, instrument.maturity_date)]
    if not product.uses_maturity_date:
        fields.append((200, instrument.contract_month))
    return fields


_instrument_texts: dict[int, tuple[Instrument, str, int]] = {}


def _instrument_text(instrument: Instrument) -> tuple[str, int]:
    """:func:`instrument_fields` as FIX text, and the number of fields in it (cached per instrument)."""
    cached = _instrument_texts.get(id(instrument))
    if cached is None or cached[0] is not instrument:
        fields = [(tag, value) for tag, value in instrument_fields(instrument) if value]
        cached = (instrument, "".join(f"{tag}={value}{SOH}" for tag, value in fields), len(fields))
        _instrument_texts[id(instrument)] = cached
    return cached[1], cached[2]


def execution_report(report: ExecReport, extra: Mapping[int, str] | None = None) -> fix.Message:
    """35=8 for an engine report, built field by field (:func:`execution_report_text` is the
    venue's fast path for the same message; this is its fallback and the order-status reply)."""
    return build("8", execution_report_fields(report, extra))


_REPORT_PREFIX = message_prefix("8") + "37="


def execution_report_text(report: ExecReport) -> str | None:
    """The 35=8 of :func:`execution_report` as complete FIX text (QuickFIX recomputes 9 and 10),
    or ``None`` when the report needs :func:`build`'s checks (an empty id, or SOH in a value).

    This is the hot path of the venue (one call per acknowledgement and per fill): one string
    join, no QuickFIX call; the outbox hands the text to QuickFIX when it sends.
    """
    order_id, cl_ord_id, exec_id, account = report.order_id, report.cl_ord_id, report.exec_id, report.account
    orig = report.orig_cl_ord_id
    if not (order_id and cl_ord_id and exec_id and account) or orig == "":
        return None
    instrument = report.instrument
    ord_type = report.ord_type
    exec_type = report.exec_type
    fixed, count = _instrument_text(instrument)
    parts = [
        _REPORT_PREFIX, order_id, "\x0111=", cl_ord_id, "\x0117=", exec_id,
        "\x01150=", exec_type._value_, "\x0139=", report.ord_status._value_, "\x011=", account,
        SOH, fixed, "54=", report.side._value_, "\x0138=", str(report.quantity), "\x0140=", ord_type._value_,
        "\x0159=", report.tif._value_, "\x01151=", str(report.leaves_qty), "\x0114=", str(report.cum_qty),
        "\x016=", instrument.average_to_wire(report.notional, report.cum_qty) if report.cum_qty else "0",
        "\x0160=", utc_stamp(), SOH,
    ]
    count += 17  # 8, 9, 35 and the 14 fields above
    if orig is not None:
        parts += ("41=", orig, SOH)
        count += 1
    if ord_type is not OrdType.MARKET:
        if report.limit is not None and ord_type is not OrdType.STOP:
            parts += ("44=", instrument.ticks_to_wire(report.limit), SOH)
            count += 1
        if report.stop is not None and ord_type is not OrdType.LIMIT:
            parts += ("99=", instrument.ticks_to_wire(report.stop), SOH)
            count += 1
    if exec_type is ExecType.TRADE:
        parts += ("32=", str(report.last_qty), "\x0131=", instrument.ticks_to_wire(report.last_px), SOH)
        count += 2
    if report.text:
        parts += ("58=", report.text, SOH)
        count += 1
    if exec_type is ExecType.REJECTED:
        parts.append("103=99\x01")
        count += 1
    parts.append(MESSAGE_SUFFIX)
    text = "".join(parts)
    if text.count(SOH) != count + 1:  # a value with SOH in it: let build() handle it
        return None
    return text


def execution_report_fields(report: ExecReport, extra: Mapping[int, str] | None = None) -> list[tuple[int, str]]:
    """The body fields of the 35=8 for an engine report."""
    instrument = report.instrument
    fields: list[tuple[int, str]] = [
        (37, report.order_id),
        (11, report.cl_ord_id),
        (17, report.exec_id),
        (150, report.exec_type.value),
        (39, report.ord_status.value),
        (1, report.account),
        *instrument_fields(instrument),
        (54, report.side.value),
        (38, str(report.quantity)),
        (40, report.ord_type.value),
        (59, report.tif.value),
        (151, str(report.leaves_qty)),
        (14, str(report.cum_qty)),
        (6, instrument.average_to_wire(report.notional, report.cum_qty)),
        (60, utc_stamp()),
    ]
    if report.orig_cl_ord_id is not None:
        fields.append((41, report.orig_cl_ord_id))
    if report.limit is not None and report.ord_type in (OrdType.LIMIT, OrdType.STOP_LIMIT):
        fields.append((44, instrument.ticks_to_wire(report.limit)))
    if report.stop is not None and report.ord_type in (OrdType.STOP, OrdType.STOP_LIMIT):
        fields.append((99, instrument.ticks_to_wire(report.stop)))
    if report.exec_type is ExecType.TRADE:
        fields += [(32, str(report.last_qty)), (31, instrument.ticks_to_wire(report.last_px))]
    if report.text:
        fields.append((58, report.text))
    if report.exec_type is ExecType.REJECTED:
        fields.append((103, "99"))
    if extra:
        fields += list(extra.items())
    return fields


def order_status(report: ExecReport, total: int) -> fix.Message:
    """A status reply of the open-order download: 150=I, 39 = current state, 20=3, 16728=N."""
    return execution_report(report, {20: "3", 16728: str(total)})


def empty_download(exec_id: str) -> fix.Message:
    """The single reply to an open-order download when nothing is working (39=8/150=8, 16728=0)."""
    return build("8", [
        (37, "NONE"), (17, exec_id), (20, "3"), (150, ExecType.REJECTED.value),
        (39, OrdStatus.REJECTED.value), (151, "0"), (14, "0"), (6, "0"), (16728, "0"),
        (60, utc_stamp()), (58, "No working orders"),
    ])


def request_reject(
    request: Mapping[int, str], order_id: str, exec_id: str, text: str, reason: str = "99"
) -> fix.Message:
    """A 150=8 report for an order refused before it reached the book, echoing the request's tags."""
    echo = [(tag, request[tag]) for tag in ORDER_TAGS if request.get(tag)]
    fields = [
        (37, order_id), (17, exec_id), (150, ExecType.REJECTED.value), (39, OrdStatus.REJECTED.value),
        (151, "0"), (14, "0"), (6, "0"), (60, utc_stamp()), (58, text), (103, reason), *echo,
    ]
    return build("8", fields)


def cancel_reject(reject: CancelReject) -> fix.Message:
    """35=9 for a refused cancel (434=1) or replace (434=2)."""
    return build("9", [
        (37, reject.order_id), (11, reject.cl_ord_id), (41, reject.orig_cl_ord_id),
        (39, reject.ord_status.value), (434, reject.response_to), (102, reject.reason),
        (58, reject.text), (60, utc_stamp()),
    ])


def business_reject(ref_msg_type: str, reason: str, text: str, ref_seq: str | None, ref_id: str | None) -> fix.Message:
    """35=j BusinessMessageReject."""
    return build("j", [(45, ref_seq or ""), (372, ref_msg_type), (379, ref_id or ""), (380, reason), (58, text)])


def recovery_complete() -> fix.Message:
    """TT's readiness marker, sent after every logon on both sessions."""
    return build("B", [(148, RECOVERY_HEADLINE), (33, "1"), (58, "Recovery is complete")])


def news(headline: str, text: str) -> fix.Message:
    """Any other News message."""
    return build("B", [(148, headline), (33, "1"), (58, text)])


def snapshot(md_req_id: str, instrument: Instrument, quote: QuoteChange | None, last: int | None) -> fix.Message:
    """35=W: bid and ask (and the last trade when known) of ``instrument``."""
    message = build("W", [(262, md_req_id), *instrument_fields(instrument)])
    entries: list[list[tuple[int, str]]] = []
    if quote is not None and quote.bid is not None:
        entries.append([(269, "0"), (270, instrument.ticks_to_wire(quote.bid)), (271, str(quote.bid_size))])
    if quote is not None and quote.ask is not None:
        entries.append([(269, "1"), (270, instrument.ticks_to_wire(quote.ask)), (271, str(quote.ask_size))])
    if last is not None:
        entries.append([(269, "2"), (270, instrument.ticks_to_wire(last))])
    if not entries:
        entries.append([(269, "0")])
    for entry in entries:
        message.addGroup(group(268, W_ENTRY_ORDER, entry))
    return message


def _x_entry(action: str, entry_type: str, instrument: Instrument, price: int | None, size: int) -> fix.Group:
    fields = [(279, action), (269, entry_type), *instrument_fields(instrument)]
    if price is not None:
        fields += [(270, instrument.ticks_to_wire(price)), (271, str(size))]
    return group(268, X_ENTRY_ORDER, fields)


def quote_update(md_req_id: str, quote: QuoteChange) -> fix.Message:
    """35=X with a bid and an ask entry (279=1 change, or 279=2 delete for an empty side)."""
    message = build("X", [(262, md_req_id)])
    instrument = quote.instrument
    for entry_type, price, size in (("0", quote.bid, quote.bid_size), ("1", quote.ask, quote.ask_size)):
        message.addGroup(_x_entry("1" if price is not None else "2", entry_type, instrument, price, size))
    return message


def trade_update(md_req_id: str, trade: TradePrint) -> fix.Message:
    """35=X with one trade entry (269=2, 279=0)."""
    message = build("X", [(262, md_req_id)])
    message.addGroup(_x_entry("0", "2", trade.instrument, trade.price, trade.quantity))
    return message


def market_data_reject(md_req_id: str, reason: str, text: str) -> fix.Message:
    """35=Y MarketDataRequestReject."""
    return build("Y", [(262, md_req_id), (281, reason), (58, text)])
