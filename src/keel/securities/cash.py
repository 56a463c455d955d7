"""Cash balances per currency and their conversion to the account currency (LEAN's ``CashBook``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from keel.model.orders import CashAmount

CURRENCY_SYMBOLS: dict[str, str] = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "CHF": "CHF",
    "CAD": "$",
    "AUD": "$",
    "HKD": "$",
    "BTC": "₿",
}


class Cash:
    """An amount of one currency and its rate to the account currency."""

    __slots__ = ("amount", "conversion_rate", "symbol")

    def __init__(self, symbol: str, amount: float, conversion_rate: float) -> None:
        self.symbol = symbol.upper()
        self.amount = float(amount)
        self.conversion_rate = float(conversion_rate)

    @property
    def currency_symbol(self) -> str:
        """The printed sign of the currency (``$`` for USD)."""
        return CURRENCY_SYMBOLS.get(self.symbol, self.symbol)

    @property
    def value_in_account_currency(self) -> float:
        """``amount x conversion_rate``."""
        return self.amount * self.conversion_rate

    def add_amount(self, amount: float) -> float:
        """Add (or subtract) an amount; return the new balance."""
        self.amount += amount
        return self.amount

    def set_amount(self, amount: float) -> None:
        """Overwrite the balance."""
        self.amount = float(amount)

    def update_conversion_rate(self, rate: float) -> None:
        """Set the rate to the account currency (the engine does this from a conversion security)."""
        self.conversion_rate = float(rate)

    def __repr__(self) -> str:
        return f"Cash({self.symbol}, {self.amount:.2f} @ {self.conversion_rate:g})"

    # PascalCase aliases
    @property
    def Symbol(self) -> str:
        return self.symbol

    @property
    def Amount(self) -> float:
        return self.amount

    @property
    def ConversionRate(self) -> float:
        return self.conversion_rate

    @ConversionRate.setter
    def ConversionRate(self, value: float) -> None:
        self.conversion_rate = float(value)

    @property
    def CurrencySymbol(self) -> str:
        return self.currency_symbol

    @property
    def ValueInAccountCurrency(self) -> float:
        return self.value_in_account_currency

    AddAmount = add_amount
    SetAmount = set_amount


class CashBook:
    """All currency balances of the account, keyed by currency code (dict-like).

    Looking up a missing currency raises ``KeyError`` naming the known ones; use
    :meth:`add` (or ``get_or_add``) to introduce a currency.
    """

    def __init__(self, account_currency: str = "USD") -> None:
        self.account_currency = account_currency.upper()
        self._cash: dict[str, Cash] = {self.account_currency: Cash(self.account_currency, 0.0, 1.0)}

    # --- dict-like ----------------------------------------------------------------------
    def __getitem__(self, currency: str) -> Cash:
        try:
            return self._cash[currency.upper()]
        except KeyError:
            raise KeyError(
                f"currency {currency!r} is not in the cash book; known: {', '.join(self._cash)}. "
                "Add it with cash_book.add(currency, amount, conversion_rate)."
            ) from None

    def __contains__(self, currency: object) -> bool:
        return isinstance(currency, str) and currency.upper() in self._cash

    def __iter__(self) -> Iterator[str]:
        return iter(self._cash)

    def __len__(self) -> int:
        return len(self._cash)

    def keys(self) -> list[str]:
        """Currency codes."""
        return list(self._cash)

    def values(self) -> list[Cash]:
        """Cash objects."""
        return list(self._cash.values())

    def items(self) -> list[tuple[str, Cash]]:
        """``(currency, Cash)`` pairs."""
        return list(self._cash.items())

    def get(self, currency: str, default: Cash | None = None) -> Cash | None:
        """The cash of ``currency`` or ``default``."""
        return self._cash.get(currency.upper(), default)

    def add(self, currency: str, amount: float, conversion_rate: float | None = None) -> Cash:
        """Add a currency (or overwrite its amount, keeping its rate unless one is given)."""
        code = currency.upper()
        cash = self._cash.get(code)
        if cash is None:
            rate = 1.0 if code == self.account_currency else (conversion_rate or 0.0)
            cash = Cash(code, amount, rate)
            self._cash[code] = cash
        else:
            cash.set_amount(amount)
            if conversion_rate is not None:
                cash.update_conversion_rate(conversion_rate)
        return cash

    def get_or_add(self, currency: str, conversion_rate: float = 0.0) -> Cash:
        """The cash of ``currency``, added with a zero balance if missing."""
        cash = self._cash.get(currency.upper())
        return cash if cash is not None else self.add(currency, 0.0, conversion_rate)

    # --- values -------------------------------------------------------------------------
    @property
    def total_value_in_account_currency(self) -> float:
        """Sum of every balance converted to the account currency."""
        total = 0.0
        for cash in self._cash.values():
            total += cash.amount * cash.conversion_rate
        return total

    def convert(self, amount: float, source: str, target: str) -> float:
        """Convert ``amount`` of ``source`` into ``target`` through the account currency."""
        src, dst = self[source], self[target]
        if src is dst:
            return amount
        if dst.conversion_rate == 0:
            raise ZeroDivisionError(f"conversion rate of {dst.symbol} is 0; it has no price data yet")
        return amount * src.conversion_rate / dst.conversion_rate

    def convert_to_account_currency(self, amount: float | CashAmount, currency: str | None = None) -> float:
        """Value of ``amount`` (a number in ``currency`` or a ``CashAmount``) in the account currency."""
        if isinstance(amount, CashAmount):
            currency, value = amount.currency, amount.amount
        else:
            value = float(amount)
        if currency is None or currency.upper() == self.account_currency:
            return value
        return value * self[currency].conversion_rate

    def __repr__(self) -> str:
        return f"CashBook({self.account_currency}, {list(self._cash.values())})"

    # PascalCase aliases
    @property
    def AccountCurrency(self) -> str:
        return self.account_currency

    @property
    def TotalValueInAccountCurrency(self) -> float:
        return self.total_value_in_account_currency

    Add = add
    Convert = convert

    def ConvertToAccountCurrency(self, amount: float | CashAmount, currency: str | None = None) -> float:
        return self.convert_to_account_currency(amount, currency)


@dataclass(frozen=True, slots=True)
class UnsettledCashAmount:
    """Cash that becomes available at ``settlement_time_utc`` (sale proceeds in a cash account)."""

    settlement_time_utc: datetime
    currency: str
    amount: float
