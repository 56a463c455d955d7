"""A security's position: quantity, average price, realized profit, fees and sale volume.

Money values are in the account currency, like LEAN's ``SecurityHolding``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from keel.model.enums import OrderType, SecurityType
from keel.model.orders import CashAmount, Order, OrderProperties

if TYPE_CHECKING:
    from keel.securities.security import Security


_LIQUIDATION_PROPERTIES = OrderProperties()
_FUTURE_KINDS = (SecurityType.FUTURE, SecurityType.FUTURE_OPTION)
_FEES: Any = None


def _fees() -> Any:
    """``keel.reality.fees``, imported on first use (reality sits above securities)."""
    global _FEES
    if _FEES is None:
        from keel.reality import fees

        _FEES = fees
    return _FEES


class SecurityHolding:
    """The position held in one security."""

    _fee_key: tuple[tuple[Any, ...], float] | None = None

    def __init__(self, security: Security) -> None:
        self._security = security
        self.quantity = 0.0
        self.average_price = 0.0
        self.price = 0.0
        self.profit = 0.0
        self.total_fees = 0.0
        self.total_sale_volume = 0.0
        self.last_trade_profit = 0.0
        self.total_dividends = 0.0

    # --- position -----------------------------------------------------------------------------
    @property
    def symbol(self) -> object:
        """The symbol of the security."""
        return self._security.symbol

    @property
    def absolute_quantity(self) -> float:
        """Unsigned quantity."""
        return abs(self.quantity)

    @property
    def is_long(self) -> bool:
        """True for a positive quantity."""
        return self.quantity > 0

    @property
    def is_short(self) -> bool:
        """True for a negative quantity."""
        return self.quantity < 0

    @property
    def invested(self) -> bool:
        """True for a non-zero quantity."""
        return self.quantity != 0

    def set_holdings(self, average_price: float, quantity: float) -> None:
        """Overwrite average price and quantity (portfolio model, brokerage sync, tests)."""
        self.average_price = float(average_price)
        self.quantity = float(quantity)

    def update_market_price(self, price: float) -> None:
        """The security's latest price (called by ``Security.set_market_price``)."""
        self.price = price

    # --- values -------------------------------------------------------------------------------
    def _value_factor(self) -> float:
        sec = self._security
        return sec.quote_currency.conversion_rate * sec.symbol_properties.contract_multiplier

    def get_quantity_value(self, quantity: float, price: float | None = None) -> float:
        """Value of ``quantity`` units at ``price`` (default: the market price), account currency."""
        p = self.price if price is None else price
        return p * quantity * self._value_factor()

    @property
    def holdings_cost(self) -> float:
        """Signed cost basis: ``average_price x quantity x multiplier x conversion``."""
        if self.quantity == 0:
            return 0.0
        return self.average_price * self.quantity * self._value_factor()

    @property
    def absolute_holdings_cost(self) -> float:
        """Unsigned cost basis."""
        return abs(self.holdings_cost)

    @property
    def holdings_value(self) -> float:
        """Signed market value (notional for futures): ``price x quantity x multiplier x conversion``."""
        if self.quantity == 0:
            return 0.0
        return self.price * self.quantity * self._value_factor()

    @property
    def absolute_holdings_value(self) -> float:
        """Unsigned market value."""
        return abs(self.holdings_value)

    @property
    def unrealized_profit(self) -> float:
        """Profit if closed now at bid (long) / ask (short), net of the estimated closing fee."""
        return self.total_close_profit()

    @property
    def unrealized_profit_percent(self) -> float:
        """Unrealized profit over the absolute cost basis."""
        cost = self.absolute_holdings_cost
        return 0.0 if cost == 0 else self.unrealized_profit / cost

    def total_close_profit(self, include_fees: bool = True, exit_price: float | None = None) -> float:
        """Profit of closing the whole position at ``exit_price`` (default: bid if long, ask if short)."""
        quantity = self.quantity
        if quantity == 0:
            return 0.0
        sec = self._security
        if exit_price is None:
            exit_price = sec.cache.bid_price if quantity > 0 else sec.cache.ask_price
            if exit_price == 0:
                exit_price = sec.cache.price
        profit = (exit_price - self.average_price) * quantity * self._value_factor()
        if include_fees:
            profit -= self.estimated_liquidation_fee()
        return profit

    def estimated_liquidation_fee(self) -> float:
        """Fee (account currency) of a market order closing the position, from the fee model."""
        sec = self._security
        quantity = self.quantity
        if quantity == 0:
            return 0.0
        model = sec.fee_model
        fees = _fees()
        symbol = sec.symbol
        quote = sec.quote_currency
        key = None
        if type(model) is fees.InteractiveBrokersFeeModel and symbol.security_type in _FUTURE_KINDS:
            # IB's futures fee depends on the contract root and the quantity only
            key = (model, symbol, quantity, quote.symbol, quote.conversion_rate)
            cached = self._fee_key
            if cached is not None and cached[0] == key:
                return cached[1]
        order = Order(0, symbol, -quantity, OrderType.MARKET, sec.utc_time, "", _LIQUIDATION_PROPERTIES)
        fee = model.get_order_fee(fees.OrderFeeParameters(sec, order)).value
        result = self._fee_in_account_currency(fee)
        if key is not None and fee.currency == quote.symbol:
            self._fee_key = (key, result)
        return result

    def _fee_in_account_currency(self, fee: CashAmount) -> float:
        sec = self._security
        if fee.amount == 0:
            return 0.0
        if fee.currency == sec.quote_currency.symbol:
            return fee.amount * sec.quote_currency.conversion_rate
        book = sec.cash_book
        return book.convert_to_account_currency(fee.amount, fee.currency) if book is not None else fee.amount

    @property
    def net_profit(self) -> float:
        """Realized profit minus fees."""
        return self.profit - self.total_fees

    @property
    def total_close_profit_value(self) -> float:
        """Same as ``total_close_profit()`` (property spelling)."""
        return self.total_close_profit()

    # --- bookkeeping (portfolio model) ---------------------------------------------------------
    def add_new_fee(self, fee: float) -> None:
        """Accumulate a fee (account currency)."""
        self.total_fees += fee

    def add_new_profit(self, profit: float) -> None:
        """Accumulate realized profit (account currency)."""
        self.profit += profit

    def add_new_sale(self, sale_value: float) -> None:
        """Accumulate traded value (account currency)."""
        self.total_sale_volume += sale_value

    def add_new_dividend(self, dividend: float) -> None:
        """Accumulate a dividend (account currency)."""
        self.total_dividends += dividend

    def set_last_trade_profit(self, profit: float) -> None:
        """Profit of the latest closing fill."""
        self.last_trade_profit = profit

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}({self._security.symbol}, qty={self.quantity:g}, avg={self.average_price:g})"

    # PascalCase aliases
    @property
    def Symbol(self) -> object:
        return self._security.symbol

    @property
    def Quantity(self) -> float:
        return self.quantity

    @property
    def AveragePrice(self) -> float:
        return self.average_price

    @property
    def AbsoluteQuantity(self) -> float:
        return self.absolute_quantity

    @property
    def IsLong(self) -> bool:
        return self.is_long

    @property
    def IsShort(self) -> bool:
        return self.is_short

    @property
    def Invested(self) -> bool:
        return self.invested

    @property
    def HoldingsCost(self) -> float:
        return self.holdings_cost

    @property
    def AbsoluteHoldingsCost(self) -> float:
        return self.absolute_holdings_cost

    @property
    def HoldingsValue(self) -> float:
        return self.holdings_value

    @property
    def AbsoluteHoldingsValue(self) -> float:
        return self.absolute_holdings_value

    @property
    def UnrealizedProfit(self) -> float:
        return self.unrealized_profit

    @property
    def UnrealizedProfitPercent(self) -> float:
        return self.unrealized_profit_percent

    @property
    def Profit(self) -> float:
        return self.profit

    @property
    def NetProfit(self) -> float:
        return self.net_profit

    @property
    def LastTradeProfit(self) -> float:
        return self.last_trade_profit

    @property
    def TotalFees(self) -> float:
        return self.total_fees

    @property
    def TotalSaleVolume(self) -> float:
        return self.total_sale_volume

    @property
    def Price(self) -> float:
        return self.price

    def TotalCloseProfit(self, include_fees: bool = True, exit_price: float | None = None) -> float:
        return self.total_close_profit(include_fees, exit_price)

    SetHoldings = set_holdings
    AddNewFee = add_new_fee
    AddNewProfit = add_new_profit
    AddNewSale = add_new_sale
    GetQuantityValue = get_quantity_value


class FutureHolding(SecurityHolding):
    """A futures position: tracks the profit already settled in cash by daily mark-to-market."""

    def __init__(self, security: Security) -> None:
        super().__init__(security)
        self.settled_profit = 0.0

    @property
    def unsettled_profit(self) -> float:
        """``total_close_profit() - settled_profit``: what the portfolio value adds for this future."""
        if self.quantity == 0:
            return 0.0
        return self.total_close_profit() - self.settled_profit

    @property
    def SettledProfit(self) -> float:
        return self.settled_profit

    @SettledProfit.setter
    def SettledProfit(self, value: float) -> None:
        self.settled_profit = value

    @property
    def UnsettledProfit(self) -> float:
        return self.unsettled_profit
