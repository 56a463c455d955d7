"""Helpers for driving the matching engine directly in tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

from keel.sim.tt.instruments import Catalogue, Instrument
from keel.sim.tt.matching import MatchingEngine
from keel.sim.tt.orders import Event, ExecReport, ExecType, NewOrder, OrdType, Side, TimeInForce

CATALOGUE = Catalogue.listing(date(2026, 11, 20))
ES: Instrument = CATALOGUE.find("CME", "ES", "202612", None)


class Clock:
    """A settable clock for the engine."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def engine(clock: Clock | None = None) -> MatchingEngine:
    """An engine that also reports house orders."""
    return MatchingEngine(clock=clock or Clock(datetime(2026, 11, 20, 15, 0, tzinfo=UTC)), seed=7, report_house=True)


_counter = [0]


def order(
    side: Side,
    quantity: int,
    limit: int | None = None,
    ord_type: OrdType = OrdType.LIMIT,
    stop: int | None = None,
    tif: TimeInForce = TimeInForce.DAY,
    owner: str = "u1",
    cl_ord_id: str | None = None,
    instrument: Instrument = ES,
    account: str = "ACC",
) -> NewOrder:
    """A new-order request (prices in ticks)."""
    _counter[0] += 1
    return NewOrder(cl_ord_id or f"c{_counter[0]}", instrument, side, ord_type, tif, quantity, limit, stop,
                    account, owner)


def reports(events: list[Event], cl_ord_id: str | None = None) -> list[ExecReport]:
    """Execution reports among ``events``, optionally of one ClOrdID."""
    return [e for e in events if isinstance(e, ExecReport) and (cl_ord_id is None or e.cl_ord_id == cl_ord_id)]


def fills(events: list[Event]) -> list[ExecReport]:
    """Fill reports among ``events``."""
    return [e for e in reports(events) if e.exec_type is ExecType.TRADE]
