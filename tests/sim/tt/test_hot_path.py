"""The venue's per-order shortcuts give exactly what the general code gives."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from keel.sim.tt import wire
from keel.sim.tt.config import FaultConfig
from keel.sim.tt.faults import SEND, FaultInjector
from keel.sim.tt.instruments import Instrument, next_session_close
from keel.sim.tt.orders import ExecReport, ExecType, OrdStatus, OrdType, Side, TimeInForce
from keel.sim.tt.router import SessionRouter

from .engine_helpers import CATALOGUE, ES, Clock, engine, order


def _decimal_wire(instrument: Instrument, ticks: int) -> str:
    text = format((instrument.tick_wire * ticks).normalize(), "f")
    return text if text != "-0" else "0"


@pytest.mark.parametrize("instrument", list(CATALOGUE), ids=lambda i: f"{i.product.symbol}{i.contract_month}")
def test_price_conversions_match_decimal_arithmetic(instrument: Instrument) -> None:
    rng = random.Random(instrument.id)
    whole = instrument.tick_wire == instrument.tick_wire.to_integral_value()
    assert (instrument.tick_wire_int is not None) == whole
    for ticks in [0, 1, -1, 4, 447025, -3] + [rng.randrange(-10**7, 10**7) for _ in range(50)]:
        text = instrument.ticks_to_wire(ticks)
        assert text == _decimal_wire(instrument, ticks)
        assert instrument.wire_to_ticks(text, 44) == ticks
        for quantity in (1, 2, 3, 7):
            notional = ticks * quantity + rng.randrange(0, quantity)
            expected = format((instrument.tick_wire * notional / quantity).quantize(Decimal("1e-8")).normalize(), "f")
            assert instrument.average_to_wire(notional, quantity) == (expected if expected != "-0" else "0")


def test_off_grid_and_malformed_prices_keep_their_messages() -> None:
    assert ES.tick_wire_int == 25
    with pytest.raises(ValueError, match="not a multiple of the tick size 25"):
        ES.wire_to_ticks("447010", 44)
    with pytest.raises(ValueError, match="is not a number"):
        ES.wire_to_ticks("44x", 44)
    assert ES.wire_to_ticks("0447025", 44) == 17881  # leading zero: same value as Decimal reads it
    assert ES.wire_to_ticks("447025.00", 44) == 17881  # not digits only: the Decimal path


def test_session_close_is_remembered_only_while_it_is_still_the_next_close() -> None:
    clock = Clock(datetime(2026, 11, 20, 15, 0, tzinfo=UTC))  # Friday 09:00 Chicago
    eng = engine(clock)
    times = [
        datetime(2026, 11, 20, 15, 0, tzinfo=UTC), datetime(2026, 11, 20, 21, 59, 59, tzinfo=UTC),
        datetime(2026, 11, 20, 22, 0, tzinfo=UTC),  # at the close: the next one is Monday's
        datetime(2026, 11, 23, 21, 0, tzinfo=UTC), datetime(2026, 11, 20, 16, 0, tzinfo=UTC),  # clock went back
        datetime(2026, 11, 24, 3, 0, tzinfo=UTC),
    ]
    for index, now in enumerate(times):
        clock.now = now
        eng.submit(order(Side.BUY, 1, 100, cl_ord_id=f"d{index}"))
        assert eng.order("u1", f"d{index}").expires_at == next_session_close(ES, now)  # type: ignore[union-attr]


def test_report_faults_take_no_lock_and_no_draw_when_none_can_happen() -> None:
    faults = FaultInjector(FaultConfig(seed=3))
    state = faults._rng["er"].getstate()
    assert all(faults.next_report_action() is SEND for _ in range(10))
    assert faults.next_order_reject() is None
    assert faults._rng["er"].getstate() == state
    faults.duplicate_execution_reports(1)
    faults.reject_next_order("closed")
    assert faults.next_report_action().kind == "duplicate" and faults.next_report_action() is SEND
    assert faults.next_order_reject() == "closed" and faults.next_order_reject() is None
    faults.config = FaultConfig(seed=3, execution_report_duplicate_probability=1.0)
    assert faults.next_report_action().kind == "duplicate"


def _report(**changes: object) -> ExecReport:
    values: dict[str, object] = dict(
        exec_id="e-1", exec_type=ExecType.NEW, order_id="o-1", cl_ord_id="c-1", orig_cl_ord_id=None,
        instrument=ES, side=Side.BUY, ord_type=OrdType.LIMIT, tif=TimeInForce.DAY, quantity=2, limit=17881,
        stop=None, account="ACC", owner="u", ord_status=OrdStatus.NEW, cum_qty=0, leaves_qty=2, notional=0,
    )
    values.update(changes)
    return ExecReport(**values)  # type: ignore[arg-type]


def test_execution_report_text_is_complete_fix_text_or_none() -> None:
    text = wire.execution_report_text(_report())
    assert text is not None and text.startswith("8=FIX.4.4\x019=0\x0135=8\x0137=o-1\x01")
    assert text.endswith("\x0110=000\x01")
    assert "\x0144=447025\x01" in text and "\x0199=" not in text
    for changes in ({"account": ""}, {"orig_cl_ord_id": ""}, {"text": "a\x01b"}, {"cl_ord_id": ""}):
        assert wire.execution_report_text(_report(**changes)) is None, changes


class _Handler:
    def __init__(self, observes: bool) -> None:
        self.observes_outgoing = observes
        self.seen = 0

    def toApp(self, message: object, sessionID: object) -> None:
        self.seen += 1


def test_router_skips_to_app_when_no_handler_logs_or_validates() -> None:
    quiet, watching = _Handler(False), _Handler(True)
    router: Any = SessionRouter.__new__(SessionRouter)  # only toApp's attributes are needed
    router._order, router._market_data, router.skipped = quiet, quiet, {}
    router.toApp(None, None)
    assert quiet.seen == 0
    router._market_data = watching
    router._handler = lambda session: watching
    router.toApp(None, None)
    assert watching.seen == 1

