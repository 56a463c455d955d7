"""Settlement models: when fill proceeds become spendable cash (LEAN's ``ISettlementModel``)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from keel.model.aliases import add_pascal_aliases
from keel.model.orders import CashAmount, OrderEvent
from keel.reality.dualcase import DualCase
from keel.securities.cash import UnsettledCashAmount
from keel.securities.exchange import local_to_utc, utc_to_local

if TYPE_CHECKING:
    from keel.securities.security import Security


class ApplyFundsSettlementModelParameters:
    """A cash movement caused by a fill (or by daily settlement when ``fill`` is ``None``)."""

    __slots__ = ("cash_amount", "fill", "portfolio", "security", "utc_time")

    def __init__(
        self,
        portfolio: Any,
        security: Security,
        utc_time: datetime,
        cash_amount: CashAmount,
        fill: OrderEvent | None,
    ) -> None:
        self.portfolio = portfolio
        self.security = security
        self.utc_time = utc_time
        self.cash_amount = cash_amount
        self.fill = fill


class ScanSettlementModelParameters:
    """The periodic settlement scan of one security."""

    __slots__ = ("portfolio", "security", "utc_time")

    def __init__(self, portfolio: Any, security: Security, utc_time: datetime) -> None:
        self.portfolio = portfolio
        self.security = security
        self.utc_time = utc_time


add_pascal_aliases(ApplyFundsSettlementModelParameters)
add_pascal_aliases(ScanSettlementModelParameters)


class SettlementModel(DualCase):
    """Base settlement model (immediate)."""

    _dual_names = (("apply_funds", "ApplyFunds"), ("scan", "Scan"))

    def apply_funds(self, parameters: ApplyFundsSettlementModelParameters) -> None:
        """Move the cash of a fill into the cash book."""
        amount = parameters.cash_amount
        parameters.portfolio.cash_book.get_or_add(amount.currency).add_amount(amount.amount)

    def scan(self, parameters: ScanSettlementModelParameters) -> None:
        """Settle what is due (nothing for immediate settlement)."""

    def get_unsettled_cash(self) -> CashAmount | None:
        """Cash this model holds unsettled (``None`` when it holds none)."""
        return None

    ApplyFunds = apply_funds
    Scan = scan


class ImmediateSettlementModel(SettlementModel):
    """Proceeds are available at once (margin accounts)."""


class DelayedSettlementModel(SettlementModel):
    """Sale proceeds settle after ``days`` open trading days at ``time_of_day`` (exchange time).

    Purchases are debited at once. Until settlement the proceeds sit in the portfolio's
    ``unsettled_cash_book``, which buying power in a cash account does not count.
    """

    def __init__(self, number_of_days: int, time_of_day: timedelta | time = timedelta(hours=8)) -> None:
        self.number_of_days = int(number_of_days)
        if isinstance(time_of_day, time):
            time_of_day = timedelta(hours=time_of_day.hour, minutes=time_of_day.minute)
        self.time_of_day = time_of_day

    def apply_funds(self, parameters: ApplyFundsSettlementModelParameters) -> None:
        """Debit purchases now; queue sale proceeds for the settlement date."""
        amount = parameters.cash_amount
        portfolio = parameters.portfolio
        if amount.amount <= 0:
            portfolio.cash_book.get_or_add(amount.currency).add_amount(amount.amount)
            return
        security = parameters.security
        hours = security.exchange.hours
        day = utc_to_local(parameters.utc_time, security.exchange.tz).date()
        is_open = getattr(hours, "is_date_open", None)
        counted = 0
        while counted < self.number_of_days:
            day += timedelta(days=1)
            if is_open(day) if is_open is not None else day.weekday() < 5:
                counted += 1
        local = datetime(day.year, day.month, day.day) + self.time_of_day
        settle_utc = local_to_utc(local, security.exchange.tz)
        portfolio.unsettled_cash_book.get_or_add(amount.currency).add_amount(amount.amount)
        portfolio.add_unsettled_cash_amount(UnsettledCashAmount(settle_utc, amount.currency, amount.amount))


class FutureSettlementModel(ImmediateSettlementModel):
    """Daily mark-to-market of futures: once per exchange date, losers pay winners.

    On the first scan of a new exchange-local date, an invested position is marked at the
    security's settlement price; the change since the last mark is moved into cash and recorded
    as the holding's ``settled_profit``. When a fill closes settled contracts, the settled part
    of their profit is taken out of the realized profit that reaches cash (it is already there).
    """

    def __init__(self) -> None:
        self.last_settlement_date: Any = None
        self.settled_quantity = 0.0
        self.settlement_price = 0.0

    def apply_funds(self, parameters: ApplyFundsSettlementModelParameters) -> None:
        """Credit realized profit minus the part already settled for the closed contracts."""
        fill = parameters.fill
        amount = parameters.cash_amount
        if fill is not None and self.settled_quantity != 0:
            security = parameters.security
            holding: Any = security.holdings
            closed = min(abs(fill.fill_quantity), abs(holding.quantity))
            closed_settled = min(closed, abs(self.settled_quantity))
            if closed_settled > 0:
                factor = closed_settled / abs(self.settled_quantity)
                settled_part = holding.settled_profit * factor
                holding.settled_profit -= settled_part
                self.settled_quantity -= closed_settled if self.settled_quantity > 0 else -closed_settled
                rate = security.quote_currency.conversion_rate or 1.0
                amount = CashAmount(amount.amount - settled_part / rate, amount.currency)
        parameters.portfolio.cash_book.get_or_add(amount.currency).add_amount(amount.amount)

    def scan(self, parameters: ScanSettlementModelParameters) -> None:
        """Settle the day's profit or loss on the first scan of a new exchange date.

        The very first scan only records the date (LEAN settles nothing for the day a run starts).
        """
        security = parameters.security
        today = security.local_time.date()
        last = self.last_settlement_date
        if last is not None and last >= today:
            return
        self.last_settlement_date = today
        if last is None:
            return
        holding: Any = security.holdings
        if holding.quantity == 0:
            return
        price = getattr(security.cache, "settlement_price", 0.0) or security.price
        if price == 0:
            return
        daily = holding.total_close_profit(include_fees=False, exit_price=price) - holding.settled_profit
        if daily == 0:
            return
        holding.settled_profit += daily
        self.settled_quantity = holding.quantity
        self.settlement_price = price
        rate = security.quote_currency.conversion_rate or 1.0
        currency = security.quote_currency.symbol
        parameters.portfolio.cash_book.get_or_add(currency).add_amount(daily / rate)


__all__ = [
    "ApplyFundsSettlementModelParameters",
    "DelayedSettlementModel",
    "FutureSettlementModel",
    "ImmediateSettlementModel",
    "ScanSettlementModelParameters",
    "SettlementModel",
]
