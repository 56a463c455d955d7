"""The per-order path's shortcuts answer as the general code they stand for (session 6 speed work)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Context, Decimal, DivisionByZero, localcontext

import pytest

from keel.algorithm import algorithm as algorithm_module
from keel.engine import backtest, capacity, lean_order_json, transactions
from keel.engine.clock import EPOCH, converter, naive_from_ns, ns_to_utc_datetime
from keel.engine.number_format import DEC_CONTEXT, dec_div
from keel.model import orders, symbol
from keel.model.enums import OrderDirection, OrderStatus, OrderType, Resolution, SecurityType
from keel.model.orders import SubmitOrderRequest
from keel.reality import buying_power, fees, fills

from .fakes import ES, T0, make_handler


def _division_in_a_local_context(a: Decimal, b: Decimal) -> Decimal:
    """``dec_div`` as it was written before: the quotient computed inside ``localcontext``."""
    with localcontext(DEC_CONTEXT):
        q = a / b
    if q.as_tuple().exponent > 0:  # type: ignore[operator]
        q = q.quantize(Decimal(1), context=Context(prec=max(DEC_CONTEXT.prec, q.adjusted() + 1)))
    return q


def test_dec_div_equals_the_division_in_a_local_context() -> None:
    rng = random.Random(6)
    values = [Decimal("2000.00"), Decimal(1), Decimal(4), Decimal("0.5"), Decimal(10**30), Decimal("-1E-28")]
    values += [Decimal(repr(rng.uniform(-1e7, 1e7))) for _ in range(300)]
    values += [Decimal(rng.randint(-(10**12), 10**12)) for _ in range(100)]
    for a in values:
        for b in rng.sample(values, 20):
            expected = _division_in_a_local_context(a, b)
            actual = dec_div(a, b)
            assert str(actual) == str(expected), (a, b)
    with pytest.raises(DivisionByZero):
        dec_div(Decimal(1), Decimal(0))


def test_event_ids_of_a_new_order_start_at_one() -> None:
    """``submit`` seeds the order's event counter (a new id has no logged events to look up)."""
    handler, seen, _ = make_handler()
    first = handler.submit(SubmitOrderRequest(OrderType.MARKET, ES, 1, T0))
    second = handler.submit(SubmitOrderRequest(OrderType.MARKET, ES, -1, T0))
    assert [(e.order_id, e.id, e.status) for e in seen] == [
        (first.order_id, 1, OrderStatus.SUBMITTED),
        (first.order_id, 2, OrderStatus.FILLED),
        (second.order_id, 1, OrderStatus.SUBMITTED),
        (second.order_id, 2, OrderStatus.FILLED),
    ]


@pytest.mark.parametrize(
    ("module", "name", "member"),
    [
        (orders, "_E_NEW", OrderStatus.NEW),
        (orders, "_E_UPDATE_SUBMITTED", OrderStatus.UPDATE_SUBMITTED),
        (orders, "_E_BUY", OrderDirection.BUY),
        (orders, "_E_SELL", OrderDirection.SELL),
        (orders, "_E_HOLD", OrderDirection.HOLD),
        (transactions, "_E_SUBMITTED", OrderStatus.SUBMITTED),
        (transactions, "_E_UPDATE_SUBMITTED", OrderStatus.UPDATE_SUBMITTED),
        (transactions, "_E_MARKET", OrderType.MARKET),
        (transactions, "_E_BUY", OrderDirection.BUY),
        (transactions, "_E_SELL", OrderDirection.SELL),
        (transactions, "_E_HOLD", OrderDirection.HOLD),
        (fills, "_E_FILLED", OrderStatus.FILLED),
        (fills, "_E_CANCELED", OrderStatus.CANCELED),
        (fills, "_E_BUY", OrderDirection.BUY),
        (fills, "_E_SELL", OrderDirection.SELL),
        (fills, "_E_HOLD", OrderDirection.HOLD),
        (buying_power, "_E_BUY", OrderDirection.BUY),
        (buying_power, "_E_SELL", OrderDirection.SELL),
        (buying_power, "_E_HOLD", OrderDirection.HOLD),
        (fees, "_E_FUTURE_OPTION", SecurityType.FUTURE_OPTION),
        (symbol, "_E_FUTURE", SecurityType.FUTURE),
        (capacity, "_E_HOUR", Resolution.HOUR),
        (capacity, "_E_DAILY", Resolution.DAILY),
        (capacity, "_E_MINUTE", Resolution.MINUTE),
        (algorithm_module, "_E_MARKET", OrderType.MARKET),
        (algorithm_module, "_E_MARKET_ON_OPEN", OrderType.MARKET_ON_OPEN),
        (algorithm_module, "_E_MARKET_ON_CLOSE", OrderType.MARKET_ON_CLOSE),
        (lean_order_json, "_E_LIMIT", OrderType.LIMIT),
        (lean_order_json, "_E_TRAILING_STOP", OrderType.TRAILING_STOP),
        (backtest, "_E_INVALID", OrderStatus.INVALID),
    ],
)
def test_enum_members_held_as_module_globals_are_the_members(module: object, name: str, member: object) -> None:
    """The hot paths read enum members from module globals (an Enum class attribute read costs
    ~1,000 instructions in CPython 3.11): each global is the member it names."""
    assert getattr(module, name) is member


def test_naive_from_ns_equals_the_epoch_plus_a_timedelta() -> None:
    """The datetime built from the previous answer (a remembered step) equals the direct sum, for
    grid steps, steps that are not whole microseconds, jumps back, repeats and negative times."""
    rng = random.Random(8)
    ns = 1_600_000_000 * 10**9
    values = []
    for _ in range(3000):
        kind = rng.random()
        if kind < 0.5:
            ns += 60 * 10**9  # the next minute bar
        elif kind < 0.6:
            ns += rng.randint(1, 10**9)  # sub-microsecond and odd steps
        elif kind < 0.7:
            ns -= rng.randint(0, 10**14)  # back in time
        elif kind < 0.8:
            ns = rng.randint(-(10**18), 4 * 10**18)  # anywhere, before the epoch too
        values.append(ns)  # (the rest: the same time again)
    for value in values:
        assert naive_from_ns(value) == EPOCH + timedelta(microseconds=value // 1000), value
        assert ns_to_utc_datetime(value) == EPOCH + timedelta(microseconds=value // 1000), value
    conv = converter("America/New_York")
    for value in values[:500]:
        offset = conv.offset_ns(value)
        assert conv.to_local(value) == EPOCH + timedelta(microseconds=(value + offset) // 1000)
    assert naive_from_ns(0) == datetime(1970, 1, 1)
