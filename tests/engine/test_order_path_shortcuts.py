"""The per-order path's shortcuts answer as the general code they stand for (session 6 speed work)."""

from __future__ import annotations

import itertools
import random
from datetime import datetime, timedelta
from decimal import Context, Decimal, DivisionByZero, localcontext
from enum import Enum
from types import ModuleType

import pytest

from keel.algorithm import algorithm as algorithm_module
from keel.engine import backtest, capacity, lean_order_json, transactions
from keel.engine import engine as engine_module
from keel.engine.clock import EPOCH, converter, naive_from_ns, ns_to_utc_datetime
from keel.engine.number_format import DEC_CONTEXT, dec_div
from keel.model import orders, symbol
from keel.model.enums import OrderStatus, OrderType
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


# the modules whose hot paths read enum members from ``_E_<NAME>`` module globals
_ENUM_GLOBAL_MODULES = [
    algorithm_module,
    backtest,
    buying_power,
    capacity,
    engine_module,
    fees,
    fills,
    lean_order_json,
    orders,
    symbol,
    transactions,
]


@pytest.mark.parametrize("module", _ENUM_GLOBAL_MODULES, ids=lambda module: module.__name__)
def test_enum_members_held_as_module_globals_are_the_members(module: ModuleType) -> None:
    """The hot paths read enum members from module globals (an Enum class attribute read costs
    ~1,000 instructions in CPython 3.11): each ``_E_<NAME>`` global is a Keel enum's member ``NAME``."""
    found = {name: value for name, value in vars(module).items() if name.startswith("_E_")}
    assert found, f"{module.__name__} holds no _E_ globals"
    for name, value in found.items():
        assert isinstance(value, Enum) and type(value).__module__ == "keel.model.enums", name
        assert value.name == name[3:], name


def test_naive_from_ns_equals_the_epoch_plus_a_timedelta() -> None:
    """The datetime built from the previous answer (a remembered step) equals the direct sum, for
    grid steps forward and back, steps that are not whole microseconds, jumps, repeats and negative
    times, with UTC and local conversions interleaved as the engine makes them."""
    rng = random.Random(8)
    ns = 1_600_000_000 * 10**9
    values = []
    for _ in range(3000):
        kind = rng.random()
        if kind < 0.4:
            ns += 60 * 10**9  # the next minute bar
        elif kind < 0.5:
            ns -= rng.randint(1, 10**9) * 1000  # back by whole microseconds (a remembered step)
        elif kind < 0.6:
            ns += rng.randint(1, 10**9)  # sub-microsecond and odd steps
        elif kind < 0.7:
            ns -= rng.randint(0, 10**14)  # back in time
        elif kind < 0.8:
            ns = rng.randint(-(10**18), 4 * 10**18)  # anywhere, before the epoch too
        values.append(ns)  # (the rest: the same time again)
    conv = converter("America/New_York")
    asked = []  # every ns handed to ``naive_from_ns``, in order
    for value in values:
        assert naive_from_ns(value) == EPOCH + timedelta(microseconds=value // 1000), value
        assert ns_to_utc_datetime(value) == EPOCH + timedelta(microseconds=value // 1000), value
        local = value + conv.offset_ns(value)  # a zone offset away: a step back, then forward
        assert conv.to_local(value) == EPOCH + timedelta(microseconds=local // 1000), value
        asked += [value, value, local]
    steps = [b - a for a, b in itertools.pairwise(asked)]
    # the input reaches the remembered-step branch going back and forth, and the direct one
    assert sum(1 for step in steps if step < 0 and step % 1000 == 0) > 1000
    assert sum(1 for step in steps if step > 0 and step % 1000 == 0) > 1000
    assert sum(1 for step in steps if step % 1000) > 100
    assert naive_from_ns(0) == datetime(1970, 1, 1)
