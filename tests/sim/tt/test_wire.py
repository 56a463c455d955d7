"""wire.execution_report_text (the FIX text fast path) equals building the same fields one by one."""

from __future__ import annotations

import itertools

import pytest
import quickfix as fix

from keel.fix.message import _build_slow
from keel.sim.tt import wire
from keel.sim.tt.orders import ExecReport, ExecType, OrdStatus, OrdType, Side, TimeInForce

from .engine_helpers import CATALOGUE, ES

VX = next(i for i in CATALOGUE if i.product.symbol == "VX")


def _reports() -> list[ExecReport]:
    found = []
    for exec_type, ord_type, instrument, orig, text, account in itertools.product(
        list(ExecType), list(OrdType), (ES, VX), (None, "orig-1", ""), (None, "", "No more liquidity", "a\x01b"),
        ("ACC", ""),
    ):
        found.append(ExecReport(
            exec_id="e-1", exec_type=exec_type, order_id="o-1", cl_ord_id="c-1", orig_cl_ord_id=orig,
            instrument=instrument, side=Side.SELL, ord_type=ord_type, tif=TimeInForce.GTC, quantity=7,
            limit=447025 if ord_type is not OrdType.STOP else None, stop=447000, account=account, owner="u",
            ord_status=OrdStatus.PARTIALLY_FILLED, cum_qty=3, leaves_qty=4, notional=3 * 447025 + 2,
            last_qty=2, last_px=447025, text=text,
        ))
    return found


def test_execution_report_matches_field_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wire, "utc_stamp", lambda now=None: "20261121-10:00:00.123")
    extra = {20: "3", 16728: "2"}
    fast = 0
    for report in _reports():
        expected = _build_slow("8", wire.execution_report_fields(report)).toString()
        assert wire.execution_report(report).toString() == expected, report
        text = wire.execution_report_text(report)
        if text is not None:
            fast += 1
            assert fix.Message(text, False).toString() == expected, report
        assert wire.execution_report(report, extra).toString() == _build_slow(
            "8", wire.execution_report_fields(report, extra)).toString(), report
    assert fast > 0


def test_utc_stamp_format() -> None:
    stamp = wire.utc_stamp()
    assert len(stamp) == 21 and stamp[8] == "-" and stamp[17] == "."
