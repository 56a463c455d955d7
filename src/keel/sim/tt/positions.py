"""Positions and fills per account and instrument, as served by ``ttmonitor position``."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from keel.sim.tt.instruments import Instrument
from keel.sim.tt.orders import Side


@dataclass(slots=True)
class Position:
    """Net position of one account in one instrument (average-cost accounting, prices in ticks)."""

    account: str
    instrument: Instrument
    buy_qty: int = 0
    sell_qty: int = 0
    buy_notional: int = 0
    sell_notional: int = 0
    net: int = 0
    open_cost: Fraction = Fraction(0)
    realized_ticks: Fraction = Fraction(0)

    def apply(self, side: Side, quantity: int, price: int) -> None:
        """Book one fill of ``quantity`` lots at ``price`` ticks."""
        signed = quantity * side.sign
        if side is Side.BUY:
            self.buy_qty += quantity
            self.buy_notional += quantity * price
        else:
            self.sell_qty += quantity
            self.sell_notional += quantity * price
        if self.net == 0 or (self.net > 0) == (signed > 0):
            self.open_cost += signed * price
            self.net += signed
            return
        closing = min(abs(signed), abs(self.net))
        average = self.open_cost / self.net
        direction = 1 if self.net > 0 else -1
        self.realized_ticks += closing * (price - average) * direction
        self.open_cost -= average * closing * direction
        self.net += signed
        remainder = abs(signed) - closing
        if self.net == 0:
            self.open_cost = Fraction(0)
        if remainder:
            self.open_cost = Fraction(side.sign * remainder * price)

    @property
    def open_average(self) -> Fraction | None:
        """Average open price in ticks, ``None`` when flat."""
        return self.open_cost / self.net if self.net else None


class PositionBook:
    """All positions, keyed by (account, instrument id), plus the fill count per account."""

    def __init__(self) -> None:
        self._positions: dict[tuple[str, str], Position] = {}
        self.fills: dict[str, int] = {}

    def apply(self, account: str, instrument: Instrument, side: Side, quantity: int, price: int) -> None:
        """Book a fill for ``account``."""
        key = (account, instrument.id)
        position = self._positions.get(key)
        if position is None:
            position = Position(account, instrument)
            self._positions[key] = position
        position.apply(side, quantity, price)
        self.fills[account] = self.fills.get(account, 0) + 1

    def of_accounts(self, accounts: set[str]) -> list[Position]:
        """Positions of the given accounts, in a stable order."""
        return [p for (account, _), p in sorted(self._positions.items()) if account in accounts]

    def get(self, account: str, instrument: Instrument) -> Position | None:
        """One position, ``None`` if the account never traded the instrument."""
        return self._positions.get((account, instrument.id))
