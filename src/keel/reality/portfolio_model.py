"""How a fill changes holdings, cash, realized profit and fees (LEAN's ``SecurityPortfolioModel``).

Futures and CFDs move no notional cash: only fees and realized profit (through the settlement
model, which subtracts what daily settlement already paid). Other assets pay or receive
``quantity x price x multiplier`` through their settlement model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from keel.model.enums import SecurityType
from keel.model.orders import CashAmount, OrderEvent
from keel.reality.dualcase import DualCase
from keel.reality.settlement import ApplyFundsSettlementModelParameters

if TYPE_CHECKING:
    from keel.securities.security import Security

_MARGIN_ONLY = frozenset({SecurityType.FUTURE, SecurityType.CFD, SecurityType.CRYPTO_FUTURE})


class SecurityPortfolioModel(DualCase):
    """Applies fills to the portfolio: open, add, reduce, close and reverse positions."""

    _dual_names = (("process_fill", "ProcessFill"),)

    def process_fill(self, portfolio: Any, security: Security, fill: OrderEvent) -> None:
        """Apply one fill (``fill.fill_quantity != 0``) to holdings, cash and statistics."""
        quantity = fill.fill_quantity
        if quantity == 0:
            return
        holding = security.holdings
        quote = security.quote_currency
        multiplier = security.symbol_properties.contract_multiplier
        price = fill.fill_price
        rate = quote.conversion_rate
        held = holding.quantity
        average = holding.average_price

        holding.add_new_sale(abs(quantity) * price * multiplier * rate)

        fee_in_account = 0.0
        fee = fill.order_fee.value
        if fee.amount:
            book = portfolio.cash_book
            fee_in_account = book.convert_to_account_currency(fee.amount, fee.currency)
            holding.add_new_fee(fee_in_account)
            book.get_or_add(fee.currency).add_amount(-fee.amount)

        kind = security.symbol.security_type
        utc_time = fill.utc_time
        if kind not in _MARGIN_ONLY:
            security.settlement_model.apply_funds(
                ApplyFundsSettlementModelParameters(
                    portfolio,
                    security,
                    utc_time,
                    CashAmount(-quantity * price * multiplier, quote.symbol),
                    fill,
                )
            )
            base = getattr(security, "base_currency", None)
            if base is not None and kind in (SecurityType.FOREX, SecurityType.CRYPTO):
                base.add_amount(quantity * multiplier)

        closing = (held > 0 > quantity) or (held < 0 < quantity)
        if closing:
            closed = min(abs(quantity), abs(held))
            signed_closed = closed if held > 0 else -closed
            profit_quote = (price - average) * signed_closed * multiplier
            if kind in _MARGIN_ONLY:
                security.settlement_model.apply_funds(
                    ApplyFundsSettlementModelParameters(
                        portfolio, security, utc_time, CashAmount(profit_quote, quote.symbol), fill
                    )
                )
            profit = profit_quote * rate
            holding.set_last_trade_profit(profit)
            holding.add_new_profit(profit)
            portfolio.add_transaction_record(utc_time, profit - 2.0 * fee_in_account)

        new_quantity = held + quantity
        if held == 0 or ((held > 0) != (new_quantity > 0) and new_quantity != 0 and closing):
            new_average = price if new_quantity != 0 else 0.0
        elif new_quantity == 0:
            new_average = 0.0
        elif not closing:
            new_average = (average * held + price * quantity) / new_quantity
        else:
            new_average = average
        holding.set_holdings(new_average, new_quantity)

    ProcessFill = process_fill


__all__ = ["SecurityPortfolioModel"]
